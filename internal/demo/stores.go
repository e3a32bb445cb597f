package demo

import "math"

// storesHeader is the header of 점포-상권 (stores_trdar_sample_20241.utf8bom.csv).
var storesHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,서비스_업종_코드,서비스_업종_코드_명,점포_수,유사_업종_점포_수,개업_율,개업_점포_수,폐업_률,폐업_점포_수,프랜차이즈_점포_수")

// writeStores writes 점포-상권: per quarter, district and present 업종, UTF-8 with BOM.
func writeStores(c *city, path string) error {
	series := make([][][]int64, len(c.districts))
	for i, d := range c.districts {
		for _, ind := range d.industries {
			series[i] = append(series[i], c.storeSeries(d, ind)...)
		}
	}
	w := newCSV(utf8BOM, storesHeader)
	for qi, q := range c.quarters {
		for i, d := range c.districts {
			for j, ind := range d.industries {
				districtKey(w, q, d)
				w.texts(ind.code, ind.name)
				w.nums(series[i][j*len(c.quarters)+qi])
				w.end()
			}
		}
	}
	return w.save(path)
}

// storeSeries returns, per quarter of c, the seven store numbers of district d in ind
// in published order: 점포_수, 유사_업종_점포_수, 개업_율, 개업_점포_수, 폐업_률,
// 폐업_점포_수, 프랜차이즈_점포_수. The stock follows sales: 유사_업종_점포_수 is last
// quarter's plus openings minus closures and never below 1; it equals 점포_수 plus
// 프랜차이즈_점포_수; the rates are 100 × count / 유사_업종_점포_수 rounded half up.
func (c *city) storeSeries(d *district, ind *industry) [][]int64 {
	r := stream(c.seed, "stores", uint64(d.index), uint64(ind.index))
	share := min(0.98, ind.franchise*between(r, 0.7, 1.3))
	perStore := ind.perStore * logNormal(r, 0.2)
	var out [][]int64
	var stock int64
	for i, q := range c.quarters {
		target := float64(c.salesAmount(d, ind, q)) / perStore
		if i == 0 {
			stock = max(1, int64(math.Round(target)))
		}
		gap := target - float64(stock)
		opened := poisson(r, 0.04*float64(stock)+max(0, gap)*0.3)
		closed := min(poisson(r, 0.035*float64(stock)+max(0, -gap)*0.3), stock+opened-1)
		stock += opened - closed
		franchise := int64(math.Round(float64(stock) * share))
		out = append(out, []int64{
			stock - franchise, stock,
			percent(opened, stock), opened,
			percent(closed, stock), closed,
			franchise,
		})
	}
	return out
}

// percent is 100 × n / of rounded half away from zero, 0 when of is 0.
func percent(n, of int64) int64 {
	if of == 0 {
		return 0
	}
	return int64(math.Round(100 * float64(n) / float64(of)))
}
