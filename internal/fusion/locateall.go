package fusion

import (
	"slices"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// LocateAll returns, sorted, the codes of every district whose polygon
// contains the WGS84 point, a point on a boundary included: for callers
// that must know whether a point is held by one district alone (Holders
// gives where a merchant there counts). It returns nil for a point
// in no district.
func (d *Districts) LocateAll(lon, lat float64) []string {
	x, y := geo.ToEPSG5181(lon, lat)
	return d.AllAt(orb.Point{x, y})
}

// AllAt is LocateAll for a point given in EPSG:5181 metres: Holders with
// every district taken as an overlay.
func (d *Districts) AllAt(p orb.Point) []string {
	return d.holders(p, func(string) bool { return true }, nil)
}

// Polygon returns the indexed polygon of a district (EPSG:5181) and whether
// the district is indexed. The polygon is shared: the caller must not
// modify it.
func (d *Districts) Polygon(code string) (orb.MultiPolygon, bool) {
	i, ok := slices.BinarySearch(d.codes, code)
	if !ok {
		return nil, false
	}
	return d.polys[i], true
}

// Codes returns the codes of the indexed districts, sorted. The slice is
// a copy.
func (d *Districts) Codes() []string { return slices.Clone(d.codes) }
