package effect

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Multiplier names the distribution of the multiplier bootstrap's unit
// weights (mean 0, variance 1).
type Multiplier int

const (
	// Rademacher weights are ±1 with probability ½ each (the did package's).
	Rademacher Multiplier = iota
	// Mammen weights are (1−√5)/2 with probability (√5+1)/(2√5), else (1+√5)/2.
	Mammen
)

// exactLimit is the default largest group whose units draw their own
// multiplier weights (design.exactMax). A larger group draws Σ_i v_i(Y_i − ȳ) as one Gaussian vector with
// the group's cross-product matrix as covariance, which is exactly what
// Gaussian multipliers give and what any multipliers give within a
// negligible error for thousands of units (central limit theorem); it costs
// T² per draw instead of n·T.
const exactLimit = 4096

// bootstrap returns, for each influence function, draws Σ_i v_i ψ_i of the
// multiplier bootstrap clustered by unit: out[l][b].
func (d *design) bootstrap(lins []*lin, draws int, seed uint64, w Multiplier) [][]float64 {
	T := d.T
	r := rand.New(rand.NewPCG(seed, 0x5eed5a9c5a9c))
	type source struct {
		used    bool
		exact   bool
		rows    []float64 // centred rows (exact)
		q       []float64 // eigenvectors scaled by √λ, T×T column-major (Gaussian)
		u       []float64
		s       float64
		sqrtN   float64
		nonzero [][]int // per lin: indices t with a[t] ≠ 0
	}
	src := make([]*source, len(d.groups))
	for gi, g := range d.groups {
		s := &source{u: make([]float64, T), sqrtN: math.Sqrt(float64(g.n()))}
		src[gi] = s
		for _, l := range lins {
			if l.a[gi] != nil || l.c[gi] != 0 {
				s.used = true
			}
		}
		if !s.used {
			continue
		}
		s.exact = g.n() <= d.exactMax || g.n() <= T
		if s.exact {
			s.rows = make([]float64, g.n()*T)
			for r, i := range g.units {
				for t, v := range d.p.Y[i*T : (i+1)*T] {
					s.rows[r*T+t] = v - g.mean[t]
				}
			}
		} else {
			var es mat.EigenSym
			es.Factorize(mat.NewSymDense(T, slices.Clone(d.gram(gi))), true)
			vals := es.Values(nil)
			var vec mat.Dense
			es.VectorsTo(&vec)
			s.q = make([]float64, T*T)
			for j := range T {
				sq := math.Sqrt(max(vals[j], 0))
				for t := range T {
					s.q[j*T+t] = vec.At(t, j) * sq
				}
			}
		}
		s.nonzero = make([][]int, len(lins))
		for li, l := range lins {
			for t, v := range l.a[gi] {
				if v != 0 {
					s.nonzero[li] = append(s.nonzero[li], t)
				}
			}
		}
	}
	out := make([][]float64, len(lins))
	for li := range out {
		out[li] = make([]float64, draws)
	}
	const (
		mLo = (1 - 2.23606797749979) / 2
		mHi = (1 + 2.23606797749979) / 2
		mP  = (2.23606797749979 + 1) / (2 * 2.23606797749979)
	)
	z := make([]float64, T)
	for b := range draws {
		for _, s := range src {
			if !s.used {
				continue
			}
			clear(s.u)
			if s.exact {
				s.s = 0
				n := len(s.rows) / T
				var bits uint64
				for i := range n {
					var v float64
					if w == Mammen {
						v = mHi
						if r.Float64() < mP {
							v = mLo
						}
					} else {
						if i%64 == 0 {
							bits = r.Uint64()
						}
						v = 1
						if bits&1 == 1 {
							v = -1
						}
						bits >>= 1
					}
					s.s += v
					row := s.rows[i*T : (i+1)*T]
					for t, y := range row {
						s.u[t] += v * y
					}
				}
			} else {
				s.s = s.sqrtN * r.NormFloat64()
				for j := range T {
					z[j] = r.NormFloat64()
				}
				for j := range T {
					col := s.q[j*T : (j+1)*T]
					zj := z[j]
					for t, q := range col {
						s.u[t] += q * zj
					}
				}
			}
		}
		for li, l := range lins {
			var v float64
			for gi, s := range src {
				if !s.used {
					continue
				}
				for _, t := range s.nonzero[li] {
					v += l.a[gi][t] * s.u[t]
				}
				v += l.c[gi] * s.s
			}
			out[li][b] = v
		}
	}
	return out
}

// quantile1 returns the p-quantile of sorted x as R's type 1 (the inverse of
// the empirical distribution), as the did package uses.
func quantile1(sorted []float64, p float64) float64 {
	n := len(sorted)
	k := int(math.Ceil(float64(n)*p)) - 1
	return sorted[min(max(k, 0), n-1)]
}

// iqrSE is the bootstrap standard error (q₀.₇₅ − q₀.₂₅)/(z₀.₇₅ − z₀.₂₅), robust
// to the odd wild draw (the did package's).
func iqrSE(draws []float64) float64 {
	s := slices.Clone(draws)
	slices.Sort(s)
	return (quantile1(s, 0.75) - quantile1(s, 0.25)) / 1.3489795003921634
}

// supT returns the (1−α) quantile over draws of max_j |draw_j|/se_j, the
// critical value of a uniform band over the estimates j.
func supT(draws [][]float64, se []float64, alpha float64) float64 {
	if len(draws) == 0 {
		return 0
	}
	B := len(draws[0])
	m := make([]float64, B)
	for b := range B {
		for j, dj := range draws {
			if se[j] > 0 {
				m[b] = max(m[b], math.Abs(dj[b])/se[j])
			}
		}
	}
	slices.Sort(m)
	return quantile1(m, 1-alpha)
}
