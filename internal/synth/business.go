package synth

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
)

// SalesModel draws daily card sales of businesses a program knows by
// 사업자등록번호, for days First to Last: the model of PanelSpec,
//
//	L_i/7 · dow(d) · (1 + (Trend + s_i)·d/364 + Season·sin(2πd/364) + e_i,w(d)) · (1 + Effect·1{d ≥ g_i}) · (1 + 0.05·n_i,d),
//
// with d the days since First, but with no selection: a business's level
// and trend are drawn from its business number and the seed alone, so the
// only difference the estimators can find is the injected Effect, from
// each treated business's first treated day g_i on. Because the effect is
// multiplicative, the ATT over the counterfactual mean is Effect. The
// common trend and season move every business in proportion to its level,
// so in won a cohort whose mean level happens to differ from the controls'
// moves apart from them before treatment: a strong Season (PanelSpec's
// 0.08) fails the pre-trend check on a long panel; 0 keeps the trends
// parallel.
type SalesModel struct {
	First, Last time.Time // days (midnight, UTC)
	Effect      float64
	Trend       float64 // the market's yearly growth (0.03: +3%)
	Season      float64 // amplitude of the yearly season (0.08: ±8%)
	Seed        uint64
}

// Business is one business of a SalesModel and the day it was first
// treated (zero: never).
type Business struct {
	BusinessNo string
	Treated    time.Time
}

// Each calls fn with each business's sales on each day, business by
// business in the order given, amounts in won.
func (m SalesModel) Each(bs []Business, fn func(b int, day time.Time, amount, count int64) error) error {
	if m.Last.Before(m.First) {
		return fmt.Errorf("sales from %s to %s: the last day is before the first", m.First.Format(time.DateOnly), m.Last.Format(time.DateOnly))
	}
	if m.Effect <= -1 || math.IsNaN(m.Effect) || math.IsInf(m.Effect, 0) {
		return fmt.Errorf("effect %g: want a finite multiple above −1", m.Effect)
	}
	days := int(m.Last.Sub(m.First).Hours()/24) + 1
	dow := int(m.First.Weekday()+6) % 7 // Monday 0
	for b, biz := range bs {
		r := rng(m.Seed, "business", biz.BusinessNo)
		level := 3_500_000 * math.Exp(0.5*r.NormFloat64())
		trend := m.Trend + 0.01*r.NormFloat64()
		tick := 9_000 + 8_000*r.Float64()
		start := days
		if !biz.Treated.IsZero() {
			start = int(math.Ceil(biz.Treated.Sub(m.First).Hours() / 24))
		}
		var e float64
		for d := range days {
			if (d+dow)%7 == 0 || d == 0 {
				e = 0.5*e + 0.03*r.NormFloat64()
			}
			y := level / 7 * dowWeights[(d+dow)%7] * (1 + trend*float64(d)/364 + m.Season*math.Sin(2*math.Pi*float64(d)/364) + e)
			if d >= start {
				y *= 1 + m.Effect
			}
			y *= 1 + 0.05*r.NormFloat64()
			amount := int64(math.Round(max(y, 0)))
			count := max(int64(math.Round(float64(amount)/tick)), 0)
			if err := fn(b, m.First.AddDate(0, 0, d), amount, count); err != nil {
				return err
			}
		}
	}
	return nil
}

// BusinessNumbers returns n valid 사업자등록번호 (10 digits, check digit
// right) drawn from the seed, none of them in taken.
func BusinessNumbers(n int, seed uint64, taken map[string]bool) []string {
	r := rng(seed, "business numbers")
	out := make([]string, 0, n)
	seen := map[string]bool{}
	for len(out) < n {
		nine := strconv.Itoa(100_000_000 + r.IntN(900_000_000))
		c, _ := bizno.CheckDigit(nine)
		bn := nine + string(c)
		if !taken[bn] && !seen[bn] {
			seen[bn] = true
			out = append(out, bn)
		}
	}
	return out
}
