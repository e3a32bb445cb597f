package contest

import "fmt"

// Candidate is a ranked entry offered for purchase: a quantity of 0, or
// between MinUnits and MaxUnits, at UnitPrice won each.
type Candidate struct {
	Entry     string
	UnitPrice int64
	MinUnits  int64
	MaxUnits  int64
}

// Pick is what a selection buys of one candidate.
type Pick struct {
	Entry string `json:"entry"`
	Units int64  `json:"units"`
	Cost  int64  `json:"cost"`
}

// Selection is the purchase chosen under a budget, one pick per candidate
// in rank order (Units 0 when not bought).
type Selection struct {
	Picks []Pick `json:"picks"`
	Spent int64  `json:"spent"`
}

// MaxOptimumBits bounds the optimum's table: candidates × (budget/g + 1)
// bits, g the gcd of the prices (2²⁸ bits = 32 MiB).
const MaxOptimumBits = 1 << 28

func validateCandidates(cands []Candidate, budget int64) error {
	if budget < 0 {
		return invalid("budget %d is negative", budget)
	}
	for i, c := range cands {
		if c.UnitPrice <= 0 {
			return &Error{Code: CodeInvalid, Entry: c.Entry, Message: fmt.Sprintf("candidate %d (%s): unit price %d, want > 0", i+1, c.Entry, c.UnitPrice)}
		}
		if c.MinUnits < 1 || c.MaxUnits < c.MinUnits {
			return &Error{Code: CodeInvalid, Entry: c.Entry, Message: fmt.Sprintf("candidate %d (%s): units %d–%d, want 1 ≤ min ≤ max", i+1, c.Entry, c.MinUnits, c.MaxUnits)}
		}
	}
	return nil
}

// Greedy buys in rank order: each candidate gets as many units as the
// budget left allows, up to its maximum; a candidate whose minimum does
// not fit is skipped (0 units) and the next one is tried, so cheaper
// lower-ranked products may still use what is left.
func Greedy(cands []Candidate, budget int64) (Selection, error) {
	if err := validateCandidates(cands, budget); err != nil {
		return Selection{}, err
	}
	s := Selection{Picks: make([]Pick, len(cands))}
	left := budget
	for i, c := range cands {
		q := min(c.MaxUnits, left/c.UnitPrice)
		if q < c.MinUnits {
			q = 0
		}
		s.Picks[i] = Pick{Entry: c.Entry, Units: q, Cost: q * c.UnitPrice}
		left -= q * c.UnitPrice
		s.Spent += q * c.UnitPrice
	}
	return s, nil
}

// Optimum chooses the quantities (0 or min..max per candidate) that spend
// the most of the budget without exceeding it; among selections that spend
// the same, it gives the most units to the best-ranked candidate, then the
// next, and so on. It is an exact dynamic programme over the sums reachable
// in steps of g = gcd of the prices: for each candidate, a bit set of the
// reachable sums ≤ budget/g, each built from the previous one by
// O(log(max − min + 1)) shifted ORs of whole words, so time
// O(n · log(units) · budget/g / 64) and memory n · (budget/g + 1) bits; the
// choice is read back from the sets. Above MaxOptimumBits
// it returns an error with code optimum_too_large.
func Optimum(cands []Candidate, budget int64) (Selection, error) {
	if err := validateCandidates(cands, budget); err != nil {
		return Selection{}, err
	}
	n := len(cands)
	var g int64
	for _, c := range cands {
		g = gcd(g, c.UnitPrice)
	}
	s := Selection{Picks: make([]Pick, n)}
	for i, c := range cands {
		s.Picks[i].Entry = c.Entry
	}
	if n == 0 {
		return s, nil
	}
	S := budget / g
	if S+1 > MaxOptimumBits/int64(n) {
		return Selection{}, &Error{Code: CodeOptimumTooLarge, Message: fmt.Sprintf(
			"optimum over %d candidates and %d steps of %d won exceeds %d bits", n, S+1, g, MaxOptimumBits)}
	}
	size := int(S + 1)
	p := make([]int, n)
	lo := make([]int, n)
	hi := make([]int, n)
	for i, c := range cands {
		p[i] = int(c.UnitPrice / g)
		lo[i] = int(c.MinUnits)
		hi[i] = int(min(c.MaxUnits, S/(c.UnitPrice/g)))
	}
	// reach[k]: the sums reachable with candidates k..n-1 (reach[n] = {0}).
	reach := make([]bitset, n+1)
	reach[n] = newBitset(size)
	reach[n].set(0)
	w := newBitset(size) // the window, reused
	for k := n - 1; k >= 0; k-- {
		prev, cur := reach[k+1], newBitset(size)
		copy(cur, prev)
		if hi[k] >= lo[k] {
			// window = ⋁ prev << q·p over q in lo..hi, by doubling:
			// w covers span shifts after each step.
			clear(w)
			w.orShifted(prev, lo[k]*p[k], size)
			span, width := 1, hi[k]-lo[k]+1
			for 2*span <= width {
				w.orShifted(w, span*p[k], size)
				span *= 2
			}
			if width > span {
				w.orShifted(w, (width-span)*p[k], size)
			}
			for i := range cur {
				cur[i] |= w[i]
			}
		}
		reach[k] = cur
	}
	target := size - 1
	for !reach[0].get(target) {
		target--
	}
	for k := range n {
		q := 0
		for u := hi[k]; u >= lo[k]; u-- {
			if t := target - u*p[k]; t >= 0 && reach[k+1].get(t) {
				q = u
				break
			}
		}
		target -= q * p[k]
		cost := int64(q) * cands[k].UnitPrice
		s.Picks[k].Units, s.Picks[k].Cost = int64(q), cost
		s.Spent += cost
	}
	return s, nil
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) get(i int) bool { return b[i>>6]&(1<<(i&63)) != 0 }
func (b bitset) set(i int)      { b[i>>6] |= 1 << (i & 63) }

// orShifted sets b |= src << k, keeping bits below size; src may be b.
func (b bitset) orShifted(src bitset, k, size int) {
	ws, bs := k>>6, uint(k&63)
	for i := len(b) - 1; i >= ws; i-- {
		v := src[i-ws] << bs
		if bs > 0 && i-ws-1 >= 0 {
			v |= src[i-ws-1] >> (64 - bs)
		}
		b[i] |= v
	}
	if r := size & 63; r != 0 {
		b[len(b)-1] &= 1<<r - 1
	}
}
