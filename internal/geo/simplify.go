package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// SimplifyShared returns a copy of mps with every ring simplified by
// Douglas–Peucker (Douglas & Peucker 1973): a vertex is dropped when it lies
// within tol of the simplified line, distances measured in the plane that
// plane maps a point's coordinates to (for lon/lat, ToEPSG5181 and tol in
// metres). Kept vertices keep their own coordinates.
//
// Boundaries that polygons share are simplified once, the same way for each
// of them, so neighbours do not open gaps: the rings are cut into arcs at
// their junctions, the points where they meet other rings with different
// neighbours (as TopoJSON does; Bostock, topojson-server), every arc is
// simplified with its ends kept, in one direction whichever ring it belongs
// to, and the rings are put back together. A ring with no junction is one
// closed arc from its lowest point.
//
// Every ring keeps at least 4 points (3 distinct) and a non-zero area: a ring
// that simplification would flatten is returned unchanged. No ring, polygon
// or multipolygon is dropped. mps is not modified.
func SimplifyShared(mps []orb.MultiPolygon, tol float64, plane func(x, y float64) (float64, float64)) []orb.MultiPolygon {
	junction := junctions(mps)
	out := make([]orb.MultiPolygon, len(mps))
	for i, mp := range mps {
		out[i] = make(orb.MultiPolygon, len(mp))
		for j, poly := range mp {
			out[i][j] = make(orb.Polygon, len(poly))
			for k, r := range poly {
				out[i][j][k] = simplifyRing(r, junction, tol, plane)
			}
		}
	}
	return out
}

// open returns r without its closing point, if it has one.
func open(r orb.Ring) orb.Ring {
	if len(r) > 1 && r[0] == r[len(r)-1] {
		return r[:len(r)-1]
	}
	return r
}

// junctions returns the points where rings meet with different neighbours:
// a point seen twice with other points before and after it than the first
// time (in either direction).
func junctions(mps []orb.MultiPolygon) map[orb.Point]bool {
	type pair struct{ a, b orb.Point }
	seen := map[orb.Point]pair{}
	junction := map[orb.Point]bool{}
	for _, mp := range mps {
		for _, poly := range mp {
			for _, r := range poly {
				r = open(r)
				n := len(r)
				for i, p := range r {
					prev, next := r[(i+n-1)%n], r[(i+1)%n]
					s, ok := seen[p]
					if !ok {
						seen[p] = pair{prev, next}
						continue
					}
					if !(s.a == prev && s.b == next) && !(s.a == next && s.b == prev) {
						junction[p] = true
					}
				}
			}
		}
	}
	return junction
}

// simplifyRing simplifies r arc by arc between its junctions.
func simplifyRing(r orb.Ring, junction map[orb.Point]bool, tol float64, plane func(x, y float64) (float64, float64)) orb.Ring {
	ring := open(r)
	n := len(ring)
	if n < 4 {
		return slices.Clone(r)
	}
	var cuts []int
	for i, p := range ring {
		if junction[p] {
			cuts = append(cuts, i)
		}
	}
	if len(cuts) == 0 {
		// one closed arc from the lowest point, so that a ring repeated
		// elsewhere is cut at the same place
		low := 0
		for i, p := range ring {
			if lessPoint(p, ring[low]) {
				low = i
			}
		}
		cuts = []int{low}
	}
	kept := make(orb.Ring, 0, n/2+4)
	for c, start := range cuts {
		end := cuts[(c+1)%len(cuts)]
		if end <= start {
			end += n
		}
		arc := make([]orb.Point, 0, end-start+1)
		for i := start; i <= end; i++ {
			arc = append(arc, ring[i%n])
		}
		kept = append(kept, simplifyArc(arc, tol, plane)...)
		kept = kept[:len(kept)-1] // the next arc starts where this one ends
	}
	kept = append(kept, kept[0])
	if len(kept) < 4 || signedArea(projectRing(kept, plane)) == 0 {
		return slices.Clone(r)
	}
	return kept
}

// simplifyArc returns the points of arc that Douglas–Peucker keeps, the
// first and last always. The arc is simplified in one direction whichever
// way it is given: from its lower end, or, when it ends where it starts,
// from its lower second point.
func simplifyArc(arc []orb.Point, tol float64, plane func(x, y float64) (float64, float64)) []orb.Point {
	n := len(arc)
	if n <= 2 {
		return slices.Clone(arc)
	}
	reverse := lessPoint(arc[n-1], arc[0]) || (arc[0] == arc[n-1] && lessPoint(arc[n-2], arc[1]))
	pts := slices.Clone(arc)
	if reverse {
		slices.Reverse(pts)
	}
	xy := projectRing(pts, plane)
	keep := make([]bool, n)
	keep[0], keep[n-1] = true, true
	type span struct{ a, b int }
	stack := []span{{0, n - 1}}
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		far, farD := -1, tol
		for i := s.a + 1; i < s.b; i++ {
			if d := segmentDistance(xy[i], xy[s.a], xy[s.b]); d > farD {
				far, farD = i, d
			}
		}
		if far < 0 {
			continue
		}
		keep[far] = true
		stack = append(stack, span{s.a, far}, span{far, s.b})
	}
	out := make([]orb.Point, 0, n)
	for i, p := range pts {
		if keep[i] {
			out = append(out, p)
		}
	}
	if reverse {
		slices.Reverse(out)
	}
	return out
}

// projectRing returns pts mapped by plane.
func projectRing(pts []orb.Point, plane func(x, y float64) (float64, float64)) orb.Ring {
	out := make(orb.Ring, len(pts))
	for i, p := range pts {
		out[i][0], out[i][1] = plane(p[0], p[1])
	}
	return out
}

// segmentDistance returns the distance from p to the segment from a to b.
func segmentDistance(p, a, b orb.Point) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = max(0, min(1, ((p[0]-a[0])*dx+(p[1]-a[1])*dy)/l))
	}
	return math.Hypot(p[0]-a[0]-t*dx, p[1]-a[1]-t*dy)
}

func lessPoint(a, b orb.Point) bool {
	if c := cmp.Compare(a[0], b[0]); c != 0 {
		return c < 0
	}
	return a[1] < b[1]
}
