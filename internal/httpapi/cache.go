package httpapi

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"sync"
)

// bodyCache keeps answers that change only when a release lands (geometry),
// built once per data version, with their gzip form.
type bodyCache struct {
	mu      sync.Mutex
	version int64
	bodies  map[string]*cachedBody
}

type cachedBody struct {
	once        sync.Once
	plain, gz   []byte
	contentType string
	err         error
}

// cached returns the cache entry key of the data version, built with build
// on first use (one build at a time per entry; a failed build is forgotten,
// so that a later call tries again).
func (a *API) cached(ctx context.Context, version int64, key, contentType string, build func(context.Context) ([]byte, error)) *cachedBody {
	a.cache.mu.Lock()
	if a.cache.bodies == nil || a.cache.version != version {
		a.cache.version, a.cache.bodies = version, map[string]*cachedBody{}
	}
	e := a.cache.bodies[key]
	if e == nil {
		e = &cachedBody{contentType: contentType}
		a.cache.bodies[key] = e
	}
	a.cache.mu.Unlock()
	e.once.Do(func() {
		e.plain, e.err = build(context.WithoutCancel(ctx))
		if e.err == nil {
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			zw.Write(e.plain)
			zw.Close()
			e.gz = b.Bytes()
		}
	})
	if e.err != nil {
		a.cache.mu.Lock()
		if a.cache.bodies[key] == e {
			delete(a.cache.bodies, key) // let a later request try again
		}
		a.cache.mu.Unlock()
	}
	return e
}

// serveCached answers from the cache entry key, building it with build on
// first use for the current data version. It sets an ETag of the version and
// answers 304 to a matching If-None-Match.
func (a *API) serveCached(w http.ResponseWriter, r *http.Request, key, contentType string, build func(context.Context) ([]byte, error)) {
	version, err := a.db.Version(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	e := a.cached(r.Context(), version, key, contentType, build)
	if e.err != nil {
		a.fail(w, r, e.err)
		return
	}
	etag := fmt.Sprintf(`"v%d-%s"`, version, key)
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache") // revalidate: the answer changes when a release lands
	h.Set("Content-Type", e.contentType)
	h.Add("Vary", "Accept-Encoding")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		w.Write(e.gz)
		return
	}
	w.Write(e.plain)
}
