package stats

import (
	"math"
	"testing"
)

// sameFloats reports whether got and want are equal within tol, NaN
// matching NaN.
func sameFloats(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: len = %d, want %d (%v)", what, len(got), len(want), got)
	}
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		p    []float64
		want []float64
	}{
		// m = 5; sorted p with rank k and m·p/k:
		//   0.005 k=1 0.025 | 0.01 k=2 0.025 | 0.03 k=3 0.05 | 0.04 k=4 0.05 | 0.2 k=5 0.2
		// The running minimum from the largest leaves them as they are.
		{"known vector", []float64{0.01, 0.04, 0.03, 0.005, 0.2}, []float64{0.025, 0.05, 0.05, 0.025, 0.2}},
		// m = 4: 0.01 k=1 0.04 | 0.03 k=2 0.06 | 0.04 k=3 0.16/3 = 0.05333… | 0.9 k=4 0.9.
		// Monotone step: q for 0.03 is min(0.06, 0.05333…) = 0.05333….
		{"monotone step", []float64{0.04, 0.01, 0.03, 0.9}, []float64{0.16 / 3, 0.04, 0.16 / 3, 0.9}},
		// m = 2: 0.7 k=1 1.4 | 0.8 k=2 0.8; the running minimum brings 1.4 down to 0.8.
		{"raw value above 1", []float64{0.7, 0.8}, []float64{0.8, 0.8}},
		// The cap binds only on p above 1 (invalid, or rounding): 0.01 k=1 0.02 | 1.2 k=2 1.2 → 1.
		{"cap", []float64{1.2, 0.01}, []float64{1, 0.02}},
		// Ties: 0.06, 0.03, 0.02 → all 0.02.
		{"ties", []float64{0.02, 0.02, 0.02}, []float64{0.02, 0.02, 0.02}},
		// NaN is not a test: m = 2, 0.01 k=1 0.02 | 0.04 k=2 0.04.
		{"NaN", []float64{nan, 0.01, 0.04}, []float64{nan, 0.02, 0.04}},
		{"all ones", []float64{1, 1, 1, 1}, []float64{1, 1, 1, 1}},
		{"single", []float64{0.03}, []float64{0.03}},
		{"empty", []float64{}, []float64{}},
		{"nil", nil, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.p...)
			got := BenjaminiHochberg(tt.p)
			sameFloats(t, "q", got, tt.want, 1e-12)
			sameFloats(t, "p after the call", tt.p, in, 0)
		})
	}
}
