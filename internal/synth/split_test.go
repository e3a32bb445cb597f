package synth

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestApportion(t *testing.T) {
	tests := []struct {
		total    int64
		weights  []float64
		atLeast1 bool
		want     []int64
	}{
		{10, []float64{1, 1}, false, []int64{5, 5}},
		{7, []float64{1, 2, 4}, false, []int64{1, 2, 4}},
		{3, []float64{100, 1, 1}, true, []int64{1, 1, 1}},
		{2, []float64{100, 1, 1}, true, []int64{2, 0, 0}},
		{0, []float64{1, 1}, true, []int64{0, 0}},
	}
	for _, tt := range tests {
		got := apportion(tt.total, tt.weights, tt.atLeast1, nil)
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("apportion(%d, %v, %v) = %v, want %v", tt.total, tt.weights, tt.atLeast1, got, tt.want)
				break
			}
		}
	}
}

// randomMeasure returns a measure whose days, bands and weekday/weekend sum
// to the total, and whose sexes and ages sum to at most the total, as in
// the published 상권 sales.
func randomMeasure(r *rand.Rand, total int64) measure {
	var m measure
	m.Total = total
	split := func(n int64, parts []int64) {
		for i := range parts {
			if i == len(parts)-1 {
				parts[i] = n
				return
			}
			parts[i] = r.Int64N(n/int64(len(parts)-i)*2 + 1)
			parts[i] = min(parts[i], n)
			n -= parts[i]
		}
	}
	split(total, m.Days[:])
	split(total, m.Bands[:])
	known := total - r.Int64N(total/3+1)
	split(known, m.Sexes[:])
	ages := known - r.Int64N(known/5+1)
	split(ages, m.Ages[:])
	for i, d := range m.Days {
		if i < 5 {
			m.Weekday += d
		} else {
			m.Weekend += d
		}
	}
	return m
}

// TestSplitSalesProperty splits random published slices over random
// merchants: every breakdown sums back exactly and every merchant has a row.
func TestSplitSalesProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 2000 {
		total := r.Int64N(1e10)
		if trial%10 == 0 {
			total = r.Int64N(20) // tiny slices
		}
		want := salesRow{Amount: randomMeasure(r, total), Count: randomMeasure(r, total/5000+r.Int64N(3))}
		n := 1 + r.IntN(12)
		ms := make([]salesMerchant, n)
		for i := range ms {
			ms[i] = salesMerchant{merchant: int32(i), weight: 0.1 + r.Float64()*10}
		}
		rows, issues := splitSales(want, ms, r, nil)
		if len(issues) > 0 {
			t.Fatalf("trial %d: issues %v for a consistent slice", trial, issues)
		}
		if got := salesOf(rows); got != want {
			t.Fatalf("trial %d: rows sum to\n %+v\nwant\n %+v", trial, got, want)
		}
		seen := map[int32]bool{}
		for _, s := range rows {
			seen[s.merchant] = true
			if s.amount < 0 || s.count < 0 {
				t.Fatalf("trial %d: negative row %+v", trial, s)
			}
		}
		if len(seen) != n {
			t.Fatalf("trial %d: %d of %d merchants have rows", trial, len(seen), n)
		}
		if limit := n * 2 * (7 + 6 + 3 + 7); len(rows) > limit {
			t.Errorf("trial %d: %d rows, more than %d", trial, len(rows), limit)
		}
	}
}

// TestSplitSalesInconsistent: breakdowns that exceed the total are
// reported, and the total, days and time bands still come back.
func TestSplitSalesInconsistent(t *testing.T) {
	m := measure{Total: 100, Weekday: 70, Weekend: 30, Days: [7]int64{10, 10, 10, 20, 20, 15, 15},
		Bands: [6]int64{0, 10, 40, 20, 20, 10}, Sexes: [2]int64{60, 50}, Ages: [6]int64{10, 10, 10, 10, 10, 10}}
	want := salesRow{Amount: m, Count: m}
	rows, issues := splitSales(want, []salesMerchant{{merchant: 0, weight: 1}}, rand.New(rand.NewPCG(1, 1)), nil)
	got := salesOf(rows)
	if got.Amount.Total != 100 || got.Amount.Days != m.Days || got.Amount.Bands != m.Bands || got.Amount.Ages != m.Ages {
		t.Errorf("got %+v", got.Amount)
	}
	if got.Amount.Sexes[0]+got.Amount.Sexes[1] != 100 {
		t.Errorf("sexes %v, want them cut to the total", got.Amount.Sexes)
	}
	var kinds []string
	for _, is := range issues {
		kinds = append(kinds, is.measure+"_"+is.breakdown)
	}
	if len(kinds) != 2 || kinds[0] != "amount_sexes" || kinds[1] != "count_sexes" {
		t.Errorf("issues %v, want amount_sexes and count_sexes", kinds)
	}
}

// TestFootGoal: breakdowns the publisher rounded come back after fuse's
// rounding when they are within 0.49 a part of the total; the rest is
// reported.
func TestFootGoal(t *testing.T) {
	row := footRow{Total: 1000, Sexes: [2]int64{500, 500}, Ages: [6]int64{100, 200, 300, 200, 100, 98},
		Bands: [6]int64{100, 200, 300, 200, 100, 102}, Days: [7]int64{140, 140, 140, 140, 140, 150, 146}}
	goal, off := footGoal(row)
	sum := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s
	}
	for name, v := range map[string][]float64{"sexes": goal.Sexes[:], "ages": goal.Ages[:], "bands": goal.Bands[:], "days": goal.Days[:]} {
		if math.Abs(sum(v)-1000) > 1e-9 {
			t.Errorf("%s sum to %v, want 1000", name, sum(v))
		}
	}
	for i, v := range goal.Ages {
		if math.Round(v) != float64(row.Ages[i]) {
			t.Errorf("age %d: %v rounds away from %d", i, v, row.Ages[i])
		}
	}
	if off["ages"] != 0 || off["time_bands"] != 0 || off["days"] != 1 {
		t.Errorf("off = %v, want only days (|Σ − total| = 4 > 7 × 0.49) off by 1", off)
	}
	rows, short := splitFoot(goal, []float64{1, 2, 3}, rand.New(rand.NewPCG(3, 3)), nil)
	var back footTarget
	for _, b := range rows {
		back.add(b.sex, b.age, b.band, b.weekday, b.value)
	}
	if short != 0 || math.Abs(back.Total-1000) > 1e-6 || math.Abs(back.Days[5]-goal.Days[5]) > 1e-6 || math.Abs(back.Sexes[1]-goal.Sexes[1]) > 1e-6 {
		t.Errorf("split back to %+v, want %+v", back, goal)
	}
}
