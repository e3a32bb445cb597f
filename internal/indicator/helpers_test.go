package indicator

import (
	"reflect"
	"slices"
	"testing"
)

// fixture is a district with round, hand-checked numbers; the expected
// values of every indicator are worked out in the tests that use it.
func fixture() District {
	fac := int64(12)
	return District{
		Code:   "3110001",
		AreaM2: 250_000, // 0.25 km²
		Sales: &Sales{
			Amount: 1_000_000, Count: 80,
			WeekdayAmount: 700_000, WeekendAmount: 300_000,
			AmountByDay:  [7]int64{100_000, 120_000, 150_000, 150_000, 180_000, 200_000, 100_000},
			AmountByTime: [6]int64{0, 100_000, 300_000, 150_000, 350_000, 100_000},
			AmountBySex:  [2]int64{400_000, 600_000},
			AmountByAge:  [6]int64{50_000, 300_000, 250_000, 200_000, 150_000, 50_000},
		},
		SalesPrevQuarter: &Sales{Amount: 800_000, Count: 70},
		SalesPrevYear:    &Sales{Amount: 1_250_000, Count: 90},
		Stores: &Stores{
			Stores: 8, Similar: 10, Franchise: 2, Opened: 1, Closed: 2,
			OpenRate: 10, CloseRate: 20, HasRates: true, Industries: 1,
		},
		StoresPrevQuarter: &Stores{Stores: 6, Similar: 8, Franchise: 2, HasRates: true},
		StoresPrevYear:    &Stores{Stores: 10, Similar: 12, Franchise: 2, HasRates: true},
		Foot: &Foot{
			Total:  500_000,
			BySex:  [2]int64{240_000, 260_000},
			ByAge:  [6]int64{40_000, 120_000, 110_000, 100_000, 80_000, 50_000},
			ByTime: [6]int64{10_000, 80_000, 120_000, 100_000, 140_000, 50_000},
			ByDay:  [7]int64{70_000, 70_000, 70_000, 70_000, 80_000, 75_000, 65_000},
		},
		FootPrevQuarter: &Foot{Total: 400_000},
		FootPrevYear:    &Foot{Total: 625_000},
		Change:          &Change{Label: "LH", Operating: 60, Closed: 40, SeoulOperating: 111, SeoulClosed: 52},
		Workers:         &Population{Total: 3_000},
		Residents:       &Population{Total: 1_200},
		Income:          &Income{MonthlyAvg: 3_100_000, Band: 6, SpendingTotal: 900_000_000},
		Facilities:      &fac,
	}
}

// check is one expected indicator: its value (int64, float64, string or
// nil) and its flags.
type check struct {
	key   string
	value any
	flags []string
}

func (c check) run(t *testing.T, s Set) {
	t.Helper()
	v, ok := s.Get(c.key)
	if !ok {
		t.Errorf("%s: missing", c.key)
		return
	}
	if !reflect.DeepEqual(v.Value, c.value) {
		t.Errorf("%s = %#v, want %#v", c.key, v.Value, c.value)
	}
	want := cleanFlags(c.flags)
	if !slices.Equal(v.Flags, want) {
		t.Errorf("%s flags = %q, want %q", c.key, v.Flags, want)
	}
	def, _ := Lookup(c.key)
	if v.Unit != def.Unit || v.Version != def.Version {
		t.Errorf("%s unit, version = %q, %q, want %q, %q", c.key, v.Unit, v.Version, def.Unit, def.Version)
	}
}

// scenario is a district changed from the fixture and the indicators
// expected of it.
type scenario struct {
	name   string
	edit   func(*District)
	checks []check
}

func runScenarios(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			d := fixture()
			if sc.edit != nil {
				sc.edit(&d)
			}
			s := Compute(d, City{})
			for _, c := range sc.checks {
				c.run(t, s)
			}
		})
	}
}

func fl(flags ...string) []string { return flags }

func ptr[T any](v T) *T { return &v }
