package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	// The same bytes again change nothing.
	code, stdout, stderr = sangsaeng(t, getenv, "ingest", areas)
	if code != 0 || !strings.Contains(stdout, "unchanged") {
		t.Errorf("second ingest: exit code %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	// A URL that names no reachable server fails with a message that keeps
	// the password out.
	code, _, stderr = sangsaeng(t, envOf(), "datasets", "--db", "postgres://u:secret@127.0.0.1:1/none?connect_timeout=2")
	if code != 1 || strings.Contains(stderr, "secret") || !strings.Contains(stderr, "127.0.0.1") {
		t.Errorf("datasets on an unreachable server: exit code %d, stderr %q; want 1, naming the host, not the password", code, stderr)
	}
}
