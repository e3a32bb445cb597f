package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/earlypay"
)

// TestInvoicesPaidOnce: an invoice file is imported once per invoice, and
// two runs cannot pay one invoice: the second's plan is refused whole
// (ErrFinal) and leaves it open.
func TestInvoicesPaidOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
			t.Fatal(err)
		}
		day := func(d int) time.Time { return time.Date(2027, 2, d, 0, 0, 0, 0, time.UTC) }
		for _, id := range []string{"r1", "r2"} {
			if err := db.CreateEarlyPayment(ctx, &EarlyPayment{ID: id, Operator: "kt", Name: id, PayDate: day(5), WithinDays: 30, Budget: 100, Mode: earlypay.ModeSangsaeng},
				[]Supplier{{BusinessNo: "2208162517", Name: "공방", SMECert: "c", Bank: "국민", AccountNo: "1", Holder: "공방"}}); err != nil {
				t.Fatal(err)
			}
		}
		inv := func(no string, amount int64) earlypay.Invoice {
			return earlypay.Invoice{Line: 2, SupplierBusinessNo: "2208162517", InvoiceNo: no, IssuedOn: day(1), DueOn: day(15), Amount: amount}
		}
		steps := []struct {
			file           []earlypay.Invoice
			imported, seen int
		}{
			{[]earlypay.Invoice{inv("A", 10), inv("B", 20)}, 2, 0},
			{[]earlypay.Invoice{inv("B", 20), inv("C", 30)}, 1, 1},
			{[]earlypay.Invoice{inv("A", 10)}, 0, 1},
		}
		for i, s := range steps {
			imported, already, err := db.ImportInvoices(ctx, "kt", "r1", s.file)
			if err != nil || imported != s.imported || already != s.seen {
				t.Errorf("import %d: %d new, %d already, %v; want %d, %d", i, imported, already, err, s.imported, s.seen)
			}
		}
		open, err := db.OpenInvoices(ctx, "kt")
		if err != nil || len(open) != 3 || !open[0].SME || open[0].Paid {
			t.Fatalf("open invoices %+v, %v: want A, B, C, unpaid, of an SME", open, err)
		}
		pay := func(no string, cash int64) earlypay.Payment {
			return earlypay.Payment{Invoice: inv(no, cash), DaysEarly: 10, Cash: cash}
		}
		if _, err := db.PlanEarlyPayment(ctx, "r1", "k1", "kt", earlypay.Report{Payments: []earlypay.Payment{pay("A", 10), pay("B", 20)}}); err != nil {
			t.Fatal(err)
		}
		_, err = db.PlanEarlyPayment(ctx, "r2", "k1", "kt", earlypay.Report{Payments: []earlypay.Payment{pay("C", 30), pay("B", 20)}})
		if !errors.Is(err, ErrFinal) {
			t.Errorf("a second run pays B: %v, want ErrFinal", err)
		}
		if _, err := db.PlanEarlyPayment(ctx, "r1", "k2", "kt", earlypay.Report{}); !errors.Is(err, ErrFinal) {
			t.Errorf("r1 planned twice: %v, want ErrFinal", err)
		}
		r2, err := db.EarlyPayment(ctx, "r2")
		if err != nil || r2.State != "open" || r2.Report != nil {
			t.Errorf("r2 after its refused plan: %+v, %v; want open, no report", r2, err)
		}
		open, _ = db.OpenInvoices(ctx, "kt")
		var paid []string
		for _, o := range open {
			if o.Paid {
				paid = append(paid, o.InvoiceNo)
			}
		}
		if len(paid) != 2 || paid[0] != "A" || paid[1] != "B" {
			t.Errorf("paid %v, want A and B only (C stays open)", paid)
		}
		got, err := db.PaidInvoices(ctx, "r1")
		if err != nil || len(got) != 2 || got[1].Cash != 20 || got[1].Supplier.Bank != "국민" {
			t.Errorf("r1 paid %+v, %v", got, err)
		}
	})
}

// TestReportStoredCompressed: a run's report is stored compressed, at a
// fraction of its JSON, and reads back equal; a report stored as plain
// JSON (before compression) still reads.
func TestReportStoredCompressed(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
			t.Fatal(err)
		}
		day := func(d int) time.Time { return time.Date(2027, 2, d, 0, 0, 0, 0, time.UTC) }
		for _, id := range []string{"r1", "old"} {
			if err := db.CreateEarlyPayment(ctx, &EarlyPayment{ID: id, Operator: "kt", Name: id, PayDate: day(5), WithinDays: 30, Budget: 1e9, Mode: earlypay.ModeDiscount, APRBP: 1200}, nil); err != nil {
				t.Fatal(err)
			}
		}
		rep := earlypay.Report{Mode: earlypay.ModeDiscount, PayDate: day(5), Budget: 1e9, Eligible: 2000, WeightedDaysEarly: 12.5}
		for i := range 1000 {
			inv := earlypay.Invoice{Line: i + 2, SupplierBusinessNo: "2208162517", InvoiceNo: fmt.Sprintf("A-%d", i), IssuedOn: day(1), DueOn: day(6 + i%20), Amount: int64(100_000 + i)}
			rep.Payments = append(rep.Payments, earlypay.Payment{Invoice: inv, DaysEarly: 1 + i%20, Discount: int64(i), Cash: inv.Amount - int64(i)})
			rep.Skipped = append(rep.Skipped, inv)
			rep.Over60 = append(rep.Over60, earlypay.Late{Invoice: inv, SettledOn: day(5), Days: 61})
		}
		plain, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		rep.Payments = rep.Payments[:0] // no invoice rows to pay; the lists below are kept
		doc, err := db.PlanEarlyPayment(ctx, "r1", "k1", "kt", rep)
		if err != nil {
			t.Fatal(err)
		}
		var answered earlypay.Report
		if err := json.Unmarshal(doc, &answered); err != nil || len(answered.Over60) != 1000 {
			t.Errorf("the report's JSON returned: %d invoices past 60 days, %v; want 1000", len(answered.Over60), err)
		}
		if _, err := db.db.ExecContext(ctx, `UPDATE early_payments SET state = 'planned', run_key = 'k0', report = ? WHERE id = 'old'`, string(plain)); err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := db.db.QueryRowContext(ctx, `SELECT report FROM early_payments WHERE id = 'r1'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored, reportPrefix) || len(stored) > len(plain)/3 {
			t.Errorf("stored report: %d bytes beginning %.10q; want %q and under a third of its %d bytes of JSON", len(stored), stored, reportPrefix, len(plain))
		}
		var want earlypay.Report
		if err := json.Unmarshal(plain, &want); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			id   string
			want earlypay.Report
		}{{"r1", func() earlypay.Report { w := want; w.Payments = []earlypay.Payment{}; return w }()}, {"old", want}} {
			got, err := db.EarlyPayment(ctx, tc.id)
			if err != nil {
				t.Fatal(err)
			}
			if got.Report == nil || !reflect.DeepEqual(*got.Report, tc.want) {
				t.Errorf("%s: report read back differs from the one stored", tc.id)
			}
		}
	})
}
