package synth

import (
	"fmt"
	"math"
	"slices"
)

// planFoot chooses every district's cells — in the district alone where
// it has such cells, else those it shares that burden the others least —
// and makes, quarter by quarter, the rows of the districts with shared
// cells together (solveFoot): their cells give foot traffic to the
// districts they share them with. What they give districts with cells of
// their own is taken off those districts' targets.
func (p *Plan) planFoot() {
	rep := &p.report.Foot
	totals := map[string]float64{} // mean published total per district
	nq := map[string]int{}
	for k, row := range p.pub.Foot {
		totals[k.Code] += float64(row.Total)
		nq[k.Code]++
	}
	for c := range totals {
		totals[c] /= float64(nq[c])
	}
	// cost is how much a district's cell would burden the others it
	// overlaps: their share over the district's, relative to their
	// totals.
	costOf := func(code string) func(footCell) float64 {
		return func(c footCell) float64 {
			cost := 0.0
			for _, o := range c.others {
				cost += o.Fraction / c.share * totals[code] / max(totals[o.Code], 1)
			}
			return cost
		}
	}
	for _, code := range slices.Sorted(mapKeys(totals)) {
		if p.placer.site(code) == nil {
			rep.deviate("no_polygon", "the district has no polygon in --areas: its foot traffic cannot be placed", code)
			continue
		}
		cells, excl := p.placer.footCells(code, rng(p.cfg.Seed, "cells", code), cellsPerDistrict, costOf(code))
		if len(cells) == 0 {
			rep.deviate("no_cell", fmt.Sprintf("no 50 m cell holds %.0f%% of the district: its foot traffic cannot be placed", 100*minCellShare), code)
			continue
		}
		p.setCells(code, cells)
		if !excl {
			p.report.Placement.SharedCells = append(p.report.Placement.SharedCells, code)
			p.footShared[code] = true
		}
	}
	byQuarter := map[quarter][]string{}
	for _, k := range sortedKeys(p.pub.Foot) {
		if p.footShared[k.Code] {
			byQuarter[k.Q] = append(byQuarter[k.Q], k.Code)
			p.footJoint[k] = true
		}
	}
	for _, q := range slices.Sorted(mapKeys(byQuarter)) {
		p.solveFoot(q, byQuarter[q])
	}
	for k := range p.footContrib {
		if _, ok := p.pub.Foot[k]; !ok {
			rep.deviate("extra_row", "cells of a district without cells of its own overlap this district, which has no published row for the quarter: fuse writes a row not published", k.String())
		}
	}
}

// solveFoot makes the rows of a quarter of the districts with shared
// cells together, as their cells give persons to each other: each
// district's own persons x (total and every breakdown part) are such that
// x + what the others' persons give it = its goal, for all of them at
// once. A district for which that asks fewer than no persons in some part
// (what is drawn inside it already passes its published figures) makes
// none, and the others are solved again without it.
func (p *Plan) solveFoot(q quarter, codes []string) {
	n := len(codes)
	at := make(map[string]int, n)
	for i, c := range codes {
		at[c] = i
	}
	// a[e][d]: the part of district d's persons that district e receives.
	a := make([][]float64, n)
	goals := make([][]float64, n)
	for i, c := range codes {
		a[i] = make([]float64, n)
		a[i][i] = 1
		goals[i] = p.footGoal(rowKey{sliceKey{Code: c}, q}).vec()
	}
	for d, c := range codes {
		for e, f := range p.spread(c) {
			if i, ok := at[e]; ok {
				a[i][d] += f
			}
		}
	}
	active := make([]bool, n)
	for i := range active {
		active[i] = true
	}
	var x [][]float64
	for {
		var worst int
		x, worst = solveActive(a, goals, active)
		if worst < 0 {
			break
		}
		active[worst] = false
	}
	for i, c := range codes {
		k := rowKey{sliceKey{Code: c}, q}
		if active[i] {
			p.footDone[k] = p.makeFoot(k, fromVec(x[i]))
			continue
		}
		p.footDone[k] = nil
		short := 0.0
		for j := range goals[i] {
			got := 0.0
			for d := range codes {
				if active[d] && d != i {
					got += a[i][d] * x[d][j]
				}
			}
			short += max(got-goals[i][j], 0)
		}
		p.report.Foot.deviate("overlap_exceeds", "cells of districts without cells of their own give this district more than its published figures", fmt.Sprintf("%s: by %.2f persons", k, short))
	}
}

// solveActive solves a x = goals for every part, the districts not active
// making no persons and their equations left out, by Gaussian elimination
// with partial pivoting. worst is the active district asking the fewest
// persons below none (ties to the first), or singular's last active one;
// −1 when every active district asks none or more.
func solveActive(a, goals [][]float64, active []bool) (x [][]float64, worst int) {
	var idx []int
	for i, ok := range active {
		if ok {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	x = make([][]float64, len(a))
	for i := range x {
		x[i] = make([]float64, len(goals[i]))
	}
	if m == 0 {
		return x, -1
	}
	parts := len(goals[idx[0]])
	// The augmented matrix of the active districts.
	aug := make([][]float64, m)
	for r, i := range idx {
		aug[r] = make([]float64, m+parts)
		for c, d := range idx {
			aug[r][c] = a[i][d]
		}
		copy(aug[r][m:], goals[i])
	}
	for c := range m {
		piv := c
		for r := c + 1; r < m; r++ {
			if math.Abs(aug[r][c]) > math.Abs(aug[piv][c]) {
				piv = r
			}
		}
		if math.Abs(aug[piv][c]) < 1e-12 {
			return x, idx[m-1]
		}
		aug[c], aug[piv] = aug[piv], aug[c]
		for r := range m {
			if r == c || aug[r][c] == 0 {
				continue
			}
			f := aug[r][c] / aug[c][c]
			for j := c; j < m+parts; j++ {
				aug[r][j] -= f * aug[c][j]
			}
		}
	}
	worst, least := -1, -minPiece
	for r, i := range idx {
		for j := range parts {
			v := aug[r][m+j] / aug[r][r]
			x[i][j] = max(v, 0)
			if v < least {
				worst, least = i, v
			}
		}
	}
	return x, worst
}

// spread returns the part of a district's persons that each other district
// its cells overlap receives: persons × their share ÷ the district's,
// over its cells by weight.
func (p *Plan) spread(code string) map[string]float64 {
	cells, w := p.cells[code], p.cellWeights[code]
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	out := map[string]float64{}
	for i, c := range cells {
		for _, o := range c.others {
			out[o.Code] += w[i] / sum * o.Fraction / c.share
		}
	}
	return out
}

func (p *Plan) setCells(code string, cells []footCell) {
	r := rng(p.cfg.Seed, "cell weights", code)
	w := make([]float64, len(cells))
	for i, c := range cells {
		w[i] = 0.5 + r.Float64()
		// Persons of a cell shared with other districts go to them too:
		// the more so, the less of it is placed there.
		held := c.share
		for _, o := range c.others {
			held += o.Fraction
		}
		w[i] *= c.share / held
	}
	p.cells[code] = cells
	p.cellWeights[code] = w
	p.report.Placement.Cells += len(cells)
}

// footRows returns the base rows of a published foot-traffic row: its
// goal, less what cells of other districts give, split over the district's
// cells. The rows of districts with shared cells are made by planFoot.
func (p *Plan) footRows(k rowKey) []baseFoot {
	if rows, ok := p.footDone[k]; ok {
		return rows
	}
	if len(p.cells[k.Code]) == 0 {
		return nil
	}
	goal := p.footGoal(k)
	if c := p.footContrib[k]; c != nil {
		goal = goal.sub(*c)
	}
	return p.makeFoot(k, goal)
}

// footGoal is footGoal of a published row, its rounded breakdowns reported.
func (p *Plan) footGoal(k rowKey) footTarget {
	row := p.pub.Foot[k]
	goal, off := footGoal(row)
	for _, b := range slices.Sorted(mapKeys(off)) {
		var sum int64
		parts := map[string][]int64{"sexes": row.Sexes[:], "ages": row.Ages[:], "time_bands": row.Bands[:], "days": row.Days[:]}[b]
		for _, v := range parts {
			sum += v
		}
		p.report.Foot.deviate("rounded_"+b, "the publisher's rounded breakdown is further from the total than rounding of each part can give back (more than 0.49 a part): the parts are moved to sum to the total and some round elsewhere", fmt.Sprintf("%s: Σ − total = %d, parts off by %d in all", k, sum-row.Total, off[b]))
	}
	return goal
}

// makeFoot splits a district's own persons over its cells; what its cells
// give the districts they overlap is added to theirs, but for rows made
// together with it.
func (p *Plan) makeFoot(k rowKey, goal footTarget) []baseFoot {
	cells := p.cells[k.Code]
	rows, short := splitFoot(goal, p.cellWeights[k.Code], rng(p.cfg.Seed, "foot", k.String()), nil)
	if short > 0.01 {
		p.report.Foot.deviate("overlap_exceeds", "cells of districts without cells of their own give this district more than its published figures", fmt.Sprintf("%s: by %.2f persons", k, short))
	}
	for _, b := range rows {
		c := cells[b.cell]
		for _, o := range c.others {
			ok := rowKey{sliceKey{Code: o.Code}, k.Q}
			if p.footJoint[ok] {
				continue
			}
			t := p.footContrib[ok]
			if t == nil {
				t = &footTarget{}
				p.footContrib[ok] = t
			}
			t.add(b.sex, b.age, b.band, b.weekday, b.value*o.Fraction/c.share)
		}
	}
	return rows
}
