package stats

import (
	"math"
	"sort"
)

// BenjaminiHochberg returns the Benjamini-Hochberg adjusted p-values
// (q-values) of p, in the order of p: a test is significant at false
// discovery rate α when its q <= α. The q-values are monotone in p and at
// most 1. NaN p-values (tests not run) stay NaN and do not count towards the
// number of tests.
func BenjaminiHochberg(p []float64) []float64 {
	q := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		if math.IsNaN(v) {
			q[i] = math.NaN()
			continue
		}
		idx = append(idx, i)
	}
	sort.SliceStable(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })

	// Benjamini & Hochberg (1995): with m tests and p ascending,
	//   q_(k) = min(1, min_{j >= k} m p_(j) / j).
	m := float64(len(idx))
	run := 1.0
	for k := len(idx) - 1; k >= 0; k-- {
		i := idx[k]
		run = min(run, m*p[i]/float64(k+1))
		q[i] = run
	}
	return q
}
