package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/program"
)

// programWrite is one client-identified write of a program sent to the
// server: where, as whom, with which body; and, once acknowledged (200 or
// 201), the answer.
type programWrite struct {
	target, token, body string
	kind                string // redemption or order
	id                  string
	ack                 []byte // the acknowledged answer, compacted; nil if none came
}

// Kill-test programs: a prepayment pp (4 merchants, 1,000,000 won each)
// and a meal kit mk (quota 30 kits per merchant and day, 40 per employee
// and day, 8,000 won subsidy).
const (
	killMerchants   = 4
	killPerMerchant = 1_000_000
	killKitQuota    = 30
	killPerEmployee = 40
	killSubsidy     = 8_000
)

// TestKillDuringProgramWrites starts the real binary on a DuckDB file with a
// prepayment and a meal-kit program, drives 16 clients at their client-id
// writes (redemptions, kit orders, and replays of both), kills it with
// SIGKILL mid-stream and restarts it on the same file. Then: the ledger
// balances; every acknowledged write is in the ledger exactly once, with
// what was acknowledged; every write retried with its id and body replays
// its first answer (200) or, if it was never committed, applies once (201)
// or is refused by the rules, and never twice; the programs' reports and
// rows equal the ledger's transfer listings to the won; and the quotas
// held.
func TestKillDuringProgramWrites(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "programs.duckdb")
	run := func(stdin string, args ...string) string {
		t.Helper()
		code, out, stderr := cli(t, stdin, args...)
		if code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
		return out
	}
	token := func(email string) string {
		lines := strings.Split(strings.TrimSpace(run("", "users", "token", "--db", db, "--email", email)), "\n")
		return lines[len(lines)-1]
	}
	run("", "orgs", "add", "--db", db, "--id", "kt", "--kind", "operator", "--name", "KT")
	var merchants []string
	for i := 1; i <= killMerchants; i++ {
		id := fmt.Sprintf("m%d", i)
		run("", "orgs", "add", "--db", db, "--id", id, "--kind", "merchant", "--name", "식당 "+id, "--business-no", "124-81-00998")
		merchants = append(merchants, id)
	}
	run("correct horse battery\n", "users", "add", "--db", db, "--email", "root@example.com", "--role", "admin", "--password-stdin")
	root := token("root@example.com")
	var staff []string
	for i := range 4 {
		email := fmt.Sprintf("staff%d@example.com", i)
		run("correct horse battery\n", "users", "add", "--db", db, "--email", email, "--org", "kt", "--role", "staff", "--password-stdin")
		staff = append(staff, token(email))
	}

	start := time.Now()
	p := startBinary(t, bin, db)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}, Timeout: 30 * time.Second}
	must := func(method, path, body string, want int) []byte {
		t.Helper()
		code, b := api(client, root, method, p.url+path, body)
		if code != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, code, b, want)
		}
		return b
	}
	today := program.Today(time.Now())
	days := []string{today.AddDays(1).String(), today.AddDays(2).String()}
	cohort, _ := json.Marshal(map[string]any{"merchants": merchants})
	must("POST", "/api/v1/programs", fmt.Sprintf(`{"id":"pp","kind":"prepayment","name":"선결제","operators":[{"org":"kt","share":1}],"budget":%d,
		"starts":%q,"ends":%q,"per_merchant":%d,"redeem_until":%q,"unused":"keep"}`,
		killMerchants*killPerMerchant, today, today.AddDays(30), killPerMerchant, today.AddDays(30)), 201)
	must("POST", "/api/v1/programs", fmt.Sprintf(`{"id":"mk","kind":"meal_kit","name":"밀키트","operators":[{"org":"kt","share":1}],"budget":100000000,
		"starts":%q,"ends":%q,"price":12000,"subsidy":%d,"daily_quota":%d,"per_employee_daily":%d,"cutoff":"23:00","pickup":"23:30"}`,
		today, today.AddDays(30), killSubsidy, killKitQuota, killPerEmployee), 201)
	for _, id := range []string{"pp", "mk"} {
		must("POST", "/api/v1/programs/"+id+"/merchants", string(cohort), 200)
		must("POST", "/api/v1/programs/"+id+"/fund", fmt.Sprintf(`{"id":"f","amount":%d}`, map[string]int{"pp": killMerchants * killPerMerchant, "mk": 100000000}[id]), 201)
	}
	must("POST", "/api/v1/programs/pp/prepay", `{"id":"pp"}`, 201)

	var (
		mu     sync.Mutex
		writes []*programWrite
		nAcked atomic.Int64
		stop   atomic.Bool
		wg     sync.WaitGroup
	)
	for c := range 16 {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			var mine []*programWrite
			for i := 0; !stop.Load(); i++ {
				var w *programWrite
				switch {
				case len(mine) > 0 && rng.IntN(6) == 0:
					w = mine[rng.IntN(len(mine))] // a replay (or a retry of a refusal)
				case c%2 == 0:
					id := fmt.Sprintf("r%d-%d", c, i)
					w = &programWrite{kind: "redemption", id: id, target: "/api/v1/programs/pp/redemptions", token: root,
						body: fmt.Sprintf(`{"id":%q,"merchant":%q,"amount":%d,"employee":"e%d"}`, id, merchants[rng.IntN(killMerchants)], 1+rng.Int64N(20_000), c)}
				default:
					id := fmt.Sprintf("o%d-%d", c, i)
					w = &programWrite{kind: "order", id: id, target: "/api/v1/programs/mk/orders", token: staff[c/2%len(staff)],
						body: fmt.Sprintf(`{"id":%q,"merchant":%q,"date":%q,"quantity":%d}`, id, merchants[rng.IntN(killMerchants)], days[rng.IntN(2)], 1+rng.IntN(3))}
				}
				if w.ack == nil && !slices.Contains(mine, w) {
					mine = append(mine, w)
					mu.Lock()
					writes = append(writes, w)
					mu.Unlock()
				}
				code, b := api(client, w.token, "POST", p.url+w.target, w.body)
				if code == 0 {
					return // the server is gone
				}
				if code != 200 && code != 201 {
					continue
				}
				mu.Lock()
				ans := compact(t, b)
				if w.ack != nil && !bytes.Equal(w.ack, ans) {
					t.Errorf("%s %s answered %s, first %s", w.kind, w.id, ans, w.ack)
				}
				w.ack = ans
				mu.Unlock()
				nAcked.Add(1)
			}
		})
	}
	deadline := time.Now().Add(15 * time.Second)
	for nAcked.Load() < 300 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	p.cmd.Wait()
	stop.Store(true)
	wg.Wait()
	acked := 0
	for _, w := range writes {
		if w.ack != nil {
			acked++
		}
	}
	t.Logf("killed %.1f s after the start, after %d acknowledged answers, %d of %d writes acknowledged", time.Since(start).Seconds(), nAcked.Load(), acked, len(writes))
	if acked == 0 {
		t.Fatal("no write was acknowledged before the kill")
	}

	p = startBinary(t, bin, db)
	ledgerState := func() (map[string]record, map[string]record) {
		t.Helper()
		redeemed := map[string]record{} // transfer id → record, into pp:redeemed
		reserved := map[string]record{} // out of mk:budget
		for acct, into := range map[string]map[string]record{"pp:redeemed": redeemed, "mk:budget": reserved} {
			for _, r := range listTransfers(t, client, root, p.url, acct) {
				if _, dup := into[r.ID]; dup {
					t.Errorf("transfer %s listed twice on %s", r.ID, acct)
				}
				into[r.ID] = r
			}
		}
		return redeemed, reserved
	}
	check := func(when string) {
		t.Helper()
		code, b := api(client, root, "GET", p.url+"/api/v1/ledger/check", "")
		var rep struct {
			Balanced bool `json:"balanced"`
		}
		if json.Unmarshal(b, &rep); code != 200 || !rep.Balanced {
			t.Errorf("check %s: %d %s", when, code, b)
		}
	}
	check("after the restart")

	// Every acknowledged write is in the ledger once, as acknowledged.
	redeemed, reserved := ledgerState()
	for _, w := range writes {
		if w.ack == nil {
			continue
		}
		switch w.kind {
		case "redemption":
			var a struct {
				Redemption struct {
					Merchant string `json:"merchant"`
					Amount   int64  `json:"amount"`
				} `json:"redemption"`
			}
			json.Unmarshal(w.ack, &a)
			if r, ok := redeemed["pp:"+w.id]; !ok || r.Amount != a.Redemption.Amount {
				t.Errorf("acknowledged redemption %s (%d won): in the ledger %v, %d won", w.id, a.Redemption.Amount, ok, r.Amount)
			}
		case "order":
			var a struct {
				Order struct {
					Subsidy int64 `json:"subsidy"`
				} `json:"order"`
			}
			json.Unmarshal(w.ack, &a)
			if r, ok := reserved["mk:"+w.id]; !ok || r.Amount != a.Order.Subsidy || r.Kind != "pending" {
				t.Errorf("acknowledged order %s (%d won): in the ledger %v, %+v", w.id, a.Order.Subsidy, ok, r)
			}
		}
	}

	// Every write again, with its id and body: the acknowledged ones
	// replay their answer; the others replay (committed, unacknowledged),
	// apply now (201) or are refused by the rules; then all replay.
	statuses := map[int]int{}
	for _, w := range writes {
		code, b := api(client, w.token, "POST", p.url+w.target, w.body)
		statuses[code]++
		switch {
		case w.ack != nil && (code != 200 || !bytes.Equal(compact(t, b), w.ack)):
			t.Errorf("retried %s %s: %d %s, want 200 %s", w.kind, w.id, code, b, w.ack)
		case w.ack == nil && code != 200 && code != 201 && code != 422:
			t.Errorf("retried unacknowledged %s %s: %d %s, want 200, 201 or 422", w.kind, w.id, code, b)
		case code == 200 || code == 201:
			w.ack = compact(t, b)
		}
	}
	t.Logf("retries answered %v", statuses)
	for _, w := range writes {
		if w.ack == nil {
			continue
		}
		if code, b := api(client, w.token, "POST", p.url+w.target, w.body); code != 200 || !bytes.Equal(compact(t, b), w.ack) {
			t.Errorf("second retry of %s %s: %d %s, want 200 %s", w.kind, w.id, code, b, w.ack)
		}
	}
	check("after the retries")

	// The ledger holds each write once, and only the written.
	redeemed, reserved = ledgerState()
	want := map[string]bool{}
	for _, w := range writes {
		if w.ack != nil {
			want[map[string]string{"redemption": "pp:", "order": "mk:"}[w.kind]+w.id] = true
		}
	}
	for id := range redeemed {
		if !want[id] {
			t.Errorf("redemption %s in the ledger, answered to no one", id)
		}
	}
	for id, r := range reserved {
		if r.Kind == "pending" && !want[id] {
			t.Errorf("order %s in the ledger, answered to no one", id)
		}
	}

	// pp's report equals the ledger's listings, and no balance went
	// below zero.
	type report struct {
		Spent     int64 `json:"spent"`
		Committed int64 `json:"committed"`
		Merchants []struct {
			Org      string `json:"org"`
			Prepaid  int64  `json:"prepaid"`
			Redeemed int64  `json:"redeemed"`
			Balance  int64  `json:"balance"`
			Orders   int    `json:"orders"`
			Kits     int    `json:"kits"`
			Reserved int64  `json:"reserved"`
		} `json:"merchants"`
		LedgerBalanced bool `json:"ledger_balanced"`
	}
	var rep report
	json.Unmarshal(must("GET", "/api/v1/programs/pp/report", "", 200), &rep)
	byMeals := map[string]int64{}
	for _, r := range redeemed {
		byMeals[r.DebitAccount] += r.Amount
	}
	if !rep.LedgerBalanced || len(rep.Merchants) != killMerchants {
		t.Fatalf("pp's report: %+v", rep)
	}
	for i, m := range rep.Merchants {
		meals := fmt.Sprintf("pp:meals:%d", i+1)
		if m.Redeemed != byMeals[meals] || m.Prepaid != killPerMerchant || m.Balance != m.Prepaid-m.Redeemed || m.Balance < 0 {
			t.Errorf("pp's report for %s: prepaid %d, redeemed %d, balance %d; the ledger's %s: redeemed %d of %d",
				m.Org, m.Prepaid, m.Redeemed, m.Balance, meals, byMeals[meals], killPerMerchant)
		}
	}

	// mk's rows (its orders) equal the ledger's reservations, its report
	// both, and the quotas held.
	var orders struct {
		Orders []struct {
			ID       string `json:"id"`
			Status   string `json:"status"`
			Merchant string `json:"merchant"`
			Employee string `json:"employee"`
			Date     string `json:"date"`
			Quantity int    `json:"quantity"`
			Subsidy  int64  `json:"subsidy"`
		} `json:"orders"`
	}
	json.Unmarshal(must("GET", "/api/v1/programs/mk/orders", "", 200), &orders)
	perMerchant, perEmployee := map[string]int{}, map[string]int{}
	kits, subsidies := map[string]int{}, map[string]int64{}
	for _, o := range orders.Orders {
		r, ok := reserved["mk:"+o.ID]
		if o.Status != "placed" || !ok || r.Kind != "pending" || r.Amount != o.Subsidy || o.Subsidy != int64(o.Quantity)*killSubsidy {
			t.Errorf("order %s (%s, %d kits, %d won): its reservation %v %+v", o.ID, o.Status, o.Quantity, o.Subsidy, ok, r)
		}
		perMerchant[o.Merchant+" "+o.Date] += o.Quantity
		perEmployee[o.Employee+" "+o.Date] += o.Quantity
		kits[o.Merchant] += o.Quantity
		subsidies[o.Merchant] += o.Subsidy
	}
	npending := 0
	for _, r := range reserved {
		if r.Kind == "pending" {
			npending++
		}
	}
	if npending != len(orders.Orders) {
		t.Errorf("%d reservations out of mk:budget, %d orders", npending, len(orders.Orders))
	}
	for k, n := range perMerchant {
		if n > killKitQuota {
			t.Errorf("merchant and day %s: %d kits, quota %d", k, n, killKitQuota)
		}
	}
	for k, n := range perEmployee {
		if n > killPerEmployee {
			t.Errorf("employee and day %s: %d kits, limit %d", k, n, killPerEmployee)
		}
	}
	rep = report{}
	json.Unmarshal(must("GET", "/api/v1/programs/mk/report", "", 200), &rep)
	var committed int64
	for _, m := range rep.Merchants {
		committed += m.Reserved
		if m.Kits != kits[m.Org] || m.Reserved != subsidies[m.Org] {
			t.Errorf("mk's report for %s: %d kits, %d won reserved; its orders: %d kits, %d won", m.Org, m.Kits, m.Reserved, kits[m.Org], subsidies[m.Org])
		}
	}
	if !rep.LedgerBalanced || rep.Committed != committed {
		t.Errorf("mk's report: balanced %v, committed %d, its merchants' reservations %d", rep.LedgerBalanced, rep.Committed, committed)
	}
	t.Logf("after the retries: %d redemptions, %d orders (%d kits); %.1f s from the first start", len(redeemed), len(orders.Orders), sum(kits), time.Since(start).Seconds())
}

// record is a transfer as GET /api/v1/ledger/accounts/{id}/transfers lists it.
type record struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	DebitAccount  string `json:"debit_account"`
	CreditAccount string `json:"credit_account"`
	Amount        int64  `json:"amount"`
}

// listTransfers pages through every transfer touching the account.
func listTransfers(t *testing.T, client *http.Client, token, url, acct string) []record {
	t.Helper()
	var out []record
	after := int64(0)
	for {
		code, b := api(client, token, "GET", fmt.Sprintf("%s/api/v1/ledger/accounts/%s/transfers?limit=1000&after=%d", url, acct, after), "")
		if code != 200 {
			t.Fatalf("list %s: %d %s", acct, code, b)
		}
		var page struct {
			Transfers []struct {
				Seq int64 `json:"seq"`
				record
			} `json:"transfers"`
			Next *int64 `json:"next"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Transfers {
			out = append(out, r.record)
		}
		if page.Next == nil {
			return out
		}
		after = *page.Next
	}
}

func compact(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Errorf("answer %s: %v", b, err)
	}
	return buf.Bytes()
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
