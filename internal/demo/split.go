package demo

import (
	"math"
	"math/rand/v2"
	"slices"
)

// split divides total into len(weights) non-negative parts proportional to the
// weights that sum exactly to total (largest remainder, ties to the lower index).
// Zero weights get zero parts; if every weight is zero the first part gets it all.
func split(total int64, weights []float64) []int64 {
	parts := make([]int64, len(weights))
	var wsum float64
	for _, w := range weights {
		wsum += w
	}
	if total <= 0 || len(weights) == 0 {
		return parts
	}
	if wsum <= 0 {
		parts[0] = total
		return parts
	}
	frac := make([]float64, len(weights))
	left := total
	for i, w := range weights {
		exact := float64(total) * w / wsum
		parts[i] = min(int64(math.Floor(exact)), left)
		frac[i] = exact - float64(parts[i])
		left -= parts[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case frac[a] > frac[b]:
			return -1
		case frac[a] < frac[b]:
			return 1
		}
		return 0
	})
	for i := 0; left > 0; i = (i + 1) % len(order) {
		if weights[order[i]] > 0 {
			parts[order[i]]++
			left--
		}
	}
	return parts
}

// jittered returns the weights each multiplied by a factor in [1-spread, 1+spread).
func jittered(r *rand.Rand, weights []float64, spread float64) []float64 {
	out := make([]float64, len(weights))
	for i, w := range weights {
		out[i] = w * between(r, 1-spread, 1+spread)
	}
	return out
}

// sum adds the parts.
func sum(parts []int64) int64 {
	var s int64
	for _, p := range parts {
		s += p
	}
	return s
}
