package stats

import (
	"math"
	"testing"
)

func TestMedian(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		x    []float64
		want float64
	}{
		{"odd", []float64{5, 1, 3}, 3},
		{"even", []float64{4, 1, 3, 2}, 2.5},
		{"NaN ignored", []float64{nan, 7, 1, nan, 4}, 4},
		{"single", []float64{2}, 2},
		{"empty", nil, nan},
		{"all NaN", []float64{nan}, nan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Median(tt.x)
			if math.IsNaN(tt.want) != math.IsNaN(got) || (!math.IsNaN(got) && got != tt.want) {
				t.Errorf("Median = %v, want %v", got, tt.want)
			}
		})
	}
	x := []float64{3, 1, 2}
	Median(x)
	if x[0] != 3 {
		t.Errorf("Median sorted its input: %v", x)
	}
}

func TestPercentRank(t *testing.T) {
	s := []float64{1, 2, 2, 2, 5}
	tests := []struct {
		v, want float64
	}{
		{0, 0},       // below all
		{1, 0.5 / 5}, // 0 below, 1 equal
		{2, 2.5 / 5}, // 1 below, 3 equal: ties averaged
		{3, 4.0 / 5}, // between values
		{5, 4.5 / 5}, // the largest
		{6, 1},       // above all
	}
	for _, tt := range tests {
		if got := PercentRank(s, tt.v); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("PercentRank(%v) = %v, want %v", tt.v, got, tt.want)
		}
	}
	if got := PercentRank(s, math.NaN()); !math.IsNaN(got) {
		t.Errorf("PercentRank(NaN) = %v, want NaN", got)
	}
	if got := PercentRank(nil, 1); !math.IsNaN(got) {
		t.Errorf("PercentRank(nil) = %v, want NaN", got)
	}
}
