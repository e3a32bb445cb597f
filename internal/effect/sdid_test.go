package effect

import (
	"math"
	"sort"
	"testing"
)

// california returns Proposition 99's panel: 38 control states, then
// California; 1970–2000, California treated from 1989.
func california(t *testing.T) (y matrix, states []string, years []int) {
	t.Helper()
	recs := readCSV(t, effectsData(t, "california_prop99.csv"), ';')
	idx := map[string]int{}
	var treated string
	yearSet := map[int]bool{}
	for _, r := range recs {
		yearSet[int(atof(t, r[1]))] = true
		if r[3] == "1" {
			treated = r[0]
		}
	}
	for yr := range yearSet {
		years = append(years, yr)
	}
	sort.Ints(years)
	for _, r := range recs {
		if _, ok := idx[r[0]]; !ok && r[0] != treated {
			idx[r[0]] = len(states)
			states = append(states, r[0])
		}
	}
	idx[treated] = len(states)
	states = append(states, treated)
	y = matrix{n: len(states), t: len(years), v: make([]float64, len(states)*len(years))}
	for _, r := range recs {
		y.v[idx[r[0]]*y.t+int(atof(t, r[1]))-years[0]] = atof(t, r[2])
	}
	return y, states, years
}

// The synthdid package's example (algorithm VersionSDID: ζ = (N₁T₁)^¼σ;
// synthdid before 0.0.9 printed −14.233 with another regularisation).
func TestCaliforniaSynthetic(t *testing.T) {
	y, states, years := california(t)
	n0, t0 := len(states)-1, 19
	if years[t0] != 1989 {
		t.Fatalf("pre-periods end at %d, want 1988", years[t0-1])
	}
	for _, c := range []struct {
		kind SynthKind
		want float64
	}{{SynthDiD, -15.603828}, {SynthControl, -19.619663}, {SynthPlainDiD, -27.349111}} {
		f := synth(y, n0, t0, c.kind)
		if !near(f.tau, c.want, 1e-3) {
			t.Errorf("kind %d: τ = %.6f, want %.6f", c.kind, f.tau, c.want)
		}
		if c.kind != SynthDiD {
			continue
		}
		for name, w := range map[string]float64{"Nevada": 0.124, "New Hampshire": 0.105, "Connecticut": 0.078, "Delaware": 0.070, "Colorado": 0.058} {
			for i, s := range states {
				if s == name && !near(f.omega[i], w, 0.0005) {
					t.Errorf("ω(%s) = %.4f, want %.3f", name, f.omega[i], w)
				}
			}
		}
		for yr, w := range map[int]float64{1986: 0.366, 1987: 0.206, 1988: 0.427} {
			if got := f.lambda[yr-years[0]]; !near(got, w, 0.0005) {
				t.Errorf("λ(%d) = %.4f, want %.3f", yr, got, w)
			}
		}
		var sum float64
		for _, w := range f.lambda {
			sum += w
		}
		if !near(sum, 1, 1e-12) {
			t.Errorf("λ sums to %v", sum)
		}
		se, err := placeboSE(y, n0, t0, SynthDiD, f, 200, 1)
		if err != nil {
			t.Fatal(err)
		}
		// synthdid: 8.368 with 200 draws; the Monte Carlo error of an SE from
		// 200 draws is about 5%.
		if se < 8.4*0.85 || se > 8.4*1.15 || math.IsNaN(se) {
			t.Errorf("placebo SE %.3f, want 8.4 ± 15%%", se)
		}
	}
}
