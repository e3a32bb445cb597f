package effect

import (
	"math"
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// lin is an estimate's influence function ψ, scaled so that the estimate's
// variance is Σ_i ψ_i². It is held per group: unit i of group G contributes
// ψ_i = a[G]·(Y_i − ȳ_G) + c[G]. Every estimator here is linear in the
// outcomes given the groups, so this is exact, and it lets controls enter
// only through their group's mean and cross-products.
type lin struct {
	a  [][]float64 // per group, length T; nil when zero
	c  []float64   // per group
	sa [][]float64 // cache: gram_G · a_G
}

func (d *design) newLin() *lin {
	return &lin{a: make([][]float64, len(d.groups)), c: make([]float64, len(d.groups))}
}

// addA adds w to the coefficient of period t for group gi.
func (l *lin) addA(gi, t int, w float64, T int) {
	if l.a[gi] == nil {
		l.a[gi] = make([]float64, T)
	}
	l.a[gi][t] += w
}

// addScaled adds w·m to l.
func (l *lin) addScaled(w float64, m *lin) {
	for gi, a := range m.a {
		if a != nil {
			if l.a[gi] == nil {
				l.a[gi] = make([]float64, len(a))
			}
			for t, v := range a {
				l.a[gi][t] += w * v
			}
		}
		l.c[gi] += w * m.c[gi]
	}
	l.sa = nil
}

// gram returns group gi's centred cross-product matrix, computing it on first
// use (two workers for a large group).
func (d *design) gram(gi int) []float64 {
	g := d.groups[gi]
	if g.gram != nil {
		return g.gram
	}
	T := d.T
	workers := 1
	if g.n()*T*T > 1<<24 {
		workers = min(runtime.GOMAXPROCS(0), 2)
	}
	parts := make([][]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := g.n()*w/workers, g.n()*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			parts[w] = d.gramRange(g, g.units[lo:hi])
		}()
	}
	wg.Wait()
	s := parts[0]
	for _, p := range parts[1:] {
		for k, v := range p {
			s[k] += v
		}
	}
	for i := range T {
		for j := range i {
			s[i*T+j] = s[j*T+i]
		}
	}
	g.gram = s
	return s
}

// gramRange returns Σ (Y_i − ȳ)(Y_i − ȳ)ᵀ over units, upper triangle filled.
func (d *design) gramRange(g *group, units []int) []float64 {
	T := d.T
	const chunk = 512
	buf := make([]float64, chunk*T)
	s := blas64.Symmetric{N: T, Stride: T, Data: make([]float64, T*T), Uplo: blas.Upper}
	for lo := 0; lo < len(units); lo += chunk {
		hi := min(lo+chunk, len(units))
		for r, i := range units[lo:hi] {
			row := d.p.Y[i*T : (i+1)*T]
			out := buf[r*T : (r+1)*T]
			for t, v := range row {
				out[t] = v - g.mean[t]
			}
		}
		a := blas64.General{Rows: hi - lo, Cols: T, Stride: T, Data: buf[:(hi-lo)*T]}
		blas64.Syrk(blas.Trans, 1, a, 1, s)
	}
	return s.Data
}

// gramTimes returns gram_G·a_G, cached in l.
func (d *design) gramTimes(l *lin, gi int) []float64 {
	if l.sa == nil {
		l.sa = make([][]float64, len(d.groups))
	}
	if l.sa[gi] != nil {
		return l.sa[gi]
	}
	T := d.T
	s := d.gram(gi)
	out := make([]float64, T)
	for j, w := range l.a[gi] {
		if w == 0 {
			continue
		}
		col := s[j*T : (j+1)*T] // symmetric: row j is column j
		for t, v := range col {
			out[t] += w * v
		}
	}
	l.sa[gi] = out
	return out
}

// cov returns Σ_i ψ_i φ_i for the influence functions l and m.
func (d *design) cov(l, m *lin) float64 {
	var s float64
	for gi, g := range d.groups {
		if l.a[gi] != nil && m.a[gi] != nil {
			sa := d.gramTimes(l, gi)
			for t, v := range m.a[gi] {
				s += sa[t] * v
			}
		}
		s += float64(g.n()) * l.c[gi] * m.c[gi]
	}
	return s
}

// se returns the analytic standard error Sqrt(Σ ψ_i²).
func (d *design) se(l *lin) float64 { return math.Sqrt(max(d.cov(l, l), 0)) }
