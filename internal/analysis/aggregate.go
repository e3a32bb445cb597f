package analysis

import "github.com/sangsaeng/sangsaeng/internal/indicator"

// aggregate combines districts' figures into one synthetic district, each
// district counted with its weight (0–1): additive figures (sales, stores,
// foot traffic, workers, residents, spending, facilities, area) are summed
// × weight and rounded; the others are weighted means — change-index months
// by weight × similar stores (weight × area where no stores are loaded),
// monthly income by weight × residents (weight × area where none), the
// vitality index by weight × area (flagged from_dong when any district's
// value is its 행정동's). Summed over industries, the sums are flagged
// industries_differ when the industries of all their sales rows are not
// those of all their store rows. Rates
// are then recomputed from the sums by the indicator package, and the
// published change-index label is left empty (sangsaeng's reproduction
// still applies to the mean months).
func aggregate(code string, facts []indicator.District, weights []float64) indicator.District {
	out := indicator.District{Code: code}
	var change struct{ w, op, cl, sop, scl float64 }
	var income struct{ w, avg float64 }
	var vitality vitalityMean
	var facilities *int64
	for i := range facts {
		f, w := &facts[i], weights[i]
		if w <= 0 {
			continue
		}
		out.AreaM2 += w * f.AreaM2
		if f.Sales != nil {
			out.SalesIndustries = out.SalesIndustries.Or(f.SalesIndustries)
		}
		if f.Stores != nil {
			out.StoresIndustries = out.StoresIndustries.Or(f.StoresIndustries)
		}
		out.Sales = addIf(out.Sales, f.Sales, w, addSales)
		out.SalesPrevQuarter = addIf(out.SalesPrevQuarter, f.SalesPrevQuarter, w, addSales)
		out.SalesPrevYear = addIf(out.SalesPrevYear, f.SalesPrevYear, w, addSales)
		out.Stores = addIf(out.Stores, f.Stores, w, addStores)
		out.StoresPrevQuarter = addIf(out.StoresPrevQuarter, f.StoresPrevQuarter, w, addStores)
		out.StoresPrevYear = addIf(out.StoresPrevYear, f.StoresPrevYear, w, addStores)
		out.Foot = addIf(out.Foot, f.Foot, w, addFoot)
		out.FootPrevQuarter = addIf(out.FootPrevQuarter, f.FootPrevQuarter, w, addFoot)
		out.FootPrevYear = addIf(out.FootPrevYear, f.FootPrevYear, w, addFoot)
		out.Workers = addIf(out.Workers, f.Workers, w, addPopulation)
		out.Residents = addIf(out.Residents, f.Residents, w, addPopulation)
		if f.Change != nil {
			cw := w * f.AreaM2
			if f.Stores != nil && f.Stores.Similar > 0 {
				cw = w * float64(f.Stores.Similar)
			}
			change.w += cw
			change.op += cw * float64(f.Change.Operating)
			change.cl += cw * float64(f.Change.Closed)
			change.sop, change.scl = float64(f.Change.SeoulOperating), float64(f.Change.SeoulClosed)
		}
		if f.Income != nil {
			iw := w * f.AreaM2
			if f.Residents != nil && f.Residents.Total > 0 {
				iw = w * float64(f.Residents.Total)
			}
			income.w += iw
			income.avg += iw * float64(f.Income.MonthlyAvg)
			if out.Income == nil {
				out.Income = &indicator.Income{}
			}
			out.Income.SpendingTotal += scale(f.Income.SpendingTotal, w)
		}
		vitality.add(f.Vitality, w*f.AreaM2)
		if f.Facilities != nil {
			if facilities == nil {
				facilities = new(int64)
			}
			*facilities += scale(*f.Facilities, w)
		}
	}
	if change.w > 0 {
		out.Change = &indicator.Change{Operating: round(change.op / change.w), Closed: round(change.cl / change.w),
			SeoulOperating: int64(change.sop), SeoulClosed: int64(change.scl)}
	}
	if out.Income != nil && income.w > 0 {
		out.Income.MonthlyAvg = round(income.avg / income.w)
	}
	out.Facilities = facilities
	out.Vitality = vitality.result()
	out.IndustriesDiffer = industriesDiffer(out.SalesIndustries, out.StoresIndustries)
	return out
}

func addIf[T any](acc, v *T, w float64, add func(a, b *T, w float64) *T) *T {
	if v == nil {
		return acc
	}
	return add(acc, v, w)
}

func round(x float64) int64 {
	if x < 0 {
		return int64(x - 0.5)
	}
	return int64(x + 0.5)
}
