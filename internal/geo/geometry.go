package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// ProjectMultiPolygon returns a new multipolygon with f applied to every
// point of mp; mp is left untouched. A nil mp gives nil.
func ProjectMultiPolygon(mp orb.MultiPolygon, f func(x, y float64) (float64, float64)) orb.MultiPolygon {
	if mp == nil {
		return nil
	}
	out := make(orb.MultiPolygon, len(mp))
	for i, poly := range mp {
		out[i] = make(orb.Polygon, len(poly))
		for j, ring := range poly {
			r := make(orb.Ring, len(ring))
			for k, pt := range ring {
				r[k][0], r[k][1] = f(pt[0], pt[1])
			}
			out[i][j] = r
		}
	}
	return out
}

// Area returns the planar area of mp in the squared units of its
// coordinates: for each polygon, its first ring less its other rings
// (holes), whatever the orientation of the rings. It is never negative.
func Area(mp orb.MultiPolygon) float64 {
	total := 0.0
	for _, poly := range mp {
		if len(poly) == 0 {
			continue
		}
		a := math.Abs(signedArea(poly[0]))
		for _, hole := range poly[1:] {
			a -= math.Abs(signedArea(hole))
		}
		total += max(a, 0)
	}
	return total
}

// signedArea returns the shoelace area of r: positive when r runs
// counter-clockwise (x east, y north), negative when clockwise. The ring
// may be open or closed. Coordinates are taken relative to the first point
// so that large grid values (hundreds of kilometres) lose no precision.
func signedArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	x0, y0 := r[0][0], r[0][1]
	sum := 0.0
	for i := 1; i+1 < len(r); i++ {
		sum += (r[i][0]-x0)*(r[i+1][1]-y0) - (r[i+1][0]-x0)*(r[i][1]-y0)
	}
	return sum / 2
}

// ringContains reports whether p lies inside r (even-odd rule), and
// whether it lies exactly on r's boundary, in which case inside is false.
func ringContains(r orb.Ring, p orb.Point) (inside, onBoundary bool) {
	n := len(r)
	for i := range n {
		a, b := r[i], r[(i+1)%n]
		if onSegment(p, a, b) {
			return false, true
		}
		if (a[1] > p[1]) != (b[1] > p[1]) {
			x := a[0] + (p[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
			if p[0] < x {
				inside = !inside
			}
		}
	}
	return inside, false
}

// onSegment reports whether p lies exactly on the segment from a to b.
func onSegment(p, a, b orb.Point) bool {
	cross := (b[0]-a[0])*(p[1]-a[1]) - (b[1]-a[1])*(p[0]-a[0])
	return cross == 0 &&
		p[0] >= min(a[0], b[0]) && p[0] <= max(a[0], b[0]) &&
		p[1] >= min(a[1], b[1]) && p[1] <= max(a[1], b[1])
}
