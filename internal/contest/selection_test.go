package contest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

func units(s Selection) []int64 {
	u := make([]int64, len(s.Picks))
	for i, p := range s.Picks {
		u[i] = p.Units
	}
	return u
}

func TestSelectionVectors(t *testing.T) {
	tests := []struct {
		name           string
		cands          []Candidate
		budget         int64
		greedy, opt    []int64
		gSpent, oSpent int64
	}{
		{
			// Greedy: A takes 2 (60,000), B's minimum of 2 (50,000) does not
			// fit in 40,000 so B is skipped, C takes 2 (30,000): 90,000.
			// Optimum (steps of 5,000; budget 20 steps; A 6, B 5, C 3 a unit):
			// only B × 4 = 20 reaches the budget: 100,000.
			name: "greedy and optimum differ",
			cands: []Candidate{
				{"A", 30_000, 1, 2}, {"B", 25_000, 2, 4}, {"C", 15_000, 1, 3},
			},
			budget: 100_000,
			greedy: []int64{2, 0, 2}, gSpent: 90_000,
			opt: []int64{0, 4, 0}, oSpent: 100_000,
		},
		{
			// 60 (thousands) is reached by B × 2, C × 3 and A + C; the optimum
			// prefers the best-ranked: A × 1, then B 0, C × 1.
			name:   "ties prefer rank",
			cands:  []Candidate{{"A", 40_000, 1, 1}, {"B", 30_000, 1, 2}, {"C", 20_000, 1, 3}},
			budget: 60_000,
			greedy: []int64{1, 0, 1}, gSpent: 60_000,
			opt: []int64{1, 0, 1}, oSpent: 60_000,
		},
		{
			// Nothing fits: both buy nothing.
			name:   "too small a budget",
			cands:  []Candidate{{"A", 40_000, 2, 3}},
			budget: 79_999,
			greedy: []int64{0}, opt: []int64{0},
		},
		{
			// A budget not a multiple of the gcd (1,000): 4,500 → 4 steps,
			// reached by A × 4 or A + B; the best-ranked A gets the most.
			name:   "budget between steps",
			cands:  []Candidate{{"A", 1_000, 1, 5}, {"B", 3_000, 1, 1}},
			budget: 4_500,
			greedy: []int64{4, 0}, gSpent: 4_000,
			opt: []int64{4, 0}, oSpent: 4_000,
		},
		{name: "no candidates", budget: 10, greedy: []int64{}, opt: []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := Greedy(tt.cands, tt.budget)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(units(g)) != fmt.Sprint(tt.greedy) || g.Spent != tt.gSpent {
				t.Errorf("Greedy = %v spent %d, want %v spent %d", units(g), g.Spent, tt.greedy, tt.gSpent)
			}
			o, err := Optimum(tt.cands, tt.budget)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(units(o)) != fmt.Sprint(tt.opt) || o.Spent != tt.oSpent {
				t.Errorf("Optimum = %v spent %d, want %v spent %d", units(o), o.Spent, tt.opt, tt.oSpent)
			}
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		cands  []Candidate
		budget int64
	}{
		{"price 0", []Candidate{{"A", 0, 1, 1}}, 10},
		{"min 0", []Candidate{{"A", 10, 0, 1}}, 10},
		{"max < min", []Candidate{{"A", 10, 3, 2}}, 10},
		{"negative budget", nil, -1},
	} {
		if _, err := Greedy(c.cands, c.budget); err == nil {
			t.Errorf("Greedy %s: no error", c.name)
		}
		if _, err := Optimum(c.cands, c.budget); err == nil {
			t.Errorf("Optimum %s: no error", c.name)
		}
	}
	// gcd 1 over a billion won: 10⁹ steps × 2 candidates is too large a table.
	_, err := Optimum([]Candidate{{"A", 7, 1, 1 << 40}, {"B", 11, 1, 1 << 40}}, 1_000_000_000)
	var ce *Error
	if !errors.As(err, &ce) || ce.Code != CodeOptimumTooLarge {
		t.Errorf("error = %v, want optimum_too_large", err)
	}
}

// bruteBest is the best spend ≤ budget by enumeration.
func bruteBest(c []Candidate, budget int64) int64 {
	if len(c) == 0 {
		return 0
	}
	best := bruteBest(c[1:], budget)
	for q := c[0].MinUnits; q <= c[0].MaxUnits && q*c[0].UnitPrice <= budget; q++ {
		best = max(best, q*c[0].UnitPrice+bruteBest(c[1:], budget-q*c[0].UnitPrice))
	}
	return best
}

// TestSelectionRandom checks both selections on seeded random cases: units
// within bounds, costs adding up, within the budget; the optimum equals
// enumeration and is never below greedy.
func TestSelectionRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for n := range 400 {
		cands := make([]Candidate, 1+r.IntN(5))
		for i := range cands {
			lo := 1 + r.Int64N(3)
			cands[i] = Candidate{fmt.Sprint(i), 100 * (1 + r.Int64N(40)), lo, lo + r.Int64N(5)}
		}
		budget := r.Int64N(20_000)
		g, err := Greedy(cands, budget)
		if err != nil {
			t.Fatal(err)
		}
		o, err := Optimum(cands, budget)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []Selection{g, o} {
			var sum int64
			for i, p := range s.Picks {
				c := cands[i]
				if p.Units != 0 && (p.Units < c.MinUnits || p.Units > c.MaxUnits) || p.Cost != p.Units*c.UnitPrice {
					t.Fatalf("case %d: pick %+v of %+v", n, p, c)
				}
				sum += p.Cost
			}
			if sum != s.Spent || s.Spent > budget {
				t.Fatalf("case %d: spent %d (sum %d), budget %d", n, s.Spent, sum, budget)
			}
		}
		if want := bruteBest(cands, budget); o.Spent != want || o.Spent < g.Spent {
			t.Fatalf("case %d %v budget %d: optimum spent %d, enumeration %d, greedy %d", n, cands, budget, o.Spent, want, g.Spent)
		}
	}
}

// benchCandidates: 20 products at prices in hundreds of won and a budget of
// 1,000,000,000 KRW (10⁷ steps of 100 won).
func benchCandidates() []Candidate {
	r := rand.New(rand.NewPCG(3, 4))
	c := make([]Candidate, 20)
	for i := range c {
		p := 100 * (50 + r.Int64N(2000))
		c[i] = Candidate{fmt.Sprint(i), p, 100, 200_000_000 / p}
	}
	return c
}

func BenchmarkOptimumBillion(b *testing.B) {
	c := benchCandidates()
	for b.Loop() {
		if _, err := Optimum(c, 1_000_000_000); err != nil {
			b.Fatal(err)
		}
	}
}
