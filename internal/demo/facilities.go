package demo

import "math"

// facilitiesHeader is the header of 집객시설-상권 (facilities_trdar_20204-20252.cp949.csv).
var facilitiesHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,집객시설_수,관공서_수,은행_수,종합병원_수,일반_병원_수,약국_수,유치원_수,초등학교_수,중학교_수,고등학교_수,대학교_수,백화점_수,슈퍼마켓_수,극장_수,숙박_시설_수,공항_수,철도_역_수,버스_터미널_수,지하철_역_수,버스_정거장_수")

// facilityMeans are the mean counts of the 19 facility types, in header order, for a
// typical district of each kind.
var facilityMeans = [numKinds][19]float64{
	alley:     {0.6, 0.5, 0.02, 0.15, 1.2, 0.5, 0.2, 0.1, 0.1, 0.1, 0, 0.4, 0.02, 0.2, 0, 0, 0, 0.15, 8},
	developed: {2, 4, 0.15, 0.6, 5, 0.4, 0.1, 0.05, 0.05, 0.3, 0.1, 0.6, 0.3, 1.5, 0, 0, 0.02, 0.9, 14},
	market:    {0.4, 0.6, 0.02, 0.1, 1.5, 0.3, 0.1, 0.05, 0.03, 0.02, 0, 0.8, 0, 0.2, 0, 0, 0, 0.3, 5},
	tourist:   {6, 25, 0.6, 2, 25, 1, 0.5, 0.3, 0.4, 1, 1.5, 2, 2, 15, 0, 0, 0.2, 4, 40},
}

// writeFacilities writes 집객시설-상권: per quarter and district, CP949, quoted, zero
// counts as empty cells. 집객시설_수 is at least the sum of the listed types (the
// published total also counts facilities outside them).
func writeFacilities(c *city, path string) error {
	w := newCSV(cp949Quoted, facilitiesHeader)
	for _, q := range c.quarters {
		for _, d := range c.districts {
			level := stream(c.seed, "facilities-level", uint64(d.index))
			r := stream(c.seed, "facilities", uint64(d.index), q.key())
			counts := make([]int64, 19)
			for i, mean := range facilityMeans[d.kind] {
				counts[i] = poisson(level, mean*math.Sqrt(d.activity))
				if counts[i] > 0 && r.Float64() < 0.05 { // a facility opens or closes
					counts[i] += int64(2*r.IntN(2) - 1)
				}
			}
			counts[18] = max(1, counts[18]) // every district has a bus stop
			total := sum(counts)
			total += poisson(r, 0.25*float64(total))
			districtKey(w, q, d)
			w.num(total)
			w.numsBlankZero(counts)
			w.end()
		}
	}
	return w.save(path)
}
