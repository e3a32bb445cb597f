package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// TestCommandsOnPostgres runs the commands that take --db on a PostgreSQL
// URL, given by SANGSAENG_DB as by the flag.
func TestCommandsOnPostgres(t *testing.T) {
	noDefaultDB(t)
	url := storetest.Postgres(t)
	dir := t.TempDir()
	areas := filepath.Join(dir, "areas.csv")
	if err := os.WriteFile(areas, []byte(syntheticAreas), 0o644); err != nil {
		t.Fatal(err)
	}
	getenv := envOf("SANGSAENG_DB", url, "SANGSAENG_PROGRESS", "never")
	code, stdout, stderr := sangsaeng(t, getenv, "ingest", areas)
	if code != 0 || !strings.Contains(stdout, "areas release 1, 2 rows") {
		t.Fatalf("ingest: exit code %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, stderr = sangsaeng(t, envOf(), "datasets", "--db", url)
	if code != 0 {
		t.Fatalf("datasets: exit code %d; stderr:\n%s", code, stderr)
	}
	if rows, releases := datasetsLine(t, stdout, "areas"); rows != "2" || releases != "1" {
		t.Errorf("datasets on PostgreSQL: areas has %s rows in %s releases, want 2 in 1", rows, releases)
	}
	// A mistyped database name is an error, as a missing DuckDB file is,
	// and creates nothing.
	typo := url[:strings.LastIndex(url, "/")] + "/sangsaeng_no_such_db?sslmode=disable"
	code, _, stderr = sangsaeng(t, envOf(), "datasets", "--db", typo)
	if code != 1 || !strings.Contains(stderr, `database "sangsaeng_no_such_db" does not exist`) {
		t.Errorf("datasets on a database that does not exist: exit code %d, stderr %q; want 1, naming it", code, stderr)
	}
	// The same bytes again change nothing.
	code, stdout, stderr = sangsaeng(t, getenv, "ingest", areas)
	if code != 0 || !strings.Contains(stdout, "unchanged") {
		t.Errorf("second ingest: exit code %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// While another process writes the database's ledger, serve starts and
	// serves reads, saying that its ledger writes answer 503.
	holder, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := holder.Ledger(); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--log-level", "error"}, getenv, &out, &errOut)
	}()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(out.String(), "serving on") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	holder.Close()
	if code := <-exit; code != 0 || !strings.Contains(out.String(), "serving on") ||
		!strings.Contains(errOut.String(), "another process writes this database's ledger: this one serves reads") {
		t.Errorf("serve beside another writer: exit code %d, stdout %q, stderr %q; want it served, saying its ledger writes answer 503", code, out.String(), errOut.String())
	}
	// A URL that names no reachable server fails with a message that keeps
	// the password out.
	code, _, stderr = sangsaeng(t, envOf(), "datasets", "--db", "postgres://u:secret@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || strings.Contains(stderr, "secret") || !strings.Contains(stderr, "127.0.0.1") {
		t.Errorf("datasets on an unreachable server: exit code %d, stderr %q; want 1, naming the host, not the password", code, stderr)
	}
}

// TestCopyCommand copies a DuckDB file to PostgreSQL (to another DuckDB file
// without a server) and back, and finds the same datasets at each end.
func TestCopyCommand(t *testing.T) {
	noDefaultDB(t)
	dir := t.TempDir()
	areas := filepath.Join(dir, "areas.csv")
	if err := os.WriteFile(areas, []byte(syntheticAreas), 0o644); err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(dir, "first.duckdb")
	if code, _, stderr := sangsaeng(t, envOf("SANGSAENG_PROGRESS", "never"), "ingest", "--db", first, areas); code != 0 {
		t.Fatalf("ingest: exit code %d; stderr:\n%s", code, stderr)
	}
	middle := filepath.Join(dir, "middle.duckdb")
	if storetest.Available() {
		middle = storetest.Postgres(t)
	}
	last := filepath.Join(dir, "last.duckdb")
	var sums []string
	for _, hop := range [][2]string{{first, middle}, {middle, last}} {
		code, stdout, stderr := sangsaeng(t, envOf(), "copy", "--from", hop[0], "--to", hop[1])
		if code != 0 || !strings.Contains(stdout, "row counts and checksums match") {
			t.Fatalf("copy: exit code %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		sums = append(sums, stdout[:strings.LastIndex(stdout, "copied")])
	}
	if sums[0] != sums[1] {
		t.Errorf("tables of the first copy:\n%s\nof the second:\n%s\nwant the same rows and checksums", sums[0], sums[1])
	}
	code, stdout, stderr := sangsaeng(t, envOf(), "datasets", "--db", last)
	if rows, releases := datasetsLine(t, stdout, "areas"); code != 0 || rows != "2" || releases != "1" {
		t.Errorf("datasets after the round trip: areas has %s rows in %s releases (exit %d, %s), want 2 in 1", rows, releases, code, stderr)
	}
	code, _, stderr = sangsaeng(t, envOf(), "copy", "--from", first, "--to", last)
	if code != 1 || !strings.Contains(stderr, "empty database") {
		t.Errorf("copy into a database with data: exit code %d, stderr %q; want 1 and a refusal", code, stderr)
	}
	if code, _, _ := sangsaeng(t, envOf(), "copy", "--from", first); code != 2 {
		t.Errorf("copy without --to: exit code %d, want 2", code)
	}
}
