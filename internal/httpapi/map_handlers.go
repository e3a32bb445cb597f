package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/sangsaeng/sangsaeng/docs"
	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// catalog answers GET /api/v1/catalog: what a client can ask for — the
// indicators with their definitions, the live quarters, the quarter the app
// opens on (analysis.DefaultQuarter), the industries, and the basemap tile URL.
func (a *API) catalog(w http.ResponseWriter, r *http.Request) {
	quarters, err := a.db.Quarters(r.Context(), seoul.Datasets...)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	industries, err := a.db.Industries(r.Context())
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if quarters == nil {
		quarters = []string{}
	}
	// The web app opens on the quarter a report defaults to.
	def, err := a.analysis.DefaultQuarter(r.Context())
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"indicators": indicator.Definitions(), "quarters": quarters,
		"default_quarter": def, "industries": industries, "tiles": a.tiles})
}

// mapValues answers GET /api/v1/map?indicator=&quarter=&industry=.
func (a *API) mapValues(w http.ResponseWriter, r *http.Request) {
	res, err := a.analysis.Map(r.Context(), r.URL.Query().Get("indicator"), query(r))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

const geoJSONType = "application/geo+json; charset=utf-8"

// districtGeometry answers GET /api/v1/geometry/districts: a GeoJSON
// FeatureCollection of every district with a polygon, built once per data
// version.
func (a *API) districtGeometry(w http.ResponseWriter, r *http.Request) {
	a.serveCached(w, r, "districts", geoJSONType, func(ctx context.Context) ([]byte, error) {
		outlines, err := a.db.Outlines(ctx)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		b.WriteString(`{"type":"FeatureCollection","features":[`)
		for i, o := range outlines {
			if i > 0 {
				b.WriteByte(',')
			}
			id, _ := json.Marshal(o.Code)
			props, _ := json.Marshal(map[string]string{"code": o.Code, "name": o.Name, "type_code": o.TypeCode,
				"type_name": o.TypeName, "gu_code": o.GuCode, "gu_name": o.GuName})
			b.WriteString(`{"type":"Feature","id":`)
			b.Write(id)
			b.WriteString(`,"properties":`)
			b.Write(props)
			b.WriteString(`,"geometry":`)
			b.WriteString(o.GeoJSON)
			b.WriteByte('}')
		}
		b.WriteString("]}\n")
		return b.Bytes(), nil
	})
}

// guGeometry answers GET /api/v1/geometry/gu: one outline per 자치구 — the
// convex hull of its commercial districts — built once per data version.
func (a *API) guGeometry(w http.ResponseWriter, r *http.Request) {
	a.serveCached(w, r, "gu", geoJSONType, func(ctx context.Context) ([]byte, error) {
		outlines, err := a.analysis.GuOutlines(ctx)
		if err != nil {
			return nil, err
		}
		fc := geojson.NewFeatureCollection()
		for _, o := range outlines {
			f := geojson.NewFeature(orb.LineString(o.Ring))
			f.ID = o.Code
			f.Properties = geojson.Properties{"gu_code": o.Code, "gu_name": o.Name}
			fc.Append(f)
		}
		return json.Marshal(fc)
	})
}

// history answers GET /api/v1/districts/{code}/history?industry=.
func (a *API) history(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	if !validCode(w, code) {
		return
	}
	res, err := a.analysis.History(r.Context(), code, r.URL.Query().Get("industry"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// recommend answers GET /api/v1/recommend?industry=&age=&sex=&time=&quarter=&limit=.
func (a *API) recommend(w http.ResponseWriter, r *http.Request) {
	limit, ok := intParam(w, r, "limit")
	if !ok {
		return
	}
	p := r.URL.Query()
	res, err := a.analysis.Recommend(r.Context(), analysis.RecommendQuery{Query: query(r),
		Age: p.Get("age"), Sex: p.Get("sex"), Time: p.Get("time"), Limit: limit})
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// indicatorDoc answers GET /docs/indicators.md: the formulas every served
// number links to.
func (a *API) indicatorDoc(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Write(docs.Indicators)
}
