package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// TableCopy is what Copy moved of one table.
type TableCopy struct {
	Table    string `json:"table"`
	Rows     int64  `json:"rows"`
	Checksum string `json:"checksum"` // the same in the source and, read back, the target
}

// ErrCopyMismatch marks a copy whose target, read back, does not hold what
// was read from the source. Nothing was committed.
var ErrCopyMismatch = errors.New("copy does not match its source")

// Copy copies every table of src (releases, slices and every dataset, all
// releases live or superseded) into dst, an empty database of either
// engine at the same schema version, in one transaction on dst. Before it
// commits, it reads every table back from dst and checks its row count and
// checksum (an order-free sum of a SHA-256 of each row's values) against
// those of the rows read from src; on any difference it fails with
// ErrCopyMismatch and dst stays empty.
func Copy(ctx context.Context, src, dst *DB) ([]TableCopy, error) {
	sv, err := src.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	dv, err := dst.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if sv != dv {
		return nil, fmt.Errorf("source at schema version %d, target at %d: open both with this sangsaeng first", sv, dv)
	}
	var n int64
	if err := dst.db.QueryRowContext(ctx, "SELECT count(*) FROM releases").Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fmt.Errorf("target %s holds %d releases: copy into an empty database", dst.name, n)
	}
	tables, err := tableColumns(ctx, src.db)
	if err != nil {
		return nil, err
	}
	dtables, err := tableColumns(ctx, dst.db)
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		i := slices.IndexFunc(dtables, func(d table) bool { return d.name == t.name })
		if i < 0 || !slices.Equal(dtables[i].cols, t.cols) || !slices.Equal(dtables[i].types, t.types) {
			return nil, fmt.Errorf("table %s differs between source and target", t.name)
		}
	}

	// The source is read in one transaction: one state of it, whatever
	// lands meanwhile.
	var opts *sql.TxOptions
	if src.dialect.name == Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	rtx, err := src.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer rtx.Rollback()

	conn, err := dst.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	var out []TableCopy
	for _, t := range tables {
		sum := &checksum{}
		err := bulkLoad(ctx, conn, t.name, t.cols, func(add func([]any) error) error {
			return scanTable(ctx, rtx, t, func(vals []any) error {
				sum.add(t.types, vals)
				return add(vals)
			})
		})
		if err != nil {
			return nil, fmt.Errorf("copy %s: %w", t.name, err)
		}
		back := &checksum{}
		if err := scanTable(ctx, conn, t, func(vals []any) error {
			back.add(t.types, vals)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("read back %s: %w", t.name, err)
		}
		if back.rows != sum.rows || back.sum != sum.sum {
			return nil, fmt.Errorf("%w: table %s: %d rows, checksum %s in the source; %d rows, checksum %s in the target",
				ErrCopyMismatch, t.name, sum.rows, sum.hex(), back.rows, back.hex())
		}
		out = append(out, TableCopy{Table: t.name, Rows: sum.rows, Checksum: sum.hex()})
	}
	if err := dst.dialect.restartReleaseIDs(ctx, conn); err != nil {
		return nil, err
	}
	for _, t := range tables {
		if err := dst.dialect.analyze(ctx, conn, t.name); err != nil {
			return nil, err
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return nil, fmt.Errorf("commit copy: %w", err)
	}
	committed = true
	return out, nil
}

// table is a table's columns and their types, as DuckDB names them.
type table struct {
	name        string
	cols, types []string
}

// pgTypeNames are PostgreSQL's names of the types the migrations use, as
// DuckDB names them.
var pgTypeNames = map[string]string{
	"character varying": "VARCHAR", "text": "VARCHAR", "bigint": "BIGINT", "integer": "INTEGER",
	"double precision": "DOUBLE", "bytea": "BLOB", "boolean": "BOOLEAN", "timestamp without time zone": "TIMESTAMP",
}

// tableColumns lists the application's tables (all but schema_migrations)
// with their columns in table order.
func tableColumns(ctx context.Context, db pool) ([]table, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'schema_migrations'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []table
	for rows.Next() {
		var name, col, typ string
		if err := rows.Scan(&name, &col, &typ); err != nil {
			return nil, err
		}
		if d, ok := pgTypeNames[typ]; ok {
			typ = d
		}
		if len(out) == 0 || out[len(out)-1].name != name {
			out = append(out, table{name: name})
		}
		t := &out[len(out)-1]
		t.cols, t.types = append(t.cols, col), append(t.types, strings.ToUpper(typ))
	}
	return out, rows.Err()
}

// querier runs a query: the pool, a connection or a transaction.
type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// scanTable calls fn with every row of t, its values of the types t names
// (int32 for INTEGER, int64, float64, string, []byte, time.Time, bool; nil
// for NULL), whichever engine it comes from. fn must not keep vals.
func scanTable(ctx context.Context, q querier, t table, fn func(vals []any) error) error {
	rows, err := q.QueryContext(ctx, "SELECT "+strings.Join(t.cols, ", ")+" FROM "+t.name)
	if err != nil {
		return err
	}
	defer rows.Close()
	raw := make([]any, len(t.cols))
	ptrs := make([]any, len(t.cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	vals := make([]any, len(t.cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range raw {
			if vals[i], err = asType(t.types[i], v); err != nil {
				return fmt.Errorf("column %s: %w", t.cols[i], err)
			}
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// asType is v, as a driver gave it, as the Go type of the SQL type typ.
func asType(typ string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch typ {
	case "INTEGER":
		switch x := v.(type) {
		case int32:
			return x, nil
		case int64:
			if x >= math.MinInt32 && x <= math.MaxInt32 {
				return int32(x), nil
			}
		}
	case "BIGINT":
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		}
	case "DOUBLE":
		if x, ok := v.(float64); ok {
			return x, nil
		}
	case "VARCHAR":
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case "BLOB":
		switch x := v.(type) {
		case []byte:
			return slices.Clone(x), nil
		case string:
			return []byte(x), nil
		}
	case "TIMESTAMP":
		if x, ok := v.(time.Time); ok {
			return x.UTC(), nil
		}
	case "BOOLEAN":
		if x, ok := v.(bool); ok {
			return x, nil
		}
	}
	return nil, fmt.Errorf("a %T for a %s", v, typ)
}

// checksum is an order-free checksum of rows: the sum, modulo 2^64, of the
// first 8 bytes of a SHA-256 of each row's values.
type checksum struct {
	rows int64
	sum  uint64
	buf  []byte
}

func (c *checksum) add(types []string, vals []any) {
	b := c.buf[:0]
	for _, v := range vals {
		switch x := v.(type) {
		case nil:
			b = append(b, 'N')
		case int32:
			b = strconv.AppendInt(append(b, 'I'), int64(x), 10)
		case int64:
			b = strconv.AppendInt(append(b, 'I'), x, 10)
		case float64:
			b = binary.BigEndian.AppendUint64(append(b, 'F'), math.Float64bits(x))
		case string:
			b = append(binary.BigEndian.AppendUint64(append(b, 'S'), uint64(len(x))), x...)
		case []byte:
			b = append(binary.BigEndian.AppendUint64(append(b, 'B'), uint64(len(x))), x...)
		case time.Time:
			b = binary.BigEndian.AppendUint64(append(b, 'T'), uint64(x.UnixMicro()))
		case bool:
			b = strconv.AppendBool(append(b, 'b'), x)
		}
	}
	h := sha256.Sum256(b)
	c.sum += binary.BigEndian.Uint64(h[:8])
	c.rows++
	c.buf = b
}

func (c *checksum) hex() string { return fmt.Sprintf("%016x", c.sum) }
