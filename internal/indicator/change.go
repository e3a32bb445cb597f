package indicator

// Change index labels (상권변화지표).
const (
	LabelHH         = "HH" // 정체
	LabelHL         = "HL" // 상권축소
	LabelLH         = "LH" // 상권확장
	LabelLL         = "LL" // 다이나믹
	LabelBorderline = "borderline"
)

var changeNames = map[string]string{
	LabelHH: "정체",
	LabelHL: "상권축소",
	LabelLH: "상권확장",
	LabelLL: "다이나믹",
}

// ReproduceChangeIndex returns the 상권변화지표 label that the published
// month averages imply: first letter H when 운영_영업_개월_평균 >
// 서울_운영_영업_개월_평균, else L; second letter H when 폐업_영업_개월_평균 >
// 서울_폐업_영업_개월_평균, else L. When either average equals Seoul's, the
// publisher (who compares unrounded values) may have decided either way,
// and it returns "borderline".
func ReproduceChangeIndex(c Change) string {
	if c.Operating == c.SeoulOperating || c.Closed == c.SeoulClosed {
		return LabelBorderline
	}
	s := "L"
	if c.Operating > c.SeoulOperating {
		s = "H"
	}
	if c.Closed > c.SeoulClosed {
		return s + "H"
	}
	return s + "L"
}

func changeIndex(d District) label {
	if d.Change == nil {
		return label{flags: []string{FlagNoData}}
	}
	var flags []string
	if _, ok := changeNames[d.Change.Label]; !ok {
		flags = append(flags, FlagUnknownLabel)
	}
	return label{s: d.Change.Label, ok: true, flags: flags}
}

func changeIndexName(d District) label {
	if d.Change == nil {
		return label{flags: []string{FlagNoData}}
	}
	name, ok := changeNames[d.Change.Label]
	if !ok {
		return label{flags: []string{FlagUnknownLabel}}
	}
	return label{s: name, ok: true}
}

func changeIndexReproduced(d District) label {
	if d.Change == nil {
		return label{flags: []string{FlagNoData}}
	}
	c := *d.Change
	got := ReproduceChangeIndex(c)
	var flags []string
	if got == LabelBorderline {
		flags = append(flags, FlagBorderline)
		if c.Operating == c.SeoulOperating {
			flags = append(flags, FlagOperatingAtSeoulAvg)
		}
		if c.Closed == c.SeoulClosed {
			flags = append(flags, FlagClosedAtSeoulAvg)
		}
	} else if _, known := changeNames[c.Label]; known && got != c.Label {
		flags = append(flags, FlagLabelMismatch)
	}
	return label{s: got, ok: true, flags: flags}
}

func changeMonths(d District, f func(*Change) int64) num {
	if d.Change == nil {
		return none(FlagNoData)
	}
	return some(float64(f(d.Change)))
}

func operatingMonths(d District) num {
	return changeMonths(d, func(c *Change) int64 { return c.Operating })
}

// Start-up risk light: sangsaeng's own thresholds, in the spirit of
// 상권신호등 (whose formula is unpublished). See docs/indicators.md.
const (
	riskClose1       = 5.0   // close rate ≥ 5 %: 1 point
	riskClose2       = 10.0  // close rate ≥ 10 %: 2 points
	riskMonthsBelow2 = 6     // 폐업_영업_개월_평균 ≥ 6 months below Seoul's: 2 points (any below: 1)
	riskShrink2      = -10.0 // store growth ≤ −10 %: 2 points (any shrinking: 1)
)

// Risk levels, lowest first.
const (
	RiskCaution   = "주의"
	RiskSuspect   = "의심"
	RiskDanger    = "위험"
	RiskHighAlert = "고위험"
)

// RiskLevel maps risk points (0–6) to a level: 0–1 주의, 2–3 의심,
// 4 위험, 5–6 고위험.
func RiskLevel(points int) string {
	switch {
	case points >= 5:
		return RiskHighAlert
	case points >= 4:
		return RiskDanger
	case points >= 2:
		return RiskSuspect
	default:
		return RiskCaution
	}
}

// carried are the flags an input passes on to what is computed from it.
var carried = map[string]bool{
	FlagNoData: true, FlagNoPrevious: true, FlagZeroDenominator: true, FlagNotFinite: true,
	FlagSmallBase: true, FlagPublisherInconsistent: true, FlagFallback: true, FlagPartial: true,
	FlagIndustriesDiffer: true,
}

func carry(dst []string, src ...[]string) []string {
	for _, fs := range src {
		for _, f := range fs {
			if carried[f] {
				dst = append(dst, f)
			}
		}
	}
	return dst
}

// storeGrowthForRisk is 유사_업종_점포_수 growth on the previous year,
// falling back to the previous quarter (flagged fallback).
func storeGrowthForRisk(d District) num {
	g := storesYoY(d)
	if g.ok || d.Stores == nil {
		return g
	}
	q := storesQoQ(d)
	if q.ok {
		q.flags = append(q.flags, FlagFallback)
		return q
	}
	return g
}

// startupRisk returns the risk points (0–6) and the level; both need the
// close rate, the change index months and a store growth.
func startupRisk(d District) (label, num) {
	cr := closeRate(d)
	g := storeGrowthForRisk(d)
	var flags []string
	flags = carry(flags, cr.flags, g.flags)
	if d.Change == nil {
		flags = append(flags, FlagNoData)
	}
	if !cr.ok || !g.ok || d.Change == nil {
		return label{flags: flags}, none(flags...)
	}
	pts := 0
	switch {
	case cr.x >= riskClose2:
		pts += 2
	case cr.x >= riskClose1:
		pts++
	}
	switch below := d.Change.SeoulClosed - d.Change.Closed; {
	case below >= riskMonthsBelow2:
		pts += 2
	case below > 0:
		pts++
	}
	switch {
	case g.x <= riskShrink2:
		pts += 2
	case g.x < 0:
		pts++
	}
	return label{s: RiskLevel(pts), ok: true, flags: flags}, some(float64(pts), flags...)
}
