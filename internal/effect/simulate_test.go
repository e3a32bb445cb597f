package effect

import (
	"os"
	"strconv"
	"testing"
)

// merchants is a staggered program on monthly sales (won): 150 merchants in
// three rounds against 250 that got nothing, over 18 months.
func merchants(effect, diffTrend float64, seed uint64) SimSpec {
	return SimSpec{
		Units: 400, Periods: 18,
		Cohorts: []Cohort{{Start: 7, Units: 50}, {Start: 10, Units: 50}, {Start: 13, Units: 50}},
		Effect:  effect,
		Level:   20_000_000, UnitSD: 0.3, Selection: 6_000_000,
		Trend: 150_000, Season: 2_000_000, DiffTrend: diffTrend,
		NoiseSD: 1_500_000, AR: 0.5,
		Seed: seed,
	}
}

// replicate runs n replications of method seeded from first on and returns
// how often the 95% interval covered the injected effect and the pre-trend
// test rejected.
func replicate(t *testing.T, n int, first uint64, effect, diffTrend float64, method string) (covered, rejectedPre int) {
	t.Helper()
	for seed := first; seed < first+uint64(n); seed++ {
		spec := merchants(effect, diffTrend, seed)
		if method != "cs" {
			spec.Units, spec.Cohorts = 200, []Cohort{{Start: 10, Units: 40}}
		}
		p, err := Simulate(spec)
		if err != nil {
			t.Fatal(err)
		}
		var res *Result
		switch method {
		case "cs":
			res, err = CallawaySantAnna(p, Options{})
		case "did":
			res, err = DiD(p, Options{})
		case "sdid":
			res, err = Synthetic(p, SynthDiD, Options{Bootstrap: 20, Seed: seed})
		}
		if err != nil {
			t.Fatal(err)
		}
		if res.CI[0] <= effect && effect <= res.CI[1] {
			covered++
		}
		if res.PreTrend.P != nil && *res.PreTrend.P < 0.05 {
			rejectedPre++
		}
	}
	return covered, rejectedPre
}

// Seeded replications recover the injected effect: the 95% interval covers
// it, a null effect is rarely found, and the pre-trend check catches
// treated merchants that were already growing faster.
func TestRecovery(t *testing.T) {
	for _, c := range []struct {
		n            int
		method       string
		effect       float64
		diffTrend    float64
		minCover     int // of n
		minPreReject int
		maxPreReject int
	}{
		{20, "cs", 1_000_000, 0, 17, 0, 4},
		{20, "cs", 0, 0, 17, 0, 4},
		{20, "did", 1_000_000, 0, 17, 0, 4},
		{5, "sdid", 1_000_000, 0, 4, 0, 2},
		{20, "cs", 1_000_000, 400_000, 0, 17, 20},
	} {
		n := c.n
		cov, pre := replicate(t, n, 1, c.effect, c.diffTrend, c.method)
		if cov < c.minCover || pre < c.minPreReject || pre > c.maxPreReject {
			t.Errorf("%s, effect %.0f, differential trend %.0f: covered %d/%d (want ≥ %d), pre-trend rejected %d/%d (want %d–%d)",
				c.method, c.effect, c.diffTrend, cov, n, c.minCover, pre, n, c.minPreReject, c.maxPreReject)
		}
	}
}

// TestCoverage runs SANGSAENG_EFFECT_REPLICATIONS seeded replications (a few
// hundred for the figures in docs/effects.md) and reports the coverage of
// the 95% interval and the rate at which a null effect is found.
func TestCoverage(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("SANGSAENG_EFFECT_REPLICATIONS"))
	if n <= 0 || testing.Short() {
		t.Skip("set SANGSAENG_EFFECT_REPLICATIONS (e.g. 400) to measure coverage over many replications")
	}
	for _, m := range []string{"cs", "did", "sdid"} {
		n := n
		if m == "sdid" {
			n = max(n/8, 10) // each replication refits the weights 21 times
		}
		// The effect is additive, so the null runs on other seeds: with the
		// same ones its intervals would merely shift.
		cov, pre := replicate(t, n, 1, 1_000_000, 0, m)
		covNull, _ := replicate(t, n, 1_000_001, 0, 0, m)
		t.Logf("%s: coverage %.3f (%d/%d), null rejected %.3f, pre-trend rejected %.3f", m,
			float64(cov)/float64(n), cov, n, 1-float64(covNull)/float64(n), float64(pre)/float64(n))
		if float64(cov)/float64(n) < 0.92 || 1-float64(covNull)/float64(n) > 0.08 {
			t.Errorf("%s: coverage %d/%d, null covered %d/%d: want about 95%%", m, cov, n, covNull, n)
		}
	}
}
