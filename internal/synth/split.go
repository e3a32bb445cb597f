package synth

import (
	"math"
	"slices"
)

// A partition lays a total out on the line [0, total) as consecutive
// intervals, one per category: ends[i] is where category order[i] ends.
type partition struct {
	order []int   // categories in the order laid out
	ends  []int64 // cumulative; the last is the total
}

// fit returns the parts of a breakdown laid out to sum to total, and how far
// the published parts were from doing so (Σ parts − total). When the parts
// fall short and rest ≥ 0 is the index of a remainder category (unknown sex
// or age), it takes the difference; otherwise the parts are cut from the
// last category backwards (too much) or the last grows (too little): the
// breakdown cannot be reproduced and the caller reports it.
func fit(parts []int64, total int64, rest int) (out []int64, off int64) {
	out = slices.Clone(parts)
	var sum int64
	for _, p := range parts {
		sum += p
	}
	off = sum - total
	switch {
	case off < 0 && rest >= 0:
		out[rest] += -off
		return out, 0
	case off < 0:
		out[len(out)-1] += -off
	case off > 0:
		excess := off
		for i := len(out) - 1; i >= 0 && excess > 0; i-- {
			cut := min(out[i], excess)
			out[i] -= cut
			excess -= cut
		}
	}
	return out, off
}

// layout lays parts out in the given order of categories.
func layout(parts []int64, order []int) partition {
	p := partition{order: order, ends: make([]int64, len(order))}
	var at int64
	for i, c := range order {
		at += parts[c]
		p.ends[i] = at
	}
	return p
}

// A piece is an interval of the line lying in one category of every
// partition: cats[j] is its category in partition j.
type piece struct {
	cats [4]int8
	len  int64
}

// sweep cuts [0, total) at every end of every partition (at most four)
// and returns the non-empty pieces, in order along the line. Every
// partition must end at the same total.
func sweep(parts []partition, dst []piece) []piece {
	var idx [4]int
	var pos int64
	for {
		next := int64(math.MaxInt64)
		done := false
		for j, p := range parts {
			for idx[j] < len(p.ends) && p.ends[idx[j]] <= pos {
				idx[j]++
			}
			if idx[j] == len(p.ends) {
				done = true
				break
			}
			next = min(next, p.ends[idx[j]])
		}
		if done {
			return dst
		}
		var pc piece
		for j, p := range parts {
			pc.cats[j] = int8(p.order[idx[j]])
		}
		pc.len = next - pos
		dst = append(dst, pc)
		pos = next
	}
}

// A fpartition is a partition of [0, total) for decimal totals.
type fpartition struct {
	order []int
	ends  []float64
}

func flayout(parts []float64, order []int) fpartition {
	p := fpartition{order: order, ends: make([]float64, len(order))}
	at := 0.0
	for i, c := range order {
		at += parts[c]
		p.ends[i] = at
	}
	return p
}

// A fpiece is a decimal piece.
type fpiece struct {
	cats [4]int8
	len  float64
}

// minPiece is the smallest decimal piece kept: shorter ones are rounding
// between ends that should meet.
const minPiece = 1e-6

// fsweep is sweep for decimal partitions. The partitions' ends are taken
// to meet at the end of the first, whatever rounding put between them.
func fsweep(parts []fpartition, dst []fpiece) []fpiece {
	end := parts[0].ends[len(parts[0].ends)-1]
	var idx [4]int
	pos := 0.0
	for pos < end {
		next := end
		for j, p := range parts {
			for idx[j] < len(p.ends)-1 && p.ends[idx[j]] <= pos {
				idx[j]++
			}
			if idx[j] < len(p.ends)-1 {
				next = min(next, p.ends[idx[j]])
			}
		}
		var pc fpiece
		for j, p := range parts {
			pc.cats[j] = int8(p.order[idx[j]])
		}
		pc.len = next - pos
		if pc.len > minPiece {
			dst = append(dst, pc)
		}
		pos = next
	}
	return dst
}

// apportion splits total into len(weights) integers proportional to the
// weights by largest remainders (Hamilton's method), exact in sum. With
// atLeast1, every share gets 1 first when the total allows.
func apportion(total int64, weights []float64, atLeast1 bool, dst []int64) []int64 {
	n := len(weights)
	dst = slices.Grow(dst[:0], n)[:n]
	base := int64(0)
	if atLeast1 && total >= int64(n) {
		base = 1
	}
	rest := total - base*int64(n)
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	var given int64
	type rem struct {
		i int
		r float64
	}
	var rems [64]rem
	rs := rems[:0]
	for i, w := range weights {
		exact := float64(rest) * w / sum
		f := math.Floor(exact)
		dst[i] = base + int64(f)
		given += int64(f)
		rs = append(rs, rem{i, exact - f})
	}
	slices.SortStableFunc(rs, func(a, b rem) int {
		switch {
		case a.r > b.r:
			return -1
		case a.r < b.r:
			return 1
		}
		return 0
	})
	for k := int64(0); k < rest-given; k++ {
		dst[rs[int(k)%n].i]++
	}
	return dst
}
