// Package ledgerbench drives a ledger with concurrent clients for the
// throughput benchmarks of the writer and of the API (issue 11): every
// transfer moves money between two of 10 hot accounts, one transfer per
// request, and the run reports transfers/s and the latency of a request.
package ledgerbench

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

// Hot is the number of hot accounts, named HotAccount(0) … HotAccount(Hot-1).
const Hot = 10

// HotAccount is the id of hot account i.
func HotAccount(i int) string { return fmt.Sprintf("hot%d", i) }

// Transfer is the k-th transfer of a run (k from 1): its id is prefix
// followed by k, its accounts two distinct hot accounts that every pair of
// accounts takes in turn, its amount 1 to 1,000 won.
func Transfer(prefix string, k int64) ledger.Transfer {
	return ledger.Transfer{ID: fmt.Sprintf("%s%d", prefix, k), DebitAccount: HotAccount(int(k % Hot)),
		CreditAccount: HotAccount(int((k + 1 + (k/Hot)%(Hot-1)) % Hot)), Amount: 1 + k%1000}
}

// Result is what a run measured.
type Result struct {
	Transfers int
	Elapsed   time.Duration
	P50, P99  time.Duration
}

// PerSecond is the run's throughput in transfers per second.
func (r Result) PerSecond() float64 { return float64(r.Transfers) / r.Elapsed.Seconds() }

// Run has clients goroutines send transfers 1 … n, each by one call of
// send, and times each call. It stops at the first error and returns it.
func Run(n, clients int, send func(k int64) error) (Result, error) {
	var next atomic.Int64
	lat := make([][]time.Duration, clients)
	errs := make([]error, clients)
	var failed atomic.Bool
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for !failed.Load() {
				k := next.Add(1)
				if k > int64(n) {
					return
				}
				t0 := time.Now()
				if err := send(k); err != nil {
					errs[c] = fmt.Errorf("transfer %d: %w", k, err)
					failed.Store(true)
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	res := Result{Elapsed: time.Since(start)}
	for _, err := range errs {
		if err != nil {
			return res, err
		}
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	res.Transfers = len(all)
	if len(all) > 0 {
		res.P50, res.P99 = all[len(all)/2], all[len(all)*99/100]
	}
	return res, nil
}

// Metrics are a result as benchmark metrics: name and value pairs for
// testing.B's ReportMetric.
func (r Result) Metrics() map[string]float64 {
	return map[string]float64{
		"transfers/s": r.PerSecond(),
		"p50_ms":      float64(r.P50.Microseconds()) / 1000,
		"p99_ms":      float64(r.P99.Microseconds()) / 1000,
	}
}
