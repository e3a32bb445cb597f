package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestCircle(t *testing.T) {
	cityHall := orb.Point{198000, 452000}
	tests := []struct {
		name   string
		center orb.Point
		radius float64
		n      int
		want   int // vertices
	}{
		{"octagon at the origin", orb.Point{}, 1, 8, 8},
		{"fewer than eight vertices", orb.Point{}, 1, 3, 8},
		{"100 m at Seoul grid coordinates", cityHall, 100, 64, 64},
		{"3000 m, 128 vertices", cityHall, 3000, 128, 128},
		{"odd vertex count", cityHall, 1234.5, 101, 101},
		{"many vertices", cityHall, 3000, 10000, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Circle(tt.center, tt.radius, tt.n)
			if len(c) != 1 {
				t.Fatalf("%d rings, want 1", len(c))
			}
			r := c[0]
			if len(r) != tt.want+1 || !r.Closed() {
				t.Fatalf("ring of %d points, closed %v; want %d points, closed", len(r), r.Closed(), tt.want+1)
			}
			if sa := signedArea(r); sa <= 0 {
				t.Errorf("signed area %v, want > 0 (counter-clockwise)", sa)
			}
			want := math.Pi * tt.radius * tt.radius
			if got := Area(orb.MultiPolygon{c}); math.Abs(got-want) > 1e-9*want {
				t.Errorf("area %.9f, want πr² = %.9f", got, want)
			}
			d0 := math.Hypot(r[0][0]-tt.center[0], r[0][1]-tt.center[1])
			for i, p := range r {
				if d := math.Hypot(p[0]-tt.center[0], p[1]-tt.center[1]); math.Abs(d-d0) > 1e-9*d0 {
					t.Fatalf("vertex %d is %v from the centre, vertex 0 is %v", i, d, d0)
				}
			}
			if d0 < tt.radius || d0 > 1.06*tt.radius {
				t.Errorf("circumradius %v for radius %v, want a little larger", d0, tt.radius)
			}
		})
	}
}

func TestCircleNonPositiveRadius(t *testing.T) {
	for _, r := range []float64{0, -5, math.NaN()} {
		if c := Circle(orb.Point{}, r, 16); c != nil {
			t.Errorf("Circle(radius %v) = %v, want nil", r, c)
		}
	}
}
