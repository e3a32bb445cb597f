// Package earlypay holds the pure rules of an early-payment run: parsing
// and checking the invoices an operator's ERP exports, choosing the
// invoices a run pays under its budget, the discount of dynamic
// discounting and the run's report (하도급법 §13's 60 days included). It
// does no I/O.
package earlypay

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
)

// Version of the rules as docs/programs.md states them.
const Version = "1.0"

// Invoice is one supplier invoice the operator owes.
type Invoice struct {
	Line               int       `json:"line"`                 // line in the imported file (0 if not imported)
	SupplierBusinessNo string    `json:"supplier_business_no"` // 10 digits, no hyphens
	InvoiceNo          string    `json:"invoice_no"`
	IssuedOn           time.Time `json:"issued_on"` // a date (UTC midnight); taken as the day of receipt
	DueOn              time.Time `json:"due_on"`
	Amount             int64     `json:"amount"` // won
}

// Columns of the CSV, with the Korean headers accepted for each.
var columns = []struct{ name, korean string }{
	{"supplier_business_no", "사업자등록번호"},
	{"invoice_no", "계산서번호"},
	{"issued_on", "발행일"},
	{"due_on", "지급기일"},
	{"amount", "금액"},
}

// RowError is a bad row: its line in the file, the column and why.
type RowError struct {
	Line    int
	Column  string
	Message string
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Message)
	}
	return fmt.Sprintf("line %d, %s: %s", e.Line, e.Column, e.Message)
}

// Errors lists the bad rows of a file (at most MaxErrors).
type Errors []*RowError

// MaxErrors is how many bad rows Parse reports before it stops.
const MaxErrors = 100

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Parse reads an invoice CSV in UTF-8 (with or without a BOM) or, when the
// bytes are not valid UTF-8, CP949, and returns the invoices and the
// encoding it read ("UTF-8" or "CP949"). The header names the five columns
// in any order, in English (supplier_business_no, invoice_no, issued_on,
// due_on, amount) or Korean (사업자등록번호, 계산서번호, 발행일, 지급기일,
// 금액). Dates are YYYY-MM-DD, YYYYMMDD or YYYY.MM.DD; amounts positive
// whole won, thousands separators allowed; a 사업자등록번호 has 10 digits
// and a valid check digit. It returns all invoices or none: any bad row, or
// a (business no, invoice no) pair seen twice, gives Errors naming the
// lines and columns.
func Parse(data []byte) ([]Invoice, string, error) {
	enc := "UTF-8"
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		dec, err := korean.EUCKR.NewDecoder().Bytes(data)
		if err != nil {
			return nil, "", fmt.Errorf("earlypay: neither UTF-8 nor CP949: %w", err)
		}
		data, enc = dec, "CP949"
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, enc, Errors{{Line: 1, Message: "empty file: no header"}}
	}
	if err != nil {
		return nil, enc, Errors{{Line: 1, Message: err.Error()}}
	}
	idx := make([]int, len(columns))
	for c := range idx {
		idx[c] = -1
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		for c, col := range columns {
			if strings.EqualFold(h, col.name) || h == col.korean {
				if idx[c] >= 0 {
					return nil, enc, Errors{{Line: 1, Column: col.name, Message: "column given twice"}}
				}
				idx[c] = i
			}
		}
	}
	for c, col := range columns {
		if idx[c] < 0 {
			return nil, enc, Errors{{Line: 1, Column: col.name, Message: fmt.Sprintf("header lacks %s (%s)", col.name, col.korean)}}
		}
	}
	var (
		out   []Invoice
		errs  Errors
		first = map[[2]string]int{}
	)
	add := func(line int, col, format string, a ...any) {
		errs = append(errs, &RowError{Line: line, Column: col, Message: fmt.Sprintf(format, a...)})
	}
	for len(errs) < MaxErrors {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				add(pe.Line, "", "%v", pe.Err)
			} else {
				add(0, "", "%v", err)
			}
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		field := func(c int) string {
			if idx[c] >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[idx[c]])
		}
		n := len(errs)
		inv := Invoice{Line: line}
		if bn, msg := parseBusinessNo(field(0)); msg != "" {
			add(line, columns[0].name, "%s", msg)
		} else {
			inv.SupplierBusinessNo = bn
		}
		inv.InvoiceNo = field(1)
		if inv.InvoiceNo == "" || len(inv.InvoiceNo) > 64 {
			add(line, columns[1].name, "%q: want 1 to 64 bytes", inv.InvoiceNo)
		}
		var okIssued, okDue bool
		inv.IssuedOn, okIssued = parseDate(field(2))
		if !okIssued {
			add(line, columns[2].name, "%q is not a date (YYYY-MM-DD)", field(2))
		}
		inv.DueOn, okDue = parseDate(field(3))
		if !okDue {
			add(line, columns[3].name, "%q is not a date (YYYY-MM-DD)", field(3))
		}
		if okIssued && okDue && inv.DueOn.Before(inv.IssuedOn) {
			add(line, columns[3].name, "due %s before issued %s", field(3), field(2))
		}
		if a, msg := parseAmount(field(4)); msg != "" {
			add(line, columns[4].name, "%s", msg)
		} else {
			inv.Amount = a
		}
		if len(errs) > n {
			continue
		}
		k := [2]string{inv.SupplierBusinessNo, inv.InvoiceNo}
		if l, dup := first[k]; dup {
			add(line, columns[1].name, "invoice %s of %s already on line %d", inv.InvoiceNo, inv.SupplierBusinessNo, l)
			continue
		}
		first[k] = line
		out = append(out, inv)
	}
	if len(errs) > 0 {
		return nil, enc, errs
	}
	return out, enc, nil
}

func parseBusinessNo(s string) (string, string) {
	d, err := bizno.Parse(s)
	if err != nil {
		return "", err.Error()
	}
	return d, ""
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "20060102", "2006.01.02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func parseAmount(s string) (int64, string) {
	d := strings.ReplaceAll(s, ",", "")
	a, err := strconv.ParseInt(d, 10, 64)
	if err != nil || strings.HasPrefix(d, "+") {
		return 0, fmt.Sprintf("%q is not a whole number of won", s)
	}
	if a <= 0 {
		return 0, fmt.Sprintf("%d: want a positive amount", a)
	}
	return a, ""
}
