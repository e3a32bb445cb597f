package synth

import (
	"math/rand/v2"
	"slices"
)

// The sex and age categories of a sales row beyond the published ones:
// the card holder's sex or age is unknown (docs/fusion.md).
const (
	sexUnknown = 2
	ageUnknown = 6
)

// A salesMerchant is a merchant taking part of a sales slice.
type salesMerchant struct {
	merchant int32   // index in the plan's merchants
	weight   float64 // its share of the slice, relative
	from, to day     // the days of the quarter it is open, inclusive
}

// A baseSale is a row of a slice before it is spread over dates: one
// merchant, day of week, time band, sex and age.
type baseSale struct {
	merchant                int32
	weekday, band, sex, age int8
	amount, count           int64
}

// A salesIssue is a published breakdown that cannot be reproduced.
type salesIssue struct {
	measure, breakdown string // "amount"/"count"; "weekday", "weekend", "days", "time_bands", "sexes", "ages", "negative"
	off                int64  // Σ breakdown − total, or the shortfall
}

// sub returns m less o, component by component.
func (m measure) sub(o measure) measure {
	r := m
	r.Total -= o.Total
	r.Weekday -= o.Weekday
	r.Weekend -= o.Weekend
	for i := range r.Days {
		r.Days[i] -= o.Days[i]
	}
	for i := range r.Bands {
		r.Bands[i] -= o.Bands[i]
	}
	for i := range r.Sexes {
		r.Sexes[i] -= o.Sexes[i]
	}
	for i := range r.Ages {
		r.Ages[i] -= o.Ages[i]
	}
	return r
}

// addSale adds one row's value v to the measure, as fuse would.
func (m *measure) addSale(s baseSale, v int64) {
	m.Total += v
	if s.weekday < 5 {
		m.Weekday += v
	} else {
		m.Weekend += v
	}
	m.Days[s.weekday] += v
	m.Bands[s.band] += v
	if s.sex < sexUnknown {
		m.Sexes[s.sex] += v
	}
	if s.age < ageUnknown {
		m.Ages[s.age] += v
	}
}

// salesOf returns what fuse computes from rows.
func salesOf(rows []baseSale) salesRow {
	var t salesRow
	for _, s := range rows {
		t.Amount.addSale(s, s.amount)
		t.Count.addSale(s, s.count)
	}
	return t
}

// negativeParts sets negative components of m to 0 and returns by how much
// they fell short in all.
func (m *measure) negativeParts() int64 {
	var short int64
	fix := func(v *int64) {
		if *v < 0 {
			short -= *v
			*v = 0
		}
	}
	fix(&m.Total)
	fix(&m.Weekday)
	fix(&m.Weekend)
	for i := range m.Days {
		fix(&m.Days[i])
	}
	for i := range m.Bands {
		fix(&m.Bands[i])
	}
	for i := range m.Sexes {
		fix(&m.Sexes[i])
	}
	for i := range m.Ages {
		fix(&m.Ages[i])
	}
	return short
}

// salesOrders are the orders in which a slice lays out its categories:
// days, time bands, sexes (with unknown) and ages (with unknown).
type salesOrders [4][]int

func randomOrders(r *rand.Rand) salesOrders {
	return salesOrders{r.Perm(7), r.Perm(6), r.Perm(3), r.Perm(7)}
}

// measurePieces lays a measure out: the pieces of [0, total) in one
// category of each breakdown. It returns the issues of breakdowns that do
// not fit the total.
func measurePieces(m measure, name string, ord salesOrders, dst []piece) ([]piece, []salesIssue) {
	var issues []salesIssue
	if short := m.negativeParts(); short > 0 {
		issues = append(issues, salesIssue{name, "negative", short})
	}
	var mf int64
	for i := range 5 {
		mf += m.Days[i]
	}
	if mf != m.Weekday {
		issues = append(issues, salesIssue{name, "weekday", m.Weekday - mf})
	}
	if ss := m.Days[5] + m.Days[6]; ss != m.Weekend {
		issues = append(issues, salesIssue{name, "weekend", m.Weekend - ss})
	}
	days, off := fit(m.Days[:], m.Total, -1)
	if off != 0 {
		issues = append(issues, salesIssue{name, "days", off})
	}
	bands, off := fit(m.Bands[:], m.Total, -1)
	if off != 0 {
		issues = append(issues, salesIssue{name, "time_bands", off})
	}
	sexes, off := fit(append(m.Sexes[:], 0), m.Total, sexUnknown)
	if off > 0 {
		issues = append(issues, salesIssue{name, "sexes", off})
	}
	ages, off := fit(append(m.Ages[:], 0), m.Total, ageUnknown)
	if off > 0 {
		issues = append(issues, salesIssue{name, "ages", off})
	}
	parts := []partition{layout(days, ord[0]), layout(bands, ord[1]), layout(sexes, ord[2]), layout(ages, ord[3])}
	return sweep(parts, dst), issues
}

// splitSales splits a slice's target over its merchants into base rows
// whose sums by day, time band, sex and age are the target's, exactly, in
// integers (the interval method: every breakdown partitions the total laid
// out on a line; the rows are the non-empty intersections, each then
// apportioned among the merchants by weight). Every merchant gets some of
// the amount and of the count when they are large enough.
func splitSales(t salesRow, ms []salesMerchant, r *rand.Rand, dst []baseSale) ([]baseSale, []salesIssue) {
	ord := randomOrders(r)
	pa, ia := measurePieces(t.Amount, "amount", ord, nil)
	pc, ic := measurePieces(t.Count, "count", ord, nil)
	issues := append(ia, ic...)
	if len(ms) == 0 {
		return dst, issues
	}
	// Merge the two layouts by category.
	type cell struct {
		cats          [4]int8
		amount, count int64
	}
	cells := make([]cell, 0, len(pa)+len(pc))
	find := func(cats [4]int8) int {
		for i := range cells {
			if cells[i].cats == cats {
				return i
			}
		}
		cells = append(cells, cell{cats: cats})
		return len(cells) - 1
	}
	for _, p := range pa {
		cells[find(p.cats)].amount += p.len
	}
	for _, p := range pc {
		cells[find(p.cats)].count += p.len
	}
	slices.SortFunc(cells, func(a, b cell) int {
		for j := range a.cats {
			if a.cats[j] != b.cats[j] {
				return int(a.cats[j]) - int(b.cats[j])
			}
		}
		return 0
	})
	weights := make([]float64, len(ms))
	for i, m := range ms {
		weights[i] = m.weight
	}
	// The largest cells give every merchant at least 1.
	bigA, bigC := 0, 0
	for i, c := range cells {
		if c.amount > cells[bigA].amount {
			bigA = i
		}
		if c.count > cells[bigC].count {
			bigC = i
		}
	}
	start := len(dst)
	var as, cs []int64
	for i, c := range cells {
		as = apportion(c.amount, weights, i == bigA, as)
		cs = apportion(c.count, weights, i == bigC, cs)
		for j, m := range ms {
			if as[j] == 0 && cs[j] == 0 {
				continue
			}
			dst = append(dst, baseSale{merchant: m.merchant, weekday: c.cats[0], band: c.cats[1], sex: c.cats[2], age: c.cats[3], amount: as[j], count: cs[j]})
		}
	}
	// A merchant of a slice too small to give it anything still has a row,
	// so that the slice's merchants are all counted.
	for _, m := range ms {
		if !slices.ContainsFunc(dst[start:], func(s baseSale) bool { return s.merchant == m.merchant }) {
			dst = append(dst, baseSale{merchant: m.merchant})
		}
	}
	return dst, issues
}
