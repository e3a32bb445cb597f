package store

import (
	"context"
	"fmt"

	"github.com/sangsaeng/sangsaeng/internal/earlypay"
)

// invoiceColumns are the invoices table's columns, in table order (the
// DuckDB appender takes them all).
var invoiceColumns = []string{"operator", "supplier_business_no", "invoice_no", "issued_on", "due_on", "amount", "imported_by", "line"}

// ImportInvoices adds the invoices of one file to the operator's books,
// through the run runID, in one transaction (bulk loaded: DuckDB's
// appender, PostgreSQL's COPY): an invoice already imported
// (same supplier and invoice number) is skipped and counted in already.
// Invoices imported at the same moment by another request may make it
// ErrConflict, and then nothing of the file is stored.
func (db *DB) ImportInvoices(ctx context.Context, operator, runID string, invs []earlypay.Invoice) (imported, already int, err error) {
	rows, err := db.db.QueryContext(ctx, `SELECT supplier_business_no, invoice_no FROM invoices WHERE operator = ?`, operator)
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
	err = db.inTx(ctx, func(conn *dbConn) error {
		return bulkLoad(ctx, conn, "invoices", invoiceColumns, func(add func([]any) error) error {
			row := make([]any, len(invoiceColumns))
			for _, inv := range fresh {
				row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7] = operator, inv.SupplierBusinessNo, inv.InvoiceNo,
					inv.IssuedOn.UTC(), inv.DueOn.UTC(), inv.Amount, runID, int64(inv.Line)
				if err := add(row); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if isDuplicate(err) {
		return 0, 0, fmt.Errorf("invoices imported meanwhile by another request: %w", ErrConflict)
	}
	if err != nil {
		return 0, 0, err
	}
	return len(fresh), already, nil
}
