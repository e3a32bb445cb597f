package indicator

import (
	"slices"
	"testing"
)

func TestSales(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "fixture", checks: []check{
			{KeySalesAmount, int64(1_000_000), nil},
			{KeySalesCount, int64(80), nil},
			{KeyTicketAvg, int64(12_500), nil},      // 1,000,000 / 80
			{KeySalesPerStore, int64(100_000), nil}, // 1,000,000 / 10
			{KeySalesQoQ, 25.0, nil},                // (1,000,000 − 800,000) / 800,000
			{KeySalesYoY, -20.0, nil},               // (1,000,000 − 1,250,000) / 1,250,000
			{KeyWeekendShare, 30.0, nil},            // 300,000 / 1,000,000
			{KeyPeakDay, "sat", nil},                // 200,000
			{KeyPeakTimeBand, "17-21", nil},         // 350,000
			{KeyMainCustomerSex, "female", nil},     // 600,000 > 400,000
			{KeyMainCustomerAge, "20", nil},         // 300,000
		}},
		{name: "no sales row", edit: func(d *District) { d.Sales = nil }, checks: []check{
			{KeySalesAmount, nil, fl(FlagNoData)},
			{KeySalesCount, nil, fl(FlagNoData)},
			{KeyTicketAvg, nil, fl(FlagNoData)},
			{KeySalesPerStore, nil, fl(FlagNoData)},
			{KeySalesQoQ, nil, fl(FlagNoData)},
			{KeySalesYoY, nil, fl(FlagNoData)},
			{KeyWeekendShare, nil, fl(FlagNoData)},
			{KeyPeakDay, nil, fl(FlagNoData)},
			{KeyPeakTimeBand, nil, fl(FlagNoData)},
			{KeyMainCustomerSex, nil, fl(FlagNoData)},
			{KeyMainCustomerAge, nil, fl(FlagNoData)},
		}},
		{name: "no previous quarter", edit: func(d *District) { d.SalesPrevQuarter = nil }, checks: []check{
			{KeySalesQoQ, nil, fl(FlagNoPrevious)},
			{KeySalesYoY, -20.0, nil},
		}},
		{name: "no previous year", edit: func(d *District) { d.SalesPrevYear = nil }, checks: []check{
			{KeySalesQoQ, 25.0, nil},
			{KeySalesYoY, nil, fl(FlagNoPrevious)},
		}},
		{name: "zero previous amount", edit: func(d *District) { d.SalesPrevQuarter.Amount = 0 }, checks: []check{
			{KeySalesQoQ, nil, fl(FlagZeroDenominator)},
		}},
		{name: "zero count", edit: func(d *District) { d.Sales.Count = 0 }, checks: []check{
			{KeyTicketAvg, nil, fl(FlagZeroDenominator)},
			{KeySalesCount, int64(0), nil},
		}},
		{name: "zero amount", edit: func(d *District) {
			d.Sales = &Sales{Count: 80}
		}, checks: []check{
			{KeySalesAmount, int64(0), nil},
			{KeyTicketAvg, int64(0), nil},
			{KeySalesPerStore, int64(0), nil},
			{KeySalesQoQ, -100.0, nil},
			{KeyWeekendShare, nil, fl(FlagZeroDenominator)},
			{KeyPeakDay, nil, fl(FlagZeroTotal)},
			{KeyPeakTimeBand, nil, fl(FlagZeroTotal)},
			{KeyMainCustomerSex, nil, fl(FlagZeroTotal)},
			{KeyMainCustomerAge, nil, fl(FlagZeroTotal)},
		}},
		{name: "no stores row", edit: func(d *District) { d.Stores = nil }, checks: []check{
			{KeySalesAmount, int64(1_000_000), nil},
			{KeySalesPerStore, nil, fl(FlagNoData)},
		}},
		{name: "zero similar stores", edit: func(d *District) {
			d.Stores = &Stores{HasRates: true}
		}, checks: []check{
			{KeySalesAmount, int64(1_000_000), fl(FlagSmallBase)},
			{KeySalesPerStore, nil, fl(FlagSmallBase, FlagZeroDenominator)},
		}},
		{name: "small base: 2 similar stores", edit: func(d *District) {
			d.Stores.Similar, d.Stores.Stores, d.Stores.Franchise = 2, 1, 1
		}, checks: []check{
			{KeySalesAmount, int64(1_000_000), fl(FlagSmallBase)},
			{KeySalesCount, int64(80), fl(FlagSmallBase)},
			{KeyTicketAvg, int64(12_500), fl(FlagSmallBase)},
			{KeySalesPerStore, int64(500_000), fl(FlagSmallBase)},
			{KeySalesQoQ, 25.0, fl(FlagSmallBase)},
			{KeyWeekendShare, 30.0, fl(FlagSmallBase)},
			{KeyPeakDay, "sat", fl(FlagSmallBase)},
			{KeyMainCustomerAge, "20", fl(FlagSmallBase)},
		}},
		{name: "3 similar stores is not a small base", edit: func(d *District) {
			d.Stores.Similar = 3
		}, checks: []check{
			{KeySalesPerStore, int64(333_333), nil}, // 1,000,000 / 3 = 333,333.33
		}},
		{name: "small base in the previous quarter only", edit: func(d *District) {
			d.StoresPrevQuarter.Similar = 2
		}, checks: []check{
			{KeySalesAmount, int64(1_000_000), nil},
			{KeySalesQoQ, 25.0, fl(FlagSmallBase)},
			{KeySalesYoY, -20.0, nil},
		}},
		{name: "publisher inconsistent", edit: func(d *District) { d.Sales.Inconsistent = true }, checks: []check{
			{KeySalesAmount, int64(1_000_000), fl(FlagPublisherInconsistent)},
			{KeySalesCount, int64(80), fl(FlagPublisherInconsistent)},
			{KeyTicketAvg, int64(12_500), fl(FlagPublisherInconsistent)},
			{KeySalesPerStore, int64(100_000), fl(FlagPublisherInconsistent)},
			{KeySalesQoQ, 25.0, fl(FlagPublisherInconsistent)},
			{KeySalesYoY, -20.0, fl(FlagPublisherInconsistent)},
			{KeyWeekendShare, 30.0, fl(FlagPublisherInconsistent)},
			{KeyPeakDay, "sat", fl(FlagPublisherInconsistent)},
			{KeyPeakTimeBand, "17-21", fl(FlagPublisherInconsistent)},
			{KeyMainCustomerSex, "female", fl(FlagPublisherInconsistent)},
			{KeyMainCustomerAge, "20", fl(FlagPublisherInconsistent)},
		}},
		{name: "publisher inconsistent previous year", edit: func(d *District) {
			d.SalesPrevYear.Inconsistent = true
		}, checks: []check{
			{KeySalesAmount, int64(1_000_000), nil},
			{KeySalesQoQ, 25.0, nil},
			{KeySalesYoY, -20.0, fl(FlagPublisherInconsistent)},
		}},
		{name: "ties take the first in published order", edit: func(d *District) {
			d.Sales.AmountByDay = [7]int64{100_000, 100_000, 100_000, 150_000, 200_000, 200_000, 150_000}
			d.Sales.AmountBySex = [2]int64{500_000, 500_000}
			d.Sales.AmountByAge = [6]int64{0, 300_000, 300_000, 400_000, 0, 0}
		}, checks: []check{
			{KeyPeakDay, "fri", fl(FlagTie)},
			{KeyMainCustomerSex, "male", fl(FlagTie)},
			{KeyMainCustomerAge, "40", nil}, // the tie is below the maximum
		}},
		{name: "rounding half away from zero", edit: func(d *District) {
			d.Sales.Amount, d.Sales.Count, d.Sales.WeekendAmount = 1_000_001, 2, 333_334
			d.SalesPrevQuarter.Amount = 3_000_000
		}, checks: []check{
			{KeyTicketAvg, int64(500_001), nil}, // 500,000.5
			{KeyWeekendShare, 33.33, nil},       // 33.3333…
			{KeySalesQoQ, -66.67, nil},          // −66.66663…
		}},
	})
}

func TestFootTrafficAndPopulation(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "fixture", checks: []check{
			{KeyFootTotal, int64(500_000), nil},
			{KeyFootPerKm2, 2_000_000.0, nil}, // 500,000 / 0.25 km²
			{KeyFootQoQ, 25.0, nil},           // (500,000 − 400,000) / 400,000
			{KeyFootYoY, -20.0, nil},          // (500,000 − 625,000) / 625,000
			{KeyFootPeakTimeBand, "17-21", nil},
			{KeyFootPeakDay, "fri", nil},
			{KeyWorkers, int64(3_000), nil},
			{KeyResidents, int64(1_200), nil},
			{KeyMonthlyIncome, int64(3_100_000), nil},
			{KeyIncomeBand, int64(6), nil},
			{KeySpendingTotal, int64(900_000_000), nil},
			{KeyFacilities, int64(12), nil},
		}},
		{name: "no rows", edit: func(d *District) {
			d.Foot, d.Workers, d.Residents, d.Income, d.Facilities = nil, nil, nil, nil, nil
		}, checks: []check{
			{KeyFootTotal, nil, fl(FlagNoData)},
			{KeyFootPerKm2, nil, fl(FlagNoData)},
			{KeyFootQoQ, nil, fl(FlagNoData)},
			{KeyFootYoY, nil, fl(FlagNoData)},
			{KeyFootPeakTimeBand, nil, fl(FlagNoData)},
			{KeyFootPeakDay, nil, fl(FlagNoData)},
			{KeyWorkers, nil, fl(FlagNoData)},
			{KeyResidents, nil, fl(FlagNoData)},
			{KeyMonthlyIncome, nil, fl(FlagNoData)},
			{KeyIncomeBand, nil, fl(FlagNoData)},
			{KeySpendingTotal, nil, fl(FlagNoData)},
			{KeyFacilities, nil, fl(FlagNoData)},
		}},
		{name: "no previous quarters", edit: func(d *District) {
			d.FootPrevQuarter, d.FootPrevYear = nil, nil
		}, checks: []check{
			{KeyFootQoQ, nil, fl(FlagNoPrevious)},
			{KeyFootYoY, nil, fl(FlagNoPrevious)},
		}},
		{name: "zero previous total", edit: func(d *District) { d.FootPrevQuarter.Total = 0 }, checks: []check{
			{KeyFootQoQ, nil, fl(FlagZeroDenominator)},
		}},
		{name: "zero area", edit: func(d *District) { d.AreaM2 = 0 }, checks: []check{
			{KeyFootPerKm2, nil, fl(FlagZeroDenominator)},
		}},
		{name: "fractional density", edit: func(d *District) { d.AreaM2 = 300_000 }, checks: []check{
			{KeyFootPerKm2, 1_666_666.7, nil}, // 500,000 / 0.3
		}},
		{name: "all zero", edit: func(d *District) { d.Foot = &Foot{} }, checks: []check{
			{KeyFootTotal, int64(0), nil},
			{KeyFootPeakTimeBand, nil, fl(FlagZeroTotal)},
			{KeyFootPeakDay, nil, fl(FlagZeroTotal)},
		}},
	})
}

func TestSalesPerStoreFlagsDifferentIndustries(t *testing.T) {
	d := District{Code: "3110001", Sales: &Sales{Amount: 1000, Count: 10}, Stores: &Stores{Stores: 4, Similar: 5}}
	v, _ := Compute(d, City{}).Get(KeySalesPerStore)
	if v.Value != int64(200) || slices.Contains(v.Flags, FlagIndustriesDiffer) {
		t.Fatalf("same industries: %+v, want 200 without %s", v, FlagIndustriesDiffer)
	}
	d.IndustriesDiffer = true
	v, _ = Compute(d, City{}).Get(KeySalesPerStore)
	if v.Value != int64(200) || !slices.Contains(v.Flags, FlagIndustriesDiffer) {
		t.Fatalf("industries differ: %+v, want 200 flagged %s", v, FlagIndustriesDiffer)
	}
}
