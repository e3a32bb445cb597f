package httpapi

import (
	"net/http"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// quarterDatasets are the datasets of a district's quarter report.
var quarterDatasets = []seoul.Dataset{
	seoul.Sales, seoul.FootTraffic, seoul.Stores, seoul.ChangeIndex, seoul.Workers,
	seoul.Residents, seoul.Income, seoul.Facilities, seoul.Apartments, seoul.Vitality,
}

// quarter answers GET /api/v1/districts/{code}/quarters/{quarter}: every
// dataset's published numbers for the district and quarter, exactly as in
// the source rows. A quarter no dataset has is 404.
func (a *API) quarter(w http.ResponseWriter, r *http.Request) {
	code, quarter := r.PathValue("code"), r.PathValue("quarter")
	if !validCode(w, code) {
		return
	}
	if !seoul.ValidQuarter(quarter) {
		badRequest(w, "quarter must be written as published, yyyyq, e.g. 20251")
		return
	}
	d, version, err := a.analysis.QuarterDistrict(r.Context(), code, quarter)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	a.warmQuarters(r.Context(), version)
	buf := bodies.Get().(*[]byte)
	defer bodies.Put(buf)
	body, err := a.appendQuarterBody(r.Context(), (*buf)[:0], d, version, quarter)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	*buf = body
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(body)
}
