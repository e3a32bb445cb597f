package stats

import (
	"errors"
	"fmt"
	"math"
)

// ErrTooFew is returned when there are too few locations for a statistic.
var ErrTooFew = errors.New("too few locations")

// ErrConstant is returned when every value is equal, so a statistic that
// divides by the spread is undefined.
var ErrConstant = errors.New("all values are equal")

// Point is a planar position in metres (a projected grid such as EPSG:5181).
type Point struct{ X, Y float64 }

// GetisOrdGiStar computes Getis-Ord Gi* for each location: pts[i] with value
// x[i], under the symmetric binary distance-band weight w_ij = 1 when
// dist(i, j) <= band, including w_ii = 1. It returns the z-score per
// location (positive: a cluster of high values) and its two-sided p-value
// under the normal approximation.
//
// A location whose band covers every location cannot differ from the whole;
// its z is 0 and its p is 1.
//
// It returns ErrTooFew for fewer than 3 locations and ErrConstant when all
// values are equal; lengths must match, band must be positive, and every
// coordinate and value must be finite.
func GetisOrdGiStar(pts []Point, x []float64, band float64) (z, p []float64, err error) {
	n := len(pts)
	if len(x) != n {
		return nil, nil, fmt.Errorf("gi*: %d points but %d values", n, len(x))
	}
	if n < 3 {
		return nil, nil, fmt.Errorf("gi*: %d locations: %w", n, ErrTooFew)
	}
	if !(band > 0) {
		return nil, nil, fmt.Errorf("gi*: band %v is not positive", band)
	}
	lo, hi := x[0], x[0]
	var sum float64
	for i, v := range x {
		if !finite(v) {
			return nil, nil, fmt.Errorf("gi*: value %d is %v", i, v)
		}
		if q := pts[i]; !finite(q.X) || !finite(q.Y) {
			return nil, nil, fmt.Errorf("gi*: point %d is (%v, %v)", i, q.X, q.Y)
		}
		lo, hi = min(lo, v), max(hi, v)
		sum += v
	}
	if lo == hi {
		return nil, nil, fmt.Errorf("gi*: %w", ErrConstant)
	}

	// Getis & Ord (1992), Ord & Getis (1995), with n locations:
	//   Gi* = (Σ_j w_ij x_j − X̄ Σ_j w_ij) / (S √((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1)))
	//   X̄ = Σx/n,  S = √(Σx²/n − X̄²).
	// The numerator is taken as Σ_j w_ij (x_j − X̄) and S² as Σ(x − X̄)²/n,
	// which are equal but lose less to rounding. Binary weights give
	// Σ_j w_ij² = Σ_j w_ij.
	fn := float64(n)
	mean := sum / fn
	dev := make([]float64, n)
	var ss float64
	for i, v := range x {
		dev[i] = v - mean
		ss += dev[i] * dev[i]
	}
	s := math.Sqrt(ss / fn)

	z = make([]float64, n)
	p = make([]float64, n)
	g := newGrid(pts, band)
	band2 := band * band
	for i, a := range pts {
		var num, w float64
		g.each(a, func(j int) {
			dx, dy := pts[j].X-a.X, pts[j].Y-a.Y
			if dx*dx+dy*dy <= band2 {
				num += dev[j]
				w++
			}
		})
		v := (fn*w - w*w) / (fn - 1)
		if v <= 0 {
			z[i], p[i] = 0, 1
			continue
		}
		z[i] = num / (s * math.Sqrt(v))
		p[i] = math.Erfc(math.Abs(z[i]) / math.Sqrt2) // 2(1 − Φ(|z|))
	}
	return z, p, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// grid buckets points into square cells a little wider than the search
// radius, so every point within the radius of a query lies in the query's
// cell or one of its eight neighbours despite rounding.
type grid struct {
	x0, y0, size float64
	cells        map[[2]int64][]int
}

// maxCells bounds the cells along an axis, so that a tiny radius over a wide
// extent neither overflows a cell coordinate nor loses the rounding margin;
// wider cells only cost time.
const maxCells = 1 << 20

func newGrid(pts []Point, radius float64) *grid {
	g := &grid{x0: pts[0].X, y0: pts[0].Y, cells: make(map[[2]int64][]int)}
	x1, y1 := g.x0, g.y0
	for _, q := range pts {
		g.x0, g.y0 = min(g.x0, q.X), min(g.y0, q.Y)
		x1, y1 = max(x1, q.X), max(y1, q.Y)
	}
	g.size = max(radius*(1+1e-6), max(x1-g.x0, y1-g.y0)/maxCells)
	for i, q := range pts {
		k := g.cell(q)
		g.cells[k] = append(g.cells[k], i)
	}
	return g
}

func (g *grid) cell(q Point) [2]int64 {
	return [2]int64{int64((q.X - g.x0) / g.size), int64((q.Y - g.y0) / g.size)}
}

// each calls f with the index of every point in a's cell and its neighbours.
func (g *grid) each(a Point, f func(j int)) {
	c := g.cell(a)
	for dx := int64(-1); dx <= 1; dx++ {
		for dy := int64(-1); dy <= 1; dy++ {
			for _, j := range g.cells[[2]int64{c[0] + dx, c[1] + dy}] {
				f(j)
			}
		}
	}
}
