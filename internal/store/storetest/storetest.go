// Package storetest yields fresh databases of each engine the store runs on,
// for the tests of any package: DuckDB always, PostgreSQL when
// SANGSAENG_TEST_PG names a server where the tests may create and drop
// databases.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	neturl "net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
	if !Available() {
		t.Skip(EnvPG + " is not set: no PostgreSQL server to test on (.ci/run starts one; see README)")
	}
	url, drop, err := NewPostgres(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := drop(); err != nil {
			t.Error(err)
		}
	})
	return url
}

// NewPostgres creates a fresh database on the server SANGSAENG_TEST_PG
// names, for tests that share one database (built in TestMain, say), and
// returns its URL and the function that drops it.
func NewPostgres(ctx context.Context) (url string, drop func() error, err error) {
	admin := os.Getenv(EnvPG)
	u, err := neturl.Parse(admin)
	if err != nil || admin == "" {
		return "", nil, fmt.Errorf("%s is not a URL", EnvPG)
	}
	var b [8]byte
	rand.Read(b[:])
	name := "sangsaeng_test_" + hex.EncodeToString(b[:])
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", nil, fmt.Errorf("connect to %s: %w", EnvPG, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		return "", nil, fmt.Errorf("create test database: %w", err)
	}
	drop = func() error {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return fmt.Errorf("drop test database %s: %w", name, err)
		}
		defer conn.Close(ctx)
		// WITH (FORCE) ends the tests' leftover sessions, but a role
		// without pg_signal_backend is refused it (42501) while a process
		// it may not signal is in the database (seen under load, most
		// likely an autovacuum worker after a bulk load, which a plain DROP
		// ends itself). Try both, a few times.
		for try := 0; ; try++ {
			_, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			var pgErr *pgconn.PgError
			if err == nil || !errors.As(err, &pgErr) || pgErr.Code != "42501" || try == 20 {
				if err != nil {
					return fmt.Errorf("drop test database %s: %w", name, err)
				}
				return nil
			}
			if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name); err == nil {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
