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

// writeCSV writes header and rows the way the portal writes f: LF line ends, CP949
// files with `?` in place of `·` (CP949 has no middle dot), quoted files without a
// final newline, unquoted ones with it. No field may hold a comma, quote or newline.
func writeCSV(path string, f format, header []string, rows [][]string) error {
	var b strings.Builder
	if !f.cp949 {
		b.WriteString(bom)
	}
	for i, rec := range append([][]string{header}, rows...) {
		if len(rec) != len(header) {
			return fmt.Errorf("row %d has %d fields, header has %d", i, len(rec), len(header))
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		for j, field := range rec {
			if strings.ContainsAny(field, ",\"\r\n") {
				return fmt.Errorf("row %d: field %q needs escaping", i, field)
			}
			if j > 0 {
				b.WriteByte(',')
			}
			if f.quoted {
				b.WriteByte('"')
			}
			b.WriteString(field)
			if f.quoted {
				b.WriteByte('"')
			}
		}
	}
	if !f.quoted {
		b.WriteByte('\n')
	}
	out := []byte(b.String())
	if f.cp949 {
		var err error
		if out, err = toCP949(b.String()); err != nil {
			return err
		}
	}
	return os.WriteFile(path, out, 0o644)
}

// toCP949 encodes s as CP949, writing `?` for `·` as the portal does; any other
// character outside CP949 is an error.
func toCP949(s string) ([]byte, error) {
	out, err := korean.EUCKR.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "·", "?")))
	if err != nil {
		return nil, fmt.Errorf("encode cp949: %w", err)
	}
	return out, nil
}

// itoa formats an integer cell.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// blankZero formats an integer cell, leaving zero empty as the portal does in some files.
func blankZero(n int64) string {
	if n == 0 {
		return ""
	}
	return itoa(n)
}

// cells formats integer cells.
func cells(ns []int64, format func(int64) string) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = format(n)
	}
	return out
}

// headerOf splits a published header line.
func headerOf(line string) []string { return strings.Split(line, ",") }
