package store

import (
	"context"
	"database/sql"
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

// restartReleaseIDs makes the next release id one past the largest in the
// releases table, in the transaction of c (after Copy).
func (d *dialect) restartReleaseIDs(ctx context.Context, c *dbConn) error {
	var next int64
	if err := c.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) + 1 FROM releases").Scan(&next); err != nil {
		return err
	}
	q := fmt.Sprintf("SELECT setval('release_ids', %d, false)", next)
	if d.name == DuckDB {
		// DuckDB has no setval: the sequence is made anew.
		if _, err := c.ExecContext(ctx, "DROP SEQUENCE release_ids"); err != nil {
			return err
		}
		q = fmt.Sprintf("CREATE SEQUENCE release_ids START %d", next)
	}
	_, err := c.ExecContext(ctx, q)
	return err
}

// pool is database/sql's pool with every query text rebound for the engine.
type pool struct {
	db *sql.DB
	d  *dialect
}

func (p pool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, p.d.rebind(q), args...)
}

func (p pool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.db.QueryRowContext(ctx, p.d.rebind(q), args...)
}

func (p pool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.db.ExecContext(ctx, p.d.rebind(q), args...)
}

func (p pool) BeginTx(ctx context.Context, opts *sql.TxOptions) (*dbTx, error) {
	t, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &dbTx{Tx: t, d: p.d}, nil
}

func (p pool) Conn(ctx context.Context) (*dbConn, error) {
	c, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return &dbConn{Conn: c, d: p.d}, nil
}

func (p pool) PingContext(ctx context.Context) error { return p.db.PingContext(ctx) }
func (p pool) Close() error                          { return p.db.Close() }

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
