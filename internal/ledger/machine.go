package ledger

import (
	"container/heap"
	"errors"
	"fmt"
	"math"
	"time"
)

// ErrAccountExists is returned when an account id is taken.
var ErrAccountExists = errors.New("account exists")

// Ledger is the state machine: accounts, every record, the open
// reservations. It is not safe for concurrent use; one writer owns it.
type Ledger struct {
	accounts map[string]*Account
	records  map[string]*Record // by client id
	open     map[string]*Record // pending transfers not yet resolved
	closedBy map[string]Kind    // how each resolved pending transfer was resolved
	expiries expiryHeap
	seq      int64

	undo *journal // non-nil while a batch is applied
}

// New returns an empty ledger.
func New() *Ledger {
	return &Ledger{
		accounts: map[string]*Account{},
		records:  map[string]*Record{},
		open:     map[string]*Record{},
		closedBy: map[string]Kind{},
	}
}

// Result is one transfer's outcome: its record, and whether the request was
// a replay of an earlier one (nothing changed).
type Result struct {
	Record Record
	Replay bool
}

// AddAccount adds an account with zero sums. Its id must be valid and new.
func (l *Ledger) AddAccount(a Account) error {
	if err := ValidID(a.ID); err != nil {
		return err
	}
	if _, ok := l.accounts[a.ID]; ok {
		return fmt.Errorf("%w: %s", ErrAccountExists, a.ID)
	}
	a.DebitsPosted, a.CreditsPosted, a.DebitsPending, a.CreditsPending = 0, 0, 0, 0
	l.accounts[a.ID] = &a
	return nil
}

// Account returns the account with id and its sums.
func (l *Ledger) Account(id string) (Account, bool) {
	a, ok := l.accounts[id]
	if !ok {
		return Account{}, false
	}
	return *a, true
}

// Accounts is the number of accounts.
func (l *Ledger) Accounts() int { return len(l.accounts) }

// Lookup returns the record of the transfer with the client id.
func (l *Ledger) Lookup(id string) (Record, bool) {
	r, ok := l.records[id]
	if !ok {
		return Record{}, false
	}
	return *r, true
}

// Resolution tells how a pending transfer was resolved (post, void, expire);
// false while it is open or if it is not a pending transfer.
func (l *Ledger) Resolution(id string) (Kind, bool) {
	k, ok := l.closedBy[id]
	return k, ok
}

// Seq is the sequence number of the last record.
func (l *Ledger) Seq() int64 { return l.seq }

// NextExpiry is the earliest deadline of an open reservation; false if none.
func (l *Ledger) NextExpiry() (time.Time, bool) {
	for len(l.expiries) > 0 {
		e := l.expiries[0]
		if r, ok := l.open[e.id]; ok && r.ExpiresAt().Equal(e.at) {
			return e.at, true
		}
		heap.Pop(&l.expiries)
	}
	return time.Time{}, false
}

// Expire closes every open reservation whose deadline is at or before now,
// releasing its pending amounts, and returns the expiry records it made.
func (l *Ledger) Expire(now time.Time) []Record {
	now = now.UTC().Truncate(time.Microsecond)
	var out []Record
	for {
		at, ok := l.NextExpiry()
		if !ok || at.After(now) {
			return out
		}
		e := heap.Pop(&l.expiries).(expiry)
		p := l.open[e.id]
		l.seq++
		r := &Record{Seq: l.seq, Kind: KindExpire, DebitAccount: p.DebitAccount, CreditAccount: p.CreditAccount,
			Amount: p.Amount, PendingID: p.ID, CreatedAt: now}
		l.release(p)
		delete(l.open, p.ID)
		l.closedBy[p.ID] = KindExpire
		out = append(out, *r)
	}
}

// Managed finds the first transfer of batch that touches a managed
// account: its debit or credit account or, for a post or a void, its
// pending transfer's. It returns the transfer's index and the account, and
// false if the batch touches none. A pending transfer made earlier in the
// batch is not looked up: it was checked itself.
func (l *Ledger) Managed(batch []Transfer) (int, string, bool) {
	managed := func(id string) bool {
		a, ok := l.accounts[id]
		return ok && a.Managed
	}
	for i, t := range batch {
		accts := []string{t.DebitAccount, t.CreditAccount}
		if k := t.Kind(); k == KindPost || k == KindVoid {
			if p, ok := l.records[t.PendingID()]; ok {
				accts = append(accts, p.DebitAccount, p.CreditAccount)
			}
		}
		for _, id := range accts {
			if managed(id) {
				return i, id, true
			}
		}
	}
	return 0, "", false
}

// Apply applies a batch at time now: every transfer in order, or, when one
// is refused, none (the error is a *Refusal naming it). A transfer whose id
// exists with the same fields is a replay: its original record is returned
// and nothing changes; with other fields it is refused with id_conflict.
func (l *Ledger) Apply(now time.Time, batch []Transfer) ([]Result, error) {
	now = now.UTC().Truncate(time.Microsecond)
	l.undo = &journal{seq: l.seq, accounts: map[string]Account{}}
	defer func() { l.undo = nil }()
	out := make([]Result, 0, len(batch))
	for i, t := range batch {
		res, ref := l.apply(i, now, t)
		if ref != nil {
			l.rollback()
			return nil, ref
		}
		out = append(out, res)
	}
	return out, nil
}

func (l *Ledger) apply(i int, now time.Time, t Transfer) (Result, *Refusal) {
	if err := t.Validate(); err != nil {
		return Result{}, refuse(i, InvalidTransfer, "%v", err)
	}
	if r, ok := l.records[t.ID]; ok {
		if !l.same(t, r) {
			return Result{}, refuse(i, IDConflict, "transfer %s exists with other fields", t.ID)
		}
		return Result{Record: *r, Replay: true}, nil
	}
	var r *Record
	var ref *Refusal
	switch t.Kind() {
	case KindTransfer, KindPending:
		r, ref = l.move(i, now, t)
	default:
		r, ref = l.resolve(i, now, t)
	}
	if ref != nil {
		return Result{}, ref
	}
	l.seq++
	r.Seq = l.seq
	l.records[r.ID] = r
	l.undo.records = append(l.undo.records, r.ID)
	return Result{Record: *r}, nil
}

// move applies a transfer or a reservation.
func (l *Ledger) move(i int, now time.Time, t Transfer) (*Record, *Refusal) {
	if t.DebitAccount == t.CreditAccount {
		return nil, refuse(i, SameAccount, "debit and credit account are both %s", t.DebitAccount)
	}
	da, ok := l.accounts[t.DebitAccount]
	if !ok {
		return nil, refuse(i, AccountNotFound, "no debit account %s", t.DebitAccount)
	}
	ca, ok := l.accounts[t.CreditAccount]
	if !ok {
		return nil, refuse(i, AccountNotFound, "no credit account %s", t.CreditAccount)
	}
	amt := t.Amount
	if amt < 1 || amt > MaxAmount {
		return nil, refuse(i, InvalidAmount, "amount %d: want 1…%d", amt, MaxAmount)
	}
	if da.DebitsPending+da.DebitsPosted > math.MaxInt64-amt || ca.CreditsPending+ca.CreditsPosted > math.MaxInt64-amt {
		return nil, refuse(i, InvalidAmount, "amount %d would overflow an account's sums", amt)
	}
	if da.Flags.DebitsMustNotExceedCredits && da.DebitsPending+da.DebitsPosted+amt > da.CreditsPosted {
		return nil, refuse(i, ExceedsCredits, "account %s: debits %d + pending %d + %d would exceed credits %d",
			da.ID, da.DebitsPosted, da.DebitsPending, amt, da.CreditsPosted)
	}
	if ca.Flags.CreditsMustNotExceedDebits && ca.CreditsPending+ca.CreditsPosted+amt > ca.DebitsPosted {
		return nil, refuse(i, ExceedsDebits, "account %s: credits %d + pending %d + %d would exceed debits %d",
			ca.ID, ca.CreditsPosted, ca.CreditsPending, amt, ca.DebitsPosted)
	}
	r := &Record{ID: t.ID, Kind: t.Kind(), DebitAccount: da.ID, CreditAccount: ca.ID, Amount: amt,
		Memo: t.Memo, TimeoutS: t.TimeoutS, CreatedAt: now}
	l.save(da.ID)
	l.save(ca.ID)
	if r.Kind == KindPending {
		da.DebitsPending += amt
		ca.CreditsPending += amt
		l.open[r.ID] = r
		l.undo.opened = append(l.undo.opened, r.ID)
		if at := r.ExpiresAt(); !at.IsZero() {
			heap.Push(&l.expiries, expiry{at: at, id: r.ID})
		}
	} else {
		da.DebitsPosted += amt
		ca.CreditsPosted += amt
	}
	return r, nil
}

// resolve applies a post or a void of an open reservation.
func (l *Ledger) resolve(i int, now time.Time, t Transfer) (*Record, *Refusal) {
	pid := t.PendingID()
	p, ok := l.records[pid]
	if !ok || p.Kind != KindPending {
		return nil, refuse(i, PendingNotFound, "no pending transfer %s", pid)
	}
	if (t.DebitAccount != "" && t.DebitAccount != p.DebitAccount) || (t.CreditAccount != "" && t.CreditAccount != p.CreditAccount) {
		return nil, refuse(i, PendingNotFound, "no pending transfer %s between %s and %s", pid, t.DebitAccount, t.CreditAccount)
	}
	if k, closed := l.closedBy[pid]; closed {
		if k == KindExpire {
			return nil, refuse(i, PendingExpired, "pending transfer %s expired", pid)
		}
		return nil, refuse(i, PendingClosed, "pending transfer %s is already %s", pid, closedWord(k))
	}
	if at := p.ExpiresAt(); !at.IsZero() && !now.Before(at) {
		return nil, refuse(i, PendingExpired, "pending transfer %s expired at %s", pid, at.Format(time.RFC3339))
	}
	amt := t.Amount
	switch {
	case t.Kind() == KindPost && amt == 0:
		amt = p.Amount
	case t.Kind() == KindPost && (amt < 0 || amt > p.Amount):
		return nil, refuse(i, InvalidAmount, "amount %d: want 1…%d, the pending amount", amt, p.Amount)
	case t.Kind() == KindVoid && amt != 0 && amt != p.Amount:
		return nil, refuse(i, InvalidAmount, "amount %d: a void releases the pending amount %d", amt, p.Amount)
	case t.Kind() == KindVoid:
		amt = p.Amount
	}
	r := &Record{ID: t.ID, Kind: t.Kind(), DebitAccount: p.DebitAccount, CreditAccount: p.CreditAccount,
		Amount: amt, Memo: t.Memo, PendingID: pid, CreatedAt: now}
	l.release(p)
	if r.Kind == KindPost {
		l.accounts[p.DebitAccount].DebitsPosted += amt
		l.accounts[p.CreditAccount].CreditsPosted += amt
	}
	delete(l.open, pid)
	l.closedBy[pid] = r.Kind
	if l.undo != nil {
		l.undo.closed = append(l.undo.closed, p)
	}
	return r, nil
}

// release takes a reservation's amount out of its accounts' pending sums.
func (l *Ledger) release(p *Record) {
	l.save(p.DebitAccount)
	l.save(p.CreditAccount)
	l.accounts[p.DebitAccount].DebitsPending -= p.Amount
	l.accounts[p.CreditAccount].CreditsPending -= p.Amount
}

func closedWord(k Kind) string {
	if k == KindPost {
		return "posted"
	}
	return "voided"
}

// same reports whether t asks for what r records. A post's omitted amount
// and a post's or void's omitted accounts stand for the pending transfer's.
func (l *Ledger) same(t Transfer, r *Record) bool {
	if t.Kind() != r.Kind || t.Memo != r.Memo || t.TimeoutS != r.TimeoutS {
		return false
	}
	switch r.Kind {
	case KindTransfer, KindPending:
		return t.DebitAccount == r.DebitAccount && t.CreditAccount == r.CreditAccount && t.Amount == r.Amount
	}
	if t.PendingID() != r.PendingID {
		return false
	}
	if (t.DebitAccount != "" && t.DebitAccount != r.DebitAccount) || (t.CreditAccount != "" && t.CreditAccount != r.CreditAccount) {
		return false
	}
	if t.Amount == r.Amount {
		return true
	}
	p := l.records[r.PendingID]
	return t.Amount == 0 && r.Amount == p.Amount
}

// Restore replays a stored record into the ledger, as when it is rebuilt
// from the database at start: in sequence order, without the limit checks
// (the record was checked when it was made), refusing what cannot be.
func (l *Ledger) Restore(r Record) error {
	if r.Seq <= l.seq {
		return fmt.Errorf("record %d: out of order after %d", r.Seq, l.seq)
	}
	da, okd := l.accounts[r.DebitAccount]
	ca, okc := l.accounts[r.CreditAccount]
	if !okd || !okc {
		return fmt.Errorf("record %d: unknown account %s or %s", r.Seq, r.DebitAccount, r.CreditAccount)
	}
	rec := r
	switch r.Kind {
	case KindTransfer:
		da.DebitsPosted += r.Amount
		ca.CreditsPosted += r.Amount
	case KindPending:
		da.DebitsPending += r.Amount
		ca.CreditsPending += r.Amount
		l.open[r.ID] = &rec
		if at := rec.ExpiresAt(); !at.IsZero() {
			heap.Push(&l.expiries, expiry{at: at, id: r.ID})
		}
	case KindPost, KindVoid, KindExpire:
		p, ok := l.open[r.PendingID]
		if !ok {
			return fmt.Errorf("record %d: pending transfer %s is not open", r.Seq, r.PendingID)
		}
		l.release(p)
		if r.Kind == KindPost {
			da.DebitsPosted += r.Amount
			ca.CreditsPosted += r.Amount
		}
		delete(l.open, r.PendingID)
		l.closedBy[r.PendingID] = r.Kind
	default:
		return fmt.Errorf("record %d: unknown kind %q", r.Seq, r.Kind)
	}
	if r.ID != "" {
		if _, dup := l.records[r.ID]; dup {
			return fmt.Errorf("record %d: id %s twice", r.Seq, r.ID)
		}
		l.records[r.ID] = &rec
	}
	l.seq = r.Seq
	return nil
}

// journal is what a batch changed, to be undone if a later member fails.
type journal struct {
	seq      int64
	accounts map[string]Account // accounts as they were before the batch
	records  []string           // ids added
	opened   []string           // reservations opened
	closed   []*Record          // reservations closed
}

// save remembers an account's sums before the batch first changes them.
func (l *Ledger) save(id string) {
	if l.undo == nil {
		return
	}
	if _, ok := l.undo.accounts[id]; !ok {
		l.undo.accounts[id] = *l.accounts[id]
	}
}

func (l *Ledger) rollback() {
	u := l.undo
	for id, a := range u.accounts {
		*l.accounts[id] = a
	}
	for _, id := range u.records {
		delete(l.records, id)
	}
	for _, p := range u.closed {
		delete(l.closedBy, p.ID)
		l.open[p.ID] = p
	}
	for _, id := range u.opened { // after reopening: a reservation opened and closed in the batch goes
		delete(l.open, id)
	}
	l.seq = u.seq
}

// expiry is a reservation's deadline in the heap; stale entries (the
// reservation resolved or rolled back) are skipped when popped.
type expiry struct {
	at time.Time
	id string
}

type expiryHeap []expiry

func (h expiryHeap) Len() int { return len(h) }
func (h expiryHeap) Less(i, j int) bool {
	if h[i].at.Equal(h[j].at) {
		return h[i].id < h[j].id // ties expire in id order, so replays are deterministic
	}
	return h[i].at.Before(h[j].at)
}
func (h expiryHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)   { *h = append(*h, x.(expiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
