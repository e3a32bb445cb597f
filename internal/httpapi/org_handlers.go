package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// createOrg adds an organisation (admin). A merchant or supplier needs a
// 사업자등록번호 with a valid check digit (422 invalid_business_no).
func (a *API) createOrg(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.OrgCreate) {
		return
	}
	var body struct {
		ID         string   `json:"id"`
		Kind       string   `json:"kind"`
		Name       string   `json:"name"`
		BusinessNo string   `json:"business_no"`
		Lon        *float64 `json:"lon"`
		Lat        *float64 `json:"lat"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	o := &store.Org{ID: body.ID, Kind: body.Kind, Name: strings.TrimSpace(body.Name), Lon: body.Lon, Lat: body.Lat}
	if err := o.Validate(body.BusinessNo); err != nil {
		if errors.Is(err, store.ErrInvalidBusinessNo) {
			writeError(w, http.StatusUnprocessableEntity, "invalid_business_no", err.Error())
			return
		}
		badRequest(w, err.Error())
		return
	}
	if err := a.db.CreateOrg(r.Context(), o); err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"org": o})
}

// org answers one organisation to a signed-in user.
func (a *API) org(w http.ResponseWriter, r *http.Request) {
	if !a.authorize(w, r, auth.OrgRead) {
		return
	}
	o, err := a.db.Org(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"org": o})
}
