package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"strings"
	"unicode/utf8"

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
	if err := ValidateUser(u, body.Password); err != nil {
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

// ValidateUser checks a new user: an email, a name of at most 100
// characters, an acceptable password, at least one membership; admin
// without an organisation, every other role with one.
func ValidateUser(u *store.User, password string) error {
	if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email || len(u.Email) > 254 {
		return errors.New("email: want an address such as kim@example.com")
	}
	if utf8.RuneCountInString(u.Name) > 100 {
		return errors.New("name: want at most 100 characters")
	}
	if err := auth.CheckPassword(password); err != nil {
		return err
	}
	if len(u.Memberships) == 0 {
		return errors.New("memberships: want at least one {org, role}")
	}
	for i, m := range u.Memberships {
		if m.Role == auth.Admin && m.Org != "" {
			return fmt.Errorf("memberships[%d]: admin is the installation's, without an org", i)
		}
		if m.Role != auth.Admin && m.Org == "" {
			return fmt.Errorf("memberships[%d]: role %s needs an org", i, m.Role)
		}
	}
	return nil
}
