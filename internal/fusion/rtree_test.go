package fusion

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func randomBound(r *rand.Rand, extent, maxSide float64) orb.Bound {
	x, y := r.Float64()*extent, r.Float64()*extent
	w, h := r.Float64()*maxSide, r.Float64()*maxSide
	return orb.Bound{Min: orb.Point{x, y}, Max: orb.Point{x + w, y + h}}
}

func TestRTreeSearchMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 100, 257, 2000} {
		items := make([]orb.Bound, n)
		for i := range items {
			items[i] = randomBound(r, 1000, 60)
		}
		if n > 2 {
			items[1] = items[0] // duplicates are kept apart
			items[2] = orb.Bound{Min: orb.Point{500, 500}, Max: orb.Point{500, 500}}
		}
		tree := newRTree(items)
		for q := range 300 {
			query := randomBound(r, 1100, 150)
			if q%10 == 0 {
				query = orb.Bound{Min: query.Min, Max: query.Min} // a point
			}
			var got []int
			tree.search(query, func(i int) bool { got = append(got, i); return true })
			slices.Sort(got)
			var want []int
			for i, b := range items {
				if b.Intersects(query) {
					want = append(want, i)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d, query %v: got %v, want %v", n, query, got, want)
			}
		}
	}
}

func TestRTreeSearchStopsEarly(t *testing.T) {
	items := make([]orb.Bound, 100)
	for i := range items {
		items[i] = orb.Bound{Max: orb.Point{1, 1}}
	}
	tree := newRTree(items)
	calls := 0
	tree.search(orb.Bound{Max: orb.Point{1, 1}}, func(int) bool { calls++; return calls < 3 })
	if calls != 3 {
		t.Errorf("visit called %d times after returning false on the 3rd, want 3", calls)
	}
}

func TestRTreeIsBalancedAndPacked(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	items := make([]orb.Bound, 1000)
	for i := range items {
		items[i] = randomBound(r, 1000, 10)
	}
	tree := newRTree(items)
	// 1000 items → 63 leaves → 4 nodes → root.
	var sizes []int
	for _, l := range tree.levels {
		sizes = append(sizes, len(l))
	}
	if want := []int{1000, 63, 4}; !slices.Equal(sizes, want) {
		t.Errorf("level sizes %v, want %v", sizes, want)
	}
	for k := 1; k < len(tree.levels); k++ {
		for _, e := range tree.levels[k] {
			for _, c := range tree.levels[k-1][e.first:e.end] {
				if e.b.Union(c.b) != e.b {
					t.Fatalf("level %d: entry %v does not cover child %v", k, e.b, c.b)
				}
			}
		}
	}
}
