package synth

import (
	"fmt"
	"slices"
)

// planFoot chooses every district's cells — districts without a cell of
// their own first, each before the districts its cells are shared with —
// and splits, in that order, the rows of those districts, whose cells give
// foot traffic to the districts they share them with: that is taken off
// their targets.
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
	done := map[string]bool{}
	// cost is how much a district's cell would burden the others it
	// overlaps: their share over the district's, relative to their
	// totals; a district already made cannot take any.
	costOf := func(code string) func(footCell) float64 {
		return func(c footCell) float64 {
			cost := 0.0
			for _, o := range c.others {
				ratio := o.Fraction / c.share * totals[code] / max(totals[o.Code], 1)
				if done[o.Code] {
					ratio *= 1e6
				}
				cost += ratio
			}
			return cost
		}
	}
	all := slices.Sorted(mapKeys(totals))
	exclusive := map[string]bool{}
	partners := map[string][]string{}
	for _, code := range all {
		if p.placer.site(code) == nil {
			rep.deviate("no_polygon", "the district has no polygon in --areas: its foot traffic cannot be placed", code)
			continue
		}
		cells, cands, excl := p.placer.footCells(code, rng(p.cfg.Seed, "cells", code), cellsPerDistrict, costOf(code))
		if excl {
			exclusive[code] = true
			p.setCells(code, cells)
			continue
		}
		// The districts every candidate cell overlaps.
		count := map[string]int{}
		for _, c := range cands {
			for _, o := range c.others {
				count[o.Code]++
			}
		}
		for e, n := range count {
			if n == len(cands) {
				partners[code] = append(partners[code], e)
			}
		}
		slices.Sort(partners[code])
	}
	ordered := order(all, func(c string) bool { return exclusive[c] || p.placer.site(c) == nil }, func(c string) []string { return partners[c] })
	for _, code := range ordered {
		done[code] = true
		if exclusive[code] || p.placer.site(code) == nil {
			continue
		}
		cells, _, _ := p.placer.footCells(code, rng(p.cfg.Seed, "cells", code), cellsPerDistrict, costOf(code))
		if len(cells) == 0 {
			rep.deviate("no_cell", fmt.Sprintf("no 50 m cell holds %.0f%% of the district: its foot traffic cannot be placed", 100*minCellShare), code)
			continue
		}
		p.report.Placement.SharedCells = append(p.report.Placement.SharedCells, code)
		p.setCells(code, cells)
		p.footMade[code] = true
		for _, k := range sortedKeys(p.pub.Foot) {
			if k.Code == code {
				p.footDone[k] = p.footRows(k)
			}
		}
	}
	slices.Sort(p.report.Placement.SharedCells)
	for _, k := range sortedKeys(p.footLate) {
		rep.deviate("shared_cell_done", "cells of a district without cells of its own overlap this district, whose rows were made before (the districts' cells depend on each other): fuse gives it more than published", fmt.Sprintf("%s: by %.2f persons", k, p.footLate[k]))
	}
	for k := range p.footContrib {
		if _, ok := p.pub.Foot[k]; !ok {
			rep.deviate("extra_row", "cells of a district without cells of its own overlap this district, which has no published row for the quarter: fuse writes a row not published", k.String())
		}
	}
}

func (p *Plan) setCells(code string, cells []footCell) {
	r := rng(p.cfg.Seed, "cell weights", code)
	w := make([]float64, len(cells))
	for i := range w {
		w[i] = 0.5 + r.Float64()
	}
	p.cells[code] = cells
	p.cellWeights[code] = w
	p.report.Placement.Cells += len(cells)
}

// footRows returns the base rows of a published foot-traffic row: its
// goal, less what cells of other districts give, split over the district's
// cells; what its cells give the districts they overlap is added to
// theirs.
func (p *Plan) footRows(k rowKey) []baseFoot {
	if rows, ok := p.footDone[k]; ok {
		return rows
	}
	cells := p.cells[k.Code]
	if len(cells) == 0 {
		return nil
	}
	rep := &p.report.Foot
	goal, off := footGoal(p.pub.Foot[k])
	for _, b := range slices.Sorted(mapKeys(off)) {
		var sum int64
		row := p.pub.Foot[k]
		parts := map[string][]int64{"sexes": row.Sexes[:], "ages": row.Ages[:], "time_bands": row.Bands[:], "days": row.Days[:]}[b]
		for _, v := range parts {
			sum += v
		}
		rep.deviate("rounded_"+b, "the publisher's rounded breakdown is further from the total than rounding of each part can give back (more than 0.49 a part): the parts are moved to sum to the total and some round elsewhere", fmt.Sprintf("%s: Σ − total = %d, parts off by %d in all", k, sum-row.Total, off[b]))
	}
	if c := p.footContrib[k]; c != nil {
		goal = goal.sub(*c)
	}
	rows, short := splitFoot(goal, p.cellWeights[k.Code], rng(p.cfg.Seed, "foot", k.String()), nil)
	if short > 0.01 {
		rep.deviate("overlap_exceeds", "cells of districts without cells of their own give this district more than its published figures", fmt.Sprintf("%s: by %.2f persons", k, short))
	}
	for _, b := range rows {
		c := cells[b.cell]
		for _, o := range c.others {
			ok := rowKey{sliceKey{Code: o.Code}, k.Q}
			if p.footMade[o.Code] {
				p.footLate[ok] += b.value * o.Fraction / c.share
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
