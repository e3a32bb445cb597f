package analysis

import (
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

func i64(r store.Record, col string) int64 {
	v, _ := r[col].(int64)
	return v
}

func f64(r store.Record, col string) float64 {
	v, _ := r[col].(float64)
	return v
}

func str(r store.Record, col string) string {
	v, _ := r[col].(string)
	return v
}

func fill(dst []int64, r store.Record, labels []string, col func(string, int) string, measure string) {
	for i := range labels {
		dst[i] = i64(r, col(measure, i))
	}
}

// salesOf reads one 추정매출 row.
func salesOf(r store.Record) *indicator.Sales {
	s := &indicator.Sales{
		Amount: i64(r, "amount"), Count: i64(r, "count"),
		WeekdayAmount: i64(r, "weekday_amount"), WeekendAmount: i64(r, "weekend_amount"),
	}
	fill(s.AmountByDay[:], r, seoul.Days, seoul.DayCol, "amount")
	fill(s.CountByDay[:], r, seoul.Days, seoul.DayCol, "count")
	fill(s.AmountByTime[:], r, seoul.TimeBands, seoul.TimeCol, "amount")
	fill(s.CountByTime[:], r, seoul.TimeBands, seoul.TimeCol, "count")
	fill(s.AmountBySex[:], r, seoul.Sexes, seoul.SexCol, "amount")
	fill(s.CountBySex[:], r, seoul.Sexes, seoul.SexCol, "count")
	fill(s.AmountByAge[:], r, seoul.Ages, seoul.AgeCol, "amount")
	fill(s.CountByAge[:], r, seoul.Ages, seoul.AgeCol, "count")
	s.Inconsistent = sum(s.AmountBySex[:]) != s.Amount || sum(s.AmountByAge[:]) != s.Amount ||
		sum(s.AmountByDay[:]) != s.Amount || sum(s.AmountByTime[:]) != s.Amount ||
		sum(s.CountBySex[:]) != s.Count || sum(s.CountByAge[:]) != s.Count
	return s
}

func sum(v []int64) int64 {
	var t int64
	for _, x := range v {
		t += x
	}
	return t
}

// addSales adds w × b to a (allocating a when nil).
func addSales(a *indicator.Sales, b *indicator.Sales, w float64) *indicator.Sales {
	if a == nil {
		a = &indicator.Sales{}
	}
	a.Amount += scale(b.Amount, w)
	a.Count += scale(b.Count, w)
	a.WeekdayAmount += scale(b.WeekdayAmount, w)
	a.WeekendAmount += scale(b.WeekendAmount, w)
	addScaled(a.AmountByDay[:], b.AmountByDay[:], w)
	addScaled(a.CountByDay[:], b.CountByDay[:], w)
	addScaled(a.AmountByTime[:], b.AmountByTime[:], w)
	addScaled(a.CountByTime[:], b.CountByTime[:], w)
	addScaled(a.AmountBySex[:], b.AmountBySex[:], w)
	addScaled(a.CountBySex[:], b.CountBySex[:], w)
	addScaled(a.AmountByAge[:], b.AmountByAge[:], w)
	addScaled(a.CountByAge[:], b.CountByAge[:], w)
	a.Inconsistent = a.Inconsistent || b.Inconsistent
	return a
}

// scale is round(v × w); w is 1 for plain sums, so those stay exact.
func scale(v int64, w float64) int64 {
	if w == 1 {
		return v
	}
	x := float64(v) * w
	if x < 0 {
		return int64(x - 0.5)
	}
	return int64(x + 0.5)
}

func addScaled(dst, src []int64, w float64) {
	for i := range dst {
		dst[i] += scale(src[i], w)
	}
}

// storesOf reads one 점포 row.
func storesOf(r store.Record) *indicator.Stores {
	return &indicator.Stores{
		Stores: i64(r, "stores"), Similar: i64(r, "similar_stores"), Franchise: i64(r, "franchise_stores"),
		Opened: i64(r, "opened"), Closed: i64(r, "closed"),
		OpenRate: f64(r, "open_rate"), CloseRate: f64(r, "close_rate"), HasRates: true, Industries: 1,
	}
}

// addStores adds w × b to a; a sum has no published rates.
func addStores(a, b *indicator.Stores, w float64) *indicator.Stores {
	if a == nil {
		a = &indicator.Stores{}
	}
	a.Stores += scale(b.Stores, w)
	a.Similar += scale(b.Similar, w)
	a.Franchise += scale(b.Franchise, w)
	a.Opened += scale(b.Opened, w)
	a.Closed += scale(b.Closed, w)
	a.Industries += b.Industries
	a.HasRates, a.OpenRate, a.CloseRate = false, 0, 0
	return a
}

func footOf(r store.Record) *indicator.Foot {
	f := &indicator.Foot{Total: i64(r, "total")}
	fill(f.BySex[:], r, seoul.Sexes, seoul.SexCol, "foot")
	fill(f.ByAge[:], r, seoul.Ages, seoul.AgeCol, "foot")
	fill(f.ByTime[:], r, seoul.TimeBands, seoul.TimeCol, "foot")
	fill(f.ByDay[:], r, seoul.Days, seoul.DayCol, "foot")
	return f
}

func addFoot(a, b *indicator.Foot, w float64) *indicator.Foot {
	if a == nil {
		a = &indicator.Foot{}
	}
	a.Total += scale(b.Total, w)
	addScaled(a.BySex[:], b.BySex[:], w)
	addScaled(a.ByAge[:], b.ByAge[:], w)
	addScaled(a.ByTime[:], b.ByTime[:], w)
	addScaled(a.ByDay[:], b.ByDay[:], w)
	return a
}

func changeOf(r store.Record) *indicator.Change {
	return &indicator.Change{
		Label: str(r, "index_code"), Operating: i64(r, "operating_months_avg"), Closed: i64(r, "closed_months_avg"),
		SeoulOperating: i64(r, "seoul_operating_months_avg"), SeoulClosed: i64(r, "seoul_closed_months_avg"),
	}
}

func populationOf(r store.Record) *indicator.Population {
	p := &indicator.Population{Total: i64(r, "total"), BySex: [2]int64{i64(r, "male"), i64(r, "female")}}
	fill(p.ByAge[:], r, seoul.Ages, seoul.AgeCol, "pop")
	return p
}

func addPopulation(a, b *indicator.Population, w float64) *indicator.Population {
	if a == nil {
		a = &indicator.Population{}
	}
	a.Total += scale(b.Total, w)
	addScaled(a.BySex[:], b.BySex[:], w)
	addScaled(a.ByAge[:], b.ByAge[:], w)
	return a
}

func incomeOf(r store.Record) *indicator.Income {
	return &indicator.Income{MonthlyAvg: i64(r, "monthly_income_avg"), Band: i64(r, "income_band"), SpendingTotal: i64(r, "spending_total")}
}
