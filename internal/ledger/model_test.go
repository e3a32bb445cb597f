package ledger

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// model is the ledger written the plain way: a list of records and flagged
// accounts, every sum recomputed by scanning the list. It is slow and
// obviously right, and the state machine must agree with it.
type model struct {
	flags map[string]Flags
	log   []Record
}

func (m *model) sums(log []Record, id string) (dPosted, cPosted, dPending, cPending int64) {
	for _, r := range log {
		sign := int64(1)
		switch r.Kind {
		case KindTransfer, KindPost:
			if r.DebitAccount == id {
				dPosted += r.Amount
			}
			if r.CreditAccount == id {
				cPosted += r.Amount
			}
			if r.Kind == KindTransfer {
				continue
			}
			sign = -1
		case KindPending:
		case KindVoid, KindExpire:
			sign = -1
		}
		amt := r.Amount
		if r.Kind != KindPending {
			amt = m.find(log, r.PendingID).Amount
		}
		if r.DebitAccount == id {
			dPending += sign * amt
		}
		if r.CreditAccount == id {
			cPending += sign * amt
		}
	}
	return
}

func (m *model) find(log []Record, id string) *Record {
	for i := range log {
		if log[i].ID == id {
			return &log[i]
		}
	}
	return nil
}

// closer is the record that resolved pending transfer id, if any.
func (m *model) closer(log []Record, id string) *Record {
	for i := range log {
		if log[i].PendingID == id {
			return &log[i]
		}
	}
	return nil
}

func (m *model) expire(now time.Time) []Record {
	var due []Record
	for _, r := range m.log {
		if r.Kind == KindPending && r.TimeoutS > 0 && m.closer(m.log, r.ID) == nil &&
			!r.CreatedAt.Add(time.Duration(r.TimeoutS)*time.Second).After(now) {
			due = append(due, r)
		}
	}
	slices.SortFunc(due, func(a, b Record) int {
		if c := a.ExpiresAt().Compare(b.ExpiresAt()); c != 0 {
			return c
		}
		if a.ID < b.ID {
			return -1
		}
		return 1
	})
	var out []Record
	for _, p := range due {
		r := Record{Seq: int64(len(m.log)) + 1, Kind: KindExpire, DebitAccount: p.DebitAccount, CreditAccount: p.CreditAccount,
			Amount: p.Amount, PendingID: p.ID, CreatedAt: now}
		m.log = append(m.log, r)
		out = append(out, r)
	}
	return out
}

func (m *model) apply(now time.Time, batch []Transfer) ([]Result, *Refusal) {
	log := slices.Clone(m.log)
	var out []Result
	for i, t := range batch {
		if err := t.Validate(); err != nil {
			return nil, &Refusal{Index: i, Code: InvalidTransfer}
		}
		if old := m.find(log, t.ID); old != nil {
			same := old.Kind == t.Kind() && old.Memo == t.Memo && old.TimeoutS == t.TimeoutS
			if old.Kind == KindTransfer || old.Kind == KindPending {
				same = same && old.DebitAccount == t.DebitAccount && old.CreditAccount == t.CreditAccount && old.Amount == t.Amount
			} else {
				p := m.find(log, old.PendingID)
				same = same && old.PendingID == t.PendingID() &&
					(t.DebitAccount == "" || t.DebitAccount == old.DebitAccount) &&
					(t.CreditAccount == "" || t.CreditAccount == old.CreditAccount) &&
					(t.Amount == old.Amount || (t.Amount == 0 && old.Amount == p.Amount))
			}
			if !same {
				return nil, &Refusal{Index: i, Code: IDConflict}
			}
			out = append(out, Result{Record: *old, Replay: true})
			continue
		}
		r := Record{Seq: int64(len(log)) + 1, ID: t.ID, Kind: t.Kind(), Memo: t.Memo, TimeoutS: t.TimeoutS, CreatedAt: now}
		switch t.Kind() {
		case KindTransfer, KindPending:
			df, dok := m.flags[t.DebitAccount]
			cf, cok := m.flags[t.CreditAccount]
			dDP, dCP, dDPe, _ := m.sums(log, t.DebitAccount)
			cDP, cCP, _, cCPe := m.sums(log, t.CreditAccount)
			switch {
			case t.DebitAccount == t.CreditAccount:
				return nil, &Refusal{Index: i, Code: SameAccount}
			case !dok || !cok:
				return nil, &Refusal{Index: i, Code: AccountNotFound}
			case t.Amount < 1 || t.Amount > MaxAmount:
				return nil, &Refusal{Index: i, Code: InvalidAmount}
			case df.DebitsMustNotExceedCredits && dDP+dDPe+t.Amount > dCP:
				return nil, &Refusal{Index: i, Code: ExceedsCredits}
			case cf.CreditsMustNotExceedDebits && cCP+cCPe+t.Amount > cDP:
				return nil, &Refusal{Index: i, Code: ExceedsDebits}
			}
			r.DebitAccount, r.CreditAccount, r.Amount = t.DebitAccount, t.CreditAccount, t.Amount
		default:
			p := m.find(log, t.PendingID())
			if p == nil || p.Kind != KindPending ||
				(t.DebitAccount != "" && t.DebitAccount != p.DebitAccount) || (t.CreditAccount != "" && t.CreditAccount != p.CreditAccount) {
				return nil, &Refusal{Index: i, Code: PendingNotFound}
			}
			if c := m.closer(log, p.ID); c != nil {
				if c.Kind == KindExpire {
					return nil, &Refusal{Index: i, Code: PendingExpired}
				}
				return nil, &Refusal{Index: i, Code: PendingClosed}
			}
			if p.TimeoutS > 0 && !now.Before(p.CreatedAt.Add(time.Duration(p.TimeoutS)*time.Second)) {
				return nil, &Refusal{Index: i, Code: PendingExpired}
			}
			amt := t.Amount
			if t.Kind() == KindPost {
				if amt == 0 {
					amt = p.Amount
				}
				if amt < 0 || amt > p.Amount {
					return nil, &Refusal{Index: i, Code: InvalidAmount}
				}
			} else {
				if amt != 0 && amt != p.Amount {
					return nil, &Refusal{Index: i, Code: InvalidAmount}
				}
				amt = p.Amount
			}
			r.DebitAccount, r.CreditAccount, r.Amount, r.PendingID = p.DebitAccount, p.CreditAccount, amt, p.ID
		}
		log = append(log, r)
		out = append(out, Result{Record: r})
	}
	m.log = log
	return out, nil
}

// gen makes random batches over a few hot accounts, with ids from a small
// pool so that replays and conflicts happen, and posts and voids of earlier
// reservations.
type gen struct {
	rng      *rand.Rand
	accounts []string
	pendings []string     // reservations that were accepted
	sent     [][]Transfer // batches that were accepted
	n        int
}

// accepted notes an accepted batch, to replay it and resolve its reservations.
func (g *gen) accepted(b []Transfer) {
	g.sent = append(g.sent, b)
	for _, t := range b {
		if t.Pending {
			g.pendings = append(g.pendings, t.ID)
		}
	}
}

func (g *gen) id() string {
	if g.n > 0 && g.rng.IntN(8) == 0 {
		return fmt.Sprintf("t%d", g.rng.IntN(g.n)) // an old id: a replay or a conflict
	}
	g.n++
	return fmt.Sprintf("t%d", g.n-1)
}

func (g *gen) amount() int64 {
	switch g.rng.IntN(20) {
	case 0:
		return 0
	case 1:
		return -1
	case 2:
		return MaxAmount + 1
	}
	return 1 + g.rng.Int64N(400)
}

func (g *gen) transfer() Transfer {
	acct := func() string { return g.accounts[g.rng.IntN(len(g.accounts))] }
	t := Transfer{ID: g.id(), Memo: []string{"", "도시락", "선결제"}[g.rng.IntN(3)]}
	switch k := g.rng.IntN(10); {
	case k < 4 || len(g.pendings) == 0:
		t.DebitAccount, t.CreditAccount, t.Amount = acct(), acct(), g.amount()
		if g.rng.IntN(3) == 0 {
			t.Pending = true
			if g.rng.IntN(2) == 0 {
				t.TimeoutS = 1 + g.rng.Int64N(5)
			}
		}
	case k < 8:
		t.PostPending = g.pending()
		if g.rng.IntN(2) == 0 {
			t.Amount = g.rng.Int64N(300)
		}
	default:
		t.VoidPending = g.pending()
	}
	return t
}

// pending is mostly an accepted reservation, sometimes any id at all.
func (g *gen) pending() string {
	if g.rng.IntN(8) == 0 {
		return fmt.Sprintf("t%d", g.rng.IntN(g.n+5))
	}
	return g.pendings[g.rng.IntN(len(g.pendings))]
}

func (g *gen) batch() []Transfer {
	if len(g.sent) > 0 && g.rng.IntN(10) == 0 {
		return g.sent[g.rng.IntN(len(g.sent))] // a replay
	}
	b := make([]Transfer, 1+g.rng.IntN(3))
	for i := range b {
		b[i] = g.transfer()
	}
	return b
}

var modelAccounts = []Account{
	{ID: "bank"},
	{ID: "budget", Flags: Flags{DebitsMustNotExceedCredits: true}},
	{ID: "wallet", Flags: Flags{DebitsMustNotExceedCredits: true}},
	{ID: "shop"},
	{ID: "debt", Flags: Flags{CreditsMustNotExceedDebits: true}},
}

// TestModel runs seeded random batches through the state machine and the
// model and wants the same outcome for every batch and the same sums after.
func TestModel(t *testing.T) {
	seen := map[Code]int{}
	for seed := uint64(1); seed <= 20; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			runModel(t, seed, 400, seen)
		})
	}
	// The generator must reach every outcome, or the agreement means little.
	for _, c := range []Code{"ok", "replay", "expire", ExceedsCredits, ExceedsDebits, AccountNotFound, SameAccount, InvalidAmount,
		PendingNotFound, PendingClosed, PendingExpired, IDConflict} {
		if seen[c] == 0 {
			t.Errorf("no batch ended in %s: %v", c, seen)
		}
	}
}

func runModel(t *testing.T, seed uint64, steps int, seen map[Code]int) {
	runModelFrom(t, rand.New(rand.NewPCG(seed, 11)), steps, seen)
}

// runModelFrom runs steps random batches from rng through both ledgers,
// counting outcomes in seen, and compares them at every step and at the end.
func runModelFrom(t *testing.T, rng *rand.Rand, steps int, seen map[Code]int) {
	l := New()
	m := &model{flags: map[string]Flags{}}
	g := &gen{rng: rng, accounts: []string{"bank", "budget", "wallet", "shop", "debt", "missing"}}
	for _, a := range modelAccounts {
		if err := l.AddAccount(a); err != nil {
			t.Fatal(err)
		}
		m.flags[a.ID] = a.Flags
	}
	now := t0
	for step := 0; step < steps; step++ {
		now = now.Add(time.Duration(g.rng.IntN(1500)) * time.Millisecond)
		got, want := l.Expire(now), m.expire(now)
		if !slices.Equal(got, want) {
			t.Fatalf("step %d: expired %v, model %v", step, got, want)
		}
		seen["expire"] += len(got)
		b := g.batch()
		res, err := l.Apply(now, b)
		wantRes, wantRef := m.apply(now, b)
		var ref *Refusal
		errors.As(err, &ref)
		switch {
		case (ref == nil) != (wantRef == nil):
			t.Fatalf("step %d %+v: refusal %v, model %v", step, b, err, wantRef)
		case ref != nil && (ref.Code != wantRef.Code || ref.Index != wantRef.Index):
			t.Fatalf("step %d %+v: refusal %s at %d (%s), model %s at %d", step, b, ref.Code, ref.Index, ref.Message, wantRef.Code, wantRef.Index)
		case !slices.Equal(res, wantRes):
			t.Fatalf("step %d %+v: results\n%v\nmodel\n%v", step, b, res, wantRes)
		}
		switch {
		case ref != nil:
			seen[ref.Code]++
		case res[0].Replay:
			seen["replay"]++
		default:
			seen["ok"]++
			g.accepted(b)
		}
	}
	var accounts []Account
	for _, a := range modelAccounts {
		got, _ := l.Account(a.ID)
		var want Account = a
		want.DebitsPosted, want.CreditsPosted, want.DebitsPending, want.CreditsPending = m.sums(m.log, a.ID)
		if got != want {
			t.Errorf("account %s = %+v, model %+v", a.ID, got, want)
		}
		accounts = append(accounts, got)
	}
	if rep := Check(accounts, m.log); !rep.Balanced {
		t.Errorf("Check: %v", rep.Problems)
	}
	if l.Seq() != int64(len(m.log)) {
		t.Errorf("seq %d, model %d records", l.Seq(), len(m.log))
	}
}
