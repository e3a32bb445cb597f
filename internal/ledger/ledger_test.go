package ledger

import (
	"errors"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// newTestLedger has bank (no limits), budget (debits ≤ credits), shop (no
// limits) and debt (credits ≤ debits); budget is funded with 1,000 won.
func newTestLedger(t *testing.T) *Ledger {
	t.Helper()
	l := New()
	for _, a := range []Account{
		{ID: "bank"}, {ID: "budget", Flags: Flags{DebitsMustNotExceedCredits: true}},
		{ID: "shop"}, {ID: "debt", Flags: Flags{CreditsMustNotExceedDebits: true}},
	} {
		if err := l.AddAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := l.Apply(t0, []Transfer{{ID: "fund", DebitAccount: "bank", CreditAccount: "budget", Amount: 1000}}); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestApplyRefusals(t *testing.T) {
	tests := []struct {
		name  string
		setup []Transfer
		batch []Transfer
		after time.Duration
		code  Code
		index int
	}{
		{"same account", nil, []Transfer{{ID: "a", DebitAccount: "shop", CreditAccount: "shop", Amount: 1}}, 0, SameAccount, 0},
		{"unknown debit", nil, []Transfer{{ID: "a", DebitAccount: "nope", CreditAccount: "shop", Amount: 1}}, 0, AccountNotFound, 0},
		{"unknown credit", nil, []Transfer{{ID: "a", DebitAccount: "shop", CreditAccount: "nope", Amount: 1}}, 0, AccountNotFound, 0},
		{"zero amount", nil, []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "shop"}}, 0, InvalidAmount, 0},
		{"negative amount", nil, []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "shop", Amount: -5}}, 0, InvalidAmount, 0},
		{"amount over 10^15", nil, []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "shop", Amount: MaxAmount + 1}}, 0, InvalidAmount, 0},
		{"budget overdrawn", nil, []Transfer{{ID: "a", DebitAccount: "budget", CreditAccount: "shop", Amount: 1001}}, 0, ExceedsCredits, 0},
		{"pending counts against the limit", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 600, Pending: true}},
			[]Transfer{{ID: "a", DebitAccount: "budget", CreditAccount: "shop", Amount: 401}}, 0, ExceedsCredits, 0},
		{"credit past debits", nil, []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "debt", Amount: 1}}, 0, ExceedsDebits, 0},
		{"post of nothing", nil, []Transfer{{ID: "a", PostPending: "nope"}}, 0, PendingNotFound, 0},
		{"post of a plain transfer", nil, []Transfer{{ID: "a", PostPending: "fund"}}, 0, PendingNotFound, 0},
		{"post between other accounts", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 5, Pending: true}},
			[]Transfer{{ID: "a", PostPending: "p", DebitAccount: "bank"}}, 0, PendingNotFound, 0},
		{"post above the reservation", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 5, Pending: true}},
			[]Transfer{{ID: "a", PostPending: "p", Amount: 6}}, 0, InvalidAmount, 0},
		{"void of another amount", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 5, Pending: true}},
			[]Transfer{{ID: "a", VoidPending: "p", Amount: 4}}, 0, InvalidAmount, 0},
		{"post twice", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 5, Pending: true}, {ID: "q", PostPending: "p"}},
			[]Transfer{{ID: "a", PostPending: "p"}}, 0, PendingClosed, 0},
		{"void after post", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 5, Pending: true}, {ID: "q", PostPending: "p"}},
			[]Transfer{{ID: "a", VoidPending: "p"}}, 0, PendingClosed, 0},
		{"post after timeout", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 5, Pending: true, TimeoutS: 60}},
			[]Transfer{{ID: "a", PostPending: "p"}}, 60 * time.Second, PendingExpired, 0},
		{"id conflict", nil, []Transfer{{ID: "fund", DebitAccount: "bank", CreditAccount: "budget", Amount: 999}}, 0, IDConflict, 0},
		{"second member fails", nil, []Transfer{
			{ID: "a", DebitAccount: "budget", CreditAccount: "shop", Amount: 600},
			{ID: "b", DebitAccount: "budget", CreditAccount: "shop", Amount: 600}}, 0, ExceedsCredits, 1},
		{"malformed", nil, []Transfer{{ID: "", DebitAccount: "bank", CreditAccount: "shop", Amount: 1}}, 0, InvalidTransfer, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLedger(t)
			if _, err := l.Apply(t0, tt.setup); err != nil {
				t.Fatalf("setup: %v", err)
			}
			before := snapshot(l)
			_, err := l.Apply(t0.Add(tt.after), tt.batch)
			var ref *Refusal
			if !errors.As(err, &ref) {
				t.Fatalf("Apply = %v, want refusal %s", err, tt.code)
			}
			if ref.Code != tt.code || ref.Index != tt.index {
				t.Errorf("refusal = %s at %d (%s), want %s at %d", ref.Code, ref.Index, ref.Message, tt.code, tt.index)
			}
			if got := snapshot(l); got != before {
				t.Errorf("refused batch changed the ledger:\n got %v\nwant %v", got, before)
			}
		})
	}
}

type state struct {
	seq                    int64
	records, open          int
	bank, budget, shop, dt Account
}

func snapshot(l *Ledger) state {
	s := state{seq: l.seq, records: len(l.records), open: len(l.open)}
	s.bank, _ = l.Account("bank")
	s.budget, _ = l.Account("budget")
	s.shop, _ = l.Account("shop")
	s.dt, _ = l.Account("debt")
	return s
}

func TestPendingLifecycle(t *testing.T) {
	l := newTestLedger(t)
	steps := []struct {
		name                        string
		at                          time.Duration
		batch                       []Transfer
		status                      Status
		budgetDebits, budgetPending int64
		shopCredits, shopPending    int64
	}{
		{"reserve 300", 0, []Transfer{{ID: "p1", DebitAccount: "budget", CreditAccount: "shop", Amount: 300, Pending: true}}, StatusPending, 0, 300, 0, 300},
		{"post 200 of it", time.Second, []Transfer{{ID: "x1", PostPending: "p1", Amount: 200}}, StatusPosted, 200, 0, 200, 0},
		{"reserve 100", 2 * time.Second, []Transfer{{ID: "p2", DebitAccount: "budget", CreditAccount: "shop", Amount: 100, Pending: true}}, StatusPending, 200, 100, 200, 100},
		{"void it", 3 * time.Second, []Transfer{{ID: "v2", VoidPending: "p2"}}, StatusVoided, 200, 0, 200, 0},
		{"reserve 50 for 10s", 4 * time.Second, []Transfer{{ID: "p3", DebitAccount: "budget", CreditAccount: "shop", Amount: 50, Pending: true, TimeoutS: 10}}, StatusPending, 200, 50, 200, 50},
		{"post the rest in full", 5 * time.Second, []Transfer{{ID: "x3", PostPending: "p3"}}, StatusPosted, 250, 0, 250, 0},
	}
	for _, s := range steps {
		res, err := l.Apply(t0.Add(s.at), s.batch)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := res[0].Record.Status(); got != s.status {
			t.Errorf("%s: status %s, want %s", s.name, got, s.status)
		}
		b, _ := l.Account("budget")
		sh, _ := l.Account("shop")
		if b.DebitsPosted != s.budgetDebits || b.DebitsPending != s.budgetPending || sh.CreditsPosted != s.shopCredits || sh.CreditsPending != s.shopPending {
			t.Errorf("%s: budget debits %d/%d pending, shop credits %d/%d pending; want %d/%d, %d/%d", s.name,
				b.DebitsPosted, b.DebitsPending, sh.CreditsPosted, sh.CreditsPending, s.budgetDebits, s.budgetPending, s.shopCredits, s.shopPending)
		}
	}
	if k, _ := l.Resolution("p1"); k != KindPost {
		t.Errorf("p1 resolved by %q, want post", k)
	}
}

func TestExpire(t *testing.T) {
	l := newTestLedger(t)
	if _, err := l.Apply(t0, []Transfer{
		{ID: "p1", DebitAccount: "budget", CreditAccount: "shop", Amount: 10, Pending: true, TimeoutS: 5},
		{ID: "p2", DebitAccount: "budget", CreditAccount: "shop", Amount: 20, Pending: true, TimeoutS: 10},
		{ID: "p3", DebitAccount: "budget", CreditAccount: "shop", Amount: 40, Pending: true},
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at      time.Duration
		expired []string
		pending int64
	}{
		{4 * time.Second, nil, 70},
		{5 * time.Second, []string{"p1"}, 60},
		{time.Hour, []string{"p2"}, 40},
		{100 * time.Hour, nil, 40},
	}
	for _, tt := range tests {
		recs := l.Expire(t0.Add(tt.at))
		var got []string
		for _, r := range recs {
			got = append(got, r.PendingID)
			if r.Kind != KindExpire || r.ID != "" || r.Status() != StatusVoided {
				t.Errorf("at %s: expiry record %+v", tt.at, r)
			}
		}
		if len(got) != len(tt.expired) || (len(got) > 0 && got[0] != tt.expired[0]) {
			t.Errorf("at %s: expired %v, want %v", tt.at, got, tt.expired)
		}
		if b, _ := l.Account("budget"); b.DebitsPending != tt.pending {
			t.Errorf("at %s: budget pending %d, want %d", tt.at, b.DebitsPending, tt.pending)
		}
	}
	_, err := l.Apply(t0.Add(100*time.Hour), []Transfer{{ID: "x", PostPending: "p1"}})
	if ref := (*Refusal)(nil); !errors.As(err, &ref) || ref.Code != PendingExpired {
		t.Errorf("post of an expired reservation = %v, want pending_expired", err)
	}
}

func TestReplay(t *testing.T) {
	l := newTestLedger(t)
	batch := []Transfer{
		{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 70, Pending: true, Memo: "도시락 20개"},
		{ID: "x", PostPending: "p"},
	}
	first, err := l.Apply(t0, batch)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(l)
	tests := []struct {
		name  string
		batch []Transfer
		code  Code
	}{
		{"same request", batch, ""},
		{"post with the amount spelt out", []Transfer{batch[0], {ID: "x", PostPending: "p", Amount: 70}}, ""},
		{"post with the accounts spelt out", []Transfer{batch[0], {ID: "x", PostPending: "p", DebitAccount: "budget", CreditAccount: "shop"}}, ""},
		{"other amount", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 71, Pending: true, Memo: "도시락 20개"}}, IDConflict},
		{"other memo", []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 70, Pending: true}}, IDConflict},
		{"other kind", []Transfer{{ID: "x", VoidPending: "p"}}, IDConflict},
		{"post for less", []Transfer{{ID: "x", PostPending: "p", Amount: 69}}, IDConflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := l.Apply(t0.Add(time.Minute), tt.batch)
			if tt.code != "" {
				if ref := (*Refusal)(nil); !errors.As(err, &ref) || ref.Code != tt.code {
					t.Fatalf("Apply = %v, want %s", err, tt.code)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				for i, r := range res {
					if !r.Replay || r.Record != first[i].Record {
						t.Errorf("result %d = %+v, want a replay of %+v", i, r, first[i].Record)
					}
				}
			}
			if got := snapshot(l); got != before {
				t.Errorf("replay changed the ledger")
			}
		})
	}
}

func TestRestoreAndCheck(t *testing.T) {
	l := newTestLedger(t)
	var log []Record
	add := func(rs []Result, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			log = append(log, r.Record)
		}
	}
	log = append(log, mustLookup(t, l, "fund"))
	add(l.Apply(t0, []Transfer{{ID: "p", DebitAccount: "budget", CreditAccount: "shop", Amount: 100, Pending: true, TimeoutS: 1}}))
	add(l.Apply(t0, []Transfer{{ID: "q", DebitAccount: "budget", CreditAccount: "shop", Amount: 100, Pending: true}}))
	add(l.Apply(t0, []Transfer{{ID: "qp", PostPending: "q", Amount: 30}}))
	log = append(log, l.Expire(t0.Add(time.Second))...)

	r := New()
	var accounts []Account
	for _, id := range []string{"bank", "budget", "shop", "debt"} {
		a, _ := l.Account(id)
		accounts = append(accounts, a)
		if err := r.AddAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	for _, rec := range log {
		if err := r.Restore(rec); err != nil {
			t.Fatal(err)
		}
	}
	if got, want := snapshot(r), snapshot(l); got != want {
		t.Errorf("restored ledger %+v, want %+v", got, want)
	}
	if rep := Check(accounts, log); !rep.Balanced {
		t.Errorf("Check of a sound ledger: %v", rep.Problems)
	}
	tests := []struct {
		name   string
		mutate func(a []Account, r []Record) ([]Account, []Record)
	}{
		{"account sum off by one", func(a []Account, r []Record) ([]Account, []Record) { a[2].CreditsPosted++; return a, r }},
		{"a record lost", func(a []Account, r []Record) ([]Account, []Record) { return a, r[:len(r)-2] }},
		{"a record doubled", func(a []Account, r []Record) ([]Account, []Record) {
			d := r[0]
			d.Seq = 99
			return a, append(r, d)
		}},
		{"limit broken", func(a []Account, r []Record) ([]Account, []Record) {
			a[1].DebitsPosted += 5000
			a[0].CreditsPosted += 5000
			return a, append(r, Record{Seq: 99, ID: "over", Kind: KindTransfer, DebitAccount: "budget", CreditAccount: "bank", Amount: 5000})
		}},
	}
	for _, tt := range tests {
		a, rs := tt.mutate(append([]Account(nil), accounts...), append([]Record(nil), log...))
		if rep := Check(a, rs); rep.Balanced || len(rep.Problems) == 0 {
			t.Errorf("%s: Check balanced, want a problem", tt.name)
		}
	}
}

func mustLookup(t *testing.T, l *Ledger, id string) Record {
	t.Helper()
	r, ok := l.Lookup(id)
	if !ok {
		t.Fatalf("no record %s", id)
	}
	return r
}

// TestManaged: Managed finds the first transfer touching a managed account,
// by its own accounts or its reservation's, and nothing in a batch that
// touches none.
func TestManaged(t *testing.T) {
	l := newTestLedger(t)
	if err := l.AddAccount(Account{ID: "p:budget", Managed: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Apply(t0, []Transfer{{ID: "p:fund", DebitAccount: "bank", CreditAccount: "p:budget", Amount: 100},
		{ID: "p:hold", DebitAccount: "p:budget", CreditAccount: "shop", Amount: 10, Pending: true}, {ID: "hold", DebitAccount: "bank", CreditAccount: "shop", Amount: 1, Pending: true}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		batch   []Transfer
		index   int
		account string // "" for none
	}{
		{"debit", []Transfer{{ID: "a", DebitAccount: "p:budget", CreditAccount: "shop", Amount: 1}}, 0, "p:budget"},
		{"credit", []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "p:budget", Amount: 1}}, 0, "p:budget"},
		{"pending", []Transfer{{ID: "a", DebitAccount: "shop", CreditAccount: "p:budget", Amount: 1, Pending: true}}, 0, "p:budget"},
		{"post of the program's reservation", []Transfer{{ID: "a", PostPending: "p:hold"}}, 0, "p:budget"},
		{"void of the program's reservation", []Transfer{{ID: "a", VoidPending: "p:hold"}}, 0, "p:budget"},
		{"second of a batch", []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "shop", Amount: 1}, {ID: "b", DebitAccount: "shop", CreditAccount: "p:budget", Amount: 1}}, 1, "p:budget"},
		{"none", []Transfer{{ID: "a", DebitAccount: "bank", CreditAccount: "shop", Amount: 1}, {ID: "b", PostPending: "hold"}, {ID: "c", VoidPending: "nope"}}, 0, ""},
	}
	for _, tt := range tests {
		i, acct, ok := l.Managed(tt.batch)
		if ok != (tt.account != "") || i != tt.index || acct != tt.account {
			t.Errorf("%s: Managed = %d, %q, %v; want %d, %q", tt.name, i, acct, ok, tt.index, tt.account)
		}
	}
}
