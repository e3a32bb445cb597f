package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

// pinchedSquare returns the closed ring of the 10 × 10 square at the
// origin that pinches off, at (0, 5), the triangular hole (0, 5), (4, 7),
// (4, 3) of area 8, as six of the Seoul district rings do: one ring, one
// vertex visited twice, area 92.
func pinchedSquare() orb.Ring {
	return orb.Ring{{0, 5}, {0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 5}, {4, 7}, {4, 3}, {0, 5}}
}

func TestContains(t *testing.T) {
	withHole := orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 2, false)}}
	lake := orb.MultiPolygon{{square(0, 0, 10, false), square(2, 2, 6, false)}, {square(4, 4, 2, false)}}
	tests := []struct {
		name string
		mp   orb.MultiPolygon
		p    orb.Point
		want bool
	}{
		{"nil", nil, orb.Point{0, 0}, false},
		{"inside", withHole, orb.Point{1, 1}, true},
		{"outside", withHole, orb.Point{11, 1}, false},
		{"in the hole", withHole, orb.Point{3, 3}, false},
		{"on the outer ring", withHole, orb.Point{0, 5}, false},
		{"on the hole's ring", withHole, orb.Point{2, 3}, false},
		{"in the lake", lake, orb.Point{3, 5}, false},
		{"on the island", lake, orb.Point{5, 5}, true},
		{"on the shore", lake, orb.Point{1, 5}, true},
		{"second polygon", orb.MultiPolygon{{square(0, 0, 1, true)}, {square(5, 5, 1, false)}}, orb.Point{5.5, 5.5}, true},
		{"in a pinched-off hole", orb.MultiPolygon{{pinchedSquare()}}, orb.Point{3, 5}, false},
		{"beside a pinched-off hole", orb.MultiPolygon{{pinchedSquare()}}, orb.Point{6, 5}, true},
		{"level with the pinch", orb.MultiPolygon{{pinchedSquare()}}, orb.Point{-1, 5}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Contains(tt.mp, tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}
