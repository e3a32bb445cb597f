package geo

import (
	"cmp"
	"slices"

	"github.com/paulmach/orb"
)

// ConvexHull returns the convex hull of pts as a closed counter-clockwise
// ring (Andrew's monotone chain), or nil for fewer than three distinct
// points not all on one line.
func ConvexHull(pts []orb.Point) orb.Ring {
	p := slices.Clone(pts)
	slices.SortFunc(p, func(a, b orb.Point) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
	p = slices.Compact(p)
	if len(p) < 3 {
		return nil
	}
	cross := func(o, a, b orb.Point) float64 { return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0]) }
	hull := make([]orb.Point, 0, 2*len(p))
	for _, pt := range p { // lower hull
		for len(hull) >= 2 && cross(hull[len(hull)-2], hull[len(hull)-1], pt) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, pt)
	}
	for i, t := len(p)-2, len(hull)+1; i >= 0; i-- { // upper hull
		for len(hull) >= t && cross(hull[len(hull)-2], hull[len(hull)-1], p[i]) <= 0 {
			hull = hull[:len(hull)-1]
		}
		hull = append(hull, p[i])
	}
	if len(hull) < 4 {
		return nil
	}
	return orb.Ring(hull) // the last point repeats the first
}
