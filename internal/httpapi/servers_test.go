package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

const (
	areasHeader  = "상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,엑스좌표_값,와이좌표_값,자치구_코드,자치구_코드_명,행정동_코드,행정동_코드_명,영역_면적\n"
	storesHeader = "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,서비스_업종_코드,서비스_업종_코드_명,점포_수,유사_업종_점포_수,개업_율,개업_점포_수,폐업_률,폐업_점포_수,프랜차이즈_점포_수\n"
)

// storesFile writes a 점포-상권 file: for each quarter, district and of 50
// industries, n stores.
func storesFile(t *testing.T, path string, quarters []string, districts, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(storesHeader)
	for _, q := range quarters {
		for c := 1; c <= districts; c++ {
			for i := 1; i <= 50; i++ {
				fmt.Fprintf(&b, "%s,A,골목상권,%d,상권,CS1%05d,업종,%d,%d,0,0,0,0,1\n", q, 3110000+c, i, n, n+1)
			}
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTwoServersAndAnIngest runs two API servers, each with its own
// connections, on one PostgreSQL database while a third process's ingest
// replaces the stores of quarter 20241 (1 store per industry, then 2): no
// answer mixes the two releases, no server goes back to the old one, and
// neither answers from the old one a request sent more than a second after
// the ingest's commit.
func TestTwoServersAndAnIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the two-server test")
	}
	url := storetest.Postgres(t)
	dir := t.TempDir()
	ctx := context.Background()
	loader, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer loader.Close()
	const districts = 200
	var areas strings.Builder
	areas.WriteString(areasHeader)
	for i := 1; i <= districts; i++ {
		fmt.Fprintf(&areas, "A,골목상권,%d,상권%d,%d,%d,11110,종로구,11110515,청운효자동,%d\n", 3110000+i, i, 197000+i, 453000+i, 1000*i)
	}
	if err := os.WriteFile(filepath.Join(dir, "areas.csv"), []byte(areas.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	in := &ingest.Ingester{DB: loader}
	for _, f := range []string{filepath.Join(dir, "areas.csv"), storesFile(t, filepath.Join(dir, "v1.csv"), []string{"20241"}, districts, 1)} {
		if _, err := in.File(ctx, f); err != nil {
			t.Fatal(err)
		}
	}
	// The new release covers 20241 again and 24 more quarters, so that its
	// load takes a while: 25 x 200 x 50 = 250,000 rows.
	var quarters []string
	for y := 2015; y <= 2020; y++ {
		for q := 1; q <= 4; q++ {
			quarters = append(quarters, fmt.Sprintf("%d%d", y, q))
		}
	}
	v2 := storesFile(t, filepath.Join(dir, "v2.csv"), append(quarters, "20241"), districts, 2)

	var servers [2]*httptest.Server
	for i := range servers {
		db, err := store.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		servers[i] = httptest.NewServer(httpapi.New(db, slog.New(slog.DiscardHandler), httpapi.Options{}))
		defer servers[i].Close()
	}

	// stores asks a server for the stores of district 3110001 in 20241 and
	// returns the one count all its 50 industries share.
	stores := func(srv *httptest.Server) (int, error) {
		res, err := http.Get(srv.URL + "/api/v1/districts/3110001/quarters/20241")
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("status %d: %s", res.StatusCode, body)
		}
		var rep struct {
			Stores []struct {
				Stores int `json:"stores"`
			} `json:"stores"`
		}
		if err := json.Unmarshal(body, &rep); err != nil {
			return 0, err
		}
		if len(rep.Stores) != 50 {
			return 0, fmt.Errorf("%d industries, want 50", len(rep.Stores))
		}
		for _, s := range rep.Stores {
			if s.Stores != rep.Stores[0].Stores {
				return 0, fmt.Errorf("industries with %d and %d stores: an answer mixes releases", rep.Stores[0].Stores, s.Stores)
			}
		}
		return rep.Stores[0].Stores, nil
	}
	for i, srv := range servers {
		if n, err := stores(srv); err != nil || n != 1 {
			t.Fatalf("server %d before the ingest: %d stores, %v; want 1", i, n, err)
		}
	}

	// Each server is polled until it has answered three requests sent more
	// than a second after the commit. A stale answer is an answer of the
	// old release to a request sent more than a second after the commit,
	// however long the request then takes on a busy machine.
	var committed atomic.Pointer[time.Time]
	var wg sync.WaitGroup
	var errs [2]error
	var fresh [2]int // answers to requests sent a second or more after the commit
	for i, srv := range servers {
		wg.Go(func() {
			seenNew := false
			deadline := time.Now().Add(2 * time.Minute)
			for fresh[i] < 3 && time.Now().Before(deadline) {
				sent := time.Now()
				n, err := stores(srv)
				late := false
				if c := committed.Load(); c != nil && sent.Sub(*c) > time.Second {
					late = true
				}
				switch {
				case err != nil:
					errs[i] = err
					return
				case n != 1 && n != 2:
					errs[i] = fmt.Errorf("%d stores, want 1 or 2", n)
					return
				case n == 1 && seenNew:
					errs[i] = fmt.Errorf("the old release again after the new one")
					return
				case n == 1 && late:
					errs[i] = fmt.Errorf("the old release to a request sent %v after the commit", sent.Sub(*committed.Load()).Round(time.Millisecond))
					return
				}
				seenNew = seenNew || n == 2
				if late {
					fresh[i]++
				}
				time.Sleep(10 * time.Millisecond)
			}
			if fresh[i] < 3 {
				errs[i] = fmt.Errorf("%d answers in two minutes after the commit, want 3", fresh[i])
			}
		})
	}
	_, err = in.File(ctx, v2)
	now := time.Now()
	committed.Store(&now)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	for i := range servers {
		if errs[i] != nil {
			t.Errorf("server %d: %v", i, errs[i])
		}
	}
}
