package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// managedWorld is programWorld's prepayment program p1 (one merchant m1,
// funded 1,000 won), kt's own accounts bank and cash, and a reservation
// hold the program made from its budget to m1's owed account.
func managedWorld(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	programWorld(t, db, program.KindPrepayment, program.Terms{PerMerchant: 100, RedeemUntil: "2026-12-31", Unused: program.UnusedKeep}, 1, 1000, 1000)
	for _, id := range []string{"bank", "cash"} {
		if _, err := db.CreateAccount(ctx, ledger.Account{ID: id, Name: id, Owner: "kt"}, Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Transfers(ctx, []ledger.Transfer{{ID: "seed", DebitAccount: "bank", CreditAccount: "cash", Amount: 50}}, Meta{}); err != nil {
		t.Fatal(err)
	}
	hold := []ledger.Transfer{{ID: "hold", DebitAccount: "p1:budget", CreditAccount: "p1:owed:1", Amount: 10, Pending: true, TimeoutS: 3600}}
	if _, err := db.ProgramTransfers(ctx, hold, Meta{}); err != nil {
		t.Fatal(err)
	}
}

// TestManagedAccounts: no write but a program's own moves money in or out
// of the accounts a program opened (every one of them managed), whatever
// the batch; ids in the programs' namespaces are not opened outside a
// program; a program does not adopt an account opened outside it; and the
// rule holds after a restart, the flag being stored.
func TestManagedAccounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		ctx := context.Background()
		db := openAt(t, src)
		managedWorld(t, db)
		for _, id := range []string{"p1:budget", "p1:issued", "p1:redeemed", "p1:refunds", "p1:fund:0", "p1:settled:0", "p1:owed:1", "p1:meals:1"} {
			if a, err := db.Account(ctx, id); err != nil || !a.Managed {
				t.Errorf("program account %s: managed %v (%v), want true", id, a.Managed, err)
			}
		}
		if a, err := db.Account(ctx, "bank"); err != nil || a.Managed {
			t.Errorf("bank: managed %v (%v), want false", a.Managed, err)
		}

		refused := []struct {
			name    string
			batch   []ledger.Transfer
			index   int
			account string
		}{
			{"debit a program's budget", []ledger.Transfer{{ID: "g1", DebitAccount: "p1:budget", CreditAccount: "bank", Amount: 1}}, 0, "p1:budget"},
			{"credit a program's budget", []ledger.Transfer{{ID: "g2", DebitAccount: "bank", CreditAccount: "p1:budget", Amount: 1}}, 0, "p1:budget"},
			{"credit a merchant's prepaid meals", []ledger.Transfer{{ID: "g3", DebitAccount: "bank", CreditAccount: "p1:meals:1", Amount: 1}}, 0, "p1:meals:1"},
			{"reserve from a funding account", []ledger.Transfer{{ID: "g4", DebitAccount: "p1:fund:0", CreditAccount: "cash", Amount: 1, Pending: true, TimeoutS: 60}}, 0, "p1:fund:0"},
			{"post the program's reservation", []ledger.Transfer{{ID: "g5", PostPending: "hold"}}, 0, "p1:budget"},
			{"void the program's reservation", []ledger.Transfer{{ID: "g6", VoidPending: "hold"}}, 0, "p1:budget"},
			{"second of a batch", []ledger.Transfer{
				{ID: "g7", DebitAccount: "bank", CreditAccount: "cash", Amount: 1},
				{ID: "g8", DebitAccount: "cash", CreditAccount: "p1:redeemed", Amount: 1}}, 1, "p1:redeemed"},
		}
		check := func(t *testing.T, db *DB) {
			t.Helper()
			before, err := db.Account(ctx, "p1:budget")
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range refused {
				_, err := db.Transfers(ctx, c.batch, Meta{UserID: "u_admin"})
				var ref *ledger.Refusal
				if !errors.As(err, &ref) || ref.Code != ledger.ManagedAccount || ref.Index != c.index || !strings.Contains(ref.Message, c.account) ||
					!strings.Contains(ref.Message, "/api/v1/programs/p1/") {
					t.Errorf("%s: %v, want managed_account at %d naming %s and the program's routes", c.name, err, c.index, c.account)
				}
				if got := LedgerStatus(nil, err); got != 403 {
					t.Errorf("%s: status %d, want 403", c.name, got)
				}
				for _, tr := range c.batch {
					if _, err := db.Transfer(ctx, tr.ID); !errors.Is(err, ErrNotFound) {
						t.Errorf("%s: transfer %s stored (%v)", c.name, tr.ID, err)
					}
				}
			}
			if a, err := db.Account(ctx, "p1:budget"); err != nil || a != before {
				t.Errorf("p1:budget after the refusals: %+v (%v), want it unchanged: %+v", a, err, before)
			}
		}
		check(t, db)
		_, err := db.Transfers(ctx, []ledger.Transfer{{ID: "p1:o9", DebitAccount: "bank", CreditAccount: "cash", Amount: 1}}, Meta{})
		if ref := (*ledger.Refusal)(nil); !errors.As(err, &ref) || ref.Code != ledger.InvalidTransfer || LedgerStatus(nil, err) != 400 {
			t.Errorf("a generic transfer taking a program's transfer id: %v, want invalid_transfer (400)", err)
		}

		for _, c := range []struct {
			name string
			id   string
		}{{"a program's namespace", "p1:budget2"}, {"an unknown program's", "p9:budget"}, {"a contest's", "ct-c1-payable"}, {"an early-payment run's", "ep-r1-bank"}} {
			if _, err := db.CreateAccount(ctx, ledger.Account{ID: c.id, Name: "x", Owner: "kt"}, Meta{}); !errors.Is(err, ErrReservedID) {
				t.Errorf("open %s (%s) outside a program: %v, want ErrReservedID", c.id, c.name, err)
			} else if got := LedgerStatus(nil, err); got != 400 {
				t.Errorf("open %s: status %d, want 400", c.id, got)
			}
		}
		if err := db.OpenProgramAccounts(ctx, []ledger.Account{{ID: "bank", Name: "x", Owner: "kt"}}, Meta{}); !errors.Is(err, ErrAccountTaken) {
			t.Errorf("a program opening kt's own bank: %v, want ErrAccountTaken", err)
		}
		if err := db.OpenProgramAccounts(ctx, []ledger.Account{{ID: "p1:budget", Name: "x", Owner: "kt"}}, Meta{}); err != nil {
			t.Errorf("a program opening its open account again: %v, want it reused", err)
		}

		// The program's own writes go on: redeem, then post and void
		// reservations between managed accounts.
		if _, err := db.Prepay(ctx, "p1", "pp", Meta{}); err != nil {
			t.Fatalf("prepay: %v", err)
		}
		if _, err := db.Redeem(ctx, "p1", "r1", "m1", 30, "", Meta{}); err != nil {
			t.Fatalf("redeem: %v", err)
		}
		if _, err := db.ProgramTransfers(ctx, []ledger.Transfer{{ID: "post", PostPending: "hold", Amount: 4}}, Meta{}); err != nil {
			t.Errorf("the program posting its reservation: %v", err)
		}

		// After a restart the machine, rebuilt from the database, still
		// knows which accounts are managed.
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db2, err := Open(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		db2.Now = db.Now
		refused[0].batch[0].ID, refused[1].batch[0].ID = "h1", "h2"
		refused = refused[:4] // the reservation is posted
		check(t, db2)
		if rep, err := db2.Check(ctx); err != nil || !rep.Balanced {
			t.Errorf("check: %+v, %v", rep, err)
		}
	})
}

// TestManagedMigration: a database written before migration 0009 gets the
// accounts of its programs, contests and early-payment runs marked managed
// by it, and no other.
func TestManagedMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		ctx := context.Background()
		db := openAt(t, src)
		managedWorld(t, db)
		// Contests and runs open their accounts when they pay; the ids
		// alone matter here.
		if err := db.OpenProgramAccounts(ctx, []ledger.Account{{ID: "ct-c-1-payable", Name: "x", Owner: "kt"}, {ID: "ep-r-bank", Name: "x", Owner: "kt"},
			{ID: "ct-gone-payable", Name: "x", Owner: "kt"}}, Meta{}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.ExecContext(ctx, `INSERT INTO contests (id, operator, name, criteria, budget, opens_at, closes_at, per_entry, method, created_at)
			VALUES ('c-1', 'kt', 'c', '[]', 1, ?, ?, 1, 'trimmed', ?)`, db.Now(), db.Now(), db.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.db.ExecContext(ctx, `INSERT INTO early_payments (id, operator, name, pay_date, within_days, budget, mode, apr_bp, state, created_at)
			VALUES ('r', 'kt', 'r', ?, 30, 1, 'sangsaeng', 0, 'open', ?)`, db.Now(), db.Now()); err != nil {
			t.Fatal(err)
		}
		// Back to version 8: no managed column.
		for _, q := range []string{`ALTER TABLE ledger_accounts DROP COLUMN managed`, `DELETE FROM schema_migrations WHERE version = 9`} {
			if _, err := db.db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		db2, err := Open(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		for _, c := range []struct {
			id   string
			want bool
		}{
			{"p1:budget", true}, {"p1:fund:0", true}, {"p1:owed:1", true}, {"p1:meals:1", true},
			{"ct-c-1-payable", true}, {"ep-r-bank", true},
			{"ct-gone-payable", false}, // no such contest
			{"bank", false}, {"cash", false},
		} {
			if a, err := db2.Account(ctx, c.id); err != nil || a.Managed != c.want {
				t.Errorf("%s after the migration: managed %v (%v), want %v", c.id, a.Managed, err, c.want)
			}
		}
		_, err = db2.Transfers(ctx, []ledger.Transfer{{ID: "g", DebitAccount: "p1:budget", CreditAccount: "bank", Amount: 1}}, Meta{})
		if ref := (*ledger.Refusal)(nil); !errors.As(err, &ref) || ref.Code != ledger.ManagedAccount {
			t.Errorf("generic transfer out of a migrated program account: %v, want managed_account", err)
		}
	})
}
