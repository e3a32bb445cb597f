package store

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// ledgerFixture opens a database with an operator org and accounts: bank
// (no limits), budget and wallet (debits ≤ credits), shop, debt (credits ≤
// debits).
func ledgerFixture(t *testing.T, src string) (*DB, string) {
	t.Helper()
	db, path := openAt(t, src), src
	ctx := context.Background()
	if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
		t.Fatal(err)
	}
	for _, a := range []ledger.Account{
		{ID: "bank"}, {ID: "budget", Flags: ledger.Flags{DebitsMustNotExceedCredits: true}},
		{ID: "wallet", Flags: ledger.Flags{DebitsMustNotExceedCredits: true}},
		{ID: "shop"}, {ID: "debt", Flags: ledger.Flags{CreditsMustNotExceedDebits: true}},
	} {
		a.Owner, a.Name = "kt", a.ID
		if _, err := db.CreateAccount(ctx, a, Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	return db, path
}

func TestAccountCreate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		db, _ := ledgerFixture(t, src)
		ctx := context.Background()
		tests := []struct {
			name string
			a    ledger.Account
			want error
		}{
			{"taken id", ledger.Account{ID: "bank", Owner: "kt"}, ErrConflict},
			{"unknown owner", ledger.Account{ID: "new", Owner: "nobody"}, ErrNotFound},
		}
		for _, tt := range tests {
			if _, err := db.CreateAccount(ctx, tt.a, Meta{}); !errors.Is(err, tt.want) {
				t.Errorf("%s: CreateAccount = %v, want %v", tt.name, err, tt.want)
			}
		}
		a, err := db.CreateAccount(ctx, ledger.Account{Name: "예산", Owner: "kt"}, Meta{})
		if err != nil || a.ID == "" {
			t.Fatalf("CreateAccount without id = %+v, %v", a, err)
		}
		if got, err := db.Account(ctx, a.ID); err != nil || got != a {
			t.Errorf("Account = %+v, %v; want %+v", got, err, a)
		}
	})
}

func TestLinkedBatchLeavesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		db, _ := ledgerFixture(t, src)
		ctx := context.Background()
		batch := []ledger.Transfer{
			{ID: "f", DebitAccount: "bank", CreditAccount: "budget", Amount: 100},
			{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 60, Pending: true},
			{ID: "x", DebitAccount: "budget", CreditAccount: "shop", Amount: 41},
		}
		_, err := db.Transfers(ctx, batch, Meta{UserID: "u1", RequestID: "r1"})
		var ref *ledger.Refusal
		if !errors.As(err, &ref) || ref.Code != ledger.ExceedsCredits || ref.Index != 2 {
			t.Fatalf("Transfers = %v, want exceeds_credits at 2", err)
		}
		for _, id := range []string{"f", "p", "x"} {
			if _, err := db.Transfer(ctx, id); !errors.Is(err, ErrNotFound) {
				t.Errorf("transfer %s of a refused batch: %v, want not found", id, err)
			}
		}
		for _, id := range []string{"bank", "budget", "shop"} {
			if a, _ := db.Account(ctx, id); a.DebitsPosted+a.CreditsPosted+a.DebitsPending+a.CreditsPending != 0 {
				t.Errorf("account %s moved by a refused batch: %+v", id, a)
			}
		}
		res, err := db.Transfers(ctx, batch[:2], Meta{})
		if err != nil || len(res) != 2 {
			t.Fatalf("Transfers = %v, %v", res, err)
		}
		again, err := db.Transfers(ctx, batch[:2], Meta{})
		if err != nil || !again[0].Replay || again[1].Record != res[1].Record {
			t.Errorf("replay = %+v, %v; want the original records", again, err)
		}
		if _, err := db.Transfers(ctx, []ledger.Transfer{{ID: "f", DebitAccount: "bank", CreditAccount: "budget", Amount: 101}}, Meta{}); !errors.As(err, &ref) || ref.Code != ledger.IDConflict {
			t.Errorf("same id, other amount = %v, want id_conflict", err)
		}
		tr, err := db.Transfer(ctx, "p")
		if err != nil || tr.Kind != ledger.KindPending || tr.Resolution != "" {
			t.Errorf("Transfer(p) = %+v, %v", tr, err)
		}
		if rep, err := db.Check(ctx); err != nil || !rep.Balanced || rep.Transfers != 2 {
			t.Errorf("Check = %+v, %v", rep, err)
		}
	})
}

func TestConcurrentLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		db, path := ledgerFixture(t, src)
		ctx := context.Background()
		start, base := time.Now(), time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		var clockMu sync.Mutex
		db.Now = func() time.Time { // 50× real time, so one-second timeouts expire during the run
			clockMu.Lock()
			defer clockMu.Unlock()
			return base.Add(time.Since(start) * 50)
		}
		accounts := []string{"bank", "budget", "wallet", "shop", "debt"}
		const clients, ops = 64, 25
		var mu sync.Mutex
		acked := map[string]ledger.Record{}
		var wg sync.WaitGroup
		for c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rng := rand.New(rand.NewPCG(uint64(c), 7))
				var mine []string // reservations this client made
				var sent [][]ledger.Transfer
				for i := range ops {
					var b []ledger.Transfer
					if len(sent) > 0 && rng.IntN(8) == 0 {
						b = sent[rng.IntN(len(sent))] // a replay
					} else {
						for j := range 1 + rng.IntN(3) {
							tr := ledger.Transfer{ID: fmt.Sprintf("c%d-%d-%d", c, i, j)}
							switch k := rng.IntN(10); {
							case k < 5 || len(mine) == 0:
								tr.DebitAccount, tr.CreditAccount = accounts[rng.IntN(len(accounts))], accounts[rng.IntN(len(accounts))]
								tr.Amount = 1 + rng.Int64N(300)
								if rng.IntN(3) == 0 {
									tr.Pending, tr.TimeoutS = true, rng.Int64N(3)
								}
							case k < 8:
								tr.PostPending, tr.Amount = mine[rng.IntN(len(mine))], rng.Int64N(200)
							default:
								tr.VoidPending = mine[rng.IntN(len(mine))]
							}
							b = append(b, tr)
						}
					}
					res, err := db.Transfers(ctx, b, Meta{UserID: "u", RequestID: fmt.Sprintf("c%d-%d", c, i)})
					var ref *ledger.Refusal
					if err != nil && !errors.As(err, &ref) {
						t.Error(err)
						return
					}
					if err != nil {
						continue
					}
					sent = append(sent, b)
					mu.Lock()
					for _, r := range res {
						if prev, ok := acked[r.Record.ID]; ok && (prev != r.Record || !r.Replay) {
							t.Errorf("transfer %s acknowledged twice: %+v, then %+v", r.Record.ID, prev, r)
						}
						acked[r.Record.ID] = r.Record
						if r.Record.Kind == ledger.KindPending && !r.Replay {
							mine = append(mine, r.Record.ID)
						}
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		time.Sleep(100 * time.Millisecond) // 5 s of ledger time: the last reservations expire
		verifyLedger(t, db, acked)
		db.Close()
		db2, err := Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		db2.Now = db.Now
		verifyLedger(t, db2, acked)
		if _, err := db2.Transfers(ctx, []ledger.Transfer{{ID: "after-reopen", DebitAccount: "bank", CreditAccount: "shop", Amount: 1}}, Meta{}); err != nil {
			t.Errorf("transfer after reopen: %v", err)
		}
	})
}

func verifyLedger(t *testing.T, db *DB, acked map[string]ledger.Record) {
	t.Helper()
	ctx := context.Background()
	// One snapshot: the writer may still be expiring reservations.
	tx, err := db.db.BeginTx(ctx, db.dialect.snapshot())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	accounts, records, err := loadLedger(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]ledger.Record{}
	for _, r := range records {
		if r.ID != "" {
			stored[r.ID] = r
		}
	}
	for id, want := range acked {
		if got, ok := stored[id]; !ok || got != want {
			t.Errorf("acknowledged %s = %+v, stored %+v", id, want, got)
		}
	}
	for id := range stored {
		if _, ok := acked[id]; !ok && id != "after-reopen" {
			t.Errorf("stored %s was never acknowledged", id)
		}
	}
	// The plain model: sums of the stored log, record by record.
	type sums struct{ dp, cp, dq, cq int64 }
	model := map[string]*sums{}
	byID := map[string]ledger.Record{}
	for _, a := range accounts {
		model[a.ID] = &sums{}
	}
	for _, r := range records {
		d, c := model[r.DebitAccount], model[r.CreditAccount]
		switch r.Kind {
		case ledger.KindTransfer:
			d.dp, c.cp = d.dp+r.Amount, c.cp+r.Amount
		case ledger.KindPending:
			d.dq, c.cq = d.dq+r.Amount, c.cq+r.Amount
		default:
			p := byID[r.PendingID].Amount
			d.dq, c.cq = d.dq-p, c.cq-p
			if r.Kind == ledger.KindPost {
				d.dp, c.cp = d.dp+r.Amount, c.cp+r.Amount
			}
		}
		if r.ID != "" {
			byID[r.ID] = r
		}
	}
	for _, a := range accounts {
		m := model[a.ID]
		if (sums{a.DebitsPosted, a.CreditsPosted, a.DebitsPending, a.CreditsPending}) != *m {
			t.Errorf("account %s stored %+v, model %+v", a.ID, a, *m)
		}
	}
	// Serial re-execution: each stored batch, in order and at its time, is
	// accepted by a fresh machine and makes the same records.
	m := ledger.New()
	for _, a := range accounts {
		m.AddAccount(a)
	}
	var expired []ledger.Record
	nbatch := 0
	batches := map[string][]ledger.Record{}
	rows, err := db.db.QueryContext(ctx, `SELECT seq, coalesce(request_id, '') FROM ledger_transfers ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	reqOf := map[int64]string{}
	for rows.Next() {
		var seq int64
		var rid string
		rows.Scan(&seq, &rid)
		reqOf[seq] = rid
	}
	rows.Close()
	flush := func(rid string) {
		b := batches[rid]
		if len(b) == 0 {
			return
		}
		var ts []ledger.Transfer
		for _, r := range b {
			tr := ledger.Transfer{ID: r.ID, DebitAccount: r.DebitAccount, CreditAccount: r.CreditAccount, Amount: r.Amount, Memo: r.Memo, TimeoutS: r.TimeoutS}
			switch r.Kind {
			case ledger.KindPending:
				tr.Pending = true
			case ledger.KindPost:
				tr.PostPending = r.PendingID
			case ledger.KindVoid:
				tr.VoidPending = r.PendingID
			}
			ts = append(ts, tr)
		}
		res, err := m.Apply(b[0].CreatedAt, ts)
		if err != nil {
			t.Errorf("stored batch %s is not legal in ledger order: %v", rid, err)
			return
		}
		for i, r := range res {
			if r.Record != b[i] {
				t.Errorf("batch %s replays as %+v, stored %+v", rid, r.Record, b[i])
			}
		}
		delete(batches, rid)
	}
	cur := ""
	for _, r := range records {
		rid := reqOf[r.Seq]
		if rid != cur {
			flush(cur)
			cur = rid
		}
		if r.Kind == ledger.KindExpire {
			if len(expired) == 0 {
				expired = m.Expire(r.CreatedAt)
			}
			if len(expired) == 0 || expired[0] != r {
				t.Errorf("expiry %+v not made by the machine at its time: %+v", r, expired)
			} else {
				expired = expired[1:]
			}
			cur = ""
			continue
		}
		if len(expired) > 0 {
			t.Errorf("the machine expired %+v, the log did not", expired)
			expired = nil
		}
		if len(batches[rid]) == 0 {
			nbatch++
		}
		batches[rid] = append(batches[rid], r)
	}
	flush(cur)
	rep, err := db.Check(ctx)
	if err != nil || !rep.Balanced {
		t.Errorf("Check = %+v, %v", rep, err)
	}
	t.Logf("%d records, %d acknowledged transfers, %d batches", len(records), len(acked), nbatch)
}

// TestLedgerOneWriterProcess: on PostgreSQL a second process (here a
// second handle) cannot start a ledger writer on a database whose ledger
// another writes (its state would go stale and let money be overdrawn);
// it can once the first closed, and then sees the first's transfers.
func TestLedgerOneWriterProcess(t *testing.T) {
	src := storetest.Postgres(t)
	ctx := context.Background()
	first, _ := ledgerFixture(t, src)
	if _, err := first.Transfers(ctx, []ledger.Transfer{{ID: "t1", DebitAccount: "bank", CreditAccount: "budget", Amount: 100}}, Meta{}); err != nil {
		t.Fatal(err)
	}
	second := openAt(t, src)
	_, err := second.Transfers(ctx, []ledger.Transfer{{ID: "t2", DebitAccount: "budget", CreditAccount: "shop", Amount: 100}}, Meta{})
	if !errors.Is(err, ErrLedgerHeld) {
		t.Fatalf("a second writer: %v, want ErrLedgerHeld", err)
	}
	if _, err := second.Ledger(); !errors.Is(err, ErrLedgerHeld) {
		t.Errorf("the second handle's ledger: %v, want ErrLedgerHeld", err)
	}
	// The first writes on.
	if _, err := first.Transfers(ctx, []ledger.Transfer{{ID: "t3", DebitAccount: "budget", CreditAccount: "shop", Amount: 60}}, Meta{}); err != nil {
		t.Fatal(err)
	}
	first.Close()
	third := openAt(t, src)
	res, err := third.Transfers(ctx, []ledger.Transfer{{ID: "t4", DebitAccount: "budget", CreditAccount: "shop", Amount: 41}}, Meta{})
	var ref *ledger.Refusal
	if !errors.As(err, &ref) || ref.Code != ledger.ExceedsCredits {
		t.Fatalf("after the first closed, 41 of the 40 left: %v %v, want exceeds_credits", res, err)
	}
	if _, err := third.Transfers(ctx, []ledger.Transfer{{ID: "t4", DebitAccount: "budget", CreditAccount: "shop", Amount: 40}}, Meta{}); err != nil {
		t.Fatalf("the 40 left: %v", err)
	}
}
