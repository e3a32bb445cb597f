package synth

import (
	"math/rand/v2"
	"testing"
)

func steps(q0 quarter, rows ...storeCounts) []storeStep {
	out := make([]storeStep, len(rows))
	for i, w := range rows {
		out[i] = storeStep{q: q0 + quarter(i), kind: stepPublished, want: w}
	}
	return out
}

// TestBuildLives checks that lifecycles give back published stock, flows
// and franchise counts, and that contradictions keep the stock and are
// reported.
func TestBuildLives(t *testing.T) {
	q0, _ := parseQuarter("20241")
	tests := []struct {
		name  string
		steps []storeStep
		devs  []string // fields reported
	}{
		{"steady", steps(q0, storeCounts{5, 0, 0, 2}, storeCounts{5, 0, 0, 2}), nil},
		{"churn", steps(q0, storeCounts{8, 3, 1, 6}, storeCounts{10, 4, 2, 5}, storeCounts{8, 0, 2, 5}, storeCounts{0, 0, 8, 0}), nil},
		{"opened and closed in one quarter", steps(q0, storeCounts{0, 0, 0, 0}, storeCounts{0, 2, 2, 0}), nil},
		{"franchise swap", steps(q0, storeCounts{1, 0, 0, 1}, storeCounts{1, 1, 1, 0}), nil},
		// 3120201 CS100007 20243–20244, as published: 10 → 8 with one closing.
		{"stock shrinks more than its flows", steps(q0, storeCounts{10, 1, 1, 6}, storeCounts{8, 0, 1, 5}), []string{"closed"}},
		// 3130166: no row (nothing) and then a store with no opening.
		{"stock grows with no opening", []storeStep{{q0, stepZero, storeCounts{}}, {q0 + 1, stepPublished, storeCounts{1, 0, 0, 0}}}, []string{"opened"}},
		{"franchise out of reach", steps(q0, storeCounts{2, 0, 0, 0}, storeCounts{2, 0, 0, 2}), []string{"franchise"}},
		{"unknown quarter bridged", []storeStep{{q0, stepPublished, storeCounts{3, 0, 0, 1}}, {q0 + 1, stepUnknown, storeCounts{}}, {q0 + 2, stepPublished, storeCounts{5, 1, 0, 2}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lives, devs := buildLives(tt.steps, rand.New(rand.NewPCG(1, 2)))
			for _, st := range tt.steps {
				got := countsOf(lives, st.q)
				if st.kind == stepUnknown {
					continue
				}
				if got.Stock != st.want.Stock {
					t.Errorf("%s: stock %d, want %d", st.q, got.Stock, st.want.Stock)
				}
				if len(tt.devs) == 0 && got != st.want {
					t.Errorf("%s: counts %+v, want %+v", st.q, got, st.want)
				}
			}
			var fields []string
			for _, d := range devs {
				fields = append(fields, d.field)
				if got := countsOf(lives, d.q); d.field == "opened" && got.Opened != d.made || d.field == "closed" && got.Closed != d.made {
					t.Errorf("deviation %+v, but made %+v", d, got)
				}
			}
			if len(fields) != len(tt.devs) || len(fields) > 0 && fields[0] != tt.devs[0] {
				t.Errorf("deviations %v, want %v", fields, tt.devs)
			}
			for _, l := range lives {
				if l.opened != noDay && l.closed != noDay && l.closed < l.opened+minOpenDays {
					t.Errorf("merchant %+v open fewer than %d days", l, minOpenDays)
				}
			}
		})
	}
}

// TestBuildLivesRandom: random consistent histories come back exactly.
func TestBuildLivesRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	q0, _ := parseQuarter("20231")
	for trial := range 500 {
		var rows []storeCounts
		stock, fr := int64(r.IntN(10)), int64(0)
		fr = r.Int64N(stock + 1)
		for range 1 + r.IntN(8) {
			o, c := r.Int64N(4), r.Int64N(stock+2)
			c = min(c, stock+o)
			stock += o - c
			// A franchise count the flows can reach.
			lo, hi := max(0, fr-min(c, fr)), min(stock, fr+o)
			fr = lo + r.Int64N(hi-lo+1)
			rows = append(rows, storeCounts{stock, o, c, fr})
		}
		st := steps(q0, rows...)
		lives, devs := buildLives(st, r)
		for _, s := range st {
			if got := countsOf(lives, s.q); got != s.want && len(devs) == 0 {
				t.Fatalf("trial %d, %s: %+v, want %+v", trial, s.q, got, s.want)
			}
		}
		for _, d := range devs {
			if d.field != "franchise" {
				t.Fatalf("trial %d: deviation %+v in a consistent history", trial, d)
			}
		}
	}
}
