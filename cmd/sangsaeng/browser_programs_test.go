package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"
)

// setValue sets an input's value as a date picker or a script would, with
// the input event (typing into date inputs depends on the locale).
func setValue(t *testing.T, a *webApp, ctx context.Context, sel, value string) {
	t.Helper()
	a.do(t, ctx, "set "+sel, chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector(`+js(sel)+`);
		el.value = `+js(value)+`; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); })()`))
}

// shownFigures reads the .figure[data-key] amounts under root.
func shownFigures(t *testing.T, a *webApp, ctx context.Context, root string) map[string]string {
	t.Helper()
	return eval[map[string]string](t, a, ctx, `Object.fromEntries([...document.querySelectorAll(`+js(root+" .figure[data-key]")+`)].map((f) => [f.dataset.key, f.dataset.raw]))`)
}

// programReport is the part of GET /api/v1/programs/{id}/report the pages show.
type programReport struct {
	Budget, Funded, Committed, Spent, Remaining int64
	Merchants                                   []struct {
		Org                                          string
		Prepaid, Redeemed, Balance, Payable, Settled int64
		Kits                                         int
	}
	LedgerBalanced bool `json:"ledger_balanced"`
}

// browserPrograms drives the support programs through the pages of
// their three roles, on a desktop and on a phone: the manager creates a
// prepayment program, funds it, finds merchants in need on the map with
// the analysis' reasons, makes them the cohort, prepays and settles; a
// merchant redeems an amount from an employee's code; the employee orders
// and cancels meal kits before the cut-off and finds the prepaid
// restaurants near them; the merchant sees the day's orders. Every figure
// the pages show is checked against the API's.
func browserPrograms(t *testing.T, w *roleWorld, facts *fixtureFacts) {
	a := w.a
	home := facts.picked[0]
	var shops []string
	for i, d := range facts.picked[:3] {
		id := fmt.Sprintf("shop%d", i+1)
		shops = append(shops, id)
		w.org(t, map[string]any{"id": id, "kind": "merchant", "name": fmt.Sprintf("%s 식당 %d", d.Name, i+1), "business_no": businessNo(t, fmt.Sprintf("3108%d1234", i)),
			"lon": d.Lon + 0.0001, "lat": d.Lat + 0.0001})
		call(t, "PUT", a.url+"/api/v1/orgs/"+id+"/payee", w.token, map[string]string{"bank": "국민은행", "account": fmt.Sprintf("123-45-67890%d", i), "holder": "식당 " + id}, http.StatusOK, nil)
	}
	manager := w.manager
	staff := w.user(t, "staff@kt.example", "박직원", "kt", "staff")
	owner := w.user(t, "owner@shop1.example", "최사장", "shop1", "merchant")
	today := time.Now().In(time.FixedZone("KST", 9*3600))
	date := today.Format("2006-01-02")
	if today.Format("15:04") >= "23:50" {
		t.Skip("the meal kits' cut-off is 23:58 in Seoul: run the test before 23:50 there")
	}

	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			ms := login(t, a.url, manager)
			name := "사랑의 선결제 " + s.name

			// The manager creates, funds and targets a prepayment program.
			ctx := w.open(t, s, "/")
			if page := w.signIn(t, ctx, manager); page != "programs" {
				t.Fatalf("a manager lands on page %q, want programs", page)
			}
			if !eval[bool](t, a, ctx, `!!document.getElementById('program-form') && !document.getElementById('program-form').hidden`) {
				a.do(t, ctx, "open the new program's form", chromedp.Click(chromedp.CSS("#program-new")))
			}
			a.choose(t, ctx, "#program-kind", "prepayment")
			a.fill(t, ctx, "#program-name", name)
			a.fill(t, ctx, "#program-budget", "1000000")
			setValue(t, a, ctx, "#program-ends", today.AddDate(0, 0, 30).Format("2006-01-02"))
			a.fill(t, ctx, "#program-per_merchant", "300000")
			a.do(t, ctx, "make it public", chromedp.Click(chromedp.CSS("#program-public")))
			setValue(t, a, ctx, "#program-redeem_until", today.AddDate(0, 0, 30).Format("2006-01-02"))
			a.do(t, ctx, "create the program", chromedp.Click(chromedp.CSS("#program-create")))
			id := poll[string](t, a, ctx, "the new program", `document.getElementById('page-programs').dataset.loaded === 'true' && (document.getElementById('program-detail') || {dataset: {}}).dataset.id`)
			a.fill(t, ctx, "#fund-amount", "1000000")
			a.do(t, ctx, "fund", chromedp.Click(chromedp.CSS("#fund-run")))
			loaded(t, a, ctx, "programs", "the funding", `document.querySelector('#program-figures [data-key=funded]')?.dataset.raw === '1000000'`)

			a.fill(t, ctx, "#target-lon", fmt.Sprint(home.Lon))
			a.fill(t, ctx, "#target-lat", fmt.Sprint(home.Lat))
			a.fill(t, ctx, "#target-radius", "20000")
			a.do(t, ctx, "find merchants", chromedp.Click(chromedp.CSS("#target-run")))
			poll[bool](t, a, ctx, "the candidates", `document.querySelectorAll('#candidate-list > li').length > 0`)
			var cands struct {
				Candidates []struct {
					Org     string `json:"org"`
					Reasons []struct {
						Reason string `json:"reason"`
					} `json:"reasons"`
				} `json:"candidates"`
				Districts []struct {
					Code string `json:"code"`
				} `json:"districts"`
			}
			ms.do(t, "GET", fmt.Sprintf("/api/v1/programs/%s/candidates?lon=%v&lat=%v&radius_m=20000", id, home.Lon, home.Lat), nil, http.StatusOK, &cands)
			type cand struct {
				Org     string
				Reasons []string
			}
			shown := eval[[]cand](t, a, ctx, `[...document.querySelectorAll('#candidate-list > li')].map((li) => ({Org: li.dataset.org, Reasons: [...li.querySelectorAll('.reasons li')].map((r) => r.textContent)}))`)
			if len(shown) != len(cands.Candidates) {
				t.Fatalf("the page lists %d candidates, the API %d", len(shown), len(cands.Candidates))
			}
			for i, c := range cands.Candidates {
				var want []string
				for _, r := range c.Reasons {
					want = append(want, r.Reason)
				}
				if shown[i].Org != c.Org || strings.Join(shown[i].Reasons, "|") != strings.Join(want, "|") {
					t.Errorf("candidate %d: the page shows %s %q, the API %s %q", i+1, shown[i].Org, shown[i].Reasons, c.Org, want)
				}
			}
			if n := eval[int](t, a, ctx, `document.querySelectorAll('#map .merchant-pin').length`); n != len(cands.Candidates) {
				t.Errorf("the map shows %d merchant pins, want one per candidate (%d)", n, len(cands.Candidates))
			}
			// A public program also lists the districts in need, on the map too.
			if len(cands.Districts) == 0 {
				t.Fatalf("the public program's candidates name no district near %s", home.Name)
			}
			var wantCodes []string
			for _, d := range cands.Districts {
				wantCodes = append(wantCodes, d.Code)
			}
			if got := eval[[]string](t, a, ctx, `[...document.querySelectorAll('#district-list > li')].map((li) => li.dataset.code)`); strings.Join(got, ",") != strings.Join(wantCodes, ",") {
				t.Errorf("the page lists the districts %v, the API %v", got, wantCodes)
			}
			if n := eval[int](t, a, ctx, `document.querySelectorAll('#map .district-pin').length`); n != len(cands.Districts) {
				t.Errorf("the map shows %d district pins, want %d", n, len(cands.Districts))
			}
			a.shot(t, ctx, "program-targeting-"+s.name)
			// The cohort: the first two candidates.
			a.do(t, ctx, "keep two", chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#candidate-list input.candidate')].forEach((b, i) => { b.checked = i < 2; })`))
			a.do(t, ctx, "choose the cohort", chromedp.Click(chromedp.CSS("#cohort-run")))
			loaded(t, a, ctx, "programs", "the cohort", `document.querySelectorAll('#program-merchants tbody tr').length === 2`)
			a.do(t, ctx, "prepay", chromedp.Click(chromedp.CSS("#prepay-run")))
			loaded(t, a, ctx, "programs", "the prepayment", `document.querySelector('#program-figures [data-key=spent]')?.dataset.raw === '600000'`)
			checkReport(t, a, ctx, ms, id)
			var refusal struct {
				Error struct{ Message string } `json:"error"`
			}
			ms.do(t, "GET", "/api/v1/programs/"+id+"/effect?outcome=amount&method=cs&control=never&period=week", nil, http.StatusUnprocessableEntity, &refusal)
			none := poll[string](t, a, ctx, "the effect section", `document.getElementById('program-effect')?.dataset.loaded === 'true' && (document.getElementById('effect-none') || {}).textContent`)
			if !strings.Contains(none, refusal.Error.Message) {
				t.Errorf("the effect section says %q, want the API's reason %q", none, refusal.Error.Message)
			}
			cohort := eval[[]string](t, a, ctx, `[...document.querySelectorAll('#program-merchants tbody tr')].map((tr) => tr.dataset.org)`)

			// The shop redeems 12,000 won from the employee's code.
			if cohort[0] != "shop1" && cohort[1] != "shop1" {
				t.Fatalf("the cohort is %v; the test's merchant user is of shop1", cohort)
			}
			mctx := w.open(t, s, "/")
			if page := w.signIn(t, mctx, owner); page != "merchant" {
				t.Fatalf("a merchant lands on page %q, want merchant", page)
			}
			card := fmt.Sprintf(`#page-merchant section[data-program=%q]`, id)
			if got := shownFigures(t, a, mctx, card)["balance"]; got != "300000" {
				t.Errorf("the shop's page shows a balance of %q, want 300000 prepaid", got)
			}
			a.fill(t, mctx, card+" .redeem-code", staff.id)
			a.fill(t, mctx, card+" .redeem-amount", "12000")
			a.do(t, mctx, "redeem", chromedp.Click(chromedp.CSS(card+" .redeem-run")))
			loaded(t, a, mctx, "merchant", "the redemption", `document.querySelector(`+js(card+" .figure[data-key=balance]")+`)?.dataset.raw === '288000'`)
			var fig struct {
				Figures struct{ Prepaid, Redeemed, Balance, Payable, Settled int64 } `json:"merchant"`
			}
			login(t, a.url, owner).do(t, "GET", "/api/v1/programs/"+id+"/merchants/shop1", nil, http.StatusOK, &fig)
			got := shownFigures(t, a, mctx, card)
			for k, v := range map[string]int64{"prepaid": fig.Figures.Prepaid, "redeemed": fig.Figures.Redeemed, "balance": fig.Figures.Balance, "payable": fig.Figures.Payable, "settled": fig.Figures.Settled} {
				if got[k] != fmt.Sprint(v) {
					t.Errorf("the shop's %s: the page shows %q, the API %d", k, got[k], v)
				}
			}
			if fig.Figures.Redeemed != 12000 || fig.Figures.Balance != 288000 {
				t.Errorf("after redeeming 12,000 the API says redeemed %d, balance %d", fig.Figures.Redeemed, fig.Figures.Balance)
			}
			checkFits(t, a, mctx, s)
			a.shotFull(t, mctx, "program-merchant-"+s.name)

			// The manager settles: what the program owes, and its payment file.
			ctx = w.open(t, s, "/#view=programs&program="+id) // a fresh tab bounds each one's time
			w.signIn(t, ctx, manager)
			loaded(t, a, ctx, "programs", "the program after the redemption", `document.getElementById('program-detail')?.dataset.id === `+js(id)+` && !!document.getElementById('settle-form')`)
			setValue(t, a, ctx, "#settle-until", date)
			a.do(t, ctx, "settle", chromedp.Click(chromedp.CSS("#settle-run")))
			loaded(t, a, ctx, "programs", "the settlement", `!!document.querySelector('#settlement-list li a.payment-file')`)
			checkReport(t, a, ctx, ms, id)
			file := await[string](t, a, ctx, `fetch(document.querySelector('#settlement-list a.payment-file[data-encoding="utf-8"]').href).then(async (r) => r.status + ' ' + (await r.text()))`)
			if !strings.HasPrefix(file, "200 ") || !strings.Contains(file, "국민은행") {
				t.Errorf("the payment file link answers %q, want 200 and the merchants' bank", file)
			}
			// The settlement is the server's, not the page's: a fresh tab lists
			// it, payable, and the manager confirms it paid there.
			ctx = w.open(t, s, "/#view=programs&program="+id)
			w.signIn(t, ctx, manager)
			loaded(t, a, ctx, "programs", "the settlement in a fresh tab", `document.querySelector('#settlement-list li')?.dataset.status === 'payable'`)
			a.do(t, ctx, "confirm the settlement paid", chromedp.Click(chromedp.CSS("#settlement-list .settle-confirm")))
			loaded(t, a, ctx, "programs", "the settlement paid", `document.querySelector('#settlement-list li')?.dataset.status === 'paid' && !document.querySelector('.settle-confirm')`)
			var settled struct {
				Settlements []struct {
					Status string
					Total  int64
				}
			}
			ms.do(t, "GET", "/api/v1/programs/"+id+"/settlements", nil, http.StatusOK, &settled)
			total := eval[string](t, a, ctx, `document.querySelector('#settlement-list li').dataset.total`)
			if len(settled.Settlements) != 1 || settled.Settlements[0].Status != "paid" || total != fmt.Sprint(settled.Settlements[0].Total) {
				t.Errorf("after confirming, the API lists %+v, the page shows a total of %s", settled.Settlements, total)
			}
			checkReport(t, a, ctx, ms, id)
			checkFits(t, a, ctx, s)
			a.shotFull(t, ctx, "program-manager-"+s.name)

			// A meal-kit program the employee orders from (made through the API).
			kitID := "kits-" + s.name
			ms.do(t, "POST", "/api/v1/programs", map[string]any{"id": kitID, "kind": "meal_kit", "name": "사랑의 밀키트 " + s.name, "operators": []map[string]any{{"org": "kt", "share": 1}},
				"budget": 500000, "starts": date, "ends": today.AddDate(0, 0, 14).Format("2006-01-02"), "price": 12000, "subsidy": 8000, "daily_quota": 300,
				"per_employee_daily": 2, "cutoff": "23:58", "pickup": "23:59"}, http.StatusCreated, nil)
			ms.do(t, "POST", "/api/v1/programs/"+kitID+"/fund", map[string]any{"id": "f1", "amount": 500000}, http.StatusCreated, nil)
			ms.do(t, "POST", "/api/v1/programs/"+kitID+"/merchants", map[string]any{"merchants": []string{"shop1", "shop2"}}, http.StatusOK, nil)

			sctx := w.open(t, s, "/")
			if page := w.signIn(t, sctx, staff); page != "staff" {
				t.Fatalf("an employee lands on page %q, want staff", page)
			}
			if code := eval[string](t, a, sctx, `document.getElementById('my-code').dataset.code + '|' + document.querySelector('#my-code-box svg.qr').dataset.text`); code != staff.id+"|"+staff.id {
				t.Errorf("the employee's code and QR hold %q, want the user id %s", code, staff.id)
			}
			kit := fmt.Sprintf(`#page-staff section[data-program=%q]`, kitID)
			a.do(t, sctx, "order two kits", chromedp.Evaluate[chromedp.Void](`document.querySelector(`+js(kit+` li[data-merchant="shop1"] .kit-qty`)+`).value = '2'`))
			a.do(t, sctx, "order", chromedp.Click(chromedp.CSS(kit+` li[data-merchant="shop1"] .kit-order`)))
			loaded(t, a, sctx, "staff", "the order", `!!document.querySelector(`+js(kit+" .my-orders li[data-status=placed]")+`)`)
			var sheet struct {
				Sheet struct {
					Kits   int `json:"kits"`
					Orders []struct {
						ID           string `json:"id"`
						Status       string `json:"status"`
						Quantity     int    `json:"quantity"`
						EmployeePays int64  `json:"employee_pays"`
					} `json:"orders"`
				} `json:"sheet"`
			}
			ms.do(t, "GET", "/api/v1/programs/"+kitID+"/merchants/shop1/sheet?date="+date, nil, http.StatusOK, &sheet)
			if len(sheet.Sheet.Orders) != 1 || sheet.Sheet.Orders[0].Quantity != 2 || sheet.Sheet.Orders[0].EmployeePays != 8000 {
				t.Fatalf("shop1's sheet holds %+v, want one order of 2 kits, the employee paying 2 × 4,000", sheet.Sheet.Orders)
			}
			o := sheet.Sheet.Orders[0]
			row := eval[string](t, a, sctx, `(() => { const li = document.querySelector(`+js(kit+" .my-orders li")+`); return [li.dataset.order, li.dataset.quantity, li.dataset.employeePays].join('|'); })()`)
			if row != fmt.Sprintf("%s|%d|%d", o.ID, o.Quantity, o.EmployeePays) {
				t.Errorf("the employee's page shows the order %q, the API %s|%d|%d", row, o.ID, o.Quantity, o.EmployeePays)
			}
			// The prepaid restaurants: every cohort merchant of the running
			// prepayment programs, once.
			var list struct {
				Programs []struct{ ID, Kind string } `json:"programs"`
			}
			ms.do(t, "GET", "/api/v1/programs", nil, http.StatusOK, &list)
			want := map[string]bool{}
			for _, p := range list.Programs {
				if p.Kind != "prepayment" {
					continue
				}
				var d struct {
					Cohort []struct{ Org string } `json:"cohort"`
				}
				ms.do(t, "GET", "/api/v1/programs/"+p.ID, nil, http.StatusOK, &d)
				for _, m := range d.Cohort {
					want[m.Org] = true
				}
			}
			near := eval[[]string](t, a, sctx, `[...document.querySelectorAll('#prepaid-near li[data-merchant]')].map((li) => li.dataset.merchant)`)
			n := len(near)
			for _, m := range near {
				if !want[m] {
					t.Errorf("the employee's prepaid restaurants list %s, which no prepayment program prepaid", m)
				}
				delete(want, m)
			}
			for m := range want {
				t.Errorf("the employee's prepaid restaurants miss %s", m)
			}
			if pins := eval[int](t, a, sctx, `document.querySelectorAll('#map .merchant-pin').length`); pins != n {
				t.Errorf("the employee's map shows %d pins, want %d", pins, n)
			}
			checkFits(t, a, sctx, s)
			a.shotFull(t, sctx, "program-staff-"+s.name)

			// The shop sees the order; its pick-up waits for the cut-off.
			mctx = w.open(t, s, "/") // a fresh tab bounds each one's time
			w.signIn(t, mctx, owner)
			loaded(t, a, mctx, "merchant", "the shop's orders", `!!document.querySelector(`+js(`#page-merchant section[data-program="`+kitID+`"] li[data-order="`+o.ID+`"]`)+`)`)
			if dis := eval[bool](t, a, mctx, `document.querySelector(`+js(`#page-merchant section[data-program="`+kitID+`"] li[data-order="`+o.ID+`"] .pickup`)+`).disabled`); !dis {
				t.Errorf("before the cut-off the shop's pick-up button is enabled; the API refuses a pick-up then (pickup_closed)")
			}

			// The employee cancels before the cut-off.
			a.do(t, sctx, "cancel", chromedp.Click(chromedp.CSS(kit+" .my-orders .kit-cancel")))
			loaded(t, a, sctx, "staff", "the cancellation", `!!document.querySelector(`+js(kit+" .my-orders li[data-status=cancelled]")+`)`)
			ms.do(t, "GET", "/api/v1/programs/"+kitID+"/merchants/shop1/sheet?date="+date, nil, http.StatusOK, &sheet)
			if sheet.Sheet.Orders[0].Status != "cancelled" {
				t.Errorf("after the cancel the API has the order %s", sheet.Sheet.Orders[0].Status)
			}
		})
	}

	// The effect chart draws a real estimate. A program made today has no
	// sales after its start, so the estimator's answer on the did package's
	// mpdta vector (the CLI's, JSON as the API serves it) is served to the
	// page in place of the program's, and the chart and sentence are
	// checked against it.
	t.Run("effect chart", func(t *testing.T) {
		panel, cohort := mpdtaFiles(t)
		code, out, errOut := sangsaeng(t, os.Getenv, "effect", "--panel", panel, "--cohort", cohort,
			"--outcome", "lemp", "--format", "json", "--bootstrap", "0")
		if code != 0 {
			t.Fatalf("sangsaeng effect: exit %d: %s", code, errOut)
		}
		var res struct {
			ATT         float64    `json:"att"`
			CI          [2]float64 `json:"ci"`
			CF          float64    `json:"counterfactual_mean"`
			Treated     int        `json:"treated"`
			PostPeriods int        `json:"post_periods"`
			ByEventTime []struct {
				E           int
				ATT, Lo, Hi float64
			} `json:"by_event_time"`
		}
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		ms := login(t, a.url, manager)
		var list struct {
			Programs []struct{ ID, Kind string } `json:"programs"`
		}
		ms.do(t, "GET", "/api/v1/programs", nil, http.StatusOK, &list)
		id := ""
		for _, p := range list.Programs {
			if p.Kind == "prepayment" {
				id = p.ID
			}
		}
		if id == "" {
			t.Fatal("no prepayment program to draw the chart on")
		}
		var tabCtx context.Context
		a.listen = func(ev any) {
			if e, ok := ev.(*fetch.EventRequestPaused); ok && tabCtx != nil {
				go chromedp.Call(tabCtx, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: e.RequestID, ResponseCode: 200,
					ResponseHeaders: []*fetch.HeaderEntry{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(out)})
			}
		}
		t.Cleanup(func() { a.listen = nil })
		ctx := w.open(t, screens[0], "/")
		w.signIn(t, ctx, manager)
		tabCtx = ctx
		if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/effect?*"}}}); err != nil {
			t.Fatalf("Fetch.enable: %v", err)
		}
		a.choose(t, ctx, "#program-select", id)
		poll[bool](t, a, ctx, "the effect chart", `document.getElementById('program-effect')?.dataset.loaded === 'true' && !!document.getElementById('effect-chart')`)
		type point struct{ E, ATT, Lo, Hi float64 }
		pts := eval[[]point](t, a, ctx, `[...document.querySelectorAll('#effect-chart circle.point')].map((c) => ({E: +c.dataset.e, ATT: +c.dataset.att, Lo: +c.dataset.lo, Hi: +c.dataset.hi}))`)
		if len(pts) != len(res.ByEventTime) {
			t.Fatalf("the chart has %d points, the estimate %d event times", len(pts), len(res.ByEventTime))
		}
		for i, p := range res.ByEventTime {
			if pts[i] != (point{float64(p.E), p.ATT, p.Lo, p.Hi}) {
				t.Errorf("event time %d: the chart draws %+v, the estimate %+v", p.E, pts[i], p)
			}
		}
		if n := eval[int](t, a, ctx, `document.querySelectorAll('#effect-chart polygon.band').length`); n != 1 {
			t.Errorf("the chart has %d bands, want 1", n)
		}
		pct := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64) + "%" }
		dir2 := "높았습니다"
		if res.ATT < 0 {
			dir2 = "낮았습니다"
		}
		want := fmt.Sprintf("지원 후 %d개 기간 동안 지원받은 가게 %d곳의 매출은 비슷한 가게보다 %s %s; 95%% 구간 %s ~ %s.", res.PostPeriods, res.Treated,
			pct(math.Abs(100*res.ATT/res.CF)), dir2, pct(100*res.CI[0]/res.CF), pct(100*res.CI[1]/res.CF))
		if got := eval[string](t, a, ctx, `document.getElementById('effect-sentence').textContent`); got != want {
			t.Errorf("the effect sentence reads\n%q, want\n%q", got, want)
		}
		a.shotFull(t, ctx, "program-effect")
	})
}

// checkReport compares the manager's figures and merchant table with GET
// /api/v1/programs/{id}/report.
func checkReport(t *testing.T, a *webApp, ctx context.Context, ms *apiSession, id string) {
	t.Helper()
	var rep programReport
	ms.do(t, "GET", "/api/v1/programs/"+id+"/report", nil, http.StatusOK, &rep)
	got := shownFigures(t, a, ctx, "#program-figures")
	for k, v := range map[string]int64{"budget": rep.Budget, "funded": rep.Funded, "committed": rep.Committed, "spent": rep.Spent, "remaining": rep.Remaining} {
		if got[k] != fmt.Sprint(v) {
			t.Errorf("program %s, %s: the page shows %q, the API %d", id, k, got[k], v)
		}
	}
	type line struct{ Org, Prepaid, Redeemed, Balance, Payable, Settled string }
	rows := eval[[]line](t, a, ctx, `[...document.querySelectorAll('#program-merchants tbody tr')].map((tr) => { const v = (k) => tr.querySelector('[data-key=' + k + ']').dataset.raw;
		return {Org: tr.dataset.org, Prepaid: v('prepaid'), Redeemed: v('redeemed'), Balance: v('balance'), Payable: v('payable'), Settled: v('settled')}; })`)
	if len(rows) != len(rep.Merchants) {
		t.Fatalf("program %s: the page lists %d merchants, the API %d", id, len(rows), len(rep.Merchants))
	}
	for i, m := range rep.Merchants {
		want := line{m.Org, fmt.Sprint(m.Prepaid), fmt.Sprint(m.Redeemed), fmt.Sprint(m.Balance), fmt.Sprint(m.Payable), fmt.Sprint(m.Settled)}
		if rows[i] != want {
			t.Errorf("program %s, merchant %d: the page shows %+v, the API %+v", id, i+1, rows[i], want)
		}
	}
	if bal := eval[string](t, a, ctx, `document.getElementById('program-ledger').dataset.balanced`); bal != fmt.Sprint(rep.LedgerBalanced) || !rep.LedgerBalanced {
		t.Errorf("program %s: the page says ledger balanced %s, the API %v", id, bal, rep.LedgerBalanced)
	}
}
