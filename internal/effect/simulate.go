package effect

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Cohort is a group of units first treated in the same period.
type Cohort struct {
	Start int // period label of first treatment (1 = the first period)
	Units int
}

// SimSpec describes a synthetic merchant panel with a known effect: monthly
// or weekly sales of Units merchants over Periods periods (labels 1…Periods),
// the cohorts treated from their Start on and the rest never treated.
//
//	Y_it = Level·(1 + UnitSD·u_i) + Selection·1{i treated} + Trend·t
//	       + Season·sin(2πt/12) + DiffTrend·t·1{i treated} + Effect·1{t ≥ g_i} + ε_it,
//	ε_it = AR·ε_i,t−1 + NoiseSD·e_it, with u_i, e_it standard normal.
//
// Selection (treated merchants are larger) and the common trend and season
// confound a naive before–after or treated–untreated comparison but not a
// DiD; DiffTrend breaks parallel trends, which the pre-trend check should
// catch.
type SimSpec struct {
	Units, Periods int
	Cohorts        []Cohort
	Effect         float64
	Level, UnitSD  float64
	Selection      float64
	Trend, Season  float64
	DiffTrend      float64
	NoiseSD, AR    float64
	Seed           uint64
}

// Simulate returns the panel SimSpec describes. The true average effect on
// the treated over their treated periods is Effect.
func Simulate(s SimSpec) (Panel, error) {
	var nTreated int
	for _, c := range s.Cohorts {
		if c.Start < 1 || c.Start > s.Periods || c.Units < 0 {
			return Panel{}, fmt.Errorf("%w: cohort starting in %d of %d periods with %d units", ErrInput, c.Start, s.Periods, c.Units)
		}
		nTreated += c.Units
	}
	if s.Periods < 2 || nTreated > s.Units {
		return Panel{}, fmt.Errorf("%w: %d units (%d treated) over %d periods", ErrInput, s.Units, nTreated, s.Periods)
	}
	r := rand.New(rand.NewPCG(s.Seed, 0x5e11e5))
	p := Panel{Periods: make([]int, s.Periods), First: make([]int, s.Units), Y: make([]float64, s.Units*s.Periods)}
	for t := range s.Periods {
		p.Periods[t] = t + 1
	}
	i := 0
	for _, c := range s.Cohorts {
		for range c.Units {
			p.First[i] = c.Start
			i++
		}
	}
	for i := range s.Units {
		treated := p.First[i] != Never
		base := s.Level * (1 + s.UnitSD*r.NormFloat64())
		if treated {
			base += s.Selection
		}
		var eps float64
		for t := range s.Periods {
			lab := float64(t + 1)
			eps = s.AR*eps + s.NoiseSD*r.NormFloat64()
			y := base + s.Trend*lab + s.Season*math.Sin(2*math.Pi*lab/12) + eps
			if treated {
				y += s.DiffTrend * lab
				if t+1 >= p.First[i] {
					y += s.Effect
				}
			}
			p.Y[i*s.Periods+t] = y
		}
	}
	return p, nil
}
