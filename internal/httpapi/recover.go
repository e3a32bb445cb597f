package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
)

// newRequestID returns a random id that names one request in the logs and
// in the X-Request-Id header of its answer.
func newRequestID() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// recovered answers a request whose handler panicked: it logs the panic
// once with the request id, route and stack, counts it, and answers a JSON
// 500 naming the request id, unless the handler had already begun its
// answer, which is then cut short. http.ErrAbortHandler is passed on, as
// net/http expects.
func (a *API) recovered(sw *statusWriter, r *http.Request, id, route string, p any) {
	if p == http.ErrAbortHandler {
		panic(p)
	}
	a.metrics.panics.WithLabelValues(route).Inc()
	a.log.Error("panic", "request_id", id, "method", r.Method, "route", route,
		"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	if sw.wrote {
		sw.status = http.StatusInternalServerError // counted as the failure it is
		return
	}
	h := sw.Header()
	for _, k := range []string{"Content-Encoding", "Content-Length", "ETag", "Cache-Control", "Vary"} {
		h.Del(k)
	}
	writeError(sw, http.StatusInternalServerError, "internal", "internal error; request id "+id)
}
