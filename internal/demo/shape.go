package demo

import (
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// variant is the polygon shape a district gets beyond the plain one.
type variant int

const (
	plain    variant = iota
	withHole         // a hexagon with a hexagonal hole
	twoPart          // two rectangles side by side
)

// baseRadius is the typical polygon radius per kind, for a 1200 m cell, chosen so the
// areas fall in the published ranges (골목상권 ~80k m², 전통시장 ~20k m²).
var baseRadius = [numKinds]float64{alley: 165, developed: 230, market: 90, tourist: 340}

// districtShape returns a simple polygon for a district of kind k inside the square
// cell with south-west corner (x0, y0) and side s: every vertex lies inside the cell,
// so shapes in different cells never overlap. Outer rings run clockwise and holes
// counter-clockwise, as shapefiles require; coordinates are rounded to centimetres.
func districtShape(r *rand.Rand, k kind, x0, y0, s float64, v variant) orb.MultiPolygon {
	rad := baseRadius[k] * s / 1200 * logNormal(r, 0.25)
	rad = min(max(rad, 0.03*s), 0.3*s)
	var mp orb.MultiPolygon
	switch {
	case v == withHole:
		mp = orb.MultiPolygon{{hexagon(r, rad, true), hexagon(r, 0.3*rad, false)}}
	case v == twoPart:
		w, h := rad*between(r, 1.1, 1.4), rad*between(r, 0.5, 0.7)
		mp = orb.MultiPolygon{
			{rectangle(-w, -h, -0.1*w, h)},
			{rectangle(0.1*w, -0.7*h, w, 0.7*h)},
		}
	case k == market || r.IntN(2) == 0:
		aspect := between(r, 0.6, 1.6)
		if k == market {
			aspect = between(r, 1.8, 2.6)
		}
		a, b := rad*math.Sqrt(aspect), rad/math.Sqrt(aspect)
		mp = orb.MultiPolygon{{rectangle(-a, -b, a, b)}}
	default:
		mp = orb.MultiPolygon{{hexagon(r, rad, true)}}
	}
	return placeInCell(r, mp, between(r, -0.3, 0.3), x0, y0, s)
}

// hexagon returns a perturbed closed hexagon around the origin, clockwise or not.
// Vertex radii stay within ±15% and angles within ±8°, so it stays simple and holds
// the circle of radius 0.67·rad.
func hexagon(r *rand.Rand, rad float64, clockwise bool) orb.Ring {
	dir := 1.0
	if clockwise {
		dir = -1
	}
	start := r.Float64() * math.Pi / 3
	ring := make(orb.Ring, 0, 7)
	for i := range 6 {
		a := start + dir*(float64(i)*math.Pi/3+between(r, -0.14, 0.14))
		d := rad * between(r, 0.85, 1.15)
		ring = append(ring, orb.Point{d * math.Cos(a), d * math.Sin(a)})
	}
	return append(ring, ring[0])
}

// rectangle returns the closed clockwise ring of the box [x1,x2]×[y1,y2].
func rectangle(x1, y1, x2, y2 float64) orb.Ring {
	return orb.Ring{{x1, y1}, {x1, y2}, {x2, y2}, {x2, y1}, {x1, y1}}
}

// placeInCell rotates mp by angle radians about the origin, shrinks it if needed to
// fit 90% of the cell, and moves it to a random spot inside the cell.
func placeInCell(r *rand.Rand, mp orb.MultiPolygon, angle, x0, y0, s float64) orb.MultiPolygon {
	sin, cos := math.Sincos(angle)
	var half float64
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				ring[i] = orb.Point{p[0]*cos - p[1]*sin, p[0]*sin + p[1]*cos}
				half = max(half, math.Abs(ring[i][0]), math.Abs(ring[i][1]))
			}
		}
	}
	scale := min(1, 0.45*s/half)
	slack := 0.48*s - half*scale
	cx := x0 + s/2 + between(r, -slack, slack)
	cy := y0 + s/2 + between(r, -slack, slack)
	for _, poly := range mp {
		for _, ring := range poly {
			for i, p := range ring {
				ring[i] = orb.Point{centimetres(cx + p[0]*scale), centimetres(cy + p[1]*scale)}
			}
		}
	}
	return mp
}

// centimetres rounds metres to two decimals.
func centimetres(v float64) float64 { return math.Round(v*100) / 100 }
