package demo

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// generate writes the demo city for opt into a fresh temp dir and returns the paths
// by file name.
func generate(t *testing.T, opt Options) map[string]string {
	t.Helper()
	paths, err := Generate(t.TempDir(), opt)
	if err != nil {
		t.Fatalf("Generate(%+v): %v", opt, err)
	}
	byName := make(map[string]string, len(paths))
	for _, p := range paths {
		byName[filepath.Base(p)] = p
	}
	return byName
}

// table is a decoded CSV file.
type table struct {
	header []string
	rows   [][]string
	col    map[string]int
}

// decodeFile returns the text of a demo file as UTF-8, decoding by the name:
// *.cp949.csv must be CP949 (no BOM, not UTF-8), *.utf8bom.csv UTF-8 with a BOM.
func decodeFile(t *testing.T, path string) string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.HasSuffix(path, ".cp949.csv"):
		if bytes.HasPrefix(raw, []byte(bom)) {
			t.Fatalf("%s: CP949 file starts with a BOM", path)
		}
		if utf8.Valid(raw) {
			t.Fatalf("%s: CP949 file is valid UTF-8, so it is not CP949-encoded Korean", path)
		}
		text, err := korean.EUCKR.NewDecoder().Bytes(raw)
		if err != nil {
			t.Fatalf("%s: decode CP949: %v", path, err)
		}
		if bytes.ContainsRune(text, utf8.RuneError) {
			t.Fatalf("%s: bytes that are not CP949", path)
		}
		return string(text)
	case strings.HasSuffix(path, ".utf8bom.csv"):
		if !bytes.HasPrefix(raw, []byte(bom)) {
			t.Fatalf("%s: no UTF-8 BOM", path)
		}
		if !utf8.Valid(raw) {
			t.Fatalf("%s: not valid UTF-8", path)
		}
		return string(raw[len(bom):])
	}
	t.Fatalf("%s: unknown encoding suffix", path)
	return ""
}

// readTable reads and parses a demo CSV file.
func readTable(t *testing.T, path string) table {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(decodeFile(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s: %d lines, want a header and rows", path, len(recs))
	}
	tb := table{header: recs[0], rows: recs[1:], col: map[string]int{}}
	for i, h := range tb.header {
		tb.col[h] = i
	}
	return tb
}

// num returns the integer in column name of row; an empty cell is zero.
func (tb table) num(t *testing.T, row []string, name string) int64 {
	t.Helper()
	i, ok := tb.col[name]
	if !ok {
		t.Fatalf("no column %q", name)
	}
	if row[i] == "" {
		return 0
	}
	n, err := strconv.ParseInt(row[i], 10, 64)
	if err != nil {
		t.Fatalf("column %s: %v", name, err)
	}
	if n < 0 {
		t.Fatalf("column %s: negative %d", name, n)
	}
	return n
}

// str returns the text in column name of row.
func (tb table) str(t *testing.T, row []string, name string) string {
	t.Helper()
	i, ok := tb.col[name]
	if !ok {
		t.Fatalf("no column %q", name)
	}
	return row[i]
}

// names returns prefix+m+suffix for each m.
func names(prefix string, mids []string, suffix string) []string {
	out := make([]string, len(mids))
	for i, m := range mids {
		out[i] = prefix + m + suffix
	}
	return out
}

var (
	weekdays = []string{"월요일", "화요일", "수요일", "목요일", "금요일"}
	days     = append(append([]string{}, weekdays...), "토요일", "일요일")
	ageBands = []string{"10", "20", "30", "40", "50", "60_이상"}
)
