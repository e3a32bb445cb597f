package store

import (
	"context"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

// MerchantFigures are one cohort merchant's figures in a program report,
// each read from the ledger (orders, kits and lunchboxes count the
// program's rows that the ledger's transfers go with).
type MerchantFigures struct {
	Org        string `json:"org"`
	Name       string `json:"name"`
	Prepaid    int64  `json:"prepaid"`    // credited to its meals account by prepayments
	Redeemed   int64  `json:"redeemed"`   // moved from its meals account to redeemed
	Closed     int64  `json:"closed"`     // moved out by the unused-balance rule
	Balance    int64  `json:"balance"`    // its meals account's balance
	Orders     int    `json:"orders"`     // kit orders placed or picked up
	Kits       int    `json:"kits"`       // their kits
	Lunchboxes int    `json:"lunchboxes"` // boxes of its lunchbox days
	Earned     int64  `json:"earned"`     // posted to its owed account: what the program owes it in all
	Reserved   int64  `json:"reserved"`   // pending to its owed account: kit subsidies not yet picked up
	Payable    int64  `json:"payable"`    // settled and not yet confirmed paid
	Settled    int64  `json:"settled"`    // settled and confirmed paid
}

// Report is a program's figures, every one equal to the ledger's: the
// budget account's sums and the cohort's accounts.
type Report struct {
	Program        *Program          `json:"program"`
	Budget         int64             `json:"budget"`
	Funded         int64             `json:"funded"`    // credited to the budget account
	Committed      int64             `json:"committed"` // pending debits of the budget: reserved, not yet posted
	Spent          int64             `json:"spent"`     // posted debits of the budget
	Remaining      int64             `json:"remaining"` // funded − committed − spent
	Merchants      []MerchantFigures `json:"merchants"`
	RedemptionRate *float64          `json:"redemption_rate"` // redeemed ÷ prepaid; null before any prepayment
	KitsPerDay     *float64          `json:"kits_per_day"`    // kits ÷ days with kits; null before any
	LedgerBalanced bool              `json:"ledger_balanced"`
	Problems       []string          `json:"problems"` // what the ledger check of the program's accounts found
}

// ProgramReport computes a program's report from its ledger accounts and
// rows, and checks the program's part of the ledger (ledger.Check over its
// accounts and the transfers that touch them: sums re-derived, debits equal
// credits, limits kept, no transfer to an account outside the program).
func (db *DB) ProgramReport(ctx context.Context, programID string) (*Report, error) {
	p, err := db.Program(ctx, programID)
	if err != nil {
		return nil, err
	}
	r := &Report{Program: p, Budget: p.Budget, Merchants: []MerchantFigures{}}
	err = db.ReadView(ctx, func(v *DB) error {
		accts, recs, err := v.programLedger(ctx, p.ID)
		if err != nil {
			return err
		}
		byID := map[string]ledger.Account{}
		for _, a := range accts {
			byID[a.ID] = a
		}
		chk := ledger.Check(accts, recs)
		r.LedgerBalanced, r.Problems = chk.Balanced && len(chk.Problems) == 0, chk.Problems
		b := byID[acctBudget(p.ID)]
		r.Funded, r.Committed, r.Spent = b.CreditsPosted, b.DebitsPending, b.DebitsPosted
		r.Remaining = r.Funded - r.Committed - r.Spent
		cohort, err := v.Cohort(ctx, p.ID)
		if err != nil {
			return err
		}
		// Sums of posted transfers between two accounts.
		flow := map[[2]string]int64{}
		for _, rec := range recs {
			if rec.Kind == ledger.KindTransfer || rec.Kind == ledger.KindPost {
				flow[[2]string{rec.DebitAccount, rec.CreditAccount}] += rec.Amount
			}
		}
		kits, err := v.KitOrders(ctx, p.ID, OrderFilter{})
		if err != nil {
			return err
		}
		boxes, err := v.lunchboxTotals(ctx, p.ID)
		if err != nil {
			return err
		}
		var prepaid, redeemed int64
		totalKits := 0
		days := map[string]bool{}
		for _, m := range cohort {
			meals, owed := byID[acctMeals(p.ID, m.Seq)], byID[acctOwed(p.ID, m.Seq)]
			f := MerchantFigures{Org: m.Org, Name: m.Name, Prepaid: flow[[2]string{acctIssued(p.ID), meals.ID}],
				Redeemed: flow[[2]string{meals.ID, acctRedeemed(p.ID)}], Balance: meals.Balance(),
				Earned: owed.CreditsPosted, Reserved: owed.CreditsPending, Payable: owed.DebitsPending, Settled: owed.DebitsPosted,
				Lunchboxes: boxes[m.Org]}
			f.Closed = meals.DebitsPosted - f.Redeemed
			for _, o := range kits {
				if o.Merchant == m.Org && (o.Status == OrderPlaced || o.Status == OrderPickedUp) {
					f.Orders++
					f.Kits += o.Quantity
					days[o.Date] = true
				}
			}
			prepaid += f.Prepaid
			redeemed += f.Redeemed
			totalKits += f.Kits
			r.Merchants = append(r.Merchants, f)
		}
		if prepaid > 0 {
			rate := float64(redeemed) / float64(prepaid)
			r.RedemptionRate = &rate
		}
		if len(days) > 0 {
			k := float64(totalKits) / float64(len(days))
			r.KitsPerDay = &k
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// programLedger reads a program's accounts (their ids start with the
// program's id and a colon) and every transfer touching them, in order.
func (db *DB) programLedger(ctx context.Context, programID string) ([]ledger.Account, []ledger.Record, error) {
	prefix := programID + ":"
	like := strings.NewReplacer("_", `\_`, "%", `\%`).Replace(prefix) + "%"
	rows, err := db.db.QueryContext(ctx, `SELECT `+accountColumns+` FROM ledger_accounts WHERE id LIKE ? ESCAPE '\' ORDER BY id`, like)
	if err != nil {
		return nil, nil, err
	}
	var accts []ledger.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		accts = append(accts, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	rows, err = db.db.QueryContext(ctx, `SELECT `+transferColumns+` FROM ledger_transfers
		WHERE debit_account LIKE ? ESCAPE '\' OR credit_account LIKE ? ESCAPE '\' ORDER BY seq`, like, like)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var recs []ledger.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, nil, err
		}
		recs = append(recs, r)
	}
	return accts, recs, rows.Err()
}
