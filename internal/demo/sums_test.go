package demo

import (
	"math"
	"strings"
	"testing"
)

// sumRule says the parts of a row add up to its total.
type sumRule struct {
	total string
	parts []string
}

// checkSums fails for every row of tb where a rule does not hold.
func checkSums(t *testing.T, tb table, rules []sumRule) {
	t.Helper()
	for i, row := range tb.rows {
		for _, r := range rules {
			var s int64
			for _, p := range r.parts {
				s += tb.num(t, row, p)
			}
			if got := tb.num(t, row, r.total); got != s {
				t.Errorf("row %d: %s = %d, parts %v sum to %d", i+2, r.total, got, r.parts, s)
			}
		}
	}
}

func salesRules() []sumRule {
	times := []string{"00~06", "06~11", "11~14", "14~17", "17~21", "21~24"}
	countTimes := []string{"건수~06", "건수~11", "건수~14", "건수~17", "건수~21", "건수~24"}
	var rules []sumRule
	for _, unit := range []string{"금액", "건수"} {
		tm := times
		if unit == "건수" {
			tm = countTimes
		}
		total := "당월_매출_" + unit
		rules = append(rules,
			sumRule{total, []string{"주중_매출_" + unit, "주말_매출_" + unit}},
			sumRule{total, names("", days, "_매출_"+unit)},
			sumRule{"주중_매출_" + unit, names("", weekdays, "_매출_"+unit)},
			sumRule{total, names("시간대_", tm, "_매출_"+unit)},
			sumRule{total, []string{"남성_매출_" + unit, "여성_매출_" + unit}},
			sumRule{total, names("연령대_", ageBands, "_매출_"+unit)},
		)
	}
	return rules
}

func footRules() []sumRule {
	const total = "총_유동인구_수"
	return []sumRule{
		{total, []string{"남성_유동인구_수", "여성_유동인구_수"}},
		{total, names("연령대_", ageBands, "_유동인구_수")},
		{total, names("시간대_", []string{"00_06", "06_11", "11_14", "14_17", "17_21", "21_24"}, "_유동인구_수")},
		{total, names("", days, "_유동인구_수")},
	}
}

func populationRules(what string) []sumRule {
	rules := []sumRule{
		{"총_" + what + "_수", []string{"남성_" + what + "_수", "여성_" + what + "_수"}},
		{"총_" + what + "_수", names("연령대_", ageBands, "_"+what+"_수")},
		{"남성_" + what + "_수", names("남성연령대_", ageBands, "_"+what+"_수")},
		{"여성_" + what + "_수", names("여성연령대_", ageBands, "_"+what+"_수")},
	}
	for _, a := range ageBands {
		rules = append(rules, sumRule{"연령대_" + a + "_" + what + "_수",
			[]string{"남성연령대_" + a + "_" + what + "_수", "여성연령대_" + a + "_" + what + "_수"}})
	}
	return rules
}

// cities are the option sets the row-level tests run on.
var cities = []struct {
	name string
	opt  Options
}{
	{"default", Options{}},
	{"tiny", Options{Seed: 7, Districts: 3, Quarters: []string{"20194"}}},
	{"large", Options{Seed: -3, Districts: 700, Quarters: []string{"20252", "20244"}}},
}

func TestInternalSums(t *testing.T) {
	files := []struct {
		file  string
		rules []sumRule
	}{
		{"sales_trdar.utf8bom.csv", salesRules()},
		{"sales_dong.utf8bom.csv", salesRules()},
		{"foot_traffic_trdar.cp949.csv", footRules()},
		{"foot_traffic_dong.cp949.csv", footRules()},
		{"workers_trdar.cp949.csv", populationRules("직장_인구")},
		{"residents_trdar.cp949.csv", append(populationRules("상주인구"),
			sumRule{"총_가구_수", []string{"아파트_가구_수", "비_아파트_가구_수"}})},
		{"income_trdar.utf8bom.csv", []sumRule{{"지출_총금액", []string{
			"식료품_지출_총금액", "의류_신발_지출_총금액", "생활용품_지출_총금액", "의료비_지출_총금액",
			"교통_지출_총금액", "여가_지출_총금액", "문화_지출_총금액", "교육_지출_총금액", "유흥_지출_총금액"}}}},
		{"stores_trdar.utf8bom.csv", []sumRule{{"유사_업종_점포_수", []string{"점포_수", "프랜차이즈_점포_수"}}}},
	}
	for _, c := range cities {
		paths := generate(t, c.opt)
		for _, f := range files {
			t.Run(c.name+"/"+f.file, func(t *testing.T) {
				checkSums(t, readTable(t, paths[f.file]), f.rules)
			})
		}
	}
}

func TestStoreRates(t *testing.T) {
	tb := readTable(t, generate(t, Options{})["stores_trdar.utf8bom.csv"])
	for i, row := range tb.rows {
		similar := tb.num(t, row, "유사_업종_점포_수")
		if similar < 1 {
			t.Fatalf("row %d: 유사_업종_점포_수 %d, want at least 1", i+2, similar)
		}
		for _, pair := range [][2]string{{"개업_율", "개업_점포_수"}, {"폐업_률", "폐업_점포_수"}} {
			want := int64(math.Round(100 * float64(tb.num(t, row, pair[1])) / float64(similar)))
			if got := tb.num(t, row, pair[0]); got != want {
				t.Errorf("row %d: %s = %d, want round(100 × %d / %d) = %d", i+2, pair[0], got, tb.num(t, row, pair[1]), similar, want)
			}
		}
	}
}

func TestChangeIndexFollowsMonths(t *testing.T) {
	tb := readTable(t, generate(t, Options{})["change_index_trdar.cp949.csv"])
	seen := map[string]bool{}
	for i, row := range tb.rows {
		op, cl := tb.num(t, row, "운영_영업_개월_평균"), tb.num(t, row, "폐업_영업_개월_평균")
		sop, scl := tb.num(t, row, "서울_운영_영업_개월_평균"), tb.num(t, row, "서울_폐업_영업_개월_평균")
		if op == sop || cl == scl {
			t.Errorf("row %d: months tie Seoul's (%d/%d, %d/%d)", i+2, op, sop, cl, scl)
		}
		want := "L"
		if op > sop {
			want = "H"
		}
		if cl > scl {
			want += "H"
		} else {
			want += "L"
		}
		code, name := tb.str(t, row, "상권_변화_지표"), tb.str(t, row, "상권_변화_지표_명")
		if code != want || name != changeNames[want] {
			t.Errorf("row %d: %s %s, want %s %s", i+2, code, name, want, changeNames[want])
		}
		seen[code] = true
	}
	if len(seen) != 4 {
		t.Errorf("labels %v, want all four", seen)
	}
}

func TestFacilitiesAndApartments(t *testing.T) {
	paths := generate(t, Options{})
	fac := readTable(t, paths["facilities_trdar.cp949.csv"])
	for i, row := range fac.rows {
		var s int64
		for _, h := range fac.header[6:] {
			s += fac.num(t, row, h)
		}
		if total := fac.num(t, row, "집객시설_수"); total < s || total < 1 {
			t.Errorf("row %d: 집객시설_수 %d, listed types sum to %d", i+2, total, s)
		}
		for j, cell := range row {
			if cell == "0" {
				t.Errorf("row %d: %s is 0, want an empty cell", i+2, fac.header[j])
			}
		}
	}

	apt := readTable(t, paths["apartments_trdar.cp949.csv"])
	households := map[string]int64{} // quarter+district → apartment households
	for i, row := range apt.rows {
		var bySize, byPrice int64
		for _, h := range apt.header {
			switch {
			case strings.HasPrefix(h, "아파트_면적_"):
				bySize += apt.num(t, row, h)
			case strings.HasPrefix(h, "아파트_가격_"):
				byPrice += apt.num(t, row, h)
			}
		}
		if bySize != byPrice || bySize == 0 {
			t.Errorf("row %d: households by size %d, by price %d", i+2, bySize, byPrice)
		}
		if apt.num(t, row, "아파트_단지_수") < 1 {
			t.Errorf("row %d: no complexes", i+2)
		}
		for j, cell := range row {
			if cell == "0" {
				t.Errorf("row %d: %s is 0, want an empty cell", i+2, apt.header[j])
			}
		}
		households[row[0]+row[3]] = bySize
	}
	res := readTable(t, paths["residents_trdar.cp949.csv"])
	for i, row := range res.rows {
		if got, want := res.num(t, row, "아파트_가구_수"), households[row[0]+row[3]]; got != want {
			t.Errorf("row %d: 아파트_가구_수 %d, 아파트-상권 has %d", i+2, got, want)
		}
	}
}
