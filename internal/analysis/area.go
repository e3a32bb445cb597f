package analysis

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
)

// ErrInvalidGeometry marks a polygon that is not valid (OGC): a ring that
// crosses itself, a hole outside its shell, parts that overlap. Its message
// says which and where, in lon/lat. It is an ErrInvalid too.
var ErrInvalidGeometry = fmt.Errorf("%w: invalid geometry", ErrInvalid)

// Shape is the area of an area analysis: a circle or a GeoJSON polygon, in
// WGS84.
type Shape struct {
	Circle  *Circle         `json:"circle,omitempty"`
	Polygon json.RawMessage `json:"polygon,omitempty"` // GeoJSON Polygon, MultiPolygon, or a Feature of one
}

// Circle is a point and a radius in metres (100–3000).
type Circle struct {
	Lon     float64 `json:"lon"`
	Lat     float64 `json:"lat"`
	RadiusM float64 `json:"radius_m"`
}

// Weighted is a district's share in an area: the share of its own area inside
// the shape (0–1), or 1/0 by its centroid where its polygon is not loaded.
type Weighted struct {
	Code   string  `json:"code"`
	Name   string  `json:"name"`
	Weight float64 `json:"weight"`
	By     string  `json:"by"` // "polygon" or "centroid"
	// Summed is false for a 관광특구 (type U): tourist zones overlap the
	// districts beneath them, so adding them would count the same sales
	// and foot traffic twice. They are listed, not summed.
	Summed bool `json:"summed"`
}

// overlaps reports whether a district type lies on top of other districts:
// the 관광특구 (U) do, the other types tile without overlap.
func overlaps(typeCode string) bool { return typeCode == "U" }

// AreaReport is the indicators of an area, aggregated from its districts.
type AreaReport struct {
	Quarter    string        `json:"quarter"`
	Industry   string        `json:"industry"`
	AreaM2     float64       `json:"area_m2"` // of the shape
	Indicators indicator.Set `json:"indicators"`
	Districts  []Weighted    `json:"districts"`
}

// circleVertices is the circle's polygon resolution; geo.Circle keeps the
// polygon's area equal to the circle's.
const circleVertices = 256

// Area reports on the districts a shape overlaps, weighted by overlap.
func (s *Service) Area(ctx context.Context, shape Shape, q Query) (*AreaReport, error) {
	mp, err := shape.project()
	if err != nil {
		return nil, err
	}
	snap, err := s.Snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	weights := make([]float64, len(snap.Districts))
	report := &AreaReport{Quarter: snap.Quarter, Industry: snap.Industry, AreaM2: geo.Area(mp), Districts: []Weighted{}}
	over := newOverlapper(snap, mp)
	for i, d := range snap.Districts {
		w := Weighted{Code: d.Code, Name: d.Name}
		w.Weight, w.By = over.weight(i, d.Lon, d.Lat)
		if w.Weight > 1e-9 {
			w.Summed = !overlaps(d.TypeCode)
			if w.Summed {
				weights[i] = w.Weight
			}
			report.Districts = append(report.Districts, w)
		}
	}
	slices.SortStableFunc(report.Districts, func(a, b Weighted) int { return cmp.Compare(b.Weight, a.Weight) })
	report.Indicators = indicator.Compute(aggregate("area", snap.Facts, weights), snap.City)
	return report, nil
}

// project validates the shape and returns it in EPSG:5181 metres.
func (sh Shape) project() (orb.MultiPolygon, error) {
	switch {
	case sh.Circle != nil && sh.Polygon != nil:
		return nil, invalid("give a circle or a polygon, not both")
	case sh.Circle != nil:
		c := sh.Circle
		if err := checkLonLat(c.Lon, c.Lat); err != nil {
			return nil, err
		}
		if c.RadiusM < 100 || c.RadiusM > 3000 {
			return nil, invalid("radius_m must be 100 to 3000, got %v", c.RadiusM)
		}
		x, y := geo.ToEPSG5181(c.Lon, c.Lat)
		return orb.MultiPolygon{geo.Circle(orb.Point{x, y}, c.RadiusM, circleVertices)}, nil
	case sh.Polygon != nil:
		g, err := parseGeoJSON(sh.Polygon)
		if err != nil {
			return nil, err
		}
		var mp orb.MultiPolygon
		switch g := g.(type) {
		case nil:
			return nil, invalid("polygon has no geometry (a Feature's geometry is null)")
		case orb.Polygon:
			mp = orb.MultiPolygon{g}
		case orb.MultiPolygon:
			mp = g
		default:
			return nil, invalid("polygon must be a GeoJSON Polygon or MultiPolygon, got %s", g.GeoJSONType())
		}
		for _, p := range mp {
			for _, r := range p {
				for _, pt := range r {
					if err := checkLonLat(pt[0], pt[1]); err != nil {
						return nil, err
					}
				}
			}
		}
		if err := geo.Validate(mp); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidGeometry, err)
		}
		out := geo.ProjectMultiPolygon(mp, geo.ToEPSG5181)
		if geo.Area(out) == 0 {
			return nil, invalid("polygon has no area")
		}
		return out, nil
	}
	return nil, invalid(`give {"circle":{"lon","lat","radius_m"}} or {"polygon":<GeoJSON>}`)
}

func parseGeoJSON(raw json.RawMessage) (orb.Geometry, error) {
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return nil, invalid("polygon is not GeoJSON: %v", err)
	}
	if probe.Type == "Feature" {
		f, err := geojson.UnmarshalFeature(raw)
		if err != nil {
			return nil, invalid("polygon is not a GeoJSON Feature: %v", err)
		}
		return f.Geometry, nil
	}
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		return nil, invalid("polygon is not a GeoJSON geometry: %v", err)
	}
	return g.Geometry(), nil
}

// checkLonLat accepts WGS84 positions around Korea.
func checkLonLat(lon, lat float64) error {
	if lon < 124 || lon > 132 || lat < 33 || lat > 39 {
		return invalid("position (%v, %v) is not a WGS84 lon/lat in Korea", lon, lat)
	}
	return nil
}
