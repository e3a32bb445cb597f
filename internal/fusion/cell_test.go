package fusion

import (
	"math"
	"testing"
)

func TestCellShares(t *testing.T) {
	d := NewDistricts(fixture())
	const holeShareOf500 = 200.0 * 200 / (500 * 500)
	tests := []struct {
		name         string
		dx, dy, size float64
		want         []Share
	}{
		{"inside A", 100, 100, 100, []Share{{"A", 1}}},
		{"inside A, 50 m", 500, 500, 50, []Share{{"A", 1}}},
		{"A's corner cell", 0, 0, 100, []Share{{"A", 1}}},
		{"across A|B, a quarter in A", 975, 200, 100, []Share{{"A", 0.25}, {"B", 0.75}}},
		{"across A|B, half each", 950, 900, 100, []Share{{"A", 0.5}, {"B", 0.5}}},
		{"across A|B off the 25 m grid", 980, 310, 100, []Share{{"A", 0.2}, {"B", 0.8}}},
		{"half out of A", -50, 100, 100, []Share{{"A", 0.5}}},
		{"corner of A and B, 250 m", 875, 875, 250, []Share{{"A", 0.25}, {"B", 0.25}}},
		{"across A|B, 500 m", 750, 250, 500, []Share{{"A", 0.5}, {"B", 0.5}}},
		{"in no district", 500, 1500, 100, nil},
		{"far away", -50000, -50000, 500, nil},
		{"touching A from outside", 1000, 1000, 100, nil},
		{"half over the hole of H", 350, 2400, 100, []Share{{"H", 0.5}}},
		{"the hole of H", 400, 2400, 200, nil},
		{"inside the hole of H", 450, 2450, 100, nil},
		{"holding the hole of H, 500 m", 300, 2300, 500, []Share{{"H", 1 - holeShareOf500}}},
		{"zero size", 100, 100, 0, nil},
		{"negative size", 100, 100, -100, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.CellShares(x0+tt.dx, y0+tt.dy, tt.size)
			// Shares are of areas in EPSG:5181, the expected ones of areas
			// in EPSG:5179; the two conformal projections' scales differ
			// by a ratio that changes by about 1e-9 per metre near Seoul,
			// so they agree within 1e-6 for a 500 m cell.
			if !sharesClose(got, tt.want, 1e-6) {
				t.Errorf("CellShares(%v, %v, %v) = %v, want %v", tt.dx, tt.dy, tt.size, got, tt.want)
			}
			if s := sum(got); s > 1+1e-12 {
				t.Errorf("fractions sum to %v, more than 1", s)
			}
		})
	}
}

// TestCellSharesPartition checks that cells split between A and B, which
// cover them, have fractions summing to 1 to rounding.
func TestCellSharesPartition(t *testing.T) {
	d := NewDistricts(fixture())
	for dx := 800.0; dx < 1100; dx += 37 {
		for _, size := range []float64{50, 100, 250, 500} {
			got := d.CellShares(x0+dx, y0+300, size)
			if s := sum(got); math.Abs(s-1) > 1e-9 {
				t.Errorf("cell at %v, %v m: fractions %v sum to %v, want 1", dx, size, got, s)
			}
		}
	}
}

func sum(shares []Share) float64 {
	s := 0.0
	for _, sh := range shares {
		s += sh.Fraction
	}
	return s
}

func sharesClose(got, want []Share, tol float64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Code != want[i].Code || math.Abs(got[i].Fraction-want[i].Fraction) > tol {
			return false
		}
	}
	return true
}
