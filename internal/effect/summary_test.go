package effect

import (
	"strings"
	"testing"
	"time"
)

func TestPeriodOf(t *testing.T) {
	seoul := time.FixedZone("KST", 9*3600)
	tests := []struct {
		day    time.Time
		period string
		want   string
	}{
		{time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC), "week", "2025-W13"}, // a Sunday
		{time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), "week", "2025-W14"}, // the Monday after
		{time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC), "week", "2025-W01"},
		{time.Date(2025, 3, 31, 23, 30, 0, 0, seoul), "month", "2025-03"}, // its date where it happened
		{time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), "month", "2025-12"},
	}
	for _, tt := range tests {
		l := PeriodOf(tt.day, tt.period)
		if got := FormatPeriod(l, tt.period); got != tt.want {
			t.Errorf("PeriodOf(%s, %s) = %d = %s, want %s", tt.day, tt.period, l, got, tt.want)
		}
	}
	if a, b := PeriodOf(time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC), "week"), PeriodOf(time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC), "week"); b != a+1 {
		t.Errorf("consecutive weeks %d, %d: want one apart", a, b)
	}
	if a, b := PeriodOf(time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), "month"), PeriodOf(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "month"); b != a+1 {
		t.Errorf("consecutive months %d, %d: want one apart", a, b)
	}
}

func TestSummarize(t *testing.T) {
	p := 0.01
	prepay := Words{Period: "week", Outcome: "sales", OutcomeKo: "매출액", Unit: "merchant", Units: "merchants", UnitsKo: "가맹점",
		Treatment: "prepayment", TreatmentKo: "선결제"}
	count := prepay
	count.Outcome, count.OutcomeKo, count.Period = "card transactions", "결제 건수", "month"
	tests := []struct {
		name   string
		res    Result
		w      Words
		en, ko []string
	}{
		{
			name: "the issue's sentence",
			res:  Result{ATT: 61, CI: [2]float64{20, 102}, Counterfactual: 1000, Treated: 48, Controls: 900, Periods: 20, PostPeriods: 8},
			w:    prepay,
			en:   []string{"Sales of the 48 treated merchants were 6.1% higher than comparable merchants' in the 8 weeks after prepayment; 95% interval 2.0% to 10.2%.", "Compared with 900 merchants over 20 weeks."},
			ko:   []string{"선결제 후 8주 동안 지원받은 가맹점 48곳의 매출액은 비교 가맹점보다 6.1% 높았습니다 (95% 구간 2.0% ~ 10.2%)."},
		},
		{
			name: "lower, not told apart from chance, pre-trends apart",
			res: Result{ATT: -5, CI: [2]float64{-12, 2}, Counterfactual: 100, Treated: 6, Controls: 30, Periods: 12, PostPeriods: 1,
				Control: "notyet", PreTrend: PreTrend{P: &p, Warning: "pre-trends differ"}},
			w:  count,
			en: []string{"Card transactions of the 6 treated merchants were 5.0% lower than comparable merchants' (not treated, or not yet) in the 1 month after prepayment", "cannot tell the effect apart from chance", "Warning:", "p = 0.010"},
			ko: []string{"결제 건수는", "5.0% 낮았습니다", "우연과 구별할 수 없습니다", "주의:"},
		},
		{
			name: "no positive counterfactual: in the outcome's units",
			res:  Result{ATT: 3, CI: [2]float64{1, 5}, Counterfactual: 0, Treated: 5, Controls: 9, Periods: 10, PostPeriods: 4},
			w:    prepay,
			en:   []string{"changed by +3 per merchant and week", "95% interval 1 to 5."},
			ko:   []string{"곳당 +3 달라졌습니다"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en, ko := Summarize(&tt.res, tt.w)
			for _, s := range tt.en {
				if !strings.Contains(en, s) {
					t.Errorf("English %q\nlacks %q", en, s)
				}
			}
			for _, s := range tt.ko {
				if !strings.Contains(ko, s) {
					t.Errorf("Korean %q\nlacks %q", ko, s)
				}
			}
		})
	}
}
