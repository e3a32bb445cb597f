package fusion

import (
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// cellStep is the longest distance, in EPSG:5179 metres, between the points
// of a cell's edge that are reprojected. Between them the edge is taken as
// straight in EPSG:5181; over 25 m near Seoul the image of a straight line
// strays from its chord by far less than a millimetre.
const cellStep = 25.0

// minFraction is the smallest share of a cell that is not taken for
// rounding error.
const minFraction = 1e-12

// Share is the part of a grid cell inside one district.
type Share struct {
	Code     string
	Fraction float64 // of the cell's area, 0 to 1
}

// CellShares splits a square grid cell given in EPSG:5179 (lower-left
// corner x, y and side size, in metres) among the districts it overlaps.
// The cell's edges are reprojected to EPSG:5181, a point at least every
// 25 m, and each district's polygon is clipped to it exactly. Where
// districts do not overlap, the fractions of a cell sum to at most 1 (the
// rest lies in no district) but for rounding; where they do (Seoul's
// tourist special zones overlay other districts) each district gets its
// own share and the sum may exceed 1; districts with no area inside the cell (less than 1e-12 of it,
// which is rounding) are left out, and the shares are ordered by code. A cell in no district gives nil.
func (d *Districts) CellShares(x, y, size float64) []Share {
	if !(size > 0) {
		return nil
	}
	cell := orb.MultiPolygon{{rect5179To5181(x, y, size, size)}}
	cellArea := geo.Area(cell)
	if !(cellArea > 0) {
		return nil
	}
	var hits []int
	d.tree.search(cell.Bound(), func(i int) bool {
		hits = append(hits, i)
		return true
	})
	if len(hits) == 0 {
		return nil
	}
	slices.Sort(hits)
	var shares []Share
	for _, i := range hits {
		f := geo.IntersectionArea(d.polys[i], cell) / cellArea
		if f >= minFraction {
			shares = append(shares, Share{Code: d.codes[i], Fraction: min(f, 1)})
		}
	}
	return shares
}

// rect5179To5181 returns the rectangle [x, x+w] × [y, y+h] of EPSG:5179 as
// a closed counter-clockwise ring in EPSG:5181, with points along its edges
// at most cellStep apart. Points whose EPSG:5179 coordinates are equal give
// equal points, so rectangles sharing edges on a 25 m grid share vertices.
func rect5179To5181(x, y, w, h float64) orb.Ring {
	nx := max(1, int(math.Ceil(w/cellStep)))
	ny := max(1, int(math.Ceil(h/cellStep)))
	ring := make(orb.Ring, 0, 2*(nx+ny)+1)
	add := func(px, py float64) {
		lon, lat := geo.FromEPSG5179(px, py)
		ex, ey := geo.ToEPSG5181(lon, lat)
		ring = append(ring, orb.Point{ex, ey})
	}
	for i := range nx {
		add(x+w*float64(i)/float64(nx), y)
	}
	for i := range ny {
		add(x+w, y+h*float64(i)/float64(ny))
	}
	for i := range nx {
		add(x+w-w*float64(i)/float64(nx), y+h)
	}
	for i := range ny {
		add(x, y+h-h*float64(i)/float64(ny))
	}
	return append(ring, ring[0])
}
