package indicator

import "testing"

func TestReproduceChangeIndex(t *testing.T) {
	// Rows of change_index_trdar_20191-20252 (quarter, district, published
	// label): operating, closed, Seoul operating, Seoul closed.
	tests := []struct {
		row  string
		c    Change
		want string
	}{
		{"20193 3110526 HH", Change{Operating: 126, Closed: 57, SeoulOperating: 92, SeoulClosed: 48}, LabelHH},
		{"20252 3110166 HL", Change{Operating: 114, Closed: 46, SeoulOperating: 112, SeoulClosed: 53}, LabelHL},
		{"20193 3110009 LH", Change{Operating: 71, Closed: 49, SeoulOperating: 92, SeoulClosed: 48}, LabelLH},
		{"20193 3110008 LL", Change{Operating: 66, Closed: 47, SeoulOperating: 92, SeoulClosed: 48}, LabelLL},
		// Equalities: the publisher compared unrounded values, so each
		// published label below has rows with the same equality and the
		// other letter.
		{"20191 3110010 HH, operating equal", Change{Operating: 93, Closed: 52, SeoulOperating: 93, SeoulClosed: 48}, LabelBorderline},
		{"20222 3110093 LL, operating equal", Change{Operating: 98, Closed: 45, SeoulOperating: 98, SeoulClosed: 50}, LabelBorderline},
		{"20213 3110018 HH, closed equal", Change{Operating: 102, Closed: 50, SeoulOperating: 96, SeoulClosed: 50}, LabelBorderline},
		{"20212 3110018 HL, closed equal", Change{Operating: 104, Closed: 49, SeoulOperating: 95, SeoulClosed: 49}, LabelBorderline},
		{"20192 3110008 LH, closed equal", Change{Operating: 60, Closed: 49, SeoulOperating: 93, SeoulClosed: 49}, LabelBorderline},
		{"20222 3110041 HH, both equal", Change{Operating: 98, Closed: 50, SeoulOperating: 98, SeoulClosed: 50}, LabelBorderline},
		{"20201 3110345 LL, both equal", Change{Operating: 92, Closed: 48, SeoulOperating: 92, SeoulClosed: 48}, LabelBorderline},
		{"one month above on both", Change{Operating: 93, Closed: 49, SeoulOperating: 92, SeoulClosed: 48}, LabelHH},
		{"one month below on both", Change{Operating: 91, Closed: 47, SeoulOperating: 92, SeoulClosed: 48}, LabelLL},
	}
	for _, tt := range tests {
		t.Run(tt.row, func(t *testing.T) {
			if got := ReproduceChangeIndex(tt.c); got != tt.want {
				t.Errorf("ReproduceChangeIndex(%+v) = %q, want %q", tt.c, got, tt.want)
			}
		})
	}
}

func TestChangeIndex(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "fixture", checks: []check{
			{KeyChangeIndex, "LH", nil},
			{KeyChangeIndexName, "상권확장", nil},
			{KeyChangeIndexReproduced, "LL", fl(FlagLabelMismatch)}, // 60 < 111, 40 < 52
			{KeyOperatingMonths, int64(60), nil},
			{KeyClosedMonths, int64(40), nil},
			{KeySeoulOperatingMonths, int64(111), nil},
			{KeySeoulClosedMonths, int64(52), nil},
		}},
		{name: "reproduced equals published", edit: func(d *District) { d.Change.Label = "LL" }, checks: []check{
			{KeyChangeIndex, "LL", nil},
			{KeyChangeIndexName, "다이나믹", nil},
			{KeyChangeIndexReproduced, "LL", nil},
		}},
		{name: "operating at Seoul's average", edit: func(d *District) {
			d.Change = &Change{Label: "HL", Operating: 92, Closed: 47, SeoulOperating: 92, SeoulClosed: 48}
		}, checks: []check{
			{KeyChangeIndex, "HL", nil},
			{KeyChangeIndexName, "상권축소", nil},
			{KeyChangeIndexReproduced, LabelBorderline, fl(FlagBorderline, FlagOperatingAtSeoulAvg)},
		}},
		{name: "closed at Seoul's average", edit: func(d *District) {
			d.Change = &Change{Label: "HH", Operating: 102, Closed: 50, SeoulOperating: 96, SeoulClosed: 50}
		}, checks: []check{
			{KeyChangeIndexName, "정체", nil},
			{KeyChangeIndexReproduced, LabelBorderline, fl(FlagBorderline, FlagClosedAtSeoulAvg)},
		}},
		{name: "both at Seoul's average", edit: func(d *District) {
			d.Change = &Change{Label: "LH", Operating: 92, Closed: 49, SeoulOperating: 92, SeoulClosed: 49}
		}, checks: []check{
			{KeyChangeIndexReproduced, LabelBorderline, fl(FlagBorderline, FlagOperatingAtSeoulAvg, FlagClosedAtSeoulAvg)},
		}},
		{name: "unknown published label", edit: func(d *District) { d.Change.Label = "XX" }, checks: []check{
			{KeyChangeIndex, "XX", fl(FlagUnknownLabel)},
			{KeyChangeIndexName, nil, fl(FlagUnknownLabel)},
			{KeyChangeIndexReproduced, "LL", nil},
		}},
		{name: "no change row", edit: func(d *District) { d.Change = nil }, checks: []check{
			{KeyChangeIndex, nil, fl(FlagNoData)},
			{KeyChangeIndexName, nil, fl(FlagNoData)},
			{KeyChangeIndexReproduced, nil, fl(FlagNoData)},
			{KeyOperatingMonths, nil, fl(FlagNoData)},
			{KeyClosedMonths, nil, fl(FlagNoData)},
			{KeySeoulOperatingMonths, nil, fl(FlagNoData)},
			{KeySeoulClosedMonths, nil, fl(FlagNoData)},
		}},
	})
}

func TestRiskLevel(t *testing.T) {
	want := []string{RiskCaution, RiskCaution, RiskSuspect, RiskSuspect, RiskDanger, RiskHighAlert, RiskHighAlert}
	for pts, w := range want {
		if got := RiskLevel(pts); got != w {
			t.Errorf("RiskLevel(%d) = %q, want %q", pts, got, w)
		}
	}
}

func TestStartupRisk(t *testing.T) {
	// riskDistrict has 100 similar stores now and a year ago, closed
	// businesses as old as Seoul's: 0 points.
	riskDistrict := func(d *District) {
		d.Stores = &Stores{Stores: 100, Similar: 100, HasRates: true}
		d.StoresPrevQuarter = &Stores{Stores: 100, Similar: 100, HasRates: true}
		d.StoresPrevYear = &Stores{Stores: 100, Similar: 100, HasRates: true}
		d.Change = &Change{Label: "LL", Operating: 100, Closed: 50, SeoulOperating: 100, SeoulClosed: 50}
	}
	with := func(f func(*District)) func(*District) {
		return func(d *District) { riskDistrict(d); f(d) }
	}
	risk := func(level string, pts float64, flags ...string) []check {
		return []check{{KeyStartupRisk, level, flags}, {KeyStartupRiskPoints, pts, flags}}
	}
	runScenarios(t, []scenario{
		// Fixture: close rate 20 % (2), closed 12 months below Seoul (2),
		// stores −16.67 % on the year (2).
		{name: "fixture", checks: risk(RiskHighAlert, 6)},
		{name: "no signal", edit: riskDistrict, checks: risk(RiskCaution, 0)},
		{name: "close rate 4 %", edit: with(func(d *District) { d.Stores.Closed = 4 }), checks: risk(RiskCaution, 0)},
		{name: "close rate 5 %", edit: with(func(d *District) { d.Stores.Closed = 5 }), checks: risk(RiskCaution, 1)},
		{name: "close rate 9.99 %", edit: with(func(d *District) {
			d.Stores.Similar, d.Stores.Closed = 10_000, 999
			d.StoresPrevYear.Similar = 10_000
		}), checks: risk(RiskCaution, 1)},
		{name: "close rate 10 %", edit: with(func(d *District) { d.Stores.Closed = 10 }), checks: risk(RiskSuspect, 2)},
		{name: "closed 1 month above Seoul", edit: with(func(d *District) { d.Change.Closed = 51 }), checks: risk(RiskCaution, 0)},
		{name: "closed 1 month below Seoul", edit: with(func(d *District) { d.Change.Closed = 49 }), checks: risk(RiskCaution, 1)},
		{name: "closed 5 months below Seoul", edit: with(func(d *District) { d.Change.Closed = 45 }), checks: risk(RiskCaution, 1)},
		{name: "closed 6 months below Seoul", edit: with(func(d *District) { d.Change.Closed = 44 }), checks: risk(RiskSuspect, 2)},
		{name: "stores +10 %", edit: with(func(d *District) { d.Stores.Similar = 110 }), checks: risk(RiskCaution, 0)},
		{name: "stores −1 %", edit: with(func(d *District) { d.Stores.Similar = 99 }), checks: risk(RiskCaution, 1)},
		{name: "stores −9 %", edit: with(func(d *District) { d.Stores.Similar = 91 }), checks: risk(RiskCaution, 1)},
		{name: "stores −10 %", edit: with(func(d *District) { d.Stores.Similar = 90 }), checks: risk(RiskSuspect, 2)},
		{name: "3 points", edit: with(func(d *District) {
			d.Stores.Closed, d.Change.Closed, d.Stores.Similar = 10, 49, 100
		}), checks: risk(RiskSuspect, 3)},
		{name: "4 points", edit: with(func(d *District) {
			d.Stores.Closed, d.Change.Closed = 10, 44
		}), checks: risk(RiskDanger, 4)},
		{name: "5 points", edit: with(func(d *District) {
			d.Stores.Closed, d.Change.Closed, d.Stores.Similar = 10, 44, 99
		}), checks: risk(RiskHighAlert, 5)},
		{name: "growth falls back to the previous quarter", edit: with(func(d *District) {
			d.StoresPrevYear = nil
			d.StoresPrevQuarter.Similar = 125 // 100 vs 125: −20 %
		}), checks: risk(RiskSuspect, 2, FlagFallback)},
		{name: "small base", edit: with(func(d *District) {
			d.Stores.Similar, d.Stores.Closed = 2, 1 // 50 %
			d.StoresPrevYear.Similar = 2
		}), checks: risk(RiskSuspect, 2, FlagSmallBase)},
	})
	// Not computable: value nil with the reason.
	runScenarios(t, []scenario{
		{name: "no change row", edit: with(func(d *District) { d.Change = nil }), checks: []check{
			{KeyStartupRisk, nil, fl(FlagNoData)},
			{KeyStartupRiskPoints, nil, fl(FlagNoData)},
		}},
		{name: "no stores row", edit: with(func(d *District) { d.Stores = nil }), checks: []check{
			{KeyStartupRisk, nil, fl(FlagNoData)},
		}},
		{name: "no previous store counts", edit: with(func(d *District) {
			d.StoresPrevYear, d.StoresPrevQuarter = nil, nil
		}), checks: []check{
			{KeyStartupRisk, nil, fl(FlagNoPrevious)},
			{KeyStartupRiskPoints, nil, fl(FlagNoPrevious)},
		}},
		{name: "zero similar stores", edit: with(func(d *District) { d.Stores.Similar = 0 }), checks: []check{
			{KeyStartupRisk, nil, fl(FlagZeroDenominator, FlagSmallBase)},
		}},
	})
}
