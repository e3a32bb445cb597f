package httpapi

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

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
	if err := validateOrg(o, body.BusinessNo); err != nil {
		var bn errBusinessNo
		if errors.As(err, &bn) {
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

type errBusinessNo struct{ error }

// validateOrg checks an organisation and sets its business number.
func validateOrg(o *store.Org, businessNo string) error {
	if o.ID != "" {
		if err := store.ValidSlug(o.ID); err != nil {
			return err
		}
	}
	if !slices.Contains(store.OrgKinds, o.Kind) {
		return errors.New("kind: want operator, merchant, supplier or public")
	}
	if o.Name == "" || utf8.RuneCountInString(o.Name) > 200 {
		return errors.New("name: want 1–200 characters")
	}
	if businessNo != "" || o.Kind == "merchant" || o.Kind == "supplier" {
		bn, err := auth.BusinessNo(businessNo)
		if err != nil {
			return errBusinessNo{err}
		}
		o.BusinessNo = &bn
	}
	if (o.Lon == nil) != (o.Lat == nil) {
		return errors.New("lon, lat: give both or neither")
	}
	if o.Lon != nil && (*o.Lon < -180 || *o.Lon > 180 || *o.Lat < -90 || *o.Lat > 90) {
		return errors.New("lon, lat: want WGS84 degrees")
	}
	return nil
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
