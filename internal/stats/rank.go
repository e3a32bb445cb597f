package stats

import (
	"math"
	"sort"
)

// Median returns the median of the values of x that are not NaN, the mean
// of the middle two when their number is even, or NaN when there are none.
// x is not modified.
func Median(x []float64) float64 {
	s := make([]float64, 0, len(x))
	for _, v := range x {
		if !math.IsNaN(v) {
			s = append(s, v)
		}
	}
	if len(s) == 0 {
		return math.NaN()
	}
	sort.Float64s(s)
	h := len(s) / 2
	if len(s)%2 == 1 {
		return s[h]
	}
	return s[h-1] + (s[h]-s[h-1])/2
}

// PercentRank returns the share of sorted, between 0 and 1, that lies below
// v, counting values equal to v as half below: the percentile rank with ties
// averaged, PR = (below + equal/2) / n. sorted must be ascending without NaN;
// PercentRank returns NaN when it is empty or v is NaN.
func PercentRank(sorted []float64, v float64) float64 {
	if len(sorted) == 0 || math.IsNaN(v) {
		return math.NaN()
	}
	below := sort.SearchFloat64s(sorted, v)
	upTo := sort.Search(len(sorted), func(i int) bool { return sorted[i] > v })
	return (float64(below) + float64(upTo-below)/2) / float64(len(sorted))
}
