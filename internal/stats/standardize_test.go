package stats

import (
	"math"
	"testing"
)

func TestStandardize(t *testing.T) {
	nan := math.NaN()
	r := math.Sqrt(1.5) // (3−2)/√(2/3) and (30−20)/√(200/3)
	m := [][]float64{
		{1, 0.1, nan, 10},
		{2, 0.1, nan, 20},
		{3, 0.1, 4, nan},
		{nan, nan, nan, 30},
	}
	// Column 0: 1, 2, 3 → mean 2, population sd √(2/3), NaN stays NaN.
	// Column 1: constant 0.1 (not exact in binary) → 0.
	// Column 2: a single value is constant → 0.
	// Column 3: 10, 20, 30 → mean 20, sd √(200/3).
	want := [][]float64{
		{-r, 0, nan, -r},
		{0, 0, nan, 0},
		{r, 0, 0, nan},
		{nan, nan, nan, r},
	}
	got := Standardize(m)
	if len(got) != len(want) {
		t.Fatalf("rows = %d, want %d", len(got), len(want))
	}
	for i := range want {
		sameFloats(t, "row", got[i], want[i], 1e-12)
	}
	if m[0][0] != 1 || m[3][3] != 30 {
		t.Errorf("Standardize modified its input: %v", m)
	}
}

func TestStandardizeEdges(t *testing.T) {
	if got := Standardize(nil); len(got) != 0 {
		t.Errorf("Standardize(nil) = %v, want empty", got)
	}
	// A short row is missing the columns it lacks.
	got := Standardize([][]float64{{1, 5}, {3}})
	sameFloats(t, "row 0", got[0], []float64{-1, 0}, 1e-12)
	sameFloats(t, "row 1", got[1], []float64{1}, 1e-12)
}
