package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

// TestPanicRecovery checks that a handler's panic is answered with a JSON
// 500 naming the request id, logged once with its route, and counted;
// and that a panic after the answer began cuts it short without a second
// status.
func TestPanicRecovery(t *testing.T) {
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "p.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var logs bytes.Buffer
	a := New(db, slog.New(slog.NewJSONHandler(&logs, nil)), Options{})
	a.mux.HandleFunc("GET /boom", func(w http.ResponseWriter, r *http.Request) {
		var m map[string]int
		m["x"] = 1 // a nil map: panics
	})
	a.mux.HandleFunc("GET /late", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusOK)
		w.Write([]byte("{"))
		panic("late")
	})

	for _, gz := range []bool{false, true} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/boom", nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		a.ServeHTTP(rec, req)
		if rec.Code != http.StatusInternalServerError {
			t.Fatalf("GET /boom (gzip %v): status %d, want 500", gz, rec.Code)
		}
		if ce := rec.Header().Get("Content-Encoding"); ce != "" {
			t.Errorf("GET /boom (gzip %v): Content-Encoding %q, want none", gz, ce)
		}
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			t.Fatalf("GET /boom (gzip %v): body %q: %v", gz, rec.Body, err)
		}
		id := rec.Header().Get("X-Request-Id")
		if body.Error.Code != "internal" || id == "" || !strings.Contains(body.Error.Message, id) {
			t.Errorf("GET /boom (gzip %v): error %+v, X-Request-Id %q; want code internal and a message naming the request id", gz, body.Error, id)
		}
		if !strings.Contains(logs.String(), `"request_id":"`+id+`"`) {
			t.Errorf("the log does not name request %s", id)
		}
	}
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/late", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "{" {
		t.Errorf("GET /late: status %d body %q, want the 200 begun and cut short", rec.Code, rec.Body)
	}

	if n := strings.Count(logs.String(), `"msg":"panic"`); n != 3 {
		t.Errorf("%d panics logged, want 3 (each once):\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `"route":"GET /boom"`) {
		t.Errorf("the panic log does not name the route")
	}
	rec = httptest.NewRecorder()
	a.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{
		`sangsaeng_http_requests_total{code="500",route="GET /boom"} 2`,
		`sangsaeng_http_requests_total{code="500",route="GET /late"} 1`,
		`sangsaeng_http_panics_total{route="GET /boom"} 2`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}
