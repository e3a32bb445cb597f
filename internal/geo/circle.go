package geo

import (
	"math"

	"github.com/paulmach/orb"
)

// Circle returns a regular polygon approximating the circle of the given
// centre and radius, in the units of center: one closed counter-clockwise
// ring of n vertices (n below 8 is taken as 8) whose area is exactly the
// circle's, πr², so that shares of area measured with it are unbiased.
// A radius that is not positive gives nil.
func Circle(center orb.Point, radius float64, n int) orb.Polygon {
	if !(radius > 0) {
		return nil
	}
	n = max(n, 8)
	// A regular n-gon of circumradius R has area (n/2)·R²·sin(2π/n).
	step := 2 * math.Pi / float64(n)
	R := radius * math.Sqrt(2*math.Pi/(float64(n)*math.Sin(step)))
	ring := make(orb.Ring, n+1)
	for i := range n {
		s, c := math.Sincos(float64(i) * step)
		ring[i] = orb.Point{center[0] + R*c, center[1] + R*s}
	}
	ring[n] = ring[0]
	return orb.Polygon{ring}
}
