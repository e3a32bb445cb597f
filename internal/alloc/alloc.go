// Package alloc splits a whole number of units (won, kits, boxes) among
// parts in proportion to integer weights, so that the parts add up exactly
// to the total: the largest-remainder (Hamilton) method, with a fixed
// tie-break. It does no I/O.
package alloc

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// Version of the rule as docs/programs.md states it.
const Version = "1.0"

// ErrNoWeight is returned when a positive total is to be split among
// weights that are all zero (or none at all).
var ErrNoWeight = errors.New("alloc: no positive weight to split by")

// Split divides total among len(weights) parts by the largest-remainder
// (Hamilton) method. Part i's exact quota is total·wᵢ/W, W = Σ wᵢ; each part
// first gets the floor of its quota, and the units left over (fewer than
// the number of positive weights) go one each to the parts with the largest
// remainders total·wᵢ mod W. Equal remainders go to the lower index first:
// callers fix the order (by id) so the result is reproducible.
//
// It promises: the parts add up to total exactly; every part is the floor
// or the ceiling of its quota (within 1 of it); a zero weight gets zero.
// Weights must be non-negative, total non-negative and W must fit in an
// int64. Arithmetic is exact (128-bit products), never floating point.
func Split(total int64, weights []int64) ([]int64, error) {
	if total < 0 {
		return nil, fmt.Errorf("alloc: negative total %d", total)
	}
	var sum uint64
	for i, w := range weights {
		if w < 0 {
			return nil, fmt.Errorf("alloc: weight %d is negative (%d)", i, w)
		}
		sum += uint64(w)
		if sum > 1<<63-1 {
			return nil, fmt.Errorf("alloc: the sum of the weights overflows int64")
		}
	}
	parts := make([]int64, len(weights))
	if total == 0 {
		return parts, nil
	}
	if sum == 0 {
		return nil, ErrNoWeight
	}
	rems := make([]uint64, len(weights))
	var given int64
	for i, w := range weights {
		// total·w < 2⁶³·W, so the high word is below W and Div64 cannot panic.
		hi, lo := bits.Mul64(uint64(total), uint64(w))
		q, r := bits.Div64(hi, lo, sum)
		parts[i] = int64(q)
		rems[i] = r
		given += int64(q)
	}
	left := total - given
	if left == 0 {
		return parts, nil
	}
	order := make([]int, 0, len(weights))
	for i, w := range weights {
		if w > 0 && rems[i] > 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rems[a] > rems[b]:
			return -1
		case rems[a] < rems[b]:
			return 1
		}
		return 0 // stable: the lower index first
	})
	// left < the number of positive remainders: Σ rᵢ = left·W and rᵢ < W.
	for _, i := range order[:left] {
		parts[i]++
	}
	return parts, nil
}
