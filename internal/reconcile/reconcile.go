// Package reconcile compares two releases of one dataset key by key — for
// example a fused release against the published one — and sums up how far
// they agree. It does no I/O: the store pairs the rows, this package does the
// arithmetic.
package reconcile

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Measure is a numeric column compared between the releases.
type Measure struct {
	Name    string `json:"name"`    // sangsaeng's column name, e.g. "amount"
	Header  string `json:"header"`  // as published, e.g. "당월_매출_금액"
	Integer bool   `json:"integer"` // counts and amounts; otherwise a decimal
}

// Measures resolves the measures to compare in dataset s: every numeric
// column when names is empty, else the named ones (by column name or
// published header), in the order given.
func Measures(s *seoul.Schema, names []string) ([]Measure, error) {
	var all []Measure
	for _, c := range s.Columns {
		if c.Kind == seoul.Int || c.Kind == seoul.Float {
			all = append(all, Measure{Name: c.Name, Header: c.Header, Integer: c.Kind == seoul.Int})
		}
	}
	if len(names) == 0 {
		return all, nil
	}
	var out []Measure
	for _, n := range names {
		i := slices.IndexFunc(all, func(m Measure) bool { return m.Name == n || m.Header == n })
		if i < 0 {
			var valid []string
			for _, m := range all {
				valid = append(valid, m.Name)
			}
			return nil, fmt.Errorf("%s has no measure %q; it has %s", s.Dataset, n, strings.Join(valid, ", "))
		}
		if slices.ContainsFunc(out, func(m Measure) bool { return m.Name == all[i].Name }) {
			return nil, fmt.Errorf("measure %q named twice", n)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// Pair is one key and its measures' values in release A and in release B,
// in the order of the measures. A is nil when the key is not in A, B when it
// is not in B. NaN is a row without a value for that measure (an optional
// column its file did not have).
type Pair struct {
	Key  []string
	A, B []float64
}

// Presence says which releases hold a key.
type Presence string

const (
	InBoth Presence = "both"
	OnlyA  Presence = "a"
	OnlyB  Presence = "b"
)

// Presence returns which releases hold p's key.
func (p Pair) Presence() Presence {
	switch {
	case p.A == nil:
		return OnlyB
	case p.B == nil:
		return OnlyA
	}
	return InBoth
}

// Delta is one measure of one key compared: B − A and B / A. OK is false
// when either side has no value; Ratio is defined when A ≠ 0, and is 1
// when A = B = 0 (the releases agree).
type Delta struct {
	A, B    float64
	Diff    float64
	Ratio   float64
	OK      bool
	RatioOK bool
}

// Compare returns B − A and B / A.
func Compare(a, b float64) Delta {
	d := Delta{A: a, B: b}
	if math.IsNaN(a) || math.IsNaN(b) {
		return d
	}
	d.OK, d.Diff = true, b-a
	switch {
	case a == b:
		d.Ratio, d.RatioOK = 1, true
	case a != 0:
		d.Ratio, d.RatioOK = b/a, true
	}
	return d
}

// Deltas returns the comparison of every measure of a key in both releases.
func (p Pair) Deltas() []Delta {
	if p.Presence() != InBoth {
		return nil
	}
	out := make([]Delta, len(p.A))
	for i := range p.A {
		out[i] = Compare(p.A[i], p.B[i])
	}
	return out
}

// Summary is what two releases add up to.
type Summary struct {
	Keys     int            `json:"keys"` // in either release
	Both     int            `json:"both"`
	OnlyA    int            `json:"only_a"`
	OnlyB    int            `json:"only_b"`
	Exact    int            `json:"exact"` // keys in both whose every measure is equal
	Measures []MeasureStats `json:"measures"`
	// OnlyAKeys and OnlyBKeys are the first keys (in key order) held by
	// one release only, at most Top of each.
	OnlyAKeys [][]string `json:"only_a_keys"`
	OnlyBKeys [][]string `json:"only_b_keys"`
}

// MeasureStats sums up one measure over the keys in both releases.
type MeasureStats struct {
	Measure  string  `json:"measure"`
	Compared int     `json:"compared"` // keys with a value in both releases
	Exact    int     `json:"exact"`    // of those, with A = B
	AZero    int     `json:"a_zero"`   // of those, with A = 0 ≠ B: no ratio
	SumA     float64 `json:"sum_a"`    // Σ A over the compared keys
	SumB     float64 `json:"sum_b"`    // Σ B over the compared keys
	// Ratio quantiles of B / A over the keys with a ratio (nil when none):
	// linear interpolation between the closest ranks.
	P10    *float64 `json:"ratio_p10"`
	Median *float64 `json:"ratio_median"`
	P90    *float64 `json:"ratio_p90"`
	// Largest are the keys with the largest |B − A|, at most Top, largest
	// first; ties in key order.
	Largest []Largest `json:"largest"`
}

// Largest is one key's difference in one measure.
type Largest struct {
	Key   []string `json:"key"`
	A     float64  `json:"a"`
	B     float64  `json:"b"`
	Diff  float64  `json:"diff"`
	Ratio *float64 `json:"ratio"` // nil when A = 0
}

func largest(key []string, d Delta) Largest {
	l := Largest{Key: key, A: d.A, B: d.B, Diff: d.Diff}
	if d.RatioOK {
		r := d.Ratio
		l.Ratio = &r
	}
	return l
}

// Accumulator builds a Summary from pairs given in key order.
type Accumulator struct {
	top      int
	sum      Summary
	ratios   [][]float64
	measures []Measure
}

// NewAccumulator sums up pairs over measures, keeping the top largest
// differences per measure and the first top keys held by one release.
func NewAccumulator(measures []Measure, top int) *Accumulator {
	a := &Accumulator{top: top, measures: measures, ratios: make([][]float64, len(measures))}
	a.sum.Measures = make([]MeasureStats, len(measures))
	for i, m := range measures {
		a.sum.Measures[i].Measure = m.Name
	}
	a.sum.OnlyAKeys, a.sum.OnlyBKeys = [][]string{}, [][]string{}
	return a
}

// Add counts one pair; keys must come in key order.
func (a *Accumulator) Add(p Pair) {
	a.sum.Keys++
	switch p.Presence() {
	case OnlyA:
		a.sum.OnlyA++
		if len(a.sum.OnlyAKeys) < a.top {
			a.sum.OnlyAKeys = append(a.sum.OnlyAKeys, p.Key)
		}
		return
	case OnlyB:
		a.sum.OnlyB++
		if len(a.sum.OnlyBKeys) < a.top {
			a.sum.OnlyBKeys = append(a.sum.OnlyBKeys, p.Key)
		}
		return
	}
	a.sum.Both++
	exact := true
	for i, d := range p.Deltas() {
		if !d.OK {
			exact = exact && math.IsNaN(d.A) && math.IsNaN(d.B)
			continue
		}
		st := &a.sum.Measures[i]
		st.Compared++
		st.SumA += d.A
		st.SumB += d.B
		if d.Diff == 0 {
			st.Exact++
		} else {
			exact = false
		}
		if d.RatioOK {
			a.ratios[i] = append(a.ratios[i], d.Ratio)
		} else {
			st.AZero++
		}
		if d.Diff != 0 {
			st.Largest = keepLargest(st.Largest, largest(p.Key, d), a.top)
		}
	}
	if exact {
		a.sum.Exact++
	}
}

// keepLargest inserts l into the list sorted by |diff| descending, keeping
// at most n; among equal differences the earlier key stays first.
func keepLargest(list []Largest, l Largest, n int) []Largest {
	if n <= 0 {
		return list
	}
	i, _ := slices.BinarySearchFunc(list, l, func(x, y Largest) int {
		// descending |diff|; an equal one goes after those already in
		if c := cmp.Compare(math.Abs(y.Diff), math.Abs(x.Diff)); c != 0 {
			return c
		}
		return -1
	})
	if i >= n {
		return list
	}
	list = slices.Insert(list, i, l)
	if len(list) > n {
		list = list[:n]
	}
	return list
}

// Summary returns what the pairs added so far add up to.
func (a *Accumulator) Summary() Summary {
	s := a.sum
	s.Measures = slices.Clone(s.Measures)
	for i := range s.Measures {
		r := slices.Clone(a.ratios[i])
		slices.Sort(r)
		s.Measures[i].P10 = quantile(r, 0.1)
		s.Measures[i].Median = quantile(r, 0.5)
		s.Measures[i].P90 = quantile(r, 0.9)
		if s.Measures[i].Largest == nil {
			s.Measures[i].Largest = []Largest{}
		}
	}
	return s
}

// quantile is the q-quantile of sorted x by linear interpolation between
// the closest ranks (Hyndman & Fan's type 7, as R and NumPy default to):
// h = (n − 1) q, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). Nil for no values.
func quantile(x []float64, q float64) *float64 {
	if len(x) == 0 {
		return nil
	}
	h := float64(len(x)-1) * q
	lo := int(math.Floor(h))
	v := x[lo]
	if lo+1 < len(x) {
		v += (h - float64(lo)) * (x[lo+1] - x[lo])
	}
	return &v
}
