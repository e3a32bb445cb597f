package analysis

import (
	"context"
	"fmt"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// DistrictIndicators is one district's indicators for a quarter and industry.
type DistrictIndicators struct {
	District   store.District `json:"district"`
	Quarter    string         `json:"quarter"`
	Industry   string         `json:"industry"`
	Indicators indicator.Set  `json:"indicators"`
	// Evaluation lists the raw metrics behind the five evaluation
	// components, as ranked against the city.
	Evaluation indicator.EvaluationComponents `json:"evaluation_components"`
}

// Indicators returns the indicators of the district with code.
func (s *Service) Indicators(ctx context.Context, code string, q Query) (*DistrictIndicators, error) {
	snap, err := s.Snapshot(ctx, q)
	if err != nil {
		return nil, err
	}
	i := snap.Index(code)
	if i < 0 {
		return nil, fmt.Errorf("district %s: %w", code, store.ErrNotFound)
	}
	return &DistrictIndicators{District: snap.Districts[i], Quarter: snap.Quarter, Industry: snap.Industry,
		Indicators: snap.Indicators[i], Evaluation: indicator.Components(snap.Facts[i])}, nil
}

// Compare returns the indicators of up to four districts side by side.
func (s *Service) Compare(ctx context.Context, codes []string, q Query) ([]DistrictIndicators, error) {
	if len(codes) < 1 || len(codes) > 4 {
		return nil, invalid("compare takes 1 to 4 district codes, got %d", len(codes))
	}
	out := make([]DistrictIndicators, 0, len(codes))
	for _, c := range codes {
		d, err := s.Indicators(ctx, c, q)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, nil
}

// number returns an indicator's value as a float64, if it is a number.
func number(set indicator.Set, key string) (float64, bool) {
	v, ok := set.Get(key)
	if !ok {
		return 0, false
	}
	switch x := v.Value.(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	case int:
		return float64(x), true
	}
	return 0, false
}
