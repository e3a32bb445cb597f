package httpapi_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
	"github.com/sangsaeng/sangsaeng/internal/earlypay"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// bizWithCheck completes nine digits with the 사업자등록번호 check digit.
func bizWithCheck(nine string) string {
	for d := '0'; d <= '9'; d++ {
		if bizno.Valid(nine + string(d)) {
			return nine + string(d)
		}
	}
	panic("no check digit for " + nine)
}

// cp949 encodes s as CP949, as an ERP exports it.
func cp949(t *testing.T, s string) string {
	t.Helper()
	b, err := korean.EUCKR.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type runReportJSON struct {
	Payments []struct {
		InvoiceNo string `json:"invoice_no"`
		DaysEarly int    `json:"days_early"`
		Discount  int64  `json:"discount"`
		Cash      int64  `json:"cash"`
	} `json:"payments"`
	Skipped []struct {
		InvoiceNo string `json:"invoice_no"`
	} `json:"skipped"`
	Suppliers         int     `json:"suppliers"`
	Invoices          int     `json:"invoices"`
	Total             int64   `json:"total"`
	Discount          int64   `json:"discount"`
	Cash              int64   `json:"cash"`
	WeightedDaysEarly float64 `json:"weighted_days_early"`
	Over60            []struct {
		InvoiceNo string `json:"invoice_no"`
		Days      int    `json:"days"`
	} `json:"over_60_days"`
}

func (r runReportJSON) paid() string {
	var s []string
	for _, p := range r.Payments {
		s = append(s, fmt.Sprintf("%s %d-%d", p.InvoiceNo, p.Cash, p.Discount))
	}
	return strings.Join(s, ", ")
}

// TestEarlyPaymentScenario runs early payment through the API on both
// engines: a CP949 invoice file with bad rows refused whole, the good file
// imported once, a run whose budget does not cover every invoice, its
// replays, the report equal to the ledger to the won, the payment file in
// both encodings, and a second run in discount mode that does not pay an
// invoice twice. The invoices are earlypay's hand-computed vector.
func TestEarlyPaymentScenario(t *testing.T) {
	s1, s2, s3, s4, s5 := "2208162517", "1248100998", bizWithCheck("101010101"), bizWithCheck("202020202"), bizWithCheck("303030303")
	storetest.Each(t, func(t *testing.T, src string) {
		w := newWorldAt(t, src)
		supplier := func(bn, name, cert string) string {
			return fmt.Sprintf(`{"business_no":%q,"name":%q,"sme_cert":%q,"bank":"국민은행","account":"100-%s","holder":"%s 대표"}`, bn, name, cert, bn[:4], name)
		}
		suppliers := strings.Join([]string{supplier(s1, "가나식품", "A1"), supplier(s2, "도시락 공방", "B2"), supplier(s3, "대기업", ""),
			supplier(s4, "라마", "D4"), supplier(s5, "마바", "E5")}, ",")
		run := func(id, mode string, apr, budget int64) string {
			return fmt.Sprintf(`{"id":%q,"operator":"kt","name":"설 조기지급","pay_date":"2027-02-05","within_days":30,"budget":%d,"mode":%q,"apr_bp":%d,"suppliers":[%s]}`,
				id, budget, mode, apr, suppliers)
		}
		for _, tc := range []struct {
			who, body string
			status    int
		}{
			{"staff", run("seol", "sangsaeng", 0, 6_000_000), 403},
			{"other manager", run("seol", "sangsaeng", 0, 6_000_000), 403},
			{"manager", run("seol", "discount", 0, 6_000_000), 400},
			{"manager", strings.Replace(run("seol", "sangsaeng", 0, 1), "2208162517", "2208162518", 1), 422},
			{"manager", strings.Replace(run("seol", "sangsaeng", 0, 1), `"account":"100-`, `"account":"KB-`, 1), 400},
			{"manager", run("seol", "sangsaeng", 0, 6_000_000), 201},
			{"manager", run("seol", "sangsaeng", 0, 6_000_000), 409},
		} {
			if rec := w.do(t, tc.who, "POST", "/api/v1/early-payments", tc.body, nil); rec.Code != tc.status {
				t.Fatalf("create run as %s: status %d, want %d; %s", tc.who, rec.Code, tc.status, rec.Body)
			}
		}
		// The list: the operator's staff and auditors see the run, without
		// its report; another operator's manager and a supplier see none.
		for who, want := range map[string]string{"staff": "[seol]", "auditor": "[seol]", "other manager": "[]", "supplier": "[]"} {
			var list struct {
				EarlyPayments []struct{ ID, State string } `json:"early_payments"`
			}
			rec := w.do(t, who, "GET", "/api/v1/early-payments", "", &list)
			var ids []string
			for _, p := range list.EarlyPayments {
				ids = append(ids, p.ID)
			}
			if got := fmt.Sprint(ids); rec.Code != 200 || (got != want && !(want == "[]" && ids == nil)) || strings.Contains(rec.Body.String(), "report") {
				t.Errorf("%s lists runs: %d %s, want %s", who, rec.Code, rec.Body, want)
			}
		}

		header := "사업자등록번호,계산서번호,발행일,지급기일,금액\r\n"
		good := header + strings.Join([]string{
			s1 + ",A1,2026-12-10,2027-02-15,\"3,000,000\"",
			s1 + ",A2,2027-01-10,2027-02-25,2000000",
			s2 + ",B1,2026-12-01,2027-02-15,1000000",
			s2 + ",B2,2027-01-01,2027-03-20,500000",
			s3 + ",C1,2027-01-05,2027-02-10,4000000",
			s4 + ",D1,2027-01-01,2027-02-05,900000",
			s5 + ",E1,2027-01-15,2027-02-15,2500000",
		}, "\r\n") + "\r\n"
		bad := header + s1 + ",A1,2026-12-10,2027-02-15,3000000\r\n" +
			"220-81-62518,X1,2027-01-01,2027-02-15,1000\r\n" + // check digit
			s2 + ",X2,2027-01-01,2027-02-15,1000\r\n" +
			s2 + ",X3,2027-13-01,2027-02-15,-5\r\n" // date and amount
		imp := func(who, body string, out any) int {
			return w.do(t, who, "POST", "/api/v1/early-payments/seol/invoices", body, out, "Content-Type", "text/csv").Code
		}
		var refused struct {
			Error struct {
				Code string `json:"code"`
				Rows []struct {
					Line   int    `json:"line"`
					Column string `json:"column"`
				} `json:"rows"`
			} `json:"error"`
		}
		if got := imp("manager", cp949(t, bad), &refused); got != 422 {
			t.Fatalf("bad file: status %d, want 422", got)
		}
		if got := fmt.Sprint(refused.Error.Code, " ", refused.Error.Rows); got != "invalid_file [{3 supplier_business_no} {5 issued_on} {5 amount}]" {
			t.Errorf("bad file refused with %s", got)
		}
		if got := imp("supplier", cp949(t, good), nil); got != 403 {
			t.Errorf("a supplier imports: status %d, want 403", got)
		}
		var counts struct {
			Imported int    `json:"imported"`
			Already  int    `json:"already"`
			Encoding string `json:"encoding"`
		}
		if got := imp("manager", cp949(t, good), &counts); got != 201 || counts != (struct {
			Imported int    `json:"imported"`
			Already  int    `json:"already"`
			Encoding string `json:"encoding"`
		}{7, 0, "CP949"}) {
			t.Fatalf("good file: status %d, %+v; want 201, 7 imported from CP949 (nothing of the bad file was kept)", got, counts)
		}
		if got := imp("manager", good, &counts); got != 200 || counts.Imported != 0 || counts.Already != 7 || counts.Encoding != "UTF-8" {
			t.Errorf("the same file again, in UTF-8: status %d, %+v; want 200, 7 already imported", got, counts)
		}

		// The run: 6,000,000 pays B1, E1 and A2; A1 (3,000,000) does not fit.
		if rec := w.do(t, "staff", "POST", "/api/v1/early-payments/seol/run", `{"id":"exec-1"}`, nil); rec.Code != 403 {
			t.Errorf("staff runs: status %d, want 403", rec.Code)
		}
		if rec := w.do(t, "manager", "GET", "/api/v1/early-payments/seol/report", "", nil); rec.Code != 409 {
			t.Errorf("report before the run: status %d, want 409", rec.Code)
		}
		var first, again struct {
			ID     string        `json:"id"`
			Report runReportJSON `json:"report"`
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/seol/run", `{"id":"exec-1"}`, &first); rec.Code != 201 {
			t.Fatalf("run: status %d; %s", rec.Code, rec.Body)
		}
		rep := first.Report
		if got := rep.paid(); got != "B1 1000000-0, E1 2500000-0, A2 2000000-0" {
			t.Errorf("paid %s", got)
		}
		if len(rep.Skipped) != 1 || rep.Skipped[0].InvoiceNo != "A1" || rep.Total != 5_500_000 || rep.Cash != 5_500_000 || rep.Suppliers != 3 ||
			fmt.Sprintf("%.4f", rep.WeightedDaysEarly) != "13.6364" {
			t.Errorf("report %+v: want A1 skipped, 5,500,000 to 3 suppliers, 13.6364 days early", rep)
		}
		var over []string
		for _, o := range rep.Over60 {
			over = append(over, fmt.Sprintf("%s %d", o.InvoiceNo, o.Days))
		}
		slices.Sort(over)
		if strings.Join(over, ", ") != "A1 67, B1 66, B2 78" {
			t.Errorf("over 60 days: %v", over)
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/seol/run", `{"id":"exec-1"}`, &again); rec.Code != 200 || again.Report.paid() != rep.paid() {
			t.Errorf("replay: status %d, paid %s", rec.Code, again.Report.paid())
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/seol/run", `{"id":"exec-2"}`, nil); rec.Code != 409 {
			t.Errorf("another execution: status %d, want 409", rec.Code)
		} else {
			wantError(t, rec, 409, "already_run")
		}

		// The report equals the ledger to the won.
		var withLedger struct {
			Report runReportJSON    `json:"report"`
			Ledger map[string]int64 `json:"ledger"`
		}
		if rec := w.do(t, "auditor", "GET", "/api/v1/early-payments/seol/report", "", &withLedger); rec.Code != 200 {
			t.Fatalf("report: status %d", rec.Code)
		}
		ctx := context.Background()
		bank, err := w.db.Account(ctx, "ep-seol-bank")
		if err != nil || bank.CreditsPosted != withLedger.Report.Cash || withLedger.Ledger["cash"] != 5_500_000 || withLedger.Ledger["total"] != 5_500_000 || withLedger.Ledger["discount"] != 0 {
			t.Errorf("ledger %v, bank %+v (%v); want 5,500,000 paid", withLedger.Ledger, bank, err)
		}
		if rec := w.do(t, "supplier", "GET", "/api/v1/early-payments/seol/report", "", nil); rec.Code != 403 {
			t.Errorf("supplier reads the report: status %d, want 403", rec.Code)
		}

		// The payment file: one line per supplier, in both encodings.
		wantFile := "bank,account,holder,amount,memo\r\n" +
			"국민은행,100-1248,도시락 공방 대표,1000000,조기지급 seol 1건\r\n" +
			"국민은행,100-2208,가나식품 대표,2000000,조기지급 seol 1건\r\n" +
			"국민은행,100-" + s5[:4] + ",마바 대표,2500000,조기지급 seol 1건\r\n"
		rec := w.do(t, "manager", "GET", "/api/v1/early-payments/seol/payment-file", "", nil)
		if rec.Body.String() != wantFile || rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" {
			t.Errorf("payment file %q (%s), want %q", rec.Body, rec.Header().Get("Content-Type"), wantFile)
		}
		rec = w.do(t, "manager", "GET", "/api/v1/early-payments/seol/payment-file?encoding=cp949", "", nil)
		if rec.Body.String() != cp949(t, wantFile) || rec.Header().Get("Content-Type") != "text/csv; charset=euc-kr" {
			t.Errorf("CP949 payment file %q (%s)", rec.Body, rec.Header().Get("Content-Type"))
		}
		if _, err := csv.NewReader(strings.NewReader(wantFile)).ReadAll(); err != nil {
			t.Fatal(err)
		}

		// A second run at 12 %: A1 is left, 10 days early; the paid ones are not paid again.
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments", run("seol2", "discount", 1200, 3_000_000), nil); rec.Code != 201 {
			t.Fatalf("second run: %d %s", rec.Code, rec.Body)
		}
		var second struct {
			Report runReportJSON `json:"report"`
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/seol2/run", `{"id":"exec-1"}`, &second); rec.Code != 201 {
			t.Fatalf("second run: %d %s", rec.Code, rec.Body)
		}
		// ⌊3,000,000 × 1,200 × 10 / 3,650,000⌋ = 9,863.
		if got := second.Report.paid(); got != "A1 2990137-9863" || second.Report.Discount != 9_863 {
			t.Errorf("second run paid %s, discount %d; want A1 2,990,137 + 9,863", got, second.Report.Discount)
		}
		w.do(t, "manager", "GET", "/api/v1/early-payments/seol2/report", "", &withLedger)
		if withLedger.Ledger["total"] != 3_000_000 || withLedger.Ledger["cash"] != 2_990_137 || withLedger.Ledger["discount"] != 9_863 {
			t.Errorf("second run's ledger %v", withLedger.Ledger)
		}
		if rep, err := w.db.Check(ctx); err != nil || !rep.Balanced || len(rep.Problems) > 0 {
			t.Errorf("ledger check: %+v, %v", rep, err)
		}
	})
}

// TestEarlyPaymentFinishesAPlannedRun: a run stopped after its payments
// were recorded and before its ledger batch (the server died between the
// two) is finished by the same execution id, and only by it.
func TestEarlyPaymentFinishesAPlannedRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := newWorldAt(t, src)
		body := `{"id":"r","operator":"kt","name":"설","pay_date":"2027-02-05","within_days":30,"budget":5000000,"mode":"discount","apr_bp":1200,
			"suppliers":[{"business_no":"2208162517","name":"공방","sme_cert":"c","bank":"국민","account":"1","holder":"공방"}]}`
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments", body, nil); rec.Code != 201 {
			t.Fatalf("run: %d %s", rec.Code, rec.Body)
		}
		csvBody := "supplier_business_no,invoice_no,issued_on,due_on,amount\n2208162517,A,2027-01-10,2027-02-15,1000000\n2208162517,B,2027-01-10,2027-02-25,2000000\n"
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/r/invoices", csvBody, nil); rec.Code != 201 {
			t.Fatalf("import: %d %s", rec.Code, rec.Body)
		}
		ctx := context.Background()
		p, err := w.db.EarlyPayment(ctx, "r")
		if err != nil {
			t.Fatal(err)
		}
		open, err := w.db.OpenInvoices(ctx, "kt")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := earlypay.Run(open, p.Params())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.PlanEarlyPayment(ctx, "r", "exec-1", "kt", rep); err != nil {
			t.Fatal(err)
		}
		if _, err := w.db.Account(ctx, "ep-r-bank"); err == nil {
			t.Fatal("the ledger has the run before its execution finished")
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/r/run", `{"id":"exec-2"}`, nil); rec.Code != 409 {
			t.Errorf("another id on a planned run: status %d, want 409", rec.Code)
		}
		var out struct {
			Report runReportJSON `json:"report"`
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/r/run", `{"id":"exec-1"}`, &out); rec.Code != 200 {
			t.Fatalf("finish: status %d; %s", rec.Code, rec.Body)
		}
		// 1,000,000 × 12 % × 10 / 365 = 3,287; 2,000,000 × 12 % × 20 / 365 = 13,150.
		var got struct {
			Ledger map[string]int64 `json:"ledger"`
		}
		w.do(t, "manager", "GET", "/api/v1/early-payments/r/report", "", &got)
		if out.Report.Discount != 16_437 || got.Ledger["total"] != 3_000_000 || got.Ledger["cash"] != 2_983_563 || got.Ledger["discount"] != 16_437 {
			t.Errorf("finished run: report discount %d, ledger %v; want 3,000,000 = 2,983,563 + 16,437", out.Report.Discount, got.Ledger)
		}
	})
}

// TestEarlyPaymentConcurrentExecutions: executions of one run asked at
// once under one id pay once; each answers the same report.
func TestEarlyPaymentConcurrentExecutions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := newWorldAt(t, src)
		body := `{"id":"r","operator":"kt","name":"설","pay_date":"2027-02-05","within_days":30,"budget":5000000,"mode":"sangsaeng",
			"suppliers":[{"business_no":"2208162517","name":"공방","sme_cert":"c","bank":"국민","account":"1","holder":"공방"}]}`
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments", body, nil); rec.Code != 201 {
			t.Fatalf("run: %d %s", rec.Code, rec.Body)
		}
		csvBody := "supplier_business_no,invoice_no,issued_on,due_on,amount\n2208162517,A,2027-01-10,2027-02-15,1000000\n2208162517,B,2027-01-10,2027-02-25,2000000\n"
		if rec := w.do(t, "manager", "POST", "/api/v1/early-payments/r/invoices", csvBody, nil); rec.Code != 201 {
			t.Fatalf("import: %d %s", rec.Code, rec.Body)
		}
		codes := make([]int, 4)
		var wg sync.WaitGroup
		for i := range codes {
			wg.Go(func() {
				codes[i] = w.do(t, "manager", "POST", "/api/v1/early-payments/r/run", `{"id":"exec-1"}`, nil).Code
			})
		}
		wg.Wait()
		created := 0
		for _, c := range codes {
			if c == 201 {
				created++
			} else if c != 200 {
				t.Errorf("statuses %v: want one 201 and 200s", codes)
			}
		}
		if created != 1 {
			t.Errorf("statuses %v: want one 201", codes)
		}
		var got struct {
			Ledger map[string]int64 `json:"ledger"`
		}
		w.do(t, "manager", "GET", "/api/v1/early-payments/r/report", "", &got)
		if got.Ledger["total"] != 3_000_000 {
			t.Errorf("ledger %v: want 3,000,000 paid once", got.Ledger)
		}
	})
}
