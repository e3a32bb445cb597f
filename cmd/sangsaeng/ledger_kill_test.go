package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// binary builds sangsaeng into a temporary folder.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds and kills the real binary")
	}
	bin := filepath.Join(t.TempDir(), "sangsaeng")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// proc is a running sangsaeng serve.
type proc struct {
	cmd *exec.Cmd
	url string
}

func startBinary(t *testing.T, bin, db string) *proc {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--db", db, "--addr", "127.0.0.1:0", "--log-level", "warn")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "serving on ") {
				lines <- sc.Text()
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case l := <-lines:
		return &proc{cmd: cmd, url: strings.TrimSpace(l[strings.Index(l, "http://"):])}
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start")
	}
	return nil
}

// api sends a JSON request with the bearer token; it returns the status
// (0 if the request failed) and the body.
func api(client *http.Client, token, method, url, body string) (int, []byte) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil
	}
	return resp.StatusCode, b
}

type wireTransfer struct {
	ID            string `json:"id"`
	DebitAccount  string `json:"debit_account,omitempty"`
	CreditAccount string `json:"credit_account,omitempty"`
	Amount        int64  `json:"amount,omitempty"`
	Pending       bool   `json:"pending,omitempty"`
	PostPending   string `json:"post_pending,omitempty"`
	VoidPending   string `json:"void_pending,omitempty"`
	TimeoutS      int64  `json:"timeout_s,omitempty"`
}

// TestKillUnderLoad starts the real binary on a DuckDB file, drives 64
// clients at it, kills it with SIGKILL mid-load, restarts it and wants every
// acknowledged transfer there exactly once with what was acknowledged, every
// batch there whole or not at all, and the check balanced.
func TestKillUnderLoad(t *testing.T) {
	bin := binary(t)
	db := filepath.Join(t.TempDir(), "ledger.duckdb")
	for _, args := range [][]string{
		{"orgs", "add", "--db", db, "--id", "kt", "--kind", "operator", "--name", "KT"},
		{"users", "add", "--db", db, "--email", "root@example.com", "--role", "admin", "--password-stdin"},
	} {
		if code, _, stderr := cli(t, "correct horse battery\n", args...); code != 0 {
			t.Fatalf("%v: %s", args, stderr)
		}
	}
	_, out, _ := cli(t, "", "users", "token", "--db", db, "--email", "root@example.com")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	token := lines[len(lines)-1]

	p := startBinary(t, bin, db)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	accounts := []string{"bank", "budget", "wallet", "shop", "shop2"}
	for _, a := range accounts {
		flags := "[]"
		if a == "budget" || a == "wallet" {
			flags = `["debits_must_not_exceed_credits"]`
		}
		if code, b := api(client, token, "POST", p.url+"/api/v1/ledger/accounts", fmt.Sprintf(`{"id":%q,"name":%q,"owner":"kt","flags":%s}`, a, a, flags)); code != 201 {
			t.Fatalf("account %s: %d %s", a, code, b)
		}
	}

	type sentBatch struct {
		ids   []string
		acked map[string]wireTransfer // id → what the server answered (amount, kind)
	}
	var (
		mu      sync.Mutex
		batches []*sentBatch
		acked   = map[string]int64{} // id → acknowledged amount
		nAcked  atomic.Int64
		stop    atomic.Bool
		wg      sync.WaitGroup
	)
	for c := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 99))
			var mine []string
			var sent []string
			for i := 0; !stop.Load(); i++ {
				var body string
				sb := &sentBatch{}
				if len(sent) > 0 && rng.IntN(8) == 0 {
					body = sent[rng.IntN(len(sent))] // a replay
				} else {
					var ts []wireTransfer
					for j := range 1 + rng.IntN(3) {
						tr := wireTransfer{ID: fmt.Sprintf("k%d-%d-%d", c, i, j)}
						switch k := rng.IntN(10); {
						case k < 5 || len(mine) == 0:
							tr.DebitAccount, tr.CreditAccount = accounts[rng.IntN(5)], accounts[rng.IntN(5)]
							tr.Amount = 1 + rng.Int64N(500)
							if rng.IntN(3) == 0 {
								tr.Pending, tr.TimeoutS = true, rng.Int64N(3)
							}
						case k < 8:
							tr.PostPending = mine[rng.IntN(len(mine))]
						default:
							tr.VoidPending = mine[rng.IntN(len(mine))]
						}
						ts = append(ts, tr)
						sb.ids = append(sb.ids, tr.ID)
					}
					b, _ := json.Marshal(map[string]any{"transfers": ts})
					body = string(b)
					mu.Lock()
					batches = append(batches, sb)
					mu.Unlock()
				}
				code, b := api(client, token, "POST", p.url+"/api/v1/ledger/transfers", body)
				if code == 0 {
					return // the server is gone
				}
				if code != 200 && code != 201 {
					continue
				}
				var res struct {
					Transfers []struct {
						ID     string `json:"id"`
						Amount int64  `json:"amount"`
						Status string `json:"status"`
					} `json:"transfers"`
				}
				if err := json.Unmarshal(b, &res); err != nil {
					t.Errorf("answer %s: %v", b, err)
					return
				}
				sent = append(sent, body)
				mu.Lock()
				for _, r := range res.Transfers {
					acked[r.ID] = r.Amount
					if r.Status == "pending" && code == 201 {
						mine = append(mine, r.ID)
					}
				}
				mu.Unlock()
				nAcked.Add(int64(len(res.Transfers)))
			}
		}()
	}
	deadline := time.Now().Add(20 * time.Second)
	for nAcked.Load() < 1500 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	p.cmd.Wait()
	stop.Store(true)
	wg.Wait()
	t.Logf("killed after %d acknowledged transfers in %d batches sent", nAcked.Load(), len(batches))

	p = startBinary(t, bin, db)
	stored := map[string]int{}
	storedAmount := map[string]int64{}
	for _, a := range accounts {
		after := int64(0)
		for {
			code, b := api(client, token, "GET", fmt.Sprintf("%s/api/v1/ledger/accounts/%s/transfers?limit=1000&after=%d", p.url, a, after), "")
			if code != 200 {
				t.Fatalf("list %s: %d %s", a, code, b)
			}
			var page struct {
				Transfers []struct {
					ID           *string `json:"id"`
					DebitAccount string  `json:"debit_account"`
					Amount       int64   `json:"amount"`
				} `json:"transfers"`
				Next *int64 `json:"next"`
			}
			json.Unmarshal(b, &page)
			for _, tr := range page.Transfers {
				if tr.ID != nil && tr.DebitAccount == a { // count each transfer once, on its debit side
					stored[*tr.ID]++
					storedAmount[*tr.ID] = tr.Amount
				}
			}
			if page.Next == nil {
				break
			}
			after = *page.Next
		}
	}
	for id, amount := range acked {
		if stored[id] != 1 || storedAmount[id] != amount {
			t.Errorf("acknowledged %s (%d won): stored %d times, %d won", id, amount, stored[id], storedAmount[id])
		}
	}
	whole, none := 0, 0
	for _, b := range batches {
		n := 0
		for _, id := range b.ids {
			n += stored[id]
		}
		switch n {
		case 0:
			none++
		case len(b.ids):
			whole++
		default:
			t.Errorf("batch %v: %d of %d transfers stored", b.ids, n, len(b.ids))
		}
	}
	t.Logf("after restart: %d transfers stored, batches whole %d, absent %d", len(stored), whole, none)
	code, b := api(client, token, "GET", p.url+"/api/v1/ledger/check", "")
	var rep struct {
		Balanced  bool     `json:"balanced"`
		Transfers int      `json:"transfers"`
		Problems  []string `json:"problems"`
	}
	if json.Unmarshal(b, &rep); code != 200 || !rep.Balanced {
		t.Errorf("check after restart: %d %s", code, b)
	}
	if code, b := api(client, token, "POST", p.url+"/api/v1/ledger/transfers", `{"transfers":[{"id":"after-restart","debit_account":"bank","credit_account":"shop","amount":1}]}`); code != 201 {
		t.Errorf("transfer after restart: %d %s", code, bytes.TrimSpace(b))
	}
}
