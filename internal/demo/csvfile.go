package demo

import (
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/korean"
)

// format is how the portal writes one kind of CSV file.
type format struct {
	cp949  bool // CP949 bytes; otherwise UTF-8 with a BOM
	quoted bool // every field in double quotes and no newline after the last row
}

var (
	cp949Quoted = format{cp949: true, quoted: true}
	cp949Plain  = format{cp949: true}
	utf8BOM     = format{}
)

const bom = "\uFEFF"

// csvFile builds a CSV file the way the portal writes its format: LF line ends, CP949
// files with `?` in place of `·` (CP949 has no middle dot), quoted files without a
// final newline, unquoted ones with it. No field may hold a comma, quote or newline.
type csvFile struct {
	f      format
	width  int // fields per row
	buf    []byte
	fields int // fields in the current row
	rows   int
	err    error
}

// newCSV starts a file of format f with the header.
func newCSV(f format, header []string) *csvFile {
	w := &csvFile{f: f, width: len(header), buf: make([]byte, 0, 1<<16)}
	if !f.cp949 {
		w.buf = append(w.buf, bom...)
	}
	for _, h := range header {
		w.text(h)
	}
	w.end()
	return w
}

// text adds a text field to the current row.
func (w *csvFile) text(s string) {
	if strings.ContainsAny(s, ",\"\r\n") && w.err == nil {
		w.err = fmt.Errorf("row %d: field %q needs escaping", w.rows, s)
	}
	w.sep()
	w.buf = append(w.buf, s...)
	w.close()
}

// texts adds text fields.
func (w *csvFile) texts(ss ...string) {
	for _, s := range ss {
		w.text(s)
	}
}

// num adds an integer field.
func (w *csvFile) num(n int64) {
	w.sep()
	w.buf = strconv.AppendInt(w.buf, n, 10)
	w.close()
}

// nums adds integer fields.
func (w *csvFile) nums(ns []int64) {
	for _, n := range ns {
		w.num(n)
	}
}

// numsBlankZero adds integer fields, leaving zeros empty as the portal does in some files.
func (w *csvFile) numsBlankZero(ns []int64) {
	for _, n := range ns {
		if n == 0 {
			w.text("")
		} else {
			w.num(n)
		}
	}
}

func (w *csvFile) sep() {
	if w.fields == 0 && w.rows > 0 {
		w.buf = append(w.buf, '\n')
	}
	if w.fields > 0 {
		w.buf = append(w.buf, ',')
	}
	if w.f.quoted {
		w.buf = append(w.buf, '"')
	}
}

func (w *csvFile) close() {
	if w.f.quoted {
		w.buf = append(w.buf, '"')
	}
	w.fields++
}

// end finishes the current row.
func (w *csvFile) end() {
	if w.fields != w.width && w.err == nil {
		w.err = fmt.Errorf("row %d has %d fields, header has %d", w.rows, w.fields, w.width)
	}
	w.fields = 0
	w.rows++
}

// save writes the file to path.
func (w *csvFile) save(path string) error {
	if w.err != nil {
		return w.err
	}
	out := w.buf
	if !w.f.quoted {
		out = append(out, '\n')
	}
	if w.f.cp949 {
		var err error
		if out, err = toCP949(out); err != nil {
			return err
		}
	}
	return os.WriteFile(path, out, 0o644)
}

// toCP949 encodes UTF-8 text as CP949, writing `?` for `·` as the portal does; any
// other character outside CP949 is an error.
func toCP949(b []byte) ([]byte, error) {
	out, err := korean.EUCKR.NewEncoder().Bytes([]byte(strings.ReplaceAll(string(b), "·", "?")))
	if err != nil {
		return nil, fmt.Errorf("encode cp949: %w", err)
	}
	return out, nil
}

// headerOf splits a published header line.
func headerOf(line string) []string { return strings.Split(line, ",") }

// itoa formats an integer.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
