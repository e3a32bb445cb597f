package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// world is a fresh database with organisations, one user and API token per
// role, and accounts: kt-bank and kt-budget (debits ≤ credits, 10,000 won)
// of the operator kt, shop1-sales of the merchant shop1.
type world struct {
	db     *store.DB
	h      http.Handler
	now    time.Time
	mu     sync.Mutex
	tokens map[string]string // principal name → bearer token
	users  map[string]string // principal name → user id
}

var fastParams = auth.Params{Memory: 64, Time: 1, Threads: 1}

func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldAt(t, filepath.Join(t.TempDir(), "w.duckdb"))
}

// newWorldAt is newWorld on the database at src (a DuckDB file or a
// PostgreSQL URL).
func newWorldAt(t testing.TB, src string) *world {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{db: db, now: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC), tokens: map[string]string{}, users: map[string]string{}}
	db.Now = w.clock
	w.h = httpapi.New(db, slog.New(slog.DiscardHandler), httpapi.Options{})
	bn := "124-81-00998"
	for _, o := range []store.Org{
		{ID: "kt", Kind: "operator", Name: "KT"}, {ID: "lg", Kind: "operator", Name: "LG"},
		{ID: "shop1", Kind: "merchant", Name: "광화문 김밥", BusinessNo: &bn}, {ID: "sup1", Kind: "supplier", Name: "도시락 공방", BusinessNo: &bn},
		{ID: "bai", Kind: "public", Name: "감사원"},
	} {
		if err := db.CreateOrg(ctx, &o); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []struct {
		name string
		m    auth.Membership
	}{
		{"admin", auth.Membership{Role: auth.Admin}},
		{"manager", auth.Membership{Org: "kt", Role: auth.Manager}},
		{"staff", auth.Membership{Org: "kt", Role: auth.Staff}},
		{"merchant", auth.Membership{Org: "shop1", Role: auth.Merchant}},
		{"supplier", auth.Membership{Org: "sup1", Role: auth.Supplier}},
		{"jury", auth.Membership{Org: "kt", Role: auth.Jury}},
		{"auditor", auth.Membership{Org: "bai", Role: auth.Auditor}},
		{"other manager", auth.Membership{Org: "lg", Role: auth.Manager}},
	} {
		hash, err := auth.HashPassword("password-"+p.name, fastParams)
		if err != nil {
			t.Fatal(err)
		}
		u := &store.User{Email: strings.ReplaceAll(p.name, " ", "-") + "@example.com", Name: p.name, Memberships: []auth.Membership{p.m}}
		if err := db.CreateUser(ctx, u, hash); err != nil {
			t.Fatal(err)
		}
		tok, th, _ := auth.NewToken(auth.APITokenPrefix)
		if _, err := db.CreateToken(ctx, th, u.ID, w.now.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		w.tokens[p.name], w.users[p.name] = tok, u.ID
	}
	for _, a := range []ledger.Account{
		{ID: "kt-bank", Owner: "kt"}, {ID: "kt-budget", Owner: "kt", Flags: ledger.Flags{DebitsMustNotExceedCredits: true}},
		{ID: "shop1-sales", Owner: "shop1"},
	} {
		a.Name = a.ID
		if _, err := db.CreateAccount(ctx, a, store.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Transfers(ctx, []ledger.Transfer{{ID: "fund", DebitAccount: "kt-bank", CreditAccount: "kt-budget", Amount: 10000}}, store.Meta{}); err != nil {
		t.Fatal(err)
	}
	return w
}

// contestBody is a contest of the operator, open from an hour before now
// for a day, one criterion, one judge per entry.
func contestBody(id, operator string, now time.Time) string {
	return fmt.Sprintf(`{"id":%q,"operator":%q,"name":"공모전","criteria":[{"key":"use","name":"쓰임새","weight":1}],"budget":100000,"opens_at":%q,"closes_at":%q,"per_entry":1,"method":"trimmed"}`,
		id, operator, now.Add(-time.Hour).Format(time.RFC3339), now.Add(24*time.Hour).Format(time.RFC3339))
}

// seedRoleContests adds to w the contests the role table writes to: rt takes
// entries, rj has one to assign, rs and rp have their jury (kt's judge),
// and the early-payment run er.
func seedRoleContests(t *testing.T, w *world) {
	t.Helper()
	for _, id := range []string{"rt", "rj", "rs", "rp"} {
		if rec := w.do(t, "manager", "POST", "/api/v1/contests", contestBody(id, "kt", w.clock()), nil); rec.Code != 201 {
			t.Fatalf("contest %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	for _, id := range []string{"rj", "rs", "rp"} {
		if rec := w.do(t, "supplier", "POST", "/api/v1/contests/"+id+"/entries", `{"product":"용기","unit_price":1000,"min_units":1,"max_units":2,"sme_cert":"1"}`, nil); rec.Code != 201 {
			t.Fatalf("entry in %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	for _, id := range []string{"rs", "rp"} {
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/"+id+"/jury", `{"users":["jury@example.com"]}`, nil); rec.Code != 200 {
			t.Fatalf("jury of %s: %d %s", id, rec.Code, rec.Body)
		}
	}
	if rec := w.do(t, "manager", "POST", "/api/v1/early-payments", `{"id":"er","operator":"kt","name":"설","pay_date":"2027-02-05","within_days":30,"budget":1000,"mode":"sangsaeng"}`, nil); rec.Code != 201 {
		t.Fatalf("early payment: %d %s", rec.Code, rec.Body)
	}
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *world) advance(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = w.now.Add(d)
}

// do sends a request as the named principal ("" for anonymous) and decodes
// a JSON answer into out (if not nil).
func (w *world) do(t *testing.T, who, method, target, body string, out any, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+w.tokens[who])
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			t.Fatalf("%s %s: body %s: %v", method, target, rec.Body, err)
		}
	}
	return rec
}

var principals = []string{"", "admin", "manager", "staff", "merchant", "supplier", "jury", "auditor", "other manager"}

// mayMoveKt are the principals whose roles let them move money out of kt's
// accounts (auth.TransferCreate).
var mayMoveKt = map[string]bool{"admin": true, "manager": true, "staff": true}

// TestRoleEndpointTable: every role against every write endpoint, on
// each engine.
func TestRoleEndpointTable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) { roleEndpointTable(t, newWorldAt(t, src)) })
}

func roleEndpointTable(t *testing.T, w *world) {
	seedRolePrograms(t, w)
	n := 0
	uniq := func() int { n++; return n }
	day := 0
	nextDay := func() int { day++; return day }
	seedRoleContests(t, w)
	endpoints := []struct {
		name   string
		method string
		target string
		body   func() string
		want   []int // in the order of principals
	}{
		{"create org", "POST", "/api/v1/orgs", func() string {
			return fmt.Sprintf(`{"id":"org%d","kind":"operator","name":"신한"}`, uniq())
		}, []int{401, 201, 403, 403, 403, 403, 403, 403, 403}},
		{"create staff user at kt", "POST", "/api/v1/users", func() string {
			return fmt.Sprintf(`{"email":"s%d@example.com","name":"김","password":"long enough pw","memberships":[{"org":"kt","role":"staff"}]}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"create admin user", "POST", "/api/v1/users", func() string {
			return fmt.Sprintf(`{"email":"a%d@example.com","name":"박","password":"long enough pw","memberships":[{"org":"","role":"admin"}]}`, uniq())
		}, []int{401, 201, 403, 403, 403, 403, 403, 403, 403}},
		{"create account at kt", "POST", "/api/v1/ledger/accounts", func() string {
			return fmt.Sprintf(`{"id":"acct%d","name":"예산","owner":"kt","flags":["debits_must_not_exceed_credits"]}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"transfer out of kt", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1}]}`, uniq())
		}, []int{401, 201, 201, 201, 403, 403, 403, 403, 403}},
		{"transfer out of an unknown account", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"nope","credit_account":"kt-bank","amount":1}]}`, uniq())
		}, []int{401, 422, 422, 422, 422, 422, 403, 403, 422}},
		{"post of an unknown reservation", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","post_pending":"nope"}]}`, uniq())
		}, []int{401, 422, 422, 422, 422, 422, 403, 403, 422}},
		{"transfer out of shop1", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"shop1-sales","credit_account":"kt-bank","amount":1}]}`, uniq())
		}, []int{401, 201, 403, 403, 201, 403, 403, 403, 403}},
		// No role, admin included, moves a program's money through the
		// generic route (managed_account); whoever may not move kt's
		// money at all is refused first (forbidden).
		{"transfer out of a program's budget", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"rp:budget","credit_account":"kt-bank","amount":1}]}`, uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"transfer into a program's budget", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"kt-bank","credit_account":"rp:budget","amount":1}]}`, uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"transfer into a merchant's prepaid balance of a program", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"kt-bank","credit_account":"rp:meals:1","amount":1}]}`, uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"reserve into a program's account", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"kt-bank","credit_account":"kt-kits:issued","amount":1,"pending":true,"timeout_s":60}]}`, uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"a program's account second in a batch", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","debit_account":"kt-bank","credit_account":"kt-budget","amount":1},{"id":"t%d","debit_account":"kt-budget","credit_account":"kt-kits:budget","amount":1}]}`, uniq(), uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"post a program's reservation", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","post_pending":"kt-kits:o-seed"}]}`, uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"void a program's reservation", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"t%d","void_pending":"kt-kits:o-seed"}]}`, uniq())
		}, []int{401, 403, 403, 403, 403, 403, 403, 403, 403}},
		{"take a program's transfer id", "POST", "/api/v1/ledger/transfers", func() string {
			return fmt.Sprintf(`{"transfers":[{"id":"rp:x%d","debit_account":"kt-bank","credit_account":"kt-budget","amount":1}]}`, uniq())
		}, []int{401, 400, 400, 400, 403, 403, 403, 403, 403}},
		{"open an account in a program's namespace", "POST", "/api/v1/ledger/accounts", func() string {
			return fmt.Sprintf(`{"id":"rp:x%d","name":"예산","owner":"kt"}`, uniq())
		}, []int{401, 400, 400, 403, 403, 403, 403, 403, 403}},
		{"open an account in a contest's namespace", "POST", "/api/v1/ledger/accounts", func() string {
			return fmt.Sprintf(`{"id":"ct-rp-x%d","name":"예산","owner":"kt"}`, uniq())
		}, []int{401, 400, 400, 403, 403, 403, 403, 403, 403}},
		{"open an account in an early-payment run's namespace", "POST", "/api/v1/ledger/accounts", func() string {
			return fmt.Sprintf(`{"id":"ep-er-x%d","name":"예산","owner":"kt"}`, uniq())
		}, []int{401, 400, 400, 403, 403, 403, 403, 403, 403}},
		{"create token", "POST", "/api/v1/auth/tokens", func() string { return `{"expires_days":30}` },
			[]int{401, 201, 201, 201, 201, 201, 201, 201, 201}},
		{"revoke unknown token", "DELETE", "/api/v1/auth/tokens/tok_nope", func() string { return "" },
			[]int{401, 404, 404, 404, 404, 404, 404, 404, 404}},
		// The programs' writes (seedRolePrograms); a refusal by the rules
		// after the role check (422) shows the role passed.
		{"shop1's bank details", "PUT", "/api/v1/orgs/shop1/payee", func() string {
			return `{"bank":"국민은행","account":"123-456","holder":"광화문 김밥"}`
		}, []int{401, 200, 403, 403, 200, 403, 403, 403, 403}},
		{"define a program of kt", "POST", "/api/v1/programs", func() string {
			return fmt.Sprintf(`{"id":"new%d","kind":"lunchbox","name":"도시락","operators":[{"org":"kt","share":1}],"budget":1000,"starts":"2026-12-01","ends":"2026-12-31","daily_orders":1,"unit_price":7000,"employee_price":4500}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"fund kt's program", "POST", "/api/v1/programs/kt-kits/fund", func() string {
			return fmt.Sprintf(`{"id":"f%d","amount":1}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"add merchants", "POST", "/api/v1/programs/kt-kits/merchants", func() string { return `{"merchants":["shop1"]}` },
			[]int{401, 200, 200, 403, 403, 403, 403, 403, 403}},
		{"prepay (once: then nothing is left to prepay)", "POST", "/api/v1/programs/rp/prepay", func() string {
			return fmt.Sprintf(`{"id":"pp%d"}`, uniq())
		}, []int{401, 201, 422, 403, 403, 403, 403, 403, 403}},
		{"redeem at shop1", "POST", "/api/v1/programs/rp/redemptions", func() string {
			return fmt.Sprintf(`{"id":"r%d","merchant":"shop1","amount":1}`, uniq())
		}, []int{401, 201, 403, 403, 201, 403, 403, 403, 403}},
		{"close the balances", "POST", "/api/v1/programs/rold/close", func() string {
			return fmt.Sprintf(`{"id":"c%d"}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"order kits", "POST", "/api/v1/programs/kt-kits/orders", func() string {
			return fmt.Sprintf(`{"id":"o%d","merchant":"shop1","date":"2026-12-08","quantity":1}`, uniq())
		}, []int{401, 201, 201, 201, 403, 403, 403, 403, 403}},
		{"donate kits", "POST", "/api/v1/programs/kt-kits/donations", func() string {
			return fmt.Sprintf(`{"id":"g%d","merchant":"shop1","date":"2026-12-08","quantity":1}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"cancel staff's order after the cut-off", "DELETE", "/api/v1/programs/kt-kits/orders/o-seed", func() string { return "" },
			[]int{401, 422, 422, 422, 403, 403, 403, 403, 403}},
		{"pick up at shop1", "POST", "/api/v1/programs/kt-kits/orders/o-seed/pickup", func() string { return "" },
			[]int{401, 200, 403, 403, 200, 403, 403, 403, 403}},
		{"order lunchboxes", "POST", "/api/v1/programs/rbox/lunchboxes", func() string {
			return fmt.Sprintf(`{"id":"d%d","date":"2026-12-%02d"}`, uniq(), nextDay())
		}, []int{401, 201, 201, 201, 403, 403, 403, 403, 403}},
		{"settle (the second time a replay)", "POST", "/api/v1/programs/rp/settlements", func() string { return `{"id":"rs1","until":"2026-12-07"}` },
			[]int{401, 201, 200, 403, 403, 403, 403, 403, 403}},
		{"confirm", "POST", "/api/v1/programs/rp/settlements/rs1/confirm", func() string { return "" },
			[]int{401, 200, 200, 403, 403, 403, 403, 403, 403}},
		{"create contest at kt", "POST", "/api/v1/contests", func() string { return contestBody(fmt.Sprintf("c%d", uniq()), "kt", w.clock()) },
			[]int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"enter a product of sup1", "POST", "/api/v1/contests/rt/entries", func() string {
			return `{"supplier":"sup1","product":"용기","unit_price":1000,"min_units":1,"max_units":2,"sme_cert":"0012"}`
		}, []int{401, 201, 403, 403, 403, 201, 403, 403, 403}},
		{"declare a conflict", "POST", "/api/v1/contests/rt/conflicts", func() string { return `{"target":"sup1"}` },
			[]int{401, 201, 403, 403, 403, 403, 201, 403, 403}},
		{"assign the jury", "POST", "/api/v1/contests/rj/jury", func() string { return `{"users":["jury@example.com"]}` },
			[]int{401, 200, 200, 403, 403, 403, 403, 403, 403}},
		{"score an entry assigned to the judge", "PUT", "/api/v1/contests/rs/entries/e1/scores", func() string { return `{"scores":{"use":70}}` },
			[]int{401, 403, 403, 403, 403, 403, 200, 403, 403}},
		{"publish results", "POST", "/api/v1/contests/rp/publish", func() string { return "" },
			[]int{401, 200, 200, 403, 403, 403, 403, 403, 403}},
		{"distribute the purchase", "POST", "/api/v1/contests/rp/distribution", func() string { return `{"online_share":5000,"stores":[{"id":"s1","weight":1}]}` },
			[]int{401, 200, 200, 403, 403, 403, 403, 403, 403}},
		{"create an early-payment run at kt", "POST", "/api/v1/early-payments", func() string {
			return fmt.Sprintf(`{"id":"ep%d","operator":"kt","name":"설","pay_date":"2027-02-05","within_days":30,"budget":1000,"mode":"sangsaeng"}`, uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"import invoices", "POST", "/api/v1/early-payments/er/invoices", func() string {
			return fmt.Sprintf("supplier_business_no,invoice_no,issued_on,due_on,amount\n2208162517,I%d,2027-01-10,2027-02-15,100\n", uniq())
		}, []int{401, 201, 201, 403, 403, 403, 403, 403, 403}},
		{"execute the run", "POST", "/api/v1/early-payments/er/run", func() string { return `{"id":"x"}` },
			[]int{401, 201, 200, 403, 403, 403, 403, 403, 403}},
	}
	for _, e := range endpoints {
		for i, who := range principals {
			name := who
			if name == "" {
				name = "anonymous"
			}
			t.Run(e.name+"/"+name, func(t *testing.T) {
				rec := w.do(t, who, e.method, e.target, e.body(), nil)
				if rec.Code != e.want[i] {
					t.Errorf("status %d, want %d; body %s", rec.Code, e.want[i], rec.Body)
				}
				switch {
				case rec.Code == 403 && e.target == "/api/v1/ledger/transfers" && strings.Contains(e.name, "program") && mayMoveKt[who]:
					// The role passed; the rule refused, naming the account.
					var got transfersBody
					json.Unmarshal(rec.Body.Bytes(), &got)
					if got.Error.Code != "managed_account" || got.Error.Index == nil || !strings.Contains(got.Error.Message, ":") {
						t.Errorf("error %s, want managed_account with the index and the account", rec.Body)
					}
				case rec.Code == 401 || rec.Code == 403:
					wantError(t, rec, rec.Code, map[int]string{401: "unauthenticated", 403: "forbidden"}[rec.Code])
				}
			})
		}
	}
	// The logout row last: it ends nothing for a Bearer token, but it is a
	// write and refuses the anonymous.
	for _, who := range principals {
		want := 200
		if who == "" {
			want = 401
		}
		if rec := w.do(t, who, "POST", "/api/v1/auth/logout", "", nil); rec.Code != want {
			t.Errorf("logout as %q: status %d, want %d", who, rec.Code, want)
		}
	}
}

type transfersBody struct {
	Transfers []struct {
		ID     string `json:"id"`
		Amount int64  `json:"amount"`
		Status string `json:"status"`
	} `json:"transfers"`
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Index   *int   `json:"index"`
	} `json:"error"`
}

func TestTransfersAPI(t *testing.T) {
	w := newWorld(t)
	steps := []struct {
		name   string
		body   string
		status int
		code   string
		index  int
		states []string
	}{
		{"reserve and pay", `{"transfers":[{"id":"p1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":7000,"pending":true,"memo":"도시락 100개"},{"id":"x1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":2000}]}`,
			201, "", 0, []string{"pending", "posted"}},
		{"replay", `{"transfers":[{"id":"p1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":7000,"pending":true,"memo":"도시락 100개"}]}`,
			200, "", 0, []string{"pending"}},
		{"same id, other amount", `{"transfers":[{"id":"x2","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1},{"id":"x1","debit_account":"kt-budget","credit_account":"shop1-sales","amount":2001}]}`,
			409, "id_conflict", 1, nil},
		{"over the budget", `{"transfers":[{"id":"x3","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1001}]}`,
			422, "exceeds_credits", 0, nil},
		{"unknown account", `{"transfers":[{"id":"x4","debit_account":"kt-budget","credit_account":"nope","amount":1}]}`,
			422, "account_not_found", 0, nil},
		{"same account", `{"transfers":[{"id":"x5","debit_account":"kt-budget","credit_account":"kt-budget","amount":1}]}`,
			422, "same_account", 0, nil},
		{"amount 0", `{"transfers":[{"id":"x6","debit_account":"kt-budget","credit_account":"shop1-sales","amount":0}]}`,
			422, "invalid_amount", 0, nil},
		{"amount not whole", `{"transfers":[{"id":"x6","debit_account":"kt-budget","credit_account":"shop1-sales","amount":1.5}]}`,
			400, "bad_request", 0, nil},
		{"post unknown", `{"transfers":[{"id":"x7","post_pending":"nope"}]}`, 422, "pending_not_found", 0, nil},
		{"post 6000 of 7000", `{"transfers":[{"id":"x8","post_pending":"p1","amount":6000}]}`, 201, "", 0, []string{"posted"}},
		{"void after post", `{"transfers":[{"id":"x9","void_pending":"p1"}]}`, 422, "pending_closed", 0, nil},
		{"reserve 10 s", `{"transfers":[{"id":"p2","debit_account":"kt-budget","credit_account":"shop1-sales","amount":5,"pending":true,"timeout_s":10}]}`, 201, "", 0, []string{"pending"}},
	}
	for _, s := range steps {
		var got transfersBody
		rec := w.do(t, "staff", "POST", "/api/v1/ledger/transfers", s.body, &got)
		if rec.Code != s.status {
			t.Fatalf("%s: status %d, want %d; %s", s.name, rec.Code, s.status, rec.Body)
		}
		if s.code != "" && (got.Error.Code != s.code || got.Error.Index == nil || *got.Error.Index != s.index) {
			t.Errorf("%s: error %s at %v, want %s at %d", s.name, got.Error.Code, got.Error.Index, s.code, s.index)
		}
		for i, st := range s.states {
			if got.Transfers[i].Status != st {
				t.Errorf("%s: transfer %d status %s, want %s", s.name, i, got.Transfers[i].Status, st)
			}
		}
	}
	w.advance(10 * time.Second)
	var post transfersBody
	if rec := w.do(t, "staff", "POST", "/api/v1/ledger/transfers", `{"transfers":[{"id":"x10","post_pending":"p2"}]}`, &post); rec.Code != 422 || post.Error.Code != "pending_expired" {
		t.Errorf("post after the timeout: %d %s, want 422 pending_expired", rec.Code, rec.Body)
	}
	var acct struct {
		Account struct {
			DebitsPosted  int64    `json:"debits_posted"`
			CreditsPosted int64    `json:"credits_posted"`
			DebitsPending int64    `json:"debits_pending"`
			Balance       int64    `json:"balance"`
			Flags         []string `json:"flags"`
		} `json:"account"`
	}
	w.do(t, "manager", "GET", "/api/v1/ledger/accounts/kt-budget", "", &acct)
	if a := acct.Account; a.DebitsPosted != 8000 || a.CreditsPosted != 10000 || a.DebitsPending != 0 || a.Balance != 2000 || len(a.Flags) != 1 {
		t.Errorf("kt-budget = %+v, want debits 8000, credits 10000, nothing pending, balance 2000", a)
	}
	if rec := w.do(t, "other manager", "GET", "/api/v1/ledger/accounts/kt-budget", "", nil); rec.Code != 403 {
		t.Errorf("another org's account: %d, want 403", rec.Code)
	}
	var page struct {
		Transfers []struct {
			Seq  int64
			Kind string
		} `json:"transfers"`
		Next *int64 `json:"next"`
	}
	w.do(t, "auditor", "GET", "/api/v1/ledger/accounts/kt-budget/transfers?limit=3", "", &page)
	if len(page.Transfers) != 3 || page.Next == nil {
		t.Fatalf("first page: %+v", page)
	}
	w.do(t, "auditor", "GET", fmt.Sprintf("/api/v1/ledger/accounts/kt-budget/transfers?after=%d", *page.Next), "", &page)
	if len(page.Transfers) != 3 || page.Next != nil || page.Transfers[2].Kind != "expire" {
		t.Errorf("second page: %+v, want post, pending, expiry", page)
	}
	var tr struct {
		Transfer struct{ Status, Resolution string } `json:"transfer"`
	}
	w.do(t, "merchant", "GET", "/api/v1/ledger/transfers/p1", "", &tr)
	if tr.Transfer.Status != "pending" || tr.Transfer.Resolution != "post_pending" {
		t.Errorf("transfer p1 = %+v, want pending resolved by post_pending", tr.Transfer)
	}
	var rep ledger.Report
	if rec := w.do(t, "auditor", "GET", "/api/v1/ledger/check", "", &rep); rec.Code != 200 || !rep.Balanced || rep.Accounts != 3 {
		t.Errorf("check = %d %+v", rec.Code, rep)
	}
	if rec := w.do(t, "staff", "GET", "/api/v1/ledger/check", "", nil); rec.Code != 403 {
		t.Errorf("check as staff: %d, want 403", rec.Code)
	}
}

func TestOrgBusinessNo(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		body   string
		status int
		code   string
	}{
		{`{"id":"gimbap","kind":"merchant","name":"김밥천국","business_no":"220-81-62517","lon":126.978,"lat":37.5665}`, 201, ""},
		{`{"id":"gimbap2","kind":"merchant","name":"김밥천국","business_no":"220-81-62518"}`, 422, "invalid_business_no"},
		{`{"id":"gimbap3","kind":"supplier","name":"공방"}`, 422, "invalid_business_no"},
		{`{"id":"gimbap","kind":"merchant","name":"김밥천국","business_no":"2208162517"}`, 409, "conflict"},
		{`{"id":"x","kind":"bank","name":"은행"}`, 400, "bad_request"},
	}
	for _, tt := range tests {
		rec := w.do(t, "admin", "POST", "/api/v1/orgs", tt.body, nil)
		if tt.code != "" {
			wantError(t, rec, tt.status, tt.code)
		} else if rec.Code != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.body, rec.Code, tt.status, rec.Body)
		}
	}
	var got struct {
		Org store.Org `json:"org"`
	}
	w.do(t, "staff", "GET", "/api/v1/orgs/gimbap", "", &got)
	if got.Org.BusinessNo == nil || *got.Org.BusinessNo != "2208162517" || got.Org.Lon == nil {
		t.Errorf("org = %+v", got.Org)
	}
}

// login signs in and returns the session cookie and CSRF token.
func login(t *testing.T, w *world, email, password, ip string) (*httptest.ResponseRecorder, *http.Cookie, string) {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/auth/login", strings.NewReader(fmt.Sprintf(`{"email":%q,"password":%q}`, email, password)))
	req.RemoteAddr = ip + ":40000"
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	var body struct {
		CSRF string `json:"csrf_token"`
	}
	json.Unmarshal(rec.Body.Bytes(), &body)
	for _, c := range rec.Result().Cookies() {
		if c.Name == "sangsaeng_session" {
			return rec, c, body.CSRF
		}
	}
	return rec, nil, body.CSRF
}

func TestSessionAndCSRF(t *testing.T) {
	w := newWorld(t)
	rec, cookie, csrf := login(t, w, "Staff@Example.com", "password-staff", "10.0.0.1")
	if rec.Code != 200 || cookie == nil || csrf == "" {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteLaxMode || cookie.Secure {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Lax, not Secure without TLS", cookie)
	}
	if strings.Contains(rec.Body.String(), "argon2") {
		t.Error("login answer carries the password hash")
	}
	body := func(id string) string {
		return fmt.Sprintf(`{"transfers":[{"id":%q,"debit_account":"kt-budget","credit_account":"shop1-sales","amount":1}]}`, id)
	}
	send := func(id string, hdr map[string]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("POST", "/api/v1/ledger/transfers", strings.NewReader(body(id)))
		req.AddCookie(cookie)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		return rec
	}
	tests := []struct {
		name   string
		hdr    map[string]string
		status int
		code   string
	}{
		{"no CSRF token", nil, 403, "csrf"},
		{"wrong CSRF token", map[string]string{"X-CSRF-Token": csrf + "x"}, 403, "csrf"},
		{"cross-site with the token", map[string]string{"X-CSRF-Token": csrf, "Sec-Fetch-Site": "cross-site"}, 403, "csrf"},
		{"other origin with the token", map[string]string{"X-CSRF-Token": csrf, "Origin": "https://evil.example"}, 403, "csrf"},
		{"same origin with the token", map[string]string{"X-CSRF-Token": csrf, "Sec-Fetch-Site": "same-origin"}, 201, ""},
	}
	for i, tt := range tests {
		rec := send(fmt.Sprintf("c%d", i), tt.hdr)
		if tt.code != "" {
			wantError(t, rec, tt.status, tt.code)
		} else if rec.Code != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.name, rec.Code, tt.status, rec.Body)
		}
	}
	// Logout ends the session: the cookie no longer signs in.
	req := httptest.NewRequest("POST", "/api/v1/auth/logout", nil)
	req.AddCookie(cookie)
	req.Header.Set("X-CSRF-Token", csrf)
	rec = httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Fatalf("logout: %d %s", rec.Code, rec.Body)
	}
	if rec := send("after-logout", map[string]string{"X-CSRF-Token": csrf}); rec.Code != 401 {
		t.Errorf("write after logout: %d, want 401", rec.Code)
	}
	// A session expires after 12 hours.
	_, cookie, csrf = login(t, w, "staff@example.com", "password-staff", "10.0.0.1")
	w.advance(12*time.Hour + time.Second)
	if rec := send("after-expiry", map[string]string{"X-CSRF-Token": csrf}); rec.Code != 401 {
		t.Errorf("write with an expired session: %d, want 401", rec.Code)
	}
}

func TestLoginThrottle(t *testing.T) {
	w := newWorld(t)
	for i := range 5 {
		if rec, _, _ := login(t, w, "staff@example.com", "wrong password", "10.0.0.9"); rec.Code != 401 {
			t.Fatalf("failure %d: %d, want 401", i+1, rec.Code)
		}
	}
	tests := []struct {
		name     string
		password string
		ip       string
		advance  time.Duration
		status   int
		retry    string
	}{
		{"6th failure still answered", "wrong password", "10.0.0.9", 0, 401, ""},
		{"then throttled", "wrong password", "10.0.0.9", 0, 429, "1"},
		{"even the right password", "password-staff", "10.0.0.9", 0, 429, "1"},
		{"another address is not", "password-staff", "10.0.0.10", 0, 200, ""},
		{"after the wait, another failure", "wrong password", "10.0.0.9", time.Second, 401, ""},
		{"doubles the wait", "password-staff", "10.0.0.9", 0, 429, "2"},
		{"after it, the right password", "password-staff", "10.0.0.9", 2 * time.Second, 200, ""},
		{"which clears the count", "wrong password", "10.0.0.9", 0, 401, ""},
	}
	for _, tt := range tests {
		w.advance(tt.advance)
		rec, _, _ := login(t, w, "staff@example.com", tt.password, tt.ip)
		if rec.Code != tt.status || rec.Header().Get("Retry-After") != tt.retry {
			t.Errorf("%s: %d Retry-After %q, want %d %q", tt.name, rec.Code, rec.Header().Get("Retry-After"), tt.status, tt.retry)
		}
		if tt.status == 429 {
			wantError(t, rec, 429, "too_many_attempts")
		}
	}
}

func TestTokenExpiryAndRevocation(t *testing.T) {
	w := newWorld(t)
	var made struct {
		Token, ID string
	}
	if rec := w.do(t, "manager", "POST", "/api/v1/auth/tokens", `{"expires_days":1}`, &made); rec.Code != 201 || !strings.HasPrefix(made.Token, "sst_") {
		t.Fatalf("create token: %d %s", rec.Code, rec.Body)
	}
	w.tokens["fresh"] = made.Token
	var second struct{ Token, ID string }
	w.do(t, "manager", "POST", "/api/v1/auth/tokens", "", &second)
	w.tokens["second"] = second.Token
	write := func(who, id string) int {
		return w.do(t, who, "POST", "/api/v1/ledger/accounts", fmt.Sprintf(`{"id":%q,"name":"n","owner":"kt"}`, id), nil).Code
	}
	steps := []struct {
		name   string
		act    func()
		who    string
		status int
	}{
		{"fresh token works", nil, "fresh", 201},
		{"another user cannot revoke it", func() {
			if rec := w.do(t, "staff", "DELETE", "/api/v1/auth/tokens/"+made.ID, "", nil); rec.Code != 404 {
				t.Errorf("revoke by another user: %d, want 404", rec.Code)
			}
		}, "fresh", 201},
		{"revoked token is refused", func() {
			if rec := w.do(t, "manager", "DELETE", "/api/v1/auth/tokens/"+made.ID, "", nil); rec.Code != 200 {
				t.Errorf("revoke: %d", rec.Code)
			}
		}, "fresh", 401},
		{"the 90-day token lives on", func() { w.advance(30 * 24 * time.Hour) }, "second", 201},
		{"until it expires", func() { w.advance(60 * 24 * time.Hour) }, "second", 401},
	}
	for i, s := range steps {
		if s.act != nil {
			s.act()
		}
		if got := write(s.who, fmt.Sprintf("acct-%d", i)); got != s.status {
			t.Errorf("%s: %d, want %d", s.name, got, s.status)
		}
	}
}

func TestAuditLog(t *testing.T) {
	w := newWorld(t)
	w.do(t, "manager", "POST", "/api/v1/ledger/accounts", `{"id":"audited","name":"n","owner":"kt"}`, nil, "X-Request-Id", "req-42")
	w.do(t, "staff", "POST", "/api/v1/ledger/accounts", `{"id":"refused","name":"n","owner":"kt"}`, nil, "X-Request-Id", "req-43")
	var log struct {
		Entries []store.AuditEntry `json:"entries"`
	}
	if rec := w.do(t, "auditor", "GET", "/api/v1/audit", "", &log); rec.Code != 200 {
		t.Fatalf("audit: %d", rec.Code)
	}
	want := []struct {
		req, user string
		status    int
	}{{"req-42", w.users["manager"], 201}, {"req-43", w.users["staff"], 403}}
	if len(log.Entries) != len(want) {
		t.Fatalf("audit log %+v, want %d entries", log.Entries, len(want))
	}
	for i, e := range log.Entries {
		if e.RequestID != want[i].req || e.UserID == nil || *e.UserID != want[i].user || e.Status != want[i].status ||
			e.Action != "POST /api/v1/ledger/accounts" {
			t.Errorf("entry %d = %+v, want %+v", i, e, want[i])
		}
	}
	if rec := w.do(t, "manager", "GET", "/api/v1/audit", "", nil); rec.Code != 403 {
		t.Errorf("audit as manager: %d, want 403", rec.Code)
	}
}

// TestPlaceOrg places a merchant at a district's centre into that district
// and its 행정동, over the real polygons.
func TestPlaceOrg(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := loadedStoreOn(t, engine)
		ctx := context.Background()
		ds, err := db.Districts(ctx, store.DistrictFilter{Type: "A"})
		if err != nil || len(ds) == 0 {
			t.Fatalf("districts: %v", err)
		}
		polys, err := db.Polygons(ctx)
		if err != nil {
			t.Fatal(err)
		}
		placed, tried := 0, 0
		for _, d := range ds {
			if _, ok := polys[d.Code]; !ok {
				continue
			}
			tried++
			lon, lat := d.Lon, d.Lat
			o := &store.Org{Kind: "merchant", Name: "가게", Lon: &lon, Lat: &lat}
			if err := httpapi.PlaceOrg(ctx, db, o); err != nil {
				t.Fatal(err)
			}
			if o.DistrictCode == nil {
				continue // the centre lies outside an odd-shaped district
			}
			placed++
			if *o.DistrictCode != d.Code || *o.DongCode != d.DongCode {
				t.Errorf("merchant at the centre of %s (%s) placed in %s, %s", d.Code, d.DongCode, *o.DistrictCode, *o.DongCode)
			}
		}
		if tried == 0 || placed < tried/2 {
			t.Errorf("only %d of %d district centres placed", placed, tried)
		}
		t.Logf("%d of %d district centres placed in their district", placed, tried)
		o := &store.Org{Kind: "merchant", Name: "부산 가게", Lon: ptr(129.07), Lat: ptr(35.18)}
		if err := httpapi.PlaceOrg(ctx, db, o); err != nil || o.DistrictCode != nil {
			t.Errorf("a merchant in Busan placed in %v, %v", o.DistrictCode, err)
		}
	})
}

func ptr(f float64) *float64 { return &f }
