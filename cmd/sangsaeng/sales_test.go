package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// TestSalesImport imports a synthetic card-sales feed on both engines: a
// business's stores are summed, merchants without a business number are
// left out and counted, the same files twice change nothing, a bad row is
// named and stores nothing, and the stored panel equals the one built from
// the files.
func TestSalesImport(t *testing.T) {
	dir, _ := synthPanel(t, "--merchants", "30", "--treated", "6", "--weeks", "9", "--cohorts", "1")
	// M000001 loses its business number; M000003 becomes a second store of
	// M000002's business.
	master := filepath.Join(dir, "merchants.csv")
	body, err := os.ReadFile(master)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(body), "\n")
	biz := func(line string) string { return strings.Split(line, ",")[1] }
	shared := biz(lines[2])
	lines[1] = strings.Replace(lines[1], biz(lines[1]), "", 1)
	lines[3] = strings.Replace(lines[3], biz(lines[3]), shared, 1)
	if err := os.WriteFile(master, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	sales := filepath.Join(dir, "sales.csv")
	bad := filepath.Join(dir, "bad.csv")
	salesBody, _ := os.ReadFile(sales)
	if err := os.WriteFile(bad, append(salesBody, []byte("M000004,2024-03-01,11-14,F,30,-5,1\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	want, err := fusion.BuildPanel(context.Background(), fusion.PanelOptions{Merchants: master, Sales: sales, Period: "month", Outcome: "amount"})
	if err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db string) {
		run := func(file string) (int, string, string) {
			return sangsaeng(t, os.Getenv, "sales", "import", "--db", db, "--sales", file, "--merchants", master)
		}
		code, _, errOut := run(bad)
		if code != 1 || !strings.Contains(errOut, "bad.csv") || !strings.Contains(errOut, "amount") {
			t.Errorf("a bad row: exit %d, %q; want 1 naming the file and the column", code, errOut)
		}
		code, out, errOut := run(sales)
		if code != 0 || !strings.Contains(out, "(import 1)") || !strings.Contains(out, "1764 business-days of 28 businesses") ||
			!strings.Contains(out, "63 sales rows of merchants without a business_no") {
			t.Fatalf("import: exit %d\n%s%s", code, out, errOut)
		}
		code, out, _ = run(sales)
		if code != 0 || !strings.Contains(out, "already imported (import 1") {
			t.Errorf("the same files again: exit %d, %q", code, out)
		}
		sdb, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		p, err := sdb.MerchantSalesPanel(context.Background(), store.SalesPanelQuery{Treated: []string{shared}, Period: "month"})
		if err != nil {
			t.Fatal(err)
		}
		T := len(want.Starts)
		if len(p.Starts) != T || !p.Starts[0].Equal(want.Starts[0]) {
			t.Fatalf("stored panel starts %v, want %v", p.Starts, want.Starts)
		}
		var u int
		for u = range p.Units {
			if p.Units[u].BusinessNo == shared {
				break
			}
		}
		if p.Units[u].Stores != 2 {
			t.Errorf("business %s has %d stores, want 2", shared, p.Units[u].Stores)
		}
		for tt := range T {
			// Merchants 2 and 3 (indices 1 and 2, by id) are the business.
			w := int64(want.Y[1*T+tt] + want.Y[2*T+tt])
			if got := p.Amount[u*T+tt]; got != w {
				t.Errorf("%s, period %d: amount %d, want %d", shared, tt, got, w)
			}
		}
	})
}
