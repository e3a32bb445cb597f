package seoul

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"
)

// loadPrepared reads Rewrite's output as a bulk loader does (an empty
// number is 0) into rows by line, and checks that every number is written as
// plain digits.
func loadPrepared(t *testing.T, out []byte, prep *PreparedCSV) map[int][]any {
	t.Helper()
	s := prep.Schema
	rows := make(map[int][]any)
	cr := csv.NewReader(bytes.NewReader(out))
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatalf("prepared output: %v", err)
		}
		line, err := strconv.Atoi(rec[0])
		if err != nil {
			t.Fatalf("prepared line %q: %v", rec[0], err)
		}
		dst := make([]any, len(s.Columns))
		for j, c := range s.Columns {
			dst[j] = zero(c)
		}
		for i, cell := range rec[1:] {
			j := s.Col(prep.Columns[i])
			switch c := s.Columns[j]; c.Kind {
			case Int:
				n, ok := plainCount(cell)
				if !ok {
					t.Fatalf("line %d, %s: %q is not plain digits", line, c.Name, cell)
				}
				dst[j] = n
			case Float:
				f := 0.0
				if cell != "" {
					if f, err = strconv.ParseFloat(cell, 64); err != nil {
						t.Fatalf("line %d, %s: %v", line, c.Name, err)
					}
				}
				dst[j] = f
			default:
				dst[j] = cell
			}
		}
		rows[line] = dst
	}
}

// prepare is PrepareCSV and Rewrite.
func prepare(r io.Reader, file string, known Validator, w io.Writer, progress func(int) error) (*PreparedCSV, error) {
	p, err := PrepareCSV(r, file, known)
	if err != nil {
		return nil, err
	}
	return p, p.Rewrite(w, progress)
}

// TestPrepareMatchesReader checks that Rewrite's rows, loaded,
// are ReadCSV's typed rows at the same lines, with the same warnings,
// quarters and encoding.
func TestPrepareMatchesReader(t *testing.T) {
	inputs := map[string]string{
		"quoted, decimal, empty, CRLF, no final newline": storesHeader +
			"20251,A,\"골목,상권 \"\"가\"\"\",3110001,상생골목,CS100001,한식음식점,10.0,12,8.3,1,16.7,2,\"2\"\r\n" +
			"20252,A,골목상권,3110001, 이름 앞뒤 공백 ,CS100001,한식음식점,,12,,1,1e1,0,2\r\n" +
			"20252,A,골목상권,3110001,상생골목,CS100002,한식음식점,007,7,.5,0,0.50,0,0",
		// Blank lines at the end, empty or as a spreadsheet writes an
		// empty row, are ignored.
		"trailing blank lines": storesHeader + storesRow + "\r\n\n,,,,,,,,,,,,,\n \t\n",
		// the vitality feed: 상권 and 행정동 codes, decimals, values above
		// its range (warnings the fast path must count too)
		"vitality": "quarter,code,value\n20251,3110001,55.5\n20251,11110515,100.5\n20252,3110001,250\n20252,3110002,7\n",
	}
	for _, name := range []string{"sales_utf8bom.csv", "stores_english.csv", "foot_traffic_decimal.csv", "facilities_cp949.csv", "areas_cp949.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		inputs[name] = string(b)
	}
	for name, body := range inputs {
		t.Run(name, func(t *testing.T) {
			rows, err := ReadCSV(strings.NewReader(body), name, nil)
			if err != nil {
				t.Fatal(err)
			}
			want := make(map[int][]any)
			for {
				dst := make([]any, len(rows.Schema().Columns))
				line, err := rows.Next(dst)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				want[line] = dst
			}
			var out bytes.Buffer
			prep, err := prepare(strings.NewReader(body), name, nil, &out, nil)
			if err != nil {
				t.Fatal(err)
			}
			if prep.Schema != rows.Schema() || prep.Encoding != rows.Encoding() {
				t.Errorf("prepared %s in %s, want %s in %s", prep.Schema.Dataset, prep.Encoding, rows.Schema().Dataset, rows.Encoding())
			}
			if got := loadPrepared(t, out.Bytes(), prep); !reflect.DeepEqual(got, want) {
				t.Errorf("loaded rows differ:\n got %v\nwant %v", got, want)
			}
			warnings, quarters, n := rows.Result()
			if prep.Rows != n || !reflect.DeepEqual(prep.Quarters, quarters) || !reflect.DeepEqual(prep.Warnings, warnings) {
				t.Errorf("prepared %d rows, quarters %v, warnings %+v; want %d, %v, %+v",
					prep.Rows, prep.Quarters, prep.Warnings, n, quarters, warnings)
			}
		})
	}
}

// TestPrepareBadInput checks that PrepareCSV and Rewrite refuse each bad input with
// exactly ReadCSV's error.
func TestPrepareBadInput(t *testing.T) {
	for _, tt := range badInputs(t) {
		t.Run(tt.name, func(t *testing.T) {
			want := readErr(strings.NewReader(tt.body), badKnown)
			_, err := prepare(strings.NewReader(tt.body), "bad.csv", badKnown, io.Discard, nil)
			if tt.layout {
				if !errors.Is(err, ErrLayout) {
					t.Fatalf("PrepareCSV error = %v, want ErrLayout: the row-by-row reader takes this file", err)
				}
				return
			}
			if err == nil || err.Error() != want.Error() {
				t.Fatalf("PrepareCSV error = %v\nwant ReadCSV's %v", err, want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

// TestPrepareVitalityBadInput checks the vitality feed's own refusals
// (empty and non-finite values, codes of either kind) on the fast path.
func TestPrepareVitalityBadInput(t *testing.T) {
	known := func(code string) bool { return code == "3110001" || code == "11110515" }
	for _, body := range []string{
		"quarter,code,value\n20251,3110001,\n",
		"quarter,code,value\n20251,3110001,NaN\n",
		"quarter,code,value\n20251,3110001,0x1p3\n",
		"quarter,code,value\n20251,11110999,5\n",
		"quarter,code,value\n20251,3110999,5\n",
		"quarter,code,value\n20251,311000,5\n",
	} {
		want := readErr(strings.NewReader(body), known)
		_, err := prepare(strings.NewReader(body), "bad.csv", known, io.Discard, nil)
		if want == nil || err == nil || err.Error() != want.Error() {
			t.Errorf("%q: PrepareCSV error = %v\nwant ReadCSV's %v", body, err, want)
		}
	}
}

// TestPrepareLeavesLayouts checks that the layouts Rewrite does not
// rewrite fail with ErrLayout, while ReadCSV reads them.
func TestPrepareLeavesLayouts(t *testing.T) {
	tests := map[string]string{
		"quoted newline":          storesHeader + strings.Replace(storesRow, "상생골목", "\"상생\n골목\"", 1),
		"carriage return in text": storesHeader + strings.Replace(storesRow, "상생골목", "상생\r골목", 1),
	}
	for name, body := range tests {
		t.Run(name, func(t *testing.T) {
			if err := readErr(strings.NewReader(body), nil); err != nil {
				t.Fatalf("ReadCSV: %v", err)
			}
			_, err := prepare(strings.NewReader(body), "f.csv", nil, io.Discard, nil)
			if !errors.Is(err, ErrLayout) {
				t.Fatalf("PrepareCSV error = %v, want ErrLayout", err)
			}
		})
	}
}

// bigStores is a 점포-상권 file of about 6 MB, several blocks: rows with
// quoted names and decimals here and there, every 997th row breaking the
// similar-stores identity; bad(i), if not "", replaces row i.
func bigStores(bad func(i int) string) string {
	var b strings.Builder
	b.WriteString(storesHeader)
	for i := 0; b.Len() < 6<<20; i++ {
		if s := bad(i); s != "" {
			b.WriteString(s)
			continue
		}
		name, stores, franchise := "상생골목", strconv.Itoa(i%50), 2
		switch {
		case i%101 == 0:
			name = `"상생,골목"`
		case i%103 == 0:
			stores += ".0"
		}
		if i%997 == 0 {
			franchise = 3
		}
		q := []string{"20241", "20242", "20243"}[i%3]
		fmt.Fprintf(&b, "%s,A,골목상권,3110001,%s,CS%06d,한식음식점,%s,%d,8.3,1,16.7,2,%d\n", q, name, i, stores, i%50+2, franchise)
	}
	return b.String()
}

// TestPrepareBlocks checks a file of many blocks, checked on several
// goroutines, against ReadCSV: the same rows, warnings and quarters, and of
// two bad rows in different blocks, the first one's error.
func TestPrepareBlocks(t *testing.T) {
	body := bigStores(func(int) string { return "" })
	for _, enc := range []string{UTF8, CP949} {
		t.Run(enc, func(t *testing.T) {
			in := body
			if enc == CP949 {
				b, err := korean.EUCKR.NewEncoder().Bytes([]byte(body))
				if err != nil {
					t.Fatal(err)
				}
				in = string(b)
			}
			rows, err := ReadCSV(strings.NewReader(in), "big.csv", nil)
			if err != nil {
				t.Fatal(err)
			}
			readAll(t, rows)
			var out bytes.Buffer
			calls := 0
			prep, err := prepare(strings.NewReader(in), "big.csv", nil, &out, func(int) error { calls++; return nil })
			if err != nil {
				t.Fatal(err)
			}
			warnings, quarters, n := rows.Result()
			if prep.Encoding != enc || prep.Rows != n || !reflect.DeepEqual(prep.Quarters, quarters) || !reflect.DeepEqual(prep.Warnings, warnings) {
				t.Errorf("prepared %s, %d rows, quarters %v, warnings %+v; want %s, %d, %v, %+v",
					prep.Encoding, prep.Rows, prep.Quarters, prep.Warnings, enc, n, quarters, warnings)
			}
			if got := bytes.Count(out.Bytes(), []byte{'\n'}); got != n || calls < 5 {
				t.Errorf("wrote %d lines in %d blocks, want %d lines in several blocks", got, calls, n)
			}
		})
	}
	bad := bigStores(func(i int) string {
		switch i {
		case 60000:
			return "20241,A,골목상권,3110001,상생골목,CS1,한식음식점,x,1,0,0,0,0,1\n"
		case 20000:
			return "20241,A,골목상권,3110001,상생골목,CS1,한식음식점,1,1,0,0,0,0\n"
		}
		return ""
	})
	want := readErr(strings.NewReader(bad), nil)
	_, err := prepare(strings.NewReader(bad), "bad.csv", nil, io.Discard, nil)
	if err == nil || want == nil || err.Error() != want.Error() || !strings.Contains(err.Error(), "line 20002") {
		t.Fatalf("PrepareCSV error = %v\nwant ReadCSV's %v, at line 20002", err, want)
	}
}

// TestPrepareBlankLinesAcrossBlocks puts a run of blank lines across the
// boundary of two blocks: followed by rows, the first blank line is the
// error, as ReadCSV says; at the end of the file they are ignored.
func TestPrepareBlankLinesAcrossBlocks(t *testing.T) {
	var b strings.Builder
	b.WriteString(storesHeader)
	rows := 0
	for ; b.Len() < blockSize-2000; rows++ {
		fmt.Fprintf(&b, "20241,A,골목상권,3110001,상생골목,CS%06d,한식음식점,1,3,8.3,1,16.7,2,2\n", rows)
	}
	head := b.String()
	blanks := strings.Repeat("\n", 1500) + strings.Repeat(",,,,,,,,,,,,,\n", 200)
	tail := "20242,A,골목상권,3110001,상생골목,CS000001,한식음식점,1,3,8.3,1,16.7,2,2\n"

	in := head + blanks + tail
	want := readErr(strings.NewReader(in), nil)
	_, err := prepare(strings.NewReader(in), "bad.csv", nil, io.Discard, nil)
	line := fmt.Sprintf("bad.csv: line %d: blank line between rows", rows+2)
	if want == nil || !strings.Contains(want.Error(), line) || err == nil || err.Error() != want.Error() {
		t.Fatalf("PrepareCSV error = %v\nReadCSV error = %v\nwant both to say %q", err, want, line)
	}

	// A row with a misplaced quote after them: ReadCSV's reader fails on
	// the row before the blank lines are refused, so the quote is the error
	// (in the next block and in the same one).
	for _, in := range []string{head + blanks + strings.Replace(tail, "한식음식점", `한식"음식점`, 1), storesHeader + storesRow + "\n,,,\n" + strings.Replace(tail, "한식음식점", `한식"음식점`, 1)} {
		want := readErr(strings.NewReader(in), nil)
		_, err := prepare(strings.NewReader(in), "bad.csv", nil, io.Discard, nil)
		if want == nil || !strings.Contains(want.Error(), `bare " in non-quoted-field`) || err == nil || err.Error() != want.Error() {
			t.Fatalf("a stray quote after blank lines: PrepareCSV error = %v\nReadCSV error = %v\nwant both to name the quote", err, want)
		}
	}

	in = head + blanks
	prep, err := prepare(strings.NewReader(in), "ok.csv", nil, io.Discard, nil)
	if err != nil || prep.Rows != rows {
		t.Fatalf("trailing blank lines: %v, %d rows; want %d rows", err, prep.Rows, rows)
	}
	if err := readErr(strings.NewReader(in), nil); err != nil {
		t.Fatalf("ReadCSV of trailing blank lines: %v", err)
	}
}
