package httpapi_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// BenchmarkEarlyPayment20000 is issue 13's early-payment run end to end
// through the API: a run over 2,000 SME suppliers, the import of a CSV of
// 20,000 of their invoices, and the execution (choice, store, one ledger
// batch of every payment); it reports each step's time. Both engines
// (PostgreSQL when SANGSAENG_TEST_PG is set). Run it with -benchtime 1x
// and -count: each count is a fresh database of exactly 20,000 invoices,
// while the n-th of -benchtime Nx iterations also reads the unpaid
// invoices of the earlier ones.
//
//	go test -run XXX -bench EarlyPayment20000 -benchtime 1x -count 5 ./internal/httpapi
func BenchmarkEarlyPayment20000(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			w := newWorldAt(b, storetest.Fresh(b, engine))
			rng := rand.New(rand.NewPCG(13, 2027))
			bns := make([]string, 2000)
			var sup strings.Builder
			for i := range bns {
				bns[i] = bizWithCheck(fmt.Sprintf("%09d", 100000000+i*37))
				if i > 0 {
					sup.WriteString(",")
				}
				fmt.Fprintf(&sup, `{"business_no":%q,"name":"공급사 %d","sme_cert":"C%d","bank":"국민은행","account":"100-%d","holder":"공급사 %d"}`, bns[i], i, i, i, i)
			}
			var imp, run time.Duration
			paid := 0
			for n := range b.N {
				id := fmt.Sprintf("r%d", n)
				body := fmt.Sprintf(`{"id":%q,"operator":"kt","name":"설","pay_date":"2027-02-05","within_days":30,"budget":20000000000,"mode":"discount","apr_bp":1200,"suppliers":[%s]}`, id, sup.String())
				if rec := benchDo(b, w, "manager", "POST", "/api/v1/early-payments", body, nil); rec.Code != 201 {
					b.Fatalf("run: %d %s", rec.Code, rec.Body)
				}
				var csv strings.Builder
				csv.WriteString("supplier_business_no,invoice_no,issued_on,due_on,amount\n")
				for i := range 20000 {
					due := time.Date(2027, 2, 6, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(40))
					fmt.Fprintf(&csv, "%s,%s-%d,2026-12-%02d,%s,%d\n", bns[i%2000], id, i, 1+rng.IntN(28), due.Format(time.DateOnly), 100_000+rng.IntN(5_000_000))
				}
				start := time.Now()
				if rec := benchDo(b, w, "manager", "POST", "/api/v1/early-payments/"+id+"/invoices", csv.String(), nil); rec.Code != 201 {
					b.Fatalf("import: %d %.300s", rec.Code, rec.Body)
				}
				imp += time.Since(start)
				start = time.Now()
				var out struct {
					Report struct {
						Invoices int `json:"invoices"`
					} `json:"report"`
				}
				if rec := benchDo(b, w, "manager", "POST", "/api/v1/early-payments/"+id+"/run", `{"id":"x"}`, &out); rec.Code != 201 {
					b.Fatalf("execute: %d %.300s", rec.Code, rec.Body)
				}
				run += time.Since(start)
				paid += out.Report.Invoices
			}
			b.ReportMetric(imp.Seconds()/float64(b.N), "import-s/op")
			b.ReportMetric(run.Seconds()/float64(b.N), "run-s/op")
			b.ReportMetric(float64(paid)/float64(b.N), "paid/op")
		})
	}
}

// benchDo is world.do for a benchmark.
func benchDo(b *testing.B, w *world, who, method, target, body string, out any) *httptest.ResponseRecorder {
	b.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+w.tokens[who])
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, req)
	if out != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), out); err != nil {
			b.Fatalf("%s %s: %v", method, target, err)
		}
	}
	return rec
}
