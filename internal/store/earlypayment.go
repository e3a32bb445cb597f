package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/base64"
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
		if err := decodeReport(report.String, p.Report); err != nil {
			return nil, fmt.Errorf("early payment %s: report: %w", id, err)
		}
	}
	return &p, nil
}

// EarlyPayments returns every run's terms and state, newest pay date
// first, without their reports (GET of one run has it).
func (db *DB) EarlyPayments(ctx context.Context) ([]EarlyPayment, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, operator, name, pay_date, within_days, budget, mode, apr_bp, state, run_key, created_at, run_at
		FROM early_payments ORDER BY pay_date DESC, created_at DESC, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []EarlyPayment{}
	for rows.Next() {
		var p EarlyPayment
		var key sql.NullString
		var runAt sql.NullTime
		if err := rows.Scan(&p.ID, &p.Operator, &p.Name, &p.PayDate, &p.WithinDays, &p.Budget, &p.Mode, &p.APRBP, &p.State, &key, &p.CreatedAt, &runAt); err != nil {
			return nil, err
		}
		p.PayDate, p.CreatedAt, p.RunKey = p.PayDate.UTC(), p.CreatedAt.UTC(), key.String
		if runAt.Valid {
			t := runAt.Time.UTC()
			p.RunAt = &t
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// reportPrefix marks a report stored as gzip-compressed JSON in base64;
// a report without it is plain JSON.
const reportPrefix = "gzip:"

// encodeReport is the report's JSON (as the API writes it: no HTML
// escaping) and the form the report column stores: that JSON
// gzip-compressed and in base64 after reportPrefix. A run's report lists
// every payment, skipped invoice and invoice past 60 days: 5.5 MB of JSON
// for 20,000 invoices, which DuckDB took most of a second to store as one
// string; compressed it is about a fifth (1.1 MB).
func encodeReport(rep *earlypay.Report) (json.RawMessage, string, error) {
	var doc bytes.Buffer
	enc := json.NewEncoder(&doc)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rep); err != nil {
		return nil, "", err
	}
	var b strings.Builder
	b.Grow(doc.Len() / 3)
	b.WriteString(reportPrefix)
	b64 := base64.NewEncoder(base64.StdEncoding, &b)
	zw, err := gzip.NewWriterLevel(b64, gzip.BestSpeed)
	if err != nil {
		return nil, "", err
	}
	if _, err := zw.Write(doc.Bytes()); err != nil {
		return nil, "", err
	}
	if err := errors.Join(zw.Close(), b64.Close()); err != nil {
		return nil, "", err
	}
	return bytes.TrimSuffix(doc.Bytes(), []byte("\n")), b.String(), nil
}

// decodeReport reads a report stored by encodeReport, or as plain JSON.
func decodeReport(s string, rep *earlypay.Report) error {
	body, ok := strings.CutPrefix(s, reportPrefix)
	if !ok {
		return json.Unmarshal([]byte(s), rep)
	}
	zr, err := gzip.NewReader(base64.NewDecoder(base64.StdEncoding, strings.NewReader(body)))
	if err != nil {
		return err
	}
	if err := json.NewDecoder(zr).Decode(rep); err != nil {
		return err
	}
	return zr.Close()
}

// OpenInvoices returns the operator's invoices as a run considers them:
// paid when an earlier run paid them, SME when the operator's books give
// the supplier an SME certificate. Ordered by supplier and invoice number.
func (db *DB) OpenInvoices(ctx context.Context, operator string) ([]earlypay.Open, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT i.supplier_business_no, i.invoice_no, i.issued_on, i.due_on, i.amount, i.line,
		p.run_id IS NOT NULL, coalesce(s.sme_cert, '') <> ''
		FROM invoices i
		LEFT JOIN operator_suppliers s ON s.operator = i.operator AND s.business_no = i.supplier_business_no
		LEFT JOIN invoice_payments p ON p.operator = i.operator AND p.supplier_business_no = i.supplier_business_no AND p.invoice_no = i.invoice_no
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
// paid invoice as paid by the run with its cash and discount (bulk
// loaded), the report (compressed, encodeReport), the execution's key and the state planned. An
// invoice another run paid meanwhile, or a run not open, is ErrFinal and
// nothing changes. It returns the report's JSON, for the caller to answer
// without encoding it again.
func (db *DB) PlanEarlyPayment(ctx context.Context, id, key string, operator string, rep earlypay.Report) (json.RawMessage, error) {
	doc, stored, err := encodeReport(&rep)
	if err != nil {
		return nil, err
	}
	err = db.inTx(ctx, func(conn *dbConn) error {
		res, err := conn.ExecContext(ctx, `UPDATE early_payments SET state = 'planned', run_key = ?, report = ? WHERE id = ? AND state = 'open'`, key, stored, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return fmt.Errorf("early payment %s is not open: %w", id, ErrFinal)
		}
		return bulkLoad(ctx, conn, "invoice_payments", []string{"operator", "supplier_business_no", "invoice_no", "run_id", "cash", "discount"},
			func(add func([]any) error) error {
				row := make([]any, 6)
				for _, p := range rep.Payments {
					row[0], row[1], row[2], row[3], row[4], row[5] = operator, p.SupplierBusinessNo, p.InvoiceNo, id, p.Cash, p.Discount
					if err := add(row); err != nil {
						return err
					}
				}
				return nil
			})
	})
	switch {
	case isDuplicate(err):
		return nil, fmt.Errorf("early payment %s: an invoice was paid meanwhile by another run: %w", id, ErrFinal)
	case isWriteConflict(err):
		return nil, fmt.Errorf("early payment %s: %w: %w", id, ErrBusy, err)
	case err != nil:
		return nil, err
	}
	return doc, nil
}

// ErrBusy is a write that met another one changing the same rows at the
// same moment (DuckDB refuses the second writer); the caller may try again.
var ErrBusy = errors.New("changed meanwhile by another request")

// isWriteConflict reports whether err is DuckDB's refusal of a write that
// met another transaction's uncommitted change of the same row (PostgreSQL
// makes the second writer wait instead).
func isWriteConflict(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Conflict on")
}

// FinishEarlyPayment marks a planned run paid (its ledger transfers are
// committed), stamped with the store's clock.
// Another request finishing it at the same moment is no error.
func (db *DB) FinishEarlyPayment(ctx context.Context, id string) error {
	for try := 1; ; try++ {
		_, err := db.db.ExecContext(ctx, `UPDATE early_payments SET state = 'paid', run_at = ? WHERE id = ? AND state = 'planned'`,
			db.Now().UTC().Truncate(time.Microsecond), id)
		if !isWriteConflict(err) || try == 20 {
			return err
		}
		time.Sleep(time.Duration(try) * 10 * time.Millisecond) // until the other commits; then this is a no-op
	}
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
	rows, err := db.db.QueryContext(ctx, `SELECT i.supplier_business_no, i.invoice_no, i.issued_on, i.due_on, i.amount, i.line, p.cash, p.discount,
		coalesce(s.name, ''), coalesce(s.sme_cert, ''), coalesce(s.bank, ''), coalesce(s.account_no, ''), coalesce(s.holder, '')
		FROM invoice_payments p
		JOIN invoices i ON i.operator = p.operator AND i.supplier_business_no = p.supplier_business_no AND i.invoice_no = p.invoice_no
		LEFT JOIN operator_suppliers s ON s.operator = p.operator AND s.business_no = p.supplier_business_no
		WHERE p.run_id = ? ORDER BY p.supplier_business_no, p.invoice_no`, id)
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
