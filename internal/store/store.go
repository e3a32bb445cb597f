// Package store keeps sangsaeng's application data, in an embedded DuckDB
// file (the default) or in a PostgreSQL database. It is the only package
// that speaks SQL to it; both engines run the same queries (see engine.go).
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ErrNotFound is returned when the asked-for thing does not exist.
var ErrNotFound = errors.New("not found")

// Migrations are numbered files, one folder per engine:
// migrations/duckdb/NNNN_name.sql and migrations/postgres/NNNN_name.sql. A
// new migration is added to both folders, under the same name, in each
// engine's SQL (PostgreSQL says DOUBLE PRECISION for DOUBLE and BYTEA for
// BLOB; indexes the queries need on PostgreSQL go in its file only);
// TestEnginesHaveTheSameMigrations and TestEnginesHaveTheSameColumns hold
// the two folders together.
//
//go:embed migrations
var migrationFS embed.FS

// DB is an open sangsaeng database.
type DB struct {
	db        pool
	dialect   *dialect
	connector *duckdb.Connector // DuckDB only
	name      string            // the file, or the server and database, for messages

	// Now is the clock releases, users, sessions and transfers are stamped
	// with, and the ledger's expiries run on.
	Now func() time.Time

	ledgerMu    sync.Mutex // guards the ledger's start
	ledgerTried time.Time  // the last start refused ErrLedgerHeld
	ledger      *LedgerWriter
	ledgerErr   error

	cache principalCache

	programLocks sync.Map // program id → *sync.Mutex: a program's writes take turns (program.go)

	auditOnce  sync.Once
	auditQueue chan auditRequest
	auditDone  chan struct{}
}

// Options tune the engine.
type Options struct {
	// MemoryLimit caps DuckDB's buffer memory, e.g. "256MB"; "" leaves
	// DuckDB's default (80% of RAM). Past it, DuckDB spills to disk. A
	// PostgreSQL server has its own settings; it is not used there.
	MemoryLimit string
}

// Open opens a database and brings its schema up to date: a PostgreSQL
// database if source is a postgres:// or postgresql:// URL, else the DuckDB
// file at source, created if needed. An empty source opens a private
// in-memory DuckDB database.
func Open(ctx context.Context, source string) (*DB, error) {
	return OpenWith(ctx, source, Options{})
}

// OpenWith is Open with engine options.
func OpenWith(ctx context.Context, source string, opt Options) (*DB, error) {
	if opt.MemoryLimit != "" && !validSize(opt.MemoryLimit) {
		return nil, fmt.Errorf("memory limit %q: want a size such as 256MB or 2GB", opt.MemoryLimit)
	}
	var db *DB
	var err error
	if isPostgresURL(source) {
		db, err = openPostgres(ctx, source)
	} else {
		db, err = openDuckDB(source, opt)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", db.name, err)
	}
	return db, nil
}

// openPostgres opens the database at url through pgx's database/sql driver.
func openPostgres(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's message may hold the URL's password.
		return nil, errors.New("open postgres: the URL does not parse")
	}
	name := fmt.Sprintf("postgres %s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	sqldb := stdlib.OpenDB(*cfg)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	d := &dialect{name: Postgres, dollar: true}
	return &DB{db: pool{db: sqldb, d: d}, dialect: d, name: name, Now: time.Now}, nil
}

// openDuckDB opens the DuckDB file (in memory if "").
func openDuckDB(file string, opt Options) (*DB, error) {
	connector, err := duckdb.NewConnector(file, func(execer driver.ExecerContext) error {
		if opt.MemoryLimit == "" {
			return nil
		}
		// Connections are opened lazily, long after Open's ctx may be done.
		_, err := execer.ExecContext(context.Background(), "SET memory_limit = '"+opt.MemoryLimit+"'", nil)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", file, err)
	}
	d := &dialect{name: DuckDB}
	return &DB{db: pool{db: sql.OpenDB(connector), d: d}, dialect: d, connector: connector, name: file, Now: time.Now}, nil
}

// Close stops the ledger writer, if started, and closes the database.
func (db *DB) Close() error {
	db.ledgerMu.Lock()
	if db.ledger != nil {
		db.ledger.stop()
	}
	db.ledger, db.ledgerErr = nil, ErrLedgerClosed // a ledger not started stays unstarted
	db.ledgerMu.Unlock()
	db.stopAudit()
	err := db.db.Close()
	if db.connector != nil {
		if cerr := db.connector.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// Engine names the engine the database runs on: DuckDB or Postgres.
func (db *DB) Engine() string { return db.dialect.name }

// SchemaVersion is the number of the newest migration applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v sql.NullInt64
	err := db.db.QueryRowContext(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v)
	return int(v.Int64), err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	return db.db.PingContext(ctx)
}

// migrate applies, each in its own transaction, the embedded migrations not
// yet recorded in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	if db.dialect.name == Postgres {
		// Servers starting at once on one database take turns: the
		// lock is the session's, held on a connection of its own.
		c, err := db.db.Conn(ctx)
		if err != nil {
			return err
		}
		defer c.Close()
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_lock(?)", migrationLock); err != nil {
			return err
		}
		defer c.ExecContext(context.Background(), "SELECT pg_advisory_unlock(?)", migrationLock)
	}
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return err
	}
	names, err := migrationFiles(db.dialect.name)
	if err != nil {
		return err
	}
	for _, name := range names {
		base := path.Base(name)
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

// migrationFiles lists the embedded migrations of an engine in order. A
// .sql file left in migrations/ itself, for no engine, is an error rather
// than a migration silently not applied.
func migrationFiles(engine string) ([]string, error) {
	if loose, _ := fs.Glob(migrationFS, "migrations/*.sql"); len(loose) > 0 {
		return nil, fmt.Errorf("%s: a migration goes in migrations/duckdb and migrations/postgres", loose[0])
	}
	names, err := fs.Glob(migrationFS, "migrations/"+engine+"/*.sql")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	return names, nil
}

// migrationLock is the PostgreSQL advisory lock migrate holds.
const migrationLock int64 = 0x73616e6773616e67 // "sangsang"

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
