package httpapi

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// sessionCookie is the name of the session cookie.
const sessionCookie = "sangsaeng_session"

// requestState is what the auth middleware learns of a request.
type requestState struct {
	principal *auth.Principal
	requestID string
	auditUser string // the user a write is recorded under (sign-in sets it)
	pattern   string // the route
	audited   bool   // the write's entry was committed with the write (ledger writes)
}

type stateKey struct{}

func stateOf(r *http.Request) *requestState {
	if s, ok := r.Context().Value(stateKey{}).(*requestState); ok {
		return s
	}
	return &requestState{}
}

// loginPattern signs in; a browser already signed in may sign in again
// without the old session's CSRF token.
const loginPattern = "POST /api/v1/auth/login"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// authenticate is the one auth middleware: it keeps the request's id (see
// ServeHTTP), finds its principal from a
// Bearer token or the session cookie, refuses cross-origin or CSRF-less
// writes made with the cookie, and records every write in the audit log.
// Handlers then ask authorize whether the principal may act.
func (a *API) authenticate(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, pattern := a.mux.Handler(r)
		st := &requestState{requestID: w.Header().Get("X-Request-Id"), pattern: pattern} // ServeHTTP's
		if st.requestID == "" {
			st.requestID = newRequestID()
			w.Header().Set("X-Request-Id", st.requestID)
		}
		write := r.Method != http.MethodGet && r.Method != http.MethodHead && r.Method != http.MethodOptions && !a.readOnly[pattern]
		if write {
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			w = sw
			defer func() {
				if !st.audited {
					a.audit(r, pattern, st, sw.status)
				}
			}()
		}
		if authz := r.Header.Get("Authorization"); authz != "" {
			token, ok := strings.CutPrefix(authz, "Bearer ")
			if !ok {
				writeError(w, http.StatusUnauthorized, "unauthenticated", "Authorization: want Bearer <token>")
				return
			}
			u, err := a.db.TokenUser(r.Context(), auth.HashToken(strings.TrimSpace(token)), a.db.Now())
			if errors.Is(err, store.ErrNotFound) {
				writeError(w, http.StatusUnauthorized, "unauthenticated", "the token is unknown, expired or revoked")
				return
			}
			if err != nil {
				a.fail(w, r, err)
				return
			}
			st.principal = &auth.Principal{UserID: u.ID, Memberships: u.Memberships}
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			u, err := a.db.SessionUser(r.Context(), auth.HashToken(c.Value), a.db.Now())
			switch {
			case err == nil:
				st.principal = &auth.Principal{UserID: u.ID, Memberships: u.Memberships, Session: c.Value}
			case !errors.Is(err, store.ErrNotFound):
				a.fail(w, r, err)
				return
			}
		}
		if write && (st.principal == nil || st.principal.Session != "") {
			// Browser writes: same origin only (Sec-Fetch-Site / Origin)
			// and, with the session cookie, the session's CSRF token.
			if err := cop.Check(r); err != nil {
				writeError(w, http.StatusForbidden, "csrf", "cross-origin request refused")
				return
			}
			if st.principal != nil && pattern != loginPattern && !auth.ValidCSRF(st.principal.Session, r.Header.Get("X-CSRF-Token")) {
				writeError(w, http.StatusForbidden, "csrf", "missing or wrong X-CSRF-Token header")
				return
			}
		}
		if st.principal != nil {
			st.auditUser = st.principal.UserID
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), stateKey{}, st)))
	})
}

// authorize is where every handler asks auth.Authorize; it answers 401 for
// anonymous requests and 403 for refused ones and reports false.
func (a *API) authorize(w http.ResponseWriter, r *http.Request, act auth.Action, orgs ...string) bool {
	err := auth.Authorize(stateOf(r).principal, act, orgs...)
	switch {
	case err == nil:
		return true
	case errors.Is(err, auth.ErrUnauthenticated):
		writeError(w, http.StatusUnauthorized, "unauthenticated", "sign in or send a Bearer token")
	default:
		writeError(w, http.StatusForbidden, "forbidden", "your roles do not allow "+string(act)+" here")
	}
	return false
}

// signedIn answers 401 and reports false for an anonymous request.
func (a *API) signedIn(w http.ResponseWriter, r *http.Request) bool {
	if stateOf(r).principal == nil {
		writeError(w, http.StatusUnauthorized, "unauthenticated", "sign in or send a Bearer token")
		return false
	}
	return true
}

// audit records a write: who, what, the outcome and the request id. The
// path holds ids, never personal data or secrets (those travel in bodies).
func (a *API) audit(r *http.Request, pattern string, st *requestState, status int) {
	if pattern == "" {
		pattern = r.Method + " unmatched"
	}
	e := store.AuditEntry{At: a.db.Now(), Action: pattern, Resource: r.URL.Path, Status: status, RequestID: st.requestID}
	if st.auditUser != "" {
		e.UserID = &st.auditUser
	}
	if err := a.db.Audit(context.WithoutCancel(r.Context()), e); err != nil {
		a.log.Error("audit", "request_id", st.requestID, "err", err)
	}
}

// clientIP is the request's remote host, without the port.
func clientIP(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i > 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// sessionTTL is how long a session lives.
const sessionTTL = 12 * time.Hour
