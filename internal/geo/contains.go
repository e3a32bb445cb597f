package geo

import "github.com/paulmach/orb"

// Contains reports whether p lies inside mp: inside one of its polygons by
// the even-odd rule over that polygon's rings, so that holes are excluded
// whatever the rings' orientation. A point on a ring is not inside.
func Contains(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		in := false
		for _, r := range poly {
			inside, on := ringContains(r, p)
			if on {
				in = false
				break
			}
			in = in != inside
		}
		if in {
			return true
		}
	}
	return false
}
