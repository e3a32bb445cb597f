package demo

import (
	"math"
	"sort"
)

// incomeHeader is the header of 소득소비-상권 (income_trdar_20233-20253.utf8bom.csv).
var incomeHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,월_평균_소득_금액,소득_구간_코드,지출_총금액,식료품_지출_총금액,의류_신발_지출_총금액,생활용품_지출_총금액,의료비_지출_총금액,교통_지출_총금액,여가_지출_총금액,문화_지출_총금액,교육_지출_총금액,유흥_지출_총금액")

var (
	kindIncome   = [numKinds]float64{alley: 1, developed: 1.08, market: 0.92, tourist: 1.15}
	kindSpending = [numKinds]float64{alley: 6e8, developed: 1.6e9, market: 4e8, tourist: 5e9}
	// spending shares: food, clothes, household goods, medical, transport, leisure,
	// culture, education, entertainment
	spendingShares = []float64{0.26, 0.12, 0.075, 0.125, 0.16, 0.04, 0.03, 0.135, 0.055}
	// incomeBands are the upper bounds of 소득_구간_코드 1 … 9 in KRW a month, read off
	// the published file; above the last is band 10.
	incomeBands = []float64{1e6, 1.5e6, 1.7e6, 2.02e6, 2.44e6, 2.98e6, 3.74e6, 4.9e6, 6.5e6}
)

// writeIncome writes 소득소비-상권: per quarter and district, UTF-8 with BOM. The nine
// spending columns sum exactly to 지출_총금액, as published.
func writeIncome(c *city, path string) error {
	w := newCSV(utf8BOM, incomeHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			level := stream(c.seed, "income-level", uint64(d.index))
			r := stream(c.seed, "income", uint64(d.index), q.key())
			income := 2.9e6 * kindIncome[d.kind] * logNormal(level, 0.22) *
				(1 + 0.006*float64(q.offset())) * logNormal(r, 0.02)
			spending := kindSpending[d.kind] * math.Pow(d.activity, 0.7) * logNormal(level, 0.5) *
				footSeason[q.q-1] * income / 2.9e6 * logNormal(r, 0.05)
			total := int64(math.Round(max(spending, 1e6)))
			districtKey(w, q, d)
			w.nums([]int64{int64(math.Round(income)), incomeBand(income), total})
			w.nums(split(total, jittered(r, spendingShares, 0.15)))
			w.end()
		}
	}
	return w.save(path)
}

// incomeBand is the 소득_구간_코드 (1–10) of a monthly income.
func incomeBand(income float64) int64 {
	return int64(sort.SearchFloat64s(incomeBands, income)) + 1
}
