package fusion

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// rtreeFanout is the number of entries an R-tree node holds.
const rtreeFanout = 16

// An rtree is a static R-tree over item bounds, packed bottom-up by the
// Sort-Tile-Recursive method (Leutenegger, Lopez and Edgington, "STR: A
// Simple and Efficient Algorithm for R-Tree Packing", ICDE 1997).
type rtree struct {
	// levels[0] holds one entry per item; each entry of levels[k+1] covers
	// the entries levels[k][first:end]. The last level holds the root
	// entries, at most rtreeFanout of them.
	levels [][]rtreeEntry
}

// An rtreeEntry is a bound with either the item it stands for (level 0)
// or the range of its children in the level below.
type rtreeEntry struct {
	b          orb.Bound
	first, end int
}

// newRTree packs an R-tree over bounds; item i is bounds[i].
func newRTree(bounds []orb.Bound) *rtree {
	level := make([]rtreeEntry, len(bounds))
	for i, b := range bounds {
		level[i] = rtreeEntry{b: b, first: i, end: i + 1}
	}
	t := &rtree{}
	for {
		strSort(level)
		t.levels = append(t.levels, level)
		if len(level) <= rtreeFanout {
			return t
		}
		up := make([]rtreeEntry, 0, (len(level)+rtreeFanout-1)/rtreeFanout)
		for first := 0; first < len(level); first += rtreeFanout {
			end := min(first+rtreeFanout, len(level))
			b := level[first].b
			for _, e := range level[first+1 : end] {
				b = b.Union(e.b)
			}
			up = append(up, rtreeEntry{b: b, first: first, end: end})
		}
		level = up
	}
}

// strSort orders entries so that runs of rtreeFanout make compact nodes:
// sorted by centre x, cut into √(nodes) vertical slices, each slice sorted
// by centre y.
func strSort(es []rtreeEntry) {
	centre := func(e rtreeEntry, axis int) float64 { return (e.b.Min[axis] + e.b.Max[axis]) / 2 }
	byAxis := func(axis int) func(a, b rtreeEntry) int {
		return func(a, b rtreeEntry) int { return cmp.Compare(centre(a, axis), centre(b, axis)) }
	}
	slices.SortFunc(es, byAxis(0))
	nodes := (len(es) + rtreeFanout - 1) / rtreeFanout
	slice := rtreeFanout * int(math.Ceil(math.Sqrt(float64(nodes))))
	for first := 0; first < len(es); first += slice {
		slices.SortFunc(es[first:min(first+slice, len(es))], byAxis(1))
	}
}

// search calls visit with each item whose bound intersects q (bounds that
// only touch intersect), in no particular order, and stops early when
// visit returns false.
func (t *rtree) search(q orb.Bound, visit func(item int) bool) {
	if len(t.levels) == 0 {
		return
	}
	top := len(t.levels) - 1
	t.searchRange(top, 0, len(t.levels[top]), q, visit)
}

// searchRange searches the entries levels[k][first:end]; it reports
// whether the search is to go on.
func (t *rtree) searchRange(k, first, end int, q orb.Bound, visit func(item int) bool) bool {
	for _, e := range t.levels[k][first:end] {
		if !e.b.Intersects(q) {
			continue
		}
		if k == 0 {
			if !visit(e.first) {
				return false
			}
		} else if !t.searchRange(k-1, e.first, e.end, q, visit) {
			return false
		}
	}
	return true
}
