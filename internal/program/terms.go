package program

// The kinds of program.
const (
	KindPrepayment = "prepayment"
	KindMealKit    = "meal_kit"
	KindLunchbox   = "lunchbox"
)

// Terms are a program's kind-specific fields, as the API names them; only
// its kind's are set.
type Terms struct {
	// prepayment
	PerMerchant int64  `json:"per_merchant,omitempty"`
	RedeemUntil string `json:"redeem_until,omitempty"`
	Unused      string `json:"unused,omitempty"`
	// meal_kit
	Price            int64  `json:"price,omitempty"`
	Subsidy          int64  `json:"subsidy,omitempty"`
	DailyQuota       int    `json:"daily_quota,omitempty"`
	PerEmployeeDaily int    `json:"per_employee_daily,omitempty"`
	Cutoff           string `json:"cutoff,omitempty"`
	Pickup           string `json:"pickup,omitempty"`
	DonatedKits      int    `json:"donated_kits,omitempty"`
	// lunchbox
	DailyOrders   int   `json:"daily_orders,omitempty"`
	UnitPrice     int64 `json:"unit_price,omitempty"`
	EmployeePrice int64 `json:"employee_price,omitempty"`
}

// Definition is a whole program's rules: its kind, period and terms.
type Definition struct {
	Kind   string
	Period Period
	Terms  Terms
}

// Check validates a definition: a known kind, a period, the kind's terms
// (and no other kind's), positive operator shares.
func Check(kind, starts, ends string, t Terms, ops []Operator) (Definition, error) {
	s, err := ParseDate(starts)
	if err != nil {
		return Definition{}, fail(CodeInvalid, "starts: %v", err)
	}
	e, err := ParseDate(ends)
	if err != nil {
		return Definition{}, fail(CodeInvalid, "ends: %v", err)
	}
	d := Definition{Kind: kind, Period: Period{s, e}, Terms: t}
	if err := d.Period.validate(); err != nil {
		return Definition{}, err
	}
	if _, err := SplitSettlement(0, ops); err != nil {
		return Definition{}, err
	}
	prepay := t.PerMerchant != 0 || t.RedeemUntil != "" || t.Unused != ""
	kit := t.Price != 0 || t.Subsidy != 0 || t.DailyQuota != 0 || t.PerEmployeeDaily != 0 || t.Cutoff != "" || t.Pickup != "" || t.DonatedKits != 0
	box := t.DailyOrders != 0 || t.UnitPrice != 0 || t.EmployeePrice != 0
	other := func(names string) error { return fail(CodeInvalid, "%s is not a field of a %s program", names, kind) }
	switch kind {
	case KindPrepayment:
		if kit || box {
			return Definition{}, other("a meal-kit or lunchbox term")
		}
		_, err = d.Prepayment()
	case KindMealKit:
		if prepay || box {
			return Definition{}, other("a prepayment or lunchbox term")
		}
		_, err = d.MealKit()
	case KindLunchbox:
		if prepay || kit {
			return Definition{}, other("a prepayment or meal-kit term")
		}
		_, err = d.Lunchbox()
	default:
		return Definition{}, fail(CodeInvalid, "kind %q: want prepayment, meal_kit or lunchbox", kind)
	}
	return d, err
}

// Prepayment is the definition's prepayment rules, validated.
func (d Definition) Prepayment() (Prepayment, error) {
	until, err := ParseDate(d.Terms.RedeemUntil)
	if err != nil {
		return Prepayment{}, fail(CodeInvalid, "redeem_until: %v", err)
	}
	p := Prepayment{PerMerchant: d.Terms.PerMerchant, RedeemUntil: until, Unused: d.Terms.Unused}
	return p, p.Validate()
}

// MealKit is the definition's meal-kit rules, validated.
func (d Definition) MealKit() (MealKit, error) {
	cut, err := ParseClock(d.Terms.Cutoff)
	if err != nil {
		return MealKit{}, fail(CodeInvalid, "cutoff: %v", err)
	}
	pick, err := ParseClock(d.Terms.Pickup)
	if err != nil {
		return MealKit{}, fail(CodeInvalid, "pickup: %v", err)
	}
	if d.Terms.DonatedKits < 0 {
		return MealKit{}, fail(CodeInvalid, "donated_kits %d, want 0 or more", d.Terms.DonatedKits)
	}
	m := MealKit{Period: d.Period, Price: d.Terms.Price, Subsidy: d.Terms.Subsidy, DailyQuota: d.Terms.DailyQuota,
		PerEmployeeDaily: d.Terms.PerEmployeeDaily, Cutoff: cut, Pickup: pick}
	return m, m.Validate()
}

// Lunchbox is the definition's lunchbox rules, validated.
func (d Definition) Lunchbox() (Lunchbox, error) {
	l := Lunchbox{Period: d.Period, DailyOrders: d.Terms.DailyOrders, UnitPrice: d.Terms.UnitPrice, EmployeePrice: d.Terms.EmployeePrice}
	return l, l.Validate()
}
