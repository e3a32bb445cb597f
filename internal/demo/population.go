package demo

import (
	"math"
	"math/rand/v2"
	"strings"
)

// workersHeader is the header of 직장인구-상권 (workers_trdar_20241-20244.cp949.csv).
var workersHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명," + populationHeader("직장_인구"))

// residentsHeader is the header of 상주인구-상권: 직장인구's shape with 상주인구 in the
// names, then the households.
var residentsHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명," + populationHeader("상주인구") + ",총_가구_수,아파트_가구_수,비_아파트_가구_수")

// populationHeader returns the 21 sex × age columns with what ("직장_인구", "상주인구").
func populationHeader(what string) string {
	const workers = "총_직장_인구_수,남성_직장_인구_수,여성_직장_인구_수,연령대_10_직장_인구_수,연령대_20_직장_인구_수,연령대_30_직장_인구_수,연령대_40_직장_인구_수,연령대_50_직장_인구_수,연령대_60_이상_직장_인구_수,남성연령대_10_직장_인구_수,남성연령대_20_직장_인구_수,남성연령대_30_직장_인구_수,남성연령대_40_직장_인구_수,남성연령대_50_직장_인구_수,남성연령대_60_이상_직장_인구_수,여성연령대_10_직장_인구_수,여성연령대_20_직장_인구_수,여성연령대_30_직장_인구_수,여성연령대_40_직장_인구_수,여성연령대_50_직장_인구_수,여성연령대_60_이상_직장_인구_수"
	return strings.ReplaceAll(workers, "직장_인구", what)
}

// Typical workers and residents of a district of each kind, and their age shapes.
var (
	workersLevel   = [numKinds]float64{alley: 400, developed: 5000, market: 200, tourist: 80000}
	residentsLevel = [numKinds]float64{alley: 3000, developed: 2500, market: 2000, tourist: 6000}
	workersAges    = []float64{0.002, 0.17, 0.27, 0.25, 0.21, 0.098}
	residentsAges  = []float64{0.09, 0.14, 0.15, 0.16, 0.17, 0.29}
)

// writeWorkers writes 직장인구-상권: per quarter and district, CP949, unquoted.
func writeWorkers(c *city, path string) error {
	w := newCSV(cp949Plain, workersHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			districtKey(w, q, d)
			w.nums(c.workers(d, q))
			w.end()
		}
	}
	return w.save(path)
}

// writeResidents writes 상주인구-상권: per quarter and district, CP949, unquoted.
func writeResidents(c *city, path string) error {
	w := newCSV(cp949Plain, residentsHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			total, apt := c.households(d, q)
			districtKey(w, q, d)
			w.nums(c.residents(d, q))
			w.nums([]int64{total, apt, total - apt})
			w.end()
		}
	}
	return w.save(path)
}

// workers returns district d's 21 worker numbers for q in published order.
func (c *city) workers(d *district, q quarter) []int64 {
	level := stream(c.seed, "workers-level", uint64(d.index))
	r := stream(c.seed, "workers", uint64(d.index), q.key())
	t := workersLevel[d.kind] * math.Pow(d.activity, 1.2) * logNormal(level, 0.6) *
		(1 + 0.004*float64(q.offset())) * logNormal(r, 0.02)
	return bySexAndAge(r, max(1, int64(math.Round(t))), between(level, 0.5, 0.6), workersAges)
}

// residents returns district d's 21 resident numbers for q in published order.
func (c *city) residents(d *district, q quarter) []int64 {
	level := stream(c.seed, "residents-level", uint64(d.index))
	r := stream(c.seed, "residents", uint64(d.index), q.key())
	t := residentsLevel[d.kind] * logNormal(level, 0.5) *
		(1 - 0.002*float64(q.offset())) * logNormal(r, 0.01)
	return bySexAndAge(r, max(1, int64(math.Round(t))), between(level, 0.47, 0.5), residentsAges)
}

// households returns district d's households and apartment households for q. The
// apartment households are those of the 아파트-상권 file, zero where it has no row.
func (c *city) households(d *district, q quarter) (total, apartment int64) {
	level := stream(c.seed, "households", uint64(d.index))
	size := between(level, 1.9, 2.6)
	total = max(1, int64(math.Round(float64(c.residents(d, q)[0])/size)))
	if level.Float64() < apartmentChance[d.kind] {
		apartment = int64(math.Round(float64(total) * between(level, 0.15, 0.75)))
	}
	return total, apartment
}

// bySexAndAge splits total into the 21 published numbers: total, male, female, six
// age bands, six male and six female age bands; every breakdown sums exactly.
func bySexAndAge(r *rand.Rand, total int64, male float64, ages []float64) []int64 {
	sexes := split(total, []float64{male, 1 - male})
	m := split(sexes[0], jittered(r, ages, 0.15))
	f := split(sexes[1], jittered(r, ages, 0.15))
	out := []int64{total, sexes[0], sexes[1]}
	for i := range ages {
		out = append(out, m[i]+f[i])
	}
	out = append(out, m...)
	return append(out, f...)
}
