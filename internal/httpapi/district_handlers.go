package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

var districtTypes = []string{"A", "D", "R", "U"}

// districts answers GET /api/v1/districts?type=&gu=&q=; without a
// parameter, every district, built once per data version.
func (a *API) districts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if len(q) == 0 {
		// every district, as the web app asks on every load: built once per data version
		a.serveCached(w, r, "district-list", jsonType, func(ctx context.Context) ([]byte, error) {
			ds, err := a.db.Districts(ctx, store.DistrictFilter{})
			if err != nil {
				return nil, err
			}
			return encodeJSON(map[string]any{"districts": ds})
		})
		return
	}
	f := store.DistrictFilter{Type: q.Get("type"), Gu: q.Get("gu"), Q: q.Get("q")}
	if f.Type != "" && !slices.Contains(districtTypes, f.Type) {
		badParameter(w, "type must be one of A (골목상권), D (발달상권), R (전통시장), U (관광특구)")
		return
	}
	ds, err := a.db.Districts(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if f.Gu != "" && len(ds) == 0 {
		// Nothing matched: an unknown gu is the caller's mistake, as an
		// unknown type is, not an empty answer.
		msg, err := a.unknownGu(r, f.Gu)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if msg != "" {
			badParameter(w, msg)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"districts": ds})
}

// unknownGu returns why gu names no 자치구 of the live districts, or "" if
// it names one.
func (a *API) unknownGu(r *http.Request, gu string) (string, error) {
	all, err := a.db.Districts(r.Context(), store.DistrictFilter{})
	if err != nil {
		return "", err
	}
	for _, d := range all {
		if d.GuCode == gu || d.GuName == gu {
			return "", nil
		}
	}
	if len(all) == 0 {
		return "gu " + strconv.Quote(gu) + " is not a 자치구 of the loaded districts: none are loaded", nil
	}
	return fmt.Sprintf("gu %q is not a 자치구 of the loaded districts: give its 5-digit code or its name, e.g. %s or %s",
		gu, all[0].GuCode, all[0].GuName), nil
}

// districtWithGeometry is a district plus its GeoJSON polygon, if loaded.
type districtWithGeometry struct {
	*store.District
	Geometry json.RawMessage `json:"geometry,omitempty"`
}

// district answers GET /api/v1/districts/{code}.
func (a *API) district(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(w, code) {
		return
	}
	d, err := a.db.District(r.Context(), code)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	g, err := a.db.DistrictGeometry(r.Context(), code)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, districtWithGeometry{District: d, Geometry: g})
}
