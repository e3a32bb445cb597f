package fusion

import (
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// TestHolders checks where a merchant counts: the one base district holding
// it (the smaller code on a shared edge) and every overlay holding it.
func TestHolders(t *testing.T) {
	polys := fixture()
	polys["U"] = orb.MultiPolygon{{rect(500, 0, 1000, 1000)}} // drawn over A's east half
	polys["V"] = orb.MultiPolygon{{rect(800, 0, 1200, 500)}}  // over A and B
	d := NewDistricts(polys)
	overlay := func(code string) bool { return code == "U" || code == "V" }
	tests := []struct {
		name   string
		dx, dy float64
		want   []string
	}{
		{"inside A only", 100, 100, []string{"A"}},
		{"inside A and U", 600, 700, []string{"A", "U"}},
		{"inside A, U and V", 900, 100, []string{"A", "U", "V"}},
		{"inside B and V", 1100, 100, []string{"B", "V"}},
		{"on the A|B edge, above V", 1000, 700, []string{"A", "U"}}, // U's edge is x = 1000 too
		{"on A's outer edge", 0, 500, []string{"A"}},
		{"in H", 100, 2100, []string{"H"}},
		{"in H's hole", 500, 2500, nil},
		{"on the hole's edge", 400, 2500, []string{"H"}},
		{"between A and H", 500, 1500, nil},
		{"far away", -90000, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lon, lat := lonLat(tt.dx, tt.dy)
			got := d.Holders(lon, lat, overlay, nil)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Holders(%v, %v) = %v, want %v", tt.dx, tt.dy, got, tt.want)
			}
		})
	}
}
