package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/ledgerbench"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// BenchmarkTransfersHTTP64 is the API's ledger throughput: 64 clients over
// real HTTP with Bearer tokens, one transfer per request, every transfer
// between two of 10 hot accounts (see ledgerbench); it reports transfers/s
// and the p50 and p99 latency of a request.
//
//	go test -run XXX -bench TransfersHTTP64 -benchtime 20000x ./internal/httpapi
func BenchmarkTransfersHTTP64(b *testing.B) {
	w := newWorld(b)
	w.db.Now = time.Now
	ctx := context.Background()
	for i := range ledgerbench.Hot {
		if _, err := w.db.CreateAccount(ctx, ledger.Account{ID: ledgerbench.HotAccount(i), Name: "hot", Owner: "kt"}, store.Meta{}); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(w.h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	token := w.tokens["staff"]
	b.ResetTimer()
	res, err := ledgerbench.Run(b.N, 64, func(k int64) error {
		t := ledgerbench.Transfer("b", k)
		body := fmt.Sprintf(`{"transfers":[{"id":%q,"debit_account":%q,"credit_account":%q,"amount":%d}]}`,
			t.ID, t.DebitAccount, t.CreditAccount, t.Amount)
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/ledger/transfers", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return nil
	})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	for name, v := range res.Metrics() {
		b.ReportMetric(v, name)
	}
}
