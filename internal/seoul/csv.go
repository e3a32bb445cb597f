package seoul

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Rows is a stream of a tabular file's rows, typed and validated.
type Rows interface {
	// Schema is the dataset the file was recognised as.
	Schema() *Schema
	// Encoding is how the file was written: UTF8, UTF8BOM or CP949
	// ("JSON" and "Shapefile" for those formats).
	Encoding() string
	// Next fills dst, one value per schema column (string, int64 or
	// float64), and returns the row's line (or record) number; io.EOF
	// after the last row. Any other error is an *Error and ends the stream.
	Next(dst []any) (int, error)
	// Result reports the warnings and quarters of the rows read so far;
	// complete after Next returned io.EOF.
	Result() (warnings []Warning, quarters []string, rows int)
}

// csvRows reads a published CSV file.
type csvRows struct {
	r        *csv.Reader
	encoding string
	p        *rowParser
}

// ReadCSV recognises the dataset of a published CSV file from its header and
// returns its rows. file names the file in errors; known, if not nil, checks
// district and 행정동 codes.
func ReadCSV(r io.Reader, file string, known Validator) (Rows, error) {
	text, enc, err := decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	cr := csv.NewReader(text)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &Error{File: file, Reason: "empty file", Err: ErrUnknownFormat}
	}
	if err != nil {
		return nil, csvErr(file, err)
	}
	header = append([]string(nil), header...)
	s, colOf, err := detect(file, header)
	if err != nil {
		return nil, err
	}
	cr.FieldsPerRecord = len(header)
	p := newRowParser(file, s, colOf, known)
	return &csvRows{r: cr, encoding: enc, p: p}, nil
}

func (c *csvRows) Schema() *Schema  { return c.p.schema }
func (c *csvRows) Encoding() string { return c.encoding }

func (c *csvRows) Next(dst []any) (int, error) {
	for {
		rec, err := c.r.Read()
		if err != nil {
			if err == io.EOF {
				return 0, io.EOF
			}
			return 0, csvErr(c.p.file, err)
		}
		line, _ := c.r.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" {
			continue // a blank line
		}
		return line, c.p.parse(line, rec, dst)
	}
}

func (c *csvRows) Result() ([]Warning, []string, int) {
	w, q := c.p.result()
	return w, q, c.p.rows
}

// csvErr turns encoding/csv's errors into an *Error naming line and column.
func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		reason := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			reason = "wrong number of fields (the header has a different count)"
		}
		return &Error{File: file, Pos: fmt.Sprintf("line %d", pe.Line), Column: fieldName(pe.Column), Reason: reason}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func fieldName(col int) string {
	if col <= 0 {
		return ""
	}
	return fmt.Sprintf("%d", col)
}
