package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// windowOf returns the Window of the first ring of mp, failing the test
// when it is refused.
func windowOf(t testing.TB, mp orb.MultiPolygon) *Window {
	t.Helper()
	w, ok := NewWindow(mp[0][0])
	if !ok {
		t.Fatalf("NewWindow refused a convex ring %v", mp[0][0])
	}
	return w
}

func TestNewWindow(t *testing.T) {
	tests := []struct {
		name string
		ring orb.Ring
		ok   bool
		area float64
	}{
		{"square, closed", square(0, 0, 10, false), true, 100},
		{"square, clockwise", square(0, 0, 10, true), true, 100},
		{"square, open", square(0, 0, 10, false)[:4], true, 100},
		{"square with collinear and repeated points", orb.Ring{{0, 0}, {5, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}, true, 100},
		{"circle", Circle(orb.Point{197000, 451000}, 1000, 256)[0], true, math.Pi * 1e6},
		{"triangle", orb.Ring{{0, 0}, {4, 0}, {0, 3}}, true, 6},
		{"L-shape: concave", lShape(0, 0, 1), false, 0},
		{"bow-tie", orb.Ring{{0, 0}, {10, 10}, {10, 0}, {0, 10}, {0, 0}}, false, 0},
		{"a line", orb.Ring{{0, 0}, {5, 0}, {10, 0}, {0, 0}}, false, 0},
		{"two points", orb.Ring{{0, 0}, {5, 0}}, false, 0},
		{"empty", nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ok := NewWindow(tt.ring)
			if ok != tt.ok {
				t.Fatalf("NewWindow ok = %v, want %v", ok, tt.ok)
			}
			if ok && math.Abs(w.Area()-tt.area) > 1e-9*tt.area {
				t.Errorf("Area = %v, want %v", w.Area(), tt.area)
			}
		})
	}
}

// TestWindowIntersectionArea checks the window against the cases of
// TestIntersectionArea whose second shape is convex, in every orientation.
func TestWindowIntersectionArea(t *testing.T) {
	withHole := orb.MultiPolygon{{square(0, 0, 10, false), square(2, 2, 2, true)}}
	lake := orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 6, false)}, {square(4, 4, 2, true)}}
	circle := Circle(orb.Point{50, 50}, 10, 64)
	tests := []struct {
		name    string
		subject orb.MultiPolygon
		window  orb.Ring
		want    float64
	}{
		{"squares overlapping in a corner", orb.MultiPolygon{{square(0, 0, 10, false)}}, square(5, 5, 10, false), 25},
		{"strip across a square", orb.MultiPolygon{{square(0, 0, 10, false)}}, rect(2, -5, 4, 20), 20},
		{"hole's polygon and a square", withHole, square(0, 0, 5, false), 21},
		{"strip over part of a hole", withHole, rect(3, 0, 10, 10), 68},
		{"square inside a hole", withHole, square(2.5, 2.5, 1, false), 0},
		{"island in a lake", lake, square(0, 0, 10, false), 68},
		{"disjoint", orb.MultiPolygon{{square(0, 0, 10, false)}}, square(20, 20, 1, false), 0},
		{"disjoint with overlapping bounds", orb.MultiPolygon{{lShape(0, 0, 1)}}, square(12, 12, 5, false), 0},
		{"subject inside", orb.MultiPolygon{{square(2, 3, 4, false)}}, square(0, 0, 10, false), 16},
		{"window inside", orb.MultiPolygon{{square(0, 0, 10, false)}}, square(2, 3, 4, false), 16},
		{"identical", orb.MultiPolygon{{square(0, 0, 10, false)}}, square(0, 0, 10, false), 100},
		{"touching edges", orb.MultiPolygon{{square(0, 0, 10, false)}}, square(10, 0, 10, false), 0},
		{"touching corners", orb.MultiPolygon{{square(0, 0, 10, false)}}, square(10, 10, 10, false), 0},
		{"sharing an edge, overlapping", orb.MultiPolygon{{square(0, 0, 10, false)}}, rect(0, 0, 10, 4), 40},
		{"circle inside a square", orb.MultiPolygon{{square(0, 0, 100, false)}}, circle[0], 100 * math.Pi},
		{"circle halved by a square's edge", orb.MultiPolygon{{rect(50, 0, 100, 100)}}, circle[0], 50 * math.Pi},
		{"L-shape and a square", orb.MultiPolygon{{lShape(0, 0, 1)}}, square(5, 5, 10, false), 75},
		{"L-shape and a circle", orb.MultiPolygon{{lShape(30, 30, 2)}}, circle[0], 75 * math.Pi},
		{"strip over a pinched-off hole", orb.MultiPolygon{{pinchedSquare()}}, rect(0, 0, 4, 10), 32},
		{"square over a pinched-off hole", orb.MultiPolygon{{pinchedSquare()}}, square(0, 0, 10, false), 92},
		{"duplicate and collinear points", orb.MultiPolygon{{orb.Ring{{0, 0}, {0, 0}, {5, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 5}, {0, 0}}}}, square(5, 5, 10, false), 25},
		{"Seoul grid coordinates", orb.MultiPolygon{{square(197093.5, 453418.25, 10, true)}}, square(197098.5, 453423.25, 10, true), 25},
		{"empty", nil, square(0, 0, 10, false), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				name    string
				subject orb.MultiPolygon
				window  orb.Ring
			}{
				{"", tt.subject, tt.window},
				{"subject reversed", reverseRings(tt.subject), tt.window},
				{"window reversed", tt.subject, reversed(tt.window)},
			} {
				w, ok := NewWindow(c.window)
				if !ok {
					t.Fatalf("%s: NewWindow refused a convex ring", c.name)
				}
				if got := w.IntersectionArea(c.subject); math.Abs(got-tt.want) > 1e-9*max(1, tt.want) {
					t.Errorf("%s: IntersectionArea = %v, want %v", c.name, got, tt.want)
				}
			}
		})
	}
}

// TestWindowAgreesWithClipping compares the window with IntersectionArea
// on random concave shapes, with holes and self-touching rings, against
// circles of 256 vertices in Seoul's grid coordinates, where the window's
// circle cuts them, holds them or lies inside them.
func TestWindowAgreesWithClipping(t *testing.T) {
	rng := rand.New(rand.NewPCG(5181, 256))
	centre := orb.Point{198727.76, 451574.13}
	for i := range 400 {
		radius := 100 + 2900*rng.Float64()
		circle := orb.MultiPolygon{Circle(centre, radius, 256)}
		w := windowOf(t, circle)
		off := orb.Point{centre[0] + radius*(2.4*rng.Float64()-1.2), centre[1] + radius*(2.4*rng.Float64()-1.2)}
		size := radius * (0.05 + 1.5*rng.Float64())
		outer := starPolygon(rng, off, 0.3*size, size, 5+rng.IntN(200))
		subject := orb.MultiPolygon{{outer}}
		switch i % 4 {
		case 1: // a hole, clockwise
			subject[0] = append(subject[0], reversed(starPolygon(rng, off, 0.05*size, 0.25*size, 5+rng.IntN(40))))
		case 2: // a clockwise outer ring and a second polygon
			subject[0][0] = reversed(outer)
			far := orb.Point{off[0] + 2.5*size, off[1]}
			subject = append(subject, orb.Polygon{starPolygon(rng, far, 0.3*size, size, 20)})
		case 3: // a hole pinched off the outer ring: the ring touches itself
			subject = orb.MultiPolygon{{pinched(outer, off, 0.2*size)}}
		}
		want := IntersectionArea(subject, circle)
		got := w.IntersectionArea(subject)
		if d := math.Abs(got - want); d > 1e-9*Area(subject)+1e-6 {
			t.Errorf("case %d (radius %.0f m, subject %.0f m): Window %.6f m², IntersectionArea %.6f m² (off by %.3g)", i, radius, size, got, want, d)
		}
	}
}

// pinched returns ring with a square hole of side s at c joined to it by
// a slit: one ring that touches itself, as some Seoul districts do.
func pinched(ring orb.Ring, c orb.Point, s float64) orb.Ring {
	// From the first vertex to the hole's corner, round the hole
	// clockwise, and back.
	h := orb.Point{c[0] - s/2, c[1] - s/2}
	out := orb.Ring{ring[0], h, {h[0], h[1] + s}, {h[0] + s, h[1] + s}, {h[0] + s, h[1]}, h}
	return append(out, ring...)
}

func TestWindowSeoulDistricts(t *testing.T) {
	districts := seoulDistricts(t)
	for _, c := range []struct {
		name             string
		lon, lat, radius float64
	}{
		{"Seoul City Hall 1000 m", 126.9780, 37.5665, 1000},
		{"Gangnam station 3000 m", 127.0276, 37.4979, 3000},
		{"Konkuk University 1000 m", 127.0701, 37.5404, 1000},
		{"Nowon 3000 m", 127.0616, 37.6551, 3000},
		{"Myeongdong 100 m", 126.9850, 37.5636, 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			x, y := ToEPSG5181(c.lon, c.lat)
			circle := orb.MultiPolygon{Circle(orb.Point{x, y}, c.radius, 256)}
			w := windowOf(t, circle)
			hit, worst := 0, 0.0
			for _, d := range districts {
				area := Area(d.Geom)
				want := IntersectionArea(d.Geom, circle) / area
				got := w.IntersectionArea(d.Geom) / area
				if diff := math.Abs(got - want); diff > 1e-9 {
					t.Errorf("district %s: weight %.12f, IntersectionArea's %.12f", d.Attrs["TRDAR_CD"], got, want)
				} else {
					worst = max(worst, diff)
				}
				if want > 0 {
					hit++
				}
				if b := d.Geom.Bound(); w.ContainsBound(b) && math.Abs(want-1) > 1e-12 {
					t.Errorf("district %s: ContainsBound, but weight %.15f", d.Attrs["TRDAR_CD"], want)
				}
			}
			if hit == 0 {
				t.Fatal("no district overlaps the circle")
			}
			t.Logf("%d districts overlap; weights within %.3g of IntersectionArea's", hit, worst)
		})
	}
}

func BenchmarkWindowAllDistricts(b *testing.B) {
	districts := seoulDistricts(b)
	circle := seoulCircle(126.9780, 37.5665, 3000)
	for b.Loop() {
		w, _ := NewWindow(circle[0][0])
		for _, d := range districts {
			_ = w.IntersectionArea(d.Geom) / Area(d.Geom)
		}
	}
}
