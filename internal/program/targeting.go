package program

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// TargetingVersion is the version of the targeting rule in
// docs/programs.md.
const TargetingVersion = "1.0"

// Criteria are the thresholds of need. A merchant is in need when at least
// one holds for its 상권 (for its industry): sales change year on year
// below SalesYoYBelow (%), close rate above CloseRateAbove (%), the change
// index HL (상권축소), or the start-up risk signal 위험 or 고위험.
type Criteria struct {
	SalesYoYBelow  float64 `json:"sales_yoy_below"`
	CloseRateAbove float64 `json:"close_rate_above"`
}

// DefaultCriteria: falling sales, and a close rate at the 상권신호등's
// caution line (5 %, docs/indicators.md).
var DefaultCriteria = Criteria{SalesYoYBelow: 0, CloseRateAbove: 5}

// Signals are a merchant's 상권 indicators; nil or "" where not computed.
type Signals struct {
	SalesYoY    *float64 `json:"sales_yoy_pct"`
	CloseRate   *float64 `json:"close_rate"`
	ChangeIndex string   `json:"change_index"`
	StartupRisk string   `json:"startup_risk"`
}

// Reason is one ground of need, in Korean and in English.
type Reason struct {
	Key      string `json:"key"` // the indicator
	Reason   string `json:"reason"`
	ReasonEN string `json:"reason_en"`
}

// Reasons lists the grounds of need the signals meet under c, in the
// order sales, close rate, change index, risk.
func (c Criteria) Reasons(s Signals) []Reason {
	out := []Reason{}
	if s.SalesYoY != nil && *s.SalesYoY < c.SalesYoYBelow {
		v := *s.SalesYoY
		r := Reason{Key: "sales_yoy_pct",
			Reason:   fmt.Sprintf("매출이 전년 같은 분기보다 %.1f%% 줄었습니다", -v),
			ReasonEN: fmt.Sprintf("sales fell %.1f%% year on year", -v)}
		if v >= 0 {
			r.Reason = fmt.Sprintf("매출 증감률 %.1f%%가 기준 %.1f%%보다 낮습니다", v, c.SalesYoYBelow)
			r.ReasonEN = fmt.Sprintf("sales changed %.1f%% year on year, below the %.1f%% threshold", v, c.SalesYoYBelow)
		}
		out = append(out, r)
	}
	if s.CloseRate != nil && *s.CloseRate > c.CloseRateAbove {
		out = append(out, Reason{Key: "close_rate",
			Reason:   fmt.Sprintf("폐업률 %.1f%%가 기준 %.1f%%를 넘습니다", *s.CloseRate, c.CloseRateAbove),
			ReasonEN: fmt.Sprintf("a close rate of %.1f%%, above %.1f%%", *s.CloseRate, c.CloseRateAbove)})
	}
	if s.ChangeIndex == "HL" {
		out = append(out, Reason{Key: "change_index", Reason: "상권변화지표가 상권축소(HL)입니다", ReasonEN: "the change index is HL: a contracting district"})
	}
	if s.StartupRisk == "위험" || s.StartupRisk == "고위험" {
		en := map[string]string{"위험": "danger", "고위험": "high alert"}[s.StartupRisk]
		out = append(out, Reason{Key: "startup_risk", Reason: "창업 위험 신호가 " + s.StartupRisk + "입니다", ReasonEN: "the start-up risk signal is " + en})
	}
	return out
}

// Candidate is a merchant or a 상권 district weighed for a program.
type Candidate struct {
	ID       string   `json:"id"` // the merchant's org id or the district's code
	Signals  Signals  `json:"signals"`
	Reasons  []Reason `json:"reasons"`
	Distance *float64 `json:"distance_m"` // from the search's centre; nil without one
}

// Rank orders candidates by need: more reasons first, then the steeper
// sales fall (none last), then the higher close rate (none last), then
// the id. It sorts in place.
func Rank(cs []Candidate) {
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		if c := cmp.Compare(len(b.Reasons), len(a.Reasons)); c != 0 {
			return c
		}
		if c := cmpNil(a.Signals.SalesYoY, b.Signals.SalesYoY, 1); c != 0 {
			return c
		}
		if c := cmpNil(a.Signals.CloseRate, b.Signals.CloseRate, -1); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// cmpNil compares two optional values, nil last, ascending (dir 1) or
// descending (dir −1).
func cmpNil(a, b *float64, dir int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return dir * cmp.Compare(*a, *b)
}

// DistanceM is the great-circle distance in metres between two WGS84
// points (haversine on a sphere of radius 6,371,008.8 m, the IUGG mean
// radius): within 0.5 % of the ellipsoid at Seoul's latitude.
func DistanceM(lon1, lat1, lon2, lat2 float64) float64 {
	const r = 6371008.8
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
