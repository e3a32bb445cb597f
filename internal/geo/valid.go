package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// MaxValidatePoints is the most points Validate checks; a larger
// multipolygon is refused, so that a request cannot buy unbounded work.
const MaxValidatePoints = 10000

// An InvalidError says why a multipolygon is not valid, and where.
type InvalidError struct {
	Reason string    // e.g. "polygon 0, ring 0 crosses itself"
	At     orb.Point // the place, in the multipolygon's coordinates
	HasAt  bool      // At is set
}

func (e *InvalidError) Error() string {
	if e.HasAt {
		return fmt.Sprintf("%s at (%.10g, %.10g)", e.Reason, e.At[0], e.At[1])
	}
	return e.Reason
}

func invalidAt(p orb.Point, format string, args ...any) *InvalidError {
	return &InvalidError{Reason: fmt.Sprintf(format, args...), At: p, HasAt: true}
}

func invalidf(format string, args ...any) *InvalidError {
	return &InvalidError{Reason: fmt.Sprintf(format, args...)}
}

// Validate reports whether mp is a valid multipolygon in the sense of the
// OGC Simple Features (ISO 19125-1, 6.1.11) as far as the area
// computations here need it, returning an *InvalidError naming the first
// fault found: every ring is closed, has at least 4 points and an area,
// and neither crosses nor runs along itself or another ring; every hole
// lies inside its polygon's first ring and outside the other holes; and the
// polygons do not overlap (they may touch). A ring may touch itself or
// another ring at a point, as the rings that pinch off a hole in the Seoul
// district polygons do: the areas are exact for it, where a ring that
// crosses itself (a "bow-tie") has lobes that cancel. Repeated consecutive
// points are allowed.
func Validate(mp orb.MultiPolygon) error {
	n := 0
	for _, poly := range mp {
		for _, r := range poly {
			n += len(r)
		}
	}
	if n > MaxValidatePoints {
		return invalidf("the multipolygon has %d points; at most %d are accepted", n, MaxValidatePoints)
	}
	if len(mp) == 0 {
		return invalidf("the multipolygon has no polygons")
	}
	for i, poly := range mp {
		if err := validatePolygon(poly, fmt.Sprintf("polygon %d", i)); err != nil {
			if len(mp) == 1 {
				err.Reason = strings.TrimPrefix(err.Reason, "polygon 0, ")
			}
			return err
		}
	}
	for i := range mp {
		for j := i + 1; j < len(mp); j++ {
			a, b := orb.MultiPolygon{mp[i]}, orb.MultiPolygon{mp[j]}
			if !outerBound(a).Intersects(outerBound(b)) {
				continue
			}
			// IntersectionArea is exact but for rounding: polygons
			// sharing an edge meet in a sliver of rounding, not an area.
			if ov := IntersectionArea(a, b); ov > 1e-9*min(Area(a), Area(b)) {
				return invalidf("polygons %d and %d overlap (by %.3g of their squared units); send them as one polygon, or as parts that do not overlap", i, j, ov)
			}
		}
	}
	return nil
}

// A segment is an edge of a ring, with what is needed to classify its
// meetings with other edges.
type segment struct {
	a, b       orb.Point // relative to the polygon's origin
	ring, idx  int       // ring number, edge number in the ring
	prev, next orb.Point // the ring's points before a and after b
}

// validatePolygon checks one polygon; name prefixes its reasons.
func validatePolygon(poly orb.Polygon, name string) *InvalidError {
	if len(poly) == 0 {
		return invalidf("%s has no rings", name)
	}
	origin := orb.Point{}
	if len(poly[0]) > 0 {
		origin = poly[0][0]
	}
	abs := func(p orb.Point) orb.Point { return orb.Point{p[0] + origin[0], p[1] + origin[1]} }
	rings := make([][]orb.Point, len(poly)) // closed, relative, no point repeated consecutively
	var segs []segment
	for j, r := range poly {
		if len(r) < 4 {
			return invalidf("%s, ring %d has %d points; a ring needs at least 4, its last repeating its first", name, j, len(r))
		}
		if r[0] != r[len(r)-1] {
			return invalidAt(r[0], "%s, ring %d is not closed: its last point (%.10g, %.10g) must repeat its first", name, j, r[len(r)-1][0], r[len(r)-1][1])
		}
		pts := make([]orb.Point, 0, len(r))
		for _, p := range r {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
				return invalidf("%s, ring %d has a point that is not a number", name, j)
			}
			q := orb.Point{p[0] - origin[0], p[1] - origin[1]}
			if len(pts) == 0 || q != pts[len(pts)-1] {
				pts = append(pts, q)
			}
		}
		if len(pts) < 4 {
			return invalidAt(r[0], "%s, ring %d has no area", name, j)
		}
		rings[j] = pts
		m := len(pts) - 1 // edges
		for i := range m {
			s := segment{a: pts[i], b: pts[i+1], ring: j, idx: i}
			s.prev = pts[(i+m-1)%m]
			s.next = pts[(i+2)%m]
			// A spike: the ring doubles back along the edge it came by.
			if orient(s.a, s.b, s.next) == 0 && dot(s.a, s.b, s.next) > 0 {
				return invalidAt(abs(s.b), "%s, ring %d runs back along itself", name, j)
			}
			segs = append(segs, s)
		}
	}
	if err := checkCrossings(segs, rings, name, abs); err != nil {
		return err
	}
	for j, pts := range rings {
		if signedArea(orb.Ring(pts)) == 0 {
			return invalidAt(abs(pts[0]), "%s, ring %d has no area", name, j)
		}
	}
	// Rings do not cross, so each hole is inside the shell, or outside,
	// as a whole; a point of it not on the other ring tells which.
	for j := 1; j < len(rings); j++ {
		if side(rings[j], rings[0]) < 0 {
			return invalidAt(abs(rings[j][0]), "%s, hole %d (ring %d) is not inside ring 0", name, j, j)
		}
		for k := 1; k < j; k++ {
			if side(rings[j], rings[k]) > 0 || side(rings[k], rings[j]) > 0 {
				return invalidAt(abs(rings[j][0]), "%s, holes %d and %d lie one inside the other", name, k, j)
			}
		}
	}
	return nil
}

// side returns +1 if ring r (which does not cross o) lies inside o, −1 if
// outside, 0 if every point of r tested lies on o.
func side(r, o []orb.Point) int {
	probe := func(p orb.Point) int {
		inside, on := ringContains(orb.Ring(o), p)
		switch {
		case on:
			return 0
		case inside:
			return 1
		}
		return -1
	}
	for i, p := range r {
		if s := probe(p); s != 0 {
			return s
		}
		if i+1 < len(r) {
			if s := probe(orb.Point{(p[0] + r[i+1][0]) / 2, (p[1] + r[i+1][1]) / 2}); s != 0 {
				return s
			}
		}
	}
	return 0
}

// checkCrossings finds two edges that cross, or run along one another, or
// meet at a point where the rings' paths cross rather than touch.
func checkCrossings(segs []segment, rings [][]orb.Point, name string, abs func(orb.Point) orb.Point) *InvalidError {
	slices.SortFunc(segs, func(s, t segment) int { return cmp.Compare(min(s.a[0], s.b[0]), min(t.a[0], t.b[0])) })
	for i := range segs {
		s := &segs[i]
		sMaxX := max(s.a[0], s.b[0])
		sMinY, sMaxY := min(s.a[1], s.b[1]), max(s.a[1], s.b[1])
		for k := i + 1; k < len(segs) && min(segs[k].a[0], segs[k].b[0]) <= sMaxX; k++ {
			t := &segs[k]
			if max(t.a[1], t.b[1]) < sMinY || min(t.a[1], t.b[1]) > sMaxY {
				continue
			}
			if s.ring == t.ring && adjacent(s.idx, t.idx, len(rings[s.ring])-1) {
				continue // they share a point; a spike was checked for
			}
			if p, what := meet(s, t); what != "" {
				if s.ring == t.ring {
					return invalidAt(abs(p), "%s, ring %d %s itself", name, s.ring, what)
				}
				r1, r2 := min(s.ring, t.ring), max(s.ring, t.ring)
				plural := map[string]string{"crosses": "cross", "runs along": "run along"}[what]
				return invalidAt(abs(p), "%s, rings %d and %d %s each other", name, r1, r2, plural)
			}
		}
	}
	return nil
}

// adjacent reports whether edges i and j of a ring of m edges follow one
// another.
func adjacent(i, j, m int) bool {
	d := i - j
	return d == 1 || d == -1 || d == m-1 || d == 1-m
}

// meet classifies how edges s and t meet: "" when they do not, or only
// touch; else "crosses" or "runs along", with the place.
func meet(s, t *segment) (orb.Point, string) {
	d1, d2 := orient(s.a, s.b, t.a), orient(s.a, s.b, t.b)
	d3, d4 := orient(t.a, t.b, s.a), orient(t.a, t.b, s.b)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		u := d3 / (d3 - d4)
		return orb.Point{s.a[0] + u*(s.b[0]-s.a[0]), s.a[1] + u*(s.b[1]-s.a[1])}, "crosses"
	}
	if d1 == 0 && d2 == 0 {
		// Collinear: do they share more than a point?
		if p, ok := collinearOverlap(s, t); ok {
			return p, "runs along"
		}
	}
	// They touch at a point p, or not at all. At p each ring's path comes
	// in and goes out along two directions; the paths cross there when the
	// two pairs of directions interleave round p.
	var p orb.Point
	switch {
	case d1 == 0 && onSegment(t.a, s.a, s.b):
		p = t.a
	case d2 == 0 && onSegment(t.b, s.a, s.b):
		p = t.b
	case d3 == 0 && onSegment(s.a, t.a, t.b):
		p = s.a
	case d4 == 0 && onSegment(s.b, t.a, t.b):
		p = s.b
	default:
		return orb.Point{}, ""
	}
	in1, out1 := s.through(p)
	in2, out2 := t.through(p)
	if same(p, in1, in2) || same(p, in1, out2) || same(p, out1, in2) || same(p, out1, out2) {
		return p, "runs along"
	}
	if between(p, in1, out1, in2) != between(p, in1, out1, out2) {
		return p, "crosses"
	}
	return orb.Point{}, ""
}

// through returns the points the ring's path comes from and goes to at p,
// a point of s.
func (s *segment) through(p orb.Point) (in, out orb.Point) {
	switch p {
	case s.a:
		return s.prev, s.b
	case s.b:
		return s.a, s.next
	}
	return s.a, s.b
}

// collinearOverlap reports whether the collinear edges s and t share more
// than a point, and one point they share.
func collinearOverlap(s, t *segment) (orb.Point, bool) {
	// Project on the longer axis of s.
	ax := 0
	if math.Abs(s.b[1]-s.a[1]) > math.Abs(s.b[0]-s.a[0]) {
		ax = 1
	}
	lo1, hi1 := min(s.a[ax], s.b[ax]), max(s.a[ax], s.b[ax])
	lo2, hi2 := min(t.a[ax], t.b[ax]), max(t.a[ax], t.b[ax])
	lo, hi := max(lo1, lo2), min(hi1, hi2)
	if lo >= hi {
		return orb.Point{}, false
	}
	for _, p := range []orb.Point{t.a, t.b, s.a, s.b} {
		if p[ax] == lo {
			return p, true
		}
	}
	return orb.Point{}, true
}

// orient returns the cross product (b − a) × (c − a): positive when c lies
// left of a→b.
func orient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

// dot returns (a − b)·(c − b): positive when the path a→b→c turns back by
// more than a right angle.
func dot(a, b, c orb.Point) float64 {
	return (a[0]-b[0])*(c[0]-b[0]) + (a[1]-b[1])*(c[1]-b[1])
}

// same reports whether the directions from p to a and to b are the same.
func same(p, a, b orb.Point) bool {
	return orient(p, a, b) == 0 && (a[0]-p[0])*(b[0]-p[0])+(a[1]-p[1])*(b[1]-p[1]) > 0
}

// between reports whether the direction from p to x lies strictly inside
// the counter-clockwise turn from the direction p→a to p→b.
func between(p, a, b, x orb.Point) bool {
	angle := func(q orb.Point) float64 { return math.Atan2(q[1]-p[1], q[0]-p[0]) }
	turn := func(from, to float64) float64 {
		d := to - from
		for d < 0 {
			d += 2 * math.Pi
		}
		return d
	}
	aa := angle(a)
	tx := turn(aa, angle(x))
	return tx > 0 && tx < turn(aa, angle(b))
}
