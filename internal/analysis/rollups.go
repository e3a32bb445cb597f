package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
)

// Rollup is the indicators of a 자치구 or 행정동, aggregated from its districts.
type Rollup struct {
	Code       string        `json:"code"`
	Name       string        `json:"name"`
	Districts  int           `json:"districts"`
	Indicators indicator.Set `json:"indicators"`
}

// Rollups aggregates every district into its 자치구 (level "gu") or 행정동
// (level "dong"): sums where a figure is additive, weighted means where not
// (see aggregate), then the indicators of the sums. 관광특구 are left out:
// they overlap the districts beneath them, which already count their figures.
func (s *Service) Rollups(ctx context.Context, level string, q Query) ([]Rollup, error) {
	if level != "gu" && level != "dong" {
		return nil, invalid("roll-up level must be gu or dong, got %q", level)
	}
	snap, err := s.Snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	type group struct {
		code, name string
		members    []int
	}
	groups := map[string]*group{}
	for i, d := range snap.Districts {
		if overlaps(d.TypeCode) {
			continue
		}
		code, name := d.GuCode, d.GuName
		if level == "dong" {
			code, name = d.DongCode, d.DongName
		}
		g := groups[code]
		if g == nil {
			g = &group{code: code, name: name}
			groups[code] = g
		}
		g.members = append(g.members, i)
	}
	var out []Rollup
	for _, g := range groups {
		facts := make([]indicator.District, len(g.members))
		weights := make([]float64, len(g.members))
		for k, i := range g.members {
			facts[k], weights[k] = snap.Facts[i], 1
		}
		agg := aggregate(g.code, facts, weights)
		out = append(out, Rollup{Code: g.code, Name: g.name, Districts: len(g.members), Indicators: indicator.Compute(agg, snap.City)})
	}
	slices.SortFunc(out, func(a, b Rollup) int { return cmp.Compare(a.Code, b.Code) })
	return out, nil
}
