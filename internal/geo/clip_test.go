package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// rect returns the closed counter-clockwise ring of the rectangle from
// (x0, y0) to (x1, y1).
func rect(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

// lShape returns the closed counter-clockwise ring of the L of area 300·s²
// made of [0,20]×[0,10] and [0,10]×[10,20], scaled by s and moved by
// (dx, dy).
func lShape(dx, dy, s float64) orb.Ring {
	r := orb.Ring{{0, 0}, {20, 0}, {20, 10}, {10, 10}, {10, 20}, {0, 20}, {0, 0}}
	for i := range r {
		r[i][0] = s*r[i][0] + dx
		r[i][1] = s*r[i][1] + dy
	}
	return r
}

// reverseRings returns mp with every ring reversed.
func reverseRings(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		for _, r := range poly {
			out[i] = append(out[i], reversed(r))
		}
	}
	return out
}

func TestIntersectionArea(t *testing.T) {
	withHole := orb.MultiPolygon{{square(0, 0, 10, false), square(2, 2, 2, true)}}
	lake := orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 6, false)}, {square(4, 4, 2, true)}}
	circle := Circle(orb.Point{50, 50}, 10, 64)
	tests := []struct {
		name string
		a, b orb.MultiPolygon
		want float64
	}{
		{"squares overlapping in a corner", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{square(5, 5, 10, false)}}, 25},
		{"strip across a square", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{rect(2, -5, 4, 20)}}, 20},
		{"square inside a hole's polygon", withHole, orb.MultiPolygon{{square(0, 0, 5, false)}}, 21},
		{"strip over part of a hole", withHole, orb.MultiPolygon{{rect(3, 0, 10, 10)}}, 68},
		{"square inside a hole", withHole, orb.MultiPolygon{{square(2.5, 2.5, 1, false)}}, 0},
		{"holes overlapping", withHole, orb.MultiPolygon{{square(0, 0, 10, false), square(3, 3, 2, true)}}, 93},
		{"multipolygon across a strip", orb.MultiPolygon{{square(0, 0, 10, false)}, {square(20, 0, 10, false)}}, orb.MultiPolygon{{rect(5, 0, 25, 10)}}, 100},
		{"multipolygons both", orb.MultiPolygon{{square(0, 0, 10, false)}, {square(20, 0, 10, false)}}, orb.MultiPolygon{{rect(5, 5, 8, 8)}, {rect(8, 0, 22, 1)}}, 9 + 4},
		{"island in a lake", lake, orb.MultiPolygon{{square(0, 0, 10, false)}}, 68},
		{"lake over itself", lake, lake, 68},
		{"disjoint", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{square(20, 20, 1, false)}}, 0},
		{"disjoint with overlapping bounds", orb.MultiPolygon{{lShape(0, 0, 1)}}, orb.MultiPolygon{{square(12, 12, 5, false)}}, 0},
		{"a inside b", orb.MultiPolygon{{square(2, 3, 4, false)}}, orb.MultiPolygon{{square(0, 0, 10, false)}}, 16},
		{"b inside a", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{square(2, 3, 4, false)}}, 16},
		{"identical", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{square(0, 0, 10, false)}}, 100},
		{"identical with a hole", withHole, withHole, 96},
		{"touching edges", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{square(10, 0, 10, false)}}, 0},
		{"touching part of an edge", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{rect(10, 5, 20, 30)}}, 0},
		{"touching corners", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{square(10, 10, 10, false)}}, 0},
		{"sharing an edge, overlapping", orb.MultiPolygon{{square(0, 0, 10, false)}}, orb.MultiPolygon{{rect(0, 0, 10, 4)}}, 40},
		{"circle inside a square", orb.MultiPolygon{{square(0, 0, 100, false)}}, orb.MultiPolygon{circle}, 100 * math.Pi},
		{"circle halved by a square's edge", orb.MultiPolygon{{rect(50, 0, 100, 100)}}, orb.MultiPolygon{circle}, 50 * math.Pi},
		{"L-shape and a square", orb.MultiPolygon{{lShape(0, 0, 1)}}, orb.MultiPolygon{{square(5, 5, 10, false)}}, 75},
		{"square and an L-shape", orb.MultiPolygon{{square(5, 5, 10, false)}}, orb.MultiPolygon{{lShape(0, 0, 1)}}, 75},
		{"L-shapes", orb.MultiPolygon{{lShape(0, 0, 1)}}, orb.MultiPolygon{{lShape(5, 5, 1)}}, 125},
		{"L-shape over itself", orb.MultiPolygon{{lShape(0, 0, 1)}}, orb.MultiPolygon{{lShape(0, 0, 1)}}, 300},
		{"L-shape and a circle", orb.MultiPolygon{{lShape(30, 30, 2)}}, orb.MultiPolygon{circle}, 75 * math.Pi},
		{"pinched-off hole over itself", orb.MultiPolygon{{pinchedSquare()}}, orb.MultiPolygon{{pinchedSquare()}}, 92},
		{"strip over a pinched-off hole", orb.MultiPolygon{{pinchedSquare()}}, orb.MultiPolygon{{rect(0, 0, 4, 10)}}, 32},
		{"square over a pinched-off hole", orb.MultiPolygon{{pinchedSquare()}}, orb.MultiPolygon{{square(0, 0, 10, false)}}, 92},
		{"duplicate and collinear points", orb.MultiPolygon{{orb.Ring{{0, 0}, {0, 0}, {5, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 5}, {0, 0}}}}, orb.MultiPolygon{{lShape(5, 5, 1)}}, 25},
		{"Seoul grid coordinates", orb.MultiPolygon{{square(197093.5, 453418.25, 10, true)}}, orb.MultiPolygon{{square(197098.5, 453423.25, 10, true)}}, 25},
		{"empty", nil, orb.MultiPolygon{{square(0, 0, 10, false)}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Whatever the rings' orientation and the order of the
			// arguments, the area is the same.
			for _, c := range []struct {
				name string
				a, b orb.MultiPolygon
			}{
				{"", tt.a, tt.b},
				{"a reversed", reverseRings(tt.a), tt.b},
				{"b reversed", tt.a, reverseRings(tt.b)},
				{"both reversed", reverseRings(tt.a), reverseRings(tt.b)},
				{"swapped", tt.b, tt.a},
			} {
				if got := IntersectionArea(c.a, c.b); math.Abs(got-tt.want) > 1e-9*max(1, tt.want) {
					t.Errorf("%s: IntersectionArea = %v, want %v", c.name, got, tt.want)
				}
			}
		})
	}
}

// starPolygon returns a closed counter-clockwise star-shaped ring round c
// with k vertices at radii between lo and hi, usually concave.
func starPolygon(rng *rand.Rand, c orb.Point, lo, hi float64, k int) orb.Ring {
	angles := make([]float64, k)
	for i := range angles {
		angles[i] = 2 * math.Pi * rng.Float64()
	}
	slices.Sort(angles)
	r := make(orb.Ring, 0, k+1)
	for _, a := range angles {
		d := lo + (hi-lo)*rng.Float64()
		r = append(r, orb.Point{c[0] + d*math.Cos(a), c[1] + d*math.Sin(a)})
	}
	return append(r, r[0])
}

// gridArea estimates the area of a ∩ b by counting the centres of an
// n × n grid of cells over bound that lie inside both.
func gridArea(a, b orb.MultiPolygon, bound orb.Bound, n int) float64 {
	dx, dy := (bound.Max[0]-bound.Min[0])/float64(n), (bound.Max[1]-bound.Min[1])/float64(n)
	count := 0
	for i := range n {
		for j := range n {
			p := orb.Point{bound.Min[0] + (float64(i)+0.5)*dx, bound.Min[1] + (float64(j)+0.5)*dy}
			if Contains(a, p) && Contains(b, p) {
				count++
			}
		}
	}
	return float64(count) * dx * dy
}

// boundOverlap returns the intersection of two bounds that meet.
func boundOverlap(a, b orb.Bound) orb.Bound {
	return orb.Bound{
		Min: orb.Point{max(a.Min[0], b.Min[0]), max(a.Min[1], b.Min[1])},
		Max: orb.Point{min(a.Max[0], b.Max[0]), min(a.Max[1], b.Max[1])},
	}
}

func TestIntersectionAreaBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5181, 4326))
	star := func(x, y, lo, hi float64, k int) orb.Ring {
		return starPolygon(rng, orb.Point{x, y}, lo, hi, k)
	}
	tests := []struct {
		name string
		a, b orb.MultiPolygon
	}{
		{"stars", orb.MultiPolygon{{star(0, 0, 20, 100, 30)}}, orb.MultiPolygon{{star(60, 20, 20, 100, 30)}}},
		{"spiky stars", orb.MultiPolygon{{star(0, 0, 5, 100, 60)}}, orb.MultiPolygon{{star(30, -40, 5, 100, 60)}}},
		{"star and circle", orb.MultiPolygon{{star(0, 0, 30, 100, 40)}}, orb.MultiPolygon{Circle(orb.Point{70, 10}, 60, 128)}},
		{"circle inside a star", orb.MultiPolygon{{star(0, 0, 40, 100, 40)}}, orb.MultiPolygon{Circle(orb.Point{5, -5}, 30, 64)}},
		{"star with a hole and circle", orb.MultiPolygon{{star(0, 0, 50, 100, 40), reversed(star(0, 0, 10, 40, 20))}}, orb.MultiPolygon{Circle(orb.Point{30, 30}, 50, 128)}},
		{"stars with holes", orb.MultiPolygon{{star(0, 0, 50, 100, 40), reversed(star(0, 0, 10, 40, 20))}}, orb.MultiPolygon{{star(40, 0, 50, 100, 40), star(40, 0, 10, 40, 25)}}},
		{"multipolygon of stars and star", orb.MultiPolygon{{star(0, 0, 10, 50, 25)}, {reversed(star(90, 0, 10, 50, 25))}}, orb.MultiPolygon{{star(45, 0, 20, 70, 50)}}},
		{"circles", orb.MultiPolygon{Circle(orb.Point{0, 0}, 50, 128)}, orb.MultiPolygon{Circle(orb.Point{60, 30}, 40, 32)}},
		{"clockwise star and circle", orb.MultiPolygon{{reversed(star(0, 0, 20, 100, 35))}}, orb.MultiPolygon{Circle(orb.Point{-80, 0}, 70, 128)}},
	}
	const cells = 300
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := IntersectionArea(tt.a, tt.b)
			want := gridArea(tt.a, tt.b, boundOverlap(tt.a.Bound(), tt.b.Bound()), cells)
			smaller := min(Area(tt.a), Area(tt.b))
			if want < 0.05*smaller {
				t.Fatalf("grid area %v is under 5%% of the smaller area %v: a weak test case", want, smaller)
			}
			if d := math.Abs(got - want); d > 0.01*smaller {
				t.Errorf("IntersectionArea = %.2f, grid %.2f: off by %.3f%% of the smaller area %.2f", got, want, 100*d/smaller, smaller)
			} else {
				t.Logf("IntersectionArea = %.2f, grid %.2f: off by %.3f%% of the smaller area", got, want, 100*d/smaller)
			}
		})
	}
}

// seoulDistricts returns the published district polygons, in EPSG:5181,
// skipping when SANGSAENG_SEOUL_DATA is not set.
func seoulDistricts(tb testing.TB) []Feature {
	tb.Helper()
	dir := seoultest.Dir(tb, "test against the published polygons")
	sf, err := ReadShapefile(filepath.Join(dir, "published", "areas_trdar_polygons.shp"))
	if err != nil {
		tb.Fatalf("ReadShapefile: %v", err)
	}
	if len(sf.Features) != 1650 {
		tb.Fatalf("%d districts, want 1650", len(sf.Features))
	}
	return sf.Features
}

// seoulCircle returns the circle of radius metres round a WGS84 point,
// in EPSG:5181, as area analysis draws it.
func seoulCircle(lon, lat, radius float64) orb.MultiPolygon {
	x, y := ToEPSG5181(lon, lat)
	return orb.MultiPolygon{Circle(orb.Point{x, y}, radius, 128)}
}

func TestIntersectionAreaSeoulDistricts(t *testing.T) {
	districts := seoulDistricts(t)

	t.Run("districts over themselves", func(t *testing.T) {
		for _, d := range districts {
			area := Area(d.Geom)
			if got := IntersectionArea(d.Geom, d.Geom); math.Abs(got-area) > 1e-6*area {
				t.Errorf("district %s: IntersectionArea with itself %.6f m², Area %.6f m²", d.Attrs["TRDAR_CD"], got, area)
			}
		}
	})

	// Each district's weight, the share of its area inside a circle,
	// agrees with a count of the centres of grid cells inside both: 5 m
	// cells, or finer ones for districts under 90,000 m², at least 3,600
	// cells to a district.
	circles := []struct {
		name             string
		lon, lat, radius float64
	}{
		{"Seoul City Hall 1000 m", 126.9780, 37.5665, 1000},
		{"Gangnam station 3000 m", 127.0276, 37.4979, 3000},
		{"Hongik University station 500 m", 126.9240, 37.5563, 500},
		{"Myeongdong 100 m", 126.9850, 37.5636, 100},
		{"Yeouido 2000 m", 126.9246, 37.5219, 2000},
	}
	for _, c := range circles {
		t.Run(c.name, func(t *testing.T) {
			circle := seoulCircle(c.lon, c.lat, c.radius)
			cb := circle.Bound()
			overlapping, worst, worstCode := 0, 0.0, ""
			for _, d := range districts {
				db := d.Geom.Bound()
				if !db.Intersects(cb) {
					if w := IntersectionArea(d.Geom, circle); w != 0 {
						t.Errorf("district %s: IntersectionArea %v away from the circle, want 0", d.Attrs["TRDAR_CD"], w)
					}
					continue
				}
				area := Area(d.Geom)
				got := IntersectionArea(d.Geom, circle) / area
				b := boundOverlap(db, cb)
				cell := min(5, math.Sqrt(area)/60)
				n := int(math.Ceil(max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) / cell))
				want := gridArea(d.Geom, circle, b, n) / area
				if diff := math.Abs(got - want); diff > 0.01 {
					t.Errorf("district %s: weight %.4f, grid %.4f", d.Attrs["TRDAR_CD"], got, want)
				} else if diff >= worst {
					worst, worstCode = diff, d.Attrs["TRDAR_CD"]
				}
				if got > 0 {
					overlapping++
				}
			}
			if overlapping == 0 {
				t.Fatal("no district overlaps the circle")
			}
			t.Logf("%d districts overlap; weights within %.5f of the grid's (district %s)", overlapping, worst, worstCode)
		})
	}
}

func BenchmarkCircleAllDistricts(b *testing.B) {
	districts := seoulDistricts(b)
	circle := seoulCircle(126.9780, 37.5665, 3000)
	for b.Loop() {
		for _, d := range districts {
			_ = IntersectionArea(d.Geom, circle) / Area(d.Geom)
		}
	}
}

func ExampleIntersectionArea() {
	// The share of a 200 m square district inside a 100 m circle at its corner.
	district := orb.MultiPolygon{{square(198000, 452000, 200, true)}}
	circle := orb.MultiPolygon{Circle(orb.Point{198000, 452000}, 100, 128)}
	fmt.Printf("%.4f\n", IntersectionArea(district, circle)/Area(district))
	// Output: 0.1963
}
