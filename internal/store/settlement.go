package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
)

// Settlement statuses: payable until an operator confirms the payment.
const (
	SettlementPayable = "payable"
	SettlementPaid    = "paid"
)

// SettlementLine is what one operator owes one merchant; Paid once that
// operator confirmed paying it.
type SettlementLine struct {
	Merchant string `json:"merchant"`
	Operator string `json:"operator"`
	Amount   int64  `json:"amount"`
	Paid     bool   `json:"paid"`
}

// Settlement closes a period of a program: what it owed each merchant for
// what was posted up to its until day, split among the operators. Its
// Status is paid once every operator confirmed paying its lines.
type Settlement struct {
	ID     string           `json:"id"`
	Until  string           `json:"until"`
	Status string           `json:"status"`
	Total  int64            `json:"total"`
	Lines  []SettlementLine `json:"lines"`
}

func settlementLine(p, s string, n int) string { return p + ":" + s + ":" + strconv.Itoa(n) }

// Settle closes the period up to until (that day included, in Seoul): for
// each merchant, what was posted to its owed account by then and is not yet
// settled, split by the operators' shares with the largest remainder
// (program.SplitSettlement), each part a pending transfer owed → the
// operator's settled account: payable until confirmed.
func (db *DB) Settle(ctx context.Context, programID, opID, until string, meta Meta) (OpResult, error) {
	body := struct {
		Until string `json:"until"`
	}{until}
	return db.programOp(ctx, programID, opID, "settlement", body, meta, func(p *Program) (opPlan, error) {
		day, err := program.ParseDate(until)
		if err != nil {
			return opPlan{}, err
		}
		end := day.AddDays(1).At(0).UTC()
		cohort, err := db.Cohort(ctx, p.ID)
		if err != nil {
			return opPlan{}, err
		}
		s := Settlement{ID: opID, Until: day.String(), Status: SettlementPayable, Lines: []SettlementLine{}}
		var ts []ledger.Transfer
		var rows []stmt
		for _, m := range cohort {
			owed := acctOwed(p.ID, m.Seq)
			var upTo int64
			if err := db.db.QueryRowContext(ctx, `SELECT coalesce(sum(amount), 0) FROM ledger_transfers
				WHERE credit_account = ? AND kind IN ('transfer', 'post_pending') AND created_at < ?`, owed, end).Scan(&upTo); err != nil {
				return opPlan{}, err
			}
			a, err := db.Account(ctx, owed)
			if err != nil {
				return opPlan{}, err
			}
			due := upTo - a.DebitsPosted - a.DebitsPending
			if due <= 0 {
				continue
			}
			parts, err := program.SplitSettlement(due, p.Operators)
			if err != nil {
				return opPlan{}, err
			}
			for i, amt := range parts {
				if amt == 0 {
					continue
				}
				n := len(s.Lines)
				ts = append(ts, ledger.Transfer{ID: settlementLine(p.ID, opID, n), DebitAccount: owed, CreditAccount: acctSettled(p.ID, i),
					Amount: amt, Pending: true, Memo: fmt.Sprintf("정산 %s %s → %s", opID, p.Operators[i].Org, m.Org)})
				rows = append(rows, stmt{`INSERT INTO settlement_lines (program_id, settlement_id, n, merchant, operator, amount) VALUES (?, ?, ?, ?, ?, ?)`,
					[]any{p.ID, opID, n, m.Org, p.Operators[i].Org, amt}})
				s.Lines = append(s.Lines, SettlementLine{Merchant: m.Org, Operator: p.Operators[i].Org, Amount: amt})
				s.Total += amt
			}
		}
		if len(s.Lines) == 0 {
			return opPlan{}, fmt.Errorf("%w: nothing to settle up to %s", ErrInvalidProgram, day)
		}
		rows = append(rows, stmt{`INSERT INTO settlements (program_id, id, until_day, status, created_at) VALUES (?, ?, ?, ?, ?)`,
			[]any{p.ID, opID, day.String(), SettlementPayable, db.Now().UTC().Truncate(time.Microsecond)}})
		return opPlan{transfers: ts, rows: rows, answer: map[string]any{"settlement": s}}, nil
	})
}

// Settlement returns a settlement of a program with its lines.
func (db *DB) Settlement(ctx context.Context, programID, id string) (*Settlement, error) {
	ss, err := db.settlements(ctx, programID, id)
	if err != nil {
		return nil, err
	}
	if len(ss) == 0 {
		return nil, fmt.Errorf("settlement %s: %w", id, ErrNotFound)
	}
	return &ss[0], nil
}

// Settlements returns a program's settlements with their lines, in the
// order they were made.
func (db *DB) Settlements(ctx context.Context, programID string) ([]Settlement, error) {
	return db.settlements(ctx, programID, "")
}

// settlements reads the program's settlements (the one with the id, if
// given) with their lines, each line marked paid or not.
func (db *DB) settlements(ctx context.Context, programID, id string) ([]Settlement, error) {
	only, args := "", []any{programID}
	if id != "" {
		only, args = " AND id = ?", append(args, id)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT id, until_day, status FROM settlements WHERE program_id = ?`+only+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, err
	}
	out := []Settlement{}
	at := map[string]int{}
	for rows.Next() {
		s := Settlement{Lines: []SettlementLine{}}
		if err := rows.Scan(&s.ID, &s.Until, &s.Status); err != nil {
			rows.Close()
			return nil, err
		}
		at[s.ID] = len(out)
		out = append(out, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if id != "" {
		only = " AND settlement_id = ?"
	}
	rows, err = db.db.QueryContext(ctx, `SELECT settlement_id, merchant, operator, amount FROM settlement_lines WHERE program_id = ?`+only+` ORDER BY settlement_id, n`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var sid string
		var l SettlementLine
		if err := rows.Scan(&sid, &l.Merchant, &l.Operator, &l.Amount); err != nil {
			return nil, err
		}
		if i, ok := at[sid]; ok {
			out[i].Lines = append(out[i].Lines, l)
			out[i].Total += l.Amount
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, db.markPaid(ctx, programID, out)
}

// markPaid sets each line's Paid: whether the ledger has the post of its
// pending transfer.
func (db *DB) markPaid(ctx context.Context, programID string, ss []Settlement) error {
	var ids []any
	for _, s := range ss {
		for n := range s.Lines {
			ids = append(ids, settlementLine(programID, s.ID, n)+":ok")
		}
	}
	posted := map[string]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := db.db.QueryContext(ctx, `SELECT id FROM ledger_transfers WHERE id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			posted[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for _, s := range ss {
		for n := range s.Lines {
			s.Lines[n].Paid = posted[settlementLine(programID, s.ID, n)+":ok"]
		}
	}
	return nil
}

// ConfirmSettlement records that operators paid their lines of a
// settlement: the pending transfer of each line of one of operators (every
// operator's when operators is nil) is posted. The settlement is paid once
// every line is; confirming lines already paid answers the settlement
// again.
func (db *DB) ConfirmSettlement(ctx context.Context, programID, id string, operators []string, meta Meta) (json.RawMessage, error) {
	return db.programWrite(ctx, programID, meta, func(p *Program) (opPlan, error) {
		s, err := db.Settlement(ctx, p.ID, id)
		if err != nil {
			return opPlan{}, err
		}
		var ts []ledger.Transfer
		unpaid := 0
		for n, l := range s.Lines {
			if l.Paid {
				continue
			}
			if operators != nil && !slices.Contains(operators, l.Operator) {
				unpaid++
				continue
			}
			ts = append(ts, ledger.Transfer{ID: settlementLine(p.ID, id, n) + ":ok", PostPending: settlementLine(p.ID, id, n)})
			s.Lines[n].Paid = true
		}
		var rows []stmt
		if unpaid == 0 && s.Status != SettlementPaid {
			s.Status = SettlementPaid
			rows = append(rows, stmt{`UPDATE settlements SET status = ?, confirmed_at = ? WHERE program_id = ? AND id = ?`,
				[]any{SettlementPaid, db.Now().UTC().Truncate(time.Microsecond), p.ID, id}})
		}
		return opPlan{transfers: ts, rows: rows, answer: map[string]any{"settlement": s}}, nil
	})
}

// Payee is where an organisation is paid. It is personal data of a kind:
// never logged, never in a URL.
type Payee struct {
	Bank    string `json:"bank"`
	Account string `json:"account"`
	Holder  string `json:"holder"`
}

// SetPayee stores (or replaces) an organisation's payee.
func (db *DB) SetPayee(ctx context.Context, org string, p Payee) error {
	if _, err := db.Org(ctx, org); err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM org_payees WHERE org_id = ?`, org); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO org_payees (org_id, bank, account_no, holder, updated_at) VALUES (?, ?, ?, ?, ?)`,
		org, p.Bank, p.Account, p.Holder, db.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return err
	}
	return tx.Commit()
}

// Payee returns an organisation's payee (ErrNotFound if it has none).
func (db *DB) Payee(ctx context.Context, org string) (Payee, error) {
	var p Payee
	err := db.db.QueryRowContext(ctx, `SELECT bank, account_no, holder FROM org_payees WHERE org_id = ?`, org).Scan(&p.Bank, &p.Account, &p.Holder)
	if errors.Is(err, sql.ErrNoRows) {
		return p, fmt.Errorf("payee of %s: %w", org, ErrNotFound)
	}
	return p, err
}
