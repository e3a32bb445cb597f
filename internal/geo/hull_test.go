package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestConvexHull(t *testing.T) {
	pts := []orb.Point{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}, {1, 0}, {0, 0}}
	h := ConvexHull(pts)
	want := orb.Ring{{0, 0}, {2, 0}, {2, 2}, {0, 2}, {0, 0}}
	if !h.Equal(want) {
		t.Fatalf("hull %v, want %v", h, want)
	}
	if signedArea(h) != 4 {
		t.Fatalf("hull area %v, want 4 counter-clockwise", signedArea(h))
	}
	if ConvexHull([]orb.Point{{0, 0}, {1, 1}, {2, 2}}) != nil || ConvexHull([]orb.Point{{0, 0}, {1, 1}}) != nil {
		t.Fatal("degenerate input gave a hull")
	}
}
