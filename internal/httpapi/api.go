// Package httpapi serves sangsaeng's versioned JSON API over the store.
package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
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
	a := &API{db: db, analysis: analysis.New(db), log: log, mux: http.NewServeMux(), metrics: newMetrics(reg), tiles: opt.Tiles}
	a.routes(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	if opt.Web != nil {
		a.mux.Handle("GET /", opt.Web)
		// Unknown API paths stay JSON 404s rather than reaching the web app.
		a.mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
			writeError(w, http.StatusNotFound, "not_found", "no such endpoint: "+r.URL.Path)
		})
	}
	return a
}

// routes is the whole route table.
func (a *API) routes(metrics http.Handler) {
	a.mux.HandleFunc("GET /healthz", a.health)
	a.mux.Handle("GET /metrics", metrics)
	a.mux.HandleFunc("GET /api/v1/datasets", a.datasets)
	a.mux.HandleFunc("GET /api/v1/districts", a.districts)
	a.mux.HandleFunc("GET /api/v1/districts/{code}", a.district)
	a.mux.HandleFunc("GET /api/v1/districts/{code}/quarters/{quarter}", a.quarter)
	a.mux.HandleFunc("GET /api/v1/districts/{code}/indicators", a.indicators)
	a.mux.HandleFunc("GET /api/v1/districts/{code}/similar", a.similar)
	a.mux.HandleFunc("GET /api/v1/compare", a.compare)
	a.mux.HandleFunc("POST /api/v1/analysis/area", a.area)
	a.mux.HandleFunc("GET /api/v1/rankings", a.rankings)
	a.mux.HandleFunc("GET /api/v1/hotspots", a.hotspots)
	a.mux.HandleFunc("GET /api/v1/rollups/{level}", a.rollups)
	a.mux.HandleFunc("GET /api/v1/recommend", a.recommend)
	a.mux.HandleFunc("GET /api/v1/catalog", a.catalog)
	a.mux.HandleFunc("GET /api/v1/map", a.mapValues)
	a.mux.HandleFunc("GET /api/v1/geometry/districts", a.districtGeometry)
	a.mux.HandleFunc("GET /api/v1/geometry/gu", a.guGeometry)
	a.mux.HandleFunc("GET /api/v1/districts/{code}/history", a.history)
	a.mux.HandleFunc("GET /docs/indicators.md", a.indicatorDoc)
}

// ServeHTTP logs and measures every request, and answers the router's own
// 404 and 405 in the API's JSON error form.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	h, pattern := a.mux.Handler(r)
	if pattern == "" {
		h = http.HandlerFunc(a.noRoute(h))
		pattern = "unmatched"
	} else {
		h = a.mux // ServeMux.Handler does not set r's path values; ServeMux.ServeHTTP does
	}
	gzipped(h).ServeHTTP(sw, r)
	elapsed := time.Since(start)
	a.metrics.observe(pattern, sw.status, elapsed)
	a.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
		"bytes", sw.bytes, "duration_ms", float64(elapsed.Microseconds())/1000, "remote", r.RemoteAddr)
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

func (a *API) health(w http.ResponseWriter, r *http.Request) {
	if err := a.db.Ping(r.Context()); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
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
