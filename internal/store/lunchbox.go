package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
)

// LunchboxLine is what one merchant makes on one lunchbox day.
type LunchboxLine struct {
	Org    string `json:"org"`
	Boxes  int    `json:"boxes"`
	Amount int64  `json:"amount"` // boxes × unit_price: what the merchant is owed
}

// LunchboxDay is a day's lunchbox order over the cohort.
type LunchboxDay struct {
	ID           string         `json:"id"`
	Date         string         `json:"date"`
	K            int            `json:"k"` // the ordering day's place, from 0: the rotation's day
	Lines        []LunchboxLine `json:"lines"`
	OperatorCost int64          `json:"operator_cost"`
	EmployeePays int64          `json:"employee_pays"`
}

// OrderLunchboxes places a lunchbox program's daily order for date: the
// daily boxes spread over the cohort by program.Rotation (capacities as
// given with the cohort, daily_orders where none was), each merchant owed
// unit_price a box — the operator's part from the budget, the staff's
// employee_price from the staff account. One order a date.
func (db *DB) OrderLunchboxes(ctx context.Context, programID, opID, date string, meta Meta) (OpResult, error) {
	body := struct {
		Date string `json:"date"`
	}{date}
	return db.programOp(ctx, programID, opID, "lunchboxes", body, meta, func(p *Program) (opPlan, error) {
		d, err := p.Definition()
		if err != nil {
			return opPlan{}, err
		}
		rule, err := d.Lunchbox()
		if err != nil {
			return opPlan{}, err
		}
		day, err := program.ParseDate(date)
		if err != nil {
			return opPlan{}, err
		}
		if !rule.Period.Contains(day) {
			return opPlan{}, &program.Error{Code: program.CodeProgramClosed, Message: fmt.Sprintf("the program runs %s to %s, not on %s", rule.Period.Starts, rule.Period.Ends, day)}
		}
		var taken, k int
		if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM lunchbox_lines WHERE program_id = ? AND day = ?`, p.ID, day.String()).Scan(&taken); err != nil {
			return opPlan{}, err
		}
		if taken > 0 {
			return opPlan{}, fmt.Errorf("%w: the lunchboxes of %s are ordered", ErrInvalidProgram, day)
		}
		if err := db.db.QueryRowContext(ctx, `SELECT count(DISTINCT day) FROM lunchbox_lines WHERE program_id = ?`, p.ID).Scan(&k); err != nil {
			return opPlan{}, err
		}
		cohort, err := db.Cohort(ctx, p.ID)
		if err != nil {
			return opPlan{}, err
		}
		caps := make([]program.Capacity, len(cohort))
		for i, m := range cohort {
			caps[i] = program.Capacity{Merchant: m.Org, Daily: m.Capacity}
			if m.Capacity == 0 {
				caps[i].Daily = rule.DailyOrders
			}
		}
		spread, err := program.Rotation(rule.DailyOrders, caps, k)
		if err != nil {
			return opPlan{}, err
		}
		ld := LunchboxDay{ID: opID, Date: day.String(), K: k, Lines: []LunchboxLine{}}
		var ts []ledger.Transfer
		var rows []stmt
		for i, m := range cohort {
			n := spread[i]
			if n == 0 {
				continue
			}
			base := p.ID + ":" + opID + ":" + strconv.FormatInt(m.Seq, 10)
			op, emp := rule.OperatorCost(n), int64(n)*rule.EmployeePrice
			if op > 0 {
				ts = append(ts, ledger.Transfer{ID: base + ":op", DebitAccount: acctBudget(p.ID), CreditAccount: acctOwed(p.ID, m.Seq), Amount: op,
					Memo: fmt.Sprintf("도시락 %d개 %s %s", n, m.Org, day)})
			}
			if emp > 0 {
				ts = append(ts, ledger.Transfer{ID: base + ":emp", DebitAccount: acctStaff(p.ID), CreditAccount: acctOwed(p.ID, m.Seq), Amount: emp,
					Memo: fmt.Sprintf("도시락 직원 부담 %d개 %s %s", n, m.Org, day)})
			}
			rows = append(rows, stmt{`INSERT INTO lunchbox_lines (program_id, day, k, merchant, boxes) VALUES (?, ?, ?, ?, ?)`,
				[]any{p.ID, day.String(), k, m.Org, n}})
			ld.Lines = append(ld.Lines, LunchboxLine{Org: m.Org, Boxes: n, Amount: int64(n) * rule.UnitPrice})
			ld.OperatorCost += op
			ld.EmployeePays += emp
		}
		avail, err := db.available(ctx, p)
		if err != nil {
			return opPlan{}, err
		}
		if ld.OperatorCost > avail {
			return opPlan{}, &program.Error{Code: program.CodeExceedsCredits, Message: fmt.Sprintf("the day's %d won exceed the %d won left in the budget", ld.OperatorCost, avail)}
		}
		return opPlan{transfers: ts, rows: rows, answer: map[string]any{"lunchbox_day": ld}}, nil
	})
}

// Sheet is a merchant's order sheet for a day: its lunchboxes and its kit
// orders.
type Sheet struct {
	Program    string     `json:"program"`
	Merchant   string     `json:"merchant"`
	Date       string     `json:"date"`
	Lunchboxes int        `json:"lunchboxes"`
	Amount     int64      `json:"amount"` // lunchboxes × unit_price
	Kits       int        `json:"kits"`   // placed or picked up
	Orders     []KitOrder `json:"orders"`
}

// MerchantSheet is a cohort merchant's order sheet for date.
func (db *DB) MerchantSheet(ctx context.Context, programID, merchant, date string) (*Sheet, error) {
	p, err := db.Program(ctx, programID)
	if err != nil {
		return nil, err
	}
	if _, err := db.member(ctx, p.ID, merchant); err != nil {
		return nil, err
	}
	day, err := program.ParseDate(date)
	if err != nil {
		return nil, err
	}
	s := &Sheet{Program: p.ID, Merchant: merchant, Date: day.String()}
	if err := db.db.QueryRowContext(ctx, `SELECT coalesce(sum(boxes), 0) FROM lunchbox_lines WHERE program_id = ? AND day = ? AND merchant = ?`,
		p.ID, day.String(), merchant).Scan(&s.Lunchboxes); err != nil {
		return nil, err
	}
	s.Amount = int64(s.Lunchboxes) * p.UnitPrice
	if s.Orders, err = db.KitOrders(ctx, p.ID, OrderFilter{Merchant: merchant, Date: day.String()}); err != nil {
		return nil, err
	}
	for _, o := range s.Orders {
		if o.Status == OrderPlaced || o.Status == OrderPickedUp {
			s.Kits += o.Quantity
		}
	}
	return s, nil
}

// lunchboxTotals are the boxes each merchant made over the program.
func (db *DB) lunchboxTotals(ctx context.Context, programID string) (map[string]int, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT merchant, sum(boxes) FROM lunchbox_lines WHERE program_id = ? GROUP BY merchant`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var m string
		var n int
		if err := rows.Scan(&m, &n); err != nil {
			return nil, err
		}
		out[m] = n
	}
	return out, rows.Err()
}
