package effect

import (
	"fmt"
	"slices"
)

// cell is one group-time effect with its influence function.
type cell struct {
	gi, t, b int // cohort group, period index, base period index
	g, e     int // cohort label, event time Periods[t] − g
	att      float64
	psi      *lin
	controls []int // control group indices
	nC       int
	se       float64
}

func (c *cell) post() bool { return c.e >= 0 }

// cells computes ATT(g,t) for every cohort g and every period but the first,
// as Callaway & Sant'Anna (2021) with the outcome-regression estimator and no
// covariates: ATT(g,t) = [Ȳ_g(t) − Ȳ_g(b)] − [Ȳ_C(t) − Ȳ_C(b)], the base
// period b being t−1 before treatment and g−1 after it ("varying"). C is the
// never-treated, or with NotYetTreated also the cohorts first treated after
// t. A cohort or control group under k units is refused.
func (d *design) cells(ctrl Control, k int) ([]cell, error) {
	T := d.T
	var out []cell
	for _, gi := range d.cohorts() {
		g := d.groups[gi]
		if err := checkPrivacy(d.label(gi), g.n(), k); err != nil {
			return nil, err
		}
		gIdx := d.index(g.first)
		for t := 1; t < T; t++ {
			b := t - 1
			if d.p.Periods[t] >= g.first {
				b = gIdx - 1
			}
			c := cell{gi: gi, t: t, b: b, g: g.first, e: d.p.Periods[t] - g.first}
			for hi, h := range d.groups {
				if h.first == Never || (ctrl == NotYetTreated && hi != gi && h.first > d.p.Periods[t]) {
					c.controls = append(c.controls, hi)
					c.nC += h.n()
				}
			}
			if err := checkPrivacy(fmt.Sprintf("the control group of cohort %s in period %s", d.opt.label(g.first), d.opt.label(d.p.Periods[t])), c.nC, max(k, 1)); err != nil {
				return nil, err
			}
			dT := g.mean[t] - g.mean[b]
			var dC float64
			for _, hi := range c.controls {
				h := d.groups[hi]
				dC += float64(h.n()) * (h.mean[t] - h.mean[b])
			}
			dC /= float64(c.nC)
			c.att = dT - dC
			// ψ: treated (ΔY_i − ΔȲ_g)/n_g, controls −(ΔY_i − ΔȲ_C)/n_C
			// (the did package's influence function divided by N).
			psi := d.newLin()
			ng := float64(g.n())
			psi.addA(gi, t, 1/ng, T)
			psi.addA(gi, b, -1/ng, T)
			nC := float64(c.nC)
			for _, hi := range c.controls {
				h := d.groups[hi]
				psi.addA(hi, t, -1/nC, T)
				psi.addA(hi, b, 1/nC, T)
				psi.c[hi] = -((h.mean[t] - h.mean[b]) - dC) / nC
			}
			c.psi = psi
			c.se = d.se(psi)
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no treated cohort", ErrInput)
	}
	return out, nil
}

// wItem is one term of a weighted aggregation: an estimate of group gi,
// weighted by pg, the group's share of all units.
type wItem struct {
	gi      int
	pg, att float64
}

// wif is the influence function of the estimated weights pg/Σpg in an
// aggregation Σ (pg/Σpg)·att (the did package's wif, divided by N): unit i of
// group G gets (1/N)·Σ_k att_k[(1{G=g_k} − pg_k)/S − Σ_k'(1{G=g_k'} − pg_k')·pg_k/S²].
func (d *design) wif(items []wItem) *lin {
	l := d.newLin()
	var S, attPg float64
	for _, it := range items {
		S += it.pg
		attPg += it.att * it.pg
	}
	N := float64(d.N)
	for gi := range d.groups {
		var sumInd, first float64
		for _, it := range items {
			ind := 0.0
			if it.gi == gi {
				ind = 1
			}
			sumInd += ind - it.pg
			first += it.att * (ind - it.pg) / S
		}
		l.c[gi] = (first - sumInd*attPg/(S*S)) / N
	}
	return l
}

// agg is one aggregated estimate with its influence function.
type agg struct {
	att float64
	psi *lin
}

// weighted returns Σ w_k att_k over the given cells with w_k ∝ the share of
// their cohort, and its influence function including the weights' (did's
// "simple" and per-event-time aggregations).
func (d *design) weighted(cs []cell, idx []int) agg {
	var S float64
	items := make([]wItem, len(idx))
	for j, k := range idx {
		pg := float64(d.groups[cs[k].gi].n()) / float64(d.N)
		items[j] = wItem{gi: cs[k].gi, pg: pg, att: cs[k].att}
		S += pg
	}
	a := agg{psi: d.newLin()}
	for j, k := range idx {
		w := items[j].pg / S
		a.att += w * cs[k].att
		a.psi.addScaled(w, cs[k].psi)
	}
	a.psi.addScaled(1, d.wif(items))
	return a
}

// csFit is Callaway & Sant'Anna's estimate with every aggregation.
type csFit struct {
	d       *design
	cells   []cell
	simple  agg
	groups  []agg // per cohort, in d.cohorts() order
	gIdx    []int
	group   agg // overall of the group aggregation
	es      []int
	dynamic []agg // per event time es[j]
	dynAll  agg   // mean over e ≥ 0
}

func (d *design) callawaySantAnna(ctrl Control, k int) (*csFit, error) {
	cs, err := d.cells(ctrl, k)
	if err != nil {
		return nil, err
	}
	f := &csFit{d: d, cells: cs}
	var post []int
	for k, c := range cs {
		if c.post() {
			post = append(post, k)
		}
	}
	f.simple = d.weighted(cs, post)

	// Group: θ(g) the mean of the cohort's post-treatment effects; overall
	// Σ θ(g)·P(G=g)/Σ P(G=g) with the weights' influence function.
	var items []wItem
	for _, gi := range d.cohorts() {
		a := agg{psi: d.newLin()}
		var n int
		for _, c := range cs {
			if c.gi == gi && c.post() {
				n++
			}
		}
		for _, c := range cs {
			if c.gi == gi && c.post() {
				a.att += c.att / float64(n)
				a.psi.addScaled(1/float64(n), c.psi)
			}
		}
		f.groups = append(f.groups, a)
		f.gIdx = append(f.gIdx, gi)
		items = append(items, wItem{gi: gi, pg: float64(d.groups[gi].n()) / float64(d.N), att: a.att})
	}
	var S float64
	for _, it := range items {
		S += it.pg
	}
	f.group = agg{psi: d.newLin()}
	for j, it := range items {
		f.group.att += it.pg / S * it.att
		f.group.psi.addScaled(it.pg/S, f.groups[j].psi)
	}
	f.group.psi.addScaled(1, d.wif(items))

	// Dynamic: θ(e) the cohort-share-weighted mean of ATT(g, g+e); overall
	// the plain mean of θ(e) over e ≥ 0.
	for _, c := range cs {
		if !slices.Contains(f.es, c.e) {
			f.es = append(f.es, c.e)
		}
	}
	slices.Sort(f.es)
	f.dynAll = agg{psi: d.newLin()}
	var nPost int
	for _, e := range f.es {
		if e >= 0 {
			nPost++
		}
	}
	for _, e := range f.es {
		var idx []int
		for k, c := range cs {
			if c.e == e {
				idx = append(idx, k)
			}
		}
		a := d.weighted(cs, idx)
		f.dynamic = append(f.dynamic, a)
		if e >= 0 {
			f.dynAll.att += a.att / float64(nPost)
			f.dynAll.psi.addScaled(1/float64(nPost), a.psi)
		}
	}
	return f, nil
}

// CallawaySantAnna estimates the effect of a staggered treatment as
// Callaway & Sant'Anna (2021): every ATT(g,t), their simple (the headline),
// group and event-time aggregations with analytic standard errors from the
// influence functions, and with opt.Bootstrap > 0 a multiplier bootstrap
// clustered by unit that gives bootstrap standard errors and a uniform
// (sup-t) 95% band for the event study.
func CallawaySantAnna(p Panel, opt Options) (*Result, error) {
	d, err := newDesign(p, opt)
	if err != nil {
		return nil, err
	}
	f, err := d.callawaySantAnna(opt.Control, opt.minUnits())
	if err != nil {
		return nil, err
	}
	res := &Result{
		Method:    "cs",
		Control:   opt.Control.String(),
		ATT:       f.simple.att,
		SE:        d.se(f.simple.psi),
		Periods:   d.T,
		Seed:      opt.Seed,
		Algorithm: VersionCS,
		Notes:     d.notes,
		Band:      "pointwise",
	}
	res.Treated, res.Controls = f.counts(opt.Control)
	res.PreTrend = d.preTrend(f.cells)
	for _, e := range f.es {
		if e >= 0 {
			res.PostPeriods++
		}
	}
	// The treated units' observed mean over the post cells, weighted as the
	// simple aggregation, less the effect.
	var S, obs float64
	for _, c := range f.cells {
		if c.post() {
			pg := float64(d.groups[c.gi].n())
			S += pg
			obs += pg * d.groups[c.gi].mean[c.t]
		}
	}
	res.Counterfactual = obs/S - res.ATT

	lins := []*lin{f.simple.psi, f.group.psi, f.dynAll.psi}
	for _, a := range f.dynamic {
		lins = append(lins, a.psi)
	}
	for _, a := range f.groups {
		lins = append(lins, a.psi)
	}
	for _, c := range f.cells {
		lins = append(lins, c.psi)
	}
	se := make([]float64, len(lins))
	for i, l := range lins {
		se[i] = d.se(l)
	}
	boot := make([]float64, len(lins))
	crit := z975
	if opt.Bootstrap > 0 {
		draws := d.bootstrap(lins, opt.Bootstrap, opt.Seed, opt.Weights)
		for i := range lins {
			boot[i] = iqrSE(draws[i])
		}
		ne := len(f.dynamic)
		crit = supT(draws[3:3+ne], boot[3:3+ne], 0.05)
		res.Band, res.CritValue, res.Draws = "uniform", crit, opt.Bootstrap
		res.BootSE = boot[0]
	}
	res.CI = interval(res.ATT, res.SE, res.BootSE, z975)
	names := []string{"simple", "group", "dynamic"}
	atts := []float64{f.simple.att, f.group.att, f.dynAll.att}
	for i, n := range names {
		res.Aggregations = append(res.Aggregations, Aggregate{Name: n, ATT: atts[i], SE: se[i], BootSE: boot[i]})
	}
	k := 3
	for j := range f.es {
		ef := Effect{E: &f.es[j], ATT: f.dynamic[j].att, SE: se[k]}
		ef.Lo, ef.Hi = pair(interval(ef.ATT, se[k], boot[k], crit))
		res.ByEventTime = append(res.ByEventTime, ef)
		k++
	}
	for j, gi := range f.gIdx {
		ef := Effect{Group: opt.label(d.groups[gi].first), Units: d.groups[gi].n(), ATT: f.groups[j].att, SE: se[k]}
		ef.Lo, ef.Hi = pair(interval(ef.ATT, se[k], boot[k], z975))
		res.ByGroup = append(res.ByGroup, ef)
		k++
	}
	for _, c := range f.cells {
		res.Cells = append(res.Cells, Cell{Group: opt.label(c.g), Period: opt.label(d.p.Periods[c.t]), ATT: c.att, SE: se[k], BootSE: boot[k], Controls: c.nC})
		k++
	}
	return res, nil
}

// interval is est ± z·se, using the bootstrap's se when there is one.
func interval(est, se, boot, z float64) [2]float64 {
	if boot > 0 {
		se = boot
	}
	return [2]float64{est - z*se, est + z*se}
}

func pair(ci [2]float64) (float64, float64) { return ci[0], ci[1] }

// counts returns the number of treated units (cohorts with a post period)
// and of units that serve as a control in some cell.
func (f *csFit) counts(ctrl Control) (treated, controls int) {
	isCtrl := make([]bool, len(f.d.groups))
	for _, c := range f.cells {
		for _, hi := range c.controls {
			isCtrl[hi] = true
		}
	}
	for gi, g := range f.d.groups {
		if g.first != Never {
			treated += g.n()
		}
		if isCtrl[gi] {
			controls += g.n()
		}
	}
	return treated, controls
}
