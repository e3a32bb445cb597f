package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// decodeBody reads a JSON body strictly into v, answering 400 on failure.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		badRequest(w, "body: "+err.Error())
		return false
	}
	return true
}

var (
	dummyOnce sync.Once
	dummyHash string
)

// login signs in with email and password: a session cookie and the
// session's CSRF token. Failures per email and address are throttled (429
// with Retry-After).
func (a *API) login(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	key := strings.ToLower(strings.TrimSpace(body.Email)) + "|" + clientIP(r)
	if wait, ok := a.throttle.Allow(key); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeError(w, http.StatusTooManyRequests, "too_many_attempts", "too many failed sign-ins; retry later")
		return
	}
	u, hash, err := a.db.UserByEmail(r.Context(), body.Email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		a.fail(w, r, err)
		return
	}
	if u == nil {
		// Spend the same time as a wrong password, so timing tells no one
		// which emails exist.
		dummyOnce.Do(func() { dummyHash, _ = auth.HashPassword("not a password at all", auth.DefaultParams) })
		hash = dummyHash
	}
	if err := auth.VerifyPassword(body.Password, hash); err != nil || u == nil || len(body.Password) > auth.MaxPasswordLen {
		a.throttle.Fail(key)
		writeError(w, http.StatusUnauthorized, "invalid_credentials", "wrong email or password")
		return
	}
	a.throttle.Succeed(key)
	token, tokenHash, err := auth.NewToken(auth.SessionPrefix)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	expires := a.db.Now().Add(sessionTTL)
	if err := a.db.CreateSession(r.Context(), tokenHash, u.ID, expires); err != nil {
		a.fail(w, r, err)
		return
	}
	stateOf(r).auditUser = u.ID
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, Expires: expires, MaxAge: int(sessionTTL.Seconds())})
	writeJSON(w, http.StatusOK, map[string]any{"user": u, "csrf_token": auth.CSRFToken(token)})
}

// logout ends the session of the cookie.
func (a *API) logout(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	if s := stateOf(r).principal.Session; s != "" {
		if err := a.db.DeleteSession(r.Context(), auth.HashToken(s)); err != nil {
			a.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil, MaxAge: -1})
	writeJSON(w, http.StatusOK, map[string]string{"status": "signed out"})
}

// maxTokenDays bounds an API token's life.
const maxTokenDays = 366

// createToken makes an API token for the signed-in user, shown once:
// {"expires_days"} (default 90).
func (a *API) createToken(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.TokenCreate) {
		return
	}
	body := struct {
		ExpiresDays int `json:"expires_days"`
	}{ExpiresDays: 90}
	if r.ContentLength != 0 && !decodeBody(w, r, &body) {
		return
	}
	if body.ExpiresDays < 1 || body.ExpiresDays > maxTokenDays {
		badRequest(w, fmt.Sprintf("expires_days: want 1–%d", maxTokenDays))
		return
	}
	token, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	t, err := a.db.CreateToken(r.Context(), hash, stateOf(r).principal.UserID, a.db.Now().Add(time.Duration(body.ExpiresDays)*24*time.Hour))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"token": token, "id": t.ID, "expires_at": t.ExpiresAt})
}

// revokeToken revokes one of the signed-in user's API tokens.
func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.TokenRevoke) {
		return
	}
	if err := a.db.RevokeToken(r.Context(), r.PathValue("id"), stateOf(r).principal.UserID); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": r.PathValue("id")})
}
