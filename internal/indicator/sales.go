package indicator

import "slices"

// Labels of the breakdowns, as in the API (seoul.Days, seoul.TimeBands,
// seoul.Sexes, seoul.Ages).
var (
	dayLabels      = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	timeBandLabels = []string{"00-06", "06-11", "11-14", "14-17", "17-21", "21-24"}
	sexLabels      = []string{"male", "female"}
	ageLabels      = []string{"10", "20", "30", "40", "50", "60+"}
)

// smallBase is the number of similar stores below which a per-store
// figure is flagged small_base.
const smallBase = 3

// salesFlags are the flags every figure computed from s carries:
// publisher_inconsistent when its breakdowns do not add up, small_base
// when fewer than 3 similar stores of the same quarter stand behind it.
func salesFlags(s *Sales, st *Stores) []string {
	var f []string
	if s != nil && s.Inconsistent {
		f = append(f, FlagPublisherInconsistent)
	}
	if st != nil && st.Similar < smallBase {
		f = append(f, FlagSmallBase)
	}
	return f
}

func salesAmount(d District) num {
	if d.Sales == nil {
		return none(FlagNoData)
	}
	return some(float64(d.Sales.Amount), salesFlags(d.Sales, d.Stores)...)
}

func salesCount(d District) num {
	if d.Sales == nil {
		return none(FlagNoData)
	}
	return some(float64(d.Sales.Count), salesFlags(d.Sales, d.Stores)...)
}

// ticketAvg is 당월_매출_금액 / 당월_매출_건수 (KRW per transaction).
func ticketAvg(d District) num {
	if d.Sales == nil {
		return none(FlagNoData)
	}
	return ratio(float64(d.Sales.Amount), float64(d.Sales.Count), 1, salesFlags(d.Sales, d.Stores)...)
}

// salesPerStore is 당월_매출_금액 / 유사_업종_점포_수 of the same industry
// and quarter.
func salesPerStore(d District) num {
	if d.Sales == nil || d.Stores == nil {
		return none(FlagNoData)
	}
	flags := salesFlags(d.Sales, d.Stores)
	if d.IndustriesDiffer {
		flags = append(flags, FlagIndustriesDiffer)
	}
	return ratio(float64(d.Sales.Amount), float64(d.Stores.Similar), 1, flags...)
}

// salesGrowth is (cur − prev) / prev × 100 of 당월_매출_금액.
func salesGrowth(cur, prev *Sales, curSt, prevSt *Stores) num {
	if cur == nil {
		return none(FlagNoData)
	}
	if prev == nil {
		return none(FlagNoPrevious)
	}
	flags := append(salesFlags(cur, curSt), salesFlags(prev, prevSt)...)
	return growth(float64(cur.Amount), float64(prev.Amount), flags...)
}

func salesQoQ(d District) num {
	return salesGrowth(d.Sales, d.SalesPrevQuarter, d.Stores, d.StoresPrevQuarter)
}

func salesYoY(d District) num {
	return salesGrowth(d.Sales, d.SalesPrevYear, d.Stores, d.StoresPrevYear)
}

// weekendShare is 주말_매출_금액 / 당월_매출_금액 × 100.
func weekendShare(d District) num {
	if d.Sales == nil {
		return none(FlagNoData)
	}
	return ratio(float64(d.Sales.WeekendAmount), float64(d.Sales.Amount), 100, salesFlags(d.Sales, d.Stores)...)
}

// peak returns the name of the largest part: the first in published order
// when several share the maximum (flagged tie), none when all are zero.
func peak(parts []int64, names []string, flags ...string) label {
	best, tie := -1, false
	for i, p := range parts {
		switch {
		case best < 0 || p > parts[best]:
			best, tie = i, false
		case p == parts[best]:
			tie = true
		}
	}
	if best < 0 || parts[best] <= 0 {
		return label{flags: append(slices.Clip(flags), FlagZeroTotal)}
	}
	if tie {
		flags = append(slices.Clip(flags), FlagTie)
	}
	return label{s: names[best], ok: true, flags: flags}
}

func salesPeak(d District, parts func(*Sales) []int64, names []string) label {
	if d.Sales == nil {
		return label{flags: []string{FlagNoData}}
	}
	return peak(parts(d.Sales), names, salesFlags(d.Sales, d.Stores)...)
}

func peakDay(d District) label {
	return salesPeak(d, func(s *Sales) []int64 { return s.AmountByDay[:] }, dayLabels)
}

func peakTimeBand(d District) label {
	return salesPeak(d, func(s *Sales) []int64 { return s.AmountByTime[:] }, timeBandLabels)
}

func mainCustomerSex(d District) label {
	return salesPeak(d, func(s *Sales) []int64 { return s.AmountBySex[:] }, sexLabels)
}

func mainCustomerAge(d District) label {
	return salesPeak(d, func(s *Sales) []int64 { return s.AmountByAge[:] }, ageLabels)
}

// perKm2 divides by the district's area in km² (영역_면적 / 1,000,000).
func perKm2(x, areaM2 float64, flags ...string) num {
	if !(areaM2 > 0) {
		return none(append(slices.Clip(flags), FlagZeroDenominator)...)
	}
	return some(x/(areaM2/1e6), flags...)
}

func footTotal(d District) num {
	if d.Foot == nil {
		return none(FlagNoData)
	}
	return some(float64(d.Foot.Total))
}

// footPerKm2 is 총_유동인구_수 / (영역_면적 / 10⁶).
func footPerKm2(d District) num {
	if d.Foot == nil {
		return none(FlagNoData)
	}
	return perKm2(float64(d.Foot.Total), d.AreaM2)
}

func footGrowth(cur, prev *Foot) num {
	if cur == nil {
		return none(FlagNoData)
	}
	if prev == nil {
		return none(FlagNoPrevious)
	}
	return growth(float64(cur.Total), float64(prev.Total))
}

func footQoQ(d District) num { return footGrowth(d.Foot, d.FootPrevQuarter) }
func footYoY(d District) num { return footGrowth(d.Foot, d.FootPrevYear) }

func footPeakTimeBand(d District) label {
	if d.Foot == nil {
		return label{flags: []string{FlagNoData}}
	}
	return peak(d.Foot.ByTime[:], timeBandLabels)
}

func footPeakDay(d District) label {
	if d.Foot == nil {
		return label{flags: []string{FlagNoData}}
	}
	return peak(d.Foot.ByDay[:], dayLabels)
}

func population(p *Population) num {
	if p == nil {
		return none(FlagNoData)
	}
	return some(float64(p.Total))
}

func incomeField(in *Income, f func(*Income) int64) num {
	if in == nil {
		return none(FlagNoData)
	}
	return some(float64(f(in)))
}

func monthlyIncome(d District) num {
	return incomeField(d.Income, func(in *Income) int64 { return in.MonthlyAvg })
}

func facilities(d District) num {
	if d.Facilities == nil {
		return none(FlagNoData)
	}
	return some(float64(*d.Facilities))
}
