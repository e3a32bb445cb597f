package geo

import (
	"math"
	"slices"
	"sort"

	"github.com/paulmach/orb"
)

// A Window is a convex polygon made ready to measure, many times over, how
// much of other polygons lies inside it: an area analysis's circle (a
// regular polygon from Circle) against every district it may overlap.
//
// IntersectionArea clips the whole subject by each of the window's edges in
// turn, which costs the subject's size times the number of edges that cut
// it. A Window instead sums, over the subject's edges (a, b), the signed
// area of the triangle (o, a, b) inside the window, o being a point inside
// it: a ring's winding number is the sum of its fan's triangles', so the
// sum is ∫ w_ring·1_window, as IntersectionArea's. The window is
// star-shaped from o, so a triangle's part inside it is bounded, ray by ray
// from o, by the nearer of the edge and the window's boundary: straight
// lines between the window's vertices, so the area is exact but for
// floating-point rounding. An edge within the window's inscribed circle is
// one cross product. An edge outside its circumscribed circle adds the
// window's sector between its ends, so a run of them adds the sector
// between the run's ends plus the window's area for each turn round o,
// counted, as for a winding number, by the crossings of a ray from o.
// Only the edges that come between the two circles walk the window
// vertices their angle spans. The cost is about that of the subject's
// shoelace area.
type Window struct {
	o      orb.Point   // the vertices' mean: inside a convex polygon
	pts    []orb.Point // vertices relative to o, counter-clockwise
	inner2 float64     // squared distance from o to the nearest edge line
	outer2 float64     // squared distance from o to the farthest vertex
	bound  orb.Bound   // of the window, absolute
	area   float64
	// The sector function: the angle of each vertex from the ray through
	// pts[0], ascending in [0, 2π), and the window's area from that ray to
	// each vertex.
	from0  []float64
	prefix []float64
}

// NewWindow prepares the ring r, open or closed, as a Window. It reports
// false when r is not a convex polygon with an area (a window must be
// convex; collinear vertices are allowed).
func NewWindow(r orb.Ring) (*Window, bool) {
	var pts []orb.Point
	for _, p := range r {
		if len(pts) == 0 || p != pts[len(pts)-1] {
			pts = append(pts, p)
		}
	}
	for len(pts) > 1 && pts[len(pts)-1] == pts[0] {
		pts = pts[:len(pts)-1]
	}
	if len(pts) < 3 {
		return nil, false
	}
	sa := signedArea(orb.Ring(pts))
	if sa == 0 || math.IsNaN(sa) || !isConvex(pts, sa > 0) {
		return nil, false
	}
	if sa < 0 {
		slices.Reverse(pts)
	}
	w := &Window{bound: pointsBound(pts), area: math.Abs(sa)}
	for _, p := range pts {
		w.o[0] += p[0]
		w.o[1] += p[1]
	}
	w.o[0] /= float64(len(pts))
	w.o[1] /= float64(len(pts))
	w.pts = make([]orb.Point, len(pts))
	for i, p := range pts {
		w.pts[i] = orb.Point{p[0] - w.o[0], p[1] - w.o[1]}
	}
	w.inner2 = math.Inf(1)
	n := len(w.pts)
	w.from0, w.prefix = make([]float64, n), make([]float64, n)
	for i, p := range w.pts {
		w.outer2 = max(w.outer2, p[0]*p[0]+p[1]*p[1])
		w.from0[i] = w.angleFrom0(p)
		if i > 0 {
			w.prefix[i] = w.prefix[i-1] + cross(w.pts[i-1], p)/2
			if !(w.from0[i] > w.from0[i-1]) {
				return nil, false // counter-clockwise round o is once round, by ascending angle
			}
		}
		q := w.pts[(i+1)%n]
		e := orb.Point{q[0] - p[0], q[1] - p[1]}
		l2 := e[0]*e[0] + e[1]*e[1]
		if l2 == 0 {
			continue
		}
		c := cross(p, e)
		w.inner2 = min(w.inner2, c*c/l2)
		if !(c > 0) {
			return nil, false // o is not strictly inside: a degenerate ring
		}
	}
	return w, true
}

// Bound returns the window's bound.
func (w *Window) Bound() orb.Bound { return w.bound }

// Area returns the window's area.
func (w *Window) Area() float64 { return w.area }

// ContainsBound reports whether b lies within the circle inscribed in the
// window round its centre, and so wholly inside the window.
func (w *Window) ContainsBound(b orb.Bound) bool {
	for _, c := range [4]orb.Point{b.Min, {b.Max[0], b.Min[1]}, b.Max, {b.Min[0], b.Max[1]}} {
		x, y := c[0]-w.o[0], c[1]-w.o[1]
		if !(x*x+y*y < w.inner2) {
			return false
		}
	}
	return true
}

// IntersectionArea returns the area of mp inside the window, with the
// polygon semantics of the package's IntersectionArea: each polygon is its
// first ring less its holes, whatever their orientation, a ring may touch
// itself, and the polygons must not overlap. It agrees with
// IntersectionArea(mp, window) but for floating-point rounding.
func (w *Window) IntersectionArea(mp orb.MultiPolygon) float64 {
	total := 0.0
	for _, poly := range mp {
		for j, r := range poly {
			if len(r) < 3 {
				continue
			}
			// A ring away from the window is a run of edges outside it
			// that ends where it starts: 0, without looking at bounds.
			s, sa := w.ringIntegral(r)
			// A hole counts −1 inside, an outer ring +1, whatever its
			// orientation: the sign of its own area tells which way w_r counts.
			if sa == 0 || math.IsNaN(sa) {
				continue
			}
			if (sa > 0) != (j == 0) {
				s = -s
			}
			total += s
		}
	}
	return max(total, 0)
}

// ringIntegral returns ∫ w_r·1_window, the sum over r's edges of the signed
// area of the triangle (o, a, b) inside the window, and r's signed area.
func (w *Window) ringIntegral(r orb.Ring) (sum, area float64) {
	n := len(r)
	prev := orb.Point{r[n-1][0] - w.o[0], r[n-1][1] - w.o[1]}
	prevIn := prev[0]*prev[0]+prev[1]*prev[1] <= w.inner2
	// A run of edges outside the circumscribed circle: where it started
	// and its net turns round o.
	inRun, runStart, turns := false, orb.Point{}, 0
	for _, p := range r {
		cur := orb.Point{p[0] - w.o[0], p[1] - w.o[1]}
		curIn := cur[0]*cur[0]+cur[1]*cur[1] <= w.inner2
		c := cross(prev, cur) / 2
		area += c
		switch {
		case prevIn && curIn:
			// Both ends within the inscribed circle: so is the edge.
			if inRun {
				sum += w.sector(runStart, prev, turns)
				inRun = false
			}
			sum += c
		case w.outside(prev, cur):
			if !inRun {
				inRun, runStart, turns = true, prev, 0
			}
			turns += w.turn(prev, cur)
		default:
			if inRun {
				sum += w.sector(runStart, prev, turns)
				inRun = false
			}
			sum += w.triangle(prev, cur)
		}
		prev, prevIn = cur, curIn
	}
	if inRun {
		sum += w.sector(runStart, prev, turns)
	}
	return sum, area
}

// outside reports whether the segment from a to b (relative to o) lies
// outside the window's circumscribed circle, where the triangle (o, a, b)
// holds the whole of the window's sector between a and b.
func (w *Window) outside(a, b orb.Point) bool {
	if a[0]*a[0]+a[1]*a[1] <= w.outer2 || b[0]*b[0]+b[1]*b[1] <= w.outer2 {
		return false
	}
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	l2 := d[0]*d[0] + d[1]*d[1]
	t := -(a[0]*d[0] + a[1]*d[1])
	if t <= 0 || t >= l2 {
		return true // the nearest point to o is an end
	}
	c := cross(a, d) // distance from o to the line: |c|/√l2
	return c*c > w.outer2*l2
}

// angleFrom0 returns the angle of p (relative to o) counter-clockwise from
// the ray through pts[0], in [0, 2π): in [0, π] when p is on or left of
// the ray's line (cross(pts[0], p) ≥ 0), in (π, 2π) when right of it, as
// turn counts the crossings.
func (w *Window) angleFrom0(p orb.Point) float64 {
	u := w.pts[0]
	a := math.Atan2(cross(u, p)+0, u[0]*p[0]+u[1]*p[1]) // +0: no −0, so atan2 follows the side
	if a < 0 {
		a += 2 * math.Pi
	}
	return a
}

// turn returns +1 when the edge from a to b crosses the ray through pts[0]
// counter-clockwise (from its right to its left), −1 when clockwise, else
// 0: angleFrom0 then wraps from 2π to 0 or from 0 to 2π.
func (w *Window) turn(a, b orb.Point) int {
	u := w.pts[0]
	ya, yb := cross(u, a)+0, cross(u, b)+0
	if (ya < 0) == (yb < 0) {
		return 0
	}
	// Where the edge meets the ray's line, along the ray.
	xa, xb := u[0]*a[0]+u[1]*a[1], u[0]*b[0]+u[1]*b[1]
	if xa+(xb-xa)*(ya/(ya-yb)) <= 0 {
		return 0
	}
	if ya < 0 {
		return 1
	}
	return -1
}

// sector returns the window's area swept counter-clockwise from the ray
// through a to the ray through b, plus its whole area for each of turns.
func (w *Window) sector(a, b orb.Point, turns int) float64 {
	return w.sectorTo(b) - w.sectorTo(a) + float64(turns)*w.area
}

// sectorTo returns the window's area from the ray through pts[0]
// counter-clockwise to the ray through p.
func (w *Window) sectorTo(p orb.Point) float64 {
	n := len(w.pts)
	k := sort.SearchFloat64s(w.from0, math.Nextafter(w.angleFrom0(p), math.Inf(1))) - 1
	k = max(k, 0)
	v, v2 := w.pts[k], w.pts[(k+1)%n]
	e := orb.Point{v2[0] - v[0], v2[1] - v[1]}
	t := rayT(cross(v, e), p, e)
	if math.IsInf(t, 1) {
		return w.prefix[k]
	}
	return w.prefix[k] + cross(v, orb.Point{t * p[0], t * p[1]})/2
}

// triangle returns the signed area of the triangle (o, a, b) inside the
// window, a and b relative to o.
func (w *Window) triangle(a, b orb.Point) float64 {
	c := cross(a, b)
	switch {
	case c == 0 || math.IsNaN(c):
		return 0
	case c < 0:
		return -w.wedge(b, a)
	}
	return w.wedge(a, b)
}

// wedge returns the area of the triangle (o, a, b) inside the window, for a
// counter-clockwise turn from a to b (cross(a, b) > 0): between the rays
// from o through a and through b, under the nearer of the line ab and the
// window's boundary, split at each window vertex in between.
func (w *Window) wedge(a, b orb.Point) float64 {
	n := len(w.pts)
	ta := w.angleFrom0(a)
	span := math.Atan2(cross(a, b), a[0]*b[0]+a[1]*b[1]) // in (0, π]
	// k: the window edge from pts[k] to pts[k+1] that the ray through a
	// meets: the last vertex at or before ta.
	k := max(sort.SearchFloat64s(w.from0, math.Nextafter(ta, math.Inf(1)))-1, 0)
	d := orb.Point{b[0] - a[0], b[1] - a[1]}
	ca := cross(a, d) // = cross(a, b) > 0: t along a ray u to line ab is ca / cross(u, d)
	area := 0.0
	// p1: where the sub-wedge's first ray leaves the region, on line ab
	// (onLine1) or on the window's edge. On the ray through a, line ab is
	// at a itself.
	p1, onLine1 := a, true
	{
		v, v2 := w.pts[k], w.pts[(k+1)%n]
		e := orb.Point{v2[0] - v[0], v2[1] - v[1]}
		if te := rayT(cross(v, e), a, e); te < 1 {
			p1, onLine1 = orb.Point{te * a[0], te * a[1]}, false
		}
	}
	for steps := 0; ; steps++ {
		next := (k + 1) % n
		v, v2 := w.pts[k], w.pts[next]
		e := orb.Point{v2[0] - v[0], v2[1] - v[1]}
		ce := cross(v, e) // > 0
		// The end of this sub-wedge: the next window vertex if it comes
		// before b, else b.
		rel := w.from0[next] - ta
		if rel < 0 {
			rel += 2 * math.Pi
		}
		var p2 orb.Point
		var onLine2 bool
		last := rel >= span || steps >= n
		if last {
			if te := rayT(ce, b, e); te < 1 {
				p2 = orb.Point{te * b[0], te * b[1]}
			} else {
				p2, onLine2 = b, true
			}
		} else {
			if tl := rayT(ca, v2, d); tl < 1 {
				p2, onLine2 = orb.Point{tl * v2[0], tl * v2[1]}, true
			} else {
				p2 = v2
			}
		}
		if onLine1 == onLine2 {
			area += cross(p1, p2) / 2
		} else {
			// The two lines cross inside the sub-wedge: a + s·d = v + t·e.
			den := cross(d, e)
			var x orb.Point
			if den != 0 {
				s := cross(orb.Point{v[0] - a[0], v[1] - a[1]}, e) / den
				x = orb.Point{a[0] + s*d[0], a[1] + s*d[1]}
			} else {
				x = p2
			}
			area += (cross(p1, x) + cross(x, p2)) / 2
		}
		if last {
			return area
		}
		// The next sub-wedge starts at the window vertex v2, on the next
		// window edge, whose point there is v2 itself.
		p1, onLine1 = p2, onLine2
		k = next
	}
}

// rayT returns t such that t·u lies on the line through p with direction e,
// given num = cross(p, e); +Inf when the ray does not meet it ahead.
func rayT(num float64, u, e orb.Point) float64 {
	den := cross(u, e)
	if !(den > 0) {
		return math.Inf(1)
	}
	return num / den
}

func cross(a, b orb.Point) float64 { return a[0]*b[1] - a[1]*b[0] }
