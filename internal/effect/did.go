package effect

import "fmt"

// single returns the one treated cohort of a design, refusing staggered
// starts, and checks the privacy threshold for it and the never-treated.
func (d *design) single(k int) (gi int, err error) {
	c := d.cohorts()
	if len(c) != 1 {
		return 0, fmt.Errorf("%w: %d treated cohorts; this method needs one (use cs for staggered starts)", ErrInput, len(c))
	}
	if d.never < 0 {
		return 0, fmt.Errorf("%w: no never-treated unit to compare with", ErrTooFew)
	}
	if err := checkPrivacy(d.label(c[0]), d.groups[c[0]].n(), k); err != nil {
		return 0, err
	}
	if err := checkPrivacy(d.label(d.never), d.groups[d.never].n(), k); err != nil {
		return 0, err
	}
	return c[0], nil
}

// DiD is the plain two-group difference in differences for one treated
// cohort: the treated units' change in mean outcome from the periods before
// treatment to those after it, less the never-treated units' change,
//
//	τ = [Ȳ_T(post) − Ȳ_T(pre)] − [Ȳ_C(post) − Ȳ_C(pre)],
//
// with the standard error clustered by unit from its influence function. With
// two periods it is Callaway & Sant'Anna's ATT(g,t) for the one cohort: the
// 2×2 DiD is their special case.
func DiD(p Panel, opt Options) (*Result, error) {
	d, err := newDesign(p, opt)
	if err != nil {
		return nil, err
	}
	k := opt.minUnits()
	gi, err := d.single(k)
	if err != nil {
		return nil, err
	}
	g := d.groups[gi]
	gIdx := d.index(g.first)
	T0, T1 := float64(gIdx), float64(d.T-gIdx)
	// weights of the periods in each unit's post − pre change
	w := make([]float64, d.T)
	for t := range d.T {
		if t < gIdx {
			w[t] = -1 / T0
		} else {
			w[t] = 1 / T1
		}
	}
	delta := func(gi int) float64 {
		var s float64
		for t, v := range d.groups[gi].mean {
			s += w[t] * v
		}
		return s
	}
	psi := d.newLin()
	nT, nC := float64(g.n()), float64(d.groups[d.never].n())
	for t := range d.T {
		psi.addA(gi, t, w[t]/nT, d.T)
		psi.addA(d.never, t, -w[t]/nC, d.T)
	}
	res := &Result{
		Method:      "did",
		Control:     NeverTreated.String(),
		ATT:         delta(gi) - delta(d.never),
		SE:          d.se(psi),
		Treated:     g.n(),
		Controls:    d.groups[d.never].n(),
		Periods:     d.T,
		PostPeriods: d.T - gIdx,
		Seed:        opt.Seed,
		Algorithm:   VersionDiD,
		Notes:       d.notes,
	}
	var obs float64
	for t := gIdx; t < d.T; t++ {
		obs += g.mean[t] / T1
	}
	res.Counterfactual = obs - res.ATT
	res.CI = interval(res.ATT, res.SE, 0, z975)
	if err := d.attachPreTrend(res, k); err != nil {
		return nil, err
	}
	return res, nil
}

// attachPreTrend adds the pre-trend check of the Callaway & Sant'Anna
// pre-period effects against the never-treated, with the event-time effects
// before treatment, so every method prints it.
func (d *design) attachPreTrend(res *Result, k int) error {
	f, err := d.callawaySantAnna(NeverTreated, k)
	if err != nil {
		return err
	}
	res.PreTrend = d.preTrend(f.cells)
	for j, e := range f.es {
		if e < 0 {
			ef := Effect{E: &f.es[j], ATT: f.dynamic[j].att, SE: d.se(f.dynamic[j].psi)}
			ef.Lo, ef.Hi = pair(interval(ef.ATT, ef.SE, 0, z975))
			res.PreTrend.ByEventTime = append(res.PreTrend.ByEventTime, ef)
		}
	}
	return nil
}
