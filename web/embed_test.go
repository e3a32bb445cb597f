package web

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, target string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

var assetRef = regexp.MustCompile(`(?:src|href)="([^"]*)"`)

func TestHandlerServesTheApp(t *testing.T) {
	h := Handler("")
	index := get(t, h, http.MethodGet, "/", nil)
	if index.Code != http.StatusOK {
		t.Fatalf("GET /: status %d, want 200", index.Code)
	}
	if got, want := index.Header().Get("Content-Type"), "text/html; charset=utf-8"; got != want {
		t.Errorf("GET /: Content-Type %q, want %q", got, want)
	}
	if got := index.Header().Get("Cache-Control"); got != "no-cache" {
		t.Errorf("GET /: Cache-Control %q, want no-cache", got)
	}
	page := index.Body.String()
	if !strings.Contains(page, `<meta name="sangsaeng-tiles" content="">`) {
		t.Errorf("GET / with no tiles: no empty sangsaeng-tiles meta in\n%s", page)
	}

	// index.html links app.js and app.css with their content version.
	refs := map[string]string{}
	for _, m := range assetRef.FindAllStringSubmatch(page, -1) {
		name, _, _ := strings.Cut(m[1], "?")
		refs[name] = m[1]
	}
	for name, ct := range map[string]string{"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"} {
		ref, ok := refs[name]
		if !ok || !strings.Contains(ref, "?v=") {
			t.Errorf("index.html links %s as %q, want %s?v=<hash>", name, ref, name)
			continue
		}
		res := get(t, h, http.MethodGet, "/"+ref, nil)
		if res.Code != http.StatusOK || res.Body.Len() == 0 {
			t.Errorf("GET /%s: status %d, %d bytes", ref, res.Code, res.Body.Len())
			continue
		}
		if got := res.Header().Get("Content-Type"); got != ct {
			t.Errorf("GET /%s: Content-Type %q, want %q", ref, got, ct)
		}
		if got := res.Header().Get("Cache-Control"); !strings.Contains(got, "immutable") {
			t.Errorf("GET /%s (current version): Cache-Control %q, want a long immutable cache", ref, got)
		}
		if got := get(t, h, http.MethodGet, "/"+name, nil).Header().Get("Cache-Control"); got != "no-cache" {
			t.Errorf("GET /%s (no version): Cache-Control %q, want no-cache", name, got)
		}
		etag := res.Header().Get("ETag")
		if etag == "" {
			t.Errorf("GET /%s: no ETag", ref)
		} else if again := get(t, h, http.MethodGet, "/"+name, map[string]string{"If-None-Match": etag}); again.Code != http.StatusNotModified {
			t.Errorf("GET /%s with If-None-Match %s: status %d, want 304", name, etag, again.Code)
		}
	}
}

func TestHandlerInjectsTiles(t *testing.T) {
	tiles := `https://tiles.example/{z}/{x}/{y}.png?key=a&v="2"`
	page := get(t, Handler(tiles), http.MethodGet, "/", nil).Body.String()
	want := `<meta name="sangsaeng-tiles" content="https://tiles.example/{z}/{x}/{y}.png?key=a&amp;v=&#34;2&#34;">`
	if !strings.Contains(page, want) {
		t.Errorf("GET / with tiles %q: no %s in\n%s", tiles, want, page)
	}
}

func TestHandlerRefusesOtherPaths(t *testing.T) {
	h := Handler("")
	for _, tc := range []struct {
		method, path string
		status       int
		code         string
	}{
		{http.MethodGet, "/nope", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/dist/app.js", http.StatusNotFound, "not_found"},
		{http.MethodGet, "/api/v1/unknown", http.StatusNotFound, "not_found"},
		{http.MethodPost, "/", http.StatusMethodNotAllowed, "method_not_allowed"},
	} {
		t.Run(tc.method+tc.path, func(t *testing.T) {
			res := get(t, h, tc.method, tc.path, nil)
			if res.Code != tc.status {
				t.Fatalf("status %d, want %d", res.Code, tc.status)
			}
			var body struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal(res.Body.Bytes(), &body); err != nil || body.Error.Code != tc.code {
				t.Errorf("body %s, want a JSON error with code %s", res.Body, tc.code)
			}
		})
	}
	if res := get(t, h, http.MethodHead, "/", nil); res.Code != http.StatusOK || res.Body.Len() != 0 {
		t.Errorf("HEAD /: status %d with %d bytes of body, want 200 and none", res.Code, res.Body.Len())
	}
}

// TestBuiltFilesLoadNothingExternal checks that the committed build loads
// nothing from the network: no absolute URL in index.html or app.css, CSS
// url() only to embedded data, and in app.js only the URLs that are not
// loads (the SVG namespace, Leaflet's licence comment and the attribution
// link that the app turns off).
func TestBuiltFilesLoadNothingExternal(t *testing.T) {
	absolute := regexp.MustCompile(`(?i)(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"'<>)]*`)
	allowedInJS := regexp.MustCompile(`^https?://(www\.w3\.org/2000/svg|leafletjs\.com)$`)
	cssURL := regexp.MustCompile(`url\(\s*['"]?([^'")]*)`)
	files := 0
	err := fs.WalkDir(dist, "dist", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := fs.ReadFile(dist, p)
		if err != nil {
			return err
		}
		text := string(b)
		switch {
		case strings.HasSuffix(p, ".js"):
			for _, u := range absolute.FindAllString(text, -1) {
				if !allowedInJS.MatchString(u) {
					t.Errorf("%s refers to %s", p, u)
				}
			}
		case strings.HasSuffix(p, ".css"):
			for _, m := range cssURL.FindAllStringSubmatch(text, -1) {
				if u := m[1]; !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "#") {
					t.Errorf("%s has url(%s): CSS may only use embedded data", p, u)
				}
			}
			if u := absolute.FindString(text); u != "" {
				t.Errorf("%s refers to %s", p, u)
			}
			if strings.Contains(text, "@import") || strings.Contains(text, "@font-face") {
				t.Errorf("%s imports CSS or fonts; everything must be bundled and fonts are the system's", p)
			}
		default:
			if u := absolute.FindString(text); u != "" {
				t.Errorf("%s refers to %s", p, u)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 3 {
		t.Errorf("dist holds %d files, want index.html, app.js and app.css at least", files)
	}
}
