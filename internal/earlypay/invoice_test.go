package earlypay

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
)

// withCheck completes nine digits with the 사업자등록번호 check digit.
func withCheck(nine string) string {
	for d := '0'; d <= '9'; d++ {
		if bizno.Valid(nine + string(d)) {
			return nine + string(d)
		}
	}
	panic("no check digit for " + nine)
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	// Korean headers in another order, a BOM, three date layouts, separators.
	src := "\ufeff금액,사업자등록번호,계산서번호,발행일,지급기일\n" +
		"\"1,500,000\",220-81-62517,INV-001,2027-01-10,2027-02-25\n" +
		"\n" +
		"700,1248100998,세금계산서-7,20261201,2027.02.15\n"
	want := []Invoice{
		{Line: 2, SupplierBusinessNo: "2208162517", InvoiceNo: "INV-001", IssuedOn: day("2027-01-10"), DueOn: day("2027-02-25"), Amount: 1_500_000},
		{Line: 4, SupplierBusinessNo: "1248100998", InvoiceNo: "세금계산서-7", IssuedOn: day("2026-12-01"), DueOn: day("2027-02-15"), Amount: 700},
	}
	cp949, err := korean.EUCKR.NewEncoder().String(strings.TrimPrefix(src, "\ufeff"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, data, enc string }{{"utf-8", src, "UTF-8"}, {"cp949", cp949, "CP949"}} {
		t.Run(c.name, func(t *testing.T) {
			got, enc, err := Parse([]byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if enc != c.enc {
				t.Errorf("encoding = %s, want %s", enc, c.enc)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d invoices, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Errorf("invoice %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	const head = "supplier_business_no,invoice_no,issued_on,due_on,amount\n"
	tests := []struct {
		name string
		data string
		want []string
	}{
		{"empty", "", []string{"line 1: empty file"}},
		{"missing column", "supplier_business_no,invoice_no,issued_on,amount\n", []string{"line 1, due_on: header lacks due_on (지급기일)"}},
		{"column twice", "amount,금액\n", []string{"line 1, amount: column given twice"}},
		{"bad fields", head +
			"2208162517,A,2027-01-10,2027-02-25,100\n" +
			"2208162518,B,2027-13-01,2027-02-25,1.5\n" +
			"123,,2027-01-10,2027-01-09,-5\n",
			[]string{
				`line 3, supplier_business_no: "2208162518": the check digit is wrong`,
				`line 3, issued_on: "2027-13-01" is not a date`,
				`line 3, amount: "1.5" is not a whole number of won`,
				`line 4, supplier_business_no: "123": want 10 digits`,
				`line 4, invoice_no: "": want 1 to 64 bytes`,
				`line 4, due_on: due 2027-01-09 before issued 2027-01-10`,
				`line 4, amount: -5: want a positive amount`,
			}},
		{"duplicate", head +
			"2208162517,A,2027-01-10,2027-02-25,100\n" +
			"1248100998,A,2027-01-10,2027-02-25,100\n" +
			"220-81-62517,A,2027-01-11,2027-02-26,200\n",
			[]string{"line 4, invoice_no: invoice A of 2208162517 already on line 2"}},
		{"bad quote", head + "2208162517,\"A,2027-01-10,2027-02-25,100\n", []string{"line 2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := Parse([]byte(tt.data))
			if got != nil {
				t.Errorf("got %d invoices from a bad file, want none", len(got))
			}
			var es Errors
			if !errors.As(err, &es) {
				t.Fatalf("error = %v, want Errors", err)
			}
			if len(es) != len(tt.want) {
				t.Fatalf("errors = %v, want %d: %v", es, len(tt.want), tt.want)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(es[i].Error(), w) {
					t.Errorf("error %d = %q, want it to begin %q", i, es[i], w)
				}
			}
		})
	}
}

// FuzzParse: Parse never panics, and returns either an error and no
// invoice, or invoices that all pass the rules, each pair once.
func FuzzParse(f *testing.F) {
	f.Add([]byte("supplier_business_no,invoice_no,issued_on,due_on,amount\n2208162517,A,2027-01-10,2027-02-25,100\n"))
	f.Add([]byte("금액,사업자등록번호,계산서번호,발행일,지급기일\n\"1,500\",220-81-62517,B,20270110,2027.02.25\n"))
	f.Add([]byte("supplier_business_no,invoice_no,issued_on,due_on,amount\n2208162517,A,2027-01-10,2027-02-25,100\n2208162517,A,2027-01-10,2027-02-25,100\n"))
	f.Add([]byte("\xb1\xdd\xbe\xd7,x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		inv, _, err := Parse(data)
		if err != nil {
			if inv != nil {
				t.Fatalf("error %v with %d invoices", err, len(inv))
			}
			return
		}
		seen := map[[2]string]bool{}
		for _, v := range inv {
			k := [2]string{v.SupplierBusinessNo, v.InvoiceNo}
			if seen[k] || !bizno.Valid(v.SupplierBusinessNo) || v.Amount <= 0 || v.DueOn.Before(v.IssuedOn) || v.InvoiceNo == "" {
				t.Fatalf("accepted a bad or repeated invoice %+v", v)
			}
			seen[k] = true
		}
	})
}
