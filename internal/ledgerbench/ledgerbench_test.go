package ledgerbench

import (
	"errors"
	"sync"
	"testing"
)

func TestTransfer(t *testing.T) {
	pairs := map[[2]string]bool{}
	for k := int64(1); k <= 200; k++ {
		tr := Transfer("b", k)
		if err := tr.Validate(); err != nil {
			t.Fatalf("transfer %d: %v", k, err)
		}
		if tr.DebitAccount == tr.CreditAccount {
			t.Fatalf("transfer %d moves %s to itself", k, tr.DebitAccount)
		}
		pairs[[2]string{tr.DebitAccount, tr.CreditAccount}] = true
	}
	if len(pairs) != Hot*(Hot-1) {
		t.Errorf("200 transfers use %d ordered pairs of accounts, want all %d", len(pairs), Hot*(Hot-1))
	}
}

func TestRun(t *testing.T) {
	var mu sync.Mutex
	seen := map[int64]int{}
	res, err := Run(1000, 8, func(k int64) error {
		mu.Lock()
		seen[k]++
		mu.Unlock()
		return nil
	})
	if err != nil || res.Transfers != 1000 || len(seen) != 1000 || res.P99 < res.P50 {
		t.Fatalf("Run = %+v, %v; %d distinct transfers sent, want 1000 each once", res, err, len(seen))
	}
	for k, n := range seen {
		if k < 1 || k > 1000 || n != 1 {
			t.Fatalf("transfer %d sent %d times", k, n)
		}
	}
	boom := errors.New("boom")
	if _, err := Run(100, 4, func(k int64) error {
		if k == 50 {
			return boom
		}
		return nil
	}); !errors.Is(err, boom) {
		t.Errorf("Run with a failing send: error %v, want boom", err)
	}
}
