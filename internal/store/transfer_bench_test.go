package store

import (
	"context"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
	"github.com/sangsaeng/sangsaeng/internal/ledgerbench"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// BenchmarkTransfers64 is the ledger's throughput through the batching
// writer on each engine (PostgreSQL when SANGSAENG_TEST_PG is set): 64
// clients, each sending one-transfer requests, every transfer between two
// of 10 hot accounts (see ledgerbench). It reports transfers/s and the p50
// and p99 latency of a request (answered after its commit), and checks the
// ledger's invariants after.
//
//	go test -run XXX -bench Transfers64 -benchtime 20000x ./internal/store
func BenchmarkTransfers64(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			db, err := Open(context.Background(), storetest.Fresh(b, engine))
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if err := db.CreateOrg(ctx, &Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
				b.Fatal(err)
			}
			for i := range ledgerbench.Hot {
				if _, err := db.CreateAccount(ctx, ledger.Account{ID: ledgerbench.HotAccount(i), Name: "hot", Owner: "kt"}, Meta{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			res, err := ledgerbench.Run(b.N, 64, func(k int64) error {
				_, err := db.Transfers(ctx, []ledger.Transfer{ledgerbench.Transfer("b", k)}, Meta{RequestID: "bench"})
				return err
			})
			b.StopTimer()
			if err != nil {
				b.Fatal(err)
			}
			for name, v := range res.Metrics() {
				b.ReportMetric(v, name)
			}
			if rep, err := db.Check(ctx); err != nil || !rep.Balanced {
				b.Fatalf("check: %+v %v", rep, err)
			}
		})
	}
}
