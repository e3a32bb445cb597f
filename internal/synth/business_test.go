package synth

import (
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
	"github.com/sangsaeng/sangsaeng/internal/effect"
)

// TestSalesModelRecovers: the effect put in is the one Callaway &
// Sant'Anna finds on the weekly panel of the sales drawn, and no effect is
// found where none was put in; the draw depends on the business number and
// seed only.
func TestSalesModelRecovers(t *testing.T) {
	first := time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC) // a Monday
	treatedOn := first.AddDate(0, 0, 7*8+3)              // a Thursday: treated from its week
	nos := BusinessNumbers(400, 3, nil)
	for _, bn := range nos {
		if !bizno.Valid(bn) {
			t.Fatalf("%s: invalid business number", bn)
		}
	}
	// 20 seeded draws: the 95% interval should miss the effect put in about
	// once, and the pre-trend test (5% level) reject about once; 5 or more
	// of either has a chance of 0.3% when they work as they should.
	var misses, rejects int
	for seed := range uint64(20) {
		eff := 0.08
		if seed%2 == 1 {
			eff = 0
		}
		m := SalesModel{First: first, Last: first.AddDate(0, 0, 7*16-1), Effect: eff, Trend: 0.03, Seed: seed}
		bs := make([]Business, len(nos))
		for i, bn := range nos {
			bs[i].BusinessNo = bn
			if i < 80 {
				bs[i].Treated = treatedOn
			}
		}
		const T = 16
		p := effect.Panel{First: make([]int, len(bs)), Y: make([]float64, len(bs)*T)}
		for w := range T {
			p.Periods = append(p.Periods, w+1)
		}
		for i := range 80 {
			p.First[i] = 9
		}
		err := m.Each(bs, func(b int, day time.Time, amount, _ int64) error {
			p.Y[b*T+int(day.Sub(first).Hours()/24)/7] += float64(amount)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := effect.CallawaySantAnna(p, effect.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.PreTrend.Caution != "" {
			t.Fatalf("caution: %s", res.PreTrend.Caution)
		}
		lo, hi := res.CI[0]/res.Counterfactual, res.CI[1]/res.Counterfactual
		if lo > eff || hi < eff {
			misses++
			t.Logf("effect %g, seed %d: interval [%.4f, %.4f] misses it", eff, seed, lo, hi)
		}
		if res.PreTrend.P != nil && *res.PreTrend.P < 0.05 {
			rejects++
			t.Logf("effect %g, seed %d: pre-trend p = %.3f", eff, seed, *res.PreTrend.P)
		}
	}
	if misses >= 5 || rejects >= 5 {
		t.Errorf("of 20 draws, %d intervals missed the effect and %d pre-trend tests rejected; want fewer than 5 each", misses, rejects)
	}
	// The same business and seed draw the same sales, whatever the others.
	m := SalesModel{First: first, Last: first.AddDate(0, 0, 6), Seed: 9}
	var a, b []int64
	m.Each([]Business{{BusinessNo: nos[0]}}, func(_ int, _ time.Time, amount, _ int64) error { a = append(a, amount); return nil })
	m.Each([]Business{{BusinessNo: nos[1]}, {BusinessNo: nos[0]}}, func(i int, _ time.Time, amount, _ int64) error {
		if i == 1 {
			b = append(b, amount)
		}
		return nil
	})
	for d := range a {
		if a[d] != b[d] {
			t.Fatalf("day %d: %d alone, %d beside another business", d, a[d], b[d])
		}
	}
}
