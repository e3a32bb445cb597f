package effect

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// The plain 2×2 DiD is Callaway & Sant'Anna's ATT(g,t) with one cohort and
// two periods: same estimate, same standard error.
func TestTwoByTwoIsCallawaySantAnna(t *testing.T) {
	spec := merchants(750_000, 0, 3)
	spec.Periods, spec.Units = 2, 60
	spec.Cohorts = []Cohort{{Start: 2, Units: 25}}
	p, err := Simulate(spec)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := CallawaySantAnna(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	did, err := DiD(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// by hand: (mean change of the treated) − (mean change of the controls)
	var dT, dC float64
	for i, f := range p.First {
		ch := p.Y[2*i+1] - p.Y[2*i]
		if f == 2 {
			dT += ch / 25
		} else {
			dC += ch / 35
		}
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"cs ATT", cs.ATT, dT - dC},
		{"did ATT", did.ATT, dT - dC},
		{"cs SE vs did SE", cs.SE, did.SE},
		{"cell ATT", cs.Cells[0].ATT, dT - dC},
	} {
		if math.Abs(c.got-c.want) > 1e-9*math.Abs(c.want) {
			t.Errorf("%s = %.6f, want %.6f", c.name, c.got, c.want)
		}
	}
	if len(cs.Cells) != 1 || did.PreTrend.P != nil || did.PreTrend.Warning == "" || len(did.PreTrend.ByEventTime) != 0 {
		t.Errorf("2 periods: %d cells (want 1), pre-trend %+v (want untestable, with a warning)", len(cs.Cells), did.PreTrend)
	}
}

func TestPrivacyAndInput(t *testing.T) {
	base := func(cohort, never int) Panel {
		spec := merchants(0, 0, 1)
		spec.Units, spec.Periods = cohort+never, 6
		spec.Cohorts = []Cohort{{Start: 4, Units: cohort}}
		p, err := Simulate(spec)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name string
		p    Panel
		opt  Options
		run  func(Panel, Options) (*Result, error)
		err  error
		msg  string
	}{
		{"cohort under k", base(4, 20), Options{}, CallawaySantAnna, ErrTooFew, "cohort 4 has 4 unit(s); at least 5"},
		{"controls under k", base(10, 4), Options{}, CallawaySantAnna, ErrTooFew, "control group of cohort 4 in period 2 has 4 unit(s)"},
		{"k lowered", base(4, 20), Options{MinUnits: 3}, CallawaySantAnna, nil, ""},
		{"did cohort under k", base(4, 20), Options{}, DiD, ErrTooFew, "cohort 4 has 4"},
		{"sdid controls under k", base(10, 3), Options{}, sdid, ErrTooFew, "never-treated group has 3"},
		{"no never-treated", base(10, 0), Options{}, DiD, ErrTooFew, "no never-treated unit"},
		{"ragged", Panel{Periods: []int{1, 2}, First: []int{0, 2}, Y: []float64{1, 2, 3}}, Options{}, CallawaySantAnna, ErrInput, "3 values for 2 units × 2 periods"},
		{"one period", Panel{Periods: []int{1}, First: []int{0}, Y: []float64{1}}, Options{}, CallawaySantAnna, ErrInput, "at least 2"},
		{"not a number", Panel{Periods: []int{1, 2}, First: []int{0}, Y: []float64{1, math.NaN()}}, Options{Label: func(p int) string { return fmt.Sprintf("M%d", p) }}, CallawaySantAnna, ErrInput, "unit 1 has no finite value in period M2"},
		{"unsorted", Panel{Periods: []int{2, 1}, First: []int{0}, Y: []float64{1, 2}}, Options{}, CallawaySantAnna, ErrInput, "must ascend"},
		{"start off the axis", Panel{Periods: []int{1, 3, 5}, First: []int{0, 2}, Y: make([]float64, 6)}, Options{}, CallawaySantAnna, ErrInput, "unit 2 first treated in 2"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := c.run(c.p, c.opt)
			if c.err == nil {
				if err != nil {
					t.Fatalf("err = %v, want none", err)
				}
				return
			}
			if !errors.Is(err, c.err) || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("err = %v, want %v containing %q", err, c.err, c.msg)
			}
		})
	}
}

func sdid(p Panel, o Options) (*Result, error) { return Synthetic(p, SynthDiD, o) }

// Units already treated in the first period are left out and units treated
// after the last count as never treated, each with a note.
func TestEdgeCohorts(t *testing.T) {
	spec := merchants(0, 0, 2)
	spec.Units, spec.Periods = 40, 6
	spec.Cohorts = []Cohort{{Start: 4, Units: 10}, {Start: 1, Units: 5}}
	p, err := Simulate(spec)
	if err != nil {
		t.Fatal(err)
	}
	for i := 35; i < 40; i++ {
		p.First[i] = 9
	}
	res, err := CallawaySantAnna(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Treated != 10 || res.Controls != 25 || len(res.Notes) != 2 {
		t.Errorf("treated %d, controls %d, notes %q: want 10, 25 and two notes", res.Treated, res.Controls, res.Notes)
	}
}

// The result says how much the treated units' outcome would have been
// without treatment, so the effect can be read as a percentage.
func TestCounterfactual(t *testing.T) {
	spec := merchants(2_000_000, 0, 5)
	p, err := Simulate(spec)
	if err != nil {
		t.Fatal(err)
	}
	res, err := CallawaySantAnna(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// treated level ≈ 20M + 6M selection + trend; the effect ≈ 2M ≈ 7%
	if res.Counterfactual < 25e6 || res.Counterfactual > 30e6 {
		t.Errorf("counterfactual mean %.0f, want about 27 million", res.Counterfactual)
	}
	if res.PostPeriods != 12 || res.Periods != 18 {
		t.Errorf("post periods %d of %d, want 12 of 18", res.PostPeriods, res.Periods)
	}
}

// did and sdid carry the pre-treatment event study their pre-trend test is
// about: Callaway & Sant'Anna's against the never-treated.
func TestPreTrendBesideEveryEstimate(t *testing.T) {
	spec := merchants(1_000_000, 0, 8)
	spec.Units, spec.Cohorts = 200, []Cohort{{Start: 10, Units: 40}}
	p, err := Simulate(spec)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := CallawaySantAnna(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range []func(Panel, Options) (*Result, error){DiD, sdid} {
		res, err := run(p, Options{Bootstrap: 10})
		if err != nil {
			t.Fatal(err)
		}
		if res.PreTrend.P == nil || *res.PreTrend.P != *cs.PreTrend.P || len(res.PreTrend.ByEventTime) != 8 {
			t.Fatalf("%s: pre-trend %+v, want cs's p %v and 8 pre-treatment event times", res.Method, res.PreTrend, *cs.PreTrend.P)
		}
		for j, e := range res.PreTrend.ByEventTime {
			if c := cs.ByEventTime[j]; *e.E != *c.E || e.ATT != c.ATT || e.SE != c.SE {
				t.Errorf("%s: e=%d %.0f (%.0f), want cs's e=%d %.0f (%.0f)", res.Method, *e.E, e.ATT, e.SE, *c.E, c.ATT, c.SE)
			}
		}
	}
}

// A large group's bootstrap draws come from its cross-product matrix
// (Gaussian multipliers) instead of unit by unit; both agree with the
// analytic standard errors.
func TestBootstrapGaussianGroups(t *testing.T) {
	p, err := Simulate(merchants(1_000_000, 0, 6))
	if err != nil {
		t.Fatal(err)
	}
	for _, exact := range []int{exactLimit, 0} {
		d, err := newDesign(p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		d.exactMax = exact
		f, err := d.callawaySantAnna(NeverTreated, 5)
		if err != nil {
			t.Fatal(err)
		}
		lins := []*lin{f.simple.psi, f.group.psi, f.dynAll.psi, f.cells[0].psi, f.cells[20].psi}
		draws := d.bootstrap(lins, 1999, 3, Rademacher)
		for i, l := range lins {
			if got, want := iqrSE(draws[i]), d.se(l); math.Abs(got-want) > 0.08*want {
				t.Errorf("groups drawn unit by unit up to %d units: estimate %d bootstrap SE %.0f, analytic %.0f", exact, i, got, want)
			}
		}
	}
}
