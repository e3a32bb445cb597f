package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
)

// openAPIDoc is the document as the API serves it.
type openAPIDoc struct {
	OpenAPI string                                 `json:"openapi"`
	Paths   map[string]map[string]openAPIOperation `json:"paths"`
}

type openAPIOperation struct {
	Responses map[string]struct {
		Ref     string                     `json:"$ref"`
		Content map[string]json.RawMessage `json:"content"`
	} `json:"responses"`
}

// pointer escapes s as a JSON Pointer token (RFC 6901).
func pointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// TestOpenAPI checks the OpenAPI document against the route table and the
// answers: every route of the table is in the document and every path of
// the document in the table; every route has an example answered with
// success; and every example's answer, errors included, validates against
// the schema the document gives for its status and media type (JSON
// Schema 2020-12), as does the body of every request it accepts.
func TestOpenAPI(t *testing.T) {
	h := demoAPI(t)
	api := h.(*httpapi.API)

	raw := serve(t, h, http.MethodGet, "/api/v1/openapi.json")
	if raw.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: status %d", raw.Code)
	}
	wantJSONType(t, raw)
	var doc openAPIDoc
	if err := json.Unmarshal(raw.Body.Bytes(), &doc); err != nil {
		t.Fatalf("the document is not JSON: %v", err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	onDisk, err := os.ReadFile("openapi.json")
	if err != nil || !bytes.Equal(onDisk, raw.Body.Bytes()) {
		t.Errorf("the served document is not openapi.json (%v)", err)
	}

	// The route table and the document name the same operations.
	routes := api.Routes()
	documented := map[string]bool{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			pattern := strings.ToUpper(method) + " " + path
			documented[pattern] = true
			if !slices.Contains(routes, pattern) {
				t.Errorf("the document has %s, which is not in the route table", pattern)
			}
			if _, ok := op.Responses["500"]; !ok {
				t.Errorf("%s: the document gives no 500 answer", pattern)
			}
		}
	}
	for _, r := range routes {
		if !documented[r] {
			t.Errorf("route %s is not in openapi.json: add its operation (paths.%q.%s)", r, strings.SplitN(r, " ", 2)[1], strings.ToLower(strings.SplitN(r, " ", 2)[0]))
		}
		ok := false
		for _, ex := range examples {
			ok = ok || ex.route == r && ex.status < 300
		}
		if !ok {
			t.Errorf("route %s has no example answered with success in examples_test.go", r)
		}
	}

	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	loaded, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://sangsaeng.invalid/openapi.json"
	if err := c.AddResource(base, loaded); err != nil {
		t.Fatal(err)
	}
	schema := func(loc string) *jsonschema.Schema {
		t.Helper()
		s, err := c.Compile(base + "#" + loc)
		if err != nil {
			t.Fatalf("compile %s: %v", loc, err)
		}
		return s
	}
	errorSchema := schema("/components/schemas/Error")

	for _, ex := range examples {
		t.Run(fmt.Sprintf("%s %s %d", ex.method, ex.target, ex.status), func(t *testing.T) {
			req := httptest.NewRequest(ex.method, ex.target, strings.NewReader(ex.body))
			req.Header.Set("Accept-Encoding", "gzip") // as browsers send it
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != ex.status {
				t.Fatalf("status %d, want %d; body %.300s", rec.Code, ex.status, rec.Body)
			}
			if rec.Header().Get("X-Request-Id") == "" {
				t.Errorf("no X-Request-Id header")
			}
			// A body the API accepts is one the document describes.
			if ex.body != "" && ex.status < 300 {
				method, path, _ := strings.Cut(ex.route, " ")
				rs := schema("/paths/" + pointer(path) + "/" + strings.ToLower(method) + "/requestBody/content/application~1json/schema")
				v, err := jsonschema.UnmarshalJSON(strings.NewReader(ex.body))
				if err != nil {
					t.Fatal(err)
				}
				if err := rs.Validate(v); err != nil {
					t.Errorf("the request body does not match the document: %v", err)
				}
			}
			body := rec.Body.Bytes()
			if rec.Header().Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				if body, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			mt, _, err := mime.ParseMediaType(rec.Header().Get("Content-Type"))
			if err != nil {
				t.Fatalf("Content-Type %q: %v", rec.Header().Get("Content-Type"), err)
			}

			var s *jsonschema.Schema
			if ex.route == "unmatched" {
				s = errorSchema
			} else {
				method, path, _ := strings.Cut(ex.route, " ")
				op, ok := doc.Paths[path][strings.ToLower(method)]
				if !ok {
					t.Fatalf("no operation for %s in the document", ex.route)
				}
				resp, ok := op.Responses[strconv.Itoa(rec.Code)]
				if !ok {
					t.Fatalf("the document gives no %d answer for %s", rec.Code, ex.route)
				}
				loc := "/paths/" + pointer(path) + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(rec.Code)
				content := resp.Content
				if resp.Ref != "" {
					name := strings.TrimPrefix(resp.Ref, "#/components/responses/")
					loc = "/components/responses/" + name
					var all struct {
						Components struct {
							Responses map[string]struct {
								Content map[string]json.RawMessage `json:"content"`
							} `json:"responses"`
						} `json:"components"`
					}
					json.Unmarshal(raw.Body.Bytes(), &all)
					content = all.Components.Responses[name].Content
				}
				if _, ok := content[mt]; !ok {
					t.Fatalf("answered %s; the document gives %v for %d", mt, keys(content), rec.Code)
				}
				s = schema(loc + "/content/" + pointer(mt) + "/schema")
			}
			var v any = string(body)
			if mt == "application/json" || strings.HasSuffix(mt, "+json") {
				if v, err = jsonschema.UnmarshalJSON(bytes.NewReader(body)); err != nil {
					t.Fatalf("body is not JSON: %v", err)
				}
			}
			if err := s.Validate(v); err != nil {
				t.Errorf("the answer does not match the document: %v\nbody %.500s", err, body)
			}
		})
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
