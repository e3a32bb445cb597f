package demo

import (
	"slices"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []float64
		want    []int64
	}{
		{"even", 9, []float64{1, 1, 1}, []int64{3, 3, 3}},
		{"remainder to largest fraction", 10, []float64{1, 1, 1}, []int64{4, 3, 3}},
		{"proportional", 100, []float64{0.5, 0.3, 0.2}, []int64{50, 30, 20}},
		{"zero weight gets nothing", 7, []float64{0, 1, 1}, []int64{0, 4, 3}},
		{"all zero weights", 5, []float64{0, 0}, []int64{5, 0}},
		{"zero total", 0, []float64{1, 2}, []int64{0, 0}},
		{"large", 9_876_543_210, []float64{0.1, 0.2, 0.7}, []int64{987_654_321, 1_975_308_642, 6_913_580_247}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := split(tt.total, tt.weights)
			if !slices.Equal(got, tt.want) {
				t.Errorf("split(%d, %v) = %v, want %v", tt.total, tt.weights, got, tt.want)
			}
			if sum(got) != tt.total && tt.total > 0 {
				t.Errorf("parts sum to %d, want %d", sum(got), tt.total)
			}
		})
	}
}

func TestChangeLabel(t *testing.T) {
	tests := []struct {
		op, cl, seoulOp, seoulCl int64
		code, name               string
	}{
		{120, 60, 100, 51, "HH", "정체"},
		{120, 40, 100, 51, "HL", "상권축소"},
		{80, 60, 100, 51, "LH", "상권확장"},
		{80, 40, 100, 51, "LL", "다이나믹"},
	}
	for _, tt := range tests {
		code, name := changeLabel(tt.op, tt.cl, tt.seoulOp, tt.seoulCl)
		if code != tt.code || name != tt.name {
			t.Errorf("changeLabel(%d, %d, %d, %d) = %s %s, want %s %s", tt.op, tt.cl, tt.seoulOp, tt.seoulCl, code, name, tt.code, tt.name)
		}
	}
}

func TestIncomeBand(t *testing.T) {
	tests := []struct {
		income float64
		want   int64
	}{
		{900_000, 1}, {1_200_000, 2}, {2_300_000, 5}, {2_600_000, 6}, {3_400_000, 7}, {9_000_000, 10},
	}
	for _, tt := range tests {
		if got := incomeBand(tt.income); got != tt.want {
			t.Errorf("incomeBand(%.0f) = %d, want %d", tt.income, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct{ n, of, want int64 }{
		{1, 8, 13}, // 12.5 rounds up, as the published 개업_율 does
		{3, 8, 38},
		{0, 5, 0},
		{1, 0, 0},
		{2, 1, 200},
	}
	for _, tt := range tests {
		if got := percent(tt.n, tt.of); got != tt.want {
			t.Errorf("percent(%d, %d) = %d, want %d", tt.n, tt.of, got, tt.want)
		}
	}
}
