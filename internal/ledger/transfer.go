package ledger

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"
)

// Kind is what a transfer does.
type Kind string

const (
	KindTransfer Kind = "transfer"     // posts at once
	KindPending  Kind = "pending"      // reserves; posted, voided or expired later
	KindPost     Kind = "post_pending" // settles a reservation, fully or for less
	KindVoid     Kind = "void_pending" // releases a reservation
	KindExpire   Kind = "expire"       // the ledger releasing a reservation whose timeout passed; no client id
)

// Status is a transfer's status as created: posted, pending or voided.
type Status string

const (
	StatusPosted  Status = "posted"
	StatusPending Status = "pending"
	StatusVoided  Status = "voided"
)

// Transfer is a client's request to move money.
type Transfer struct {
	ID            string // the client's idempotency key, 1–64 characters
	DebitAccount  string // for a post or void: "" or the pending's
	CreditAccount string
	Amount        int64  // 1…10^15; for a post 0 means the pending amount, for a void 0 or the pending amount
	Memo          string // up to 512 characters
	Pending       bool
	PostPending   string // id of the pending transfer to post
	VoidPending   string // id of the pending transfer to void
	TimeoutS      int64  // seconds a pending transfer lives; 0 for no expiry
}

// maxTimeoutS bounds timeout_s (ten years) so deadlines stay representable.
const maxTimeoutS = 10 * 365 * 24 * 3600

// Kind reports what t does; Validate has checked that one kind is asked.
func (t Transfer) Kind() Kind {
	switch {
	case t.Pending:
		return KindPending
	case t.PostPending != "":
		return KindPost
	case t.VoidPending != "":
		return KindVoid
	}
	return KindTransfer
}

// PendingID is the id of the pending transfer a post or void resolves.
func (t Transfer) PendingID() string {
	if t.PostPending != "" {
		return t.PostPending
	}
	return t.VoidPending
}

// Validate checks t's shape, not the ledger's state: the ids, one kind at
// most, the accounts a kind needs, the memo's length and the timeout. The
// amount's range is the ledger's to judge (invalid_amount).
func (t Transfer) Validate() error {
	if err := ValidID(t.ID); err != nil {
		return fmt.Errorf("id: %w", err)
	}
	kinds := 0
	if t.Pending {
		kinds++
	}
	if t.PostPending != "" {
		kinds++
	}
	if t.VoidPending != "" {
		kinds++
	}
	if kinds > 1 {
		return errors.New("pending, post_pending and void_pending exclude one another")
	}
	if n := utf8.RuneCountInString(t.Memo); n > MaxMemoLen {
		return fmt.Errorf("memo: want at most %d characters, got %d", MaxMemoLen, n)
	}
	if t.TimeoutS != 0 && !t.Pending {
		return errors.New("timeout_s: only a pending transfer has a timeout")
	}
	if t.TimeoutS < 0 || t.TimeoutS > maxTimeoutS {
		return fmt.Errorf("timeout_s: want 0…%d seconds, got %d", maxTimeoutS, t.TimeoutS)
	}
	switch t.Kind() {
	case KindPost, KindVoid:
		if err := ValidID(t.PendingID()); err != nil {
			return fmt.Errorf("%s: %w", t.Kind(), err)
		}
		for _, a := range []struct{ field, id string }{{"debit_account", t.DebitAccount}, {"credit_account", t.CreditAccount}} {
			if a.id != "" {
				if err := ValidID(a.id); err != nil {
					return fmt.Errorf("%s: %w", a.field, err)
				}
			}
		}
	default:
		if err := ValidID(t.DebitAccount); err != nil {
			return fmt.Errorf("debit_account: %w", err)
		}
		if err := ValidID(t.CreditAccount); err != nil {
			return fmt.Errorf("credit_account: %w", err)
		}
	}
	return nil
}

// Record is a transfer as the ledger keeps it: append-only, never changed.
// A post, void or expiry names its pending transfer and carries that
// transfer's accounts; Amount is what it posted (post) or released (void,
// expire).
type Record struct {
	Seq           int64  // the ledger's order, from 1
	ID            string // "" for an expiry
	Kind          Kind
	DebitAccount  string
	CreditAccount string
	Amount        int64
	Memo          string
	PendingID     string
	TimeoutS      int64
	CreatedAt     time.Time
}

// Status is the record's status as created: a transfer or post is posted, a
// pending transfer pending, a void or expiry voided.
func (r Record) Status() Status {
	switch r.Kind {
	case KindPending:
		return StatusPending
	case KindVoid, KindExpire:
		return StatusVoided
	}
	return StatusPosted
}

// ExpiresAt is when a pending transfer with a timeout expires; zero if never.
func (r Record) ExpiresAt() time.Time {
	if r.Kind != KindPending || r.TimeoutS == 0 {
		return time.Time{}
	}
	return r.CreatedAt.Add(time.Duration(r.TimeoutS) * time.Second)
}
