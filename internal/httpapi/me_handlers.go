package httpapi

import (
	"net/http"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// me answers who sends the request, for the web app's shell after a reload
// (the session cookie is HttpOnly): {"user": null} for an anonymous request
// (200, not 401: asking is not a failure), else the user with its
// memberships, the organisations they name (id, kind, name) and, for the
// session cookie, the session's CSRF token.
func (a *API) me(w http.ResponseWriter, r *http.Request) {
	p := stateOf(r).principal
	if p == nil {
		writeJSON(w, http.StatusOK, map[string]any{"user": nil})
		return
	}
	u, err := a.db.User(r.Context(), p.UserID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	type orgRef struct {
		ID   string `json:"id"`
		Kind string `json:"kind"`
		Name string `json:"name"`
	}
	orgs := []orgRef{}
	seen := map[string]bool{}
	for _, m := range u.Memberships {
		if m.Org == "" || seen[m.Org] {
			continue
		}
		seen[m.Org] = true
		var o *store.Org
		if o, err = a.db.Org(r.Context(), m.Org); err != nil {
			a.fail(w, r, err)
			return
		}
		orgs = append(orgs, orgRef{o.ID, o.Kind, o.Name})
	}
	out := map[string]any{"user": u, "orgs": orgs}
	if p.Session != "" {
		out["csrf_token"] = auth.CSRFToken(p.Session)
	}
	writeJSON(w, http.StatusOK, out)
}
