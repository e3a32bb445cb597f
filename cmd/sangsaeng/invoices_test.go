package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/earlypay"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// TestInvoicesImport: the finance team's import, a CP949 file with flags
// after it, once; again (nothing new); a bad file refused whole, naming
// its line and column.
func TestInvoicesImport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "t.duckdb")
	ctx := context.Background()
	s, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateOrg(ctx, &store.Org{ID: "kt", Kind: "operator", Name: "KT"}); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateEarlyPayment(ctx, &store.EarlyPayment{ID: "seol", Operator: "kt", Name: "설", PayDate: time.Date(2027, 2, 5, 0, 0, 0, 0, time.UTC),
		WithinDays: 30, Budget: 1_000_000, Mode: earlypay.ModeSangsaeng}, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	write := func(name, text string) string {
		b, err := korean.EUCKR.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "사업자등록번호,계산서번호,발행일,지급기일,금액\n220-81-62517,세금계산서-1,2027-01-10,2027-02-15,\"1,000,000\"\n1248100998,세금계산서-2,20270110,20270220,500000\n")
	bad := write("bad.csv", "사업자등록번호,계산서번호,발행일,지급기일,금액\n220-81-62517,세금계산서-3,2027-01-10,2027-02-15,1000\n220-81-62517,세금계산서-4,2027-01-10,2027-02-15,일천원\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"import", []string{"invoices", "import", good, "--run", "seol", "--db", db}, 0, "imported 2 invoices (CP949) into the books of kt for run seol; 0 already imported"},
		{"again, flags first", []string{"invoices", "import", "--db", db, "--run", "seol", good}, 0, "imported 0 invoices (CP949) into the books of kt for run seol; 2 already imported"},
		{"bad row", []string{"invoices", "import", bad, "--run", "seol", "--db", db}, 1, "line 3, amount: \"일천원\" is not a whole number of won"},
		{"unknown run", []string{"invoices", "import", good, "--run", "nope", "--db", db}, 1, "early payment nope: not found"},
		{"no database", []string{"invoices", "import", good, "--run", "seol", "--db", filepath.Join(dir, "typo.duckdb")}, 1, "no database at"},
	}
	for _, tt := range tests {
		code, stdout, stderr := cli(t, "", tt.args...)
		got := stdout
		if tt.code != 0 {
			got = stderr
		}
		if code != tt.code || !strings.Contains(got, tt.output) {
			t.Errorf("%s: exit %d, %q; want %d, %q", tt.name, code, got, tt.code, tt.output)
		}
	}
	s, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	open, err := s.OpenInvoices(ctx, "kt")
	if err != nil || len(open) != 2 {
		t.Errorf("the books hold %d invoices (%v), want the good file's 2 and nothing of the bad one", len(open), err)
	}
}
