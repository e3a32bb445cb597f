package httpapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// createUser adds a user with memberships; each role granted is checked
// (only admin grants admin, auditor and jury; a manager grants the other
// roles in its own organisation).
func (a *API) createUser(w http.ResponseWriter, r *http.Request) {
	if !a.signedIn(w, r) {
		return
	}
	var body struct {
		Email       string `json:"email"`
		Name        string `json:"name"`
		Password    string `json:"password"`
		Memberships []struct {
			Org  string `json:"org"`
			Role string `json:"role"`
		} `json:"memberships"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	u := &store.User{Email: body.Email, Name: strings.TrimSpace(body.Name)}
	for i, m := range body.Memberships {
		role, err := auth.ParseRole(m.Role)
		if err != nil {
			badRequest(w, fmt.Sprintf("memberships[%d]: %v", i, err))
			return
		}
		u.Memberships = append(u.Memberships, auth.Membership{Org: m.Org, Role: role})
	}
	if err := u.Validate(body.Password); err != nil {
		badRequest(w, err.Error())
		return
	}
	for _, m := range u.Memberships {
		if !a.authorize(w, r, auth.GrantAction(m.Role), m.Org) {
			return
		}
	}
	hash, err := auth.HashPassword(body.Password, auth.DefaultParams)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if err := a.db.CreateUser(r.Context(), u, hash); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"user": u})
}
