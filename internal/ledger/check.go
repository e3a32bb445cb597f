package ledger

import (
	"fmt"
	"slices"
)

// Report is the outcome of Check.
type Report struct {
	Accounts  int      `json:"accounts"`
	Transfers int      `json:"transfers"`
	Balanced  bool     `json:"balanced"`
	Problems  []string `json:"problems"`
}

// Check verifies the ledger's invariants from the records alone, against the
// accounts' stored sums:
//  1. every account's four sums equal the sums of its records (a transfer
//     and a post add to posted; a pending transfer adds to pending until a
//     post, void or expiry takes its amount out);
//  2. total debits equal total credits, posted and pending;
//  3. no flagged limit is broken: debits pending + posted ≤ credits posted on
//     a debits_must_not_exceed_credits account, and the mirror for credits;
//  4. every record names known accounts, ids are unique, sequence numbers
//     increase, a reservation is resolved at most once and a post takes no
//     more than was reserved.
//
// Records must be in sequence order.
func Check(accounts []Account, records []Record) Report {
	rep := Report{Accounts: len(accounts), Transfers: len(records), Problems: []string{}}
	problem := func(format string, args ...any) { rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...)) }
	type sums struct{ dPosted, cPosted, dPending, cPending int64 }
	derived := make(map[string]*sums, len(accounts))
	for _, a := range accounts {
		derived[a.ID] = &sums{}
	}
	pending := map[string]Record{}
	resolved := map[string]bool{}
	ids := map[string]bool{}
	var last int64
	for _, r := range records {
		if r.Seq <= last {
			problem("record %d follows %d: sequence not increasing", r.Seq, last)
		}
		last = r.Seq
		if r.ID != "" {
			if ids[r.ID] {
				problem("transfer %s recorded twice", r.ID)
			}
			ids[r.ID] = true
		}
		d, c := derived[r.DebitAccount], derived[r.CreditAccount]
		if d == nil || c == nil {
			problem("record %d (%s) names an unknown account %s or %s", r.Seq, r.ID, r.DebitAccount, r.CreditAccount)
			continue
		}
		if r.Amount < 0 || r.Amount > MaxAmount {
			problem("record %d (%s): amount %d out of range", r.Seq, r.ID, r.Amount)
		}
		switch r.Kind {
		case KindTransfer:
			d.dPosted += r.Amount
			c.cPosted += r.Amount
		case KindPending:
			d.dPending += r.Amount
			c.cPending += r.Amount
			pending[r.ID] = r
		case KindPost, KindVoid, KindExpire:
			p, ok := pending[r.PendingID]
			switch {
			case !ok:
				problem("record %d (%s) resolves %s, not an earlier pending transfer", r.Seq, r.ID, r.PendingID)
				continue
			case resolved[r.PendingID]:
				problem("record %d (%s) resolves %s a second time", r.Seq, r.ID, r.PendingID)
				continue
			case p.DebitAccount != r.DebitAccount || p.CreditAccount != r.CreditAccount:
				problem("record %d (%s) resolves %s between other accounts", r.Seq, r.ID, r.PendingID)
				continue
			}
			resolved[r.PendingID] = true
			d.dPending -= p.Amount
			c.cPending -= p.Amount
			if r.Kind == KindPost {
				if r.Amount > p.Amount {
					problem("record %d (%s) posts %d of a %d reservation", r.Seq, r.ID, r.Amount, p.Amount)
				}
				d.dPosted += r.Amount
				c.cPosted += r.Amount
			} else if r.Amount != p.Amount {
				problem("record %d (%s) releases %d of a %d reservation", r.Seq, r.ID, r.Amount, p.Amount)
			}
		default:
			problem("record %d (%s): unknown kind %q", r.Seq, r.ID, r.Kind)
		}
	}
	var dPosted, cPosted, dPending, cPending int64
	sorted := slices.Clone(accounts)
	slices.SortFunc(sorted, func(a, b Account) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	for _, a := range sorted {
		s := derived[a.ID]
		if s.dPosted != a.DebitsPosted || s.cPosted != a.CreditsPosted || s.dPending != a.DebitsPending || s.cPending != a.CreditsPending {
			problem("account %s holds debits %d/%d pending, credits %d/%d pending; its transfers sum to %d/%d, %d/%d",
				a.ID, a.DebitsPosted, a.DebitsPending, a.CreditsPosted, a.CreditsPending, s.dPosted, s.dPending, s.cPosted, s.cPending)
		}
		if a.Flags.DebitsMustNotExceedCredits && a.DebitsPending+a.DebitsPosted > a.CreditsPosted {
			problem("account %s: debits %d + pending %d exceed credits %d", a.ID, a.DebitsPosted, a.DebitsPending, a.CreditsPosted)
		}
		if a.Flags.CreditsMustNotExceedDebits && a.CreditsPending+a.CreditsPosted > a.DebitsPosted {
			problem("account %s: credits %d + pending %d exceed debits %d", a.ID, a.CreditsPosted, a.CreditsPending, a.DebitsPosted)
		}
		dPosted += a.DebitsPosted
		cPosted += a.CreditsPosted
		dPending += a.DebitsPending
		cPending += a.CreditsPending
	}
	if dPosted != cPosted || dPending != cPending {
		problem("total debits %d (pending %d) differ from total credits %d (pending %d)", dPosted, dPending, cPosted, cPending)
	}
	rep.Balanced = len(rep.Problems) == 0
	return rep
}
