package ingest

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"github.com/paulmach/orb/geojson"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// polygonRow returns the area_polygons values of a district polygon (see
// store.Columns): its area in m² in EPSG:5181, its WGS84 bounds and GeoJSON
// geometry (rings oriented as RFC 7946 wants), its EPSG:5181 WKB and the
// name the file gives it.
func polygonRow(p seoul.Polygon) ([]any, error) {
	// Six decimals of a degree are about 0.1 m: finer than the published
	// polygons' own precision, and half the size on the wire.
	wgs := geo.RightHanded(geo.ProjectMultiPolygon(p.Geom, func(x, y float64) (float64, float64) {
		lon, lat := geo.FromEPSG5181(x, y)
		return math.Round(lon*1e6) / 1e6, math.Round(lat*1e6) / 1e6
	}))
	var g orb.Geometry = wgs
	if len(wgs) == 1 {
		g = wgs[0]
	}
	gj, err := geojson.NewGeometry(g).MarshalJSON()
	if err != nil {
		return nil, err
	}
	raw, err := wkb.Marshal(p.Geom)
	if err != nil {
		return nil, err
	}
	b := wgs.Bound()
	return []any{p.Code, geo.Area(p.Geom), b.Min[0], b.Min[1], b.Max[0], b.Max[1], string(gj), raw, p.Name}, nil
}
