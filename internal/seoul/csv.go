package seoul

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
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
	n        int // fields of the header
	end      int // the line the previous record ended on
	blank    int // the first of a run of blank lines since the last row, or 0
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
	// Field counts are checked here, after blank rows are told apart.
	cr.FieldsPerRecord = -1
	p := newRowParser(file, s, colOf, known)
	p.encoding = enc
	line, _ := cr.FieldPos(0)
	return &csvRows{r: cr, encoding: enc, p: p, n: len(header), end: line + newlines(header)}, nil
}

// newlines counts the line ends inside a record's quoted fields.
func newlines(rec []string) int {
	n := 0
	for _, f := range rec {
		n += strings.Count(f, "\n")
	}
	return n
}

// blankRecord reports whether a record holds nothing: every field empty or
// spaces, as an empty line or an empty spreadsheet row (",,,") is.
func blankRecord(rec []string) bool {
	for _, f := range rec {
		if strings.Trim(f, " \t") != "" {
			return false
		}
	}
	return true
}

// NoRowsReason is why a file with a header and no rows is refused.
const NoRowsReason = "no data rows: the file has a header and nothing else (a failed download or export?); nothing was stored"

// BlankLineReason is why a blank line before a row is refused.
const BlankLineReason = "blank line between rows (only blank lines at the end are ignored): a row lost, or files joined by hand? remove the line or check what is missing"

func (c *csvRows) Schema() *Schema  { return c.p.schema }
func (c *csvRows) Encoding() string { return c.encoding }

// Next skips blank lines at the end of the file; a blank line followed by a
// row is an error at the blank line (encoding/csv skips empty lines itself:
// a gap between the line a record ends on and the next one's is one).
func (c *csvRows) Next(dst []any) (int, error) {
	for {
		rec, err := c.r.Read()
		if err != nil {
			if err == io.EOF {
				if c.p.rows == 0 {
					return 0, &Error{File: c.p.file, Reason: NoRowsReason}
				}
				return 0, io.EOF
			}
			return 0, csvErr(c.p.file, err)
		}
		line, _ := c.r.FieldPos(0)
		if c.blank == 0 && line > c.end+1 {
			c.blank = c.end + 1
		}
		c.end = line + newlines(rec)
		if blankRecord(rec) {
			if c.blank == 0 {
				c.blank = line
			}
			continue
		}
		if c.blank != 0 {
			return 0, lineErr(c.p.file, c.blank, "", BlankLineReason)
		}
		if len(rec) != c.n {
			return 0, lineErr(c.p.file, line, "", fieldCountReason)
		}
		return line, c.p.parse(line, rec, dst)
	}
}

func (c *csvRows) Result() ([]Warning, []string, int) {
	w, q := c.p.result()
	return w, q, c.p.rows
}

const fieldCountReason = "wrong number of fields (the header has a different count)"

// csvErr turns encoding/csv's errors into an *Error naming line and column.
func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return lineErr(file, pe.Line, "", fieldCountReason)
		}
		return &Error{File: file, Pos: fmt.Sprintf("line %d", pe.Line), Column: fieldName(pe.Column), Reason: pe.Err.Error()}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func fieldName(col int) string {
	if col <= 0 {
		return ""
	}
	return fmt.Sprintf("%d", col)
}
