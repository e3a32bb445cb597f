package demo

import (
	"math"
	"os"
	"strconv"
	"strings"
)

// vitalityOwnShare is the share of districts the demo vitality feed gives a value
// of their own; the others fall back on their 행정동's.
const vitalityOwnShare = 0.8

// writeVitality writes the Seoul Credit Guarantee Foundation's vitality index feed
// (상권 활력지수) in its contract form: UTF-8, header quarter,code,value, one decimal.
// Per quarter: the districts that have their own value, then every 행정동, whose
// value is the mean of its districts'. Values lie in 0–100: busy districts score
// higher and follow their trend.
func writeVitality(c *city, path string) error {
	var b strings.Builder
	b.WriteString("quarter,code,value\n")
	row := func(q quarter, code string, v float64) {
		b.WriteString(q.code + "," + code + "," + strconv.FormatFloat(v, 'f', 1, 64) + "\n")
	}
	for _, q := range c.quarters {
		sums := make(map[*dong]float64)
		for _, d := range c.districts {
			v := d.vitality(c.seed, q)
			sums[d.dong] += v
			if stream(c.seed, "vitality-own", uint64(d.index)).Float64() < vitalityOwnShare {
				row(q, d.code, v)
			}
		}
		for _, dg := range c.dongs {
			row(q, dg.code, math.Round(10*sums[dg]/float64(len(dg.districts)))/10)
		}
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// vitality is the district's index at q, rounded to one decimal and kept in 0–100.
func (d *district) vitality(seed int64, q quarter) float64 {
	r := stream(seed, "vitality", uint64(d.index), q.key())
	v := 55 + 14*math.Log(d.activity) + 40*d.trend*years(q) + 3*r.NormFloat64()
	return math.Round(10*min(100, max(0, v))) / 10
}
