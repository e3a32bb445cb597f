package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
)

// Prepay prepays every cohort merchant of a prepayment program not yet
// prepaid, per_merchant each, in one batch: for each, the operator's
// payment (budget → owed) and the meals the merchant now owes (issued →
// meals). Beyond the budget available, nothing is recorded
// (exceeds_credits).
func (db *DB) Prepay(ctx context.Context, programID, opID string, meta Meta) (OpResult, error) {
	return db.programOp(ctx, programID, opID, "prepay", struct{}{}, meta, func(p *Program) (opPlan, error) {
		d, err := p.Definition()
		if err != nil {
			return opPlan{}, err
		}
		rule, err := d.Prepayment()
		if err != nil {
			return opPlan{}, err
		}
		cohort, err := db.Cohort(ctx, p.ID)
		if err != nil {
			return opPlan{}, err
		}
		var due []Member
		for _, m := range cohort {
			a, err := db.Account(ctx, acctMeals(p.ID, m.Seq))
			if err != nil {
				return opPlan{}, err
			}
			if a.CreditsPosted == 0 {
				due = append(due, m)
			}
		}
		if len(cohort) > 0 && len(due) == 0 {
			return opPlan{}, fmt.Errorf("%w: every cohort merchant of program %s is prepaid", ErrInvalidProgram, p.ID)
		}
		avail, err := db.available(ctx, p)
		if err != nil {
			return opPlan{}, err
		}
		total, err := rule.Prepay(len(due), avail)
		if err != nil {
			return opPlan{}, err
		}
		type line struct {
			Org    string `json:"org"`
			Amount int64  `json:"amount"`
		}
		lines := []line{}
		var ts []ledger.Transfer
		for _, m := range due {
			base := p.ID + ":" + opID + ":" + strconv.FormatInt(m.Seq, 10)
			ts = append(ts,
				ledger.Transfer{ID: base + ":pay", DebitAccount: acctBudget(p.ID), CreditAccount: acctOwed(p.ID, m.Seq), Amount: rule.PerMerchant, Memo: "선결제 " + m.Org},
				ledger.Transfer{ID: base + ":meals", DebitAccount: acctIssued(p.ID), CreditAccount: acctMeals(p.ID, m.Seq), Amount: rule.PerMerchant, Memo: "선결제 식사 " + m.Org})
			lines = append(lines, line{m.Org, rule.PerMerchant})
		}
		return opPlan{transfers: ts, answer: map[string]any{"prepayment": map[string]any{"id": opID, "merchants": lines, "total": total}}}, nil
	})
}

// Redemption is a merchant's redemption of prepaid meals.
type Redemption struct {
	ID       string `json:"id"`
	Merchant string `json:"merchant"`
	Amount   int64  `json:"amount"`
	Employee string `json:"employee"`
	Balance  int64  `json:"balance"` // the merchant's balance after it
}

// Redeem draws a merchant's prepaid balance down by amount (meals →
// redeemed): refused after redeem_until (program_closed) and beyond the
// balance (exceeds_credits).
func (db *DB) Redeem(ctx context.Context, programID, opID, merchant string, amount int64, employee string, meta Meta) (OpResult, error) {
	body := struct {
		Merchant string `json:"merchant"`
		Amount   int64  `json:"amount"`
		Employee string `json:"employee"`
	}{merchant, amount, employee}
	return db.programOp(ctx, programID, opID, "redemption", body, meta, func(p *Program) (opPlan, error) {
		d, err := p.Definition()
		if err != nil {
			return opPlan{}, err
		}
		rule, err := d.Prepayment()
		if err != nil {
			return opPlan{}, err
		}
		m, err := db.member(ctx, p.ID, merchant)
		if err != nil {
			return opPlan{}, err
		}
		a, err := db.Account(ctx, acctMeals(p.ID, m.Seq))
		if err != nil {
			return opPlan{}, err
		}
		balance := a.CreditsPosted - a.DebitsPosted - a.DebitsPending
		now := db.Now()
		if err := rule.Redeem(now, balance, amount); err != nil {
			return opPlan{}, err
		}
		t := ledger.Transfer{ID: p.ID + ":" + opID, DebitAccount: acctMeals(p.ID, m.Seq), CreditAccount: acctRedeemed(p.ID), Amount: amount, Memo: "식사 " + merchant}
		row := stmt{`INSERT INTO program_redemptions (program_id, id, merchant, amount, employee, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			[]any{p.ID, opID, merchant, amount, employee, now.UTC().Truncate(time.Microsecond)}}
		r := Redemption{ID: opID, Merchant: merchant, Amount: amount, Employee: employee, Balance: balance - amount}
		return opPlan{transfers: []ledger.Transfer{t}, rows: []stmt{row}, answer: map[string]any{"redemption": r}}, nil
	})
}

// CloseBalances runs a prepayment's unused-balance rule once redemptions
// have ended: each merchant's balance goes from its meals account to the
// program's refund, donate or keep account (program.Prepayment.Close).
func (db *DB) CloseBalances(ctx context.Context, programID, opID string, meta Meta) (OpResult, error) {
	return db.programOp(ctx, programID, opID, "close", struct{}{}, meta, func(p *Program) (opPlan, error) {
		d, err := p.Definition()
		if err != nil {
			return opPlan{}, err
		}
		rule, err := d.Prepayment()
		if err != nil {
			return opPlan{}, err
		}
		cohort, err := db.Cohort(ctx, p.ID)
		if err != nil {
			return opPlan{}, err
		}
		type line struct {
			Org string `json:"org"`
			program.Closing
		}
		lines := []line{}
		var ts []ledger.Transfer
		now := db.Now()
		for _, m := range cohort {
			a, err := db.Account(ctx, acctMeals(p.ID, m.Seq))
			if err != nil {
				return opPlan{}, err
			}
			c, err := rule.Close(now, a.Balance())
			if err != nil {
				return opPlan{}, err
			}
			lines = append(lines, line{m.Org, c})
			if b := a.Balance(); b > 0 {
				ts = append(ts, ledger.Transfer{ID: p.ID + ":" + opID + ":" + strconv.FormatInt(m.Seq, 10), DebitAccount: acctMeals(p.ID, m.Seq),
					CreditAccount: acctClosed(p.ID, rule.Unused), Amount: b, Memo: "미사용 잔액 " + rule.Unused + " " + m.Org})
			}
		}
		return opPlan{transfers: ts, answer: map[string]any{"closing": map[string]any{"id": opID, "rule": rule.Unused, "merchants": lines}}}, nil
	})
}
