package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/earlypay"
)

// ImportInvoices adds the invoices of one file to the operator's books,
// through the run runID, in one transaction: an invoice already imported
// (same supplier and invoice number) is skipped and counted in already.
// Invoices imported at the same moment by another request may make it
// ErrConflict, and then nothing of the file is stored.
func (db *DB) ImportInvoices(ctx context.Context, operator, runID string, invs []earlypay.Invoice) (imported, already int, err error) {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT supplier_business_no, invoice_no FROM invoices WHERE operator = ?`, operator)
	if err != nil {
		return 0, 0, err
	}
	have := map[[2]string]bool{}
	for rows.Next() {
		var k [2]string
		if err := rows.Scan(&k[0], &k[1]); err != nil {
			rows.Close()
			return 0, 0, err
		}
		have[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	var fresh []earlypay.Invoice
	for _, inv := range invs {
		if have[[2]string{inv.SupplierBusinessNo, inv.InvoiceNo}] {
			already++
			continue
		}
		fresh = append(fresh, inv)
	}
	const chunk = 500
	for start := 0; start < len(fresh); start += chunk {
		end := min(start+chunk, len(fresh))
		var sb strings.Builder
		sb.WriteString(`INSERT INTO invoices (operator, supplier_business_no, invoice_no, issued_on, due_on, amount, imported_by, line) VALUES `)
		args := make([]any, 0, 8*(end-start))
		for i, inv := range fresh[start:end] {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString("(?, ?, ?, ?, ?, ?, ?, ?)")
			args = append(args, operator, inv.SupplierBusinessNo, inv.InvoiceNo, inv.IssuedOn.UTC(), inv.DueOn.UTC(), inv.Amount, runID, inv.Line)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			if isDuplicate(err) {
				return 0, 0, fmt.Errorf("invoices imported meanwhile by another request: %w", ErrConflict)
			}
			return 0, 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, 0, err
	}
	return len(fresh), already, nil
}
