package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

var districtTypes = []string{"A", "D", "R", "U"}

// districts answers GET /api/v1/districts?type=&gu=&q=.
func (a *API) districts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.DistrictFilter{Type: q.Get("type"), Gu: q.Get("gu"), Q: q.Get("q")}
	if f.Type != "" && !slices.Contains(districtTypes, f.Type) {
		badRequest(w, "type must be one of A (골목상권), D (발달상권), R (전통시장), U (관광특구)")
		return
	}
	ds, err := a.db.Districts(r.Context(), f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"districts": ds})
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
