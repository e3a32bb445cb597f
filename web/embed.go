// Package web serves sangsaeng's web app: the map, the district report and the
// analysis views, built from web/src into web/dist (committed, so that go build
// needs no Node) and embedded in the binary.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed dist
var dist embed.FS

// tilesMeta is the placeholder in dist/index.html that carries the basemap tile URL.
const tilesMeta = `<meta name="sangsaeng-tiles" content="">`

// contentTypes are the types of the files dist holds, independent of the
// machine's MIME tables.
var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".png":  "image/png",
}

type asset struct {
	body        []byte
	contentType string
	etag        string
	version     string // the first 12 hex digits of the body's SHA-256
}

// Handler serves the web app: index.html at "/" (and "/index.html") with
// tilesURL as the basemap (empty: no basemap, the map draws on a plain
// background), and the built files of dist at their names. Asset links in
// index.html carry ?v=<content hash>, so the assets are cached for a year when
// asked for with the current version and revalidated otherwise; index.html is
// always revalidated. Every other path is a JSON 404 in the API's error form.
func Handler(tilesURL string) http.Handler {
	h, err := newHandler(dist, tilesURL)
	if err != nil {
		panic("web: embedded dist is broken: " + err.Error()) // the build embeds dist; a test covers it
	}
	return h
}

type handler struct {
	index  asset
	assets map[string]asset // by URL path, e.g. "/app.js"
}

func newHandler(fsys fs.FS, tilesURL string) (*handler, error) {
	sub, err := fs.Sub(fsys, "dist")
	if err != nil {
		return nil, err
	}
	h := &handler{assets: map[string]asset{}}
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p == "index.html" {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		if err != nil {
			return err
		}
		h.assets["/"+p] = newAsset(b, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	page, err := fs.ReadFile(sub, "index.html")
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(page, []byte(tilesMeta)) {
		return nil, errString("index.html has no " + tilesMeta)
	}
	page = bytes.Replace(page, []byte(tilesMeta), []byte(`<meta name="sangsaeng-tiles" content="`+html.EscapeString(tilesURL)+`">`), 1)
	for name, a := range h.assets {
		n := strings.TrimPrefix(name, "/")
		for _, attr := range []string{`src="`, `href="`} {
			page = bytes.ReplaceAll(page, []byte(attr+n+`"`), []byte(attr+n+"?v="+a.version+`"`))
		}
	}
	h.index = newAsset(page, "index.html")
	return h, nil
}

type errString string

func (e errString) Error() string { return string(e) }

func newAsset(b []byte, name string) asset {
	sum := sha256.Sum256(b)
	v := hex.EncodeToString(sum[:])[:12]
	ct, ok := contentTypes[path.Ext(name)]
	if !ok {
		if ct = mime.TypeByExtension(path.Ext(name)); ct == "" {
			ct = "application/octet-stream"
		}
	}
	return asset{body: b, contentType: ct, etag: `"` + v + `"`, version: v}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", r.Method+" is not allowed on "+r.URL.Path)
		return
	}
	var a asset
	switch p := r.URL.Path; p {
	case "/", "/index.html":
		a = h.index
		w.Header().Set("Cache-Control", "no-cache")
	default:
		var ok bool
		if a, ok = h.assets[p]; !ok {
			writeError(w, http.StatusNotFound, "not_found", "no such page: "+p)
			return
		}
		if r.URL.Query().Get("v") == a.version {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("ETag", a.etag)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// writeError answers in the API's error form: {"error":{"code","message"}}.
func writeError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": code, "message": message}})
}
