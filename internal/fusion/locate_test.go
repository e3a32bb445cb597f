package fusion

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// The fixture districts are rectangles of EPSG:5179 near Seoul City Hall,
// reprojected to EPSG:5181 as CellShares reprojects cells, so that a cell's
// expected shares follow from EPSG:5179 arithmetic. Offsets are metres from
// (x0, y0).
const x0, y0 = 953000.0, 1951000.0

// rect returns the rectangle [x0+ax, x0+bx] × [y0+ay, y0+by] of EPSG:5179
// as a ring in EPSG:5181.
func rect(ax, ay, bx, by float64) orb.Ring {
	return rect5179To5181(x0+ax, y0+ay, bx-ax, by-ay)
}

// fixture returns three districts: A and B side by side, sharing the edge
// x = 1000, and H, with a 200 m square hole, further north.
//
//	y 3000 ┌──────H──────┐
//	       │   ┌hole┐    │   hole [400, 600] × [2400, 2600]
//	y 2000 └─────────────┘
//	y 1000 ┌──────┬──────┐
//	       │  A   │  B   │
//	y    0 └──────┴──────┘
//	       0     1000   2000
func fixture() map[string]orb.MultiPolygon {
	return map[string]orb.MultiPolygon{
		"A": {{rect(0, 0, 1000, 1000)}},
		"B": {{rect(1000, 0, 2000, 1000)}},
		"H": {{rect(0, 2000, 1000, 3000), rect(400, 2400, 600, 2600)}},
	}
}

// lonLat returns the WGS84 position of the EPSG:5179 point (x0+dx, y0+dy).
func lonLat(dx, dy float64) (lon, lat float64) { return geo.FromEPSG5179(x0+dx, y0+dy) }

// base takes every district as one of the tiling, none as an overlay:
// Holders then gives at most one district, the smallest code holding the
// point.
func base(string) bool { return false }

// one returns code as Holders gives it: nil for "".
func one(code string) []string {
	if code == "" {
		return nil
	}
	return []string{code}
}

func TestHoldersOneLayer(t *testing.T) {
	d := NewDistricts(fixture())
	overlapping := NewDistricts(map[string]orb.MultiPolygon{
		"Z":  {{rect(0, 0, 1000, 1000)}},
		"C1": {{rect(500, 0, 1500, 1000)}},
		"C0": {{rect(600, 0, 1600, 1000)}},
	})
	tests := []struct {
		name   string
		d      *Districts
		dx, dy float64
		want   string // "" for no district
	}{
		{"inside A", d, 500, 500, "A"},
		{"inside B", d, 1500, 500, "B"},
		{"A near the shared edge", d, 999.9, 500, "A"},
		{"B near the shared edge", d, 1000.1, 500, "B"},
		{"A near its corner", d, 0.1, 0.1, "A"},
		{"between A and H", d, 500, 1500, ""},
		{"far away", d, -50000, -50000, ""},
		{"inside H", d, 200, 2200, "H"},
		{"inside the hole of H", d, 500, 2500, ""},
		{"just inside the hole of H", d, 400.1, 2500, ""},
		{"just outside the hole of H", d, 399.9, 2500, "H"},
		{"one district of an overlap", overlapping, 100, 500, "Z"},
		{"two districts overlap", overlapping, 550, 500, "C1"},
		{"three districts overlap: smallest code", overlapping, 700, 500, "C0"},
		{"two districts overlap, not Z", overlapping, 1200, 500, "C0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lon, lat := lonLat(tt.dx, tt.dy)
			if got := tt.d.Holders(lon, lat, base, nil); !slices.Equal(got, one(tt.want)) {
				t.Errorf("Holders(%v, %v) = %q, want %q", tt.dx, tt.dy, got, tt.want)
			}
		})
	}
}

// TestHoldersOnBoundary puts points exactly on rings, which only EPSG:5181
// coordinates can do: a point on a district's boundary belongs to it, and
// one on an edge two districts share goes to the smaller code.
func TestHoldersOnBoundary(t *testing.T) {
	d := NewDistricts(fixture())
	vertex := func(ring orb.Ring, dx, dy float64) orb.Point {
		t.Helper()
		ex, ey := geo.ToEPSG5181(lonLat(dx, dy))
		for _, p := range ring {
			if math.Hypot(p[0]-ex, p[1]-ey) < 1e-6 {
				return p
			}
		}
		t.Fatalf("no vertex at (%v, %v)", dx, dy)
		return orb.Point{}
	}
	a, b, hole := rect(0, 0, 1000, 1000), rect(1000, 0, 2000, 1000), rect(400, 2400, 600, 2600)
	tests := []struct {
		name string
		p    orb.Point
		want string
	}{
		{"vertex on the edge A and B share, seen from A", vertex(a, 1000, 500), "A"},
		{"same vertex, seen from B", vertex(b, 1000, 500), "A"},
		{"corner A and B share", vertex(b, 1000, 1000), "A"},
		{"outer edge of B", vertex(b, 2000, 500), "B"},
		{"edge of the hole of H", vertex(hole, 500, 2400), "H"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.holders(tt.p, base, nil); !slices.Equal(got, one(tt.want)) {
				t.Errorf("holders(%v) = %q, want %q", tt.p, got, tt.want)
			}
		})
	}
}

func TestNewDistrictsSkipsEmptyPolygons(t *testing.T) {
	polys := fixture()
	polys["E"] = nil
	polys["F"] = orb.MultiPolygon{{}}
	d := NewDistricts(polys)
	if d.Len() != 3 {
		t.Errorf("Len() = %d, want 3", d.Len())
	}
	if got := NewDistricts(nil).CellShares(x0, y0, 100); got != nil {
		t.Errorf("empty index: CellShares = %v, want nil", got)
	}
	if got := NewDistricts(nil).Holders(127, 37.5, base, nil); got != nil {
		t.Errorf("empty index: Holders = %q, want none", got)
	}
}
