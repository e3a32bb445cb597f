package httpapi_test

import (
	"encoding/json"
	"maps"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// label pairs a label as published (in Korean headers) with the API's.
type label struct{ ko, api string }

var (
	dayLabels = []label{
		{"월요일", "mon"}, {"화요일", "tue"}, {"수요일", "wed"}, {"목요일", "thu"},
		{"금요일", "fri"}, {"토요일", "sat"}, {"일요일", "sun"},
	}
	timeLabels = []label{
		{"00~06", "00-06"}, {"06~11", "06-11"}, {"11~14", "11-14"},
		{"14~17", "14-17"}, {"17~21", "17-21"}, {"21~24", "21-24"},
	}
	sexLabels = []label{{"남성", "male"}, {"여성", "female"}}
	ageLabels = []label{{"10", "10"}, {"20", "20"}, {"30", "30"}, {"40", "40"}, {"50", "50"}, {"60_이상", "60+"}}
)

// salesTimeHeader is the published header of a sales time band: amounts
// read 시간대_00~06_매출_금액, while counts carry the publisher's typo
// 시간대_건수~06_매출_건수.
func salesTimeHeader(b label, measureKo string) string {
	if measureKo == "건수" {
		return "시간대_건수~" + b.ko[len("00~"):] + "_매출_건수"
	}
	return "시간대_" + b.ko + "_매출_금액"
}

// field maps a published column to its place in a dataset's object of the
// quarter report: a path of member names joined by dots.
type field struct {
	header string
	path   string
	text   bool // compared as text; otherwise as an exact number, empty = 0
}

func num(header, path string) field  { return field{header, path, false} }
func text(header, path string) field { return field{header, path, true} }

// keyColumns are the columns that say which row it is; the report carries
// them once, in its district and quarter.
var keyColumns = []string{"기준_년분기_코드", "상권_구분_코드", "상권_구분_코드_명", "상권_코드", "상권_코드_명"}

// reportDataset is one dataset of the quarter report and where its numbers
// come from.
type reportDataset struct {
	name   string // member of the report
	file   string // fixture file; "" when the fixture has none, so it is always null
	list   bool   // a list of per-industry items, [] when there is none
	fields []field
}

// reportDatasets is the contract of the quarter report, written out from the
// published headers independently of the readers under test.
func reportDatasets() []reportDataset {
	sales := []field{
		text("서비스_업종_코드", "industry_code"),
		text("서비스_업종_코드_명", "industry_name"),
		num("당월_매출_금액", "amount"),
		num("당월_매출_건수", "count"),
	}
	for _, m := range []label{{"금액", "amount"}, {"건수", "count"}} {
		sales = append(sales,
			num("주중_매출_"+m.ko, "weekday_"+m.api),
			num("주말_매출_"+m.ko, "weekend_"+m.api))
		for _, d := range dayLabels {
			sales = append(sales, num(d.ko+"_매출_"+m.ko, m.api+"_by_day."+d.api))
		}
		for _, b := range timeLabels {
			sales = append(sales, num(salesTimeHeader(b, m.ko), m.api+"_by_time."+b.api))
		}
		for _, s := range sexLabels {
			sales = append(sales, num(s.ko+"_매출_"+m.ko, m.api+"_by_sex."+s.api))
		}
		for _, a := range ageLabels {
			sales = append(sales, num("연령대_"+a.ko+"_매출_"+m.ko, m.api+"_by_age."+a.api))
		}
	}

	foot := []field{num("총_유동인구_수", "total")}
	for _, s := range sexLabels {
		foot = append(foot, num(s.ko+"_유동인구_수", "by_sex."+s.api))
	}
	for _, a := range ageLabels {
		foot = append(foot, num("연령대_"+a.ko+"_유동인구_수", "by_age."+a.api))
	}
	for _, b := range timeLabels {
		foot = append(foot, num("시간대_"+strings.ReplaceAll(b.ko, "~", "_")+"_유동인구_수", "by_time."+b.api))
	}
	for _, d := range dayLabels {
		foot = append(foot, num(d.ko+"_유동인구_수", "by_day."+d.api))
	}

	workers := []field{num("총_직장_인구_수", "total")}
	for _, s := range sexLabels {
		workers = append(workers, num(s.ko+"_직장_인구_수", "by_sex."+s.api))
	}
	for _, a := range ageLabels {
		workers = append(workers, num("연령대_"+a.ko+"_직장_인구_수", "by_age."+a.api))
	}
	for _, s := range sexLabels {
		for _, a := range ageLabels {
			workers = append(workers, num(s.ko+"연령대_"+a.ko+"_직장_인구_수", "by_sex_age."+s.api+"."+a.api))
		}
	}

	return []reportDataset{
		{name: "sales", file: "sales_trdar_convenience.csv", list: true, fields: sales},
		{name: "foot_traffic", file: "foottraffic_trdar.csv", fields: foot},
		{name: "stores", file: "stores_trdar_chicken.csv", list: true, fields: []field{
			text("서비스_업종_코드", "industry_code"),
			text("서비스_업종_코드_명", "industry_name"),
			num("점포_수", "stores"),
			num("유사_업종_점포_수", "similar_stores"),
			num("개업_율", "open_rate"),
			num("개업_점포_수", "opened"),
			num("폐업_률", "close_rate"),
			num("폐업_점포_수", "closed"),
			num("프랜차이즈_점포_수", "franchise_stores"),
		}},
		{name: "change_index", file: "change_index_trdar.csv", fields: []field{
			text("상권_변화_지표", "code"),
			text("상권_변화_지표_명", "name"),
			num("운영_영업_개월_평균", "operating_months_avg"),
			num("폐업_영업_개월_평균", "closed_months_avg"),
			num("서울_운영_영업_개월_평균", "seoul_operating_months_avg"),
			num("서울_폐업_영업_개월_평균", "seoul_closed_months_avg"),
		}},
		{name: "workers", file: "workers_trdar.csv", fields: workers},
		{name: "residents"}, // the fixture has no 상주인구 file
		{name: "income", file: "income_trdar.csv", fields: []field{
			num("월_평균_소득_금액", "monthly_income_avg"),
			num("소득_구간_코드", "income_band"),
			num("지출_총금액", "spending_total"),
			num("식료품_지출_총금액", "spending.food"),
			num("의류_신발_지출_총금액", "spending.clothing"),
			num("생활용품_지출_총금액", "spending.household_goods"),
			num("의료비_지출_총금액", "spending.medical"),
			num("교통_지출_총금액", "spending.transport"),
			num("여가_지출_총금액", "spending.leisure"),
			num("문화_지출_총금액", "spending.culture"),
			num("교육_지출_총금액", "spending.education"),
			num("유흥_지출_총금액", "spending.entertainment"),
		}},
		{name: "facilities", file: "facilities_trdar.csv", fields: []field{
			num("집객시설_수", "total"),
			num("관공서_수", "government_offices"),
			num("은행_수", "banks"),
			num("종합병원_수", "general_hospitals"),
			num("일반_병원_수", "hospitals"),
			num("약국_수", "pharmacies"),
			num("유치원_수", "kindergartens"),
			num("초등학교_수", "elementary_schools"),
			num("중학교_수", "middle_schools"),
			num("고등학교_수", "high_schools"),
			num("대학교_수", "universities"),
			num("백화점_수", "department_stores"),
			num("슈퍼마켓_수", "supermarkets"),
			num("극장_수", "theaters"),
			num("숙박_시설_수", "lodgings"),
			num("공항_수", "airports"),
			num("철도_역_수", "railway_stations"),
			num("버스_터미널_수", "bus_terminals"),
			num("지하철_역_수", "subway_stations"),
			num("버스_정거장_수", "bus_stops"),
		}},
		{name: "apartments", file: "apartments_trdar.csv", fields: []field{
			num("아파트_단지_수", "complexes"),
			num("아파트_면적_66_제곱미터_미만_세대_수", "households_by_area_m2.under_66"),
			num("아파트_면적_66_제곱미터_세대_수", "households_by_area_m2.66"),
			num("아파트_면적_99_제곱미터_세대_수", "households_by_area_m2.99"),
			num("아파트_면적_132_제곱미터_세대_수", "households_by_area_m2.132"),
			num("아파트_면적_165_제곱미터_세대_수", "households_by_area_m2.165"),
			num("아파트_가격_1_억_미만_세대_수", "households_by_price_100m_krw.under_1"),
			num("아파트_가격_1_억_세대_수", "households_by_price_100m_krw.1"),
			num("아파트_가격_2_억_세대_수", "households_by_price_100m_krw.2"),
			num("아파트_가격_3_억_세대_수", "households_by_price_100m_krw.3"),
			num("아파트_가격_4_억_세대_수", "households_by_price_100m_krw.4"),
			num("아파트_가격_5_억_세대_수", "households_by_price_100m_krw.5"),
			num("아파트_가격_6_억_이상_세대_수", "households_by_price_100m_krw.6_plus"),
			num("아파트_평균_면적", "area_avg_m2"),
			num("아파트_평균_시가", "price_avg"),
		}},
		{name: "vitality"}, // the fixture has no vitality feed; see TestVitality
	}
}

// TestQuarterReport is the API's promise that a district's quarter report
// gives every published number exactly as in the source row. For each
// scenario and dataset, it finds the source rows in the fixture CSVs and
// compares every column with its place in the answer, both ways: no source
// column is left out and no field lacks a source.
func TestQuarterReport(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := loadedAPI(t, engine)
		const all = "sales foot_traffic stores change_index workers income facilities apartments"
		tests := []struct {
			name    string
			code    string
			quarter string
			present string // the datasets with data, as a guard on the fixture
			empty   string // a dataset whose source row has empty cells (published 0)
		}{
			{"tourist zone with every dataset", "3001491", "20251", all, ""},
			{"developed area with every dataset", "3120001", "20251", all, ""},
			{"traditional market with every dataset", "3130002", "20251", all, ""},
			{"alley market in two parts", "3110140", "20251", all, "facilities"},
			{"two datasets only", "3110704", "20251", "foot_traffic change_index", ""},
			{"no sales, workers or facilities", "3130060", "20251", "foot_traffic stores change_index income", ""},
			{"stores but no sales", "3110140", "20244", "foot_traffic stores change_index workers income facilities apartments", ""},
			{"apartments with empty cells", "3001493", "20194", "change_index workers apartments", "apartments"},
			{"facilities with empty cells", "3001491", "20204", "change_index workers facilities apartments", "facilities"},
			{"sales only", "3001491", "20254", "sales", ""},
			{"first quarter of the data", "3001491", "20191", "change_index workers", ""},
			{"district outside the fixture", "3110001", "20251", "", ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				target := "/api/v1/districts/" + tc.code + "/quarters/" + tc.quarter
				var got map[string]any
				getJSON(t, h, target, &got)

				members := []string{"district", "quarter"}
				for _, d := range reportDatasets() {
					members = append(members, d.name)
				}
				if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, slices.Sorted(slices.Values(members))) {
					t.Errorf("report members %v, want %v", keys, members)
				}
				if got["quarter"] != tc.quarter {
					t.Errorf("quarter = %v, want %q", got["quarter"], tc.quarter)
				}
				checkDistrict(t, asDistrict(t, got["district"]), areaRow(t, tc.code))

				var present []string
				for _, d := range reportDatasets() {
					var rows []sourceRow
					var header []string
					if d.file != "" {
						tb := readTable(t, d.file)
						header = tb.header
						rows = tb.where(map[string]string{"상권_코드": tc.code, "기준_년분기_코드": tc.quarter})
					}
					if len(rows) > 0 {
						present = append(present, d.name)
					}
					if d.name == tc.empty && !slices.ContainsFunc(rows, hasEmptyCell) {
						t.Errorf("%s: no source row with an empty cell; the scenario tests nothing", d.name)
					}
					v, ok := got[d.name]
					if !ok {
						continue // reported above
					}
					where := tc.code + "/" + tc.quarter + " " + d.name
					if !d.list {
						if len(rows) > 1 {
							t.Fatalf("%s: %d source rows, want at most 1", where, len(rows))
						}
						if len(rows) == 0 {
							if v != nil {
								t.Errorf("%s = %v, want null: the source has no row", where, v)
							}
							continue
						}
						compareRow(t, where, v, rows[0], header, d.fields)
						continue
					}
					items, ok := v.([]any)
					if !ok {
						t.Errorf("%s = %v, want a list ([] when there is no row)", where, v)
						continue
					}
					if len(items) != len(rows) {
						t.Errorf("%s has %d items, want %d, one per source row", where, len(items), len(rows))
						continue
					}
					for i, r := range rows {
						compareRow(t, where+"["+r.cells["서비스_업종_코드"]+"]", items[i], r, header, d.fields)
					}
				}
				if strings.Join(present, " ") != tc.present {
					t.Errorf("the fixture has rows for [%s], the scenario is written for [%s]", strings.Join(present, " "), tc.present)
				}
			})
		}
	})
}

// compareRow compares the object got with its source row: every column of
// fields at its path, exactly; every other column must be a key column, and
// every leaf of got must come from a column.
func compareRow(t *testing.T, where string, got any, src sourceRow, header []string, fields []field) {
	t.Helper()
	obj, ok := got.(map[string]any)
	if !ok {
		t.Errorf("%s = %v, want an object", where, got)
		return
	}
	leaves := make(map[string]any)
	flatten("", obj, leaves)
	mapped := make(map[string]bool)
	for _, f := range fields {
		mapped[f.header] = true
		cell, ok := src.cells[f.header]
		if !ok {
			t.Errorf("%s: the source file has no column %s", where, f.header)
			continue
		}
		g, ok := leaves[f.path]
		if !ok {
			t.Errorf("%s: %s missing; the source has %s = %q (line %d)", where, f.path, f.header, cell, src.line)
			continue
		}
		delete(leaves, f.path)
		if f.text {
			if s, isString := g.(string); !isString || s != cell {
				t.Errorf("%s: %s = %#v, want %q (%s, line %d)", where, f.path, g, cell, f.header, src.line)
			}
		} else if !sameNumber(g, cell) {
			t.Errorf("%s: %s = %v, want %q (%s, line %d)", where, f.path, g, cell, f.header, src.line)
		}
	}
	for _, h := range header {
		if !mapped[h] && !slices.Contains(keyColumns, h) {
			t.Errorf("%s: the published column %s (line %d: %q) is not in the answer", where, h, src.line, src.cells[h])
		}
	}
	for _, p := range slices.Sorted(maps.Keys(leaves)) {
		t.Errorf("%s: %s = %v has no source column", where, p, leaves[p])
	}
}

// sameNumber reports whether a JSON number equals a published cell exactly
// ("" is 0, "126315.0" is 126315), compared as rationals so that neither
// side is rounded.
func sameNumber(got any, cell string) bool {
	n, ok := got.(json.Number)
	if !ok {
		return false
	}
	if cell == "" {
		cell = "0"
	}
	a, okA := new(big.Rat).SetString(string(n))
	b, okB := new(big.Rat).SetString(cell)
	return okA && okB && a.Cmp(b) == 0
}

// flatten collects the leaves of a decoded JSON object by dotted path.
func flatten(prefix string, v any, out map[string]any) {
	if obj, ok := v.(map[string]any); ok {
		for k, c := range obj {
			flatten(prefix+k+".", c, out)
		}
		return
	}
	out[strings.TrimSuffix(prefix, ".")] = v
}

func hasEmptyCell(r sourceRow) bool {
	for _, c := range r.cells {
		if c == "" {
			return true
		}
	}
	return false
}

// asDistrict re-reads a decoded JSON object as a district.
func asDistrict(t *testing.T, v any) district {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var d district
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("district %s: %v", raw, err)
	}
	if d.Geometry != nil {
		t.Errorf("district %s: the report carries a geometry; only GET /districts/{code} does", d.Code)
	}
	return d
}

func TestQuarterErrors(t *testing.T) {
	eachStore(t, func(t *testing.T, h http.Handler) {
		var cases []errorCase
		for _, q := range []string{"2025Q1", "20255", "20250", "2025", "202511", "abcde", "2025-1"} {
			cases = append(cases, errorCase{name: "quarter " + q, target: "/api/v1/districts/3001491/quarters/" + q, status: 400, code: "bad_request"})
		}
		cases = append(cases,
			errorCase{name: "code letters", target: "/api/v1/districts/abc/quarters/20251", status: 400, code: "bad_request"},
			errorCase{name: "legacy code", target: "/api/v1/districts/2110753/quarters/20251", status: 400, code: "bad_request"},
			errorCase{name: "bad code and quarter", target: "/api/v1/districts/abc/quarters/2025Q1", status: 400, code: "bad_request"},
			errorCase{name: "unknown district", target: "/api/v1/districts/3999999/quarters/20251", status: 404, code: "not_found"},
		)
		// In the fixture store the district exists but no dataset has 20261.
		cases = append(cases, errorCase{name: "quarter no dataset has", target: "/api/v1/districts/3001491/quarters/20261", status: 404, code: "not_found"})
		runErrorCases(t, h, cases)
	})
}
