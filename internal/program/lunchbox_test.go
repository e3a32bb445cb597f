package program

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestRotation(t *testing.T) {
	abc := []Capacity{{"c", 5}, {"a", 5}, {"b", 5}}
	xyz := []Capacity{{"z", 10}, {"x", 2}, {"y", 10}}
	tests := []struct {
		name   string
		daily  int
		cohort []Capacity
		day    int
		want   []int // aligned with the cohort as given
	}{
		// 10 over three of 5: level 3 (9), one left; by id a, b, c, one a day.
		{"day 0", 10, abc, 0, []int{3, 4, 3}},
		{"day 1", 10, abc, 1, []int{3, 3, 4}},
		{"day 2", 10, abc, 2, []int{4, 3, 3}},
		{"day 3", 10, abc, 3, []int{3, 4, 3}},
		// x can make 2: level 4 gives 2 + 4 + 4 = 10.
		{"capacity", 10, xyz, 0, []int{4, 2, 4}},
		// 11: level 4 (10), one left for y then z.
		{"capacity, one left, day 0", 11, xyz, 0, []int{4, 2, 5}},
		{"capacity, one left, day 1", 11, xyz, 1, []int{5, 2, 4}},
		{"everything", 22, xyz, 5, []int{10, 2, 10}},
		{"nothing", 0, xyz, 0, []int{0, 0, 0}},
	}
	for _, tt := range tests {
		got, err := Rotation(tt.daily, tt.cohort, tt.day)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: Rotation = %v, want %v", tt.name, got, tt.want)
		}
	}
	_, err := Rotation(23, xyz, 0)
	wantCode(t, "over capacity", err, CodeOverCapacity)
	_, err = Rotation(1, []Capacity{{"a", 1}, {"a", 1}}, 0)
	wantCode(t, "twice", err, CodeInvalid)
	_, err = Rotation(1, []Capacity{{"a", -1}, {"b", 3}}, 0)
	wantCode(t, "negative", err, CodeInvalid)
}

// TestRotationFair: on seeded random cohorts, every day adds up to the
// daily orders within capacities, and after every day the running counts
// of merchants of equal capacity differ by at most one.
func TestRotationFair(t *testing.T) {
	r := rand.New(rand.NewPCG(200, 3))
	for n := range 200 {
		cohort := make([]Capacity, 1+r.IntN(30))
		total := 0
		for i := range cohort {
			cohort[i] = Capacity{fmt.Sprintf("m%03d", r.IntN(1000)*1000+i), []int{5, 10, 20, 40}[r.IntN(4)]}
			total += cohort[i].Daily
		}
		daily := r.IntN(total + 1)
		sums := make([]int, len(cohort))
		for day := range 60 {
			got, err := Rotation(daily, cohort, day)
			if err != nil {
				t.Fatalf("case %d day %d: %v", n, day, err)
			}
			s := 0
			for i, g := range got {
				if g < 0 || g > cohort[i].Daily {
					t.Fatalf("case %d day %d: %s gets %d, capacity %d", n, day, cohort[i].Merchant, g, cohort[i].Daily)
				}
				s += g
				sums[i] += g
			}
			if s != daily {
				t.Fatalf("case %d day %d: %d boxes, want %d", n, day, s, daily)
			}
			lo, hi := map[int]int{}, map[int]int{}
			for i, c := range cohort {
				if v, ok := lo[c.Daily]; !ok || sums[i] < v {
					lo[c.Daily] = sums[i]
				}
				hi[c.Daily] = max(hi[c.Daily], sums[i])
			}
			for c := range lo {
				if hi[c]-lo[c] > 1 {
					t.Fatalf("case %d after day %d: capacity %d merchants have %d to %d boxes", n, day, c, lo[c], hi[c])
				}
			}
		}
	}
}

func TestLunchbox(t *testing.T) {
	l := Lunchbox{Period: Period{date("2027-01-04"), date("2027-01-29")}, DailyOrders: 200, UnitPrice: 7_000, EmployeePrice: 4_500}
	if err := l.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := l.OperatorCost(200); got != 500_000 {
		t.Errorf("OperatorCost(200) = %d, want 500,000", got)
	}
	l.EmployeePrice = 7_001
	wantCode(t, "employee price over unit price", l.Validate(), CodeInvalid)
}
