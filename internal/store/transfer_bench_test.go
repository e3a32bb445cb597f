package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

// BenchmarkTransfers64 is the ledger's throughput through the batching
// writer: 64 clients, each sending one-transfer requests, every transfer
// between two of 10 hot accounts. It reports transfers/s and the p99
// latency of a request (answered after its commit).
//
//	go test -run XXX -bench Transfers64 -benchtime 5000x ./internal/store
func BenchmarkTransfers64(b *testing.B) {
	db, err := Open(context.Background(), b.TempDir()+"/bench.duckdb")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
		b.Fatal(err)
	}
	for i := range 10 {
		if _, err := db.CreateAccount(ctx, ledger.Account{ID: fmt.Sprintf("hot%d", i), Name: "hot", Owner: "kt"}, Meta{}); err != nil {
			b.Fatal(err)
		}
	}
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
				t0 := time.Now()
				_, err := db.Transfers(ctx, []ledger.Transfer{{ID: fmt.Sprintf("b%d", n), DebitAccount: fmt.Sprintf("hot%d", n%10),
					CreditAccount: fmt.Sprintf("hot%d", (n+1+(n/10)%9)%10), Amount: 1 + n%1000}}, Meta{RequestID: "bench"})
				if err != nil {
					b.Error(err)
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
	if rep, err := db.Check(ctx); err != nil || !rep.Balanced {
		b.Fatalf("check: %+v %v", rep, err)
	}
}
