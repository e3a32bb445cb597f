package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/fusion"
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
		Industry   *string  `json:"industry"`
	}
	if !decodeBody(w, r, &body) {
		return
	}
	o := &store.Org{ID: body.ID, Kind: body.Kind, Name: strings.TrimSpace(body.Name), Lon: body.Lon, Lat: body.Lat, Industry: body.Industry}
	if err := o.Validate(body.BusinessNo); err != nil {
		if errors.Is(err, store.ErrInvalidBusinessNo) {
			writeError(w, http.StatusUnprocessableEntity, "invalid_business_no", err.Error())
			return
		}
		badRequest(w, err.Error())
		return
	}
	if err := PlaceOrg(r.Context(), a.db, o); err != nil {
		a.fail(w, r, err)
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

// PlaceOrg sets the 상권 (district_code) holding an organisation's location,
// by the loaded district polygons, preferring a district that is not a
// 관광특구 (those overlap the others), and its 행정동 (dong_code) as the
// district's recorded 행정동. Without a location, polygons or a holding
// district, both stay empty.
func PlaceOrg(ctx context.Context, db *store.DB, o *store.Org) error {
	o.DistrictCode, o.DongCode = nil, nil
	if o.Lon == nil || o.Lat == nil {
		return nil
	}
	polys, err := db.Polygons(ctx)
	if err != nil || len(polys) == 0 {
		return err
	}
	var chosen *store.District
	for _, code := range fusion.NewDistricts(polys).LocateAll(*o.Lon, *o.Lat) {
		d, err := db.District(ctx, code)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if chosen == nil || (chosen.TypeCode == "U" && d.TypeCode != "U") {
			chosen = d
		}
	}
	if chosen != nil {
		o.DistrictCode, o.DongCode = &chosen.Code, &chosen.DongCode
	}
	return nil
}
