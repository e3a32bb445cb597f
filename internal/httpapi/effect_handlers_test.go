package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/demo"
	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/synth"
)

// effectInjected is the rise in card sales seedEffect puts in.
const effectInjected = 0.10

// seedEffect adds to the world a prepayment program of kt, kt-effect, that
// prepaid 6 restaurants (eff1 … eff6, 한식, each its own business number)
// at the world's now, and 30 weeks of their card sales around it with 40
// restaurants of the same industry outside the program and 10 of another:
// the treated sell effectInjected more from the prepayment on.
func seedEffect(t testing.TB, w *world) {
	t.Helper()
	ctx := context.Background()
	nos := synth.BusinessNumbers(56, 21, nil)
	ind := "CS100001"
	var cohort []store.Choice
	treated := map[string]time.Time{}
	var bs []store.SalesBusiness
	for i, bn := range nos {
		b := store.SalesBusiness{BusinessNo: bn, Industry: ind, District: "3110001", Stores: 1}
		switch {
		case i < 6:
			o := &store.Org{ID: fmt.Sprintf("eff%d", i+1), Kind: "merchant", Name: fmt.Sprintf("효과 식당 %d", i+1), Industry: &ind}
			if err := o.Validate(bn); err != nil {
				t.Fatal(err)
			}
			if err := w.db.CreateOrg(ctx, o); err != nil {
				t.Fatal(err)
			}
			cohort = append(cohort, store.Choice{Org: o.ID})
			treated[bn] = w.clock()
		case i >= 46:
			b.Industry = "CS100002"
		}
		bs = append(bs, b)
	}
	p := &store.Program{ID: "kt-effect", Kind: program.KindPrepayment, Name: "효과 측정용 선결제", Operators: []program.Operator{{Org: "kt", Share: 1}},
		Budget: 600_000, Starts: "2026-12-01", Ends: "2027-01-31", Terms: program.Terms{PerMerchant: 100_000, RedeemUntil: "2027-01-31", Unused: "donate"}}
	if err := w.db.CreateProgram(ctx, p, w.users["manager"]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.AddMerchants(ctx, p.ID, cohort); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Fund(ctx, p.ID, "f1", "kt", 600_000, store.Meta{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Prepay(ctx, p.ID, "pp1", store.Meta{}); err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) // a Monday
	m := synth.SalesModel{First: first, Last: first.AddDate(0, 0, 7*30-1), Effect: effectInjected, Trend: 0.03, Seed: 4}
	if _, err := demo.ImportCardSales(ctx, w.db, m, bs, treated, "effect test"); err != nil {
		t.Fatal(err)
	}
}

// TestProgramEffectAPI: who may read a program's effect (the role table),
// what the answer holds, and the refusals.
func TestProgramEffectAPI(t *testing.T) {
	w := newWorld(t)
	seedEffect(t, w)
	const target = "/api/v1/programs/kt-effect/effect"
	// In the order of principals: anonymous, admin, manager, staff,
	// merchant, supplier, jury, auditor, other manager (lg's).
	want := []int{401, 200, 200, 403, 403, 403, 403, 200, 403}
	for i, who := range principals {
		name := who
		if name == "" {
			name = "anonymous"
		}
		t.Run("role/"+name, func(t *testing.T) {
			rec := w.do(t, who, "GET", target+"?period=month&method=did", "", nil)
			if rec.Code != want[i] {
				t.Errorf("status %d, want %d; body %s", rec.Code, want[i], rec.Body)
			}
			if rec.Code == 401 || rec.Code == 403 {
				wantError(t, rec, rec.Code, map[int]string{401: "unauthenticated", 403: "forbidden"}[rec.Code])
			}
		})
	}

	var ans struct {
		Method  string     `json:"method"`
		Control string     `json:"control"`
		ATT     float64    `json:"att"`
		SE      float64    `json:"se"`
		CI      [2]float64 `json:"ci"`
		ByEvent []struct {
			E  *int    `json:"e"`
			Lo float64 `json:"lo"`
			Hi float64 `json:"hi"`
		} `json:"by_event_time"`
		ByGroup  []map[string]any `json:"by_group"`
		PreTrend struct {
			P *float64 `json:"p"`
		} `json:"pre_trend"`
		Treated, Controls, Periods int
		Relative                   struct{ ATT, Lo, Hi float64 }
		SummaryEn                  string `json:"summary_en"`
		SummaryKo                  string `json:"summary_ko"`
	}
	rec := w.do(t, "manager", "GET", target, "", &ans)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ans.Method != "cs" || ans.Control != "never" || ans.Treated != 6 || ans.Controls != 40 || ans.Periods != 30 {
		t.Errorf("method %s, control %s, %d treated, %d controls, %d periods; want cs, never, 6, 40, 30 (weeks)", ans.Method, ans.Control, ans.Treated, ans.Controls, ans.Periods)
	}
	if ans.Relative.Lo > effectInjected || ans.Relative.Hi < effectInjected {
		t.Errorf("relative effect %.4f, interval [%.4f, %.4f]: misses the injected %g", ans.Relative.ATT, ans.Relative.Lo, ans.Relative.Hi, effectInjected)
	}
	if len(ans.ByEvent) == 0 || len(ans.ByGroup) != 1 || ans.PreTrend.P == nil || ans.SE <= 0 {
		t.Errorf("event study %d points, %d cohorts, pre-trend p %v, se %g: want points, one cohort, a p and an se", len(ans.ByEvent), len(ans.ByGroup), ans.PreTrend.P, ans.SE)
	}
	if !strings.Contains(ans.SummaryEn, "of the 6 treated merchants were") || !strings.Contains(ans.SummaryEn, "after prepayment") ||
		!strings.Contains(ans.SummaryKo, "선결제 후") {
		t.Errorf("summaries %q / %q", ans.SummaryEn, ans.SummaryKo)
	}
	// No merchant's own figures: only the cohort's and the controls'.
	for _, secret := range []string{"eff1", "효과 식당"} {
		if strings.Contains(rec.Body.String(), secret) {
			t.Errorf("the answer names a merchant (%q)", secret)
		}
	}

	refusals := []struct {
		who, target string
		status      int
		code        string
	}{
		{"manager", target + "?method=rdd", 400, "bad_parameter"},
		{"manager", target + "?method=did&control=notyet", 400, "bad_parameter"},
		{"manager", target + "?exclude_own_district=yes", 400, "bad_parameter"},
		{"manager", "/api/v1/programs/nope/effect", 404, "not_found"},
		// Every control shares the treated merchants' 상권.
		{"manager", target + "?exclude_own_district=true", 422, "too_few_units"},
	}
	for _, r := range refusals {
		rec := w.do(t, r.who, "GET", r.target, "", nil)
		wantError(t, rec, r.status, r.code)
	}
}
