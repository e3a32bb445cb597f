package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/effect"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// programEffect answers what a program did to its treated merchants' card
// sales: treatment from the program's ledger (store.ProgramTreatment),
// outcomes and controls from the stored card sales, only aggregates out. To
// its operators' managers, auditors and admins: the merchants' staff and the
// merchants themselves read the program's report, not this comparison with
// other businesses.
func (a *API) programEffect(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramEffect)
	if !ok {
		return
	}
	q, err := parseEffectQuery(r)
	if err != nil {
		badParameter(w, err.Error())
		return
	}
	tr, err := a.db.ProgramTreatment(r.Context(), p.ID)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	cohort := make([]treatedMerchant, len(tr))
	for i, t := range tr {
		cohort[i] = treatedMerchant{org: t.Org, businessNo: t.BusinessNo, first: t.First}
	}
	ans, err := a.estimateProgramEffect(r.Context(), p.ID, p.Kind, cohort, q)
	if err != nil {
		a.effectFailed(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

// effectQuery is what GET /api/v1/programs/{id}/effect asks for.
type effectQuery struct {
	outcome    string // amount, count
	control    string // never, notyet
	method     string // cs, did, sdid
	period     string // week, month
	excludeOwn bool   // leave out controls in a treated merchant's 상권
}

// parseEffectQuery reads the parameters, filling the defaults (amount,
// never, cs, week, own 상권 kept).
func parseEffectQuery(r *http.Request) (effectQuery, error) {
	q := effectQuery{outcome: "amount", control: "never", method: "cs", period: "week"}
	for _, p := range []struct {
		name  string
		dst   *string
		allow []string
	}{
		{"outcome", &q.outcome, []string{"amount", "count"}},
		{"control", &q.control, []string{"never", "notyet"}},
		{"method", &q.method, []string{"cs", "did", "sdid"}},
		{"period", &q.period, []string{"week", "month"}},
	} {
		if v := r.URL.Query().Get(p.name); v != "" {
			if !slices.Contains(p.allow, v) {
				return q, fmt.Errorf("%s %q: want %s", p.name, v, orList(p.allow))
			}
			*p.dst = v
		}
	}
	switch v := r.URL.Query().Get("exclude_own_district"); v {
	case "", "false":
	case "true":
		q.excludeOwn = true
	default:
		return q, fmt.Errorf("exclude_own_district %q: want true or false", v)
	}
	if q.control == "notyet" && q.method != "cs" {
		return q, errors.New("control notyet applies to method cs; did and sdid compare one cohort with the never treated")
	}
	return q, nil
}

func orList(s []string) string {
	if len(s) == 1 {
		return s[0]
	}
	out := ""
	for i, v := range s {
		switch {
		case i == 0:
		case i == len(s)-1:
			out += " or "
		default:
			out += ", "
		}
		out += v
	}
	return out
}

// treatedMerchant is a program's cohort merchant as its effect needs it:
// its business number and when it was first treated (zero: not yet).
type treatedMerchant struct {
	org, businessNo string
	first           time.Time
}

// seoulTime is Asia/Seoul (no daylight saving since 1988): a treatment's
// day is its date there.
var seoulTime = time.FixedZone("KST", 9*60*60)

// effectAnswer is the effect endpoint's JSON: the estimate (aggregates
// only, as effect.Result promises) with what it is about and the sentence
// a program manager reads.
type effectAnswer struct {
	Program string `json:"program"`
	Outcome string `json:"outcome"`
	Period  string `json:"period"`
	*effect.Result
	// Relative is the effect and its interval over the treated merchants'
	// counterfactual mean (0.061: +6.1%); absent when that mean is not
	// positive.
	Relative  *relativeEffect `json:"relative,omitempty"`
	SummaryEn string          `json:"summary_en"`
	SummaryKo string          `json:"summary_ko"`
}

type relativeEffect struct {
	ATT float64 `json:"att"`
	Lo  float64 `json:"lo"`
	Hi  float64 `json:"hi"`
}

// errNoOutcomes marks a program none of whose treated merchants has card
// sales in the store.
var errNoOutcomes = errors.New("no outcomes")

// treatmentWords names a program kind's treatment for the summary.
var treatmentWords = map[string][2]string{
	"prepayment": {"prepayment", "선결제"},
	"meal_kit":   {"the first meal-kit order", "밀키트 첫 주문"},
	"lunchbox":   {"the first lunchbox order", "도시락 첫 주문"},
}

// estimateProgramEffect builds the outcome panel of a program's treated
// merchants and their industries' controls from the stored card sales and
// estimates the effect q asks for. Merchants are linked by business number;
// one treated at several times (several stores in the cohort) counts from
// the first. The privacy threshold is effect.DefaultMinUnits; the seed is
// fixed, so the same data give the same answer.
func (a *API) estimateProgramEffect(ctx context.Context, programID, kind string, cohort []treatedMerchant, q effectQuery) (*effectAnswer, error) {
	first := map[string]time.Time{}
	var notYet, noNumber []string
	for _, m := range cohort {
		switch {
		case m.businessNo == "":
			noNumber = append(noNumber, m.org)
		case m.first.IsZero():
			notYet = append(notYet, m.businessNo)
		default:
			if f, ok := first[m.businessNo]; !ok || m.first.Before(f) {
				first[m.businessNo] = m.first
			}
		}
	}
	var notes []string
	if len(notYet) > 0 {
		notes = append(notes, fmt.Sprintf("%d cohort merchant(s) not treated yet were left out of both groups", len(notYet)))
	}
	if len(noNumber) > 0 {
		notes = append(notes, fmt.Sprintf("%d cohort merchant(s) without a business number could not be linked to card sales", len(noNumber)))
	}
	treated := make([]string, 0, len(first))
	for bn := range first {
		treated = append(treated, bn)
	}
	slices.Sort(treated)
	sp, err := a.db.MerchantSalesPanel(ctx, store.SalesPanelQuery{Treated: treated, Period: q.period, ExcludeOwnDistricts: q.excludeOwn, Exclude: notYet})
	if err != nil {
		return nil, err
	}
	found := len(treated) - len(sp.Missing)
	if found == 0 || len(sp.Starts) == 0 {
		return nil, fmt.Errorf("%w: none of the program's %d treated merchant(s) has card sales in the database (sangsaeng sales import loads them)", errNoOutcomes, len(treated))
	}
	if len(sp.Missing) > 0 {
		notes = append(notes, fmt.Sprintf("%d treated merchant(s) have no card sales in the database and were left out", len(sp.Missing)))
	}
	if q.excludeOwn {
		notes = append(notes, fmt.Sprintf("controls in a treated merchant's 상권 left out against spill-overs: %d", sp.OwnDistrict))
	}
	T := len(sp.Starts)
	p := effect.Panel{Periods: make([]int, T), First: make([]int, len(sp.Units)), Y: make([]float64, len(sp.Units)*T)}
	for t, s := range sp.Starts {
		p.Periods[t] = effect.PeriodOf(s, q.period)
	}
	values := sp.Amount
	if q.outcome == "count" {
		values = sp.Count
	}
	for u, b := range sp.Units {
		if sp.Treated[u] {
			p.First[u] = effect.PeriodOf(first[b.BusinessNo].In(seoulTime), q.period)
		}
		for t := range T {
			p.Y[u*T+t] = float64(values[u*T+t])
		}
	}
	notes = append(notes, fmt.Sprintf("panel: %d merchants of the treated merchants' industries × %d %ss of card sales from %s, no sales counted as 0",
		len(sp.Units), T, q.period, effect.FormatPeriod(p.Periods[0], q.period)))
	opt := effect.Options{Bootstrap: 999, Seed: 1, Label: func(l int) string { return effect.FormatPeriod(l, q.period) }}
	if q.control == "notyet" {
		opt.Control = effect.NotYetTreated
	}
	var res *effect.Result
	switch q.method {
	case "cs":
		res, err = effect.CallawaySantAnna(p, opt)
	case "did":
		res, err = effect.DiD(p, opt)
	case "sdid":
		opt.Bootstrap = effect.DefaultPlacebo
		res, err = effect.Synthetic(p, effect.SynthDiD, opt)
	}
	if err != nil {
		return nil, err
	}
	res.Notes = append(notes, res.Notes...)
	if res.ByEventTime == nil { // did and sdid: none; the answer has the lists
		res.ByEventTime = []effect.Effect{}
	}
	if res.ByGroup == nil {
		res.ByGroup = []effect.Effect{}
	}
	tw := treatmentWords[kind]
	if tw[0] == "" {
		tw = [2]string{"treatment", "지원"}
	}
	words := effect.Words{Period: q.period, Outcome: "sales", OutcomeKo: "카드 매출액", Unit: "merchant", Units: "merchants", UnitsKo: "가맹점",
		Treatment: tw[0], TreatmentKo: tw[1]}
	if q.outcome == "count" {
		words.Outcome, words.OutcomeKo = "card transactions", "카드 결제 건수"
	}
	ans := &effectAnswer{Program: programID, Outcome: q.outcome, Period: q.period, Result: res}
	ans.SummaryEn, ans.SummaryKo = effect.Summarize(res, words)
	if cf := res.Counterfactual; cf > 0 {
		ans.Relative = &relativeEffect{ATT: res.ATT / cf, Lo: res.CI[0] / cf, Hi: res.CI[1] / cf}
	}
	return ans, nil
}

// effectFailed answers an estimate the data do not allow: 422 naming the
// reason (too few units for the privacy rule, a panel the method cannot
// use, no card sales), else as fail does.
func (a *API) effectFailed(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, effect.ErrTooFew):
		writeError(w, http.StatusUnprocessableEntity, "too_few_units", err.Error())
	case errors.Is(err, effect.ErrInput):
		writeError(w, http.StatusUnprocessableEntity, "not_estimable", err.Error())
	case errors.Is(err, errNoOutcomes):
		writeError(w, http.StatusUnprocessableEntity, "no_outcomes", strings.TrimPrefix(err.Error(), errNoOutcomes.Error()+": "))
	default:
		a.fail(w, r, err)
	}
}
