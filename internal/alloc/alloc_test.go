package alloc

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSplitVectors(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []int64
		want    []int64
	}{
		// 60:40 of 1,000,001 won: quotas 600,000.6 and 400,000.4; the one won
		// left goes to the larger remainder (0.6).
		{"shares 60:40", 1_000_001, []int64{60, 40}, []int64{600_001, 400_000}},
		// 3 parts of 100: quotas 33.3̅ each; equal remainders → lower index.
		{"equal thirds", 100, []int64{1, 1, 1}, []int64{34, 33, 33}},
		// 2 won between 3 equal parts: the first two.
		{"fewer units than parts", 2, []int64{5, 5, 5}, []int64{1, 1, 0}},
		// 10 over 5:3:2 is exact.
		{"exact", 10, []int64{5, 3, 2}, []int64{5, 3, 2}},
		// 7 over 1:2:4 = quotas 1, 2, 4 exactly (W = 7).
		{"exact odd", 7, []int64{1, 2, 4}, []int64{1, 2, 4}},
		// 10 over 3:3:4 (W 10) → quotas 3, 3, 4.
		// 11 over 3:3:4 → quotas 3.3, 3.3, 4.4: floors 3,3,4, one left to the
		// remainder 0.4 (index 2): 3,3,5.
		{"remainder 0.4 wins", 11, []int64{3, 3, 4}, []int64{3, 3, 5}},
		// A zero weight gets nothing, even when a remainder is left over.
		{"zero weight", 5, []int64{0, 1, 1}, []int64{0, 3, 2}},
		{"zero total", 0, []int64{0, 0}, []int64{0, 0}},
		{"no parts, zero total", 0, nil, []int64{}},
		// Alabama paradox, total 10 → 11 over 6:6:2 (W 14):
		// 10: quotas 4.286, 4.286, 1.429 → floors 4,4,1, one left to 0.429
		//     (index 2; the others have 0.286) → 4,4,2.
		// 11: quotas 4.714, 4.714, 1.571 → floors 4,4,1, two left to 0.714
		//     and 0.714 → 5,5,1: the third part LOSES a unit as the total grows.
		{"Alabama 10", 10, []int64{6, 6, 2}, []int64{4, 4, 2}},
		{"Alabama 11", 11, []int64{6, 6, 2}, []int64{5, 5, 1}},
		// Large values need 128-bit products: 9·10¹⁸ × 3 / 4.
		{"large", 9_000_000_000_000_000_000, []int64{3, 1}, []int64{6_750_000_000_000_000_000, 2_250_000_000_000_000_000}},
		{"large weights", 1_000_000_007, []int64{1 << 61, 1 << 61, 1 << 61}, []int64{333_333_336, 333_333_336, 333_333_335}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Split(tt.total, tt.weights)
			if err != nil {
				t.Fatalf("Split(%d, %v): %v", tt.total, tt.weights, err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Split(%d, %v) = %v, want %v", tt.total, tt.weights, got, tt.want)
			}
		})
	}
}

func TestSplitErrors(t *testing.T) {
	tests := []struct {
		name    string
		total   int64
		weights []int64
	}{
		{"negative total", -1, []int64{1}},
		{"negative weight", 5, []int64{1, -1}},
		{"all zero", 5, []int64{0, 0}},
		{"none", 5, nil},
		{"overflowing sum", 5, []int64{1 << 62, 1 << 62}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Split(tt.total, tt.weights); err == nil {
				t.Errorf("Split(%d, %v) = %v, want an error", tt.total, tt.weights, got)
			}
		})
	}
	if _, err := Split(3, []int64{0}); !errors.Is(err, ErrNoWeight) {
		t.Errorf("Split(3, [0]) error = %v, want ErrNoWeight", err)
	}
}

// TestSplitProperties checks, on seeded random inputs, that the parts add
// up to the total and that each is the floor or the ceiling of its quota.
func TestSplitProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 13))
	for n := range 2000 {
		k := 1 + r.IntN(40)
		weights := make([]int64, k)
		var positive bool
		for i := range weights {
			switch r.IntN(4) {
			case 0:
				weights[i] = 0
			case 1:
				weights[i] = r.Int64N(5)
			default:
				weights[i] = r.Int64N(1 << 40)
			}
			positive = positive || weights[i] > 0
		}
		if !positive {
			weights[0] = 1
		}
		total := r.Int64N(1 << 50)
		if n%3 == 0 {
			total = r.Int64N(int64(2 * k))
		}
		parts, err := Split(total, weights)
		if err != nil {
			t.Fatalf("Split(%d, %v): %v", total, weights, err)
		}
		var sum int64
		W := new(big.Int)
		for _, w := range weights {
			W.Add(W, big.NewInt(w))
		}
		for i, p := range parts {
			sum += p
			// |p·W − total·w| < W  ⇔  p is within 1 of the quota.
			d := new(big.Int).Mul(big.NewInt(p), W)
			d.Sub(d, new(big.Int).Mul(big.NewInt(total), big.NewInt(weights[i])))
			if d.CmpAbs(W) >= 0 {
				t.Fatalf("Split(%d, %v)[%d] = %d, more than 1 from its quota", total, weights, i, p)
			}
			if weights[i] == 0 && p != 0 {
				t.Fatalf("Split(%d, %v)[%d] = %d for a zero weight", total, weights, i, p)
			}
		}
		if sum != total {
			t.Fatalf("Split(%d, %v) adds up to %d", total, weights, sum)
		}
	}
}
