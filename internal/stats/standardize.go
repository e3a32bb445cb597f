package stats

import "math"

// Standardize returns the z-scores of each column of m: mean 0 and
// population standard deviation 1 over the column's cells that are not NaN.
// NaN cells (missing) stay NaN, a constant column becomes all 0, and m is not
// modified. Rows should have equal length; a shorter row is missing the
// columns it lacks.
func Standardize(m [][]float64) [][]float64 {
	cols := 0
	for _, row := range m {
		cols = max(cols, len(row))
	}
	mean := make([]float64, cols)
	sd := make([]float64, cols)
	for c := range cols {
		var n, sum float64
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, row := range m {
			if c < len(row) && !math.IsNaN(row[c]) {
				n++
				sum += row[c]
				lo, hi = min(lo, row[c]), max(hi, row[c])
			}
		}
		if n == 0 || lo == hi {
			continue // sd 0: the column becomes 0 where present
		}
		mean[c] = sum / n
		var ss float64
		for _, row := range m {
			if c < len(row) && !math.IsNaN(row[c]) {
				d := row[c] - mean[c]
				ss += d * d
			}
		}
		sd[c] = math.Sqrt(ss / n)
	}

	out := make([][]float64, len(m))
	for r, row := range m {
		out[r] = make([]float64, len(row))
		for c, v := range row {
			switch {
			case math.IsNaN(v):
				out[r][c] = math.NaN()
			case sd[c] == 0:
				out[r][c] = 0
			default:
				out[r][c] = (v - mean[c]) / sd[c]
			}
		}
	}
	return out
}
