package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
)

// programWorld is a database with an operator kt, merchants m1…mN (with
// 사업자등록번호) and a program of kind with terms, funded with funded won.
func programWorld(t *testing.T, db *DB, kind string, terms program.Terms, merchants int, budget, funded int64) *Program {
	t.Helper()
	ctx := context.Background()
	if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
		t.Fatal(err)
	}
	var ids []Choice
	for i := 1; i <= merchants; i++ {
		bn := "1248100998"
		o := &Org{ID: fmt.Sprintf("m%d", i), Kind: "merchant", Name: fmt.Sprintf("식당 %d", i), BusinessNo: &bn}
		if err := db.CreateOrg(ctx, o); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, Choice{Org: o.ID})
	}
	p := &Program{ID: "p1", Kind: kind, Name: "사랑의 " + kind, Operators: []program.Operator{{Org: "kt", Share: 1}},
		Budget: budget, Starts: "2026-11-01", Ends: "2026-12-31", Terms: terms}
	if _, err := p.Definition(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateProgram(ctx, p, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddMerchants(ctx, p.ID, ids); err != nil {
		t.Fatal(err)
	}
	if funded > 0 {
		if _, err := db.Fund(ctx, p.ID, "f1", "kt", funded, Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

func code(err error) string {
	var pe *program.Error
	if errors.As(err, &pe) {
		return pe.Code
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// TestKitQuotaUnderConcurrency: 200 employees each order 2 kits at once
// from one merchant whose quota is 300 a day — as one order of 2, or as two
// orders of 1 sent at once: exactly 300 kits are placed, the other orders
// refused with quota_exceeded, no employee over 2, and the budget's
// reservations are 300 subsidies to the won — on both engines.
func TestKitQuotaUnderConcurrency(t *testing.T) {
	for _, tc := range []struct {
		name             string
		orders, quantity int // per employee
		placed, refused  int // orders
	}{
		{"one order of 2 each", 1, 2, 150, 50},
		{"two orders of 1 each", 2, 1, 300, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, db *DB, _ string) {
				ctx := context.Background()
				// 09:00 on 2026-11-21 in Seoul is 00:00 UTC: before the 10:00 cut-off.
				db.Now = func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) }
				terms := program.Terms{Price: 12000, Subsidy: 8000, DailyQuota: 300, PerEmployeeDaily: 2, Cutoff: "10:00", Pickup: "17:30"}
				p := programWorld(t, db, program.KindMealKit, terms, 1, 10_000_000, 10_000_000)
				n := 200 * tc.orders
				var wg sync.WaitGroup
				codes := make([]string, n)
				for i := range n {
					wg.Add(1)
					go func() {
						defer wg.Done()
						_, err := db.PlaceOrder(ctx, p.ID, fmt.Sprintf("o%d", i), "m1", "2026-11-21", tc.quantity, fmt.Sprintf("emp%d", i/tc.orders), Meta{})
						codes[i] = code(err)
					}()
				}
				wg.Wait()
				count := map[string]int{}
				for _, c := range codes {
					count[c]++
				}
				if count[""] != tc.placed || count[program.CodeQuotaExceeded] != tc.refused || len(count) != 2 {
					t.Errorf("outcomes %v, want %d placed and %d quota_exceeded", count, tc.placed, tc.refused)
				}
				orders, err := db.KitOrders(ctx, p.ID, OrderFilter{Status: OrderPlaced})
				if err != nil {
					t.Fatal(err)
				}
				kits := 0
				perEmp := map[string]int{}
				for _, o := range orders {
					kits += o.Quantity
					perEmp[o.Employee] += o.Quantity
				}
				if kits != 300 || len(orders) != tc.placed {
					t.Errorf("%d kits in %d orders placed, want 300 in %d", kits, len(orders), tc.placed)
				}
				for e, k := range perEmp {
					if k > 2 {
						t.Errorf("employee %s has %d kits, over the limit of 2", e, k)
					}
				}
				b, err := db.Account(ctx, acctBudget(p.ID))
				if err != nil {
					t.Fatal(err)
				}
				if b.DebitsPending != 300*8000 || b.DebitsPosted != 0 {
					t.Errorf("budget reserved %d, posted %d; want %d, 0", b.DebitsPending, b.DebitsPosted, 300*8000)
				}
				rep, err := db.ProgramReport(ctx, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				if rep.Committed != 2_400_000 || rep.Remaining != 7_600_000 || rep.Merchants[0].Kits != 300 || rep.Merchants[0].Reserved != 2_400_000 || !rep.LedgerBalanced {
					t.Errorf("report committed %d, remaining %d, kits %d, reserved %d, balanced %v (%v)", rep.Committed, rep.Remaining,
						rep.Merchants[0].Kits, rep.Merchants[0].Reserved, rep.LedgerBalanced, rep.Problems)
				}
				chk, err := db.Check(ctx)
				if err != nil || !chk.Balanced || len(chk.Problems) > 0 {
					t.Errorf("ledger check: %+v, %v", chk, err)
				}
			})
		})
	}
}

// TestProgramTreatment: each cohort merchant with its business number and
// the time of its first prepayment; a merchant not yet treated has none.
func TestProgramTreatment(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		now := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		terms := program.Terms{PerMerchant: 500000, RedeemUntil: "2026-12-31", Unused: program.UnusedDonate}
		p := programWorld(t, db, program.KindPrepayment, terms, 2, 1_000_000, 1_000_000)
		got, err := db.ProgramTreatment(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || !got[0].First.IsZero() || got[0].BusinessNo != "1248100998" {
			t.Fatalf("before prepaying: %+v", got)
		}
		now = now.Add(time.Hour)
		if _, err := db.Prepay(ctx, p.ID, "pp1", Meta{}); err != nil {
			t.Fatal(err)
		}
		// A third merchant joins after the prepayment: not treated.
		bn := "1248100998"
		if err := db.CreateOrg(ctx, &Org{ID: "m3", Kind: "merchant", Name: "식당 3", BusinessNo: &bn}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AddMerchants(ctx, p.ID, []Choice{{Org: "m3"}}); err != nil {
			t.Fatal(err)
		}
		got, err = db.ProgramTreatment(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []Treated{{"m1", "1248100998", now}, {"m2", "1248100998", now}, {"m3", "1248100998", time.Time{}}}
		if len(got) != len(want) {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i].Org != want[i].Org || got[i].BusinessNo != want[i].BusinessNo || !got[i].First.Equal(want[i].First) {
				t.Errorf("treated %d: %+v, want %+v", i, got[i], want[i])
			}
		}
		if _, err := db.ProgramTreatment(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Errorf("unknown program: %v, want ErrNotFound", err)
		}
	})
}

// TestRowsCommitWithTheirTransfers: the rows a ledger write carries
// (Meta.rows) are committed with its transfers or not at all — not when the
// ledger refuses the transfers, and the transfers not when a row fails.
func TestRowsCommitWithTheirTransfers(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
			t.Fatal(err)
		}
		for _, a := range []ledger.Account{{ID: "src", Owner: "kt"}, {ID: "capped", Owner: "kt", Flags: ledger.Flags{DebitsMustNotExceedCredits: true}}} {
			a.Name = a.ID
			if _, err := db.CreateAccount(ctx, a, Meta{}); err != nil {
				t.Fatal(err)
			}
		}
		row := func(id string) stmt {
			return stmt{`INSERT INTO program_ops (program_id, id, kind, body, answer, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
				[]any{"p", id, "test", "{}", "{}", db.Now().UTC()}}
		}
		rows := func() int {
			var n int
			if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM program_ops`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		for _, c := range []struct {
			name      string
			transfer  ledger.Transfer
			rows      []stmt
			ok        bool
			wantRows  int
			wantTrans bool
		}{
			{"the ledger refuses", ledger.Transfer{ID: "t1", DebitAccount: "capped", CreditAccount: "src", Amount: 1}, []stmt{row("a")}, false, 0, false},
			{"accepted", ledger.Transfer{ID: "t2", DebitAccount: "src", CreditAccount: "capped", Amount: 5}, []stmt{row("a")}, true, 1, true},
			{"a row fails", ledger.Transfer{ID: "t3", DebitAccount: "src", CreditAccount: "capped", Amount: 5}, []stmt{row("b"), row("a")}, false, 1, false},
		} {
			_, err := db.Transfers(ctx, []ledger.Transfer{c.transfer}, Meta{rows: c.rows})
			if (err == nil) != c.ok {
				t.Errorf("%s: error %v", c.name, err)
			}
			if n := rows(); n != c.wantRows {
				t.Errorf("%s: %d rows, want %d", c.name, n, c.wantRows)
			}
			if _, err := db.Transfer(ctx, c.transfer.ID); (err == nil) != c.wantTrans {
				t.Errorf("%s: transfer %s stored: %v, want %v", c.name, c.transfer.ID, err == nil, c.wantTrans)
			}
		}
		// The writer recovered: its sums agree with the database's.
		if a, err := db.Account(ctx, "capped"); err != nil || a.CreditsPosted != 5 {
			t.Errorf("capped: %+v, %v; want 5 credited", a, err)
		}
		if _, err := db.Transfers(ctx, []ledger.Transfer{{ID: "t4", DebitAccount: "capped", CreditAccount: "src", Amount: 5}}, Meta{}); err != nil {
			t.Errorf("spending the 5 after the failed commit: %v", err)
		}
		chk, err := db.Check(ctx)
		if err != nil || !chk.Balanced || len(chk.Problems) > 0 {
			t.Errorf("ledger check: %+v, %v", chk, err)
		}
	})
}

// TestPublicProgram: a program defined public reads back public, alone and
// in the list; one defined without it is not, on both engines.
func TestPublicProgram(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		programWorld(t, db, program.KindPrepayment, program.Terms{PerMerchant: 1000, RedeemUntil: "2026-12-31", Unused: program.UnusedKeep}, 0, 1000, 0)
		pub := &Program{ID: "gu", Kind: program.KindLunchbox, Name: "구청 도시락", Operators: []program.Operator{{Org: "kt", Share: 1}},
			Budget: 1000, Starts: "2026-11-01", Ends: "2026-12-31", Public: true,
			Terms: program.Terms{DailyOrders: 5, UnitPrice: 7000, EmployeePrice: 4500}}
		if err := db.CreateProgram(ctx, pub, ""); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]bool{"p1": false, "gu": true} {
			p, err := db.Program(ctx, id)
			if err != nil || p.Public != want {
				t.Errorf("program %s: public %v (%v), want %v", id, p != nil && p.Public, err, want)
			}
		}
		ps, err := db.Programs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Public != (p.ID == "gu") {
				t.Errorf("in the list, program %s: public %v", p.ID, p.Public)
			}
		}
		if len(ps) != 2 {
			t.Errorf("%d programs, want 2", len(ps))
		}
	})
}
