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
// Schema 2020-12) and carries the headers the document requires of it, as
// the body of every request it accepts validates too. The examples that
// name a principal run in order over a world of their own (newWorld),
// signed in as it says.
func TestOpenAPI(t *testing.T) {
	h := demoAPI(t, "duckdb") // the engines answer alike: TestEnginesAnswerTheSameJSON
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
	headers := responseHeaders(t, raw.Body.Bytes())

	w := newWorld(t)
	seedKits(t, w)
	seedEffect(t, w)
	tokenID := "" // of the last token made
	for _, ex := range examples {
		name := fmt.Sprintf("%s %s %d", ex.method, ex.target, ex.status)
		if ex.as != "" {
			name += " as " + ex.as
		}
		t.Run(name, func(t *testing.T) {
			req := httptest.NewRequest(ex.method, strings.ReplaceAll(ex.target, "{token_id}", tokenID), strings.NewReader(ex.body))
			req.Header.Set("Accept-Encoding", "gzip") // as browsers send it
			target := h
			if ex.as != "" {
				target = w.h
				signIn(t, w, req, ex.as)
			}
			rec := httptest.NewRecorder()
			target.ServeHTTP(rec, req)
			if rec.Code != ex.status {
				t.Fatalf("status %d, want %d; body %.300s", rec.Code, ex.status, rec.Body)
			}
			if rec.Header().Get("X-Request-Id") == "" {
				t.Errorf("no X-Request-Id header")
			}
			// A body the API accepts is one the document describes.
			if ex.body != "" && ex.status < 300 {
				method, path, _ := strings.Cut(ex.route, " ")
				media := requestMedia(t, raw.Body.Bytes(), path, strings.ToLower(method))
				rs := schema("/paths/" + pointer(path) + "/" + strings.ToLower(method) + "/requestBody/content/" + pointer(media) + "/schema")
				var v any = ex.body
				if media == "application/json" {
					var err error
					if v, err = jsonschema.UnmarshalJSON(strings.NewReader(ex.body)); err != nil {
						t.Fatal(err)
					}
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
			if ex.route == "POST /api/v1/auth/tokens" && rec.Code == http.StatusCreated {
				var made struct{ ID string }
				json.Unmarshal(body, &made)
				tokenID = made.ID
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
				for name, hdr := range headers[loc] {
					if hdr.Required && rec.Header().Get(name) == "" {
						t.Errorf("no %s header, which the document requires of %d", name, rec.Code)
					}
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

// requestMedia is the media type of an operation's request body:
// application/json when the document gives it, else the one it gives (a
// CSV file).
func requestMedia(t *testing.T, doc []byte, path, method string) string {
	t.Helper()
	var all struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &all); err != nil {
		t.Fatal(err)
	}
	var op struct {
		RequestBody struct {
			Content map[string]json.RawMessage `json:"content"`
		} `json:"requestBody"`
	}
	json.Unmarshal(all.Paths[path][method], &op)
	content := op.RequestBody.Content
	if _, ok := content["application/json"]; ok || len(content) != 1 {
		return "application/json"
	}
	for mt := range content {
		return mt
	}
	return ""
}

// responseHeader is a header the document gives an answer.
type responseHeader struct {
	Required bool `json:"required"`
}

// responseHeaders maps each answer of the document, by its JSON Pointer
// (as TestOpenAPI locates it), to the headers the document gives it.
func responseHeaders(t *testing.T, doc []byte) map[string]map[string]responseHeader {
	t.Helper()
	type response struct {
		Headers map[string]responseHeader `json:"headers"`
	}
	var all struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Responses map[string]response `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc, &all); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]responseHeader{}
	for name, r := range all.Components.Responses {
		out["/components/responses/"+name] = r.Headers
	}
	for path, ops := range all.Paths {
		for method, raw := range ops {
			var op struct {
				Responses map[string]response `json:"responses"`
			}
			if json.Unmarshal(raw, &op) != nil {
				continue // a path's parameters or summary
			}
			for status, r := range op.Responses {
				out["/paths/"+pointer(path)+"/"+method+"/responses/"+status] = r.Headers
			}
		}
	}
	return out
}

// signIn makes req come from who in w: a principal's Bearer token
// ("manager"), a fresh session's cookie with its CSRF token
// ("session:manager"), the cookie alone ("cookie:manager"), or no one
// ("nobody").
func signIn(t *testing.T, w *world, req *http.Request, who string) {
	t.Helper()
	how, name, ok := strings.Cut(who, ":")
	switch {
	case who == "nobody":
	case !ok:
		tok, found := w.tokens[who]
		if !found {
			t.Fatalf("no principal %q in the world", who)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	case how == "session" || how == "cookie":
		rec, cookie, csrf := login(t, w, strings.ReplaceAll(name, " ", "-")+"@example.com", "password-"+name, "10.9.9.9")
		if cookie == nil || csrf == "" {
			t.Fatalf("sign in as %s: status %d, body %s", name, rec.Code, rec.Body)
		}
		req.AddCookie(cookie)
		if how == "session" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
	default:
		t.Fatalf("example as %q: want a principal, session:NAME, cookie:NAME or nobody", who)
	}
}
