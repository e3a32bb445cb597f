// Package indicator computes sangsaeng's district indicators from published
// figures. Every formula is documented in docs/indicators.md with its
// version; the package does no I/O, so each formula is tested with plain
// values.
package indicator

// Sales is 추정매출 of one district and quarter: one industry, or the sum
// over industries. Arrays follow seoul.Days (mon..sun), seoul.TimeBands
// (00-06..21-24), seoul.Sexes (male, female) and seoul.Ages (10..60+).
type Sales struct {
	Amount, Count                int64
	WeekdayAmount, WeekendAmount int64
	AmountByDay, CountByDay      [7]int64
	AmountByTime, CountByTime    [6]int64
	AmountBySex, CountBySex      [2]int64
	AmountByAge, CountByAge      [6]int64
	// Inconsistent is set when the publisher's breakdowns of a source row
	// do not add up to its total (sex, age, day or time-band sums).
	Inconsistent bool
}

// Stores is 점포 of one district and quarter: one industry, or the sum over
// industries (rates are then absent: zero, and recomputed from counts).
type Stores struct {
	Stores     int64 // 점포_수: stores that are not franchises
	Similar    int64 // 유사_업종_점포_수 = Stores + Franchise
	Franchise  int64 // 프랜차이즈_점포_수
	Opened     int64 // 개업_점포_수
	Closed     int64 // 폐업_점포_수
	OpenRate   float64
	CloseRate  float64 // published rates, % of Similar, rounded by the publisher
	HasRates   bool    // false for sums over industries
	Industries int     // source rows summed
}

// Foot is 길단위인구 of one district and quarter.
type Foot struct {
	Total  int64
	BySex  [2]int64
	ByAge  [6]int64
	ByTime [6]int64
	ByDay  [7]int64
}

// Change is 상권변화지표 of one district and quarter: months of operation of
// surviving and of closed businesses, against Seoul's averages.
type Change struct {
	Label                       string // HH, HL, LH, LL as published
	Operating, Closed           int64
	SeoulOperating, SeoulClosed int64
}

// Population is 직장인구 or 상주인구 of one district and quarter.
type Population struct {
	Total int64
	BySex [2]int64
	ByAge [6]int64
}

// Income is 소득소비 of one district and quarter.
type Income struct {
	MonthlyAvg    int64 // 월_평균_소득_금액, KRW
	Band          int64 // 소득_구간_코드
	SpendingTotal int64 // 지출_총금액, KRW
}

// District is everything published about one district for one quarter (and
// one industry, or all), with the quarters an indicator compares against.
// A nil pointer means the dataset has no row.
type District struct {
	Code   string
	AreaM2 float64 // 영역_면적

	Sales, SalesPrevQuarter, SalesPrevYear    *Sales
	Stores, StoresPrevQuarter, StoresPrevYear *Stores
	Foot, FootPrevQuarter, FootPrevYear       *Foot
	Change                                    *Change
	Workers, Residents                        *Population
	Income                                    *Income
	Facilities                                *int64 // 집객시설_수
	Vitality                                  *Vitality

	// IndustriesDiffer is set, for sums over industries, when the industries
	// with sales rows are not those with store rows: a figure per store then
	// divides one set of industries by another.
	IndustriesDiffer bool
	// SalesIndustries and StoresIndustries are, for sums over industries,
	// the industries with sales and with store rows, which an aggregate of
	// districts compares to set its IndustriesDiffer.
	SalesIndustries, StoresIndustries IndustrySet
}

// IndustrySet is a set of industries, each numbered by the caller (bit i of
// word i/64).
type IndustrySet []uint64

// With returns s with industry i added; s may be reused.
func (s IndustrySet) With(i int) IndustrySet {
	for len(s) <= i/64 {
		s = append(s, 0)
	}
	s[i/64] |= 1 << (i % 64)
	return s
}

// Or returns s with the industries of t added; s (never t) may be reused.
func (s IndustrySet) Or(t IndustrySet) IndustrySet {
	for len(s) < len(t) {
		s = append(s, 0)
	}
	for i, w := range t {
		s[i] |= w
	}
	return s
}

// Equal reports whether s and t hold the same industries.
func (s IndustrySet) Equal(t IndustrySet) bool {
	for i := range max(len(s), len(t)) {
		var a, b uint64
		if i < len(s) {
			a = s[i]
		}
		if i < len(t) {
			b = t[i]
		}
		if a != b {
			return false
		}
	}
	return true
}

// Empty reports whether s holds no industry.
func (s IndustrySet) Empty() bool { return s.Equal(nil) }
