// Package store keeps sangsaeng's data in an embedded DuckDB database. It is
// the only package that speaks SQL; a PostgreSQL engine will sit behind the
// same methods.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ErrNotFound is returned when the asked-for thing does not exist.
var ErrNotFound = errors.New("not found")

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open sangsaeng database.
type DB struct {
	db        *sql.DB
	connector *duckdb.Connector
	path      string

	// Now is the clock releases, users, sessions and transfers are stamped
	// with, and the ledger's expiries run on.
	Now func() time.Time

	ledgerOnce sync.Once
	ledger     *LedgerWriter
	ledgerErr  error

	cache principalCache

	auditOnce  sync.Once
	auditQueue chan auditRequest
	auditDone  chan struct{}
}

// Options tune the engine.
type Options struct {
	// MemoryLimit caps DuckDB's buffer memory, e.g. "256MB"; "" leaves
	// DuckDB's default (80% of RAM). Past it, DuckDB spills to disk.
	MemoryLimit string
}

// Open opens (creating if needed) the DuckDB database at path and brings its
// schema up to date. An empty path opens a private in-memory database.
func Open(ctx context.Context, path string) (*DB, error) {
	return OpenWith(ctx, path, Options{})
}

// OpenWith is Open with engine options.
func OpenWith(ctx context.Context, path string, opt Options) (*DB, error) {
	if opt.MemoryLimit != "" && !validSize(opt.MemoryLimit) {
		return nil, fmt.Errorf("memory limit %q: want a size such as 256MB or 2GB", opt.MemoryLimit)
	}
	connector, err := duckdb.NewConnector(path, func(execer driver.ExecerContext) error {
		if opt.MemoryLimit == "" {
			return nil
		}
		// Connections are opened lazily, long after Open's ctx may be done.
		_, err := execer.ExecContext(context.Background(), "SET memory_limit = '"+opt.MemoryLimit+"'", nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db := &DB{db: sql.OpenDB(connector), connector: connector, path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return db, nil
}

// Close stops the ledger writer, if started, and closes the database.
func (db *DB) Close() error {
	db.ledgerOnce.Do(func() {}) // a ledger not started stays unstarted
	if db.ledger != nil {
		db.ledger.stop()
		db.ledger, db.ledgerErr = nil, ErrLedgerClosed
	}
	db.stopAudit()
	err := db.db.Close()
	if cerr := db.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.db.PingContext(ctx)
}

// migrate applies, each in its own transaction, the embedded migrations not
// yet recorded in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		if err := db.applyMigration(ctx, version, base, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, version int, base, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations VALUES (?, ?, ?)`, version, base, db.Now().UTC()); err != nil {
		return err
	}
	return tx.Commit()
}

var sizePattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$`)

// validSize reports whether s is a DuckDB memory size such as 256MB.
func validSize(s string) bool { return sizePattern.MatchString(s) }
