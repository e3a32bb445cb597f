package demo

import (
	"math"
	"math/rand/v2"
)

// changeIndexHeader is the header of 상권변화지표-상권 (change_index_trdar_20191-20252.cp949.csv).
var changeIndexHeader = headerOf("기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,상권_변화_지표,상권_변화_지표_명,운영_영업_개월_평균,폐업_영업_개월_평균,서울_운영_영업_개월_평균,서울_폐업_영업_개월_평균")

// Operating and closed months of a district against Seoul's, by kind: markets are
// old and stable, alleys and developed districts churn.
var (
	kindOperating = [numKinds]float64{alley: 0.88, developed: 0.9, market: 1.3, tourist: 0.95}
	kindClosed    = [numKinds]float64{alley: 0.97, developed: 0.95, market: 1.12, tourist: 1.0}
)

// changeLabel returns the 상권_변화_지표 and its name. As in the published file, the
// first letter compares the district's average operating months of surviving
// businesses with Seoul's (H above, L below) and the second its closed businesses'
// months with Seoul's: HH 정체, HL 상권축소, LH 상권확장, LL 다이나믹. The published
// labels were computed before rounding, so rows whose rounded values tie go either
// way; the demo never ties.
func changeLabel(operating, closed, seoulOperating, seoulClosed int64) (code, name string) {
	code = "L"
	if operating > seoulOperating {
		code = "H"
	}
	if closed > seoulClosed {
		code += "H"
	} else {
		code += "L"
	}
	return code, changeNames[code]
}

var changeNames = map[string]string{"HH": "정체", "HL": "상권축소", "LH": "상권확장", "LL": "다이나믹"}

// seoulMonths returns Seoul's average operating and closed months for q; they creep
// up as in the published file (100 and 51 in 2023Q1).
func seoulMonths(q quarter) (operating, closed int64) {
	t := float64(q.offset())
	return int64(math.Round(max(50, 100+0.9*t))), int64(math.Round(max(30, 51+0.15*t)))
}

// writeChangeIndex writes 상권변화지표-상권: per quarter and district, CP949, quoted.
func writeChangeIndex(c *city, path string) error {
	w := newCSV(cp949Quoted, changeIndexHeader)
	for _, q := range c.quarters {
		seoulOp, seoulCl := seoulMonths(q)
		for _, d := range c.districts {
			level := stream(c.seed, "change-level", uint64(d.index))
			opRel := kindOperating[d.kind] * logNormal(level, 0.2)
			clRel := kindClosed[d.kind] * logNormal(level, 0.12)
			r := stream(c.seed, "change", uint64(d.index), q.key())
			op := avoidTie(r, int64(math.Round(float64(seoulOp)*opRel+1.5*r.NormFloat64())), seoulOp)
			cl := avoidTie(r, int64(math.Round(float64(seoulCl)*clRel+r.NormFloat64())), seoulCl)
			code, name := changeLabel(op, cl, seoulOp, seoulCl)
			districtKey(w, q, d)
			w.texts(code, name)
			w.nums([]int64{op, cl, seoulOp, seoulCl})
			w.end()
		}
	}
	return w.save(path)
}

// avoidTie moves v one month off seoul when they are equal and keeps it at least 1.
func avoidTie(r *rand.Rand, v, seoul int64) int64 {
	v = max(1, v)
	if v == seoul {
		v += int64(2*r.IntN(2) - 1)
	}
	if v < 1 {
		v = seoul + 1
	}
	return v
}
