package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	_ "github.com/duckdb/duckdb-go/v2" // the "duckdb" driver of ParquetFile's private engine
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
