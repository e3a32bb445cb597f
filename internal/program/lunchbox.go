package program

import (
	"cmp"
	"slices"
)

// Lunchbox is a 도시락 program: DailyOrders boxes a day bought from the
// cohort at UnitPrice won and sold to staff at EmployeePrice.
type Lunchbox struct {
	Period        Period
	DailyOrders   int
	UnitPrice     int64
	EmployeePrice int64
}

// Validate checks the terms.
func (l Lunchbox) Validate() error {
	switch {
	case l.DailyOrders < 1:
		return fail(CodeInvalid, "daily_orders %d, want at least 1", l.DailyOrders)
	case l.UnitPrice <= 0:
		return fail(CodeInvalid, "unit_price %d, want a positive amount", l.UnitPrice)
	case l.EmployeePrice < 0 || l.EmployeePrice > l.UnitPrice:
		return fail(CodeInvalid, "employee_price %d, want 0 to the unit price (%d)", l.EmployeePrice, l.UnitPrice)
	}
	return l.Period.validate()
}

// OperatorCost is what the operator bears for n boxes: n × (UnitPrice −
// EmployeePrice).
func (l Lunchbox) OperatorCost(n int) int64 { return int64(n) * (l.UnitPrice - l.EmployeePrice) }

// Capacity is how many boxes a merchant can make a day.
type Capacity struct {
	Merchant string `json:"merchant"`
	Daily    int    `json:"daily"`
}

// Rotation spreads daily boxes over the cohort for the day-th ordering day
// (0 for the first). Merchants are taken in the order of their ids. Each
// gets min(capacity, L), L the highest level whose total does not exceed
// daily (water-filling); the r boxes left go one each to r of the u
// merchants whose capacity exceeds L, a window of r places that moves r
// places along that list every day (starting at day·r mod u, cyclic). So
// every day adds up to daily, nobody exceeds their capacity, and while the
// cohort and daily stay the same, over any run of consecutive days two
// merchants of equal capacity differ by at most one box. A cohort that
// cannot make daily boxes in all gets over_capacity. The result is aligned
// with cohort as given.
func Rotation(daily int, cohort []Capacity, day int) ([]int, error) {
	if daily < 0 || day < 0 {
		return nil, fail(CodeInvalid, "daily %d, day %d: want non-negative", daily, day)
	}
	order := make([]int, len(cohort))
	total := 0
	for i, c := range cohort {
		if c.Daily < 0 {
			return nil, fail(CodeInvalid, "merchant %s: capacity %d", c.Merchant, c.Daily)
		}
		order[i] = i
		total += c.Daily
	}
	if total < daily {
		return nil, fail(CodeOverCapacity, "%d boxes a day exceed the cohort's capacity of %d", daily, total)
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(cohort[a].Merchant, cohort[b].Merchant) })
	for k := 1; k < len(order); k++ {
		if cohort[order[k]].Merchant == cohort[order[k-1]].Merchant {
			return nil, fail(CodeInvalid, "merchant %s listed twice", cohort[order[k]].Merchant)
		}
	}
	// The level L: the largest with Σ min(cap, L) ≤ daily. Raise it over the
	// sorted distinct capacities.
	fill := func(L int) int {
		s := 0
		for _, c := range cohort {
			s += min(c.Daily, L)
		}
		return s
	}
	lo, hi := 0, daily // fill(0) = 0 ≤ daily; L never needs to exceed daily
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fill(mid) <= daily {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	L := lo
	out := make([]int, len(cohort))
	var open []int // merchants above the level, in id order
	for _, i := range order {
		out[i] = min(cohort[i].Daily, L)
		if cohort[i].Daily > L {
			open = append(open, i)
		}
	}
	r := daily - fill(L)
	if r > 0 {
		// r < len(open): otherwise L+1 would still fit.
		u := len(open)
		start := int((int64(day) * int64(r)) % int64(u))
		for k := range r {
			out[open[(start+k)%u]]++
		}
	}
	return out, nil
}
