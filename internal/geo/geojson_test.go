package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestRightHanded(t *testing.T) {
	cw := orb.Ring{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}} // clockwise outer, as in a Shapefile
	ccw := orb.Ring{{2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}}    // counter-clockwise hole
	in := orb.MultiPolygon{{cw, ccw}}
	got := RightHanded(in)
	if signedArea(got[0][0]) <= 0 || signedArea(got[0][1]) >= 0 {
		t.Fatalf("RightHanded gave outer area %v, hole area %v; want outer > 0 (CCW), hole < 0 (CW)",
			signedArea(got[0][0]), signedArea(got[0][1]))
	}
	if signedArea(in[0][0]) >= 0 {
		t.Fatal("RightHanded modified its input")
	}
	if Area(got) != Area(in) || Area(got) != 96 {
		t.Fatalf("area changed: %v, want 96", Area(got))
	}
}
