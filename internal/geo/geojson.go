package geo

import "github.com/paulmach/orb"

// RightHanded returns mp with its rings oriented as GeoJSON (RFC 7946)
// wants them: outer rings counter-clockwise, holes clockwise. The input is
// not modified.
func RightHanded(mp orb.MultiPolygon) orb.MultiPolygon {
	out := make(orb.MultiPolygon, len(mp))
	for i, p := range mp {
		out[i] = make(orb.Polygon, len(p))
		for j, r := range p {
			ccw := signedArea(r) > 0
			if (j == 0) != ccw {
				r = reversed(r)
			} else {
				r = append(orb.Ring(nil), r...)
			}
			out[i][j] = r
		}
	}
	return out
}
