package demo

import "math"

// apartmentsHeader is the header of 아파트-상권 (apartments_trdar_20194-20252.cp949.csv).
var apartmentsHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,아파트_단지_수,아파트_면적_66_제곱미터_미만_세대_수,아파트_면적_66_제곱미터_세대_수,아파트_면적_99_제곱미터_세대_수,아파트_면적_132_제곱미터_세대_수,아파트_면적_165_제곱미터_세대_수,아파트_가격_1_억_미만_세대_수,아파트_가격_1_억_세대_수,아파트_가격_2_억_세대_수,아파트_가격_3_억_세대_수,아파트_가격_4_억_세대_수,아파트_가격_5_억_세대_수,아파트_가격_6_억_이상_세대_수,아파트_평균_면적,아파트_평균_시가")

var (
	// apartmentChance is the share of districts of each kind with apartments.
	apartmentChance = [numKinds]float64{alley: 0.85, developed: 0.6, market: 0.75, tourist: 0.9}
	kindPrice       = [numKinds]float64{alley: 1, developed: 1.3, market: 0.9, tourist: 1.6}
	// typical size (m²) and price (KRW) of a household in each band
	bandArea  = []float64{50, 80, 112, 148, 190}
	bandPrice = []float64{0.6e8, 1.5e8, 2.5e8, 3.5e8, 4.5e8, 5.5e8, 9e8}
)

// writeApartments writes 아파트-상권: per quarter and district with apartments, CP949,
// quoted, zero counts as empty cells. The size bands and the price bands each sum to
// the district's apartment households of 상주인구-상권.
func writeApartments(c *city, path string) error {
	w := newCSV(cp949Quoted, apartmentsHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			_, households := c.households(d, q)
			if households == 0 {
				continue
			}
			level := stream(c.seed, "apartments-level", uint64(d.index))
			r := stream(c.seed, "apartments", uint64(d.index), q.key())
			complexes := max(1, int64(math.Round(float64(households)/between(level, 120, 500))))
			lux := level.Float64()
			byArea := split(households, jittered(level, []float64{0.45 - 0.3*lux, 0.3, 0.12 + 0.1*lux, 0.08 + 0.1*lux, 0.05 + 0.1*lux}, 0.2))
			price := 2.5e8 * kindPrice[d.kind] * logNormal(level, 0.45) * (1 + 0.01*float64(q.offset()))
			weights := make([]float64, len(bandPrice))
			for i, p := range bandPrice {
				z := math.Log(p/price) / 0.5
				weights[i] = math.Exp(-z * z / 2)
			}
			byPrice := split(households, weights)
			districtKey(w, q, d)
			w.num(complexes)
			w.numsBlankZero(byArea)
			w.numsBlankZero(byPrice)
			w.num(int64(math.Round(mean(byArea, bandArea))))
			w.num(int64(math.Round(mean(byPrice, bandPrice) * between(r, 0.97, 1.03))))
			w.end()
		}
	}
	return w.save(path)
}

// mean is the average of values weighted by counts.
func mean(counts []int64, values []float64) float64 {
	var s, n float64
	for i, c := range counts {
		s += float64(c) * values[i]
		n += float64(c)
	}
	return s / n
}
