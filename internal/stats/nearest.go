package stats

import (
	"math"
	"sort"
)

// Neighbour is a row near another row: its index, its distance, and the
// absolute difference in each column (NaN where either row is missing it),
// which tells which columns make the two rows alike.
type Neighbour struct {
	Index    int
	Distance float64
	Diffs    []float64
}

// Nearest returns up to k rows of m nearest to row i, nearest first, ties
// broken by the lower index. The distance is Euclidean over the columns
// where neither row is NaN, scaled by √(cols/used) so that missing columns do
// not make rows look closer; cols is the length of row i, and a row shorter
// than row i is missing the columns it lacks. Rows that share no column
// with row i are skipped, and so is row i. Nearest returns nil when k <= 0
// or i is not a row of m.
func Nearest(m [][]float64, i, k int) []Neighbour {
	if k <= 0 || i < 0 || i >= len(m) {
		return nil
	}
	a := m[i]
	cols := float64(len(a))
	type cand struct {
		j int
		d float64
	}
	cands := make([]cand, 0, len(m)-1)
	for j, b := range m {
		if j == i {
			continue
		}
		var ss, used float64
		for c, v := range a {
			if c < len(b) && !math.IsNaN(v) && !math.IsNaN(b[c]) {
				d := v - b[c]
				ss += d * d
				used++
			}
		}
		if used == 0 {
			continue
		}
		d := math.Sqrt(ss * cols / used)
		if math.IsNaN(d) {
			continue // infinite cells of the same sign
		}
		cands = append(cands, cand{j, d})
	}
	sort.Slice(cands, func(x, y int) bool {
		if cands[x].d != cands[y].d {
			return cands[x].d < cands[y].d
		}
		return cands[x].j < cands[y].j
	})
	cands = cands[:min(k, len(cands))]

	out := make([]Neighbour, len(cands))
	for n, c := range cands {
		b := m[c.j]
		diffs := make([]float64, len(a))
		for col, v := range a {
			if col < len(b) {
				diffs[col] = math.Abs(v - b[col]) // NaN when either is NaN
			} else {
				diffs[col] = math.NaN()
			}
		}
		out[n] = Neighbour{Index: c.j, Distance: c.d, Diffs: diffs}
	}
	return out
}
