package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// square returns the closed ring of the axis-aligned square with corner
// (x, y) and side s, counter-clockwise, or clockwise when cw is true.
func square(x, y, s float64, cw bool) orb.Ring {
	r := orb.Ring{{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}}
	if cw {
		return reversed(r)
	}
	return r
}

func TestArea(t *testing.T) {
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		want float64
	}{
		{"nil", nil, 0},
		{"counter-clockwise square", orb.MultiPolygon{{square(0, 0, 10, false)}}, 100},
		{"clockwise square", orb.MultiPolygon{{square(0, 0, 10, true)}}, 100},
		{"open ring", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}}, 100},
		{"shapefile orientation hole", orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 2, false)}}, 96},
		{"hole with the outer ring's orientation", orb.MultiPolygon{{square(0, 0, 10, false), square(2, 2, 2, false)}}, 96},
		{"two holes", orb.MultiPolygon{{square(0, 0, 10, true), square(1, 1, 2, false), square(5, 5, 3, false)}}, 87},
		{"multipolygon", orb.MultiPolygon{{square(0, 0, 10, true)}, {square(20, 0, 3, false)}}, 109},
		{"polygon without rings", orb.MultiPolygon{{}, {square(0, 0, 1, true)}}, 1},
		{"hole larger than its ring", orb.MultiPolygon{{square(0, 0, 1, true), square(0, 0, 2, false)}}, 0},
		{"metre square at Seoul grid coordinates", orb.MultiPolygon{{square(197093.123, 453418.456, 1, true)}}, 1},
		{"triangle", orb.MultiPolygon{{orb.Ring{{0, 0}, {4, 0}, {0, 3}, {0, 0}}}}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Area(tt.mp); math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("Area = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSignedArea(t *testing.T) {
	tests := []struct {
		name string
		r    orb.Ring
		want float64
	}{
		{"counter-clockwise", square(0, 0, 2, false), 4},
		{"clockwise", square(0, 0, 2, true), -4},
		{"two points", orb.Ring{{0, 0}, {1, 1}}, 0},
		{"collinear", orb.Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := signedArea(tt.r); got != tt.want {
				t.Errorf("signedArea = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRingContains(t *testing.T) {
	r := square(0, 0, 10, true)
	tests := []struct {
		name       string
		p          orb.Point
		inside, on bool
	}{
		{"inside", orb.Point{5, 5}, true, false},
		{"outside", orb.Point{15, 5}, false, false},
		{"level with a vertex, outside", orb.Point{-5, 10}, false, false},
		{"on an edge", orb.Point{10, 5}, false, true},
		{"on a vertex", orb.Point{0, 0}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inside, on := ringContains(r, tt.p)
			if inside != tt.inside || on != tt.on {
				t.Errorf("ringContains(%v) = %v, %v; want %v, %v", tt.p, inside, on, tt.inside, tt.on)
			}
		})
	}
}

func TestProjectMultiPolygon(t *testing.T) {
	in := orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 2, false)}, {square(20, 0, 3, true)}}
	original := in.Clone()
	shift := func(x, y float64) (float64, float64) { return x + 100, 2 * y }

	got := ProjectMultiPolygon(in, shift)

	if !in.Equal(original) {
		t.Errorf("input changed to %v", in)
	}
	want := orb.MultiPolygon{
		{
			orb.Ring{{100, 0}, {100, 20}, {110, 20}, {110, 0}, {100, 0}},
			orb.Ring{{102, 4}, {104, 4}, {104, 8}, {102, 8}, {102, 4}},
		},
		{orb.Ring{{120, 0}, {120, 6}, {123, 6}, {123, 0}, {120, 0}}},
	}
	if !got.Equal(want) {
		t.Errorf("ProjectMultiPolygon = %v, want %v", got, want)
	}
	if got := ProjectMultiPolygon(nil, shift); got != nil {
		t.Errorf("ProjectMultiPolygon(nil) = %v, want nil", got)
	}
}

func TestProjectMultiPolygonToWGS84(t *testing.T) {
	// A 100 m square at Jongno keeps its area after a trip to WGS84 and back.
	in := orb.MultiPolygon{{square(197000, 453000, 100, true)}}
	back := ProjectMultiPolygon(ProjectMultiPolygon(in, FromEPSG5181), ToEPSG5181)
	if d := math.Abs(Area(back) - Area(in)); d > 1e-6 {
		t.Errorf("area after round trip off by %v m²", d)
	}
}
