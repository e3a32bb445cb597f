package httpapi_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// TestLedgerHeldByAnotherProcess: two servers on one PostgreSQL database.
// The first writes the ledger; the second serves reads, answers its
// ledger writes 503 ledger_unavailable (its own in-memory balances would
// go stale beside the first's), and takes the ledger over once the first
// stops, with the first's transfers in its balances.
func TestLedgerHeldByAnotherProcess(t *testing.T) {
	src := storetest.Postgres(t)
	ctx := context.Background()
	first := newWorldAt(t, src)
	move := func(id string, amount int64) string {
		return fmt.Sprintf(`{"transfers":[{"id":%q,"debit_account":"kt-bank","credit_account":"kt-budget","amount":%d}]}`, id, amount)
	}
	if rec := first.do(t, "manager", "POST", "/api/v1/ledger/transfers", move("t1", 111), nil); rec.Code != 201 {
		t.Fatalf("the first server writes: %d %s", rec.Code, rec.Body)
	}

	db2, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db2.Close() })
	db2.Now = first.clock
	second := &world{db: db2, h: httpapi.New(db2, slog.New(slog.DiscardHandler), httpapi.Options{}), now: first.now, tokens: first.tokens, users: first.users}
	if rec := second.do(t, "manager", "POST", "/api/v1/ledger/transfers", move("t2", 11), nil); rec.Code != 503 ||
		!strings.Contains(rec.Body.String(), `"ledger_unavailable"`) || !strings.Contains(rec.Body.String(), "another sangsaeng process writes") {
		t.Errorf("the second server writes: %d %s, want 503 ledger_unavailable", rec.Code, rec.Body)
	}
	var acct struct {
		Account struct {
			CreditsPosted int64 `json:"credits_posted"`
		}
	}
	if rec := second.do(t, "manager", "GET", "/api/v1/ledger/accounts/kt-budget", "", &acct); rec.Code != 200 || acct.Account.CreditsPosted != 10_111 {
		t.Errorf("the second server reads: %d %s, want 200 and 10,000 + 111 won credited", rec.Code, rec.Body)
	}

	first.db.Close()
	time.Sleep(1100 * time.Millisecond) // a refused start is tried again after a second
	if rec := second.do(t, "manager", "POST", "/api/v1/ledger/transfers", move("t2", 11), nil); rec.Code != 201 {
		t.Fatalf("the second server once the first stopped: %d %s, want 201", rec.Code, rec.Body)
	}
	if rec := second.do(t, "manager", "GET", "/api/v1/ledger/accounts/kt-budget", "", &acct); rec.Code != 200 || acct.Account.CreditsPosted != 10_122 {
		t.Errorf("after the takeover: %d %s, want 10,000 + 111 + 11 won credited", rec.Code, rec.Body)
	}
	if rep, err := db2.Check(ctx); err != nil || !rep.Balanced {
		t.Errorf("the ledger's check after the takeover: %+v %v", rep, err)
	}
}
