package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

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

// TestKitQuotaUnderConcurrency: 200 employees each order 2 kits (two
// orders of one, sent at once) from one merchant whose quota is 300 a
// day: exactly 300 kits are placed, the other 100 orders refused with
// quota_exceeded, and the budget's reservations are 300 subsidies to the
// won — on both engines.
func TestKitQuotaUnderConcurrency(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		// 09:00 on 2026-11-21 in Seoul is 00:00 UTC: before the 10:00 cut-off.
		db.Now = func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) }
		terms := program.Terms{Price: 12000, Subsidy: 8000, DailyQuota: 300, PerEmployeeDaily: 2, Cutoff: "10:00", Pickup: "17:30"}
		p := programWorld(t, db, program.KindMealKit, terms, 1, 10_000_000, 10_000_000)
		var wg sync.WaitGroup
		codes := make([]string, 400)
		for i := range 400 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.PlaceOrder(ctx, p.ID, fmt.Sprintf("o%d", i), "m1", "2026-11-21", 1, fmt.Sprintf("emp%d", i/2), Meta{})
				codes[i] = code(err)
			}()
		}
		wg.Wait()
		count := map[string]int{}
		for _, c := range codes {
			count[c]++
		}
		if count[""] != 300 || count[program.CodeQuotaExceeded] != 100 || len(count) != 2 {
			t.Errorf("outcomes %v, want 300 placed and 100 quota_exceeded", count)
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
		if kits != 300 {
			t.Errorf("%d kits placed, want 300", kits)
		}
		for e, n := range perEmp {
			if n > 2 {
				t.Errorf("employee %s has %d kits, over the limit of 2", e, n)
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
