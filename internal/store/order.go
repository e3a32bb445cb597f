package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/program"
)

// Order statuses.
const (
	OrderPlaced    = "placed"
	OrderPickedUp  = "picked_up"
	OrderCancelled = "cancelled"
	OrderExpired   = "expired" // not picked up by the end of its day
)

// KitOrder is an employee's order of meal kits from a cohort merchant.
type KitOrder struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	Merchant     string `json:"merchant"`
	Employee     string `json:"employee"` // the ordering user's id
	Date         string `json:"date"`
	Quantity     int    `json:"quantity"`
	Subsidy      int64  `json:"subsidy"`
	EmployeePays int64  `json:"employee_pays"`
}

// Ledger ids of an order: the subsidy's reservation, its post or void, and
// the employee's part.
func orderPending(p, id string) string  { return p + ":" + id }
func orderPost(p, id string) string     { return p + ":" + id + ":post" }
func orderVoid(p, id string) string     { return p + ":" + id + ":void" }
func orderEmployee(p, id string) string { return p + ":" + id + ":emp" }

func (db *DB) mealKit(p *Program) (program.MealKit, error) {
	d, err := p.Definition()
	if err != nil {
		return program.MealKit{}, err
	}
	return d.MealKit()
}

// PlaceOrder orders quantity kits from a cohort merchant for date, for the
// employee: the rules of program.MealKit.Order against the kits already
// ordered (exact: the program's writes take turns), the subsidy reserved
// as a pending transfer budget → owed.
func (db *DB) PlaceOrder(ctx context.Context, programID, opID, merchant, date string, quantity int, employee string, meta Meta) (OpResult, error) {
	body := struct {
		Merchant string `json:"merchant"`
		Date     string `json:"date"`
		Quantity int    `json:"quantity"`
		Employee string `json:"employee"`
	}{merchant, date, quantity, employee}
	return db.programOp(ctx, programID, opID, "order", body, meta, func(p *Program) (opPlan, error) {
		rule, err := db.mealKit(p)
		if err != nil {
			return opPlan{}, err
		}
		day, err := program.ParseDate(date)
		if err != nil {
			return opPlan{}, err
		}
		m, err := db.member(ctx, p.ID, merchant)
		if err != nil {
			return opPlan{}, err
		}
		now := db.Now()
		expired, erows, err := db.expireKits(ctx, p, rule, now)
		if err != nil {
			return opPlan{}, err
		}
		var c program.Counts
		live := []any{OrderPlaced, OrderPickedUp}
		if err := db.db.QueryRowContext(ctx, `SELECT coalesce(sum(quantity), 0) FROM kit_orders
			WHERE program_id = ? AND merchant = ? AND day = ? AND status IN (?, ?)`, append([]any{p.ID, merchant, day.String()}, live...)...).Scan(&c.Merchant); err != nil {
			return opPlan{}, err
		}
		if err := db.db.QueryRowContext(ctx, `SELECT coalesce(sum(quantity), 0) FROM kit_orders
			WHERE program_id = ? AND employee = ? AND day = ? AND status IN (?, ?)`, append([]any{p.ID, employee, day.String()}, live...)...).Scan(&c.Employee); err != nil {
			return opPlan{}, err
		}
		avail, err := db.available(ctx, p)
		if err != nil {
			return opPlan{}, err
		}
		o, err := rule.Order(now, day, quantity, c, avail)
		if err != nil {
			return opPlan{}, err
		}
		at := now.UTC().Truncate(time.Microsecond)
		ts := expired
		if o.Subsidy > 0 {
			ts = append(ts, ledger.Transfer{ID: orderPending(p.ID, opID), DebitAccount: acctBudget(p.ID), CreditAccount: acctOwed(p.ID, m.Seq),
				Amount: o.Subsidy, Pending: true, Memo: fmt.Sprintf("밀키트 %d개 %s %s", quantity, merchant, day)})
		}
		rows := append(erows, stmt{`INSERT INTO kit_orders (program_id, id, merchant, employee, day, quantity, subsidy, employee_pays, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, []any{p.ID, opID, merchant, employee, day.String(), quantity, o.Subsidy, o.EmployeePays, OrderPlaced, at, at}})
		ko := KitOrder{ID: opID, Status: OrderPlaced, Merchant: merchant, Employee: employee, Date: day.String(), Quantity: quantity, Subsidy: o.Subsidy, EmployeePays: o.EmployeePays}
		return opPlan{transfers: ts, rows: rows, answer: map[string]any{"order": ko}}, nil
	})
}

// expireKits voids the reservations of the orders whose day is over and
// were not picked up, and marks them expired.
func (db *DB) expireKits(ctx context.Context, p *Program, rule program.MealKit, now time.Time) ([]ledger.Transfer, []stmt, error) {
	orders, err := db.KitOrders(ctx, p.ID, OrderFilter{Status: OrderPlaced})
	if err != nil {
		return nil, nil, err
	}
	var ts []ledger.Transfer
	var rows []stmt
	at := now.UTC().Truncate(time.Microsecond)
	for _, o := range orders {
		d, err := program.ParseDate(o.Date)
		if err != nil {
			return nil, nil, err
		}
		if !rule.Expired(now, d) {
			continue
		}
		if o.Subsidy > 0 {
			ts = append(ts, ledger.Transfer{ID: orderVoid(p.ID, o.ID), VoidPending: orderPending(p.ID, o.ID)})
		}
		rows = append(rows, stmt{`UPDATE kit_orders SET status = ?, updated_at = ? WHERE program_id = ? AND id = ?`, []any{OrderExpired, at, p.ID, o.ID}})
	}
	return ts, rows, nil
}

// OrderFilter narrows KitOrders; empty fields match all.
type OrderFilter struct {
	Status, Merchant, Employee, Date string
}

// KitOrders lists a program's kit orders by day and id.
func (db *DB) KitOrders(ctx context.Context, programID string, f OrderFilter) ([]KitOrder, error) {
	q := `SELECT id, status, merchant, employee, day, quantity, subsidy, employee_pays FROM kit_orders WHERE program_id = ?`
	args := []any{programID}
	for _, c := range []struct{ col, v string }{{"status", f.Status}, {"merchant", f.Merchant}, {"employee", f.Employee}, {"day", f.Date}} {
		if c.v != "" {
			q += " AND " + c.col + " = ?"
			args = append(args, c.v)
		}
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY day, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []KitOrder{}
	for rows.Next() {
		var o KitOrder
		if err := rows.Scan(&o.ID, &o.Status, &o.Merchant, &o.Employee, &o.Date, &o.Quantity, &o.Subsidy, &o.EmployeePays); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// KitOrder returns one order of a program.
func (db *DB) KitOrder(ctx context.Context, programID, id string) (KitOrder, error) {
	var o KitOrder
	err := db.db.QueryRowContext(ctx, `SELECT id, status, merchant, employee, day, quantity, subsidy, employee_pays FROM kit_orders
		WHERE program_id = ? AND id = ?`, programID, id).Scan(&o.ID, &o.Status, &o.Merchant, &o.Employee, &o.Date, &o.Quantity, &o.Subsidy, &o.EmployeePays)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fmt.Errorf("order %s: %w", id, ErrNotFound)
	}
	return o, err
}

// CancelOrder cancels a placed order before its day's cut-off
// (cutoff_passed after), voiding the subsidy's reservation. Cancelling a
// cancelled order answers it again.
func (db *DB) CancelOrder(ctx context.Context, programID, id string, meta Meta) (json.RawMessage, error) {
	return db.orderStep(ctx, programID, id, meta, OrderCancelled, func(p *Program, rule program.MealKit, o KitOrder, now time.Time) ([]ledger.Transfer, error) {
		d, _ := program.ParseDate(o.Date)
		if err := rule.Cancel(now, d); err != nil {
			return nil, err
		}
		if o.Subsidy == 0 {
			return nil, nil
		}
		return []ledger.Transfer{{ID: orderVoid(p.ID, o.ID), VoidPending: orderPending(p.ID, o.ID)}}, nil
	})
}

// PickUp marks a placed order picked up on its day from the cut-off on
// (pickup_closed otherwise): the subsidy's reservation is posted and the
// employee's part recorded as paid (staff → owed). Picking up a picked-up
// order answers it again.
func (db *DB) PickUp(ctx context.Context, programID, id string, meta Meta) (json.RawMessage, error) {
	return db.orderStep(ctx, programID, id, meta, OrderPickedUp, func(p *Program, rule program.MealKit, o KitOrder, now time.Time) ([]ledger.Transfer, error) {
		d, _ := program.ParseDate(o.Date)
		if err := rule.PickUp(now, d); err != nil {
			return nil, err
		}
		m, err := db.member(ctx, p.ID, o.Merchant)
		if err != nil {
			return nil, err
		}
		var ts []ledger.Transfer
		if o.Subsidy > 0 {
			ts = append(ts, ledger.Transfer{ID: orderPost(p.ID, o.ID), PostPending: orderPending(p.ID, o.ID)})
		}
		if o.EmployeePays > 0 {
			ts = append(ts, ledger.Transfer{ID: orderEmployee(p.ID, o.ID), DebitAccount: acctStaff(p.ID), CreditAccount: acctOwed(p.ID, m.Seq),
				Amount: o.EmployeePays, Memo: "밀키트 직원 부담 " + o.ID})
		}
		return ts, nil
	})
}

// orderStep moves a placed order to status to with the transfers step
// makes; an order already there is answered as it is; another status is
// ErrInvalidProgram.
func (db *DB) orderStep(ctx context.Context, programID, id string, meta Meta, to string,
	step func(p *Program, rule program.MealKit, o KitOrder, now time.Time) ([]ledger.Transfer, error)) (json.RawMessage, error) {
	return db.programWrite(ctx, programID, meta, func(p *Program) (opPlan, error) {
		rule, err := db.mealKit(p)
		if err != nil {
			return opPlan{}, err
		}
		now := db.Now()
		ts, rows, err := db.expireKits(ctx, p, rule, now)
		if err != nil {
			return opPlan{}, err
		}
		o, err := db.KitOrder(ctx, p.ID, id)
		if err != nil {
			return opPlan{}, err
		}
		if o.Status == to {
			return opPlan{answer: map[string]any{"order": o}}, nil
		}
		if o.Status != OrderPlaced {
			return opPlan{}, &program.Error{Code: "order_closed", Message: fmt.Sprintf("order %s is %s", id, o.Status)}
		}
		more, err := step(p, rule, o, now)
		if err != nil {
			// An order that the step refuses may still have expired.
			return opPlan{}, err
		}
		o.Status = to
		rows = append(rows, stmt{`UPDATE kit_orders SET status = ?, updated_at = ? WHERE program_id = ? AND id = ?`,
			[]any{to, now.UTC().Truncate(time.Microsecond), p.ID, o.ID}})
		return opPlan{transfers: append(ts, more...), rows: rows, answer: map[string]any{"order": o}}, nil
	})
}
