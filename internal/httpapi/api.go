// Package httpapi serves sangsaeng's versioned JSON API over the store.
package httpapi

import (
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// API is the HTTP handler of sangsaeng serve.
type API struct {
	db       *store.DB
	analysis *analysis.Service
	log      *slog.Logger
	mux      *http.ServeMux
	metrics  *metrics
	tiles    string
	cache    bodyCache
	outlines outlineMemo     // the map's simplified outlines, per data version
	patterns []string        // of the route table
	readOnly map[string]bool // the POST patterns that only read (route.reads)
	throttle *auth.Throttle
	authed   http.Handler // the mux behind the auth middleware
	quarters quarterCache // the quarter answer's parts, rendered
}

// Options configure what the API serves besides the data.
type Options struct {
	// Web, if not nil, serves the web app at "/".
	Web http.Handler
	// Tiles is the basemap tile URL the web app is told to use; "" for
	// none (the map draws on a plain background).
	Tiles string
}

// New returns the API over db, logging requests to log.
func New(db *store.DB, log *slog.Logger, opt Options) *API {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a := &API{db: db, analysis: analysis.New(db), log: log, mux: http.NewServeMux(), metrics: newMetrics(reg), tiles: opt.Tiles,
		throttle: auth.NewThrottle(func() time.Time { return db.Now() })}
	a.readOnly = map[string]bool{}
	a.routes(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	a.authed = a.authenticate(a.mux)
	if opt.Web != nil {
		a.mux.Handle("GET /", opt.Web)
		// Unknown API paths stay JSON 404s rather than reaching the web app.
		a.mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.URL.Path)
		})
	}
	return a
}

// A route is one line of the route table: a net/http pattern and its
// handler.
type route struct {
	pattern string
	handler http.Handler
	// reads marks a POST that only reads (a query too large for a URL):
	// the auth middleware neither audits nor CSRF-checks it.
	reads bool
}

// routeTable is the whole route table. A route added here needs its
// operation in openapi.json and an example request in examples_test.go:
// TestOpenAPI fails until the three agree.
func (a *API) routeTable(metrics http.Handler) []route {
	h := func(pattern string, f http.HandlerFunc) route { return route{pattern: pattern, handler: f} }
	return []route{
		h("GET /healthz", a.health),
		{pattern: "GET /metrics", handler: metrics},
		h("GET /api/v1/openapi.json", a.openapi),
		h("GET /api/v1/datasets", a.datasets),
		h("GET /api/v1/districts", a.districts),
		h("GET /api/v1/districts/{code}", a.district),
		h("GET /api/v1/districts/{code}/quarters/{quarter}", a.quarter),
		h("GET /api/v1/districts/{code}/indicators", a.indicators),
		h("GET /api/v1/districts/{code}/similar", a.similar),
		h("GET /api/v1/compare", a.compare),
		{pattern: "POST /api/v1/analysis/area", handler: http.HandlerFunc(a.area), reads: true},
		h("GET /api/v1/rankings", a.rankings),
		h("GET /api/v1/hotspots", a.hotspots),
		h("GET /api/v1/rollups/{level}", a.rollups),
		h("GET /api/v1/recommend", a.recommend),
		h("GET /api/v1/catalog", a.catalog),
		h("GET /api/v1/map", a.mapValues),
		h("GET /api/v1/geometry/districts", a.districtGeometry),
		h("GET /api/v1/geometry/gu", a.guGeometry),
		h("GET /api/v1/districts/{code}/history", a.history),
		h("GET /docs/indicators.md", a.indicatorDoc),
		h("POST /api/v1/auth/login", a.login),
		h("POST /api/v1/auth/logout", a.logout),
		h("GET /api/v1/auth/me", a.me),
		h("POST /api/v1/auth/tokens", a.createToken),
		h("DELETE /api/v1/auth/tokens/{id}", a.revokeToken),
		h("POST /api/v1/orgs", a.createOrg),
		h("GET /api/v1/orgs/{id}", a.org),
		h("POST /api/v1/users", a.createUser),
		h("POST /api/v1/ledger/accounts", a.createAccount),
		h("GET /api/v1/ledger/accounts/{id}", a.account),
		h("GET /api/v1/ledger/accounts/{id}/transfers", a.accountTransfers),
		h("POST /api/v1/ledger/transfers", a.createTransfers),
		h("GET /api/v1/ledger/transfers/{id}", a.transfer),
		h("GET /api/v1/ledger/check", a.ledgerCheck),
		h("GET /api/v1/audit", a.auditLog),
		h("PUT /api/v1/orgs/{id}/payee", a.setPayee),
		h("POST /api/v1/programs", a.createProgram),
		h("GET /api/v1/programs", a.programs),
		h("GET /api/v1/programs/{id}", a.program),
		h("GET /api/v1/programs/{id}/candidates", a.candidates),
		h("POST /api/v1/programs/{id}/fund", a.fundProgram),
		h("POST /api/v1/programs/{id}/merchants", a.addMerchants),
		h("POST /api/v1/programs/{id}/prepay", a.prepay),
		h("POST /api/v1/programs/{id}/redemptions", a.redeem),
		h("POST /api/v1/programs/{id}/close", a.closeBalances),
		h("POST /api/v1/programs/{id}/orders", a.placeOrder),
		h("GET /api/v1/programs/{id}/orders", a.orders),
		h("DELETE /api/v1/programs/{id}/orders/{order}", a.cancelOrder),
		h("POST /api/v1/programs/{id}/orders/{order}/pickup", a.pickUp),
		h("POST /api/v1/programs/{id}/donations", a.donate),
		h("POST /api/v1/programs/{id}/lunchboxes", a.orderLunchboxes),
		h("GET /api/v1/programs/{id}/merchants/{org}", a.merchantFigures),
		h("GET /api/v1/programs/{id}/merchants/{org}/sheet", a.sheet),
		h("POST /api/v1/programs/{id}/settlements", a.settle),
		h("GET /api/v1/programs/{id}/settlements", a.settlements),
		h("POST /api/v1/programs/{id}/settlements/{s}/confirm", a.confirmSettlement),
		h("GET /api/v1/programs/{id}/settlements/{s}/payment-file", a.paymentFile),
		h("GET /api/v1/programs/{id}/report", a.programReport),
		h("POST /api/v1/contests", a.createContest),
		h("GET /api/v1/contests", a.contests),
		h("GET /api/v1/contests/{id}", a.contestDetail),
		h("POST /api/v1/contests/{id}/entries", a.createEntry),
		h("POST /api/v1/contests/{id}/jury", a.assignJury),
		h("POST /api/v1/contests/{id}/conflicts", a.declareConflict),
		h("GET /api/v1/contests/{id}/assigned", a.assigned),
		h("PUT /api/v1/contests/{id}/entries/{entry}/scores", a.putScores),
		h("GET /api/v1/contests/{id}/entries/{entry}/attachments/{n}", a.attachment),
		h("GET /api/v1/contests/{id}/results", a.contestResults),
		h("POST /api/v1/contests/{id}/publish", a.publishContest),
		h("POST /api/v1/contests/{id}/distribution", a.distribute),
		h("POST /api/v1/early-payments", a.createEarlyPayment),
		h("GET /api/v1/early-payments", a.earlyPayments),
		h("GET /api/v1/early-payments/{id}", a.earlyPayment),
		h("POST /api/v1/early-payments/{id}/invoices", a.importInvoices),
		h("POST /api/v1/early-payments/{id}/run", a.runEarlyPayment),
		h("GET /api/v1/early-payments/{id}/report", a.earlyPaymentReport),
		h("GET /api/v1/early-payments/{id}/payment-file", a.earlyPaymentFile),
		h("GET /api/v1/programs/{id}/effect", a.programEffect),
	}
}

// routes registers the route table, remembering its patterns.
func (a *API) routes(metrics http.Handler) {
	for _, r := range a.routeTable(metrics) {
		a.mux.Handle(r.pattern, r.handler)
		a.patterns = append(a.patterns, r.pattern)
		if r.reads {
			a.readOnly[r.pattern] = true
		}
	}
}

// Routes returns the patterns of the route table ("GET /api/v1/districts"),
// in its order; the web app's "/" is not among them.
func (a *API) Routes() []string { return slices.Clone(a.patterns) }

// ServeHTTP names every request (the client's X-Request-Id if
// well-formed, else a new id: one id in the answer's header, the logs, the
// audit log and a 500's message), logs and measures it, answers the router's own 404
// and 405 in the API's JSON error form, refuses query parameters that are
// not UTF-8, and turns a handler's panic into a JSON 500.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	id := r.Header.Get("X-Request-Id")
	if !requestIDPattern.MatchString(id) {
		id = newRequestID()
	}
	w.Header().Set("X-Request-Id", id)
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h, pattern := a.mux.Handler(r)
	if pattern == "" {
		h = http.HandlerFunc(a.noRoute(h))
		pattern = "unmatched"
	} else {
		h = a.authed // ServeMux.Handler does not set r's path values; ServeMux.ServeHTTP does
	}
	if msg := badQuery(r); msg != "" {
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { badParameter(w, msg) })
	}
	defer func() {
		if p := recover(); p != nil {
			a.recovered(sw, r, id, pattern, p)
		}
		elapsed := time.Since(start)
		a.metrics.observe(pattern, sw.status, elapsed)
		a.log.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "duration_ms", float64(elapsed.Microseconds())/1000, "remote", r.RemoteAddr)
	}()
	gzipped(h).ServeHTTP(sw, r)
}

// noRoute turns the mux's plain-text 404/405 into JSON errors.
func (a *API) noRoute(h http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		probe := &headerProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed on "+r.URL.Path)
			return
		}
		writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.URL.Path)
	}
}

// health answers that the database answers, with its engine and the
// version of its schema (the newest migration applied).
func (a *API) health(w http.ResponseWriter, r *http.Request) {
	v, err := a.db.SchemaVersion(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Status        string `json:"status"`
		Engine        string `json:"engine"`
		SchemaVersion int    `json:"schema_version"`
	}{"ok", a.db.Engine(), v})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (s *statusWriter) WriteHeader(code int) {
	if !s.wrote {
		s.status, s.wrote = code, true
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	s.wrote = true
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// headerProbe captures what the mux's fallback handler would answer.
type headerProbe struct {
	header http.Header
	status int
}

func (p *headerProbe) Header() http.Header { return p.header }
func (p *headerProbe) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}
func (p *headerProbe) WriteHeader(code int) { p.status = code }
