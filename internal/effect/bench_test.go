package effect

import "testing"

// BenchmarkProgram100k is docs/benchmarks.md's "Effect estimation": a
// 50-merchant program against 100,000 control merchants over 104 weeks,
// Callaway & Sant'Anna with the 999-draw multiplier bootstrap.
func BenchmarkProgram100k(b *testing.B) {
	p, err := Simulate(SimSpec{
		Units: 100_050, Periods: 104,
		Cohorts: []Cohort{{Start: 53, Units: 50}},
		Effect:  500_000, Level: 5_000_000, UnitSD: 0.4, Selection: 500_000,
		Trend: 10_000, Season: 400_000, NoiseSD: 600_000, AR: 0.5, Seed: 1,
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res, err := CallawaySantAnna(p, Options{Bootstrap: 999, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		if res.Treated != 50 || res.Controls != 100_000 {
			b.Fatalf("treated %d, controls %d", res.Treated, res.Controls)
		}
	}
}
