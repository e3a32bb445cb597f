package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
)

// MapValues is one indicator of every district, to colour a map.
type MapValues struct {
	Indicator string         `json:"indicator"`
	Quarter   string         `json:"quarter"`
	Industry  string         `json:"industry"`
	Unit      string         `json:"unit"`
	Version   string         `json:"version"`
	Values    map[string]any `json:"values"` // code → number, label or null
	// Flags are the flags of the values (not null) that have any: code →
	// flags, so that a map can mark small bases and mixed industries.
	Flags map[string][]string `json:"flags"`
}

// Map returns one indicator of every district.
func (s *Service) Map(ctx context.Context, key string, q Query) (*MapValues, error) {
	def, ok := indicator.Lookup(key)
	if !ok {
		return nil, invalid("unknown indicator %q", key)
	}
	q, err := s.forIndicator(ctx, q, key)
	if err != nil {
		return nil, err
	}
	snap, err := s.Snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &MapValues{Indicator: key, Quarter: snap.Quarter, Industry: snap.Industry, Unit: def.Unit, Version: def.Version,
		Values: make(map[string]any, len(snap.Districts)), Flags: map[string][]string{}}
	for i, d := range snap.Districts {
		v, _ := snap.Indicators[i].Get(key)
		out.Values[d.Code] = v.Value
		if len(v.Flags) > 0 && v.Value != nil {
			out.Flags[d.Code] = v.Flags
		}
	}
	return out, nil
}

// GuOutline is the convex hull of a 자치구's districts, in WGS84: where its
// commercial districts lie, not the 자치구's legal boundary (which Seoul's
// commercial-district files do not publish).
type GuOutline struct {
	Code, Name string
	Ring       orb.Ring
}

// GuOutlines returns one outline per 자치구 of the live districts, from
// their polygons where loaded and their centroids otherwise.
func (s *Service) GuOutlines(ctx context.Context) ([]GuOutline, error) {
	ds, err := s.db.Districts(ctx, storeAll)
	if err != nil {
		return nil, err
	}
	polys, err := s.db.Polygons(ctx)
	if err != nil {
		return nil, err
	}
	pts := map[string][]orb.Point{}
	names := map[string]string{}
	for _, d := range ds {
		names[d.GuCode] = d.GuName
		if mp, ok := polys[d.Code]; ok {
			for _, p := range mp {
				for _, pt := range p[0] {
					lon, lat := geo.FromEPSG5181(pt[0], pt[1])
					pts[d.GuCode] = append(pts[d.GuCode], orb.Point{lon, lat})
				}
			}
			continue
		}
		pts[d.GuCode] = append(pts[d.GuCode], orb.Point{d.Lon, d.Lat})
	}
	var out []GuOutline
	for code, p := range pts {
		if ring := geo.ConvexHull(p); ring != nil {
			out = append(out, GuOutline{Code: code, Name: names[code], Ring: ring})
		}
	}
	slices.SortFunc(out, func(a, b GuOutline) int { return cmp.Compare(a.Code, b.Code) })
	return out, nil
}
