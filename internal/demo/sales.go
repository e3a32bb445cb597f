package demo

import (
	"math"
	"math/rand/v2"
	"slices"
)

// salesTrdarHeader is the header of 추정매출-상권 (sales_trdar_sample_20251.utf8bom.csv),
// with the publisher's typo `시간대_건수~06_매출_건수` kept.
var salesTrdarHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,서비스_업종_코드,서비스_업종_코드_명," + salesValueHeader)

// salesDongHeader is the header of 추정매출-행정동 (sales_dong_convenience_20251-20254.utf8bom.csv).
var salesDongHeader = headerOf("기준_년분기_코드,행정동_코드,행정동_코드_명,서비스_업종_코드,서비스_업종_코드_명," + salesValueHeader)

const salesValueHeader = "당월_매출_금액,당월_매출_건수,주중_매출_금액,주말_매출_금액,월요일_매출_금액,화요일_매출_금액,수요일_매출_금액,목요일_매출_금액,금요일_매출_금액,토요일_매출_금액,일요일_매출_금액,시간대_00~06_매출_금액,시간대_06~11_매출_금액,시간대_11~14_매출_금액,시간대_14~17_매출_금액,시간대_17~21_매출_금액,시간대_21~24_매출_금액,남성_매출_금액,여성_매출_금액,연령대_10_매출_금액,연령대_20_매출_금액,연령대_30_매출_금액,연령대_40_매출_금액,연령대_50_매출_금액,연령대_60_이상_매출_금액,주중_매출_건수,주말_매출_건수,월요일_매출_건수,화요일_매출_건수,수요일_매출_건수,목요일_매출_건수,금요일_매출_건수,토요일_매출_건수,일요일_매출_건수,시간대_건수~06_매출_건수,시간대_건수~11_매출_건수,시간대_건수~14_매출_건수,시간대_건수~17_매출_건수,시간대_건수~21_매출_건수,시간대_건수~24_매출_건수,남성_매출_건수,여성_매출_건수,연령대_10_매출_건수,연령대_20_매출_건수,연령대_30_매출_건수,연령대_40_매출_건수,연령대_50_매출_건수,연령대_60_이상_매출_건수"

// kindWeekend scales a weekend day's weight by district kind: offices empty out on
// weekends, tourist zones fill up.
var kindWeekend = [numKinds]float64{alley: 1.0, developed: 0.75, market: 1.1, tourist: 1.3}

// writeSales writes 추정매출-상권: per quarter, district and present 업종, UTF-8 with BOM.
func writeSales(c *city, path string) error {
	w := newCSV(utf8BOM, salesTrdarHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			for _, ind := range d.industries {
				districtKey(w, q, d)
				w.texts(ind.code, ind.name)
				w.nums(c.salesValues(d, ind, q))
				w.end()
			}
		}
	}
	return w.save(path)
}

// writeSalesDong writes 추정매출-행정동: each row the column-wise sum of the 상권 rows
// of that 행정동, quarter and 업종, so the internal sums hold here too.
func writeSalesDong(c *city, path string) error {
	w := newCSV(utf8BOM, salesDongHeader)
	for _, q := range c.quarters {
		for _, dg := range c.dongs {
			for _, ind := range industries {
				var total []int64
				for _, d := range dg.districts {
					if !slices.Contains(d.industries, ind) {
						continue
					}
					v := c.salesValues(d, ind, q)
					if total == nil {
						total = make([]int64, len(v))
					}
					for i := range v {
						total[i] += v[i]
					}
				}
				if total == nil {
					continue
				}
				w.texts(q.code, dg.code, dg.name, ind.code, ind.name)
				w.nums(total)
				w.end()
			}
		}
	}
	return w.save(path)
}

// salesAmount is district d's sales in ind for quarter q, KRW, in [1.2e7, 9.9e9).
func (c *city) salesAmount(d *district, ind *industry, q quarter) int64 {
	level := stream(c.seed, "sales-level", uint64(d.index), uint64(ind.index))
	r := stream(c.seed, "sales", uint64(d.index), uint64(ind.index), q.key())
	a := ind.sales * kindSales[d.kind] * d.activity * logNormal(level, 0.5) *
		ind.season[q.q-1] * d.growth(q) * logNormal(r, 0.04)
	a = a / (1 + a/9.9e9) // saturate below 10^10
	return int64(math.Round(max(a, 1.2e7)))
}

// salesValues returns the 48 numbers after the key columns of a sales row, in
// published order. Weekday + weekend, the seven days, the six time bands, male +
// female and the six age bands each sum exactly to the total, for amounts and counts.
func (c *city) salesValues(d *district, ind *industry, q quarter) []int64 {
	amount := c.salesAmount(d, ind, q)
	r := stream(c.seed, "sales-split", uint64(d.index), uint64(ind.index), q.key())
	count := max(1, int64(math.Round(float64(amount)/(ind.ticket*logNormal(r, 0.1)))))
	wk := ind.weekend * kindWeekend[d.kind]
	days := []float64{1, 1, 1, 1, 1.05, wk, wk * 0.92}
	male := min(max(ind.male+0.05*r.NormFloat64(), 0.05), 0.95)
	v := []int64{amount, count}
	v = append(v, salesBreakdown(r, amount, days, ind.hours[:], male, ind.ages[:])...)
	return append(v, salesBreakdown(r, count, days, ind.hours[:], male, ind.ages[:])...)
}

// salesBreakdown splits total into weekday, weekend, the seven days, six time bands,
// male, female and six age bands: 23 numbers.
func salesBreakdown(r *rand.Rand, total int64, days, hours []float64, male float64, ages []float64) []int64 {
	byDay := split(total, jittered(r, days, 0.15))
	out := make([]int64, 0, 23)
	out = append(out, sum(byDay[:5]), byDay[5]+byDay[6])
	out = append(out, byDay...)
	out = append(out, split(total, jittered(r, hours, 0.2))...)
	m := male * between(r, 0.95, 1.05)
	out = append(out, split(total, []float64{m, 1 - m})...)
	return append(out, split(total, jittered(r, ages, 0.25))...)
}
