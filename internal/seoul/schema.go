package seoul

import "strings"

// Kind says how a column's text is parsed and checked.
type Kind uint8

const (
	Text    Kind = iota // any text, kept as published
	Quarter             // "yyyyq"
	Code                // a district (상권) code known to the loaded 영역-상권
	Dong                // an 8-digit 행정동 code
	Int                 // a non-negative integer; "" is 0 and "123.0" is 123
	Float               // a non-negative decimal; "" is 0
	Label               // a 상권변화지표 label: HH, HL, LH or LL
	Place               // a district (상권) code or an 8-digit 행정동 code, each checked as Code or Dong
)

// Column is one published column.
type Column struct {
	Name     string   // sangsaeng's name, also the store's column name
	Header   string   // the Korean header as published
	Aliases  []string // other accepted headers: English API names, publisher typos
	Kind     Kind
	Optional bool // may be absent from a file; then it reads as zero
	NoEmpty  bool // an empty cell is refused instead of read as zero
}

// SumCheck is a published identity, Total = sum(Parts), that the publisher
// does not always keep. A row breaking it is counted as a warning on the
// release; the values are kept as published.
type SumCheck struct {
	Name      string // warning code
	Total     string
	Parts     []string
	Tolerance int64 // largest difference still taken as rounding
}

// RangeCheck is an expected upper bound of a Float column. A row above it is
// counted as a warning on the release and kept as given.
type RangeCheck struct {
	Name   string // warning code
	Column string
	Max    float64
}

// Schema describes one tabular dataset.
type Schema struct {
	Dataset Dataset
	Title   string   // the dataset's name on the portal
	Columns []Column // in published order
	Key     []string // columns that identify a row; unique within a file
	Checks  []SumCheck
	Ranges  []RangeCheck
	// DefinesCodes marks the district tables, whose codes are the ones
	// every other dataset is checked against.
	DefinesCodes bool
}

// Col returns the index of the named column, or -1.
func (s *Schema) Col(name string) int {
	for i, c := range s.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// QuarterCol returns the index of the quarter column, or -1.
func (s *Schema) QuarterCol() int { return s.kindCol(Quarter) }

// CodeCol returns the index of the column holding the district or 행정동 code
// a row belongs to, or -1.
func (s *Schema) CodeCol() int {
	for _, k := range []Kind{Code, Place} {
		if i := s.kindCol(k); i >= 0 {
			return i
		}
	}
	return s.kindCol(Dong)
}

func (s *Schema) kindCol(k Kind) int {
	for i, c := range s.Columns {
		if c.Kind == k {
			return i
		}
	}
	return -1
}

// SchemaOf returns the schema of a tabular dataset, or nil for the datasets
// that are not read from CSV (polygons).
func SchemaOf(d Dataset) *Schema {
	for _, s := range schemas {
		if s.Dataset == d {
			return s
		}
	}
	return nil
}

var schemas = []*Schema{
	areasSchema, areasDongSchema,
	salesSchema, footTrafficSchema, storesSchema, changeIndexSchema,
	workersSchema, residentsSchema, incomeSchema, facilitiesSchema,
	apartmentsSchema, footTrafficDongSchema, salesDongSchema, vitalitySchema,
}

func col(name, header, alias string, k Kind) Column {
	c := Column{Name: name, Header: header, Kind: k}
	if alias != "" {
		c.Aliases = []string{alias}
	}
	return c
}

// Column groups shared by several datasets.
var (
	quarterCol   = col("quarter", "기준_년분기_코드", "stdr_yyqu_cd", Quarter)
	districtCols = []Column{
		col("type_code", "상권_구분_코드", "trdar_se_cd", Text),
		col("type_name", "상권_구분_코드_명", "trdar_se_cd_nm", Text),
		col("code", "상권_코드", "trdar_cd", Code),
		col("name", "상권_코드_명", "trdar_cd_nm", Text),
	}
	dongCols = []Column{
		col("dong_code", "행정동_코드", "adstrd_cd", Dong),
		col("dong_name", "행정동_코드_명", "adstrd_cd_nm", Text),
	}
	industryCols = []Column{
		col("industry_code", "서비스_업종_코드", "svc_induty_cd", Text),
		col("industry_name", "서비스_업종_코드_명", "svc_induty_cd_nm", Text),
	}
)

// Breakdown labels as used in sangsaeng's column names and API.
var (
	Days      = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}
	TimeBands = []string{"00-06", "06-11", "11-14", "14-17", "17-21", "21-24"}
	Sexes     = []string{"male", "female"}
	Ages      = []string{"10", "20", "30", "40", "50", "60+"}

	daysKo   = []string{"월요일", "화요일", "수요일", "목요일", "금요일", "토요일", "일요일"}
	daysAPI  = []string{"mon", "tues", "wed", "thur", "fri", "sat", "sun"}
	agesKo   = []string{"10", "20", "30", "40", "50", "60_이상"}
	agesAPI  = []string{"10", "20", "30", "40", "50", "60_above"}
	sexesKo  = []string{"남성", "여성"}
	sexesAPI = []string{"ml", "fml"}
)

// DayCol, TimeCol, AgeCol and SexCol name the breakdown columns of a measure
// ("amount", "count", "foot", ...): DayCol("amount", 0) is "mon_amount".
func DayCol(measure string, i int) string { return Days[i] + "_" + measure }
func TimeCol(measure string, i int) string {
	return "t" + strings.ReplaceAll(TimeBands[i], "-", "_") + "_" + measure
}
func AgeCol(measure string, i int) string {
	return "age" + strings.TrimSuffix(Ages[i], "+") + "_" + measure
}
func SexCol(measure string, i int) string { return Sexes[i] + "_" + measure }

func names(f func(string, int) string, measure string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(measure, i)
	}
	return out
}

// salesMeasures are the 47 measure columns shared by 추정매출-상권 and -행정동.
func salesMeasures() []Column {
	cols := []Column{
		col("amount", "당월_매출_금액", "thsmon_selng_amt", Int),
		col("count", "당월_매출_건수", "thsmon_selng_co", Int),
		col("weekday_amount", "주중_매출_금액", "mdwk_selng_amt", Int),
		col("weekend_amount", "주말_매출_금액", "wkend_selng_amt", Int),
	}
	for i := range Days {
		cols = append(cols, col(DayCol("amount", i), daysKo[i]+"_매출_금액", daysAPI[i]+"_selng_amt", Int))
	}
	for i, b := range TimeBands {
		ko := strings.ReplaceAll(b, "-", "~")
		cols = append(cols, col(TimeCol("amount", i), "시간대_"+ko+"_매출_금액", "tmzon_"+strings.ReplaceAll(b, "-", "_")+"_selng_amt", Int))
	}
	for i := range Sexes {
		cols = append(cols, col(SexCol("amount", i), sexesKo[i]+"_매출_금액", sexesAPI[i]+"_selng_amt", Int))
	}
	for i := range Ages {
		cols = append(cols, col(AgeCol("amount", i), "연령대_"+agesKo[i]+"_매출_금액", "agrde_"+agesAPI[i]+"_selng_amt", Int))
	}
	cols = append(cols,
		col("weekday_count", "주중_매출_건수", "mdwk_selng_co", Int),
		col("weekend_count", "주말_매출_건수", "wkend_selng_co", Int))
	for i := range Days {
		cols = append(cols, col(DayCol("count", i), daysKo[i]+"_매출_건수", daysAPI[i]+"_selng_co", Int))
	}
	for i, b := range TimeBands {
		// The publisher's header reads 시간대_건수~06_매출_건수 (a typo for
		// 시간대_00~06_매출_건수); accept both.
		c := col(TimeCol("count", i), "시간대_건수~"+b[3:]+"_매출_건수", "tmzon_"+strings.ReplaceAll(b, "-", "_")+"_selng_co", Int)
		c.Aliases = append(c.Aliases, "시간대_"+strings.ReplaceAll(b, "-", "~")+"_매출_건수")
		cols = append(cols, c)
	}
	for i := range Sexes {
		cols = append(cols, col(SexCol("count", i), sexesKo[i]+"_매출_건수", sexesAPI[i]+"_selng_co", Int))
	}
	for i := range Ages {
		cols = append(cols, col(AgeCol("count", i), "연령대_"+agesKo[i]+"_매출_건수", "agrde_"+agesAPI[i]+"_selng_co", Int))
	}
	return cols
}

// salesChecks are the identities of a sales row. In the 상권 files the day,
// time-band and weekday/weekend sums hold exactly; sex and age often do not.
func salesChecks(tolerance int64) []SumCheck {
	var out []SumCheck
	for _, m := range []string{"amount", "count"} {
		out = append(out,
			SumCheck{Name: "weekday_weekend_" + m, Total: m, Parts: []string{"weekday_" + m, "weekend_" + m}, Tolerance: tolerance},
			SumCheck{Name: "days_" + m, Total: m, Parts: names(DayCol, m, len(Days)), Tolerance: tolerance},
			SumCheck{Name: "time_bands_" + m, Total: m, Parts: names(TimeCol, m, len(TimeBands)), Tolerance: tolerance},
			SumCheck{Name: "sexes_" + m, Total: m, Parts: names(SexCol, m, len(Sexes))},
			SumCheck{Name: "ages_" + m, Total: m, Parts: names(AgeCol, m, len(Ages))},
		)
	}
	return out
}

// footMeasures are the 22 columns of 길단위인구 (상권 and 행정동).
func footMeasures() []Column {
	cols := []Column{
		col("total", "총_유동인구_수", "tot_flpop_co", Int),
		col(SexCol("foot", 0), "남성_유동인구_수", "ml_flpop_co", Int),
		col(SexCol("foot", 1), "여성_유동인구_수", "fml_flpop_co", Int),
	}
	for i := range Ages {
		cols = append(cols, col(AgeCol("foot", i), "연령대_"+agesKo[i]+"_유동인구_수", "agrde_"+agesAPI[i]+"_flpop_co", Int))
	}
	for i, b := range TimeBands {
		u := strings.ReplaceAll(b, "-", "_")
		cols = append(cols, col(TimeCol("foot", i), "시간대_"+u+"_유동인구_수", "tmzon_"+u+"_flpop_co", Int))
	}
	for i := range Days {
		cols = append(cols, col(DayCol("foot", i), daysKo[i]+"_유동인구_수", daysAPI[i]+"_flpop_co", Int))
	}
	return cols
}

// footChecks: the published breakdowns are rounded separately, so a
// difference up to the number of parts is rounding, not an inconsistency.
func footChecks() []SumCheck {
	return []SumCheck{
		{Name: "sexes", Total: "total", Parts: names(SexCol, "foot", 2), Tolerance: 2},
		{Name: "ages", Total: "total", Parts: names(AgeCol, "foot", 6), Tolerance: 6},
		{Name: "time_bands", Total: "total", Parts: names(TimeCol, "foot", 6), Tolerance: 6},
		{Name: "days", Total: "total", Parts: names(DayCol, "foot", 7), Tolerance: 7},
	}
}

// populationMeasures are the 21 columns shared by 직장인구 and 상주인구:
// kind is "직장_인구" / "wrc_popltn" or "상주인구" / "repop".
func populationMeasures(ko, api string) []Column {
	cols := []Column{
		col("total", "총_"+ko+"_수", "tot_"+api+"_co", Int),
		col("male", "남성_"+ko+"_수", "ml_"+api+"_co", Int),
		col("female", "여성_"+ko+"_수", "fml_"+api+"_co", Int),
	}
	for i := range Ages {
		cols = append(cols, col(AgeCol("pop", i), "연령대_"+agesKo[i]+"_"+ko+"_수", "agrde_"+agesAPI[i]+"_"+api+"_co", Int))
	}
	for s, sex := range []string{"male", "female"} {
		apiSex := []string{"mag", "fag"}[s]
		for i := range Ages {
			cols = append(cols, col(AgeCol(sex, i), sexesKo[s]+"연령대_"+agesKo[i]+"_"+ko+"_수", apiSex+"_"+agesAPI[i]+"_"+api+"_co", Int))
		}
	}
	return cols
}

func populationChecks() []SumCheck {
	return []SumCheck{
		{Name: "sexes", Total: "total", Parts: []string{"male", "female"}},
		{Name: "ages", Total: "total", Parts: names(AgeCol, "pop", 6)},
		{Name: "male_ages", Total: "male", Parts: names(AgeCol, "male", 6)},
		{Name: "female_ages", Total: "female", Parts: names(AgeCol, "female", 6)},
	}
}

func concat(groups ...[]Column) []Column {
	var out []Column
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

var areasSchema = &Schema{
	Dataset: Areas,
	Title:   "서울시 상권분석서비스(영역-상권)",
	Columns: concat(districtCols, []Column{
		col("x", "엑스좌표_값", "xcnts_value", Int),
		col("y", "와이좌표_값", "ydnts_value", Int),
		col("gu_code", "자치구_코드", "signgu_cd", Text),
		col("gu_name", "자치구_코드_명", "signgu_cd_nm", Text),
	}, dongCols, []Column{
		col("area_m2", "영역_면적", "relm_ar", Int),
	}),
	Key:          []string{"code"},
	DefinesCodes: true,
}

// areasDongSchema is the tabular form of 영역-행정동, published as JSON.
var areasDongSchema = &Schema{
	Dataset: AreasDong,
	Title:   "서울시 상권분석서비스(영역-행정동)",
	Columns: []Column{
		{Name: "dong_code", Header: "행정동_코드", Aliases: []string{"adstrd_cd"}, Kind: Dong},
		{Name: "dong_name", Header: "행정동_명", Aliases: []string{"adstrd_nm", "행정동_코드_명", "adstrd_cd_nm"}, Kind: Text},
		col("x", "엑스좌표_값", "xcnts_value", Int),
		col("y", "와이좌표_값", "ydnts_value", Int),
		col("area_m2", "영역_면적", "relm_ar", Int),
	},
	Key:          []string{"dong_code"},
	DefinesCodes: true,
}

var salesSchema = &Schema{
	Dataset: Sales,
	Title:   "서울시 상권분석서비스(추정매출-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, industryCols, salesMeasures()),
	Key:     []string{"quarter", "code", "industry_code"},
	Checks:  salesChecks(0),
}

// salesDongSchema: the 행정동 file's day and time-band sums are off by 1–2
// won in a few rows, which is taken as rounding.
var salesDongSchema = &Schema{
	Dataset: SalesDong,
	Title:   "서울시 상권분석서비스(추정매출-행정동)",
	Columns: concat([]Column{quarterCol}, dongCols, industryCols, salesMeasures()),
	Key:     []string{"quarter", "dong_code", "industry_code"},
	Checks:  salesChecks(2),
}

var footTrafficSchema = &Schema{
	Dataset: FootTraffic,
	Title:   "서울시 상권분석서비스(길단위인구-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, footMeasures()),
	Key:     []string{"quarter", "code"},
	Checks:  footChecks(),
}

var footTrafficDongSchema = &Schema{
	Dataset: FootTrafficDong,
	Title:   "서울시 상권분석서비스(길단위인구-행정동)",
	Columns: concat([]Column{quarterCol}, dongCols, footMeasures()),
	Key:     []string{"quarter", "dong_code"},
	Checks:  footChecks(),
}

var storesSchema = &Schema{
	Dataset: Stores,
	Title:   "서울시 상권분석서비스(점포-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, industryCols, []Column{
		col("stores", "점포_수", "stor_co", Int),
		col("similar_stores", "유사_업종_점포_수", "similr_induty_stor_co", Int),
		col("open_rate", "개업_율", "opbiz_rt", Float),
		col("opened", "개업_점포_수", "opbiz_stor_co", Int),
		col("close_rate", "폐업_률", "clsbiz_rt", Float),
		col("closed", "폐업_점포_수", "clsbiz_stor_co", Int),
		col("franchise_stores", "프랜차이즈_점포_수", "frc_stor_co", Int),
	}),
	Key:    []string{"quarter", "code", "industry_code"},
	Checks: []SumCheck{{Name: "similar_stores", Total: "similar_stores", Parts: []string{"stores", "franchise_stores"}}},
}

var changeIndexSchema = &Schema{
	Dataset: ChangeIndex,
	Title:   "서울시 상권분석서비스(상권변화지표-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, []Column{
		col("index_code", "상권_변화_지표", "trdar_chnge_ix", Label),
		col("index_name", "상권_변화_지표_명", "trdar_chnge_ix_nm", Text),
		col("operating_months_avg", "운영_영업_개월_평균", "opr_sale_mt_avrg", Int),
		col("closed_months_avg", "폐업_영업_개월_평균", "cls_sale_mt_avrg", Int),
		col("seoul_operating_months_avg", "서울_운영_영업_개월_평균", "su_opr_sale_mt_avrg", Int),
		col("seoul_closed_months_avg", "서울_폐업_영업_개월_평균", "su_cls_sale_mt_avrg", Int),
	}),
	Key: []string{"quarter", "code"},
}

var workersSchema = &Schema{
	Dataset: Workers,
	Title:   "서울시 상권분석서비스(직장인구-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, populationMeasures("직장_인구", "wrc_popltn")),
	Key:     []string{"quarter", "code"},
	Checks:  populationChecks(),
}

// residentsSchema: 상주인구 has the shape of 직장인구 plus household counts,
// which some copies leave out.
var residentsSchema = &Schema{
	Dataset: Residents,
	Title:   "서울시 상권분석서비스(상주인구-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, populationMeasures("상주인구", "repop"), []Column{
		{Name: "households", Header: "총_가구_수", Aliases: []string{"tot_hshld_co"}, Kind: Int, Optional: true},
		{Name: "apartment_households", Header: "아파트_가구_수", Aliases: []string{"apt_hshld_co"}, Kind: Int, Optional: true},
		{Name: "non_apartment_households", Header: "비_아파트_가구_수", Aliases: []string{"non_apt_hshld_co"}, Kind: Int, Optional: true},
	}),
	Key:    []string{"quarter", "code"},
	Checks: populationChecks(),
}

// SpendingCategories are the 소득소비 spending columns, in published order.
var SpendingCategories = []string{"food", "clothing", "household_goods", "medical", "transport", "leisure", "culture", "education", "entertainment"}

var incomeSchema = &Schema{
	Dataset: Income,
	Title:   "서울시 상권분석서비스(소득소비-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, []Column{
		col("monthly_income_avg", "월_평균_소득_금액", "mt_avrg_income_amt", Int),
		col("income_band", "소득_구간_코드", "income_sctn_cd", Int),
		col("spending_total", "지출_총금액", "expndtr_totamt", Int),
		col("spending_food", "식료품_지출_총금액", "fdstffs_expndtr_totamt", Int),
		col("spending_clothing", "의류_신발_지출_총금액", "clths_ftwr_expndtr_totamt", Int),
		col("spending_household_goods", "생활용품_지출_총금액", "lvspl_expndtr_totamt", Int),
		col("spending_medical", "의료비_지출_총금액", "mcp_expndtr_totamt", Int),
		col("spending_transport", "교통_지출_총금액", "trnsport_expndtr_totamt", Int),
		col("spending_leisure", "여가_지출_총금액", "lsr_expndtr_totamt", Int),
		col("spending_culture", "문화_지출_총금액", "cltur_expndtr_totamt", Int),
		col("spending_education", "교육_지출_총금액", "edc_expndtr_totamt", Int),
		col("spending_entertainment", "유흥_지출_총금액", "plesr_expndtr_totamt", Int),
	}),
	Key: []string{"quarter", "code"},
	Checks: []SumCheck{{Name: "spending", Total: "spending_total", Parts: []string{
		"spending_food", "spending_clothing", "spending_household_goods", "spending_medical", "spending_transport",
		"spending_leisure", "spending_culture", "spending_education", "spending_entertainment"}}},
}

// FacilityTypes are the 집객시설 columns after the total, in published order.
var FacilityTypes = []string{
	"government_offices", "banks", "general_hospitals", "hospitals", "pharmacies", "kindergartens",
	"elementary_schools", "middle_schools", "high_schools", "universities", "department_stores",
	"supermarkets", "theaters", "lodgings", "airports", "railway_stations", "bus_terminals",
	"subway_stations", "bus_stops",
}

var facilitiesSchema = &Schema{
	Dataset: Facilities,
	Title:   "서울시 상권분석서비스(집객시설-상권)",
	// 집객시설_수 is published as its own figure: in most rows it is not the
	// sum of the types, so no identity is checked.
	Columns: concat([]Column{quarterCol}, districtCols, []Column{
		col("total", "집객시설_수", "viatr_fclty_co", Int),
		col("government_offices", "관공서_수", "pblofc_co", Int),
		col("banks", "은행_수", "bank_co", Int),
		col("general_hospitals", "종합병원_수", "gehspt_co", Int),
		col("hospitals", "일반_병원_수", "gnrl_hsptl_co", Int),
		col("pharmacies", "약국_수", "parmacy_co", Int),
		col("kindergartens", "유치원_수", "kndrgr_co", Int),
		col("elementary_schools", "초등학교_수", "elesch_co", Int),
		col("middle_schools", "중학교_수", "mskul_co", Int),
		col("high_schools", "고등학교_수", "hgschl_co", Int),
		col("universities", "대학교_수", "univ_co", Int),
		col("department_stores", "백화점_수", "drts_co", Int),
		col("supermarkets", "슈퍼마켓_수", "supmk_co", Int),
		col("theaters", "극장_수", "theat_co", Int),
		col("lodgings", "숙박_시설_수", "stayng_fclty_co", Int),
		col("airports", "공항_수", "arprt_co", Int),
		col("railway_stations", "철도_역_수", "rlroad_statn_co", Int),
		col("bus_terminals", "버스_터미널_수", "bus_trminl_co", Int),
		col("subway_stations", "지하철_역_수", "subway_statn_co", Int),
		col("bus_stops", "버스_정거장_수", "bus_sttn_co", Int),
	}),
	Key: []string{"quarter", "code"},
}

// ApartmentBands are the 아파트 household bands by floor area and by price.
var ApartmentBands = []string{
	"area_under_66", "area_66", "area_99", "area_132", "area_165",
	"price_under_1", "price_1", "price_2", "price_3", "price_4", "price_5", "price_6_plus",
}

var apartmentsSchema = &Schema{
	Dataset: Apartments,
	Title:   "서울시 상권분석서비스(아파트-상권)",
	Columns: concat([]Column{quarterCol}, districtCols, []Column{
		col("complexes", "아파트_단지_수", "apt_hsmp_co", Int),
		col("area_under_66", "아파트_면적_66_제곱미터_미만_세대_수", "ae_66_sqmt_belo_hshld_co", Int),
		col("area_66", "아파트_면적_66_제곱미터_세대_수", "ae_66_sqmt_hshld_co", Int),
		col("area_99", "아파트_면적_99_제곱미터_세대_수", "ae_99_sqmt_hshld_co", Int),
		col("area_132", "아파트_면적_132_제곱미터_세대_수", "ae_132_sqmt_hshld_co", Int),
		col("area_165", "아파트_면적_165_제곱미터_세대_수", "ae_165_sqmt_hshld_co", Int),
		col("price_under_1", "아파트_가격_1_억_미만_세대_수", "pc_1_hdmil_belo_hshld_co", Int),
		col("price_1", "아파트_가격_1_억_세대_수", "pc_1_hdmil_hshld_co", Int),
		col("price_2", "아파트_가격_2_억_세대_수", "pc_2_hdmil_hshld_co", Int),
		col("price_3", "아파트_가격_3_억_세대_수", "pc_3_hdmil_hshld_co", Int),
		col("price_4", "아파트_가격_4_억_세대_수", "pc_4_hdmil_hshld_co", Int),
		col("price_5", "아파트_가격_5_억_세대_수", "pc_5_hdmil_hshld_co", Int),
		col("price_6_plus", "아파트_가격_6_억_이상_세대_수", "pc_6_hdmil_above_hshld_co", Int),
		col("area_avg_m2", "아파트_평균_면적", "avrg_ae", Int),
		col("price_avg", "아파트_평균_시가", "avrg_mktc", Int),
	}),
	Key: []string{"quarter", "code"},
}
