package demo

import (
	"slices"
	"testing"
)

// TestValuesArePlausible checks ranges and the broad shape: 발달상권 busier than
// 골목상권, sales varying with the season.
func TestValuesArePlausible(t *testing.T) {
	paths := generate(t, Options{})
	sales := readTable(t, paths["sales_trdar.utf8bom.csv"])
	byKind := map[string][]int64{}
	byQuarter := map[string]int64{}
	for i, row := range sales.rows {
		amount := sales.num(t, row, "당월_매출_금액")
		if amount < 1e7 || amount >= 1e10 {
			t.Errorf("row %d: 당월_매출_금액 %d outside 10^7–10^10", i+2, amount)
		}
		if sales.str(t, row, "서비스_업종_코드") == "CS100001" {
			byKind[row[1]] = append(byKind[row[1]], amount)
		}
		byQuarter[row[0]] += amount
	}
	if median(byKind["D"]) <= median(byKind["A"]) {
		t.Errorf("한식 sales: 발달상권 median %d, 골목상권 %d; want 발달상권 busier", median(byKind["D"]), median(byKind["A"]))
	}
	if q1, q3 := float64(byQuarter["20241"]), float64(byQuarter["20243"]); q3/q1 < 1.01 {
		t.Errorf("sales 2024Q3/2024Q1 = %.3f, want a summer lift", q3/q1)
	}

	foot := readTable(t, paths["foot_traffic_trdar.cp949.csv"])
	footByKind := map[string][]int64{}
	for i, row := range foot.rows {
		n := foot.num(t, row, "총_유동인구_수")
		if n < 1e4 || n >= 1e7 {
			t.Errorf("row %d: 총_유동인구_수 %d outside 10^4–10^7", i+2, n)
		}
		footByKind[row[1]] = append(footByKind[row[1]], n)
	}
	if median(footByKind["D"]) <= median(footByKind["A"]) || median(footByKind["A"]) <= median(footByKind["R"]) {
		t.Errorf("foot traffic medians D %d, A %d, R %d; want D > A > R",
			median(footByKind["D"]), median(footByKind["A"]), median(footByKind["R"]))
	}

	areas := readTable(t, paths["areas_trdar.cp949.csv"])
	kinds := map[string]string{"A": "골목상권", "D": "발달상권", "R": "전통시장", "U": "관광특구"}
	seen := map[string]bool{}
	for _, row := range areas.rows {
		if kinds[row[0]] != row[1] {
			t.Errorf("kind %s named %s", row[0], row[1])
		}
		seen[row[0]] = true
	}
	if len(seen) != len(kinds) {
		t.Errorf("kinds %v, want all of %v", seen, kinds)
	}
}

func median(ns []int64) int64 {
	if len(ns) == 0 {
		return 0
	}
	s := slices.Clone(ns)
	slices.Sort(s)
	return s[len(s)/2]
}
