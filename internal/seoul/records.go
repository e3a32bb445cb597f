package seoul

import (
	"fmt"
	"io"
)

// RecordSource is a table decoded elsewhere, as text cells: a Parquet file,
// which the store's engine reads. Cells are as a CSV would have them: ""
// for a null.
type RecordSource interface {
	// Header returns the column names.
	Header() []string
	// Next returns the next row's cells, io.EOF after the last.
	Next() ([]string, error)
}

// recordRows reads a RecordSource; errors name the row ("row 3", counted
// from 1) where CSV errors name the line.
type recordRows struct {
	src      RecordSource
	encoding string
	p        *rowParser
	n        int
}

// ReadRecords recognises the dataset of a table from its header, like
// ReadCSV, and returns its rows. format names the file's format ("Parquet")
// where CSV files name their encoding.
func ReadRecords(src RecordSource, format, file string, known Validator) (Rows, error) {
	header := src.Header()
	s, colOf, err := detect(file, header)
	if err != nil {
		if e, ok := err.(*Error); ok {
			e.Pos = "header"
		}
		return nil, err
	}
	return &recordRows{src: src, encoding: format, p: newRowParser(file, s, colOf, known)}, nil
}

func (r *recordRows) Schema() *Schema  { return r.p.schema }
func (r *recordRows) Encoding() string { return r.encoding }

func (r *recordRows) Next(dst []any) (int, error) {
	cells, err := r.src.Next()
	if err == io.EOF {
		if r.p.rows == 0 {
			return 0, &Error{File: r.p.file, Reason: NoRowsReason}
		}
		return 0, io.EOF
	}
	r.n++
	if err != nil {
		return r.n, &Error{File: r.p.file, Pos: fmt.Sprintf("row %d", r.n), Reason: err.Error()}
	}
	if len(cells) != len(r.p.colOf) {
		return r.n, &Error{File: r.p.file, Pos: fmt.Sprintf("row %d", r.n),
			Reason: fmt.Sprintf("%d fields, the header has %d", len(cells), len(r.p.colOf))}
	}
	if err := r.p.parse(r.n, cells, dst); err != nil {
		if e, ok := err.(*Error); ok {
			e.Pos = fmt.Sprintf("row %d", r.n)
		}
		return r.n, err
	}
	return r.n, nil
}

func (r *recordRows) Result() ([]Warning, []string, int) {
	w, q := r.p.result()
	return w, q, r.p.rows
}
