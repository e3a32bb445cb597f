package analysis

import (
	"cmp"
	"context"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Ranked is one district's place in a ranking, with the flags of its value.
type Ranked struct {
	Rank  int      `json:"rank"`
	Code  string   `json:"code"`
	Name  string   `json:"name"`
	Value float64  `json:"value"`
	Flags []string `json:"flags"`
}

// RankingQuery selects and orders a ranking.
type RankingQuery struct {
	Query
	Indicator string // an indicator key with numeric values
	Type, Gu  string // filters, as in store.DistrictFilter
	Ascending bool   // bottom N instead of top N
	Limit     int    // 1–1650; 0 means 10
	// MinStores is the base an indicator read from the stores dataset
	// needs: districts with fewer similar stores (유사_업종_점포_수) are
	// left out. nil means DefaultMinStores; 0 keeps every district.
	MinStores *int
}

// DefaultMinStores is the rankings' minimum base, the threshold of the
// small_base flag: a close rate of 1 in 1 store is not a ranking's top.
const DefaultMinStores = 3

// RankingResult is a ranking and what its base left out.
type RankingResult struct {
	Rankings []Ranked `json:"rankings"`
	// MinStores is the base applied, 0 when the indicator does not read
	// the stores dataset; BelowMinStores counts the districts (after the
	// type and gu filters) left out for it.
	MinStores      int `json:"min_stores"`
	BelowMinStores int `json:"below_min_stores"`
}

// Rankings returns the top (or bottom) districts by an indicator; districts
// where the indicator cannot be computed, or that are under the minimum base
// of stores, are left out. Ties share the order of their codes and get
// consecutive ranks.
func (s *Service) Rankings(ctx context.Context, rq RankingQuery) (*RankingResult, error) {
	if rq.Limit == 0 {
		rq.Limit = 10
	}
	if rq.Limit < 1 || rq.Limit > 1650 {
		return nil, invalid("limit must be 1 to 1650, got %d", rq.Limit)
	}
	res := &RankingResult{MinStores: DefaultMinStores}
	if rq.MinStores != nil {
		res.MinStores = *rq.MinStores
	}
	if res.MinStores < 0 || res.MinStores > 1000 {
		return nil, invalid("min_stores must be 0 to 1000, got %d", res.MinStores)
	}
	if def, ok := indicator.Lookup(rq.Indicator); ok && !slices.Contains(def.Datasets, string(seoul.Stores)) {
		res.MinStores = 0
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
		v, ok := number(snap.Indicators[i], rq.Indicator)
		if !ok {
			continue
		}
		if st := snap.Facts[i].Stores; res.MinStores > 0 && (st == nil || st.Similar < int64(res.MinStores)) {
			res.BelowMinStores++
			continue
		}
		val, _ := snap.Indicators[i].Get(rq.Indicator)
		flags := val.Flags
		if flags == nil {
			flags = []string{}
		}
		out = append(out, Ranked{Code: d.Code, Name: d.Name, Value: v, Flags: flags})
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
	res.Rankings = out
	return res, nil
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
