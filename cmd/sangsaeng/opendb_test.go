package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

// TestNoDatabase: the commands that read a database refuse a path where
// there is none, and create nothing there. DuckDB only: a file is what a
// typo creates; a PostgreSQL server refuses a database that does not exist
// (TestCommandsOnPostgres).
func TestNoDatabase(t *testing.T) {
	noDefaultDB(t)
	missing := filepath.Join(t.TempDir(), "typo.duckdb")
	tests := [][]string{
		{"serve", "--addr", "127.0.0.1:0"},
		{"report", "3110008"},
		{"datasets"},
		{"datasets", "--releases"},
		{"reconcile", "1", "2"},
	}
	for _, args := range tests {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := sangsaeng(t, envOf(), append([]string{args[0], "--db", missing}, args[1:]...)...)
			if code != 1 || !strings.Contains(stderr, "no database at "+missing) || !strings.Contains(stderr, "sangsaeng ingest") {
				t.Errorf("exit %d, stderr %q; want 1 and \"no database at %s; create it with sangsaeng ingest…\"", code, stderr, missing)
			}
			if _, err := os.Stat(missing); err == nil {
				t.Fatalf("%s created %s", args[0], missing)
			}
		})
	}
}

// TestHoldDatabase is not a test: run as a child process by TestLockExplained,
// it holds the database SANGSAENG_TEST_HOLD_DB names until its stdin closes.
func TestHoldDatabase(t *testing.T) {
	path := os.Getenv("SANGSAENG_TEST_HOLD_DB")
	if path == "" {
		t.Skip("a helper process of TestLockExplained")
	}
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fmt.Println("holding")
	bufio.NewReader(os.Stdin).ReadString('\n')
}

// TestLockExplained: while another process holds the database (as serve
// does), every command says which process, and what to do, instead of
// DuckDB's raw lock error. DuckDB only: PostgreSQL has no such lock, and
// several processes share a database (httpapi's TestTwoServersAndAnIngest).
func TestLockExplained(t *testing.T) {
	noDefaultDB(t)
	path := filepath.Join(t.TempDir(), "held.duckdb")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	child := exec.Command(os.Args[0], "-test.run=^TestHoldDatabase$", "-test.v")
	child.Env = append(os.Environ(), "SANGSAENG_TEST_HOLD_DB="+path)
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Wait()
	defer stdin.Close()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() && sc.Text() != "holding" {
	}
	go func() {
		for sc.Scan() {
		}
	}()
	pid := fmt.Sprint(child.Process.Pid)
	getenv := envOf("SANGSAENG_DB", path, "SANGSAENG_ADDR", "127.0.0.1:8111", "SANGSAENG_PROGRESS", "never")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"datasets"}, "curl -s http://127.0.0.1:8111/api/v1/datasets"},
		{[]string{"report", "3110008"}, "curl -s 'http://127.0.0.1:8111/api/v1/districts/CODE/indicators"},
		{[]string{"reconcile", "1", "2"}, "run the command again"},
		{[]string{"ingest", filepath.Join(t.TempDir(), "x.csv")}, "ingest, then start the server again"},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, "run the command again"},
	}
	for _, tc := range tests {
		t.Run(tc.args[0], func(t *testing.T) {
			code, _, stderr := sangsaeng(t, getenv, tc.args...)
			for _, want := range []string{"is in use by process " + pid, "kill " + pid, tc.want} {
				if code != 1 || !strings.Contains(stderr, want) {
					t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and %q", code, stderr, want)
				}
			}
			if strings.Contains(stderr, "IO Error") {
				t.Errorf("stderr shows DuckDB's raw error:\n%s", stderr)
			}
		})
	}
}
