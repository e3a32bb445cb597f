// Package storetest yields fresh databases of each engine the store runs on,
// for the tests of any package: DuckDB always, PostgreSQL when
// SANGSAENG_TEST_PG names a server where the tests may create and drop
// databases.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"
)

// EnvPG names the variable that holds the PostgreSQL URL tests connect to,
// e.g. postgres://sangsaeng@127.0.0.1:5432/postgres. Its role must be
// allowed to create databases.
const EnvPG = "SANGSAENG_TEST_PG"

// Engines are the engines' names, in the order Each runs them.
var Engines = []string{"duckdb", "postgres"}

// Each runs fn as one subtest per engine, named for it, with the --db value
// of a fresh, empty database of that engine. Without SANGSAENG_TEST_PG the
// PostgreSQL subtest skips, saying why.
func Each(t *testing.T, fn func(t *testing.T, db string)) {
	t.Helper()
	for _, e := range Engines {
		t.Run(e, func(t *testing.T) {
			fn(t, Fresh(t, e))
		})
	}
}

// Fresh returns the --db value of a fresh, empty database of the engine
// named, removed when the test ends.
func Fresh(t testing.TB, engine string) string {
	t.Helper()
	if engine == "postgres" {
		return Postgres(t)
	}
	return filepath.Join(t.TempDir(), "t.duckdb")
}

// Available reports whether SANGSAENG_TEST_PG names a server to test on.
func Available() bool { return os.Getenv(EnvPG) != "" }

// Postgres returns the URL of a fresh database on the server SANGSAENG_TEST_PG
// names, dropped when the test ends; without the variable the test skips.
func Postgres(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPG)
	if admin == "" {
		t.Skip(EnvPG + " is not set: no PostgreSQL server to test on (.ci/run starts one; see README)")
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s does not parse as a URL", EnvPG)
	}
	var b [8]byte
	rand.Read(b[:])
	name := "sangsaeng_test_" + hex.EncodeToString(b[:])
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvPG, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Errorf("drop test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}
