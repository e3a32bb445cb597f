package analysis

import (
	"context"
	"fmt"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// reportDatasets are what a district's report (and every analysis not of one
// indicator) rests on: its sales, stores, foot traffic and change index.
var reportDatasets = []seoul.Dataset{seoul.Sales, seoul.Stores, seoul.FootTraffic, seoul.ChangeIndex}

// DefaultQuarter returns the quarter an analysis uses when none is asked:
// the latest quarter that has the data asked for. With indicator keys, the
// data is the datasets they read (docs/indicators.md); without, the datasets
// of a district's report. When no quarter has all of them, it is the latest
// of the quarters that have the most of them. The web app's default is the
// same (GET /api/v1/catalog serves it as default_quarter).
func (s *Service) DefaultQuarter(ctx context.Context, keys ...string) (string, error) {
	want := reportDatasets
	if len(keys) > 0 {
		want = nil
		for _, k := range keys {
			def, ok := indicator.Lookup(k)
			if !ok {
				return "", invalid("unknown indicator %q", k)
			}
			for _, d := range def.Datasets {
				if ds := seoul.Dataset(d); !contains(want, ds) {
					want = append(want, ds)
				}
			}
		}
	}
	cur, err := s.current(ctx)
	if err != nil {
		return "", err
	}
	q := latestWith(cur.byDataset, want)
	if q == "" {
		return "", fmt.Errorf("no quarterly data is loaded: %w", store.ErrNotFound)
	}
	return q, nil
}

// latestWith returns the latest quarter in which every dataset of want has
// data; when none has all, the latest of those with the most of them; ""
// when no dataset of want has any quarter.
func latestWith(have map[seoul.Dataset][]string, want []seoul.Dataset) string {
	count := map[string]int{}
	for _, d := range want {
		for _, q := range have[d] {
			count[q]++
		}
	}
	best, bestN := "", 0
	for q, n := range count {
		if n > bestN || n == bestN && q > best {
			best, bestN = q, n
		}
	}
	return best
}

func contains(ds []seoul.Dataset, d seoul.Dataset) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

// forIndicator fills in q's default quarter for an analysis of one
// indicator: the latest quarter with the data it reads. An unknown key is
// left for the analysis to refuse.
func (s *Service) forIndicator(ctx context.Context, q Query, key string) (Query, error) {
	if q.Quarter != "" {
		return q, nil
	}
	if _, ok := indicator.Lookup(key); !ok {
		return q, nil
	}
	var err error
	q.Quarter, err = s.DefaultQuarter(ctx, key)
	return q, err
}
