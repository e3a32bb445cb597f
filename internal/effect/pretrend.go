package effect

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// preTrend tests that every pre-treatment ATT(g,t) is zero: the Wald
// statistic W = θᵀV⁻¹θ over the pre-period cells with a positive variance,
// V their covariance from the influence functions, against χ² with as many
// degrees of freedom as cells (the did package's pre-test).
func (d *design) preTrend(cs []cell) PreTrend {
	var pre []int
	for k, c := range cs {
		if !c.post() && c.se > 0 && !math.IsNaN(c.se) {
			pre = append(pre, k)
		}
	}
	pt := PreTrend{Tested: len(pre)}
	if len(pre) == 0 {
		pt.Warning = "no pre-treatment period to check that treated and comparison units moved alike before treatment"
		return pt
	}
	q := len(pre)
	v := mat.NewSymDense(q, nil)
	theta := mat.NewVecDense(q, nil)
	for i, ki := range pre {
		theta.SetVec(i, cs[ki].att)
		for j := i; j < q; j++ {
			v.SetSym(i, j, d.cov(cs[ki].psi, cs[pre[j]].psi))
		}
	}
	var ch mat.Cholesky
	if !ch.Factorize(v) || ch.Cond() > 1/2.220446049250313e-16 {
		pt.Warning = "the pre-treatment effects' covariance is singular: no joint test"
		return pt
	}
	var x mat.VecDense
	if err := ch.SolveVecTo(&x, theta); err != nil {
		pt.Warning = "the pre-treatment effects' covariance is singular: no joint test"
		return pt
	}
	pt.Wald = mat.Dot(theta, &x)
	perCohort := map[int]int{}
	for _, k := range pre {
		perCohort[cs[k].gi]++
	}
	for _, gi := range d.cohorts() {
		if q, n := perCohort[gi], d.groups[gi].n(); n < 10*q {
			pt.Caution = fmt.Sprintf("cohort %s has %d units for %d pre-treatment periods tested: with fewer than 10 units per period tested the test rejects more often than it should", d.opt.label(d.groups[gi].first), n, q)
			break
		}
	}
	p := distuv.ChiSquared{K: float64(q)}.Survival(pt.Wald)
	pt.P = &p
	if p < 0.05 {
		pt.Warning = fmt.Sprintf("before treatment the treated units already moved differently from the comparison units (joint test of %d pre-treatment cohort-periods, p = %.3f < 0.05): the estimate may be biased", q, p)
	}
	return pt
}
