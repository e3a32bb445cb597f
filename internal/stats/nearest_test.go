package stats

import (
	"math"
	"testing"
)

func TestNearest(t *testing.T) {
	nan := math.NaN()
	m := [][]float64{
		{0, 0},     // 0
		{1, 0},     // 1: 1 from row 0
		{0, 1},     // 2: 1 from row 0, a tie with row 1
		{nan, 3},   // 3: from row 0 over column 1 only: √(3²·2/1) = 3√2
		{nan, nan}, // 4: shares no column, skipped
		{2, nan},   // 5: from row 0 over column 0 only: √(2²·2/1) = 2√2
	}
	type want struct {
		index int
		dist  float64
		diffs []float64
	}
	tests := []struct {
		name string
		i, k int
		want []want
	}{
		{"k beyond the rows", 0, 10, []want{
			{1, 1, []float64{1, 0}},
			{2, 1, []float64{0, 1}},
			{5, 2 * math.Sqrt2, []float64{2, nan}},
			{3, 3 * math.Sqrt2, []float64{nan, 3}},
		}},
		{"tie broken by index", 0, 1, []want{{1, 1, []float64{1, 0}}}},
		// Row 3 shares column 1 with rows 0, 1 and 2 only: 3→2 is |3−1|·√2,
		// 3→0 and 3→1 are both 3√2.
		{"row with NaN", 3, 5, []want{
			{2, 2 * math.Sqrt2, []float64{nan, 2}},
			{0, 3 * math.Sqrt2, []float64{nan, 3}},
			{1, 3 * math.Sqrt2, []float64{nan, 3}},
		}},
		{"row sharing nothing", 4, 3, []want{}},
		{"k zero", 0, 0, nil},
		{"i out of range", 6, 2, nil},
		{"negative i", -1, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Nearest(m, tt.i, tt.k)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d neighbours, want %d: %+v", len(got), len(tt.want), got)
			}
			for n, w := range tt.want {
				if got[n].Index != w.index || math.Abs(got[n].Distance-w.dist) > 1e-12 {
					t.Errorf("neighbour %d = (%d, %v), want (%d, %v)", n, got[n].Index, got[n].Distance, w.index, w.dist)
				}
				sameFloats(t, "diffs", got[n].Diffs, w.diffs, 1e-12)
			}
		})
	}
}

func TestNearestIdenticalRow(t *testing.T) {
	m := [][]float64{{1, 2, 3}, {4, 5, 6}, {1, 2, 3}}
	got := Nearest(m, 2, 1)
	if len(got) != 1 || got[0].Index != 0 || got[0].Distance != 0 {
		t.Fatalf("Nearest = %+v, want row 0 at distance 0", got)
	}
}
