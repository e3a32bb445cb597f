package indicator

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestRank(t *testing.T) {
	c := NewCity([]District{
		rankDistrict("a", 1), rankDistrict("b", 2), rankDistrict("c", 2), rankDistrict("d", 3),
	})
	s := c.dists[KeyFacilities]
	tests := []struct {
		name      string
		code      string
		x         float64
		want      float64
		wantPeers int
	}{
		{"lowest", "a", 1, 0, 3},
		{"tied, averaged", "b", 2, 0.5, 3}, // (1 below + ½ × 1 tie) / 3
		{"tied, other of the pair", "c", 2, 0.5, 3},
		{"highest", "d", 3, 1, 3},
		{"not in the city, tied with two", "x", 2, 0.5, 4}, // (1 + ½ × 2) / 4
		{"not in the city, above all", "x", 9, 1, 4},
		{"member with another value", "a", 2.5, 2.0 / 3, 3}, // a's own 1 is left out: b, c below
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, peers := s.rank(tt.code, tt.x)
			if got != tt.want || peers != tt.wantPeers {
				t.Errorf("rank(%q, %v) = %v, %d peers, want %v, %d", tt.code, tt.x, got, peers, tt.want, tt.wantPeers)
			}
		})
	}
	t.Run("all equal", func(t *testing.T) {
		c := NewCity([]District{rankDistrict("a", 5), rankDistrict("b", 5), rankDistrict("c", 5)})
		if got, _ := c.dists[KeyFacilities].rank("b", 5); got != 0.5 {
			t.Errorf("rank = %v, want 0.5", got)
		}
	})
	t.Run("alone", func(t *testing.T) {
		c := NewCity([]District{rankDistrict("a", 5)})
		if got, peers := c.dists[KeyFacilities].rank("a", 5); got != 0.5 || peers != 0 {
			t.Errorf("rank = %v, %d peers, want 0.5, 0", got, peers)
		}
	})
	t.Run("zero city", func(t *testing.T) {
		if got, peers := (City{}).dists[KeyFacilities].rank("a", 5); got != 0.5 || peers != 0 {
			t.Errorf("rank = %v, %d peers, want 0.5, 0", got, peers)
		}
	})
}

func rankDistrict(code string, facilities int64) District {
	return District{Code: code, Facilities: &facilities}
}

func TestGrade(t *testing.T) {
	tests := []struct {
		score float64
		want  int
	}{
		{100, 1}, {70, 1}, {69.99, 2}, {57.5, 2}, {57.49, 3}, {45, 3}, {44.99, 4}, {32.5, 4}, {32.49, 5}, {0, 5},
	}
	for _, tt := range tests {
		if got := Grade(tt.score); got != tt.want {
			t.Errorf("Grade(%v) = %d, want %d", tt.score, got, tt.want)
		}
	}
}

// evalDistrict is a district of 1 km² with 10 similar stores and 100
// transactions: sales per store is amount / 10, the ticket amount / 100.
func evalDistrict(code string, amount, prevAmount, closed, operating, foot, prevFoot, fac int64) District {
	return District{
		Code:              code,
		AreaM2:            1_000_000,
		Sales:             &Sales{Amount: amount, Count: 100},
		SalesPrevQuarter:  &Sales{Amount: prevAmount, Count: 100},
		Stores:            &Stores{Stores: 10, Similar: 10, Closed: closed, HasRates: false},
		StoresPrevQuarter: &Stores{Stores: 10, Similar: 10},
		Foot:              &Foot{Total: foot},
		FootPrevQuarter:   &Foot{Total: prevFoot},
		Change:            &Change{Label: "LL", Operating: operating, Closed: 40, SeoulOperating: 100, SeoulClosed: 50},
		Facilities:        &fac,
	}
}

// The city of TestEvaluation, and each district's ranks among the other two:
//
//	      QoQ    op  close  /store  ticket  foot/km²  fac  foot QoQ
//	A     25 %   60  10 %   100k    10k     100k      10   100 %
//	B      0 %  120   0 %   200k    20k     300k       5     0 %
//	C    −50 %   90  10 %    50k     5k     200k      10   −50 %
//
// A: growth 1 → 20; stability (0 + (1 − 0.75)) / 2 → 2.5; sales power
// 0.5 → 10; purchasing 0.5 → 10; attraction (0 + 0.75) / 2 → 7.5; 50.
// B: 10 + 20 + 20 + 20 + (1 + 0) / 2 × 20 = 80. C: 0 + (0.5 + 0.25) / 2
// × 20 + 0 + 0 + (0.5 + 0.75) / 2 × 20 = 7.5 + 12.5 = 20.
func evalCity() (a, b, c District) {
	a = evalDistrict("A", 1_000_000, 800_000, 1, 60, 100_000, 50_000, 10)
	b = evalDistrict("B", 2_000_000, 2_000_000, 0, 120, 300_000, 300_000, 5)
	c = evalDistrict("C", 500_000, 1_000_000, 1, 90, 200_000, 400_000, 10)
	return a, b, c
}

func evalChecks(growth, stability, sales, purchasing, attraction, score any, grade any, flags ...[]string) []check {
	f := make([][]string, 7)
	copy(f, flags)
	return []check{
		{KeyEvalGrowth, growth, f[0]},
		{KeyEvalStability, stability, f[1]},
		{KeyEvalSalesPower, sales, f[2]},
		{KeyEvalPurchasingPower, purchasing, f[3]},
		{KeyEvalAttraction, attraction, f[4]},
		{KeyEvalScore, score, f[5]},
		{KeyEvalGrade, grade, f[6]},
	}
}

func TestEvaluation(t *testing.T) {
	a, b, c := evalCity()
	city := NewCity([]District{a, b, c})
	tests := []struct {
		name   string
		d      District
		city   City
		checks []check
	}{
		{"A", a, city, evalChecks(20.0, 2.5, 10.0, 10.0, 7.5, 50.0, int64(3))},
		{"B", b, city, evalChecks(10.0, 20.0, 20.0, 20.0, 10.0, 80.0, int64(1))},
		{"C", c, city, evalChecks(0.0, 7.5, 0.0, 0.0, 12.5, 20.0, int64(5))},
		{"growth falls back to foot traffic", func() District {
			d := a
			d.SalesPrevQuarter = nil // foot QoQ 100 % vs 0 %, −50 %
			return d
		}(), city, evalChecks(20.0, 2.5, 10.0, 10.0, 7.5, 50.0, int64(3),
			fl(FlagFallback), nil, nil, nil, nil, fl(FlagFallback), fl(FlagFallback))},
		{"stability from the close rate alone", func() District {
			d := a
			d.Change = nil
			return d
		}(), city, evalChecks(20.0, 5.0, 10.0, 10.0, 7.5, 52.5, int64(3),
			nil, fl(FlagPartial), nil, nil, nil, fl(FlagPartial), fl(FlagPartial))},
		{"three components, scaled by 5/3", func() District {
			d := a
			d.Sales = nil // growth from foot traffic; no sales power, no purchasing power (no income)
			return d
		}(), city, evalChecks(20.0, 2.5, nil, nil, 7.5, 50.0, int64(3),
			fl(FlagFallback), nil, fl(FlagNoData), fl(FlagNoData), nil,
			fl(FlagFallback, FlagPartial), fl(FlagFallback, FlagPartial))},
		{"two components: no score", func() District {
			d := a
			d.Sales, d.Stores, d.Change = nil, nil, nil
			return d
		}(), city, evalChecks(20.0, nil, nil, nil, 7.5, nil, nil,
			fl(FlagFallback), fl(FlagNoData), fl(FlagNoData), fl(FlagNoData), nil,
			fl(FlagNoData), fl(FlagNoData))},
		{"purchasing power falls back to income", func() District {
			d := a
			d.Sales = &Sales{Amount: 1_000_000} // no ticket; no other district has an income: no peers
			d.Income = &Income{MonthlyAvg: 3_100_000}
			return d
		}(), city, evalChecks(20.0, 2.5, 10.0, 10.0, 7.5, 50.0, int64(3),
			nil, nil, nil, fl(FlagFallback, FlagNoPeers), nil,
			fl(FlagFallback, FlagNoPeers), fl(FlagFallback, FlagNoPeers))},
		{"small base carried", func() District {
			d := evalDistrict("A", 1_000_000, 800_000, 1, 60, 100_000, 50_000, 10)
			d.Stores.Similar = 2 // sales per store 500k: the highest
			return d
		}(), city, evalChecks(20.0, 0.0, 20.0, 10.0, 7.5, 57.5, int64(2),
			fl(FlagSmallBase), fl(FlagSmallBase), fl(FlagSmallBase), fl(FlagSmallBase), nil,
			fl(FlagSmallBase), fl(FlagSmallBase))},
		{"zero city: every component 10 points", a, City{}, evalChecks(10.0, 10.0, 10.0, 10.0, 10.0, 50.0, int64(3),
			fl(FlagNoPeers), fl(FlagNoPeers), fl(FlagNoPeers), fl(FlagNoPeers), fl(FlagNoPeers),
			fl(FlagNoPeers), fl(FlagNoPeers))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Compute(tt.d, tt.city)
			for _, c := range tt.checks {
				c.run(t, s)
			}
		})
	}
}

func TestComponents(t *testing.T) {
	a, _, _ := evalCity()
	a.SalesPrevQuarter = nil
	a.Change = nil
	got := Components(a)
	if n := len(got.Growth.Metrics); n != 1 || got.Growth.Metrics[0].Key != KeyFootQoQ || *got.Growth.Metrics[0].Value != 100 {
		t.Errorf("growth metrics = %+v, want foot_traffic_qoq_pct 100", got.Growth.Metrics)
	}
	if !has(got.Growth.Flags, FlagFallback) {
		t.Errorf("growth flags = %q, want fallback", got.Growth.Flags)
	}
	st := got.Stability
	if len(st.Metrics) != 2 || st.Metrics[0].Value != nil || *st.Metrics[1].Value != 10 || st.Metrics[1].Better != "lower" {
		t.Errorf("stability metrics = %+v, want operating nil, close rate 10 (lower)", st.Metrics)
	}
	if !has(st.Flags, FlagPartial) {
		t.Errorf("stability flags = %q, want partial", st.Flags)
	}
	b, err := json.Marshal(got.SalesPower)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"key":"evaluation_sales_power","metrics":[{"key":"sales_per_store","value":100000,"better":"higher","flags":[]}],"flags":[]}`
	if string(b) != want {
		t.Errorf("sales power JSON = %s, want %s", b, want)
	}
	none := Components(District{})
	if none.Growth.Metrics[0].Value != nil || none.Growth.Metrics[1].Value != nil || !has(none.Growth.Flags, FlagNoData) {
		t.Errorf("empty district growth = %+v, want two nil metrics and no_data", none.Growth)
	}
}

func TestSaturation(t *testing.T) {
	withSimilar := func(code string, similar int64) District {
		d := fixture() // foot traffic 500,000, 0.25 km²
		d.Code = code
		d.Stores.Similar = similar
		return d
	}
	odd := NewCity([]District{withSimilar("a", 10), withSimilar("b", 20), withSimilar("c", 40)})
	even := NewCity([]District{withSimilar("a", 10), withSimilar("b", 20), withSimilar("c", 40), withSimilar("d", 50)})
	zero := NewCity([]District{withSimilar("a", 0), withSimilar("b", 0), withSimilar("c", 10)})
	tests := []struct {
		name   string
		d      District
		city   City
		checks []check
	}{
		{"odd city", fixture(), odd, []check{
			{KeySaturation, 0.2, nil}, // 10 / 500,000 × 10,000
			{KeySaturationSeoulMedian, 0.4, nil},
			{KeySaturationVsSeoul, 50.0, nil},
			{KeySaturationPerKm2, 40.0, nil}, // 10 / 0.25
			{KeySaturationPerKm2Median, 80.0, nil},
			{KeySaturationPerKm2VsSeoulPct, 50.0, nil},
		}},
		{"even city: mean of the middle two", fixture(), even, []check{
			{KeySaturationSeoulMedian, 0.6, nil}, // (0.4 + 0.8) / 2
			{KeySaturationVsSeoul, 33.33, nil},
			{KeySaturationPerKm2Median, 120.0, nil},
			{KeySaturationPerKm2VsSeoulPct, 33.33, nil},
		}},
		{"zero median", fixture(), zero, []check{
			{KeySaturationSeoulMedian, 0.0, nil},
			{KeySaturationVsSeoul, nil, fl(FlagZeroDenominator)},
		}},
		{"zero city", fixture(), City{}, []check{
			{KeySaturation, 0.2, nil},
			{KeySaturationSeoulMedian, nil, fl(FlagNoCityData)},
			{KeySaturationVsSeoul, nil, fl(FlagNoCityData)},
			{KeySaturationPerKm2Median, nil, fl(FlagNoCityData)},
		}},
		{"small base is a count, not flagged", withSimilar("x", 1), odd, []check{
			{KeySaturation, 0.02, nil},
			{KeySaturationVsSeoul, 5.0, nil},
		}},
		{"fine precision", func() District {
			d := fixture()
			d.Foot.Total = 3_000_000
			return d
		}(), odd, []check{
			{KeySaturation, 0.033, nil}, // 0.0333…
		}},
		{"no foot traffic", func() District { d := fixture(); d.Foot = nil; return d }(), odd, []check{
			{KeySaturation, nil, fl(FlagNoData)},
			{KeySaturationVsSeoul, nil, fl(FlagNoData)},
			{KeySaturationPerKm2, 40.0, nil},
		}},
		{"zero foot traffic and area", func() District {
			d := fixture()
			d.Foot.Total, d.AreaM2 = 0, 0
			return d
		}(), odd, []check{
			{KeySaturation, nil, fl(FlagZeroDenominator)},
			{KeySaturationVsSeoul, nil, fl(FlagZeroDenominator)},
			{KeySaturationPerKm2, nil, fl(FlagZeroDenominator)},
		}},
		{"no stores", func() District { d := fixture(); d.Stores = nil; return d }(), odd, []check{
			{KeySaturation, nil, fl(FlagNoData)},
			{KeySaturationPerKm2, nil, fl(FlagNoData)},
			{KeySaturationPerKm2VsSeoulPct, nil, fl(FlagNoData)},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Compute(tt.d, tt.city)
			for _, c := range tt.checks {
				c.run(t, s)
			}
		})
	}
}

// TestEvaluationCarriesIndustriesDiffer: a sales-per-store figure that
// divides one set of industries by another keeps its flag through the
// sales-power component into the score and grade.
func TestEvaluationCarriesIndustriesDiffer(t *testing.T) {
	a, b, c := evalCity()
	a.IndustriesDiffer = true
	set := Compute(a, NewCity([]District{a, b, c}))
	for _, key := range []string{KeySalesPerStore, KeyEvalSalesPower, KeyEvalScore, KeyEvalGrade} {
		v, _ := set.Get(key)
		if !slices.Contains(v.Flags, FlagIndustriesDiffer) {
			t.Errorf("%s flags %v, want %s", key, v.Flags, FlagIndustriesDiffer)
		}
	}
	for _, key := range []string{KeySalesAmount, KeyEvalGrowth, KeyEvalAttraction} {
		if v, _ := set.Get(key); slices.Contains(v.Flags, FlagIndustriesDiffer) {
			t.Errorf("%s flags %v: it does not divide sales by stores", key, v.Flags)
		}
	}
}

func TestIndustrySet(t *testing.T) {
	var a, b IndustrySet
	a = a.With(0).With(70)
	b = b.With(70)
	tests := []struct {
		name string
		x, y IndustrySet
		want bool
	}{
		{"same", a, IndustrySet(nil).With(70).With(0), true},
		{"different", a, b, false},
		{"trailing zero words", IndustrySet{1, 0}, IndustrySet{1}, true},
		{"or", IndustrySet(nil).Or(b).Or(IndustrySet(nil).With(0)), a, true},
		{"empty", nil, IndustrySet{0}, true},
	}
	for _, tt := range tests {
		if got := tt.x.Equal(tt.y); got != tt.want {
			t.Errorf("%s: %v.Equal(%v) = %v, want %v", tt.name, tt.x, tt.y, got, tt.want)
		}
	}
	if len(b) != 2 || b[0] != 0 || b[1] != 1<<6 {
		t.Errorf("With(70) = %v, want bit 6 of word 1", b)
	}
}
