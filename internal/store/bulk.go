package store

import (
	"context"
	"database/sql/driver"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// ErrBulkLoad marks a prepared file that the engine's bulk loader did not
// load as it was prepared. Nothing was stored; the rows can still be
// appended one by one with Ingest.
var ErrBulkLoad = errors.New("bulk load failed")

// IngestCSV stores a release, in one transaction like Ingest, from a file
// written by seoul.PrepareCSV: each line is the row's line number, then its
// cells; columns names the schema column of each cell. rel's Dataset, Rows,
// Quarters and Warnings are already set, from the preparation. On DuckDB its
// own CSV reader loads the file, in parallel; on PostgreSQL the rows are
// streamed in by COPY (see copyCSV). An empty number is stored as 0 and
// empty text as "". If the loader fails or reads another number of rows
// than rel.Rows, the error wraps ErrBulkLoad.
func (db *DB) IngestCSV(ctx context.Context, rel *Release, path string, columns []string) error {
	if db.dialect.name == Postgres {
		return db.copyCSV(ctx, rel, path, columns)
	}
	q, err := insertCSVQuery(rel, path, columns)
	if err != nil {
		return err
	}
	return db.inRelease(ctx, rel, func(conn *dbConn) error {
		// Each row keeps its line, so the order rows land in does not
		// matter; not keeping it lets DuckDB load in parallel in bounded
		// memory. The setting is global: it is set back right after.
		if _, err := conn.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "RESET preserve_insertion_order")
		res, err := conn.ExecContext(ctx, q, rel.ID)
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBulkLoad, err)
		}
		if n, err := res.RowsAffected(); err != nil || n != rel.Rows {
			return fmt.Errorf("%w: read %d rows of %s, want %d (%v)", ErrBulkLoad, n, path, rel.Rows, err)
		}
		return nil
	})
}

// insertCSVQuery is the INSERT that loads a prepared file into rel's table;
// its one parameter is the release id.
func insertCSVQuery(rel *Release, path string, columns []string) (string, error) {
	s := seoul.SchemaOf(rel.Dataset)
	if s == nil || len(Columns(rel.Dataset)) != len(s.Columns) {
		return "", fmt.Errorf("%s has columns a CSV file does not give", rel.Dataset)
	}
	names := []string{"release_id", "line"}
	values := []string{"?", "line"}
	types := []string{"'line': 'INTEGER'"}
	for i, name := range columns {
		j := s.Col(name)
		if j < 0 {
			return "", fmt.Errorf("%s has no column %q", rel.Dataset, name)
		}
		typ, zero := "VARCHAR", "''"
		switch s.Columns[j].Kind {
		case seoul.Int:
			typ, zero = "BIGINT", "0"
		case seoul.Float:
			typ, zero = "DOUBLE", "0"
		}
		cell := fmt.Sprintf("c%d", i+1)
		names = append(names, name)
		values = append(values, fmt.Sprintf("coalesce(%s, %s)", cell, zero))
		types = append(types, fmt.Sprintf("'%s': '%s'", cell, typ))
	}
	// 8 MiB buffers (the default is 32): as fast, and 40-70 MB less at
	// the peak with 2 threads.
	return fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM read_csv(%s, header = false, auto_detect = false,
		delim = ',', quote = '"', escape = '"', new_line = '\n', buffer_size = 8388608, columns = {%s})`,
		rel.Dataset, strings.Join(names, ", "), strings.Join(values, ", "), sqlString(path), strings.Join(types, ", ")), nil
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// copyBatch is how many rows pass at once from the writer to COPY.
const copyBatch = 1024

// copyRows runs write with its rows streamed into rel's table, in the
// transaction of conn, by PostgreSQL's COPY FROM STDIN (see copyTable), and
// then refreshes the table's statistics. columns are the table's value
// columns, in the order add takes them.
func copyRows(ctx context.Context, conn *dbConn, rel *Release, columns []string, write func(add AddFunc) error) error {
	cols := append([]string{"release_id", "line"}, columns...)
	n := len(columns)
	row := make([]any, n+2)
	err := copyTable(ctx, conn, string(rel.Dataset), cols, func(add func([]any) error) error {
		return write(func(line int, values []any) error {
			if len(values) != n {
				return fmt.Errorf("%s row has %d values, want %d", rel.Dataset, len(values), n)
			}
			row[0], row[1] = int32(rel.ID), int32(line)
			copy(row[2:], values)
			return add(row)
		})
	})
	if err != nil {
		return err
	}
	return conn.d.analyze(ctx, conn, string(rel.Dataset))
}

// bulkLoad runs write with add appending rows, values in cols order, to a
// table in the transaction of conn: through DuckDB's appender (every
// column of the table, in table order) or PostgreSQL's COPY.
func bulkLoad(ctx context.Context, conn *dbConn, table string, cols []string, write func(add func([]any) error) error) error {
	if conn.d.name == Postgres {
		return copyTable(ctx, conn, table, cols, write)
	}
	row := make([]driver.Value, len(cols))
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		if err != nil {
			return err
		}
		pending := 0
		werr := write(func(vals []any) error {
			for i, v := range vals {
				row[i] = v
			}
			if err := app.AppendRow(row...); err != nil {
				return err
			}
			if pending++; pending == flushRows {
				pending = 0
				return app.Flush()
			}
			return nil
		})
		cerr := app.Close()
		return errors.Join(werr, cerr)
	})
}

// copyTable streams the rows write gives into table, in the transaction of
// conn, by PostgreSQL's COPY FROM STDIN (pgx's CopyFrom, in the binary
// format). It is the engine's own statement for speed: an INSERT per row
// costs a round trip and a parse each, COPY streams the rows in one
// statement, as psql's \copy, the floor, does. add may reuse its slice.
func copyTable(ctx context.Context, conn *dbConn, table string, cols []string, write func(add func([]any) error) error) error {
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		batches := make(chan [][]any, 4)
		stopped := make(chan struct{})
		feed := &copyFeed{batches: batches, i: -1}
		var cerr error
		go func() {
			defer close(stopped)
			_, cerr = pc.CopyFrom(ctx, pgx.Identifier{table}, cols, feed)
		}()
		batch := make([][]any, 0, copyBatch)
		send := func() error {
			select {
			case batches <- batch:
				batch = make([][]any, 0, copyBatch)
				return nil
			case <-stopped:
				return fmt.Errorf("copy %s: %w", table, cerr)
			}
		}
		werr := write(func(vals []any) error {
			if batch = append(batch, slices.Clone(vals)); len(batch) == copyBatch {
				return send()
			}
			return nil
		})
		if werr == nil && len(batch) > 0 {
			werr = send()
		}
		// A failed write ends COPY with its error (Err), so that nothing
		// of it stays.
		feed.err = werr
		close(batches)
		<-stopped
		if werr != nil {
			return werr
		}
		return cerr
	})
}

// copyFeed hands CopyFrom the rows of the batches sent to it.
type copyFeed struct {
	batches <-chan [][]any
	cur     [][]any
	i       int
	err     error // set before batches is closed
}

func (f *copyFeed) Next() bool {
	f.i++
	for f.i >= len(f.cur) {
		b, ok := <-f.batches
		if !ok {
			return false
		}
		f.cur, f.i = b, 0
	}
	return true
}

func (f *copyFeed) Values() ([]any, error) { return f.cur[f.i], nil }
func (f *copyFeed) Err() error             { return f.err }

// copyCSV is IngestCSV on PostgreSQL: the prepared file is read here and its
// rows streamed in by copyRows. COPY's own CSV reader cannot be given the
// file as it is: it would store an empty number as NULL, not 0, and cannot
// add the release's id to each row.
func (db *DB) copyCSV(ctx context.Context, rel *Release, path string, columns []string) error {
	s := seoul.SchemaOf(rel.Dataset)
	if s == nil || len(Columns(rel.Dataset)) != len(s.Columns) {
		return fmt.Errorf("%s has columns a CSV file does not give", rel.Dataset)
	}
	kinds := make([]seoul.Kind, len(columns))
	for i, name := range columns {
		j := s.Col(name)
		if j < 0 {
			return fmt.Errorf("%s has no column %q", rel.Dataset, name)
		}
		kinds[i] = s.Columns[j].Kind
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return db.inRelease(ctx, rel, func(conn *dbConn) error {
		var rows int64
		err := copyRows(ctx, conn, rel, columns, func(add AddFunc) error {
			r := csv.NewReader(f)
			r.ReuseRecord = true
			r.FieldsPerRecord = len(columns) + 1
			vals := make([]any, len(columns))
			for {
				rec, err := r.Read()
				if err == io.EOF {
					return nil
				}
				if err != nil {
					return fmt.Errorf("%w: %s: %w", ErrBulkLoad, path, err)
				}
				line, err := strconv.Atoi(rec[0])
				if err != nil {
					return fmt.Errorf("%w: %s: line number %q", ErrBulkLoad, path, rec[0])
				}
				for i, cell := range rec[1:] {
					if vals[i], err = cellValue(kinds[i], cell); err != nil {
						return fmt.Errorf("%w: %s line %d column %s: %w", ErrBulkLoad, path, line, columns[i], err)
					}
				}
				if err := add(line, vals); err != nil {
					return err
				}
				rows++
			}
		})
		if err != nil {
			return err
		}
		if rows != rel.Rows {
			return fmt.Errorf("%w: read %d rows of %s, want %d", ErrBulkLoad, rows, path, rel.Rows)
		}
		return nil
	})
}

// cellValue is a prepared cell as its column stores it: an empty number is
// 0, empty text "". Text with a carriage return is refused, as DuckDB's
// reader refuses it: Go's CSV reader would drop the \r of a quoted \r\n,
// and the row-by-row path is the one that keeps it.
func cellValue(k seoul.Kind, cell string) (any, error) {
	switch k {
	case seoul.Int:
		if cell == "" {
			return int64(0), nil
		}
		return strconv.ParseInt(cell, 10, 64)
	case seoul.Float:
		if cell == "" {
			return float64(0), nil
		}
		return strconv.ParseFloat(cell, 64)
	}
	if strings.IndexByte(cell, '\r') >= 0 {
		return nil, errors.New("a carriage return in the text")
	}
	return cell, nil
}
