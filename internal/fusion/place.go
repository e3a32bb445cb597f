package fusion

import (
	"slices"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// Holders returns, in order, the codes of the districts a WGS84 point
// counts in (docs/fusion.md): the one district not drawn over others whose
// polygon holds it (on an edge shared by several, the smallest code), and
// every overlay district (overlay(code) true: Seoul's 관광특구) that holds
// it. A point on a polygon's boundary is inside. The result is nil for a
// point in no district, and is appended to buf.
func (d *Districts) Holders(lon, lat float64, overlay func(code string) bool, buf []string) []string {
	x, y := geo.ToEPSG5181(lon, lat)
	return d.holders(orb.Point{x, y}, overlay, buf)
}

// holders is Holders for a point in EPSG:5181 metres.
func (d *Districts) holders(p orb.Point, overlay func(code string) bool, buf []string) []string {
	var cands [16]int
	hits := cands[:0]
	d.tree.search(orb.Bound{Min: p, Max: p}, func(i int) bool {
		hits = append(hits, i)
		return true
	})
	slices.Sort(hits)
	out := buf[:0]
	base := false
	for _, i := range hits {
		code := d.codes[i]
		isOverlay := overlay(code)
		if !isOverlay && base {
			continue
		}
		if geo.Contains(d.polys[i], p) || onBoundary(d.polys[i], p) {
			out = append(out, code)
			base = base || !isOverlay
		}
	}
	return out
}
