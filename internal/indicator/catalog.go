package indicator

import "slices"

// Units of the served values.
const (
	UnitKRW           = "KRW"
	UnitCount         = "count"
	UnitPersons       = "persons"
	UnitPersonsPerKm2 = "persons/km²"
	UnitPercent       = "%"
	UnitMonths        = "months"
	UnitPoints        = "points"
	UnitGrade         = "grade"
	UnitLabel         = "label"
	UnitBand          = "band"
	UnitStoresPer10k  = "stores/10k persons"
	UnitStoresPerKm2  = "stores/km²"
	UnitIndex         = "index"
)

// Sources: the published method a formula follows.
const (
	SourceSeoul     = "서울시 상권분석서비스"
	SourceOwn       = "sangsaeng"
	SourceOwnSignal = "sangsaeng, after 상권신호등"
	SourceOwnSEMAS  = "sangsaeng, after 상권정보시스템"
	SourceSCGF      = "서울신용보증재단"
)

// Definition describes one indicator: what docs/indicators.md documents
// in full, in a form the API can serve next to the values.
type Definition struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"` // Korean name
	Unit    string   `json:"unit"`
	Version string   `json:"version"`
	Source  string   `json:"source"`
	Columns []string `json:"columns"` // the published (Korean) headers it is computed from
	// Datasets are the quarterly datasets (API names) it reads: where a
	// quarter must have data for the indicator to have a value.
	Datasets []string `json:"datasets"`
}

// columnDataset is the quarterly dataset of each source column; 영역_면적 is
// in the district table, the same every quarter.
var columnDataset = map[string]string{
	colAmount: "sales", colCount: "sales", colWeekend: "sales", colDayAmount: "sales",
	colTimeAmount: "sales", colSexAmount: "sales", colAgeAmount: "sales",
	colFoot: "foot_traffic", colFootTime: "foot_traffic", colFootDay: "foot_traffic",
	colWorkers: "workers", colResidents: "residents", colFacilities: "facilities",
	colIncome: "income", colIncomeBand: "income", colSpending: "income",
	colStores: "stores", colSimilar: "stores", colFranchise: "stores", colOpened: "stores",
	colClosed: "stores", colOpenRate: "stores", colCloseRate: "stores",
	colLabel: "change_index", colOperating: "change_index", colClosedMonths: "change_index",
	colSeoulOper: "change_index", colSeoulClosed: "change_index",
	colVitality: "vitality",
}

// datasetsOf returns the quarterly datasets of cols, in their order.
func datasetsOf(cols []string) []string {
	var out []string
	for _, c := range cols {
		if d, ok := columnDataset[c]; ok && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// Source columns, as published.
const (
	colAmount       = "당월_매출_금액"
	colCount        = "당월_매출_건수"
	colWeekend      = "주말_매출_금액"
	colDayAmount    = "월요일_매출_금액…일요일_매출_금액"
	colTimeAmount   = "시간대_00~06_매출_금액…시간대_21~24_매출_금액"
	colSexAmount    = "남성_매출_금액, 여성_매출_금액"
	colAgeAmount    = "연령대_10_매출_금액…연령대_60_이상_매출_금액"
	colFoot         = "총_유동인구_수"
	colFootTime     = "시간대_00_06_유동인구_수…시간대_21_24_유동인구_수"
	colFootDay      = "월요일_유동인구_수…일요일_유동인구_수"
	colArea         = "영역_면적"
	colWorkers      = "총_직장_인구_수"
	colResidents    = "총_상주인구_수"
	colIncome       = "월_평균_소득_금액"
	colIncomeBand   = "소득_구간_코드"
	colSpending     = "지출_총금액"
	colFacilities   = "집객시설_수"
	colStores       = "점포_수"
	colSimilar      = "유사_업종_점포_수"
	colFranchise    = "프랜차이즈_점포_수"
	colOpened       = "개업_점포_수"
	colClosed       = "폐업_점포_수"
	colOpenRate     = "개업_율"
	colCloseRate    = "폐업_률"
	colLabel        = "상권_변화_지표"
	colOperating    = "운영_영업_개월_평균"
	colClosedMonths = "폐업_영업_개월_평균"
	colSeoulOper    = "서울_운영_영업_개월_평균"
	colSeoulClosed  = "서울_폐업_영업_개월_평균"
	colVitality     = "value (상권 활력지수 feed)"
)

// Indicator keys, in the order of a Set.
const (
	KeySalesAmount                = "sales_amount"
	KeySalesCount                 = "sales_count"
	KeyTicketAvg                  = "ticket_avg"
	KeySalesPerStore              = "sales_per_store"
	KeySalesQoQ                   = "sales_qoq_pct"
	KeySalesYoY                   = "sales_yoy_pct"
	KeyWeekendShare               = "weekend_share"
	KeyPeakDay                    = "peak_day"
	KeyPeakTimeBand               = "peak_time_band"
	KeyMainCustomerSex            = "main_customer_sex"
	KeyMainCustomerAge            = "main_customer_age"
	KeyFootTotal                  = "foot_traffic_total"
	KeyFootPerKm2                 = "foot_traffic_per_km2"
	KeyFootQoQ                    = "foot_traffic_qoq_pct"
	KeyFootYoY                    = "foot_traffic_yoy_pct"
	KeyFootPeakTimeBand           = "foot_traffic_peak_time_band"
	KeyFootPeakDay                = "foot_traffic_peak_day"
	KeyWorkers                    = "workers"
	KeyResidents                  = "residents"
	KeyMonthlyIncome              = "monthly_income_avg"
	KeyIncomeBand                 = "income_band"
	KeySpendingTotal              = "spending_total"
	KeyFacilities                 = "facilities"
	KeyStores                     = "stores"
	KeySimilarStores              = "similar_stores"
	KeyFranchiseStores            = "franchise_stores"
	KeyFranchiseShare             = "franchise_share"
	KeyOpenedStores               = "opened_stores"
	KeyClosedStores               = "closed_stores"
	KeyOpenRate                   = "open_rate"
	KeyOpenRatePublished          = "open_rate_published"
	KeyCloseRate                  = "close_rate"
	KeyCloseRatePublished         = "close_rate_published"
	KeyNetStoreChange             = "net_store_change"
	KeyStoresQoQ                  = "stores_qoq_pct"
	KeyStoresYoY                  = "stores_yoy_pct"
	KeyChangeIndex                = "change_index"
	KeyChangeIndexName            = "change_index_name"
	KeyChangeIndexReproduced      = "change_index_reproduced"
	KeyOperatingMonths            = "operating_months_avg"
	KeyClosedMonths               = "closed_months_avg"
	KeySeoulOperatingMonths       = "seoul_operating_months_avg"
	KeySeoulClosedMonths          = "seoul_closed_months_avg"
	KeyStartupRisk                = "startup_risk"
	KeyStartupRiskPoints          = "startup_risk_points"
	KeyEvalGrowth                 = "evaluation_growth"
	KeyEvalStability              = "evaluation_stability"
	KeyEvalSalesPower             = "evaluation_sales_power"
	KeyEvalPurchasingPower        = "evaluation_purchasing_power"
	KeyEvalAttraction             = "evaluation_attraction"
	KeyEvalScore                  = "evaluation_score"
	KeyEvalGrade                  = "evaluation_grade"
	KeySaturation                 = "saturation"
	KeySaturationSeoulMedian      = "saturation_seoul_median"
	KeySaturationVsSeoul          = "saturation_vs_seoul_pct"
	KeySaturationPerKm2           = "saturation_per_km2"
	KeySaturationPerKm2Median     = "saturation_per_km2_seoul_median"
	KeySaturationPerKm2VsSeoulPct = "saturation_per_km2_vs_seoul_pct"
	KeyVitalityIndex              = "vitality_index"
)

func def(key, name, unit, version, source string, cols ...string) Definition {
	return Definition{Key: key, Name: name, Unit: unit, Version: version, Source: source, Columns: cols, Datasets: datasetsOf(cols)}
}

// evaluation is the definition of the evaluation score and grade: the
// datasets of its five components.
func evaluation(key, name, unit string) Definition {
	d := def(key, name, unit, "1.0", SourceOwnSEMAS)
	d.Datasets = datasetsOf([]string{colAmount, colFoot, colOperating, colClosed, colIncome, colFacilities})
	return d
}

// catalog is the order of a Set and the single place where a key's unit
// and version are set. Bump a version when its formula changes, and in
// docs/indicators.md with it.
var catalog = []Definition{
	def(KeySalesAmount, "추정 매출액", UnitKRW, "1.0", SourceSeoul, colAmount),
	def(KeySalesCount, "추정 매출 건수", UnitCount, "1.0", SourceSeoul, colCount),
	def(KeyTicketAvg, "객단가", UnitKRW, "1.0", SourceSeoul, colAmount, colCount),
	def(KeySalesPerStore, "점포당 매출액", UnitKRW, "1.0", SourceSeoul, colAmount, colSimilar),
	def(KeySalesQoQ, "매출액 전분기 대비 증감률", UnitPercent, "1.0", SourceSeoul, colAmount),
	def(KeySalesYoY, "매출액 전년 동분기 대비 증감률", UnitPercent, "1.0", SourceSeoul, colAmount),
	def(KeyWeekendShare, "주말 매출 비중", UnitPercent, "1.0", SourceSeoul, colWeekend, colAmount),
	def(KeyPeakDay, "매출 최고 요일", UnitLabel, "1.0", SourceSeoul, colDayAmount),
	def(KeyPeakTimeBand, "매출 최고 시간대", UnitLabel, "1.0", SourceSeoul, colTimeAmount),
	def(KeyMainCustomerSex, "주 고객 성별", UnitLabel, "1.0", SourceSeoul, colSexAmount),
	def(KeyMainCustomerAge, "주 고객 연령대", UnitLabel, "1.0", SourceSeoul, colAgeAmount),
	def(KeyFootTotal, "총 유동인구", UnitPersons, "1.0", SourceSeoul, colFoot),
	def(KeyFootPerKm2, "면적당 유동인구", UnitPersonsPerKm2, "1.0", SourceOwn, colFoot, colArea),
	def(KeyFootQoQ, "유동인구 전분기 대비 증감률", UnitPercent, "1.0", SourceSeoul, colFoot),
	def(KeyFootYoY, "유동인구 전년 동분기 대비 증감률", UnitPercent, "1.0", SourceSeoul, colFoot),
	def(KeyFootPeakTimeBand, "유동인구 최다 시간대", UnitLabel, "1.0", SourceSeoul, colFootTime),
	def(KeyFootPeakDay, "유동인구 최다 요일", UnitLabel, "1.0", SourceSeoul, colFootDay),
	def(KeyWorkers, "직장인구", UnitPersons, "1.0", SourceSeoul, colWorkers),
	def(KeyResidents, "상주인구", UnitPersons, "1.0", SourceSeoul, colResidents),
	def(KeyMonthlyIncome, "월 평균 소득", UnitKRW, "1.0", SourceSeoul, colIncome),
	def(KeyIncomeBand, "소득 구간", UnitBand, "1.0", SourceSeoul, colIncomeBand),
	def(KeySpendingTotal, "지출 총액", UnitKRW, "1.0", SourceSeoul, colSpending),
	def(KeyFacilities, "집객시설 수", UnitCount, "1.0", SourceSeoul, colFacilities),
	def(KeyStores, "점포 수", UnitCount, "1.0", SourceSeoul, colStores),
	def(KeySimilarStores, "유사 업종 점포 수", UnitCount, "1.0", SourceSeoul, colSimilar),
	def(KeyFranchiseStores, "프랜차이즈 점포 수", UnitCount, "1.0", SourceSeoul, colFranchise),
	def(KeyFranchiseShare, "프랜차이즈 비율", UnitPercent, "1.0", SourceOwn, colFranchise, colSimilar),
	def(KeyOpenedStores, "개업 점포 수", UnitCount, "1.0", SourceSeoul, colOpened),
	def(KeyClosedStores, "폐업 점포 수", UnitCount, "1.0", SourceSeoul, colClosed),
	def(KeyOpenRate, "개업률", UnitPercent, "1.0", SourceSeoul, colOpened, colSimilar, colOpenRate),
	def(KeyOpenRatePublished, "개업률(공표)", UnitPercent, "1.0", SourceSeoul, colOpenRate),
	def(KeyCloseRate, "폐업률", UnitPercent, "1.0", SourceSeoul, colClosed, colSimilar, colCloseRate),
	def(KeyCloseRatePublished, "폐업률(공표)", UnitPercent, "1.0", SourceSeoul, colCloseRate),
	def(KeyNetStoreChange, "순 점포 증감", UnitCount, "1.0", SourceOwn, colOpened, colClosed),
	def(KeyStoresQoQ, "점포 수 전분기 대비 증감률", UnitPercent, "1.0", SourceOwn, colSimilar),
	def(KeyStoresYoY, "점포 수 전년 동분기 대비 증감률", UnitPercent, "1.0", SourceOwn, colSimilar),
	def(KeyChangeIndex, "상권변화지표", UnitLabel, "1.0", SourceSeoul, colLabel),
	def(KeyChangeIndexName, "상권변화지표 명", UnitLabel, "1.0", SourceSeoul, colLabel),
	def(KeyChangeIndexReproduced, "상권변화지표(재현)", UnitLabel, "1.0", SourceOwn, colOperating, colClosedMonths, colSeoulOper, colSeoulClosed, colLabel),
	def(KeyOperatingMonths, "운영 영업 개월 평균", UnitMonths, "1.0", SourceSeoul, colOperating),
	def(KeyClosedMonths, "폐업 영업 개월 평균", UnitMonths, "1.0", SourceSeoul, colClosedMonths),
	def(KeySeoulOperatingMonths, "서울 운영 영업 개월 평균", UnitMonths, "1.0", SourceSeoul, colSeoulOper),
	def(KeySeoulClosedMonths, "서울 폐업 영업 개월 평균", UnitMonths, "1.0", SourceSeoul, colSeoulClosed),
	def(KeyStartupRisk, "창업 위험 신호", UnitLabel, "1.0", SourceOwnSignal, colClosed, colSimilar, colClosedMonths, colSeoulClosed),
	def(KeyStartupRiskPoints, "창업 위험 점수", UnitPoints, "1.0", SourceOwnSignal, colClosed, colSimilar, colClosedMonths, colSeoulClosed),
	def(KeyEvalGrowth, "성장성", UnitPoints, "1.0", SourceOwnSEMAS, colAmount, colFoot),
	def(KeyEvalStability, "안정성", UnitPoints, "1.0", SourceOwnSEMAS, colOperating, colClosed, colSimilar),
	def(KeyEvalSalesPower, "영업력", UnitPoints, "1.0", SourceOwnSEMAS, colAmount, colSimilar),
	def(KeyEvalPurchasingPower, "구매력", UnitPoints, "1.0", SourceOwnSEMAS, colAmount, colCount, colIncome),
	def(KeyEvalAttraction, "집객력", UnitPoints, "1.0", SourceOwnSEMAS, colFoot, colArea, colFacilities),
	evaluation(KeyEvalScore, "상권평가지수", UnitPoints),
	evaluation(KeyEvalGrade, "상권평가 등급", UnitGrade),
	def(KeySaturation, "과밀도(유동인구 1만 명당 점포 수)", UnitStoresPer10k, "1.0", SourceOwnSEMAS, colSimilar, colFoot),
	def(KeySaturationSeoulMedian, "과밀도 서울 중앙값", UnitStoresPer10k, "1.0", SourceOwnSEMAS, colSimilar, colFoot),
	def(KeySaturationVsSeoul, "과밀도 서울 중앙값 대비", UnitPercent, "1.0", SourceOwnSEMAS, colSimilar, colFoot),
	def(KeySaturationPerKm2, "면적당 점포 수", UnitStoresPerKm2, "1.0", SourceOwnSEMAS, colSimilar, colArea),
	def(KeySaturationPerKm2Median, "면적당 점포 수 서울 중앙값", UnitStoresPerKm2, "1.0", SourceOwnSEMAS, colSimilar, colArea),
	def(KeySaturationPerKm2VsSeoulPct, "면적당 점포 수 서울 중앙값 대비", UnitPercent, "1.0", SourceOwnSEMAS, colSimilar, colArea),
	def(KeyVitalityIndex, "상권 활력지수", UnitIndex, "1.0", SourceSCGF, colVitality),
}

var catalogIndex = func() map[string]int {
	m := make(map[string]int, len(catalog))
	for i, d := range catalog {
		m[d.Key] = i
	}
	return m
}()

// Definitions returns every indicator's definition, in the order of a Set.
func Definitions() []Definition {
	out := make([]Definition, len(catalog))
	for i, d := range catalog {
		d.Columns, d.Datasets = slices.Clone(d.Columns), slices.Clone(d.Datasets)
		out[i] = d
	}
	return out
}

// Lookup returns the definition of one key.
func Lookup(key string) (Definition, bool) {
	i, ok := catalogIndex[key]
	if !ok {
		return Definition{}, false
	}
	d := catalog[i]
	d.Columns, d.Datasets = slices.Clone(d.Columns), slices.Clone(d.Datasets)
	return d, true
}
