package fusion

import (
	"slices"

	"github.com/paulmach/orb"
)

// Districts is a spatial index of district polygons (EPSG:5181 metres).
// It is safe for concurrent use.
type Districts struct {
	codes []string           // sorted
	polys []orb.MultiPolygon // polys[i] is the district codes[i]
	tree  *rtree             // over the polygons' bounds; item i is district i
}

// NewDistricts indexes polys, district code → polygon in EPSG:5181 metres.
// Districts with an empty polygon are left out. The polygons are kept, not
// copied: the caller must not modify them afterwards.
func NewDistricts(polys map[string]orb.MultiPolygon) *Districts {
	d := &Districts{}
	for code, mp := range polys {
		if len(mp) > 0 && len(mp[0]) > 0 && len(mp[0][0]) > 0 {
			d.codes = append(d.codes, code)
		}
	}
	slices.Sort(d.codes)
	bounds := make([]orb.Bound, len(d.codes))
	d.polys = make([]orb.MultiPolygon, len(d.codes))
	for i, code := range d.codes {
		d.polys[i] = polys[code]
		bounds[i] = d.polys[i].Bound()
	}
	d.tree = newRTree(bounds)
	return d
}

// Len returns the number of districts indexed.
func (d *Districts) Len() int { return len(d.codes) }

// onBoundary reports whether p lies exactly on one of mp's rings.
func onBoundary(mp orb.MultiPolygon, p orb.Point) bool {
	for _, poly := range mp {
		for _, r := range poly {
			n := len(r)
			for j := range n {
				a, b := r[j], r[(j+1)%n]
				if p[0] < min(a[0], b[0]) || p[0] > max(a[0], b[0]) ||
					p[1] < min(a[1], b[1]) || p[1] > max(a[1], b[1]) {
					continue
				}
				if (b[0]-a[0])*(p[1]-a[1]) == (b[1]-a[1])*(p[0]-a[0]) {
					return true
				}
			}
		}
	}
	return false
}
