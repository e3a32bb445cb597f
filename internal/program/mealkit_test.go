package program

import (
	"testing"
	"time"
)

// kit: 사랑의 밀키트 — 12,000 won kits, 8,000 paid by the operator, 300 a
// day per merchant, 2 per employee, orders until 10:00, pick-up 17:30,
// 15 days from 4 January 2027.
var kit = MealKit{
	Period: Period{date("2027-01-04"), date("2027-01-18")},
	Price:  12_000, Subsidy: 8_000, DailyQuota: 300, PerEmployeeDaily: 2,
	Cutoff: 10 * 60, Pickup: 17*60 + 30,
}

func TestMealKitOrder(t *testing.T) {
	if err := kit.Validate(); err != nil {
		t.Fatal(err)
	}
	d := date("2027-01-05")
	tests := []struct {
		name      string
		now       time.Time
		day       Date
		qty       int
		counts    Counts
		available int64
		want      Order
		code      string
	}{
		{"two kits", kst(2027, 1, 5, 9, 59), d, 2, Counts{}, 1_000_000,
			Order{Date: d, Quantity: 2, Subsidy: 16_000, EmployeePays: 8_000}, ""},
		{"the day before", kst(2027, 1, 4, 18, 0), d, 1, Counts{298, 1}, 8_000,
			Order{Date: d, Quantity: 1, Subsidy: 8_000, EmployeePays: 4_000}, ""},
		{"fills the quota", kst(2027, 1, 5, 8, 0), d, 2, Counts{298, 0}, 1_000_000,
			Order{Date: d, Quantity: 2, Subsidy: 16_000, EmployeePays: 8_000}, ""},
		{"at the cut-off", kst(2027, 1, 5, 10, 0), d, 1, Counts{}, 1_000_000, Order{}, CodeCutoffPassed},
		// 01:00 UTC is 10:00 in Seoul.
		{"cut-off in UTC", time.Date(2027, 1, 5, 1, 0, 0, 0, time.UTC), d, 1, Counts{}, 1_000_000, Order{}, CodeCutoffPassed},
		{"merchant quota", kst(2027, 1, 5, 8, 0), d, 2, Counts{299, 0}, 1_000_000, Order{}, CodeQuotaExceeded},
		{"employee limit", kst(2027, 1, 5, 8, 0), d, 2, Counts{0, 1}, 1_000_000, Order{}, CodeQuotaExceeded},
		{"budget", kst(2027, 1, 5, 8, 0), d, 2, Counts{}, 15_999, Order{}, CodeExceedsCredits},
		{"after the period", kst(2027, 1, 18, 8, 0), date("2027-01-19"), 1, Counts{}, 1_000_000, Order{}, CodeProgramClosed},
		{"before the period", kst(2027, 1, 1, 8, 0), date("2027-01-03"), 1, Counts{}, 1_000_000, Order{}, CodeProgramClosed},
		{"zero", kst(2027, 1, 5, 8, 0), d, 0, Counts{}, 1_000_000, Order{}, CodeInvalid},
	}
	for _, tt := range tests {
		got, err := kit.Order(tt.now, tt.day, tt.qty, tt.counts, tt.available)
		wantCode(t, tt.name, err, tt.code)
		if got != tt.want {
			t.Errorf("%s: Order = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestMealKitCancelPickUp(t *testing.T) {
	d := date("2027-01-05")
	wantCode(t, "cancel before", kit.Cancel(kst(2027, 1, 5, 9, 59), d), "")
	wantCode(t, "cancel at the cut-off", kit.Cancel(kst(2027, 1, 5, 10, 0), d), CodeCutoffPassed)
	wantCode(t, "pick up at 17:30", kit.PickUp(kst(2027, 1, 5, 17, 30), d), "")
	wantCode(t, "pick up at the cut-off", kit.PickUp(kst(2027, 1, 5, 10, 0), d), "")
	wantCode(t, "pick up before the cut-off", kit.PickUp(kst(2027, 1, 5, 9, 0), d), CodePickupClosed)
	wantCode(t, "pick up the next day", kit.PickUp(kst(2027, 1, 6, 0, 0), d), CodePickupClosed)
	if kit.Expired(kst(2027, 1, 5, 23, 59), d) || !kit.Expired(kst(2027, 1, 6, 0, 0), d) {
		t.Error("Expired: want false at 23:59 and true at midnight in Seoul")
	}
	if got := kit.DonationCost(1_500); got != 18_000_000 {
		t.Errorf("DonationCost(1,500) = %d, want 18,000,000", got)
	}
	if got := kit.EmployeePays(); got != 4_000 {
		t.Errorf("EmployeePays = %d, want 4,000", got)
	}
}

func TestMealKitValidate(t *testing.T) {
	for _, tt := range []struct {
		name string
		edit func(*MealKit)
	}{
		{"price", func(m *MealKit) { m.Price = 0 }},
		{"subsidy over price", func(m *MealKit) { m.Subsidy = 12_001 }},
		{"quota", func(m *MealKit) { m.DailyQuota = 0 }},
		{"per employee", func(m *MealKit) { m.PerEmployeeDaily = 0 }},
		{"pickup before cutoff", func(m *MealKit) { m.Pickup = 9 * 60 }},
		{"cutoff outside the day", func(m *MealKit) { m.Cutoff = 24 * 60 }},
		{"period", func(m *MealKit) { m.Period.Ends = date("2027-01-01") }},
	} {
		m := kit
		tt.edit(&m)
		wantCode(t, tt.name, m.Validate(), CodeInvalid)
	}
}
