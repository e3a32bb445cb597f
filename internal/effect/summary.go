package effect

import (
	"fmt"
	"math"
)

// Words names, in English and Korean, what an estimate is about, for the
// sentence a program manager reads (Summarize).
type Words struct {
	Period      string // "month" or "week"
	Outcome     string // "sales" (amount) or "card transactions" (count)
	OutcomeKo   string // 매출액, 결제 건수
	Unit        string // "merchant"
	Units       string // "merchants"
	UnitsKo     string // 가맹점
	Treatment   string // "prepayment", "the first meal-kit order"
	TreatmentKo string // 선결제, 밀키트 첫 주문
}

// Summarize says the estimate in words, in English and in Korean: the
// effect as a percentage of the treated units' counterfactual mean (or, when
// that mean is not positive, in the outcome's units), its 95% interval, and
// a warning when the pre-trend check failed or the interval includes no
// effect. It repeats only aggregates of the Result.
func Summarize(res *Result, w Words) (en, ko string) {
	one, unitKo := "month", "개월"
	if w.Period == "week" {
		one, unitKo = "week", "주"
	}
	n := res.PostPeriods
	unitEn := plural(one, n)
	comparison, comparisonKo := "comparable "+w.Units+"'", "비교 "+w.UnitsKo
	if res.Control == "notyet" {
		comparison += " (not treated, or not yet)"
		comparisonKo += "(미지원 또는 아직 지원 전)"
	}
	if cf := res.Counterfactual; cf > 0 {
		pct, lo, hi := 100*res.ATT/cf, 100*res.CI[0]/cf, 100*res.CI[1]/cf
		dir, dirKo := "higher", "높았습니다"
		if pct < 0 {
			dir, dirKo = "lower", "낮았습니다"
		}
		en = fmt.Sprintf("%s of the %d treated %s were %.1f%% %s than %s in the %d %s after %s; 95%% interval %.1f%% to %.1f%%.",
			capital(w.Outcome), res.Treated, w.Units, math.Abs(pct), dir, comparison, n, unitEn, w.Treatment, lo, hi)
		ko = fmt.Sprintf("%s 후 %d%s 동안 지원받은 %s %d곳의 %s %s보다 %.1f%% %s (95%% 구간 %.1f%% ~ %.1f%%).",
			w.TreatmentKo, n, unitKo, w.UnitsKo, res.Treated, topicKo(w.OutcomeKo), comparisonKo, math.Abs(pct), dirKo, lo, hi)
	} else {
		en = fmt.Sprintf("%s of the %d treated %s changed by %+.0f per %s and %s against %s in the %d %s after %s; 95%% interval %.0f to %.0f.",
			capital(w.Outcome), res.Treated, w.Units, res.ATT, w.Unit, one, comparison, n, unitEn, w.Treatment, res.CI[0], res.CI[1])
		ko = fmt.Sprintf("%s 후 %d%s 동안 지원받은 %s %d곳의 %s %s 대비 곳당 %+.0f 달라졌습니다 (95%% 구간 %.0f ~ %.0f).",
			w.TreatmentKo, n, unitKo, w.UnitsKo, res.Treated, topicKo(w.OutcomeKo), comparisonKo, res.ATT, res.CI[0], res.CI[1])
	}
	en += fmt.Sprintf(" Compared with %d %s over %d %s.", res.Controls, w.Units, res.Periods, plural(one, res.Periods))
	ko += fmt.Sprintf(" 비교 대상 %s %d곳, %d%s의 자료입니다.", w.UnitsKo, res.Controls, res.Periods, unitKo)
	if res.CI[0] <= 0 && res.CI[1] >= 0 {
		en += " The interval includes no effect at all: these data cannot tell the effect apart from chance."
		ko += " 구간이 0을 포함하므로 이 자료로는 효과를 우연과 구별할 수 없습니다."
	}
	if res.PreTrend.P != nil && res.PreTrend.Warning != "" {
		en += fmt.Sprintf(" Warning: before %s the two groups' sales already moved apart (pre-trend test p = %.3f); the estimate may be biased.", w.Treatment, *res.PreTrend.P)
		ko += fmt.Sprintf(" 주의: %s 전에도 두 집단의 추세가 달랐습니다(사전 추세 검정 p = %.3f). 추정치가 치우쳤을 수 있습니다.", w.TreatmentKo, *res.PreTrend.P)
	}
	return en, ko
}

func capital(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func plural(w string, n int) string {
	if n == 1 {
		return w
	}
	return w + "s"
}

// topicKo is s with its topic particle: 은 after a final consonant, else 는.
func topicKo(s string) string {
	r := []rune(s)
	if len(r) > 0 && r[len(r)-1] >= 0xAC00 && r[len(r)-1] <= 0xD7A3 && (r[len(r)-1]-0xAC00)%28 != 0 {
		return s + "은"
	}
	return s + "는"
}
