package geo

import (
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestValidate(t *testing.T) {
	sq := square(0, 0, 10, false)
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		want string // "" for valid, else the whole message
	}{
		{"square", orb.MultiPolygon{{sq}}, ""},
		{"clockwise square", orb.MultiPolygon{{square(0, 0, 10, true)}}, ""},
		{"square with a hole", orb.MultiPolygon{{sq, square(2, 2, 2, true)}}, ""},
		{"hole touching the shell at a point", orb.MultiPolygon{{sq, orb.Ring{{0, 5}, {4, 7}, {4, 3}, {0, 5}}}}, ""},
		{"pinched ring (Seoul style)", orb.MultiPolygon{{pinchedSquare()}}, ""},
		{"repeated point", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}}, ""},
		{"two squares apart", orb.MultiPolygon{{sq}, {square(20, 0, 10, false)}}, ""},
		{"two squares sharing an edge", orb.MultiPolygon{{sq}, {square(10, 0, 10, false)}}, ""},
		{"two squares touching at a corner", orb.MultiPolygon{{sq}, {square(10, 10, 10, false)}}, ""},
		{"island in a lake", orb.MultiPolygon{{sq, square(2, 2, 6, true)}, {square(4, 4, 2, false)}}, ""},
		{"circle", orb.MultiPolygon{Circle(orb.Point{127, 37.5}, 0.01, 256)}, ""},

		{"bow-tie", orb.MultiPolygon{{orb.Ring{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}},
			"ring 0 crosses itself at (1, 1)"},
		{"bow-tie through a vertex", orb.MultiPolygon{{orb.Ring{{0, 0}, {1, 1}, {2, 2}, {2, 0}, {1, 1}, {0, 2}, {0, 0}}}},
			"ring 0 crosses itself at (1, 1)"},
		{"figure eight crossing at a point of an edge", orb.MultiPolygon{{orb.Ring{{0, 0}, {4, 0}, {2, 0}, {2, -2}, {3, 2}, {0, 2}, {0, 0}}}},
			"ring 0 runs back along itself at (4, 0)"},
		{"vertex crossing an edge", orb.MultiPolygon{{orb.Ring{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}}},
			""}, // (2, 0) touches the bottom edge from above: two lobes, both counter-clockwise
		{"vertex on the crossing", orb.MultiPolygon{{orb.Ring{{0, 0}, {1, 1}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}},
			"ring 0 crosses itself at (1, 1)"},
		{"edge along an edge", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 0}, {3, 0}, {3, -5}, {0, -5}, {0, 0}}}},
			"ring 0 runs along itself at (3, 0)"},
		{"spike", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {15, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}},
			"ring 0 runs back along itself at (15, 0)"},
		{"not closed", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}}}},
			"ring 0 is not closed: its last point (0, 10) must repeat its first at (0, 0)"},
		{"three points", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {0, 0}}}},
			"ring 0 has 3 points; a ring needs at least 4, its last repeating its first"},
		{"flat", orb.MultiPolygon{{orb.Ring{{0, 0}, {10, 0}, {5, 0}, {0, 0}}}},
			"ring 0 runs back along itself at (10, 0)"},
		{"hole outside", orb.MultiPolygon{{sq, square(20, 20, 2, true)}},
			"hole 1 (ring 1) is not inside ring 0 at (20, 20)"},
		{"hole crossing the shell", orb.MultiPolygon{{sq, square(8, 2, 4, true)}},
			"rings 0 and 1 cross each other at (10, 6)"},
		{"hole along the shell", orb.MultiPolygon{{sq, rect(0, 2, 4, 4)}},
			"rings 0 and 1 run along each other at (0, 2)"},
		{"hole in a hole", orb.MultiPolygon{{sq, square(1, 1, 8, true), square(2, 2, 2, true)}},
			"holes 1 and 2 lie one inside the other at (2, 2)"},
		{"overlapping parts", orb.MultiPolygon{{sq}, {square(5, 5, 10, false)}},
			"polygons 0 and 1 overlap (by 25 of their squared units); send them as one polygon, or as parts that do not overlap"},
		{"part inside a part", orb.MultiPolygon{{sq}, {square(20, 0, 10, false)}, {square(21, 1, 1, false)}},
			"polygons 1 and 2 overlap (by 1 of their squared units); send them as one polygon, or as parts that do not overlap"},
		{"bow-tie in the second polygon", orb.MultiPolygon{{sq}, {orb.Ring{{20, 0}, {22, 2}, {22, 0}, {20, 2}, {20, 0}}}},
			"polygon 1, ring 0 crosses itself at (21, 1)"},
		{"empty", orb.MultiPolygon{}, "the multipolygon has no polygons"},
		{"no rings", orb.MultiPolygon{{}}, "polygon 0 has no rings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate(tc.mp)
			got := ""
			if err != nil {
				got = err.Error()
				var ie *InvalidError
				if !errors.As(err, &ie) {
					t.Errorf("error %T, want *InvalidError", err)
				}
			}
			if got != tc.want {
				t.Errorf("Validate = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestValidateBounded checks that a multipolygon too large to check in
// bounded time is refused, saying the limit.
func TestValidateBounded(t *testing.T) {
	big := orb.MultiPolygon{Circle(orb.Point{0, 0}, 1000, MaxValidatePoints)}
	err := Validate(big)
	if err == nil || !strings.Contains(err.Error(), "at most 10000") {
		t.Errorf("Validate(%d points) = %v, want a refusal naming the limit", len(big[0][0]), err)
	}
	if err := Validate(orb.MultiPolygon{Circle(orb.Point{0, 0}, 1000, 5000)}); err != nil {
		t.Errorf("Validate(5000-point circle) = %v, want valid", err)
	}
}

// TestPublishedPolygonsValid checks that Validate accepts every published
// district polygon, in EPSG:5181 as published and in WGS84 as the API
// serves it (a client may send one back as its area), the six with
// pinched rings included.
func TestPublishedPolygonsValid(t *testing.T) {
	dir := filepath.Join(seoulData(t), "published")
	sf := readTestShapefile(t, filepath.Join(dir, "areas_trdar_polygons.shp"))
	for _, f := range sf.Features {
		if err := Validate(f.Geom); err != nil {
			t.Errorf("district %s: %v", f.Attrs["TRDAR_CD"], err)
		}
		if err := Validate(ProjectMultiPolygon(f.Geom, FromEPSG5181)); err != nil {
			t.Errorf("district %s in WGS84: %v", f.Attrs["TRDAR_CD"], err)
		}
	}
}

// FuzzValidate builds multipolygons of up to three polygons of up to three
// rings on a small grid, where points coincide and edges run along one
// another often, and wants of each one Validate accepts what the areas
// here rely on: IntersectionArea(mp, mp) = Area(mp) > 0, which fails for a
// ring that crosses itself (its lobes cancel in Area, not in the product)
// and for parts or holes that overlap.
func FuzzValidate(f *testing.F) {
	for _, seed := range [][]byte{
		{1, 1, 5, 0, 0, 9, 0, 9, 9, 0, 9},                               // a square
		{1, 1, 4, 0, 0, 4, 4, 4, 0, 0, 4},                               // a bow-tie
		{1, 2, 4, 0, 0, 9, 0, 9, 9, 0, 9, 4, 2, 2, 2, 4, 4, 4},          // a square with a hole
		{2, 1, 4, 0, 0, 5, 0, 5, 5, 0, 5, 1, 4, 3, 3, 8, 3, 8, 8, 3, 8}, // overlapping squares
		{1, 1, 8, 0, 5, 0, 0, 10, 0, 10, 10, 0, 10, 0, 5, 4, 7, 4, 3},   // a pinched ring
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return int(b)
		}
		var mp orb.MultiPolygon
		for range next()%3 + 1 {
			var poly orb.Polygon
			for range next()%3 + 1 {
				var r orb.Ring
				for range next()%12 + 3 {
					r = append(r, orb.Point{float64(next() % 16), float64(next() % 16)})
				}
				poly = append(poly, append(r, r[0]))
			}
			mp = append(mp, poly)
		}
		if Validate(mp) != nil {
			return
		}
		a, self := Area(mp), IntersectionArea(mp, mp)
		if !(a > 0) || math.Abs(self-a) > 1e-9*a {
			t.Fatalf("Validate accepts %v: Area %v, IntersectionArea with itself %v; want equal and positive", mp, a, self)
		}
	})
}
