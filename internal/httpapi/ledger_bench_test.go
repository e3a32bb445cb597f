package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// BenchmarkTransfersHTTP64 is the API's ledger throughput: 64 clients over
// real HTTP with Bearer tokens, one transfer per request, every transfer
// between two of 10 hot accounts; it reports transfers/s and p99 latency.
//
//	go test -run XXX -bench TransfersHTTP64 -benchtime 5000x ./internal/httpapi
func BenchmarkTransfersHTTP64(b *testing.B) {
	w := newWorld(b)
	w.db.Now = time.Now
	ctx := context.Background()
	for i := range 10 {
		if _, err := w.db.CreateAccount(ctx, ledger.Account{ID: fmt.Sprintf("hot%d", i), Name: "hot", Owner: "kt"}, store.Meta{}); err != nil {
			b.Fatal(err)
		}
	}
	srv := httptest.NewServer(w.h)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	token := w.tokens["staff"]
	var next atomic.Int64
	lat := make([][]time.Duration, 64)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for c := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				n := next.Add(1)
				if n > int64(b.N) {
					return
				}
				body := fmt.Sprintf(`{"transfers":[{"id":"b%d","debit_account":"hot%d","credit_account":"hot%d","amount":%d}]}`,
					n, n%10, (n+1+(n/10)%9)%10, 1+n%1000)
				req, _ := http.NewRequest("POST", srv.URL+"/api/v1/ledger/transfers", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 201 {
					b.Errorf("status %d", resp.StatusCode)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "transfers/s")
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99_ms")
	}
}
