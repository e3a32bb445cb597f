package effect

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// SynthKind selects an estimator of the synthetic DiD family.
type SynthKind int

const (
	// SynthDiD weights control units and pre-periods (Arkhangelsky et al. 2021).
	SynthDiD SynthKind = iota
	// SynthControl weights control units only, without intercept, and
	// compares post-period levels (Abadie et al. 2010, as synthdid computes it).
	SynthControl
	// SynthPlainDiD uses equal weights: the plain DiD of means.
	SynthPlainDiD
)

// synthFit is a fitted synthetic estimator on a matrix whose first n0 rows
// are controls and whose first t0 columns are pre-periods.
type synthFit struct {
	tau    float64
	omega  []float64 // control unit weights, sum 1
	lambda []float64 // pre-period weights, sum 1 (zero for SynthControl)
	zetaO  float64
	zetaL  float64
	noise  float64
	minDec float64
}

// matrix is a dense row-major n×t matrix of outcomes.
type matrix struct {
	n, t int
	v    []float64
}

func (m matrix) at(i, j int) float64 { return m.v[i*m.t+j] }

// synth fits kind on y (n0 controls first, then the treated; t0 pre-periods
// first). The noise level σ is the standard deviation of the controls'
// first differences over the pre-periods; ζ_ω = (N₁·T₁)^¼·σ for synthetic
// DiD and 10⁻⁶·σ for the synthetic control, ζ_λ = 10⁻⁶·σ.
func synth(y matrix, n0, t0 int, kind SynthKind) synthFit {
	var diffs []float64
	for i := range n0 {
		for j := 1; j < t0; j++ {
			diffs = append(diffs, y.at(i, j)-y.at(i, j-1))
		}
	}
	noise := sampleSD(diffs)
	f := synthFit{noise: noise, zetaL: 1e-6 * noise, minDec: 1e-5 * noise}
	n1, t1 := y.n-n0, y.t-t0
	switch kind {
	case SynthDiD:
		f.zetaO = math.Pow(float64(n1*t1), 0.25) * noise
	case SynthControl:
		f.zetaO = 1e-6 * noise
	}
	return fitSynth(y, n0, t0, kind, f, nil, nil)
}

// fitSynth computes the weights with the regularisation in f, starting the
// Frank–Wolfe iterations from omega0 and lambda0 (uniform when nil), and the
// estimate.
func fitSynth(y matrix, n0, t0 int, kind SynthKind, f synthFit, omega0, lambda0 []float64) synthFit {
	yc := collapse(y, n0, t0)
	switch kind {
	case SynthPlainDiD:
		f.omega = uniform(n0)
		f.lambda = uniform(t0)
	case SynthControl:
		f.lambda = make([]float64, t0)
		f.omega = fwTwoPass(transposePre(yc, n0, t0), f.zetaO, false, omega0, f.minDec)
	case SynthDiD:
		f.lambda = fwTwoPass(controlsRows(yc, n0, t0), f.zetaL, true, lambda0, f.minDec)
		f.omega = fwTwoPass(transposePre(yc, n0, t0), f.zetaO, true, omega0, f.minDec)
	}
	// τ = (−ω, 1/N₁)ᵀ Y (−λ, 1/T₁)
	f.tau = 0
	n1, t1 := y.n-n0, y.t-t0
	for i := range y.n {
		wi := 1 / float64(n1)
		if i < n0 {
			wi = -f.omega[i]
		}
		if wi == 0 {
			continue
		}
		var row float64
		for j := range y.t {
			wj := 1 / float64(t1)
			if j < t0 {
				wj = -f.lambda[j]
			}
			row += wj * y.at(i, j)
		}
		f.tau += wi * row
	}
	return f
}

// collapse returns the (n0+1)×(t0+1) matrix of synthdid's collapsed form:
// controls' pre-period values with their post-period mean as the last
// column, and as the last row the treated units' mean.
func collapse(y matrix, n0, t0 int) matrix {
	n1, t1 := y.n-n0, y.t-t0
	c := matrix{n: n0 + 1, t: t0 + 1, v: make([]float64, (n0+1)*(t0+1))}
	for i := range y.n {
		ci := min(i, n0)
		wi := 1.0
		if i >= n0 {
			wi = 1 / float64(n1)
		}
		for j := range y.t {
			cj, wj := j, 1.0
			if j >= t0 {
				cj, wj = t0, 1/float64(t1)
			}
			c.v[ci*c.t+cj] += wi * wj * y.at(i, j)
		}
	}
	return c
}

// controlsRows is the time-weight problem: rows are controls, columns the
// pre-periods, the last column (the target) their post-period mean.
func controlsRows(c matrix, n0, t0 int) matrix {
	return matrix{n: n0, t: t0 + 1, v: c.v[:n0*(t0+1)]}
}

// transposePre is the unit-weight problem: rows are pre-periods, columns the
// controls, the last column (the target) the treated units' mean.
func transposePre(c matrix, n0, t0 int) matrix {
	m := matrix{n: t0, t: n0 + 1, v: make([]float64, t0*(n0+1))}
	for i := range n0 + 1 {
		for j := range t0 {
			m.v[j*m.t+i] = c.at(i, j)
		}
	}
	return m
}

// fwTwoPass runs Frank–Wolfe for at most 100 iterations, zeroes the weights
// at or under a quarter of the largest, renormalises, and runs again to
// convergence (at most 10,000 iterations), as synthdid does.
func fwTwoPass(m matrix, zeta float64, intercept bool, x0 []float64, minDec float64) []float64 {
	x := frankWolfe(m, zeta, intercept, x0, minDec, 100)
	return frankWolfe(m, zeta, intercept, sparsify(x), minDec, 10000)
}

// frankWolfe minimises ζ²‖x‖² + ‖A x − b‖²/r over the simplex, A the first
// columns of m and b its last (after removing each column's mean when
// intercept is set), r its rows. Each step moves towards the vertex with the
// smallest partial derivative by the exact line-search step, clamped to
// [0,1]; it stops when an iteration lowers the objective by no more than
// minDec² or after maxIter iterations.
func frankWolfe(m matrix, zeta float64, intercept bool, x0 []float64, minDec float64, maxIter int) []float64 {
	r, k := m.n, m.t-1
	a := make([]float64, len(m.v))
	copy(a, m.v)
	if intercept {
		for j := range m.t {
			var s float64
			for i := range r {
				s += a[i*m.t+j]
			}
			s /= float64(r)
			for i := range r {
				a[i*m.t+j] -= s
			}
		}
	}
	x := uniform(k)
	if x0 != nil {
		copy(x, x0)
	}
	eta := float64(r) * zeta * zeta
	ax := make([]float64, r)
	res := make([]float64, r)
	dErr := make([]float64, r)
	grad := make([]float64, k)
	for i := range r {
		var v float64
		for j := range k {
			v += a[i*m.t+j] * x[j]
		}
		ax[i] = v
	}
	objective := func() float64 {
		var s, xx float64
		for i := range r {
			e := ax[i] - a[i*m.t+k]
			s += e * e
		}
		for _, v := range x {
			xx += v * v
		}
		return zeta*zeta*xx + s/float64(r)
	}
	var prev, last float64
	for it := 0; it < maxIter; it++ {
		if it >= 2 && prev-last <= minDec*minDec {
			break
		}
		for i := range r {
			res[i] = ax[i] - a[i*m.t+k]
		}
		for j := range k {
			grad[j] = eta * x[j]
		}
		for i := range r {
			row := a[i*m.t : i*m.t+k]
			for j, v := range row {
				grad[j] += res[i] * v
			}
		}
		best := 0
		for j := range k {
			if grad[j] < grad[best] {
				best = j
			}
		}
		// direction towards vertex best: dx = e_best − x
		var dxx, num, den float64
		moves := false
		for j := range k {
			dx := -x[j]
			if j == best {
				dx = 1 - x[j]
			}
			if dx != 0 {
				moves = true
			}
			dxx += dx * dx
			num -= grad[j] * dx
		}
		if moves {
			for i := range r {
				dErr[i] = a[i*m.t+best] - ax[i]
				den += dErr[i] * dErr[i]
			}
			step := min(1, max(0, num/(den+eta*dxx)))
			for j := range k {
				dx := -x[j]
				if j == best {
					dx = 1 - x[j]
				}
				x[j] += step * dx
			}
			for i := range r {
				ax[i] += step * dErr[i]
			}
		}
		prev, last = last, objective()
	}
	return x
}

// sparsify zeroes weights at or under a quarter of the largest and
// renormalises.
func sparsify(x []float64) []float64 {
	var mx float64
	for _, v := range x {
		mx = max(mx, v)
	}
	out := make([]float64, len(x))
	for j, v := range x {
		if v > mx/4 {
			out[j] = v
		}
	}
	return sumNormalize(out)
}

// sumNormalize scales x to sum 1, or returns uniform weights if it sums to 0.
func sumNormalize(x []float64) []float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	if s == 0 {
		return uniform(len(x))
	}
	out := make([]float64, len(x))
	for j, v := range x {
		out[j] = v / s
	}
	return out
}

func uniform(n int) []float64 {
	x := make([]float64, n)
	for j := range x {
		x[j] = 1 / float64(n)
	}
	return x
}

func sampleSD(x []float64) float64 {
	if len(x) < 2 {
		return 0
	}
	var m, s float64
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

// placeboSE is synthdid's placebo standard error: reps times, a random
// choice of N₁ controls plays the treated and the estimator is refitted on
// the other controls with the same regularisation (starting from the
// fitted weights); the SE is √((r−1)/r)·sd of the placebo estimates.
func placeboSE(y matrix, n0, t0 int, kind SynthKind, f synthFit, reps int, seed uint64) (float64, error) {
	n1 := y.n - n0
	if n0 <= n1 {
		return 0, fmt.Errorf("%w: the placebo SE needs more controls (%d) than treated units (%d)", ErrInput, n0, n1)
	}
	r := rand.New(rand.NewPCG(seed, 0x91ace6051a9c))
	est := make([]float64, reps)
	p := matrix{n: n0, t: y.t, v: make([]float64, n0*y.t)}
	nc := n0 - n1
	for k := range reps {
		perm := r.Perm(n0)
		omega0 := make([]float64, nc)
		for i, src := range perm {
			copy(p.v[i*y.t:(i+1)*y.t], y.v[src*y.t:(src+1)*y.t])
			if i < nc {
				omega0[i] = f.omega[src]
			}
		}
		est[k] = fitSynth(p, nc, t0, kind, f, sumNormalize(omega0), f.lambda).tau
	}
	return math.Sqrt(float64(reps-1)/float64(reps)) * sampleSD(est), nil
}

// DefaultPlacebo is the number of placebo replications when none is asked.
const DefaultPlacebo = 200

// Synthetic estimates the effect on one treated cohort with the synthetic DiD
// family (kind) against the never-treated, with synthdid's placebo standard
// error (opt.Bootstrap replications, DefaultPlacebo when 0; seeded).
func Synthetic(p Panel, kind SynthKind, opt Options) (*Result, error) {
	d, err := newDesign(p, opt)
	if err != nil {
		return nil, err
	}
	k := opt.minUnits()
	gi, err := d.single(k)
	if err != nil {
		return nil, err
	}
	g, c := d.groups[gi], d.groups[d.never]
	t0 := d.index(g.first)
	if t0 < 2 && kind != SynthPlainDiD {
		return nil, fmt.Errorf("%w: %d period(s) before treatment; synthetic weights need at least 2", ErrInput, t0)
	}
	T := d.T
	y := matrix{n: c.n() + g.n(), t: T, v: make([]float64, 0, (c.n()+g.n())*T)}
	for _, i := range append(append([]int{}, c.units...), g.units...) {
		y.v = append(y.v, d.p.Y[i*T:(i+1)*T]...)
	}
	f := synth(y, c.n(), t0, kind)
	reps := opt.Bootstrap
	if reps <= 0 {
		reps = DefaultPlacebo
	}
	se, err := placeboSE(y, c.n(), t0, kind, f, reps, opt.Seed)
	if err != nil {
		return nil, err
	}
	names := map[SynthKind]string{SynthDiD: "sdid", SynthControl: "sc", SynthPlainDiD: "did"}
	res := &Result{
		Method:      names[kind],
		Control:     NeverTreated.String(),
		ATT:         f.tau,
		SE:          se,
		Treated:     g.n(),
		Controls:    c.n(),
		Periods:     T,
		PostPeriods: T - t0,
		Draws:       reps,
		Seed:        opt.Seed,
		Algorithm:   VersionSDID,
		Notes:       d.notes,
	}
	res.CI = interval(res.ATT, se, 0, z975)
	var obs float64
	for t := t0; t < T; t++ {
		obs += g.mean[t] / float64(T-t0)
	}
	res.Counterfactual = obs - res.ATT
	if kind == SynthDiD {
		for t, w := range f.lambda {
			if w > 0 {
				res.TimeWeights = append(res.TimeWeights, Weight{Period: opt.label(d.p.Periods[t]), Weight: w})
			}
		}
	}
	var used int
	for _, w := range f.omega {
		if w > 0 {
			used++
		}
	}
	res.Notes = append(res.Notes, fmt.Sprintf("%d of %d control units carry weight in the synthetic comparison", used, c.n()))
	if err := d.attachPreTrend(res, k); err != nil {
		return nil, err
	}
	return res, nil
}
