package indicator

// result is a computed number or label, served as a Value.
type result interface {
	value(Definition) Value
}

func (n num) value(d Definition) Value {
	v := Value{Unit: d.Unit, Version: d.Version, Flags: cleanFlags(n.flags)}
	if n.ok {
		v.Value = round(n.x, d.Unit)
	}
	return v
}

func (l label) value(d Definition) Value {
	v := Value{Unit: d.Unit, Version: d.Version, Flags: cleanFlags(l.flags)}
	if l.ok {
		v.Value = l.s
	}
	return v
}

// Compute returns every indicator of one district, in the order of
// Definitions. c is the city of the same quarter and industry selection
// (see NewCity); it is used by the evaluation and saturation indicators.
// A value that cannot be computed is nil with a flag saying why.
func Compute(d District, c City) Set {
	r := make(map[string]result, len(catalog))
	r[KeySalesAmount] = salesAmount(d)
	r[KeySalesCount] = salesCount(d)
	r[KeyTicketAvg] = ticketAvg(d)
	r[KeySalesPerStore] = salesPerStore(d)
	r[KeySalesQoQ] = salesQoQ(d)
	r[KeySalesYoY] = salesYoY(d)
	r[KeyWeekendShare] = weekendShare(d)
	r[KeyPeakDay] = peakDay(d)
	r[KeyPeakTimeBand] = peakTimeBand(d)
	r[KeyMainCustomerSex] = mainCustomerSex(d)
	r[KeyMainCustomerAge] = mainCustomerAge(d)

	r[KeyFootTotal] = footTotal(d)
	r[KeyFootPerKm2] = footPerKm2(d)
	r[KeyFootQoQ] = footQoQ(d)
	r[KeyFootYoY] = footYoY(d)
	r[KeyFootPeakTimeBand] = footPeakTimeBand(d)
	r[KeyFootPeakDay] = footPeakDay(d)
	r[KeyWorkers] = population(d.Workers)
	r[KeyResidents] = population(d.Residents)
	r[KeyMonthlyIncome] = monthlyIncome(d)
	r[KeyIncomeBand] = incomeField(d.Income, func(in *Income) int64 { return in.Band })
	r[KeySpendingTotal] = incomeField(d.Income, func(in *Income) int64 { return in.SpendingTotal })
	r[KeyFacilities] = facilities(d)

	r[KeyStores] = storeField(d.Stores, func(st *Stores) int64 { return st.Stores })
	r[KeySimilarStores] = storeField(d.Stores, func(st *Stores) int64 { return st.Similar })
	r[KeyFranchiseStores] = storeField(d.Stores, func(st *Stores) int64 { return st.Franchise })
	r[KeyFranchiseShare] = franchiseShare(d)
	r[KeyOpenedStores] = storeField(d.Stores, opened)
	r[KeyClosedStores] = storeField(d.Stores, closed)
	r[KeyOpenRate] = openRate(d)
	r[KeyOpenRatePublished] = publishedRate(d.Stores, opened, openRatePub)
	r[KeyCloseRate] = closeRate(d)
	r[KeyCloseRatePublished] = publishedRate(d.Stores, closed, closeRatePub)
	r[KeyNetStoreChange] = netStoreChange(d)
	r[KeyStoresQoQ] = storesQoQ(d)
	r[KeyStoresYoY] = storesYoY(d)

	r[KeyChangeIndex] = changeIndex(d)
	r[KeyChangeIndexName] = changeIndexName(d)
	r[KeyChangeIndexReproduced] = changeIndexReproduced(d)
	r[KeyOperatingMonths] = operatingMonths(d)
	r[KeyClosedMonths] = changeMonths(d, func(c *Change) int64 { return c.Closed })
	r[KeySeoulOperatingMonths] = changeMonths(d, func(c *Change) int64 { return c.SeoulOperating })
	r[KeySeoulClosedMonths] = changeMonths(d, func(c *Change) int64 { return c.SeoulClosed })

	r[KeyStartupRisk], r[KeyStartupRiskPoints] = startupRisk(d)

	comps, score, grade := evaluate(d, c)
	for i, key := range []string{KeyEvalGrowth, KeyEvalStability, KeyEvalSalesPower, KeyEvalPurchasingPower, KeyEvalAttraction} {
		r[key] = comps[i]
	}
	r[KeyEvalScore] = score
	r[KeyEvalGrade] = grade

	sat, satKm2 := saturation(d), saturationPerKm2(d)
	r[KeySaturation] = sat
	r[KeySaturationSeoulMedian] = c.satMedian.orCity()
	r[KeySaturationVsSeoul] = versus(sat, c.satMedian.orCity())
	r[KeySaturationPerKm2] = satKm2
	r[KeySaturationPerKm2Median] = c.satKm2Median.orCity()
	r[KeySaturationPerKm2VsSeoulPct] = versus(satKm2, c.satKm2Median.orCity())

	r[KeyVitalityIndex] = vitalityIndex(d)

	s := Set{keys: make([]string, 0, len(catalog)), vals: make(map[string]Value, len(catalog))}
	for _, def := range catalog {
		res, ok := r[def.Key]
		if !ok {
			panic("indicator: no formula for " + def.Key)
		}
		s.put(def.Key, res.value(def))
	}
	return s
}

// orCity is a city median, or none(no_city_data) for the zero City.
func (n num) orCity() num {
	if !n.ok && len(n.flags) == 0 {
		return none(FlagNoCityData)
	}
	return n
}
