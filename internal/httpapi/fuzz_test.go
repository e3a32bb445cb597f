package httpapi_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzAPI sends random methods, paths, queries and bodies to the API over
// the demo city, each parsed from raw HTTP/1.1 as the server parses it (a
// request the server itself would refuse is skipped), and wants of every
// answer: no panic, no 5xx, and at 400 and above the JSON error form.
func FuzzAPI(f *testing.F) {
	for _, ex := range examples {
		path, query, _ := strings.Cut(ex.target, "?")
		f.Add(ex.method, path, query, []byte(ex.body))
	}
	for _, s := range []struct{ method, path, query, body string }{
		{"POST", "/api/v1/analysis/area", "", `{"polygon":{"type":"Feature","geometry":null}}`},
		{"POST", "/api/v1/analysis/area", "", `{"polygon":{"type":"MultiPolygon","coordinates":[[[[126.97,37.56],[126.99,37.58],[126.99,37.56],[126.97,37.58],[126.97,37.56]]]]}}`},
		{"GET", "/api/v1/districts", "q=%FF&gu=%FF", ""},
		{"GET", "/api/v1/districts/3190001/../3190002", "", ""},
		{"OPTIONS", "/api/v1/datasets", "", ""},
		{"HEAD", "/api/v1/districts/3190001", "", ""},
	} {
		f.Add(s.method, s.path, s.query, []byte(s.body))
	}
	h := demoAPI(f, "duckdb")
	f.Fuzz(func(t *testing.T, method, path, query string, body []byte) {
		target := path
		if query != "" {
			target += "?" + query
		}
		raw := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: sangsaeng\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", method, target, len(body))
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw + string(body))))
		if err != nil || !validMethod(method) {
			return // net/http answers this one itself
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		wantAnswer(t, req, rec)
	})
}

// validMethod reports whether m is an HTTP token, as net/http's server
// wants of a method.
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`()<>@,;:\"/[]?={}`, c) {
			return false
		}
	}
	return true
}

// wantAnswer fails unless rec is below 500 and, from 400 up (but to HEAD),
// exactly the API's JSON error form.
func wantAnswer(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	what := req.Method + " " + req.URL.RequestURI()
	if rec.Code >= 500 {
		t.Fatalf("%s: status %d: %s", what, rec.Code, rec.Body)
	}
	if rec.Code < 400 || req.Method == http.MethodHead {
		return
	}
	if mt, _, _ := mime.ParseMediaType(rec.Header().Get("Content-Type")); mt != "application/json" {
		t.Fatalf("%s: status %d with Content-Type %q, want JSON", what, rec.Code, rec.Header().Get("Content-Type"))
	}
	var e struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("%s: status %d with body %q, want {\"error\":{\"code\",\"message\"}} (%v)", what, rec.Code, rec.Body, err)
	}
}
