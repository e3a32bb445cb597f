package effect

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Never is the First value of a unit that is never treated.
const Never = 0

// Panel is a balanced panel of one outcome. Y[i*len(Periods)+t] is unit i's
// value in period Periods[t]; First[i] is the period in which unit i was first
// treated, or Never. Period labels are integers one apart for consecutive
// periods (years, month or week numbers); the estimators treat the sorted
// labels as the time axis.
type Panel struct {
	Periods []int
	First   []int
	Y       []float64
}

// Control names the units a treated cohort is compared with.
type Control int

const (
	// NeverTreated compares with units never treated in the panel.
	NeverTreated Control = iota
	// NotYetTreated also compares with units treated later than the period
	// being compared.
	NotYetTreated
)

func (c Control) String() string {
	if c == NotYetTreated {
		return "notyet"
	}
	return "never"
}

// DefaultMinUnits is the smallest cohort or control group an estimate is
// computed for: smaller groups could reveal one merchant's sales.
const DefaultMinUnits = 5

// ErrTooFew marks an estimate refused because a cohort or control group has
// fewer units than the privacy threshold.
var ErrTooFew = errors.New("too few units")

// ErrInput marks a panel the estimators cannot use.
var ErrInput = errors.New("bad panel")

// group is the units sharing one first-treated period, with the statistics
// every estimator here needs of them: their count, per-period means and the
// centred cross-products. Units enter the estimates only through these.
type group struct {
	first int   // period label of first treatment; Never
	units []int // unit indices into the panel
	mean  []float64
	gram  []float64 // T×T Σ_i (Y_i − ȳ)(Y_i − ȳ)ᵀ, computed on demand
}

func (g *group) n() int { return len(g.units) }

// design is a validated panel split into groups: cohorts in ascending order
// of first treatment, then the never-treated (if any).
type design struct {
	p      Panel
	T      int
	N      int // units kept
	groups []*group
	never  int // index of the never-treated group in groups, or -1
	notes  []string
	opt    Options
	// exactMax is the largest group drawn unit by unit in the bootstrap.
	exactMax int
}

// newDesign checks the panel and splits it into groups. Units treated in the
// first period (no untreated period to compare) are dropped and units first
// treated after the last period are counted as never treated, as the did
// package does; both are noted.
func newDesign(p Panel, opt Options) (*design, error) {
	T := len(p.Periods)
	if T < 2 {
		return nil, fmt.Errorf("%w: %d period(s); at least 2 are needed", ErrInput, T)
	}
	for t := 1; t < T; t++ {
		if p.Periods[t] <= p.Periods[t-1] {
			return nil, fmt.Errorf("%w: periods must ascend, %d follows %d", ErrInput, p.Periods[t], p.Periods[t-1])
		}
	}
	if len(p.Y) != len(p.First)*T {
		return nil, fmt.Errorf("%w: %d values for %d units × %d periods", ErrInput, len(p.Y), len(p.First), T)
	}
	for k, v := range p.Y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%w: unit %d has no finite value in period %s", ErrInput, k/T+1, opt.label(p.Periods[k%T]))
		}
	}
	d := &design{p: p, T: T, never: -1, opt: opt, exactMax: exactLimit}
	byFirst := map[int]*group{}
	var early, late int
	for i, f := range p.First {
		switch {
		case f == Never:
		case f <= p.Periods[0]:
			early++
			continue
		case f > p.Periods[T-1]:
			late++
			f = Never
		default:
			if _, ok := slices.BinarySearch(p.Periods, f); !ok {
				return nil, fmt.Errorf("%w: unit %d first treated in %s, which is not a period of the panel", ErrInput, i+1, opt.label(f))
			}
		}
		g := byFirst[f]
		if g == nil {
			g = &group{first: f}
			byFirst[f] = g
		}
		g.units = append(g.units, i)
		d.N++
	}
	if early > 0 {
		d.notes = append(d.notes, fmt.Sprintf("%d unit(s) treated in the first period were left out: they have no untreated period to compare", early))
	}
	if late > 0 {
		d.notes = append(d.notes, fmt.Sprintf("%d unit(s) first treated after the last period count as never treated", late))
	}
	for _, g := range byFirst {
		d.groups = append(d.groups, g)
	}
	sort.Slice(d.groups, func(a, b int) bool {
		ga, gb := d.groups[a].first, d.groups[b].first
		if (ga == Never) != (gb == Never) {
			return gb == Never
		}
		return ga < gb
	})
	for gi, g := range d.groups {
		if g.first == Never {
			d.never = gi
		}
		g.mean = make([]float64, T)
		for _, i := range g.units {
			row := p.Y[i*T : (i+1)*T]
			for t, v := range row {
				g.mean[t] += v
			}
		}
		for t := range g.mean {
			g.mean[t] /= float64(g.n())
		}
	}
	return d, nil
}

// cohorts returns the indices of the treated groups.
func (d *design) cohorts() []int {
	var c []int
	for gi, g := range d.groups {
		if g.first != Never {
			c = append(c, gi)
		}
	}
	return c
}

// index returns the position of period label l in the panel.
func (d *design) index(l int) int {
	t, _ := slices.BinarySearch(d.p.Periods, l)
	return t
}

// checkPrivacy refuses a group of fewer than k units, naming it.
func checkPrivacy(what string, n, k int) error {
	if n < k {
		return fmt.Errorf("%w: %s has %d unit(s); at least %d are needed so that no single unit's outcome can be inferred from the result", ErrTooFew, what, n, k)
	}
	return nil
}

func (d *design) label(gi int) string {
	g := d.groups[gi]
	if g.first == Never {
		return "the never-treated group"
	}
	return "cohort " + d.opt.label(g.first)
}
