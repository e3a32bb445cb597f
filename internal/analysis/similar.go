package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/stats"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// similarityKeys are the indicators that describe a district's character;
// look-alikes are nearest over their standardized values.
var similarityKeys = []string{
	"sales_amount", "ticket_avg", "weekend_share", "foot_traffic_per_km2", "similar_stores",
	"franchise_share", "close_rate", "workers", "residents", "monthly_income_avg",
}

// Twin is a district like another, with how far each feature is apart in
// standard deviations (closest features first).
type Twin struct {
	Code     string    `json:"code"`
	Name     string    `json:"name"`
	Distance float64   `json:"distance"`
	Features []Feature `json:"features"`
}

// Feature is one indicator's standardized difference between two districts.
type Feature struct {
	Key  string  `json:"key"`
	Diff float64 `json:"diff_sd"`
}

// Similar returns the k districts most like the one with code (k 1–20,
// default 5).
func (s *Service) Similar(ctx context.Context, code string, q Query, k int) ([]Twin, error) {
	if k == 0 {
		k = 5
	}
	if k < 1 || k > 20 {
		return nil, invalid("k must be 1 to 20, got %d", k)
	}
	snap, err := s.Snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	i := snap.Index(code)
	if i < 0 {
		return nil, fmt.Errorf("district %s: %w", code, store.ErrNotFound)
	}
	m := make([][]float64, len(snap.Indicators))
	for r, set := range snap.Indicators {
		m[r] = make([]float64, len(similarityKeys))
		for c, key := range similarityKeys {
			if v, ok := number(set, key); ok {
				m[r][c] = v
			} else {
				m[r][c] = math.NaN()
			}
		}
	}
	out := []Twin{}
	for _, n := range stats.Nearest(stats.Standardize(m), i, k) {
		t := Twin{Code: snap.Districts[n.Index].Code, Name: snap.Districts[n.Index].Name, Distance: n.Distance}
		for c, d := range n.Diffs {
			if !math.IsNaN(d) {
				t.Features = append(t.Features, Feature{Key: similarityKeys[c], Diff: d})
			}
		}
		slices.SortStableFunc(t.Features, func(a, b Feature) int { return cmp.Compare(a.Diff, b.Diff) })
		out = append(out, t)
	}
	return out, nil
}
