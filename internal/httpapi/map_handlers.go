package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/sangsaeng/sangsaeng/docs"
	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// catalog answers GET /api/v1/catalog: what a client can ask for — the
// indicators with their definitions, the live quarters, the quarter the app
// opens on (analysis.DefaultQuarter), the industries, and the basemap tile URL;
// built once per data version (the web app asks for it on every load).
func (a *API) catalog(w http.ResponseWriter, r *http.Request) {
	a.serveCached(w, r, "catalog", jsonType, func(ctx context.Context) ([]byte, error) {
		quarters, err := a.db.Quarters(ctx, seoul.Datasets...)
		if err != nil {
			return nil, err
		}
		industries, err := a.db.Industries(ctx)
		if err != nil {
			return nil, err
		}
		if quarters == nil {
			quarters = []string{}
		}
		// The web app opens on the quarter a report defaults to.
		def, err := a.analysis.DefaultQuarter(ctx)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		return encodeJSON(map[string]any{"indicators": indicator.Definitions(), "quarters": quarters,
			"default_quarter": def, "industries": industries, "tiles": a.tiles})
	})
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

// mapTolerance is how far, in metres, a district outline the map draws may
// stray from the published polygon (docs/indicators.md, "District outlines
// for the map").
const mapTolerance = 1.0

// districtGeometry answers GET /api/v1/geometry/districts?format=: every
// district with a polygon, simplified for drawing (within mapTolerance,
// boundaries that districts share simplified alike), as a GeoJSON
// FeatureCollection or, with format=compact, as compactOutlines; each built
// once per data version. GET /api/v1/districts/{code} and the analyses keep
// the full polygons.
func (a *API) districtGeometry(w http.ResponseWriter, r *http.Request) {
	switch f := r.URL.Query().Get("format"); f {
	case "", "geojson":
		a.serveCached(w, r, "districts", geoJSONType, a.outlinesGeoJSON)
	case "compact":
		a.serveCached(w, r, "districts-compact", jsonType, a.outlinesCompact)
	default:
		badParameter(w, fmt.Sprintf("format %q: want geojson or compact", f))
	}
}

// outlinesGeoJSON is the GeoJSON form of districtGeometry's answer.
func (a *API) outlinesGeoJSON(ctx context.Context) ([]byte, error) {
	outlines, polys, err := a.mapOutlines(ctx)
	if err != nil {
		return nil, err
	}
	return districtFeatures(outlines, polys)
}

// outlinesCompact is the compact form of districtGeometry's answer, the
// one the web app draws: Warm builds it when the server starts.
func (a *API) outlinesCompact(ctx context.Context) ([]byte, error) {
	outlines, polys, err := a.mapOutlines(ctx)
	if err != nil {
		return nil, err
	}
	return compactOutlines(outlines, polys), nil
}

// outlineMemo keeps the simplified outlines of one data version, which
// both forms of the answer are made from (simplifying takes seconds).
type outlineMemo struct {
	mu       sync.Mutex
	version  int64
	outlines []store.Outline
	polys    []orb.MultiPolygon
}

// mapOutlines returns every live district that has a polygon and its
// polygon simplified for drawing, in WGS84, simplified once per data
// version.
func (a *API) mapOutlines(ctx context.Context) ([]store.Outline, []orb.MultiPolygon, error) {
	version, err := a.db.Version(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := &a.outlines
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.polys != nil && m.version == version {
		return m.outlines, m.polys, nil
	}
	outlines, polys, err := a.simplifiedOutlines(ctx)
	if err != nil {
		return nil, nil, err
	}
	m.version, m.outlines, m.polys = version, outlines, polys
	return outlines, polys, nil
}

// simplifiedOutlines reads the outlines and simplifies them for drawing.
func (a *API) simplifiedOutlines(ctx context.Context) ([]store.Outline, []orb.MultiPolygon, error) {
	outlines, err := a.db.Outlines(ctx)
	if err != nil {
		return nil, nil, err
	}
	polys := make([]orb.MultiPolygon, len(outlines))
	for i, o := range outlines {
		g, err := geojson.UnmarshalGeometry([]byte(o.GeoJSON))
		if err != nil {
			return nil, nil, fmt.Errorf("polygon of %s: %w", o.Code, err)
		}
		switch c := g.Coordinates.(type) {
		case orb.Polygon:
			polys[i] = orb.MultiPolygon{c}
		case orb.MultiPolygon:
			polys[i] = c
		default:
			return nil, nil, fmt.Errorf("polygon of %s: a %s, want a Polygon or MultiPolygon", o.Code, g.Type)
		}
	}
	return outlines, geo.SimplifyShared(polys, mapTolerance, geo.ToEPSG5181), nil
}

// districtFeatures encodes the outlines as a GeoJSON FeatureCollection.
func districtFeatures(outlines []store.Outline, polys []orb.MultiPolygon) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i, o := range outlines {
		if i > 0 {
			b.WriteByte(',')
		}
		id, _ := json.Marshal(o.Code)
		props, _ := json.Marshal(map[string]string{"code": o.Code, "name": o.Name, "type_code": o.TypeCode,
			"type_name": o.TypeName, "gu_code": o.GuCode, "gu_name": o.GuName})
		var g orb.Geometry = polys[i]
		if len(polys[i]) == 1 {
			g = polys[i][0]
		}
		geom, err := geojson.NewGeometry(g).MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("polygon of %s: %w", o.Code, err)
		}
		b.WriteString(`{"type":"Feature","id":`)
		b.Write(id)
		b.WriteString(`,"properties":`)
		b.Write(props)
		b.WriteString(`,"geometry":`)
		b.Write(geom)
		b.WriteByte('}')
	}
	b.WriteString("]}\n")
	return b.Bytes(), nil
}

// compactScale is how many units of the compact encoding make a degree:
// the six decimals the polygons are stored with.
const compactScale = 1_000_000

// compactOutlines encodes the outlines as
// {"scale":1000000,"districts":[{"code","polygons":[[ring, …], …]}, …]}:
// a ring is a flat array of integers, its first point in units of
// 1/scale degree (lon, lat), every other point as the difference from the
// one before, the closing point left out. A third of the GeoJSON's bytes,
// and the page makes its shapes without GeoJSON's intermediate objects.
func compactOutlines(outlines []store.Outline, polys []orb.MultiPolygon) []byte {
	b := make([]byte, 0, 1<<20)
	b = append(b, `{"scale":`...)
	b = strconv.AppendInt(b, compactScale, 10)
	b = append(b, `,"districts":[`...)
	for i, o := range outlines {
		if i > 0 {
			b = append(b, ',')
		}
		code, _ := json.Marshal(o.Code)
		b = append(b, `{"code":`...)
		b = append(b, code...)
		b = append(b, `,"polygons":[`...)
		for j, poly := range polys[i] {
			if j > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for k, ring := range poly {
				if k > 0 {
					b = append(b, ',')
				}
				if n := len(ring); n > 1 && ring[0] == ring[n-1] {
					ring = ring[:n-1]
				}
				b = append(b, '[')
				var x0, y0 int64
				for m, p := range ring {
					x, y := int64(math.Round(p[0]*compactScale)), int64(math.Round(p[1]*compactScale))
					if m > 0 {
						b = append(b, ',')
					}
					b = strconv.AppendInt(b, x-x0, 10)
					b = append(b, ',')
					b = strconv.AppendInt(b, y-y0, 10)
					x0, y0 = x, y
				}
				b = append(b, ']')
			}
			b = append(b, ']')
		}
		b = append(b, "]}"...)
	}
	return append(b, "]}\n"...)
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
