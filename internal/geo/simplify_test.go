package geo

import (
	"math"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
)

func plane(x, y float64) (float64, float64) { return x, y }

// circle returns a closed counter-clockwise ring of n points of radius r
// around c, each pushed out by wobble(i).
func circle(c orb.Point, r float64, n int, wobble func(i int) float64) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		d := r + wobble(i)
		ring = append(ring, orb.Point{c[0] + d*math.Cos(a), c[1] + d*math.Sin(a)})
	}
	return append(ring, ring[0])
}

// ringDistance returns the distance from p to the nearest edge of r.
func ringDistance(p orb.Point, r orb.Ring) float64 {
	d := math.Inf(1)
	for i := 0; i+1 < len(r); i++ {
		d = min(d, segmentDistance(p, r[i], r[i+1]))
	}
	return d
}

// checkSimplified fails unless every ring of got keeps at least 4 points
// and an area, and lies within tol of every vertex of its original.
func checkSimplified(t *testing.T, name string, in, got []orb.MultiPolygon, tol float64) {
	t.Helper()
	if len(got) != len(in) {
		t.Fatalf("%s: %d multipolygons, want %d", name, len(got), len(in))
	}
	for i := range in {
		if len(got[i]) != len(in[i]) {
			t.Errorf("%s #%d: %d polygons, want %d", name, i, len(got[i]), len(in[i]))
			continue
		}
		for j := range in[i] {
			if len(got[i][j]) != len(in[i][j]) {
				t.Errorf("%s #%d polygon %d: %d rings, want %d", name, i, j, len(got[i][j]), len(in[i][j]))
				continue
			}
			for k, r := range got[i][j] {
				if len(r) < 4 || r[0] != r[len(r)-1] || signedArea(r) == 0 {
					t.Errorf("%s #%d ring %d.%d: %d points, closed %v, area %v: flattened", name, i, j, k, len(r), len(r) > 0 && r[0] == r[len(r)-1], signedArea(r))
					continue
				}
				worst := 0.0
				for _, p := range in[i][j][k] {
					worst = max(worst, ringDistance(p, r))
				}
				if worst > tol*(1+1e-9) {
					t.Errorf("%s #%d ring %d.%d: an original vertex lies %.4f from the simplified ring, over the tolerance %v", name, i, j, k, worst, tol)
				}
				ib, gb := in[i][j][k].Bound(), r.Bound()
				if d := max(math.Abs(ib.Min[0]-gb.Min[0]), math.Abs(ib.Min[1]-gb.Min[1]), math.Abs(ib.Max[0]-gb.Max[0]), math.Abs(ib.Max[1]-gb.Max[1])); d > tol*(1+1e-9) {
					t.Errorf("%s #%d ring %d.%d: bounds moved by %.4f, over the tolerance %v", name, i, j, k, d, tol)
				}
			}
		}
	}
}

func vertices(mps []orb.MultiPolygon) int {
	n := 0
	for _, mp := range mps {
		for _, poly := range mp {
			for _, r := range poly {
				n += len(r)
			}
		}
	}
	return n
}

func TestSimplifyShared(t *testing.T) {
	// Two squares share the edge x = 10, drawn with small wobbles, one
	// square clockwise, the other counter-clockwise.
	shared := []orb.Point{{10, 0}, {10.02, 1}, {9.97, 2}, {10.3, 3.5}, {10, 5}, {9.9, 6}, {10.05, 8}, {10, 10}}
	left := orb.Ring{{0, 0}}
	left = append(left, shared...)
	left = append(left, orb.Point{0, 10}, orb.Point{0, 0})
	right := orb.Ring{{20, 0}, {20, 10}}
	for i := len(shared) - 1; i >= 0; i-- {
		right = append(right, shared[i])
	}
	right = append(right, orb.Point{20, 0})
	squares := []orb.MultiPolygon{{{left}}, {{right}}}

	wobbly := circle(orb.Point{500, 500}, 100, 1000, func(i int) float64 { return 0.3 * math.Sin(float64(i)) })
	hole := circle(orb.Point{500, 500}, 20, 200, func(int) float64 { return 0 })
	sliver := orb.Ring{{0, 0}, {50, 0}, {50, 0.2}, {25, 0.25}, {0, 0.2}, {0, 0}}

	tests := []struct {
		name    string
		in      []orb.MultiPolygon
		tol     float64
		maxKept int // at most this many vertices in all
	}{
		{"shared edge, tolerance 0.5", squares, 0.5, 5 + 5},
		{"shared edge, tolerance 0.01", squares, 0.01, vertices(squares)},
		{"wobbly circle with a hole", []orb.MultiPolygon{{{wobbly, hole}}}, 1, 300},
		{"sliver thinner than the tolerance", []orb.MultiPolygon{{{sliver}}}, 1, len(sliver)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := vertices(tc.in)
			clone := func(mps []orb.MultiPolygon) []orb.MultiPolygon {
				out := make([]orb.MultiPolygon, len(mps))
				for i, mp := range mps {
					out[i] = mp.Clone()
				}
				return out
			}
			orig := clone(tc.in)
			got := SimplifyShared(tc.in, tc.tol, plane)
			if !reflect.DeepEqual(tc.in, orig) {
				t.Fatal("SimplifyShared modified its input")
			}
			checkSimplified(t, tc.name, tc.in, got, tc.tol)
			if n := vertices(got); n > tc.maxKept || n > before {
				t.Errorf("%d vertices kept of %d, want at most %d", n, before, tc.maxKept)
			}
			checkShared(t, tc.in, got)
		})
	}
}

// checkShared fails when a vertex that two rings share is kept in one and
// dropped from the other: neighbours would open a gap.
func checkShared(t *testing.T, in, got []orb.MultiPolygon) {
	t.Helper()
	type ringRef struct{ i, j, k int }
	owners := map[orb.Point][]ringRef{}
	for i, mp := range in {
		for j, poly := range mp {
			for k, r := range poly {
				for _, p := range open(r) {
					owners[p] = append(owners[p], ringRef{i, j, k})
				}
			}
		}
	}
	keptIn := func(p orb.Point, r ringRef) bool {
		for _, q := range got[r.i][r.j][r.k] {
			if q == p {
				return true
			}
		}
		return false
	}
	bad := 0
	for p, rs := range owners {
		if len(rs) < 2 {
			continue
		}
		first := keptIn(p, rs[0])
		for _, r := range rs[1:] {
			if keptIn(p, r) != first {
				if bad < 5 {
					t.Errorf("shared vertex %v kept in ring %v: %v, in ring %v: %v", p, rs[0], first, r, !first)
				}
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d shared vertices kept on one side only", bad)
	}
}

func TestSimplifySharedPublishedPolygons(t *testing.T) {
	sf := readTestShapefile(t, filepath.Join(seoulData(t), "published", "areas_trdar_polygons.shp"))
	in := make([]orb.MultiPolygon, len(sf.Features))
	for i, f := range sf.Features {
		in[i] = f.Geom
	}
	const tol = 1.0 // metres: EPSG:5181
	got := SimplifyShared(in, tol, plane)
	checkSimplified(t, "published", in, got, tol)
	checkShared(t, in, got)
	before, after := vertices(in), vertices(got)
	if after*2 > before {
		t.Errorf("%d of %d vertices kept at %v m, want at most half", after, before, tol)
	}
	t.Logf("%d districts: %d vertices, %d kept at %v m (%.1f%%)", len(in), before, after, tol, 100*float64(after)/float64(before))
}
