package program

import "time"

// MealKit is a 밀키트 program: kits at Price won, of which the operator pays
// Subsidy and the employee the rest; each merchant sells at most
// DailyQuota kits a day and each employee orders at most PerEmployeeDaily
// a day; orders for day D close at D's Cutoff and are picked up on D from
// Pickup (times in Seoul). Donated kits are bought by the operator at the
// full price.
type MealKit struct {
	Period           Period
	Price            int64
	Subsidy          int64
	DailyQuota       int
	PerEmployeeDaily int
	Cutoff           Clock
	Pickup           Clock
}

// Validate checks the terms.
func (m MealKit) Validate() error {
	switch {
	case m.Price <= 0:
		return fail(CodeInvalid, "price %d, want a positive amount", m.Price)
	case m.Subsidy < 0 || m.Subsidy > m.Price:
		return fail(CodeInvalid, "subsidy %d, want 0 to the price (%d)", m.Subsidy, m.Price)
	case m.DailyQuota < 1:
		return fail(CodeInvalid, "daily_quota %d, want at least 1", m.DailyQuota)
	case m.PerEmployeeDaily < 1:
		return fail(CodeInvalid, "per_employee_daily %d, want at least 1", m.PerEmployeeDaily)
	case m.Cutoff < 0 || m.Cutoff >= 24*60 || m.Pickup < 0 || m.Pickup >= 24*60:
		return fail(CodeInvalid, "cutoff %s or pickup %s outside the day", m.Cutoff, m.Pickup)
	case m.Pickup < m.Cutoff:
		return fail(CodeInvalid, "pickup %s before the cutoff %s", m.Pickup, m.Cutoff)
	}
	return m.Period.validate()
}

// EmployeePays is what an employee pays for one kit: Price − Subsidy.
func (m MealKit) EmployeePays() int64 { return m.Price - m.Subsidy }

// CutoffAt is the instant orders for day d close.
func (m MealKit) CutoffAt(d Date) time.Time { return d.At(m.Cutoff) }

// Order is a priced order of kits.
type Order struct {
	Date         Date  `json:"date"`
	Quantity     int   `json:"quantity"`
	Subsidy      int64 `json:"subsidy"`       // Quantity × Subsidy: what the operator reserves
	EmployeePays int64 `json:"employee_pays"` // Quantity × (Price − Subsidy)
}

// Counts are the kits already ordered (not cancelled) for the day of an
// order: by the merchant's customers in all, and by this employee.
type Counts struct {
	Merchant int
	Employee int
}

// Order checks and prices an order of quantity kits for day d placed at
// the instant now; available is the budget funded and not yet committed.
// Refusals, in this order: program_closed when d is outside the period;
// cutoff_passed at or after d's cut-off; quota_exceeded beyond the
// merchant's daily quota or the employee's daily limit; exceeds_credits
// when the subsidy is more than available.
func (m MealKit) Order(now time.Time, d Date, quantity int, c Counts, available int64) (Order, error) {
	if quantity < 1 {
		return Order{}, fail(CodeInvalid, "quantity %d, want at least 1", quantity)
	}
	if !m.Period.Contains(d) {
		return Order{}, fail(CodeProgramClosed, "the program runs %s to %s, not on %s", m.Period.Starts, m.Period.Ends, d)
	}
	if !now.Before(m.CutoffAt(d)) {
		return Order{}, fail(CodeCutoffPassed, "orders for %s closed at %s", d, m.Cutoff)
	}
	if c.Merchant+quantity > m.DailyQuota {
		return Order{}, fail(CodeQuotaExceeded, "the merchant has %d of %d kits left for %s", max(m.DailyQuota-c.Merchant, 0), m.DailyQuota, d)
	}
	if c.Employee+quantity > m.PerEmployeeDaily {
		return Order{}, fail(CodeQuotaExceeded, "%d kits a day per employee; %d already ordered for %s", m.PerEmployeeDaily, c.Employee, d)
	}
	o := Order{Date: d, Quantity: quantity, Subsidy: int64(quantity) * m.Subsidy, EmployeePays: int64(quantity) * m.EmployeePays()}
	if o.Subsidy > available {
		return Order{}, fail(CodeExceedsCredits, "a subsidy of %d won exceeds the %d won left in the budget", o.Subsidy, available)
	}
	return o, nil
}

// Cancel checks that an order for day d may be cancelled at now: only
// before d's cut-off (cutoff_passed otherwise).
func (m MealKit) Cancel(now time.Time, d Date) error {
	if !now.Before(m.CutoffAt(d)) {
		return fail(CodeCutoffPassed, "orders for %s can no longer be cancelled (cut-off %s)", d, m.Cutoff)
	}
	return nil
}

// PickUp checks that an order for day d may be marked picked up at now:
// on day d (Seoul) from its cut-off on, when the order is final; before,
// or after day d, pickup_closed.
func (m MealKit) PickUp(now time.Time, d Date) error {
	if now.Before(m.CutoffAt(d)) || Today(now) != d {
		return fail(CodePickupClosed, "kits for %s are picked up on that day after %s", d, m.Cutoff)
	}
	return nil
}

// Expired reports whether an order for day d not picked up by now is void:
// day d is over in Seoul.
func (m MealKit) Expired(now time.Time, d Date) bool { return Today(now).Compare(d) > 0 }

// DonationCost is what the operator pays for n donated kits: n × Price.
func (m MealKit) DonationCost(n int) int64 { return int64(n) * m.Price }
