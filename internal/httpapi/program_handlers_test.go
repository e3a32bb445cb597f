package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// seedKits adds to the world a meal-kit program kt-kits (kt; shop1; 12,000
// won kits, 8,000 subsidy, 300 a day, 2 per employee, orders until 10:00,
// pick-up 17:30, 20 kits to donate; funded 1,000,000) and an order o-seed of one kit for the
// world's day, placed by staff at 09:00 in Seoul, before the cut-off — so
// that at the world's 18:00 it can be picked up.
func seedKits(t testing.TB, w *world) {
	t.Helper()
	ctx := context.Background()
	p := &store.Program{ID: "kt-kits", Kind: program.KindMealKit, Name: "사랑의 밀키트", Operators: []program.Operator{{Org: "kt", Share: 1}},
		Budget: 2_000_000, Starts: "2026-12-01", Ends: "2026-12-31",
		Terms: program.Terms{Price: 12000, Subsidy: 8000, DailyQuota: 300, PerEmployeeDaily: 2, Cutoff: "10:00", Pickup: "17:30", DonatedKits: 20}}
	if err := w.db.CreateProgram(ctx, p, w.users["manager"]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.AddMerchants(ctx, p.ID, []store.Choice{{Org: "shop1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Fund(ctx, p.ID, "f1", "kt", 1_000_000, store.Meta{}); err != nil {
		t.Fatal(err)
	}
	day := program.Today(w.clock())
	saved := w.clock()
	w.mu.Lock()
	w.now = day.At(9 * 60)
	w.mu.Unlock()
	if _, err := w.db.PlaceOrder(ctx, p.ID, "o-seed", "shop1", day.String(), 1, w.users["staff"], store.Meta{}); err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	w.now = saved
	w.mu.Unlock()
}

// seedRolePrograms adds to the world kt-kits (seedKits), a prepayment rp
// (1,000 won to shop1, funded), one whose redemptions ended, rold, and a
// lunchbox program rbox (one box a day from shop1, funded).
func seedRolePrograms(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	seedKits(t, w)
	kt := []program.Operator{{Org: "kt", Share: 1}}
	for _, p := range []*store.Program{
		{ID: "rp", Kind: program.KindPrepayment, Terms: program.Terms{PerMerchant: 1000, RedeemUntil: "2026-12-31", Unused: program.UnusedKeep}},
		{ID: "rold", Kind: program.KindPrepayment, Terms: program.Terms{PerMerchant: 1000, RedeemUntil: "2026-12-06", Unused: program.UnusedDonate}},
		{ID: "rbox", Kind: program.KindLunchbox, Terms: program.Terms{DailyOrders: 1, UnitPrice: 7000, EmployeePrice: 4500}},
	} {
		p.Name, p.Operators, p.Budget, p.Starts, p.Ends = p.ID, kt, 1_000_000, "2026-12-01", "2026-12-31"
		if err := w.db.CreateProgram(ctx, p, ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.AddMerchants(ctx, p.ID, []store.Choice{{Org: "shop1"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Fund(ctx, p.ID, "f", "kt", 1_000_000, store.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := w.db.Prepay(ctx, "rold", "pp", store.Meta{}); err != nil {
		t.Fatal(err)
	}
}

// setClock sets the world's clock to an instant given in Seoul.
func (w *world) setClock(y int, m time.Month, d, hh, mm int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = time.Date(y, m, d, hh, mm, 0, 0, program.Seoul)
}

// step is one request of a scenario and what it must get.
type step struct {
	name   string
	who    string
	method string
	target string
	body   string
	status int
	code   string // the error code, for an error
}

// run sends the steps in order, failing at the first that does not get
// its answer, and returns the last answer's body.
func run(t *testing.T, w *world, steps []step) []byte {
	t.Helper()
	var last []byte
	for _, s := range steps {
		rec := w.do(t, s.who, s.method, s.target, s.body, nil)
		if rec.Code != s.status {
			t.Fatalf("%s: %s %s as %q: status %d, want %d; body %s", s.name, s.method, s.target, s.who, rec.Code, s.status, rec.Body)
		}
		if s.code != "" {
			var e struct {
				Error struct{ Code string } `json:"error"`
			}
			json.Unmarshal(rec.Body.Bytes(), &e)
			if e.Error.Code != s.code {
				t.Fatalf("%s: error code %q, want %q; body %s", s.name, e.Error.Code, s.code, rec.Body)
			}
		}
		last = rec.Body.Bytes()
	}
	return last
}

// ledgerSums are an account's figures summed by the test from the
// ledger's own records (GET /api/v1/ledger/accounts/{id}/transfers), not
// from the program's report.
type ledgerSums struct {
	creditsFrom    map[string]int64 // posted credits, by the debited account
	debitsTo       map[string]int64 // posted debits, by the credited account
	pendingDebits  int64            // reserved and not resolved
	pendingCredits int64
}

func (s ledgerSums) credits() (n int64) {
	for _, v := range s.creditsFrom {
		n += v
	}
	return n
}

func (s ledgerSums) debits() (n int64) {
	for _, v := range s.debitsTo {
		n += v
	}
	return n
}

func sumAccount(t *testing.T, w *world, id string) ledgerSums {
	t.Helper()
	var page struct {
		Transfers []struct {
			ID            *string `json:"id"`
			Kind          string  `json:"kind"`
			DebitAccount  string  `json:"debit_account"`
			CreditAccount string  `json:"credit_account"`
			Amount        int64   `json:"amount"`
			PendingID     string  `json:"pending_id"`
		} `json:"transfers"`
	}
	if rec := w.do(t, "admin", "GET", "/api/v1/ledger/accounts/"+id+"/transfers?limit=1000", "", &page); rec.Code != 200 {
		t.Fatalf("transfers of %s: %d %s", id, rec.Code, rec.Body)
	}
	s := ledgerSums{creditsFrom: map[string]int64{}, debitsTo: map[string]int64{}}
	type res struct {
		amount       int64
		debit, owned bool
	}
	open := map[string]res{}
	for _, r := range page.Transfers {
		switch r.Kind {
		case "transfer", "post_pending":
			if r.DebitAccount == id {
				s.debitsTo[r.CreditAccount] += r.Amount
			} else {
				s.creditsFrom[r.DebitAccount] += r.Amount
			}
			if r.Kind == "post_pending" {
				delete(open, r.PendingID)
			}
		case "pending":
			open[*r.ID] = res{amount: r.Amount, debit: r.DebitAccount == id}
		case "void_pending", "expire":
			delete(open, r.PendingID)
		}
	}
	for _, p := range open {
		if p.debit {
			s.pendingDebits += p.amount
		} else {
			s.pendingCredits += p.amount
		}
	}
	return s
}

// reportJSON is the part of the report the scenarios check.
type reportJSON struct {
	Budget, Funded, Committed, Spent, Remaining int64
	Merchants                                   []struct {
		Org                                                string
		Prepaid, Redeemed, Closed, Balance                 int64
		Orders, Kits, Donated, Lunchboxes                  int
		Earned, Reserved, Refunded, Payable, Settled, Owed int64
	}
	LedgerBalanced bool `json:"ledger_balanced"`
	Problems       []string
}

// checkReport fetches the report of program and checks every figure
// against the program's accounts summed from the ledger's records, and the
// whole ledger's check; it returns the report.
func checkReport(t *testing.T, w *world, pid string, operators int) reportJSON {
	t.Helper()
	var rep reportJSON
	if rec := w.do(t, "manager", "GET", "/api/v1/programs/"+pid+"/report", "", &rep); rec.Code != 200 {
		t.Fatalf("report: %d %s", rec.Code, rec.Body)
	}
	var prog struct {
		Cohort []struct {
			Org string
			Seq int64
		}
	}
	w.do(t, "manager", "GET", "/api/v1/programs/"+pid, "", &prog)
	acct := func(s string) string { return pid + ":" + s }
	b := sumAccount(t, w, acct("budget"))
	var funded int64
	for i := range operators {
		funded += b.creditsFrom[acct(fmt.Sprintf("fund:%d", i))]
	}
	if funded != b.credits() {
		t.Errorf("the budget has credits from other than the operators: %v", b.creditsFrom)
	}
	if rep.Funded != funded || rep.Spent != b.debits() || rep.Committed != b.pendingDebits || rep.Remaining != funded-b.debits()-b.pendingDebits {
		t.Errorf("report funded %d spent %d committed %d remaining %d; the ledger's %d, %d, %d, %d", rep.Funded, rep.Spent, rep.Committed,
			rep.Remaining, funded, b.debits(), b.pendingDebits, funded-b.debits()-b.pendingDebits)
	}
	if len(rep.Merchants) != len(prog.Cohort) {
		t.Fatalf("report has %d merchants, the cohort %d", len(rep.Merchants), len(prog.Cohort))
	}
	for i, m := range prog.Cohort {
		got := rep.Merchants[i]
		meals := sumAccount(t, w, acct(fmt.Sprintf("meals:%d", m.Seq)))
		owed := sumAccount(t, w, acct(fmt.Sprintf("owed:%d", m.Seq)))
		var settled int64
		for j := range operators {
			settled += owed.debitsTo[acct(fmt.Sprintf("settled:%d", j))]
		}
		want := []int64{meals.creditsFrom[acct("issued")], meals.debitsTo[acct("redeemed")], meals.credits() - meals.debits(),
			owed.credits(), owed.pendingCredits, owed.debitsTo[acct("refunds")], owed.pendingDebits, settled,
			owed.credits() - owed.debits() - owed.pendingDebits}
		have := []int64{got.Prepaid, got.Redeemed, got.Balance, got.Earned, got.Reserved, got.Refunded, got.Payable, got.Settled, got.Owed}
		if got.Org != m.Org || !slices.Equal(have, want) {
			t.Errorf("%s: report prepaid, redeemed, balance, earned, reserved, refunded, payable, settled, owed = %v; the ledger's %v", m.Org, have, want)
		}
	}
	if !rep.LedgerBalanced || len(rep.Problems) > 0 {
		t.Errorf("ledger_balanced %v, problems %v", rep.LedgerBalanced, rep.Problems)
	}
	var chk struct {
		Balanced bool
		Problems []string
	}
	if w.do(t, "auditor", "GET", "/api/v1/ledger/check", "", &chk); !chk.Balanced || len(chk.Problems) > 0 {
		t.Errorf("ledger check: %+v", chk)
	}
	return rep
}

// programWorld is a world on src with merchants shop2 and shop3 besides
// shop1, its principals' tokens valid for 60 days (the scenarios move the
// clock).
func programWorld(t *testing.T, src string) *world {
	t.Helper()
	w := newWorldAt(t, src)
	for name, id := range w.users {
		tok, th, _ := auth.NewToken(auth.APITokenPrefix)
		if _, err := w.db.CreateToken(context.Background(), th, id, w.now.Add(60*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		w.tokens[name] = tok
	}
	bn := "124-81-00998"
	for _, id := range []string{"shop2", "shop3"} {
		if err := w.db.CreateOrg(context.Background(), &store.Org{ID: id, Kind: "merchant", Name: "식당 " + id, BusinessNo: &bn}); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// TestPrepaymentScenario runs a 선결제 through the API on both engines:
// two operators fund it 60:40, the prepayment beyond the budget is refused
// and leaves nothing, redemptions draw the balances down (refused beyond
// them, after redeem_until, for another merchant, by a wrong role, and a
// replayed or reused id), the refund rule closes it, a settlement splits
// what is owed 60:40 into a payment file and is confirmed; the report
// equals the ledger to the won.
func TestPrepaymentScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := programWorld(t, src)
		w.setClock(2026, 12, 7, 10, 0)
		const pp = "/api/v1/programs/pp"
		run(t, w, []step{
			{"define", "manager", "POST", "/api/v1/programs", `{"id":"pp","kind":"prepayment","name":"사랑의 선결제","operators":[{"org":"kt","share":60},{"org":"lg","share":40}],"budget":1500000,"starts":"2026-12-01","ends":"2026-12-31","per_merchant":500000,"redeem_until":"2026-12-10","unused":"refund"}`, 201, ""},
			{"kt funds", "manager", "POST", pp + "/fund", `{"id":"f1","amount":600000}`, 201, ""},
			{"lg funds", "other manager", "POST", pp + "/fund", `{"id":"f2","amount":400000,"operator":"lg"}`, 201, ""},
			{"staff may not fund", "staff", "POST", pp + "/fund", `{"id":"f9","amount":1}`, 403, "forbidden"},
			{"lg's manager may not fund for kt", "other manager", "POST", pp + "/fund", `{"id":"f9","amount":1}`, 403, "forbidden"},
			{"replay", "manager", "POST", pp + "/fund", `{"id":"f1","amount":600000}`, 200, ""},
			{"reused id", "manager", "POST", pp + "/fund", `{"id":"f1","amount":600001}`, 409, "id_conflict"},
			{"cohort", "manager", "POST", pp + "/merchants", `{"merchants":["shop1","shop2","shop3"]}`, 200, ""},
			{"over the budget", "manager", "POST", pp + "/prepay", `{"id":"pp1"}`, 422, "exceeds_credits"},
		})
		rep := checkReport(t, w, "pp", 2)
		if rep.Funded != 1_000_000 || rep.Spent != 0 || rep.Merchants[0].Prepaid != 0 {
			t.Fatalf("after the refused prepayment: funded %d, spent %d, prepaid %d", rep.Funded, rep.Spent, rep.Merchants[0].Prepaid)
		}
		first := run(t, w, []step{
			{"kt funds the rest", "manager", "POST", pp + "/fund", `{"id":"f3","amount":500000}`, 201, ""},
			{"beyond the budget", "manager", "POST", pp + "/fund", `{"id":"f4","amount":1}`, 422, "exceeds_budget"},
			{"prepay", "manager", "POST", pp + "/prepay", `{"id":"pp1"}`, 201, ""},
		})
		again := run(t, w, []step{{"replay", "manager", "POST", pp + "/prepay", `{"id":"pp1"}`, 200, ""}})
		if string(first) != string(again) {
			t.Errorf("replay answered %s, first %s", again, first)
		}
		run(t, w, []step{
			{"prepaid already", "manager", "POST", pp + "/prepay", `{"id":"pp2"}`, 422, "invalid"},
			{"no kits in a prepayment", "staff", "POST", pp + "/orders", `{"id":"o1","merchant":"shop1","date":"2026-12-08","quantity":1}`, 422, "invalid"},
			{"no lunchboxes either", "staff", "POST", pp + "/lunchboxes", `{"id":"d1","date":"2026-12-08"}`, 422, "invalid"},
			{"redeem", "merchant", "POST", pp + "/redemptions", `{"id":"r1","merchant":"shop1","amount":12000,"employee":"E-7"}`, 201, ""},
			{"replay", "merchant", "POST", pp + "/redemptions", `{"id":"r1","merchant":"shop1","amount":12000,"employee":"E-7"}`, 200, ""},
			{"reused id", "merchant", "POST", pp + "/redemptions", `{"id":"r1","merchant":"shop1","amount":13000,"employee":"E-7"}`, 409, "id_conflict"},
			{"over the balance", "merchant", "POST", pp + "/redemptions", `{"id":"r2","merchant":"shop1","amount":488001}`, 422, "exceeds_credits"},
			{"another merchant's", "merchant", "POST", pp + "/redemptions", `{"id":"r3","merchant":"shop2","amount":1000}`, 403, "forbidden"},
			{"staff may not redeem", "staff", "POST", pp + "/redemptions", `{"id":"r3","merchant":"shop1","amount":1000}`, 403, "forbidden"},
			{"anonymous", "", "POST", pp + "/redemptions", `{"id":"r3","merchant":"shop1","amount":1000}`, 401, "unauthenticated"},
			{"redeem more", "merchant", "POST", pp + "/redemptions", `{"id":"r4","merchant":"shop1","amount":100000}`, 201, ""},
			{"too early to close", "manager", "POST", pp + "/close", `{"id":"c1"}`, 400, "bad_request"},
		})
		w.setClock(2026, 12, 11, 0, 0)
		run(t, w, []step{
			{"after redeem_until", "merchant", "POST", pp + "/redemptions", `{"id":"r5","merchant":"shop1","amount":1000}`, 422, "program_closed"},
			{"close: refund", "manager", "POST", pp + "/close", `{"id":"c1"}`, 201, ""},
			{"bank details", "merchant", "PUT", "/api/v1/orgs/shop1/payee", `{"bank":"국민은행","account":"123-456-789012","holder":"광화문 김밥"}`, 200, ""},
		})
		var s struct {
			Settlement struct {
				Total int64
				Lines []struct {
					Merchant, Operator string
					Amount             int64
				}
			}
		}
		body := run(t, w, []step{{"settle", "manager", "POST", pp + "/settlements", `{"id":"s1","until":"2026-12-11"}`, 201, ""}})
		json.Unmarshal(body, &s)
		// shop1 was owed 500,000, returned the unused 388,000: 112,000,
		// 60:40 → 67,200 and 44,800; shop2 and shop3 returned everything.
		if s.Settlement.Total != 112_000 || len(s.Settlement.Lines) != 2 || s.Settlement.Lines[0].Amount != 67_200 || s.Settlement.Lines[1].Amount != 44_800 ||
			s.Settlement.Lines[0].Operator != "kt" || s.Settlement.Lines[1].Operator != "lg" {
			t.Errorf("settlement %+v, want 112,000 split 67,200 (kt) and 44,800 (lg)", s.Settlement)
		}
		rep = checkReport(t, w, "pp", 2)
		if m := rep.Merchants[0]; m.Payable != 112_000 || m.Settled != 0 || m.Refunded != 388_000 || m.Redeemed != 112_000 || m.Owed != 0 {
			t.Errorf("shop1 before confirming: %+v", m)
		}
		rec := w.do(t, "manager", "GET", pp+"/settlements/s1/payment-file?encoding=cp949", "", nil)
		text, err := korean.EUCKR.NewDecoder().String(rec.Body.String())
		want := "bank,account,holder,amount,memo\r\n국민은행,123-456-789012,광화문 김밥,67200,사랑의 선결제 정산 s1 (kt)\r\n국민은행,123-456-789012,광화문 김밥,44800,사랑의 선결제 정산 s1 (lg)\r\n"
		if rec.Code != 200 || err != nil || text != want {
			t.Errorf("payment file: %d %v\n%q\nwant\n%q", rec.Code, err, text, want)
		}
		run(t, w, []step{
			{"merchants may not confirm", "merchant", "POST", pp + "/settlements/s1/confirm", "", 403, "forbidden"},
		})
		// Each operator confirms its own lines: kt's manager cannot say lg
		// paid. The settlement is paid once both have.
		type confirmed struct {
			Settlement struct {
				Status string
				Lines  []struct {
					Operator string
					Paid     bool
				}
			}
		}
		var c confirmed
		if rec := w.do(t, "manager", "POST", pp+"/settlements/s1/confirm", "", &c); rec.Code != 200 || c.Settlement.Status != "payable" ||
			fmt.Sprint(c.Settlement.Lines) != "[{kt true} {lg false}]" {
			t.Errorf("kt confirms: %d %s, want kt's line paid, lg's payable, the settlement payable", rec.Code, rec.Body)
		}
		if m := checkReport(t, w, "pp", 2).Merchants[0]; m.Settled != 67_200 || m.Payable != 44_800 {
			t.Errorf("shop1 once kt confirmed: settled %d, payable %d; want 67,200 and 44,800", m.Settled, m.Payable)
		}
		if rec := w.do(t, "manager", "POST", pp+"/settlements/s1/confirm", "", &c); rec.Code != 200 || c.Settlement.Status != "payable" {
			t.Errorf("kt confirms again: %d %s, want the same answer", rec.Code, rec.Body)
		}
		if rec := w.do(t, "other manager", "POST", pp+"/settlements/s1/confirm", "", &c); rec.Code != 200 || c.Settlement.Status != "paid" ||
			fmt.Sprint(c.Settlement.Lines) != "[{kt true} {lg true}]" {
			t.Errorf("lg confirms: %d %s, want every line paid, the settlement paid", rec.Code, rec.Body)
		}
		run(t, w, []step{
			{"nothing left to settle", "manager", "POST", pp + "/settlements", `{"id":"s2","until":"2026-12-11"}`, 422, "invalid"},
			{"merchants do not see the report", "merchant", "GET", pp + "/report", "", 403, "forbidden"},
		})
		// The list has the settlement as it was answered, now paid.
		var list struct{ Settlements []json.RawMessage }
		if rec := w.do(t, "auditor", "GET", pp+"/settlements", "", &list); rec.Code != 200 || len(list.Settlements) != 1 {
			t.Fatalf("settlements: %d %s, want the one", rec.Code, rec.Body)
		}
		var listed struct {
			ID, Until, Status string
			Total             int64
			Lines             []struct {
				Merchant, Operator string
				Amount             int64
				Paid               bool
			}
		}
		json.Unmarshal(list.Settlements[0], &listed)
		if listed.ID != "s1" || listed.Until != "2026-12-11" || listed.Status != "paid" || listed.Total != s.Settlement.Total ||
			len(listed.Lines) != 2 || !listed.Lines[0].Paid || !listed.Lines[1].Paid ||
			fmt.Sprint(listed.Lines[0].Amount, listed.Lines[1].Amount) != fmt.Sprint(s.Settlement.Lines[0].Amount, s.Settlement.Lines[1].Amount) {
			t.Errorf("listed %+v, want s1 until 2026-12-11, paid, as settled: %+v", listed, s.Settlement)
		}
		var own struct {
			Merchant struct {
				Org               string
				Settled, Redeemed int64
			}
		}
		run(t, w, []step{{"another merchant's figures", "merchant", "GET", pp + "/merchants/shop2", "", 403, "forbidden"}})
		if w.do(t, "merchant", "GET", pp+"/merchants/shop1", "", &own); own.Merchant.Org != "shop1" || own.Merchant.Settled != 112_000 || own.Merchant.Redeemed != 112_000 {
			t.Errorf("shop1's own figures: %+v", own.Merchant)
		}
		rep = checkReport(t, w, "pp", 2)
		if m := rep.Merchants[0]; m.Prepaid != 500_000 || m.Balance != 0 || m.Settled != 112_000 || m.Payable != 0 || m.Closed != 388_000 {
			t.Errorf("shop1 at the end: %+v", m)
		}
		if m := rep.Merchants[1]; m.Refunded != 500_000 || m.Owed != 0 || m.Settled != 0 {
			t.Errorf("shop2 at the end: %+v", m)
		}
		if rep.Spent != 1_500_000 || rep.Remaining != 0 {
			t.Errorf("spent %d, remaining %d; want 1,500,000 and 0", rep.Spent, rep.Remaining)
		}
	})
}

// TestMealKitScenario runs a 밀키트 program through the API on both
// engines: orders within and beyond the employee's and the merchant's
// daily quota and the budget, cancellation before and after the cut-off,
// pick-up before the cut-off, on the day, by another merchant, an order
// left to expire, and a settlement; the report equals the ledger.
func TestMealKitScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := programWorld(t, src)
		w.setClock(2026, 12, 8, 9, 0)
		const mk = "/api/v1/programs/mk"
		body := run(t, w, []step{
			{"define", "manager", "POST", "/api/v1/programs", `{"id":"mk","kind":"meal_kit","name":"사랑의 밀키트","operators":[{"org":"kt","share":1}],"budget":100000,"starts":"2026-12-01","ends":"2026-12-31","price":12000,"subsidy":8000,"daily_quota":3,"per_employee_daily":2,"cutoff":"10:00","pickup":"17:30","donated_kits":3}`, 201, ""},
			{"fund", "manager", "POST", mk + "/fund", `{"id":"f1","amount":40000}`, 201, ""},
			{"cohort", "manager", "POST", mk + "/merchants", `{"merchants":["shop1","shop2"]}`, 200, ""},
			{"order 2", "staff", "POST", mk + "/orders", `{"id":"o1","merchant":"shop1","date":"2026-12-08","quantity":2}`, 201, ""},
		})
		var o struct {
			Order struct {
				ID, Status string
				Quantity   int
				S          int64 `json:"subsidy"`
				E          int64 `json:"employee_pays"`
			}
		}
		json.Unmarshal(body, &o)
		if o.Order.Status != "placed" || o.Order.Quantity != 2 || o.Order.S != 16000 || o.Order.E != 8000 {
			t.Errorf("order %s, want placed, 2 kits, subsidy 16,000, employee pays 8,000", body)
		}
		run(t, w, []step{
			{"the employee's limit", "staff", "POST", mk + "/orders", `{"id":"o2","merchant":"shop1","date":"2026-12-08","quantity":1}`, 422, "quota_exceeded"},
			{"another employee", "manager", "POST", mk + "/orders", `{"id":"o3","merchant":"shop1","date":"2026-12-08","quantity":1}`, 201, ""},
			{"the merchant's quota", "admin", "POST", mk + "/orders", `{"id":"o4","merchant":"shop1","date":"2026-12-08","quantity":1}`, 422, "quota_exceeded"},
			{"another merchant", "admin", "POST", mk + "/orders", `{"id":"o5","merchant":"shop2","date":"2026-12-08","quantity":1}`, 201, ""},
			{"merchants do not order", "merchant", "POST", mk + "/orders", `{"id":"o6","merchant":"shop1","date":"2026-12-09","quantity":1}`, 403, "forbidden"},
			{"replay", "staff", "POST", mk + "/orders", `{"id":"o1","merchant":"shop1","date":"2026-12-08","quantity":2}`, 200, ""},
			{"reused id", "staff", "POST", mk + "/orders", `{"id":"o1","merchant":"shop1","date":"2026-12-08","quantity":1}`, 409, "id_conflict"},
			{"over the budget", "staff", "POST", mk + "/orders", `{"id":"o7","merchant":"shop1","date":"2026-12-09","quantity":2}`, 422, "exceeds_credits"},
			{"a merchant may not cancel", "merchant", "DELETE", mk + "/orders/o3", "", 403, "forbidden"},
			{"cancel", "manager", "DELETE", mk + "/orders/o3", "", 200, ""},
			{"now it fits", "staff", "POST", mk + "/orders", `{"id":"o8","merchant":"shop1","date":"2026-12-09","quantity":1}`, 201, ""},
			{"outside the period", "staff", "POST", mk + "/orders", `{"id":"o9","merchant":"shop1","date":"2027-01-02","quantity":1}`, 422, "program_closed"},
			{"no redemptions in a meal-kit program", "merchant", "POST", mk + "/redemptions", `{"id":"r1","merchant":"shop1","amount":1}`, 422, "invalid"},
			{"pick-up before the cut-off", "merchant", "POST", mk + "/orders/o1/pickup", "", 422, "pickup_closed"},
		})
		// Who sees which orders: staff their own, the manager all, shop1's
		// users shop1's, and nobody another merchant's.
		for _, c := range []struct {
			who, query string
			want       []string
		}{
			{"staff", "", []string{"o1", "o8"}},
			{"manager", "?date=2026-12-08", []string{"o1", "o3", "o5"}},
			{"merchant", "?merchant=shop1", []string{"o1", "o3", "o8"}},
			{"merchant", "?merchant=shop2", nil},
		} {
			var got struct{ Orders []struct{ ID string } }
			w.do(t, c.who, "GET", mk+"/orders"+c.query, "", &got)
			var ids []string
			for _, o := range got.Orders {
				ids = append(ids, o.ID)
			}
			if !slices.Equal(ids, c.want) {
				t.Errorf("orders%s as %s: %v, want %v", c.query, c.who, ids, c.want)
			}
		}
		w.setClock(2026, 12, 8, 10, 0)
		run(t, w, []step{
			{"after the cut-off", "staff", "POST", mk + "/orders", `{"id":"o10","merchant":"shop2","date":"2026-12-08","quantity":1}`, 422, "cutoff_passed"},
			{"no cancelling after the cut-off", "staff", "DELETE", mk + "/orders/o1", "", 422, "cutoff_passed"},
		})
		w.setClock(2026, 12, 8, 17, 30)
		run(t, w, []step{
			{"pick up", "merchant", "POST", mk + "/orders/o1/pickup", "", 200, ""},
			{"again", "merchant", "POST", mk + "/orders/o1/pickup", "", 200, ""},
			{"another merchant's order", "merchant", "POST", mk + "/orders/o5/pickup", "", 403, "forbidden"},
		})
		w.setClock(2026, 12, 9, 9, 0)
		rep := checkReport(t, w, "mk", 1)
		// o5 was not picked up: void. Committed: o8's 8,000; spent: o1's
		// 16,000.
		if rep.Committed != 8000 || rep.Spent != 16000 || rep.Merchants[0].Kits != 3 || rep.Merchants[0].Orders != 2 || rep.Merchants[1].Kits != 0 {
			t.Errorf("committed %d, spent %d, kits %d in %d orders and %d; want 8,000, 16,000, 3 in 2, 0", rep.Committed, rep.Spent,
				rep.Merchants[0].Kits, rep.Merchants[0].Orders, rep.Merchants[1].Kits)
		}
		w.setClock(2026, 12, 9, 17, 30)
		run(t, w, []step{
			{"an expired order", "admin", "POST", mk + "/orders/o5/pickup", "", 422, "order_closed"},
			{"pick up", "merchant", "POST", mk + "/orders/o8/pickup", "", 200, ""},
			{"settle", "manager", "POST", mk + "/settlements", `{"id":"s1","until":"2026-12-09"}`, 201, ""},
			{"confirm", "manager", "POST", mk + "/settlements/s1/confirm", "", 200, ""},
		})
		rep = checkReport(t, w, "mk", 1)
		// shop1: o1 (2 kits) and o8 (1): 3 × 12,000, subsidy and the
		// employees' part.
		if m := rep.Merchants[0]; m.Earned != 36000 || m.Settled != 36000 || m.Owed != 0 || rep.Spent != 24000 || rep.Committed != 0 {
			t.Errorf("shop1 %+v, spent %d, committed %d", m, rep.Spent, rep.Committed)
		}
		run(t, w, []step{
			{"fund the donations", "manager", "POST", mk + "/fund", `{"id":"f2","amount":10000}`, 201, ""},
			{"staff do not donate", "staff", "POST", mk + "/donations", `{"id":"g1","merchant":"shop2","date":"2026-12-09","quantity":2}`, 403, "forbidden"},
			{"donate 2 of 3", "manager", "POST", mk + "/donations", `{"id":"g1","merchant":"shop2","date":"2026-12-09","quantity":2}`, 201, ""},
			{"beyond donated_kits", "manager", "POST", mk + "/donations", `{"id":"g2","merchant":"shop2","date":"2026-12-09","quantity":2}`, 422, "quota_exceeded"},
			{"beyond the budget", "manager", "POST", mk + "/donations", `{"id":"g3","merchant":"shop2","date":"2026-12-09","quantity":1}`, 422, "exceeds_credits"},
		})
		rep = checkReport(t, w, "mk", 1)
		// Two donated kits at the full price: 24,000 won to shop2.
		if m := rep.Merchants[1]; m.Donated != 2 || m.Kits != 0 || m.Earned != 24000 || rep.Spent != 48000 || rep.Remaining != 2000 {
			t.Errorf("shop2 %+v, spent %d, remaining %d", m, rep.Spent, rep.Remaining)
		}
	})
}

// TestLunchboxScenario runs a 도시락 program through the API on both
// engines: two days spread by the rotation, a third refused over the
// budget, a day ordered twice, a day outside the period, the merchants'
// sheets (another merchant's refused); the report equals the ledger.
func TestLunchboxScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := programWorld(t, src)
		w.setClock(2026, 12, 7, 10, 0)
		const lb = "/api/v1/programs/lb"
		body := run(t, w, []step{
			{"define", "manager", "POST", "/api/v1/programs", `{"id":"lb","kind":"lunchbox","name":"사랑의 도시락","operators":[{"org":"kt","share":1}],"budget":100000,"starts":"2026-12-01","ends":"2026-12-31","daily_orders":5,"unit_price":7000,"employee_price":4500}`, 201, ""},
			{"fund", "manager", "POST", lb + "/fund", `{"id":"f1","amount":25000}`, 201, ""},
			{"cohort", "manager", "POST", lb + "/merchants", `{"merchants":["shop2","shop1"],"capacities":{"shop1":3,"shop2":3}}`, 200, ""},
			{"day 1", "staff", "POST", lb + "/lunchboxes", `{"id":"d1","date":"2026-12-07"}`, 201, ""},
		})
		type day struct {
			LunchboxDay struct {
				K     int
				Lines []struct {
					Org    string
					Boxes  int
					Amount int64
				}
				OperatorCost int64 `json:"operator_cost"`
				EmployeePays int64 `json:"employee_pays"`
			} `json:"lunchbox_day"`
		}
		var d1, d2 day
		json.Unmarshal(body, &d1)
		// Level 2 each, one box left: shop1 first (ids in order) on day 0.
		boxes := func(d day) map[string]int {
			m := map[string]int{}
			for _, l := range d.LunchboxDay.Lines {
				m[l.Org] = l.Boxes
			}
			return m
		}
		if b := boxes(d1); b["shop1"] != 3 || b["shop2"] != 2 || d1.LunchboxDay.OperatorCost != 12500 || d1.LunchboxDay.EmployeePays != 22500 {
			t.Errorf("day 1: %s", body)
		}
		body = run(t, w, []step{
			{"replay", "staff", "POST", lb + "/lunchboxes", `{"id":"d1","date":"2026-12-07"}`, 200, ""},
			{"the day again", "staff", "POST", lb + "/lunchboxes", `{"id":"d2","date":"2026-12-07"}`, 422, "invalid"},
			{"merchants do not order", "merchant", "POST", lb + "/lunchboxes", `{"id":"d3","date":"2026-12-08"}`, 403, "forbidden"},
			{"outside the period", "staff", "POST", lb + "/lunchboxes", `{"id":"d4","date":"2027-01-04"}`, 422, "program_closed"},
			{"day 2", "manager", "POST", lb + "/lunchboxes", `{"id":"d5","date":"2026-12-08"}`, 201, ""},
		})
		json.Unmarshal(body, &d2)
		if b := boxes(d2); b["shop1"] != 2 || b["shop2"] != 3 || d2.LunchboxDay.K != 1 {
			t.Errorf("day 2: %s", body)
		}
		body = run(t, w, []step{
			{"over the budget", "staff", "POST", lb + "/lunchboxes", `{"id":"d6","date":"2026-12-09"}`, 422, "exceeds_credits"},
			{"another merchant's sheet", "merchant", "GET", lb + "/merchants/shop2/sheet?date=2026-12-07", "", 403, "forbidden"},
			{"sheet", "merchant", "GET", lb + "/merchants/shop1/sheet?date=2026-12-07", "", 200, ""},
		})
		var sh struct {
			Sheet struct {
				Lunchboxes int
				Amount     int64
			}
		}
		json.Unmarshal(body, &sh)
		if sh.Sheet.Lunchboxes != 3 || sh.Sheet.Amount != 21000 {
			t.Errorf("shop1's sheet: %s, want 3 boxes, 21,000 won", body)
		}
		rep := checkReport(t, w, "lb", 1)
		for _, m := range rep.Merchants {
			if m.Lunchboxes != 5 || m.Earned != 35000 {
				t.Errorf("%s: %d boxes, earned %d; want 5, 35,000", m.Org, m.Lunchboxes, m.Earned)
			}
		}
		if rep.Spent != 25000 || rep.Remaining != 0 {
			t.Errorf("spent %d, remaining %d", rep.Spent, rep.Remaining)
		}
		rec := w.do(t, "auditor", "GET", lb+"/report", "", nil, "Accept", "text/csv")
		if ct := rec.Header().Get("Content-Type"); rec.Code != 200 || ct != "text/csv; charset=utf-8" || !strings.Contains(rec.Body.String(), "\n,합계,0,0,0,0,0,0,10,70000,0,0,0,70000\n") {
			t.Errorf("CSV report: %d %s\n%s", rec.Code, ct, rec.Body)
		}
	})
}

// TestCandidates: over the demo city, merchants placed in 40 districts are
// weighed by their 상권's indicators for their industry, as the indicators
// endpoint gives them: exactly those meeting a ground of need are listed,
// in the rank of program.Rank, with their reasons; the radius and the
// limit narrow the list; and adding merchants stores the reasons with the
// cohort. (DuckDB: the engines' analyses agree, TestEnginesAnswerTheSameJSON.)
func TestCandidates(t *testing.T) {
	db := demoStore(t, "duckdb")
	h := newAPI(db)
	ctx := context.Background()
	w := targetingWorld(t, db, h, "tgt")
	districts, err := db.Districts(ctx, store.DistrictFilter{})
	if err != nil || len(districts) < 40 {
		t.Fatalf("%d districts, %v", len(districts), err)
	}
	const industry = "CS100001"
	type expect struct {
		org     string
		signals program.Signals
		reasons []string
		dist    float64
	}
	var want []expect
	centre := districts[0]
	bn := "124-81-00998"
	for i, d := range districts[:40] {
		id := fmt.Sprintf("tgt-m%02d", i)
		ind := industry
		code := d.Code
		lon, lat := d.Lon, d.Lat
		o := &store.Org{ID: id, Kind: "merchant", Name: "가게 " + id, BusinessNo: &bn, Lon: &lon, Lat: &lat, DistrictCode: &code, Industry: &ind}
		if err := db.CreateOrg(ctx, o); err != nil {
			t.Fatal(err)
		}
		var di struct {
			Indicators map[string]struct {
				Value any `json:"value"`
			} `json:"indicators"`
		}
		getJSON(t, h, "/api/v1/districts/"+d.Code+"/indicators?industry="+industry, &di)
		var s program.Signals
		num := func(key string) *float64 {
			n, ok := di.Indicators[key].Value.(json.Number) // getJSON decodes numbers as json.Number
			if !ok {
				return nil
			}
			v, err := n.Float64()
			if err != nil {
				t.Fatal(err)
			}
			return &v
		}
		s.SalesYoY, s.CloseRate = num("sales_yoy_pct"), num("close_rate")
		s.ChangeIndex, _ = di.Indicators["change_index"].Value.(string)
		s.StartupRisk, _ = di.Indicators["startup_risk"].Value.(string)
		var keys []string
		if s.SalesYoY != nil && *s.SalesYoY < -5 {
			keys = append(keys, "sales_yoy_pct")
		}
		if s.CloseRate != nil && *s.CloseRate > 5 {
			keys = append(keys, "close_rate")
		}
		if s.ChangeIndex == "HL" {
			keys = append(keys, "change_index")
		}
		if s.StartupRisk == "위험" || s.StartupRisk == "고위험" {
			keys = append(keys, "startup_risk")
		}
		if len(keys) > 0 {
			want = append(want, expect{id, s, keys, program.DistanceM(centre.Lon, centre.Lat, lon, lat)})
		}
	}
	if len(want) < 3 || len(want) > 37 {
		t.Fatalf("%d of 40 merchants in need: the demo city should give some in need and some not", len(want))
	}
	cs := make([]program.Candidate, len(want))
	for i, e := range want {
		cs[i] = program.Candidate{ID: e.org, Signals: e.signals, Reasons: make([]program.Reason, len(e.reasons))}
	}
	program.Rank(cs)
	run(t, w, []step{{"define", "manager", "POST", "/api/v1/programs", `{"id":"tgt","kind":"prepayment","name":"타깃","operators":[{"org":"tgt-op","share":1}],"budget":1000,"starts":"2026-12-01","ends":"2026-12-31","per_merchant":1000,"redeem_until":"2026-12-31","unused":"keep"}`, 201, ""}})
	type candJSON struct {
		Org       string
		DistanceM *float64 `json:"distance_m"`
		Reasons   []program.Reason
		Quarter   string
		Criteria  program.Criteria
	}
	var got struct{ Candidates []candJSON }
	w.do(t, "manager", "GET", "/api/v1/programs/tgt/candidates?sales_yoy_below=-5&industry="+industry+"&limit=1000", "", &got)
	if len(got.Candidates) != len(cs) {
		t.Fatalf("%d candidates, want %d", len(got.Candidates), len(cs))
	}
	for i, c := range got.Candidates {
		if c.Org != cs[i].ID {
			t.Fatalf("candidate %d is %s, want %s", i, c.Org, cs[i].ID)
		}
		var e expect
		for _, x := range want {
			if x.org == c.Org {
				e = x
			}
		}
		var keys []string
		for _, r := range c.Reasons {
			keys = append(keys, r.Key)
			if r.Reason == "" || r.ReasonEN == "" {
				t.Errorf("%s: a reason without words", c.Org)
			}
		}
		if !slices.Equal(keys, e.reasons) || c.Quarter == "" || c.Criteria.SalesYoYBelow != -5 {
			t.Errorf("%s: reasons %v in quarter %q, want %v", c.Org, keys, c.Quarter, e.reasons)
		}
	}
	// The radius keeps those within it, nearest not required: the same rank.
	radius := 3000.0
	var near []string
	for _, c := range cs {
		for _, e := range want {
			if e.org == c.ID && e.dist <= radius {
				near = append(near, c.ID)
			}
		}
	}
	var gotNear struct{ Candidates []candJSON }
	w.do(t, "manager", "GET", fmt.Sprintf("/api/v1/programs/tgt/candidates?sales_yoy_below=-5&lon=%v&lat=%v&radius_m=3000&limit=1000", centre.Lon, centre.Lat), "", &gotNear)
	var gn []string
	for _, c := range gotNear.Candidates {
		gn = append(gn, c.Org)
		if c.DistanceM == nil || *c.DistanceM > radius {
			t.Errorf("%s at %v m, outside 3,000", c.Org, c.DistanceM)
		}
	}
	if !slices.Equal(gn, near) {
		t.Errorf("within 3 km: %v, want %v", gn, near)
	}
	var two struct{ Candidates []candJSON }
	w.do(t, "manager", "GET", "/api/v1/programs/tgt/candidates?sales_yoy_below=-5&limit=2", "", &two)
	if len(two.Candidates) != 2 || two.Candidates[0].Org != cs[0].ID {
		t.Errorf("limit 2: %+v", two.Candidates)
	}
	// A program that is not public lists no districts.
	var raw map[string]json.RawMessage
	w.do(t, "manager", "GET", "/api/v1/programs/tgt/candidates?limit=1", "", &raw)
	if _, ok := raw["districts"]; ok || string(raw["public"]) != "false" {
		t.Errorf("a program that is not public: public %s, districts %s", raw["public"], raw["districts"])
	}
	// Choosing the first records its reasons (under the default criteria).
	run(t, w, []step{{"choose", "manager", "POST", "/api/v1/programs/tgt/merchants", `{"merchants":["` + cs[0].ID + `"]}`, 200, ""}})
	var prog struct {
		Cohort []struct {
			Org     string
			Reasons struct {
				Criteria program.Criteria
				Signals  program.Signals
				Reasons  []program.Reason
			}
		}
	}
	w.do(t, "manager", "GET", "/api/v1/programs/tgt", "", &prog)
	if len(prog.Cohort) != 1 {
		t.Fatalf("cohort %+v", prog.Cohort)
	}
	snap := prog.Cohort[0].Reasons
	if snap.Criteria != program.DefaultCriteria || !reflect.DeepEqual(snap.Reasons, program.DefaultCriteria.Reasons(snap.Signals)) {
		t.Errorf("stored snapshot %+v", snap)
	}
	for _, e := range want {
		if e.org == cs[0].ID && !reflect.DeepEqual(snap.Signals, e.signals) {
			t.Errorf("stored signals %+v, want %+v", snap.Signals, e.signals)
		}
	}
}

// targetingWorld is a world over db and h with an operator "<prefix>-op"
// and its manager, signed in with a token as "manager".
func targetingWorld(t *testing.T, db *store.DB, h http.Handler, prefix string) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{db: db, h: h, now: time.Now(), tokens: map[string]string{}, users: map[string]string{}}
	if err := db.CreateOrg(ctx, &store.Org{ID: prefix + "-op", Kind: "operator", Name: "타깃 운영"}); err != nil {
		t.Fatal(err)
	}
	hash, _ := auth.HashPassword("password-"+prefix, fastParams)
	u := &store.User{Email: prefix + "-manager@example.com", Name: prefix, Memberships: []auth.Membership{{Org: prefix + "-op", Role: auth.Manager}}}
	if err := db.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	tok, th, _ := auth.NewToken(auth.APITokenPrefix)
	if _, err := db.CreateToken(ctx, th, u.ID, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.tokens["manager"] = tok
	return w
}

// TestPublicCandidates: a public program's targeting also lists the demo
// city's 상권 districts that the rule marks as in need by their indicators
// for the industry, as the indicators endpoint gives them: exactly those,
// in the rank of program.Rank, with their reasons in words and centroids,
// in the shape the OpenAPI document gives; the radius keeps those whose
// centroid lies within it, the limit the first; on both engines.
func TestPublicCandidates(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := demoStore(t, engine)
		h := newAPI(db)
		districts, err := db.Districts(context.Background(), store.DistrictFilter{})
		if err != nil {
			t.Fatal(err)
		}
		testPublicCandidates(t, targetingWorld(t, db, h, "pub"), h, districts, "CS100001")
	})
}

func testPublicCandidates(t *testing.T, w *world, h http.Handler, districts []store.District, industry string) {
	t.Helper()
	run(t, w, []step{{"define public", "manager", "POST", "/api/v1/programs", `{"id":"tgt-pub","kind":"lunchbox","name":"구 도시락","public":true,"operators":[{"org":"pub-op","share":1}],"budget":1000,"starts":"2026-12-01","ends":"2026-12-31","daily_orders":10,"unit_price":5000,"employee_price":3000}`, 201, ""}})
	var def struct{ Program struct{ Public bool } }
	w.do(t, "manager", "GET", "/api/v1/programs/tgt-pub", "", &def)
	if !def.Program.Public {
		t.Fatalf("program tgt-pub not stored as public: %+v", def)
	}
	centre := districts[0]
	byCode := map[string]store.District{}
	var want []program.Candidate
	for _, d := range districts {
		byCode[d.Code] = d
		var di struct {
			Indicators map[string]struct {
				Value any `json:"value"`
			} `json:"indicators"`
		}
		getJSON(t, h, "/api/v1/districts/"+d.Code+"/indicators?industry="+industry, &di)
		var s program.Signals
		num := func(key string) *float64 {
			n, ok := di.Indicators[key].Value.(json.Number)
			if !ok {
				return nil
			}
			v, err := n.Float64()
			if err != nil {
				t.Fatal(err)
			}
			return &v
		}
		s.SalesYoY, s.CloseRate = num("sales_yoy_pct"), num("close_rate")
		s.ChangeIndex, _ = di.Indicators["change_index"].Value.(string)
		s.StartupRisk, _ = di.Indicators["startup_risk"].Value.(string)
		var rs []program.Reason
		if s.SalesYoY != nil && *s.SalesYoY < -5 {
			rs = append(rs, program.Reason{Key: "sales_yoy_pct"})
		}
		if s.CloseRate != nil && *s.CloseRate > 5 {
			rs = append(rs, program.Reason{Key: "close_rate"})
		}
		if s.ChangeIndex == "HL" {
			rs = append(rs, program.Reason{Key: "change_index"})
		}
		if s.StartupRisk == "위험" || s.StartupRisk == "고위험" {
			rs = append(rs, program.Reason{Key: "startup_risk"})
		}
		if len(rs) > 0 {
			dist := program.DistanceM(centre.Lon, centre.Lat, d.Lon, d.Lat)
			want = append(want, program.Candidate{ID: d.Code, Signals: s, Reasons: rs, Distance: &dist})
		}
	}
	if len(want) < 3 || len(want) > len(districts)-3 || len(want) > 1000 {
		t.Fatalf("%d of %d districts in need: the demo city should give some in need and some not, at most 1,000", len(want), len(districts))
	}
	program.Rank(want)
	type distJSON struct {
		Code, Name        string
		GuName            string `json:"gu_name"`
		Lon, Lat          float64
		DistanceM         *float64 `json:"distance_m"`
		Quarter, Industry string
		Reasons           []program.Reason
	}
	var got struct {
		Public    bool
		Districts []distJSON
	}
	w.do(t, "manager", "GET", "/api/v1/programs/tgt-pub/candidates?sales_yoy_below=-5&industry="+industry+"&limit=1000", "", &got)
	// The answer, districts and all, is the one the OpenAPI document gives
	// (TestOpenAPI's examples run over a world without district data).
	rec := w.do(t, "manager", "GET", "/api/v1/programs/tgt-pub/candidates?sales_yoy_below=-5&industry="+industry+"&limit=1000", "", nil)
	answer, err := jsonschema.UnmarshalJSON(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	loaded, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	const base = "https://sangsaeng.invalid/openapi.json"
	if err := c.AddResource(base, loaded); err != nil {
		t.Fatal(err)
	}
	rs, err := c.Compile(base + "#/paths/" + pointer("/api/v1/programs/{id}/candidates") + "/get/responses/200/content/" + pointer("application/json") + "/schema")
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.Validate(answer); err != nil {
		t.Errorf("the answer does not match the OpenAPI document: %v", err)
	}
	if !got.Public || len(got.Districts) != len(want) {
		t.Fatalf("public %v, %d districts, want %d", got.Public, len(got.Districts), len(want))
	}
	for i, g := range got.Districts {
		e := want[i]
		if g.Code != e.ID {
			t.Fatalf("district %d is %s, want %s", i, g.Code, e.ID)
		}
		d := byCode[g.Code]
		var keys, wantKeys []string
		for _, r := range g.Reasons {
			keys = append(keys, r.Key)
			if r.Reason == "" || r.ReasonEN == "" {
				t.Errorf("%s: a reason without words", g.Code)
			}
		}
		for _, r := range e.Reasons {
			wantKeys = append(wantKeys, r.Key)
		}
		if !slices.Equal(keys, wantKeys) || g.Name != d.Name || g.GuName != d.GuName || g.Lon != d.Lon || g.Lat != d.Lat ||
			g.Quarter == "" || g.Industry != industry || g.DistanceM != nil {
			t.Errorf("district %s: %+v, want reasons %v of %+v", g.Code, g, wantKeys, d)
		}
	}
	const radius = 3000.0
	var near []string
	for _, e := range want {
		if *e.Distance <= radius {
			near = append(near, e.ID)
		}
	}
	if len(near) == 0 || len(near) == len(want) {
		t.Fatalf("%d of %d districts in need within 3 km: the radius should narrow", len(near), len(want))
	}
	t.Logf("%d of %d districts in need of %s, %d within 3 km", len(want), len(districts), industry, len(near))
	var gotNear struct{ Districts []distJSON }
	w.do(t, "manager", "GET", fmt.Sprintf("/api/v1/programs/tgt-pub/candidates?sales_yoy_below=-5&industry=%s&lon=%v&lat=%v&radius_m=3000&limit=1000", industry, centre.Lon, centre.Lat), "", &gotNear)
	var gn []string
	for _, g := range gotNear.Districts {
		gn = append(gn, g.Code)
		if g.DistanceM == nil || *g.DistanceM > radius {
			t.Errorf("%s at %v m, outside 3,000", g.Code, g.DistanceM)
		}
	}
	if !slices.Equal(gn, near) {
		t.Errorf("within 3 km: %v, want %v", gn, near)
	}
	var two struct{ Districts []distJSON }
	w.do(t, "manager", "GET", "/api/v1/programs/tgt-pub/candidates?sales_yoy_below=-5&industry="+industry+"&limit=2", "", &two)
	if len(two.Districts) != 2 || two.Districts[0].Code != want[0].ID || two.Districts[1].Code != want[1].ID {
		t.Errorf("limit 2: %+v", two.Districts)
	}
}
