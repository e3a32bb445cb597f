package analysis

import (
	"context"
	"fmt"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// loadVitality gives every district of the snapshot its vitality index of
// quarter: its own value in the feed, else its 행정동's.
func (s *Snapshot) loadVitality(ctx context.Context, db *store.DB, quarter string) error {
	recs, err := db.QuarterAll(ctx, seoul.Vitality, quarter)
	if err != nil {
		return fmt.Errorf("load %s %s: %w", seoul.Vitality, quarter, err)
	}
	if len(recs) == 0 {
		return nil
	}
	values := make(map[string]float64, len(recs))
	for _, r := range recs {
		values[str(r, "code")] = f64(r, "value")
	}
	for i, d := range s.Districts {
		s.Facts[i].Vitality = indicator.VitalityOf(values, d.Code, d.DongCode)
	}
	return nil
}

// vitalityMean is a weighted mean of districts' vitality indexes.
type vitalityMean struct {
	w, sum   float64
	fromDong bool
}

func (m *vitalityMean) add(v *indicator.Vitality, w float64) {
	if v == nil || w <= 0 {
		return
	}
	m.w += w
	m.sum += w * v.Value
	m.fromDong = m.fromDong || v.FromDong
}

func (m *vitalityMean) result() *indicator.Vitality {
	if m.w == 0 {
		return nil
	}
	return &indicator.Vitality{Value: m.sum / m.w, FromDong: m.fromDong}
}
