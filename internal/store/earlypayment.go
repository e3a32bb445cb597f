package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/earlypay"
)

// EarlyPayment is an operator's early-payment run (issue 13). State is
// open (not executed), planned (its payments chosen and recorded, the
// ledger not yet confirmed) or paid.
type EarlyPayment struct {
	ID         string           `json:"id"`
	Operator   string           `json:"operator"`
	Name       string           `json:"name"`
	PayDate    time.Time        `json:"pay_date"`
	WithinDays int              `json:"within_days"`
	Budget     int64            `json:"budget"`
	Mode       earlypay.Mode    `json:"mode"`
	APRBP      int64            `json:"apr_bp"`
	State      string           `json:"state"`
	RunKey     string           `json:"run_id,omitempty"`
	Report     *earlypay.Report `json:"-"`
	CreatedAt  time.Time        `json:"created_at"`
	RunAt      *time.Time       `json:"run_at"`
}

// Params are the run's terms as earlypay takes them.
func (p *EarlyPayment) Params() earlypay.Params {
	return earlypay.Params{PayDate: p.PayDate, WithinDays: p.WithinDays, Budget: p.Budget, Mode: p.Mode, APRBP: p.APRBP}
}

// Supplier is a supplier in an operator's books: whether it is a certified
// SME and the account it is paid into.
type Supplier struct {
	BusinessNo string `json:"business_no"`
	Name       string `json:"name"`
	SMECert    string `json:"sme_cert"` // "" when not a certified SME
	Bank       string `json:"bank"`
	AccountNo  string `json:"account"`
	Holder     string `json:"holder"`
}

const earlyPaymentColumns = `id, operator, name, pay_date, within_days, budget, mode, apr_bp, state, run_key, report, created_at, run_at`

// CreateEarlyPayment stores the run p (an id is given if it has none) and
// adds or updates the operator's suppliers, in one transaction. A taken id
// is ErrConflict.
func (db *DB) CreateEarlyPayment(ctx context.Context, p *EarlyPayment, suppliers []Supplier) error {
	if p.ID == "" {
		p.ID = newID("ep_")
	}
	p.State = "open"
	p.CreatedAt = db.Now().UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO early_payments (`+earlyPaymentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL)`,
		p.ID, p.Operator, p.Name, p.PayDate.UTC(), p.WithinDays, p.Budget, string(p.Mode), p.APRBP, p.State, p.CreatedAt); err != nil {
		if isDuplicate(err) {
			return fmt.Errorf("early payment %s: %w", p.ID, ErrConflict)
		}
		return err
	}
	for _, s := range suppliers {
		if _, err := tx.ExecContext(ctx, `DELETE FROM operator_suppliers WHERE operator = ? AND business_no = ?`, p.Operator, s.BusinessNo); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO operator_suppliers (operator, business_no, name, sme_cert, bank, account_no, holder) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.Operator, s.BusinessNo, s.Name, s.SMECert, s.Bank, s.AccountNo, s.Holder); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// EarlyPayment returns the run with id, with its report once executed.
func (db *DB) EarlyPayment(ctx context.Context, id string) (*EarlyPayment, error) {
	var p EarlyPayment
	var key, report sql.NullString
	var runAt sql.NullTime
	err := db.db.QueryRowContext(ctx, `SELECT `+earlyPaymentColumns+` FROM early_payments WHERE id = ?`, id).Scan(
		&p.ID, &p.Operator, &p.Name, &p.PayDate, &p.WithinDays, &p.Budget, &p.Mode, &p.APRBP, &p.State, &key, &report, &p.CreatedAt, &runAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("early payment %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	p.PayDate, p.CreatedAt, p.RunKey = p.PayDate.UTC(), p.CreatedAt.UTC(), key.String
	if runAt.Valid {
		t := runAt.Time.UTC()
		p.RunAt = &t
	}
	if report.Valid {
		p.Report = new(earlypay.Report)
		if err := json.Unmarshal([]byte(report.String), p.Report); err != nil {
			return nil, fmt.Errorf("early payment %s: report: %w", id, err)
		}
	}
	return &p, nil
}

// OpenInvoices returns the operator's invoices as a run considers them:
// paid when an earlier run paid them, SME when the operator's books give
// the supplier an SME certificate. Ordered by supplier and invoice number.
func (db *DB) OpenInvoices(ctx context.Context, operator string) ([]earlypay.Open, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT i.supplier_business_no, i.invoice_no, i.issued_on, i.due_on, i.amount, i.line,
		i.paid_by IS NOT NULL, coalesce(s.sme_cert, '') <> ''
		FROM invoices i LEFT JOIN operator_suppliers s ON s.operator = i.operator AND s.business_no = i.supplier_business_no
		WHERE i.operator = ? ORDER BY i.supplier_business_no, i.invoice_no`, operator)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []earlypay.Open
	for rows.Next() {
		var o earlypay.Open
		var line int64
		if err := rows.Scan(&o.SupplierBusinessNo, &o.InvoiceNo, &o.IssuedOn, &o.DueOn, &o.Amount, &line, &o.Paid, &o.SME); err != nil {
			return nil, err
		}
		o.Line, o.IssuedOn, o.DueOn = int(line), o.IssuedOn.UTC(), o.DueOn.UTC()
		out = append(out, o)
	}
	return out, rows.Err()
}

// PlanEarlyPayment records what the run pays, in one transaction: each
// paid invoice marked paid by the run with its cash and discount, the
// report, the execution's key and the state planned. An invoice another
// run paid meanwhile, or a run not open, is ErrFinal and nothing changes.
func (db *DB) PlanEarlyPayment(ctx context.Context, id, key string, operator string, rep earlypay.Report) error {
	doc, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE early_payments SET state = 'planned', run_key = ?, report = ? WHERE id = ? AND state = 'open'`, key, string(doc), id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("early payment %s is not open: %w", id, ErrFinal)
	}
	const chunk = 500
	for start := 0; start < len(rep.Payments); start += chunk {
		end := min(start+chunk, len(rep.Payments))
		// Every parameter sits in the VALUES list: DuckDB numbers an
		// UPDATE's parameters in the order it binds them, not as written.
		var sb strings.Builder
		sb.WriteString(`UPDATE invoices SET paid_by = v.run, cash = v.cash, discount = v.discount FROM (VALUES `)
		args := make([]any, 0, 6*(end-start))
		for i, p := range rep.Payments[start:end] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS BIGINT), CAST(? AS BIGINT))")
			args = append(args, id, operator, p.SupplierBusinessNo, p.InvoiceNo, p.Cash, p.Discount)
		}
		sb.WriteString(`) AS v(run, op, bn, inv_no, cash, discount) WHERE invoices.operator = v.op AND invoices.supplier_business_no = v.bn AND invoices.invoice_no = v.inv_no AND invoices.paid_by IS NULL`)
		res, err := tx.ExecContext(ctx, sb.String(), args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(end-start) {
			return fmt.Errorf("early payment %s: %d of %d invoices were paid meanwhile: %w", id, int64(end-start)-n, end-start, ErrFinal)
		}
	}
	return tx.Commit()
}

// FinishEarlyPayment marks a planned run paid (its ledger transfers are
// committed), stamped with the store's clock.
func (db *DB) FinishEarlyPayment(ctx context.Context, id string) error {
	_, err := db.db.ExecContext(ctx, `UPDATE early_payments SET state = 'paid', run_at = ? WHERE id = ? AND state = 'planned'`,
		db.Now().UTC().Truncate(time.Microsecond), id)
	return err
}

// PaidInvoice is an invoice a run paid, with where the money went.
type PaidInvoice struct {
	earlypay.Invoice
	Cash     int64
	Discount int64
	Supplier Supplier
}

// PaidInvoices lists the invoices the run paid, by supplier and invoice
// number, with the supplier's account from the operator's books.
func (db *DB) PaidInvoices(ctx context.Context, id string) ([]PaidInvoice, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT i.supplier_business_no, i.invoice_no, i.issued_on, i.due_on, i.amount, i.line, i.cash, i.discount,
		coalesce(s.name, ''), coalesce(s.sme_cert, ''), coalesce(s.bank, ''), coalesce(s.account_no, ''), coalesce(s.holder, '')
		FROM invoices i LEFT JOIN operator_suppliers s ON s.operator = i.operator AND s.business_no = i.supplier_business_no
		WHERE i.paid_by = ? ORDER BY i.supplier_business_no, i.invoice_no`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PaidInvoice
	for rows.Next() {
		var p PaidInvoice
		var line int64
		if err := rows.Scan(&p.SupplierBusinessNo, &p.InvoiceNo, &p.IssuedOn, &p.DueOn, &p.Amount, &line, &p.Cash, &p.Discount,
			&p.Supplier.Name, &p.Supplier.SMECert, &p.Supplier.Bank, &p.Supplier.AccountNo, &p.Supplier.Holder); err != nil {
			return nil, err
		}
		p.Line, p.IssuedOn, p.DueOn = int(line), p.IssuedOn.UTC(), p.DueOn.UTC()
		p.Supplier.BusinessNo = p.SupplierBusinessNo
		out = append(out, p)
	}
	return out, rows.Err()
}
