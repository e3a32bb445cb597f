package duckbatch

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2" // also the "duckdb" driver of ParquetFile's private engine
)

// ParquetFile streams a Parquet file's rows as text cells (seoul.RecordSource),
// read by a private in-memory DuckDB so that it holds no connection of the
// database it is ingested into. Every column is cast to text as DuckDB
// writes it; a null is "".
type ParquetFile struct {
	db     *sql.DB
	rows   *sql.Rows
	header []string
	vals   []sql.NullString
	ptrs   []any
}

// OpenParquet opens a Parquet file for reading; Close releases it.
func OpenParquet(ctx context.Context, path string) (*ParquetFile, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT COLUMNS(*)::VARCHAR FROM read_parquet(?)", path)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", path, err)
	}
	header, err := rows.Columns()
	if err != nil {
		rows.Close()
		db.Close()
		return nil, err
	}
	p := &ParquetFile{db: db, rows: rows, header: header, vals: make([]sql.NullString, len(header)), ptrs: make([]any, len(header))}
	for i := range p.vals {
		p.ptrs[i] = &p.vals[i]
	}
	return p, nil
}

// Header returns the column names.
func (p *ParquetFile) Header() []string { return p.header }

// Next returns the next row's cells, io.EOF after the last.
func (p *ParquetFile) Next() ([]string, error) {
	if !p.rows.Next() {
		if err := p.rows.Err(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	if err := p.rows.Scan(p.ptrs...); err != nil {
		return nil, err
	}
	cells := make([]string, len(p.vals))
	for i, v := range p.vals {
		cells[i] = v.String
	}
	return cells, nil
}

// Close releases the file and the private engine.
func (p *ParquetFile) Close() error {
	return errors.Join(p.rows.Close(), p.db.Close())
}

// A FileColumn names a column of a CSV file and its DuckDB type.
type FileColumn struct {
	Name, Type string
}

// FileColumns turns "name TYPE" pairs into columns.
func FileColumns(specs ...string) []FileColumn {
	cols := make([]FileColumn, len(specs))
	for i, s := range specs {
		name, typ, _ := strings.Cut(s, " ")
		cols[i] = FileColumn{Name: name, Type: typ}
	}
	return cols
}

// CSVToParquet converts a UTF-8 CSV file with a header row into a Parquet
// file (zstd), reading the columns as the given types; empty cells become
// NULL. It uses a private in-memory DuckDB and streams, whatever the size.
func CSVToParquet(ctx context.Context, csvPath, parquetPath string, cols []FileColumn, memoryLimit string) error {
	if memoryLimit != "" && !validSize(memoryLimit) {
		return fmt.Errorf("memory limit %q: want a size such as 256MB or 2GB", memoryLimit)
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return err
	}
	defer connector.Close()
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if memoryLimit != "" {
		if _, err := conn.ExecContext(ctx, "SET memory_limit = '"+memoryLimit+"'"); err != nil {
			return err
		}
	}
	// COPY takes no parameters: names and types are quoted here.
	var spec []string
	for _, c := range cols {
		spec = append(spec, sqlString(c.Name)+": "+sqlString(c.Type))
	}
	q := fmt.Sprintf(`COPY (SELECT * FROM read_csv(%s, header = true, delim = ',', quote = '"', nullstr = '', columns = {%s}))
		TO %s (FORMAT parquet, COMPRESSION zstd)`, sqlString(csvPath), strings.Join(spec, ", "), sqlString(parquetPath))
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("convert %s to Parquet: %w", csvPath, err)
	}
	return nil
}
