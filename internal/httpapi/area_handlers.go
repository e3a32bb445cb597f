package httpapi

import (
	"encoding/json"
	"net/http"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
)

// area answers POST /api/v1/analysis/area with {"circle":{"lon","lat",
// "radius_m"}} or {"polygon":<GeoJSON>}, plus "quarter" and "industry".
func (a *API) area(w http.ResponseWriter, r *http.Request) {
	var req struct {
		analysis.Shape
		Quarter  string `json:"quarter"`
		Industry string `json:"industry"`
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		badRequest(w, "body must be JSON: "+err.Error())
		return
	}
	res, err := a.analysis.Area(r.Context(), req.Shape, analysis.Query{Quarter: req.Quarter, Industry: req.Industry})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
