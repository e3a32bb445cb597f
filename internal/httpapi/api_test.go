package httpapi_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// The tests share two databases per engine, each built once per package
// run: an empty one, and one with the compact real fixture loaded. The
// DuckDB files live in tmpRoot; the PostgreSQL databases (when
// SANGSAENG_TEST_PG is set) are dropped by TestMain.
var (
	tmpRoot string

	shared   = map[string]*sharedDB{} // by engine and "empty" or "fixture"
	sharedMu sync.Mutex
)

// sharedDB is a database built once and shared by the tests.
type sharedDB struct {
	once sync.Once
	db   *store.DB
	drop func() error // PostgreSQL only
	err  error
}

// ingestedAt is the clock the fixture's releases are stamped with.
var ingestedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// fixtureFiles are the fixture files loaded, in load order (영역-상권 first:
// the other files' codes are checked against it), with their dataset.
var fixtureFiles = []struct{ dataset, path string }{
	{"areas", "area_trdar_all.csv"},
	{"area_polygons", "area_trdar_shp/area_trdar.shp"},
	{"sales", "sales_trdar_convenience.csv"},
	{"foot_traffic", "foottraffic_trdar.csv"},
	{"stores", "stores_trdar_chicken.csv"},
	{"change_index", "change_index_trdar.csv"},
	{"workers", "workers_trdar.csv"},
	{"income", "income_trdar.csv"},
	{"facilities", "facilities_trdar.csv"},
	{"apartments", "apartments_trdar.csv"},
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sangsaeng-httpapi-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpRoot = dir
	code := m.Run()
	for _, sh := range shared {
		if sh.db != nil {
			sh.db.Close()
		}
		if sh.drop != nil {
			if err := sh.drop(); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// sharedStore returns the shared database of an engine named kind ("empty"
// or "fixture"), built by build on first use.
func sharedStore(t testing.TB, engine, kind string, build func(db *store.DB) error) *store.DB {
	t.Helper()
	if engine == "postgres" && !storetest.Available() {
		t.Skip(storetest.EnvPG + " is not set: no PostgreSQL server to test on")
	}
	sharedMu.Lock()
	sh := shared[engine+"/"+kind]
	if sh == nil {
		sh = &sharedDB{}
		shared[engine+"/"+kind] = sh
	}
	sharedMu.Unlock()
	sh.once.Do(func() {
		src := filepath.Join(tmpRoot, kind+".duckdb")
		if engine == "postgres" {
			if src, sh.drop, sh.err = storetest.NewPostgres(context.Background()); sh.err != nil {
				return
			}
		}
		if sh.db, sh.err = store.Open(context.Background(), src); sh.err != nil {
			return
		}
		sh.err = build(sh.db)
	})
	if sh.err != nil {
		t.Fatalf("%s %s store: %v", engine, kind, sh.err)
	}
	return sh.db
}

// fixtureDir returns the compact real fixture folder, or skips the test
// when SANGSAENG_SEOUL_DATA is not set.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := seoultest.Dir(t, "test the API over the real fixture")
	return filepath.Join(dir, "fixture")
}

// emptyStoreOn returns a real database of the engine named with no data
// loaded.
func emptyStoreOn(t *testing.T, engine string) *store.DB {
	t.Helper()
	return sharedStore(t, engine, "empty", func(*store.DB) error { return nil })
}

// loadedStoreOn returns a real database of the engine named with every file
// of fixtureFiles ingested, stamped with ingestedAt; it skips without the
// fixture.
func loadedStoreOn(t *testing.T, engine string) *store.DB {
	t.Helper()
	dir := fixtureDir(t)
	return sharedStore(t, engine, "fixture", func(db *store.DB) error {
		ctx := context.Background()
		db.Now = func() time.Time { return ingestedAt }
		in := ingest.Ingester{DB: db}
		for _, f := range fixtureFiles {
			out, err := in.File(ctx, filepath.Join(dir, f.path))
			if err != nil {
				return fmt.Errorf("ingest %s: %w", f.path, err)
			}
			if got := string(out.Release.Dataset); got != f.dataset {
				return fmt.Errorf("ingest %s: loaded as %s, want %s", f.path, got, f.dataset)
			}
		}
		return nil
	})
}

func newAPI(db *store.DB) *httpapi.API {
	return httpapi.New(db, slog.New(slog.DiscardHandler), httpapi.Options{})
}

// emptyAPI and loadedAPI are the API over the shared databases of an
// engine.
func emptyAPI(t *testing.T, engine string) http.Handler {
	t.Helper()
	return newAPI(emptyStoreOn(t, engine))
}

func loadedAPI(t *testing.T, engine string) http.Handler {
	t.Helper()
	return newAPI(loadedStoreOn(t, engine))
}

// eachEngine runs f as one subtest per engine, named for it: DuckDB, and
// PostgreSQL when SANGSAENG_TEST_PG is set (the shared stores skip
// without it).
func eachEngine(t *testing.T, f func(t *testing.T, engine string)) {
	t.Helper()
	for _, e := range storetest.Engines {
		t.Run(e, func(t *testing.T) { f(t, e) })
	}
}

// eachStore runs f as a subtest over the empty database and, when the
// fixture is available, over the loaded one; on DuckDB, and on PostgreSQL
// when SANGSAENG_TEST_PG is set.
func eachStore(t *testing.T, f func(t *testing.T, h http.Handler)) {
	t.Helper()
	t.Run("empty", func(t *testing.T) { f(t, emptyAPI(t, "duckdb")) })
	t.Run("fixture", func(t *testing.T) { f(t, loadedAPI(t, "duckdb")) })
	t.Run("empty-postgres", func(t *testing.T) { f(t, emptyAPI(t, "postgres")) })
	t.Run("fixture-postgres", func(t *testing.T) { f(t, loadedAPI(t, "postgres")) })
}

// serve sends one request through h.
func serve(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	if rec.Code >= 500 {
		t.Errorf("%s %s: status %d, want no server error; body %s", method, target, rec.Code, rec.Body)
	}
	return rec
}

// getJSON GETs target, wants status 200 with a JSON body and decodes it
// into v, numbers as json.Number.
func getJSON(t *testing.T, h http.Handler, target string, v any) {
	t.Helper()
	rec := serve(t, h, http.MethodGet, target)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200; body %s", target, rec.Code, rec.Body)
	}
	wantJSONType(t, rec)
	dec := json.NewDecoder(rec.Body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", target, err)
	}
}

func wantJSONType(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	if err != nil || mt != "application/json" || !strings.EqualFold(params["charset"], "utf-8") {
		t.Errorf("Content-Type = %q, want application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	}
}

// wantError checks that rec is the API's error form with the given status
// and code: exactly {"error":{"code":"...","message":"..."}}.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	wantJSONType(t, rec)
	var body map[string]map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error body %s: %v", rec.Body, err)
	}
	e, ok := body["error"]
	if !ok || len(body) != 1 {
		t.Fatalf("error body %s: want exactly one member, \"error\"", rec.Body)
	}
	if len(e) != 2 {
		t.Errorf("error body %s: want exactly code and message", rec.Body)
	}
	if got, _ := e["code"].(string); got != code {
		t.Errorf("error code = %v, want %q", e["code"], code)
	}
	if msg, _ := e["message"].(string); msg == "" {
		t.Errorf("error message = %v, want a non-empty string", e["message"])
	}
}

// errorCase is one request the API must refuse.
type errorCase struct {
	name   string
	method string
	target string
	status int
	code   string
	allow  string // the Allow header a 405 must carry
}

func runErrorCases(t *testing.T, h http.Handler, cases []errorCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			rec := serve(t, h, method, tc.target)
			wantError(t, rec, tc.status, tc.code)
			if got := rec.Header().Get("Allow"); got != tc.allow {
				t.Errorf("Allow = %q, want %q", got, tc.allow)
			}
		})
	}
}

func TestHealth(t *testing.T) {
	eachStore(t, func(t *testing.T, h http.Handler) {
		var got map[string]any
		getJSON(t, h, "/healthz", &got)
		v, ok := got["schema_version"].(json.Number)
		if n, err := v.Int64(); len(got) != 3 || got["status"] != "ok" || (got["engine"] != "duckdb" && got["engine"] != "postgres") || !ok || err != nil || n < 2 {
			t.Errorf("GET /healthz = %v, want {\"status\":\"ok\",\"engine\":E,\"schema_version\":N≥2}", got)
		}
	})
}

func TestRouterErrors(t *testing.T) {
	eachStore(t, func(t *testing.T, h http.Handler) {
		runErrorCases(t, h, []errorCase{
			{name: "unknown path", target: "/nope", status: 404, code: "not_found"},
			{name: "root", target: "/", status: 404, code: "not_found"},
			{name: "api root", target: "/api/v1", status: 404, code: "not_found"},
			{name: "other version", target: "/api/v2/datasets", status: 404, code: "not_found"},
			{name: "trailing slash", target: "/api/v1/districts/", status: 404, code: "not_found"},
			{name: "quarters without quarter", target: "/api/v1/districts/3001491/quarters", status: 404, code: "not_found"},
			{name: "below a quarter", target: "/api/v1/districts/3001491/quarters/20251/sales", status: 404, code: "not_found"},
			{name: "POST datasets", method: "POST", target: "/api/v1/datasets", status: 405, code: "method_not_allowed", allow: "GET, HEAD"},
			{name: "POST districts", method: "POST", target: "/api/v1/districts", status: 405, code: "method_not_allowed", allow: "GET, HEAD"},
			{name: "DELETE district", method: "DELETE", target: "/api/v1/districts/3001491", status: 405, code: "method_not_allowed", allow: "GET, HEAD"},
			{name: "PUT quarter", method: "PUT", target: "/api/v1/districts/3001491/quarters/20251", status: 405, code: "method_not_allowed", allow: "GET, HEAD"},
			{name: "POST healthz", method: "POST", target: "/healthz", status: 405, code: "method_not_allowed", allow: "GET, HEAD"},
		})
	})
}

// TestNoServerErrors sends odd but well-formed requests: each is answered
// without a 5xx, and every refusal is in the JSON error form.
func TestNoServerErrors(t *testing.T) {
	targets := []string{
		"/api/v1/datasets?x=1",
		"/api/v1/districts?type=",
		"/api/v1/districts?gu=%00",
		"/api/v1/districts?q=%27%3B%20DROP%20TABLE%20areas%3B--",
		"/api/v1/districts?q=%25",
		"/api/v1/districts?type=A&type=Z",
		"/api/v1/districts/%33001491",
		"/api/v1/districts/3001491%20",
		"/api/v1/districts/+3001491",
		"/api/v1/districts/30014910",
		"/api/v1/districts/3001491/quarters/29994",
		"/api/v1/districts/3001491/quarters/%32%30%32%35%31",
		"/api/v1/districts/3001491/quarters/２０２５１",
		"/api/v1/districts/３００１４９１",
		"/metrics?name[]=x",
	}
	eachStore(t, func(t *testing.T, h http.Handler) {
		for _, target := range targets {
			t.Run(target, func(t *testing.T) {
				rec := serve(t, h, http.MethodGet, target)
				if rec.Code >= 400 && !strings.HasPrefix(target, "/metrics") {
					var body struct {
						Error struct{ Code, Message string }
					}
					if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Error.Code == "" || body.Error.Message == "" {
						t.Errorf("status %d with body %s, want the JSON error form", rec.Code, rec.Body)
					}
				}
			})
		}
	})
}

// TestMetrics checks that a fresh API counts its requests by route pattern
// and status, and exposes them in the Prometheus text format.
func TestMetrics(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := emptyAPI(t, engine)
		for range 3 {
			serve(t, h, http.MethodGet, "/healthz")
		}
		serve(t, h, http.MethodGet, "/api/v1/districts/abc")
		serve(t, h, http.MethodGet, "/nope")
		serve(t, h, http.MethodPost, "/api/v1/datasets")

		rec := serve(t, h, http.MethodGet, "/metrics")
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /metrics: status %d", rec.Code)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
			t.Errorf("GET /metrics: Content-Type %q, want the Prometheus text format", ct)
		}
		body := rec.Body.String()
		for _, want := range []string{
			`sangsaeng_http_requests_total{code="200",route="GET /healthz"} 3`,
			`sangsaeng_http_requests_total{code="400",route="GET /api/v1/districts/{code}"} 1`,
			`sangsaeng_http_requests_total{code="404",route="unmatched"} 1`,
			`sangsaeng_http_requests_total{code="405",route="unmatched"} 1`,
			`sangsaeng_http_request_duration_seconds_count{route="GET /healthz"} 3`,
			"# TYPE sangsaeng_http_requests_total counter",
			"go_goroutines ",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("GET /metrics does not contain %q", want)
			}
		}
		// A second API has its own registry: counts do not leak between them.
		other := serve(t, emptyAPI(t, engine), http.MethodGet, "/metrics").Body.String()
		if regexp.MustCompile(`sangsaeng_http_requests_total\{[^}]*route="GET /healthz"\}`).MatchString(other) {
			t.Errorf("a fresh API reports requests it never served")
		}
	})
}

// table is a fixture CSV parsed independently of the readers under test.
type table struct {
	header []string
	rows   []sourceRow
}

// sourceRow is one data row: its line in the file and its cells by header.
type sourceRow struct {
	line  int
	cells map[string]string
}

var (
	tablesMu sync.Mutex
	tables   = map[string]*table{}
)

// readTable parses the fixture CSV name (UTF-8 without BOM), once per run.
func readTable(t *testing.T, name string) *table {
	t.Helper()
	path := filepath.Join(fixtureDir(t), name)
	tablesMu.Lock()
	defer tablesMu.Unlock()
	if tb, ok := tables[path]; ok {
		return tb
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: header: %v", name, err)
	}
	tb := &table{header: slices.Clone(header)}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		cells := make(map[string]string, len(rec))
		for i, c := range rec {
			cells[tb.header[i]] = c
		}
		tb.rows = append(tb.rows, sourceRow{line: line, cells: cells})
	}
	tables[path] = tb
	return tb
}

// where returns the rows whose cells equal want for every header given.
func (tb *table) where(want map[string]string) []sourceRow {
	var out []sourceRow
next:
	for _, r := range tb.rows {
		for h, v := range want {
			if r.cells[h] != v {
				continue next
			}
		}
		out = append(out, r)
	}
	return out
}
