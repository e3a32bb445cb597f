package store

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

// FuzzCSVCopy checks csvCopy against Go's CSV reader: whatever it lets
// through is, read as CSV, each input row with the release id in front and
// its empty number cells as 0.
func FuzzCSVCopy(f *testing.F) {
	for _, seed := range []string{"2,a,x,1,2\n", "2,\"a\"\"b\",\"x, y\",,\n3,b,,4,5\n", "2,a\n", "2,\"a,x,1,2\n", ",a,x,1,2\n"} {
		f.Add(seed)
	}
	numeric := []bool{true, false, false, true, true}
	f.Fuzz(func(t *testing.T, in string) {
		c := newCSVCopy(strings.NewReader(in), 7, numeric, []int{1})
		out, err := io.ReadAll(c)
		if err != nil {
			return
		}
		want, werr := csv.NewReader(strings.NewReader(in)).ReadAll()
		if werr != nil {
			t.Fatalf("csvCopy took %q, which Go's CSV reader refuses: %v", in, werr)
		}
		got, gerr := csv.NewReader(strings.NewReader(string(out))).ReadAll()
		if gerr != nil || len(got) != len(want) || int64(len(got)) != c.rows {
			t.Fatalf("%q became %q (%v): %d rows, want %d (counted %d)", in, out, gerr, len(got), len(want), c.rows)
		}
		for i, row := range want {
			if len(got[i]) != len(row)+1 || got[i][0] != "7" {
				t.Fatalf("row %d %q became %q", i, row, got[i])
			}
			for j, cell := range row {
				if cell == "" && numeric[j] {
					cell = "0"
				}
				if got[i][j+1] != cell {
					t.Fatalf("row %d cell %d %q became %q", i, j, row[j], got[i][j+1])
				}
			}
		}
	})
}
