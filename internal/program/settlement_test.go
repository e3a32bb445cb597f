package program

import (
	"slices"
	"testing"
)

func TestSplitSettlement(t *testing.T) {
	tests := []struct {
		name   string
		amount int64
		ops    []Operator
		want   []int64
		code   string
	}{
		// 60:40 of 1,000,001: 600,000.6 / 400,000.4 → the won left to 0.6.
		{"60:40", 1_000_001, []Operator{{"kt", 60}, {"city", 40}}, []int64{600_001, 400_000}, ""},
		// 1:1:1 of 100: the first listed gets the won left.
		{"thirds", 100, []Operator{{"a", 1}, {"b", 1}, {"c", 1}}, []int64{34, 33, 33}, ""},
		{"one operator", 12_345, []Operator{{"a", 7}}, []int64{12_345}, ""},
		{"zero share", 100, []Operator{{"a", 0}}, nil, CodeInvalid},
		{"twice", 100, []Operator{{"a", 1}, {"a", 1}}, nil, CodeInvalid},
		{"none", 100, nil, nil, CodeInvalid},
		{"negative", -1, []Operator{{"a", 1}}, nil, CodeInvalid},
	}
	for _, tt := range tests {
		got, err := SplitSettlement(tt.amount, tt.ops)
		wantCode(t, tt.name, err, tt.code)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: SplitSettlement = %v, want %v", tt.name, got, tt.want)
		}
	}
}
