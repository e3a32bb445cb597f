package effect

import (
	"fmt"
	"math"
	"slices"
)

// nearest pairs treated units with their nearest controls: for each treated
// unit in the given order, the ratio closest (Euclidean) controls not yet
// taken, ties going to the earlier control (one to many, without
// replacement; MatchIt's nearest-neighbour matching). It returns the chosen
// controls per treated unit; a treated unit gets fewer when controls run out.
func nearest(treated, controls [][]float64, order []int, ratio int) [][]int {
	taken := make([]bool, len(controls))
	out := make([][]int, len(treated))
	for round := 0; round < ratio; round++ {
		for _, ti := range order {
			best, bestD := -1, math.Inf(1)
			for ci, c := range controls {
				if taken[ci] {
					continue
				}
				var d float64
				for j, v := range c {
					d += (v - treated[ti][j]) * (v - treated[ti][j])
				}
				if d < bestD {
					best, bestD = ci, d
				}
			}
			if best >= 0 {
				taken[best] = true
				out[ti] = append(out[ti], best)
			}
		}
	}
	return out
}

// Balance compares treated and control units on one matching feature,
// before and after matching: the means and the standardised mean
// difference (mean_T − mean_C)/sd_T.
type Balance struct {
	Feature      string  `json:"feature"`
	Treated      float64 `json:"treated"`
	ControlsAll  float64 `json:"controls_before"`
	SMDBefore    float64 `json:"smd_before"`
	ControlsKept float64 `json:"controls_after"`
	SMDAfter     float64 `json:"smd_after"`
}

// Matched is a panel restricted to the treated units and their matched
// controls, with the balance it achieved.
type Matched struct {
	Panel   Panel
	Balance []Balance
	Kept    int // controls kept
	Of      int // controls before matching
}

// MatchPanel keeps, for each treated unit, its ratio nearest never-treated
// units on the pre-period level (mean outcome) and trend (least-squares
// slope per period) over the periods before the first cohort starts, both
// divided by their standard deviation over all units. Treated units choose
// in descending order of level (the largest first), without replacement.
func MatchPanel(p Panel, ratio int, opt Options) (*Matched, error) {
	d, err := newDesign(p, opt)
	if err != nil {
		return nil, err
	}
	if ratio < 1 {
		return nil, fmt.Errorf("%w: match ratio %d", ErrInput, ratio)
	}
	c := d.cohorts()
	if len(c) == 0 || d.never < 0 {
		return nil, fmt.Errorf("%w: matching needs treated and never-treated units", ErrInput)
	}
	t0 := d.index(d.groups[c[0]].first)
	if t0 < 2 {
		return nil, fmt.Errorf("%w: %d period(s) before the first treatment; matching on level and trend needs 2", ErrInput, t0)
	}
	feature := func(i int) []float64 {
		row := p.Y[i*d.T : i*d.T+t0]
		var m, tm float64
		for t, v := range row {
			m += v
			tm += float64(t)
		}
		m /= float64(t0)
		tm /= float64(t0)
		var sxy, sxx float64
		for t, v := range row {
			sxy += (float64(t) - tm) * (v - m)
			sxx += (float64(t) - tm) * (float64(t) - tm)
		}
		return []float64{m, sxy / sxx}
	}
	var treated, controls [][]float64
	var tIdx []int
	for _, gi := range c {
		for _, i := range d.groups[gi].units {
			treated = append(treated, feature(i))
			tIdx = append(tIdx, i)
		}
	}
	cIdx := d.groups[d.never].units
	for _, i := range cIdx {
		controls = append(controls, feature(i))
	}
	scale := make([]float64, 2)
	for j := range scale {
		var all []float64
		for _, f := range append(slices.Clone(treated), controls...) {
			all = append(all, f[j])
		}
		scale[j] = sampleSD(all)
		if scale[j] == 0 {
			scale[j] = 1
		}
	}
	std := func(fs [][]float64) [][]float64 {
		out := make([][]float64, len(fs))
		for i, f := range fs {
			out[i] = []float64{f[0] / scale[0], f[1] / scale[1]}
		}
		return out
	}
	order := make([]int, len(treated))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case treated[a][0] > treated[b][0]:
			return -1
		case treated[a][0] < treated[b][0]:
			return 1
		}
		return 0
	})
	pairs := nearest(std(treated), std(controls), order, ratio)
	var keptC [][]float64
	keep := make([]bool, len(p.First))
	for _, i := range tIdx {
		keep[i] = true
	}
	for _, cs := range pairs {
		for _, ci := range cs {
			keep[cIdx[ci]] = true
			keptC = append(keptC, controls[ci])
		}
	}
	if err := checkPrivacy("the matched control group", len(keptC), opt.minUnits()); err != nil {
		return nil, err
	}
	m := &Matched{Kept: len(keptC), Of: len(cIdx)}
	for j, name := range []string{"pre-period level", "pre-period trend"} {
		m.Balance = append(m.Balance, balance(name, treated, controls, keptC, j))
	}
	m.Panel.Periods = p.Periods
	for i, k := range keep {
		if k {
			m.Panel.First = append(m.Panel.First, p.First[i])
			m.Panel.Y = append(m.Panel.Y, p.Y[i*d.T:(i+1)*d.T]...)
		}
	}
	return m, nil
}

func balance(name string, treated, before, after [][]float64, j int) Balance {
	col := func(fs [][]float64) []float64 {
		out := make([]float64, len(fs))
		for i, f := range fs {
			out[i] = f[j]
		}
		return out
	}
	mean := func(x []float64) float64 {
		var s float64
		for _, v := range x {
			s += v
		}
		return s / float64(len(x))
	}
	t := col(treated)
	sd := sampleSD(t)
	if sd == 0 {
		sd = 1
	}
	b := Balance{Feature: name, Treated: mean(t), ControlsAll: mean(col(before)), ControlsKept: mean(col(after))}
	b.SMDBefore = (b.Treated - b.ControlsAll) / sd
	b.SMDAfter = (b.Treated - b.ControlsKept) / sd
	return b
}
