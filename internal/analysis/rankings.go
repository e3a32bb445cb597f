package analysis

import (
	"cmp"
	"context"
	"slices"
)

// Ranked is one district's place in a ranking.
type Ranked struct {
	Rank  int     `json:"rank"`
	Code  string  `json:"code"`
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// RankingQuery selects and orders a ranking.
type RankingQuery struct {
	Query
	Indicator string // an indicator key with numeric values
	Type, Gu  string // filters, as in store.DistrictFilter
	Ascending bool   // bottom N instead of top N
	Limit     int    // 1–1650; 0 means 10
}

// Rankings returns the top (or bottom) districts by an indicator; districts
// where the indicator cannot be computed are left out. Ties share the order
// of their codes and get consecutive ranks.
func (s *Service) Rankings(ctx context.Context, rq RankingQuery) ([]Ranked, error) {
	if rq.Limit == 0 {
		rq.Limit = 10
	}
	if rq.Limit < 1 || rq.Limit > 1650 {
		return nil, invalid("limit must be 1 to 1650, got %d", rq.Limit)
	}
	q, err := s.forIndicator(ctx, rq.Query, rq.Indicator)
	if err != nil {
		return nil, err
	}
	snap, err := s.Snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	if err := checkNumericKey(snap, rq.Indicator); err != nil {
		return nil, err
	}
	var out []Ranked
	for i, d := range snap.Districts {
		if (rq.Type != "" && d.TypeCode != rq.Type) || (rq.Gu != "" && d.GuCode != rq.Gu && d.GuName != rq.Gu) {
			continue
		}
		if v, ok := number(snap.Indicators[i], rq.Indicator); ok {
			out = append(out, Ranked{Code: d.Code, Name: d.Name, Value: v})
		}
	}
	slices.SortStableFunc(out, func(a, b Ranked) int {
		if rq.Ascending {
			return cmp.Compare(a.Value, b.Value)
		}
		return cmp.Compare(b.Value, a.Value)
	})
	if len(out) > rq.Limit {
		out = out[:rq.Limit]
	}
	for i := range out {
		out[i].Rank = i + 1
	}
	if out == nil {
		out = []Ranked{}
	}
	return out, nil
}

// checkNumericKey fails unless key is an indicator with numeric values.
func checkNumericKey(snap *Snapshot, key string) error {
	if key == "" {
		return invalid("name an indicator, e.g. indicator=sales_amount")
	}
	for _, set := range snap.Indicators {
		v, ok := set.Get(key)
		if !ok {
			return invalid("unknown indicator %q", key)
		}
		switch v.Value.(type) {
		case float64, int64, int:
			return nil
		case string:
			return invalid("indicator %q is a label, not a number", key)
		}
	}
	if len(snap.Indicators) == 0 {
		return invalid("no districts are loaded")
	}
	return nil
}
