package httpapi

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
)

// rankings answers GET /api/v1/rankings?indicator=&quarter=&industry=&type=&gu=&order=desc&limit=&min_stores=.
func (a *API) rankings(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Query()
	limit, ok := intParam(w, r, "limit")
	if !ok {
		return
	}
	order := p.Get("order")
	if order != "" && order != "desc" && order != "asc" {
		badRequest(w, "order must be desc or asc")
		return
	}
	typ, gu := p.Get("type"), p.Get("gu")
	if typ != "" && !slices.Contains(districtTypes, typ) {
		badParameter(w, "type must be one of A (골목상권), D (발달상권), R (전통시장), U (관광특구)")
		return
	}
	rq := analysis.RankingQuery{Query: query(r), Indicator: p.Get("indicator"),
		Type: typ, Gu: gu, Ascending: order == "asc", Limit: limit}
	if p.Get("min_stores") != "" {
		n, ok := intParam(w, r, "min_stores")
		if !ok {
			return
		}
		rq.MinStores = &n
	}
	res, err := a.analysis.Rankings(r.Context(), rq)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if gu != "" && len(res.Rankings) == 0 && res.BelowMinStores == 0 {
		msg, err := a.unknownGu(r, gu)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if msg != "" {
			badParameter(w, msg)
			return
		}
	}
	writeJSON(w, http.StatusOK, res)
}

// hotspots answers GET /api/v1/hotspots?indicator=&quarter=&industry=&band_m=.
func (a *API) hotspots(w http.ResponseWriter, r *http.Request) {
	var band float64
	if v := r.URL.Query().Get("band_m"); v != "" {
		var err error
		if band, err = strconv.ParseFloat(v, 64); err != nil {
			badRequest(w, "band_m must be a number of metres")
			return
		}
	}
	res, err := a.analysis.Hotspots(r.Context(), analysis.HotspotQuery{Query: query(r), Indicator: r.URL.Query().Get("indicator"), BandM: band})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
