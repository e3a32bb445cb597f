package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// IntersectionArea returns the planar area of the intersection of a and b,
// in the squared units of their coordinates, exact but for floating-point
// rounding. As for Area, each polygon is its first ring less its other
// rings (holes), whatever the rings' orientation; the polygons of a
// multipolygon must not overlap one another, nor the holes of a polygon,
// and holes must lie inside their outer ring. A ring may touch itself, as
// the rings that pinch off a hole in the Seoul district polygons do, but
// not cross itself. Rings may run along one another: IntersectionArea(mp,
// mp) is Area(mp), and shapes sharing only edges or vertices intersect in 0.
func IntersectionArea(a, b orb.MultiPolygon) float64 {
	ba, bb := outerBound(a), outerBound(b)
	if !ba.Intersects(bb) {
		return 0
	}
	// Coordinates are taken relative to the middle of the bounds' overlap,
	// so that grid values of hundreds of kilometres lose no precision.
	overlap := orb.Bound{
		Min: orb.Point{max(ba.Min[0], bb.Min[0]), max(ba.Min[1], bb.Min[1])},
		Max: orb.Point{min(ba.Max[0], bb.Max[0]), min(ba.Max[1], bb.Max[1])},
	}
	origin := overlap.Center()
	ra := prepareRings(a, origin, overlap)
	rb := prepareRings(b, origin, overlap)

	// With w_r the winding number of ring r, the indicator function of a
	// multipolygon is Σ_r s_r·w_r, where s_r = ±1 makes an outer ring count
	// +1 inside and a hole −1, whatever their orientation (a ring pinching
	// off a hole winds 0 round it). Hence
	//   area(a ∩ b) = ∫ 1_a·1_b = Σ_ra Σ_rb s_ra·s_rb·∫ w_ra·w_rb.
	var c clipper
	total := 0.0
	for _, x := range ra {
		for _, y := range rb {
			if x.bound.Intersects(y.bound) {
				total += x.sign * y.sign * c.windingProduct(x, y)
			}
		}
	}
	return max(total, 0)
}

// A preparedRing is a ring of a multipolygon made ready for clipping.
type preparedRing struct {
	pts    []orb.Point // open, no point repeated consecutively, relative to an origin
	bound  orb.Bound   // of pts
	sign   float64     // s_r: +1 or −1, so that sign·w_r is 1 inside the ring's area
	ccw    bool        // counter-clockwise: w_r is +1 inside it, not −1
	convex bool        // bounds a convex region; collinear points allowed
}

// prepareRings returns the rings of mp with a non-zero area whose bounds
// meet within, in coordinates relative to origin.
func prepareRings(mp orb.MultiPolygon, origin orb.Point, within orb.Bound) []preparedRing {
	var out []preparedRing
	for _, poly := range mp {
		for j, r := range poly {
			if len(r) < 3 || !pointsBound(r).Intersects(within) {
				continue
			}
			pts := make([]orb.Point, 0, len(r))
			for _, p := range r {
				q := orb.Point{p[0] - origin[0], p[1] - origin[1]}
				if len(pts) == 0 || q != pts[len(pts)-1] {
					pts = append(pts, q)
				}
			}
			for len(pts) > 1 && pts[len(pts)-1] == pts[0] {
				pts = pts[:len(pts)-1]
			}
			sa := signedArea(orb.Ring(pts))
			if len(pts) < 3 || sa == 0 || math.IsNaN(sa) {
				continue
			}
			sign := 1.0
			if (sa > 0) != (j == 0) {
				sign = -1
			}
			out = append(out, preparedRing{
				pts:    pts,
				bound:  pointsBound(pts),
				sign:   sign,
				ccw:    sa > 0,
				convex: isConvex(pts, sa > 0),
			})
		}
	}
	return out
}

// outerBound returns the bound of the outer rings of mp, which holds its
// holes too; empty if mp has no points.
func outerBound(mp orb.MultiPolygon) orb.Bound {
	b := emptyBound()
	for _, poly := range mp {
		if len(poly) > 0 {
			b = extendBound(b, poly[0])
		}
	}
	return b
}

// pointsBound returns the bound of pts, empty if there are none. It does
// what orb.MultiPoint.Bound does, several times faster.
func pointsBound(pts []orb.Point) orb.Bound { return extendBound(emptyBound(), pts) }

// extendBound returns the smallest bound holding b and pts.
func extendBound(b orb.Bound, pts []orb.Point) orb.Bound {
	for _, p := range pts {
		if p[0] < b.Min[0] {
			b.Min[0] = p[0]
		}
		if p[0] > b.Max[0] {
			b.Max[0] = p[0]
		}
		if p[1] < b.Min[1] {
			b.Min[1] = p[1]
		}
		if p[1] > b.Max[1] {
			b.Max[1] = p[1]
		}
	}
	return b
}

// emptyBound returns a bound that contains nothing and that any point
// extends to itself.
func emptyBound() orb.Bound {
	return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
}

// isConvex reports whether the open ring pts, counter-clockwise if ccw,
// bounds a convex region: it never turns the other way nor doubles back,
// and winds round once, the y-direction of its edges changing sign twice.
func isConvex(pts []orb.Point, ccw bool) bool {
	n := len(pts)
	lastDy := 0.0
	for i := n - 1; i >= 0 && lastDy == 0; i-- {
		lastDy = pts[(i+1)%n][1] - pts[i][1]
	}
	changes := 0
	for i := range n {
		prev, cur, next := pts[(i+n-1)%n], pts[i], pts[(i+1)%n]
		e1x, e1y := cur[0]-prev[0], cur[1]-prev[1]
		e2x, e2y := next[0]-cur[0], next[1]-cur[1]
		switch cross := e1x*e2y - e1y*e2x; {
		case (cross < 0) == ccw && cross != 0:
			return false
		case cross == 0 && e1x*e2x+e1y*e2y < 0:
			return false
		}
		if e2y != 0 {
			if (e2y > 0) != (lastDy > 0) {
				changes++
			}
			lastDy = e2y
		}
	}
	return changes == 2
}

// A clipper computes clipped areas, reusing its buffers between calls.
type clipper struct {
	bufs [2][]orb.Point
}

// windingProduct returns ∫ w_x·w_y over the plane, where w_r is the winding
// number of ring r.
//
// Clipping a ring by a half-plane as Sutherland and Hodgman do ("Reentrant
// polygon clipping", CACM 17(1), 1974) keeps its winding number inside the
// half-plane and makes it 0 outside: the path removed, closed by the
// segments added along the boundary line, lies wholly outside. Clipping by
// the half-planes of a convex ring y therefore leaves a ring of signed area
// ∫_y w_x, which is ∫ w_x·w_y when y runs counter-clockwise. A ring y that
// is not convex is the sum of the signed triangles (y₀, yᵢ, yᵢ₊₁) of a fan,
// w_y = Σᵢ w_triangleᵢ, the edges from y₀ cancelling; each triangle is
// convex. Neither argument needs x or y to be simple.
func (c *clipper) windingProduct(x, y preparedRing) float64 {
	switch {
	case y.convex:
		return c.clipToConvex(x, y)
	case x.convex:
		return c.clipToConvex(y, x)
	}
	total := 0.0
	v0 := y.pts[0]
	var tri [3]orb.Point
	for i := 1; i+1 < len(y.pts); i++ {
		v1, v2 := y.pts[i], y.pts[i+1]
		cross := (v1[0]-v0[0])*(v2[1]-v0[1]) - (v1[1]-v0[1])*(v2[0]-v0[0])
		if cross == 0 {
			continue
		}
		tb := orb.Bound{
			Min: orb.Point{min(v0[0], v1[0], v2[0]), min(v0[1], v1[1], v2[1])},
			Max: orb.Point{max(v0[0], v1[0], v2[0]), max(v0[1], v1[1], v2[1])},
		}
		if !tb.Intersects(x.bound) {
			continue
		}
		tri = [3]orb.Point{v0, v1, v2}
		if cross > 0 {
			total += c.clippedArea(x.pts, x.bound, tri[:], false)
		} else {
			total -= c.clippedArea(x.pts, x.bound, tri[:], true)
		}
	}
	return total
}

// clipToConvex returns ∫ w_subj·w_clip for a convex ring clip.
func (c *clipper) clipToConvex(subj, clip preparedRing) float64 {
	if clip.ccw {
		return c.clippedArea(subj.pts, subj.bound, clip.pts, false)
	}
	return -c.clippedArea(subj.pts, subj.bound, clip.pts, true)
}

// clippedArea returns the signed area of the open ring subj, whose bound is
// sb, clipped by the Sutherland–Hodgman algorithm to the convex open ring
// clip, which runs counter-clockwise, or clockwise if cw. Points on a
// clipping line count as inside. subj is not modified.
func (c *clipper) clippedArea(subj []orb.Point, sb orb.Bound, clip []orb.Point, cw bool) float64 {
	cur, next := subj, 0
	n := len(clip)
	for i := range n {
		p, q := clip[i], clip[(i+1)%n]
		if cw {
			p, q = q, p
		}
		// side(s) ≥ 0 when s is left of p→q, inside the clip ring.
		ex, ey := q[0]-p[0], q[1]-p[1]
		side := func(s orb.Point) float64 { return ex*(s[1]-p[1]) - ey*(s[0]-p[0]) }

		// When the subject's bound lies wholly on one side, so does the
		// subject.
		inside := 0
		for _, corner := range [4]orb.Point{sb.Min, {sb.Max[0], sb.Min[1]}, sb.Max, {sb.Min[0], sb.Max[1]}} {
			if side(corner) >= 0 {
				inside++
			}
		}
		if inside == 4 {
			continue
		}
		if inside == 0 {
			return 0
		}

		out := c.bufs[next][:0]
		prev := cur[len(cur)-1]
		dPrev := side(prev)
		for _, s := range cur {
			d := side(s)
			if (dPrev >= 0) != (d >= 0) {
				t := dPrev / (dPrev - d)
				out = append(out, orb.Point{prev[0] + t*(s[0]-prev[0]), prev[1] + t*(s[1]-prev[1])})
			}
			if d >= 0 {
				out = append(out, s)
			}
			prev, dPrev = s, d
		}
		c.bufs[next] = out
		if len(out) < 3 {
			return 0
		}
		cur, next, sb = out, 1-next, pointsBound(out)
	}
	return signedArea(orb.Ring(cur))
}
