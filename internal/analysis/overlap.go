package analysis

import (
	"math"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// districtShapes is a snapshot's district polygons made ready for area
// analyses, parallel to its Districts, so that a request looks nothing up
// by code and measures no polygon's own area: built once per snapshot.
type districtShapes struct {
	polygon []bool             // the district's polygon is loaded
	polys   []orb.MultiPolygon // EPSG:5181
	bounds  []orb.Bound
	areas   []float64
}

// shapes returns the snapshot's districtShapes, building them on first use.
func (s *Snapshot) shapes() *districtShapes {
	s.shapesOnce.Do(func() {
		n := len(s.Districts)
		g := &districtShapes{polygon: make([]bool, n), polys: make([]orb.MultiPolygon, n),
			bounds: make([]orb.Bound, n), areas: make([]float64, n)}
		for i, d := range s.Districts {
			p, ok := s.Polygons[d.Code]
			if !ok {
				continue
			}
			g.polygon[i], g.polys[i], g.areas[i] = true, p, geo.Area(p)
			if b, ok := s.Bounds[d.Code]; ok {
				g.bounds[i] = b
			} else {
				g.bounds[i] = p.Bound()
			}
		}
		s.shapesCache = g
	})
	return s.shapesCache
}

// An overlapper measures the share of each district of a snapshot inside
// one shape (EPSG:5181).
type overlapper struct {
	g      *districtShapes
	shape  orb.MultiPolygon
	bound  orb.Bound
	window *geo.Window // the shape, when it is one convex ring, as a circle is
}

func newOverlapper(snap *Snapshot, shape orb.MultiPolygon) *overlapper {
	o := &overlapper{g: snap.shapes(), shape: shape, bound: shape.Bound()}
	if len(shape) == 1 && len(shape[0]) == 1 {
		if w, ok := geo.NewWindow(shape[0][0]); ok {
			o.window = w
		}
	}
	return o
}

// weight returns the share of district i (d) inside the shape and how it
// was found: "polygon", the share of its area (0–1), or "centroid", 1 or 0
// by its centroid where its polygon is not loaded.
func (o *overlapper) weight(i int, lon, lat float64) (float64, string) {
	if !o.g.polygon[i] {
		x, y := geo.ToEPSG5181(lon, lat)
		if geo.Contains(o.shape, orb.Point{x, y}) {
			return 1, "centroid"
		}
		return 0, "centroid"
	}
	b, a := o.g.bounds[i], o.g.areas[i]
	if !b.Intersects(o.bound) || !(a > 0) {
		return 0, "polygon"
	}
	var in float64
	switch {
	case o.window == nil:
		in = geo.IntersectionArea(o.g.polys[i], o.shape)
	case o.window.ContainsBound(b):
		return 1, "polygon"
	default:
		in = o.window.IntersectionArea(o.g.polys[i])
	}
	return math.Min(1, in/a), "polygon"
}
