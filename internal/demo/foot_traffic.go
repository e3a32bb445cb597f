package demo

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// footTrdarHeader is the header of 길단위인구-상권 (foot_traffic_trdar_20241-20244.cp949.csv).
var footTrdarHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명," + footValueHeader)

// footDongHeader is the header of 길단위인구-행정동 (foot_traffic_dong_20191-20251.cp949.csv).
var footDongHeader = headerOf("기준_년분기_코드,행정동_코드,행정동_코드_명," + footValueHeader)

const footValueHeader = "총_유동인구_수,남성_유동인구_수,여성_유동인구_수,연령대_10_유동인구_수,연령대_20_유동인구_수,연령대_30_유동인구_수,연령대_40_유동인구_수,연령대_50_유동인구_수,연령대_60_이상_유동인구_수,시간대_00_06_유동인구_수,시간대_06_11_유동인구_수,시간대_11_14_유동인구_수,시간대_14_17_유동인구_수,시간대_17_21_유동인구_수,시간대_21_24_유동인구_수,월요일_유동인구_수,화요일_유동인구_수,수요일_유동인구_수,목요일_유동인구_수,금요일_유동인구_수,토요일_유동인구_수,일요일_유동인구_수"

// Foot traffic per quarter of a typical district of each kind, and its shape.
var (
	footLevel  = [numKinds]float64{alley: 3.5e5, developed: 9e5, market: 1.5e5, tourist: 3.5e6}
	footSeason = [4]float64{0.96, 1.02, 1.01, 1.01}
	footAges   = [numKinds][6]float64{
		alley:     {0.12, 0.14, 0.15, 0.16, 0.17, 0.26},
		developed: {0.08, 0.24, 0.22, 0.18, 0.14, 0.14},
		market:    {0.10, 0.10, 0.12, 0.16, 0.18, 0.34},
		tourist:   {0.06, 0.26, 0.24, 0.17, 0.13, 0.14},
	}
	footHours = [numKinds][6]float64{
		alley:     {0.17, 0.18, 0.12, 0.13, 0.22, 0.18},
		developed: {0.10, 0.20, 0.17, 0.16, 0.23, 0.14},
		market:    {0.14, 0.20, 0.16, 0.16, 0.21, 0.13},
		tourist:   {0.08, 0.16, 0.19, 0.20, 0.23, 0.14},
	}
)

// writeFootTraffic writes 길단위인구-상권: per quarter and district, CP949, unquoted.
func writeFootTraffic(c *city, path string) error {
	w := newCSV(cp949Plain, footTrdarHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			districtKey(w, q, d)
			w.nums(c.footValues(d, q))
			w.end()
		}
	}
	return w.save(path)
}

// writeFootTrafficDong writes 길단위인구-행정동: per quarter and 행정동, CP949, quoted.
// Each row is the 행정동's own street traffic plus its districts' rows, so the
// breakdowns sum to the total here too.
func writeFootTrafficDong(c *city, path string) error {
	w := newCSV(cp949Quoted, footDongHeader)
	for _, q := range c.quarters {
		for _, dg := range c.dongs {
			code, _ := strconv.ParseUint(dg.code, 10, 64)
			level := stream(c.seed, "foot-dong-level", code)
			r := stream(c.seed, "foot-dong", code, q.key())
			total := 2.5e6 * logNormal(level, 0.3) * footSeason[q.q-1] * logNormal(r, 0.03)
			v := footBreakdown(r, int64(math.Round(total)), between(level, 0.46, 0.49),
				footAges[alley][:], footHours[alley][:], 1)
			for _, d := range dg.districts {
				for i, n := range c.footValues(d, q) {
					v[i] += n
				}
			}
			w.texts(q.code, dg.code, dg.name)
			w.nums(v)
			w.end()
		}
	}
	return w.save(path)
}

// footValues returns the 22 numbers of district d's foot-traffic row for q, in
// published order; each breakdown sums exactly to the total.
func (c *city) footValues(d *district, q quarter) []int64 {
	level := stream(c.seed, "foot-level", uint64(d.index))
	r := stream(c.seed, "foot", uint64(d.index), q.key())
	t := footLevel[d.kind] * math.Pow(d.activity, 0.8) * logNormal(level, 0.35) *
		footSeason[q.q-1] * math.Pow(d.growth(q), 0.3) * logNormal(r, 0.03)
	t = t / (1 + t/1e7) // saturate below 10^7
	total := int64(math.Round(max(t, 1e4)))
	return footBreakdown(r, total, between(level, 0.45, 0.5),
		footAges[d.kind][:], footHours[d.kind][:], kindWeekend[d.kind])
}

// footBreakdown returns total, male, female, six age bands, six time bands and the
// seven days, each breakdown summing exactly to total.
func footBreakdown(r *rand.Rand, total int64, male float64, ages, hours []float64, weekend float64) []int64 {
	out := make([]int64, 0, 22)
	out = append(out, total)
	m := male * between(r, 0.98, 1.02)
	out = append(out, split(total, []float64{m, 1 - m})...)
	out = append(out, split(total, jittered(r, ages, 0.1))...)
	out = append(out, split(total, jittered(r, hours, 0.1))...)
	days := []float64{1, 1, 1, 1, 1.03, weekend, weekend * 0.95}
	return append(out, split(total, jittered(r, days, 0.05))...)
}
