// Package ledger is sangsaeng's double-entry ledger as a pure state machine:
// accounts with limits, transfers that post at once or reserve (pending) and
// are later posted, voided or expire, batches that land together or not at
// all, and idempotent replays. It does no I/O; the clock is passed in.
//
// The model follows TigerBeetle's (tigerbeetle docs/reference/account.md and
// transfer.md), with string ids chosen by the client and amounts in won.
package ledger

import "fmt"

// MaxAmount is the largest amount of one transfer, in won (10^15).
const MaxAmount int64 = 1_000_000_000_000_000

// MaxIDLen is the longest id, in characters (bytes of UTF-8 are not counted).
const MaxIDLen = 64

// MaxMemoLen is the longest memo, in characters.
const MaxMemoLen = 512

// Code names why the ledger refused a transfer.
type Code string

// The refusal codes. All but IDConflict are answered 422; IDConflict is 409.
const (
	ExceedsCredits   Code = "exceeds_credits"   // a debit would take a debits_must_not_exceed_credits account past its posted credits
	ExceedsDebits    Code = "exceeds_debits"    // a credit would take a credits_must_not_exceed_debits account past its posted debits
	AccountNotFound  Code = "account_not_found" // the debit or credit account does not exist
	SameAccount      Code = "same_account"      // debit and credit account are one account
	InvalidAmount    Code = "invalid_amount"    // amount outside 1…10^15, above the pending amount, or past an account's range
	PendingNotFound  Code = "pending_not_found" // no pending transfer with that id (between those accounts)
	PendingClosed    Code = "pending_closed"    // the pending transfer was already posted or voided
	PendingExpired   Code = "pending_expired"   // the pending transfer's timeout has passed
	IDConflict       Code = "id_conflict"       // the id exists with other fields
	AccountExists    Code = "account_exists"    // an account with that id exists
	InvalidTransfer  Code = "invalid_transfer"  // the transfer is malformed (id, accounts, kind, timeout)
	InvalidAccountID Code = "invalid_account"   // the account is malformed (id, flags)
	ManagedAccount   Code = "managed_account"   // a transfer not of the program touches an account a program manages
)

// Refusal is the error of a refused batch: which transfer (Index, from 0)
// failed and why. Nothing of the batch was applied.
type Refusal struct {
	Index   int
	Code    Code
	Message string
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("transfer %d: %s: %s", r.Index, r.Code, r.Message)
}

func refuse(i int, code Code, format string, args ...any) *Refusal {
	return &Refusal{Index: i, Code: code, Message: fmt.Sprintf(format, args...)}
}

// Flags are an account's limits.
type Flags struct {
	// DebitsMustNotExceedCredits refuses a debit when pending debits +
	// posted debits + amount > posted credits (an asset held for others, a
	// budget: it cannot go below zero).
	DebitsMustNotExceedCredits bool
	// CreditsMustNotExceedDebits refuses a credit when pending credits +
	// posted credits + amount > posted debits.
	CreditsMustNotExceedDebits bool
}

// FlagNames are the flags' names in the API and the database.
const (
	FlagDebitsMustNotExceedCredits = "debits_must_not_exceed_credits"
	FlagCreditsMustNotExceedDebits = "credits_must_not_exceed_debits"
)

// ParseFlags reads flag names; an unknown name is an error.
func ParseFlags(names []string) (Flags, error) {
	var f Flags
	for _, n := range names {
		switch n {
		case FlagDebitsMustNotExceedCredits:
			f.DebitsMustNotExceedCredits = true
		case FlagCreditsMustNotExceedDebits:
			f.CreditsMustNotExceedDebits = true
		default:
			return Flags{}, fmt.Errorf("unknown flag %q: want %s or %s", n, FlagDebitsMustNotExceedCredits, FlagCreditsMustNotExceedDebits)
		}
	}
	return f, nil
}

// Names returns the set flags' names, never nil.
func (f Flags) Names() []string {
	names := []string{}
	if f.DebitsMustNotExceedCredits {
		names = append(names, FlagDebitsMustNotExceedCredits)
	}
	if f.CreditsMustNotExceedDebits {
		names = append(names, FlagCreditsMustNotExceedDebits)
	}
	return names
}

// Account is an account and its four sums, in won.
type Account struct {
	ID    string
	Name  string
	Owner string // the owning organisation's id
	Flags Flags
	// Managed: a program (a support program, a contest, an early-payment
	// run) opened the account, and only that program's own writes move
	// money in or out of it (Ledger.Managed finds a batch that would).
	Managed bool

	DebitsPosted, CreditsPosted, DebitsPending, CreditsPending int64
}

// Balance is credits posted − debits posted.
func (a Account) Balance() int64 { return a.CreditsPosted - a.DebitsPosted }

// ValidID checks an account or transfer id: 1–64 characters, printable, no
// spaces or slashes (ids appear in URL paths).
func ValidID(id string) error {
	n := 0
	for _, r := range id {
		n++
		if r <= ' ' || r == '/' || r == '?' || r == '#' || r == '%' || r == 0x7f || r == 0xfffd {
			return fmt.Errorf("id %q: character %q not allowed", id, r)
		}
	}
	if n < 1 || n > MaxIDLen {
		return fmt.Errorf("id %q: want 1–%d characters, got %d", id, MaxIDLen, n)
	}
	return nil
}
