package store

import (
	"bytes"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
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
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		return db.copyCSV(ctx, rel, path, f, columns, func() error { return nil })
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

// IngestCSVFrom is IngestCSV for a prepared file still being written at
// path: r reads it as it is written and ends where the writing ends (with
// the writing's error if it failed); ready waits for the writing to end and
// sets rel's Rows, Quarters and Warnings. rel.Dataset is set. The engine
// loads the rows as they are written, in the release's transaction: on
// PostgreSQL by COPY (see copyCSV), on DuckDB by its CSV reader reading
// them from a pipe (see pipeCSV); ready is called once r is at its end and
// the loader has read it all. Where a pipe cannot be opened by name (no
// /proc), DuckDB reads the file at path once ready returns. An error of r or
// ready is returned as it is, and nothing is stored.
func (db *DB) IngestCSVFrom(ctx context.Context, rel *Release, path string, r io.Reader, columns []string, ready func() error) error {
	if db.dialect.name == Postgres {
		return db.copyCSV(ctx, rel, path, r, columns, ready)
	}
	p, err := openPipe()
	if err != nil {
		if err := ready(); err != nil {
			return err
		}
		return db.IngestCSV(ctx, rel, path, columns)
	}
	defer p.close()
	return db.pipeCSV(ctx, rel, path, p, r, columns, ready)
}

// pipeCSV is IngestCSVFrom on DuckDB: one INSERT reads the prepared rows
// through read_csv from the pipe p while they are fed to it from r, so
// that DuckDB loads the first rows while Go still checks the last. If r
// fails, the INSERT is interrupted and r's error returned; a failed
// INSERT wraps ErrBulkLoad, as in IngestCSV.
func (db *DB) pipeCSV(ctx context.Context, rel *Release, path string, p *pipe, r io.Reader, columns []string, ready func() error) error {
	q, err := insertCSVQuery(rel, p.path, columns)
	if err != nil {
		return err
	}
	return db.inRelease(ctx, rel, func(conn *dbConn) error {
		// As in IngestCSV: rows keep their line, so their order does not
		// matter, and DuckDB loads in parallel in bounded memory.
		if _, err := conn.ExecContext(ctx, "SET preserve_insertion_order = false"); err != nil {
			return err
		}
		defer conn.ExecContext(context.Background(), "RESET preserve_insertion_order")
		qctx, interrupt := context.WithCancel(ctx)
		defer interrupt()
		fed := make(chan error, 1)
		go func() {
			err := p.feed(r)
			if err != nil {
				interrupt()
			}
			fed <- err
		}()
		res, err := conn.ExecContext(qctx, q, rel.ID)
		// DuckDB has closed the pipe: a feed still writing to it ends.
		p.closeRead()
		if rerr := <-fed; rerr != nil {
			return rerr
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrBulkLoad, err)
		}
		if err := ready(); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != rel.Rows {
			return fmt.Errorf("%w: read %d rows of %s, want %d (%v)", ErrBulkLoad, n, path, rel.Rows, err)
		}
		return nil
	})
}

// pipe is an operating-system pipe that DuckDB opens by the name
// /proc/self/fd/N of its read end: it has no other name, so nothing is left
// behind however the process ends.
type pipe struct {
	r, w *os.File
	path string
}

// openPipe opens a pipe, or fails where its read end has no name to open
// it by.
func openPipe() (*pipe, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &pipe{r: r, w: w, path: fmt.Sprintf("/proc/self/fd/%d", r.Fd())}
	if _, err := os.Stat(p.path); err != nil {
		p.close()
		return nil, err
	}
	return p, nil
}

// feed copies src into the pipe and closes its write end, so that the
// reader sees the end where src ends, also where src fails. It returns
// src's error; an error writing to the pipe (its reader gone) is not one:
// the reader says what became of the rows.
func (p *pipe) feed(src io.Reader) error {
	defer p.w.Close()
	buf := make([]byte, 1<<20)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := p.w.Write(buf[:n]); werr != nil {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// closeRead closes the read end: once the reader has closed its own, a
// write to the pipe fails instead of waiting.
func (p *pipe) closeRead() { p.r.Close() }

func (p *pipe) close() {
	p.r.Close()
	p.w.Close()
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

// copyCSV is IngestCSVFrom on PostgreSQL: the prepared file, read from r,
// is streamed, as it is but for two edits per line (see csvCopy), to COPY … FROM STDIN in the
// CSV format, so that PostgreSQL parses each value once, as psql's \copy
// does, and Go neither decodes nor re-encodes them. The keys of the rows are
// hashed on the way: if no two hashes are equal no two keys are, and the
// grouping of the whole table that checkKeys does is not needed.
func (db *DB) copyCSV(ctx context.Context, rel *Release, path string, r io.Reader, columns []string, ready func() error) error {
	s := seoul.SchemaOf(rel.Dataset)
	if s == nil || len(Columns(rel.Dataset)) != len(s.Columns) {
		return fmt.Errorf("%s has columns a CSV file does not give", rel.Dataset)
	}
	numeric := make([]bool, len(columns)+1)
	numeric[0] = true // the line
	var text []string
	for i, name := range columns {
		j := s.Col(name)
		if j < 0 {
			return fmt.Errorf("%s has no column %q", rel.Dataset, name)
		}
		if k := s.Columns[j].Kind; k == seoul.Int || k == seoul.Float {
			numeric[i+1] = true
		} else {
			text = append(text, name)
		}
	}
	var key []int
	for _, name := range keyColumns(rel.Dataset) {
		i := slices.Index(columns, name)
		if i < 0 {
			return fmt.Errorf("%s: the file has no key column %q", rel.Dataset, name)
		}
		key = append(key, i+1)
	}
	// FORCE_NOT_NULL reads an empty text cell as "", not NULL; csvCopy
	// writes an empty number as 0.
	q := fmt.Sprintf("COPY %s (release_id, line, %s) FROM STDIN WITH (FORMAT csv", rel.Dataset, strings.Join(columns, ", "))
	if len(text) > 0 {
		q += ", FORCE_NOT_NULL (" + strings.Join(text, ", ") + ")"
	}
	q += ")"
	return db.inReleaseKeyed(ctx, rel, func(conn *dbConn) (bool, error) {
		src := newCSVCopy(r, rel.ID, numeric, key)
		err := conn.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().PgConn().CopyFrom(ctx, src, q)
			return err
		})
		switch {
		case src.readErr != nil:
			return false, src.readErr
		case src.err != nil:
			return false, fmt.Errorf("%w: %s: %w", ErrBulkLoad, path, src.err)
		case isDataError(err):
			return false, fmt.Errorf("%w: %s: %w", ErrBulkLoad, path, err)
		case err != nil:
			return false, fmt.Errorf("copy %s: %w", rel.Dataset, err)
		}
		if err := ready(); err != nil {
			return false, err
		}
		if src.rows != rel.Rows {
			return false, fmt.Errorf("%w: read %d rows of %s, want %d", ErrBulkLoad, src.rows, path, rel.Rows)
		}
		if err := conn.d.analyze(ctx, conn, string(rel.Dataset)); err != nil {
			return false, err
		}
		return src.keysUnique(), nil
	})
}

// isDataError reports whether err is PostgreSQL refusing a value: a data
// exception (class 22) or a broken constraint (class 23).
func isDataError(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (strings.HasPrefix(pe.Code, "22") || strings.HasPrefix(pe.Code, "23"))
}

// csvCopy reads a prepared file as COPY's CSV input: each line with the
// release's id in front and an empty number cell written as 0. It checks
// that every line has its cells, quotes only around whole text cells and no
// carriage return (which DuckDB's reader refuses too), and keeps a hash of
// each row's key. A
// line it refuses ends the reading with err set, an error of reading the
// file with readErr (and err) set.
type csvCopy struct {
	r       io.Reader
	id      []byte // "id,"
	numeric []bool // by field; field 0 is the line
	key     []int  // the fields of the key
	in      []byte // read, not yet rewritten; holds no whole line
	out     []byte // rewritten, not yet read
	eof     bool
	rows    int64
	seed    maphash.Seed
	hashes  []uint64
	err     error
	readErr error
}

// csvChunk is how much of the file is read at once.
const csvChunk = 1 << 20

func newCSVCopy(r io.Reader, id int64, numeric []bool, key []int) *csvCopy {
	return &csvCopy{r: r, id: strconv.AppendInt(nil, id, 10), numeric: numeric, key: key,
		in: make([]byte, 0, csvChunk), out: make([]byte, 0, csvChunk+csvChunk/4), seed: maphash.MakeSeed()}
}

func (c *csvCopy) Read(p []byte) (int, error) {
	for len(c.out) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		if c.eof {
			return 0, io.EOF
		}
		c.err = c.fill()
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// fill reads the next chunk of the file and rewrites its whole lines into
// c.out.
func (c *csvCopy) fill() error {
	c.out = c.out[:0]
	held := len(c.in)
	if cap(c.in)-held < csvChunk/2 {
		c.in = slices.Grow(c.in, csvChunk)
	}
	n, err := io.ReadFull(c.r, c.in[held:cap(c.in)])
	c.in = c.in[:held+n]
	switch err {
	case nil:
	case io.EOF, io.ErrUnexpectedEOF:
		c.eof = true
		if len(c.in) > 0 && c.in[len(c.in)-1] != '\n' {
			return fmt.Errorf("line %d of the prepared file has no end", c.rows+1)
		}
	default:
		c.readErr = err
		return err
	}
	rest := c.in
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		if err := c.line(rest[:i]); err != nil {
			return err
		}
		rest = rest[i+1:]
	}
	c.in = c.in[:copy(c.in, rest)]
	return nil
}

// line appends one prepared line, without its "\n", to c.out.
func (c *csvCopy) line(l []byte) error {
	c.rows++
	if bytes.IndexByte(l, '\r') >= 0 {
		return fmt.Errorf("row %d: a carriage return", c.rows)
	}
	c.out = append(c.out, c.id...)
	c.out = append(c.out, ',')
	var h maphash.Hash
	h.SetSeed(c.seed)
	k := 0 // the next key field
	done := 0
	for field, i := 0, 0; ; field++ {
		if field == len(c.numeric) {
			return fmt.Errorf("row %d has more than %d cells", c.rows, len(c.numeric))
		}
		end, quoted := i, i < len(l) && l[i] == '"'
		if quoted && c.numeric[field] {
			return fmt.Errorf("row %d: a quoted number", c.rows)
		}
		if quoted {
			end++
			for {
				j := bytes.IndexByte(l[end:], '"')
				if j < 0 {
					return fmt.Errorf("row %d: a quote is not closed", c.rows)
				}
				end += j + 1
				if end < len(l) && l[end] == '"' {
					end++
					continue
				}
				break
			}
			if end < len(l) && l[end] != ',' {
				return fmt.Errorf("row %d: text after a closing quote", c.rows)
			}
		} else {
			if j := bytes.IndexByte(l[i:], ','); j >= 0 {
				end = i + j
			} else {
				end = len(l)
			}
			// COPY would begin a quoted part there.
			if bytes.IndexByte(l[i:end], '"') >= 0 {
				return fmt.Errorf("row %d: a quote inside a cell", c.rows)
			}
		}
		if end == i && c.numeric[field] {
			if field == 0 {
				return fmt.Errorf("row %d has no line number", c.rows)
			}
			c.out = append(append(c.out, l[done:i]...), '0')
			done = i
		}
		if k < len(c.key) && c.key[k] == field {
			cell := l[i:end]
			if quoted {
				cell = bytes.ReplaceAll(cell[1:len(cell)-1], []byte(`""`), []byte(`"`))
			}
			h.Write(cell)
			h.WriteByte(0)
			k++
		}
		if end == len(l) {
			if field != len(c.numeric)-1 {
				return fmt.Errorf("row %d has %d cells, want %d", c.rows, field+1, len(c.numeric))
			}
			break
		}
		i = end + 1
	}
	c.out = append(append(c.out, l[done:]...), '\n')
	c.hashes = append(c.hashes, h.Sum64())
	return nil
}

// keysUnique reports whether the keys of the rows read have distinct
// hashes, and so are distinct. It sorts the hashes.
func (c *csvCopy) keysUnique() bool {
	slices.Sort(c.hashes)
	for i := 1; i < len(c.hashes); i++ {
		if c.hashes[i] == c.hashes[i-1] {
			return false
		}
	}
	return true
}
