package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The two engines the store runs on. Everything that differs between them is
// in this file and in bulk.go (how rows are loaded); every other query is
// one SQL text for both, written with ? placeholders and types both know.
const (
	DuckDB   = "duckdb"
	Postgres = "postgres"
)

// EngineOf returns the engine a --db value names: Postgres for a
// postgres:// or postgresql:// URL, else DuckDB (a file).
func EngineOf(source string) string {
	if isPostgresURL(source) {
		return Postgres
	}
	return DuckDB
}

// isPostgresURL reports whether a --db value names a PostgreSQL database
// rather than a DuckDB file.
func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// dialect is what the store does differently per engine.
type dialect struct {
	name string
	// dollar: placeholders are $1, $2, … rather than ?.
	dollar bool

	mu      sync.Mutex
	rebound map[string]string // query text → its text for the engine
}

// maxRebound bounds the cache of rebound queries; the store's queries are a
// few hundred texts (one per dataset and filter shape).
const maxRebound = 4096

// rebind returns q with its ? placeholders written as the engine wants them,
// rewriting each query text once.
func (d *dialect) rebind(q string) string {
	if !d.dollar || !strings.Contains(q, "?") {
		return q
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if r, ok := d.rebound[q]; ok {
		return r
	}
	r := dollarPlaceholders(q)
	if d.rebound == nil {
		d.rebound = make(map[string]string)
	}
	if len(d.rebound) < maxRebound {
		d.rebound[q] = r
	}
	return r
}

// dollarPlaceholders numbers the ? of q as $1, $2, …, leaving alone those in
// string literals, quoted names and comments.
func dollarPlaceholders(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(q) && q[j] != c {
				j++
			}
			// A doubled quote inside the literal is two literals back
			// to back, which this loop copies the same way.
			b.WriteString(q[i:min(j+1, len(q))])
			i = j
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// groupKey is the expression checkKeys groups a release's rows by first: on
// DuckDB the hash of the key columns, a far smaller aggregate than the key;
// PostgreSQL groups by the columns themselves (it has no portable row hash,
// and sorts or hashes the key on its own).
func (d *dialect) groupKey(cols string) string {
	if d.name == DuckDB {
		return "hash(" + cols + ")"
	}
	return cols
}

// analyze refreshes the planner's statistics of a table, in the
// transaction of c, on PostgreSQL (DuckDB keeps its own as it goes). After a
// release lands the statistics must know the new rows: with the old ones
// the planner joins the live slices by nested loops, seconds long.
func (d *dialect) analyze(ctx context.Context, c *dbConn, table string) error {
	if d.name != Postgres {
		return nil
	}
	if _, err := c.ExecContext(ctx, "ANALYZE "+table); err != nil {
		return fmt.Errorf("analyze %s: %w", table, err)
	}
	return nil
}

// snapshot is the option of a read-only transaction whose statements all
// see one state of the data: REPEATABLE READ on PostgreSQL, whose default,
// READ COMMITTED, gives each statement its own; a DuckDB transaction is one
// snapshot already.
func (d *dialect) snapshot() *sql.TxOptions {
	if d.name != Postgres {
		return nil
	}
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// nextIDs is the query of n (its parameter) numbers from the sequence seq,
// one per row.
func (d *dialect) nextIDs(seq string) string {
	if d.name == Postgres {
		return "SELECT nextval('" + seq + "') FROM generate_series(1, ?)"
	}
	return "SELECT nextval('" + seq + "') FROM range(?)"
}

// idSequences are the sequences that number the rows of a table, each
// with its table: after Copy each starts one past the largest id copied.
var idSequences = []struct{ seq, table string }{
	{"release_ids", "releases"},
	{"activation_ids", "activations"},
	{"audit_ids", "audit_log"},
}

// restartIDs makes the next id of every sequence in idSequences one past
// the largest in its table, in the transaction of c (after Copy).
func (d *dialect) restartIDs(ctx context.Context, c *dbConn) error {
	for _, s := range idSequences {
		var next int64
		if err := c.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM "+s.table).Scan(&next); err != nil {
			return err
		}
		q := fmt.Sprintf("SELECT setval('%s', %d, false)", s.seq, next)
		if d.name == DuckDB {
			// DuckDB has no setval: the sequence is made anew.
			if _, err := c.ExecContext(ctx, "DROP SEQUENCE "+s.seq); err != nil {
				return err
			}
			q = fmt.Sprintf("CREATE SEQUENCE %s START %d", s.seq, next)
		}
		if _, err := c.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("restart %s: %w", s.seq, err)
		}
	}
	return nil
}

// pool is database/sql's pool with every query text rebound for the engine.
// In a read view (see ReadView) its queries run in the view's transaction.
type pool struct {
	db   *sql.DB
	d    *dialect
	view *sql.Tx
}

// errView is the error of writing through a read view.
var errView = errors.New("a read view only reads")

func (p pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if p.view != nil {
		return p.view.QueryContext(ctx, p.d.rebind(q), args...)
	}
	return p.db.QueryContext(ctx, p.d.rebind(q), args...)
}

func (p pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if p.view != nil {
		return p.view.QueryRowContext(ctx, p.d.rebind(q), args...)
	}
	return p.db.QueryRowContext(ctx, p.d.rebind(q), args...)
}

func (p pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if p.view != nil {
		return nil, errView
	}
	return p.db.ExecContext(ctx, p.d.rebind(q), args...)
}

func (p pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*dbTx, error) {
	if p.view != nil {
		return nil, errView
	}
	t, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &dbTx{Tx: t, d: p.d}, nil
}

func (p pool) Conn(ctx context.Context) (*dbConn, error) {
	if p.view != nil {
		return nil, errView
	}
	c, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &dbConn{Conn: c, d: p.d}, nil
}

func (p pool) PingContext(ctx context.Context) error { return p.db.PingContext(ctx) }

func (p pool) Close() error {
	if p.view != nil {
		return errView
	}
	return p.db.Close()
}

// ReadView runs fn with a view of db in which every read sees one state of
// the data, the state at the view's first read: its queries run in one read-only
// transaction (REPEATABLE READ on PostgreSQL; a DuckDB transaction is a
// snapshot), so that what fn reads never mixes the states before and after
// a release lands. The view only reads, and only within fn, one query at a
// time.
func (db *DB) ReadView(ctx context.Context, fn func(view *DB) error) error {
	tx, err := db.db.db.BeginTx(ctx, db.dialect.snapshot())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The view shares the pool and the engine, not the writers and caches.
	view := &DB{db: db.db, dialect: db.dialect, name: db.name, Now: db.Now}
	view.db.view = tx
	return fn(view)
}

// dbConn is one connection of the pool, its queries rebound.
type dbConn struct {
	*sql.Conn
	d *dialect
}

func (c *dbConn) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.Conn.QueryContext(ctx, c.d.rebind(q), args...)
}

func (c *dbConn) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return c.Conn.QueryRowContext(ctx, c.d.rebind(q), args...)
}

func (c *dbConn) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.Conn.ExecContext(ctx, c.d.rebind(q), args...)
}

// dbTx is a transaction, its queries rebound.
type dbTx struct {
	*sql.Tx
	d *dialect
}

func (t *dbTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.Tx.QueryContext(ctx, t.d.rebind(q), args...)
}

func (t *dbTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.Tx.QueryRowContext(ctx, t.d.rebind(q), args...)
}

func (t *dbTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.Tx.ExecContext(ctx, t.d.rebind(q), args...)
}
