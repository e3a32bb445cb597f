package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// changeColumns are a 상권변화지표 file's columns in published order.
var changeColumns = []string{"quarter", "type_code", "type_name", "code", "name", "index_code", "index_name",
	"operating_months_avg", "closed_months_avg", "seoul_operating_months_avg", "seoul_closed_months_avg"}

func ingestCSV(t *testing.T, db *DB, sha, body string, rows int64, quarters []string) (*Release, error) {
	t.Helper()
	p := filepath.Join(t.TempDir(), sha+".csv")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	rel := &Release{Dataset: seoul.ChangeIndex, File: sha + ".csv", SHA256: sha, Encoding: seoul.UTF8, Rows: rows, Quarters: quarters}
	return rel, db.IngestCSV(context.Background(), rel, p, changeColumns)
}

func TestIngestCSV(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나")}, nil)
		// Lines 2 and 4 of the source, line 3 was blank; empty numbers are 0
		// and empty text "".
		rel, err := ingestCSV(t, db, "c1", "2,20241,A,골목상권,3110001,\"가, 나\",LL,다이나믹,10,,100,52\n"+
			"4,20241,A,,3110002,나,HH,정체,11,50,100,52\n", 2, []string{"20241"})
		if err != nil {
			t.Fatal(err)
		}
		recs, err := db.QuarterAll(ctx, seoul.ChangeIndex, "20241")
		if err != nil {
			t.Fatal(err)
		}
		want := []Record{
			{"quarter": "20241", "type_code": "A", "type_name": "골목상권", "code": "3110001", "name": "가, 나", "index_code": "LL", "index_name": "다이나믹",
				"operating_months_avg": int64(10), "closed_months_avg": int64(0), "seoul_operating_months_avg": int64(100), "seoul_closed_months_avg": int64(52)},
			{"quarter": "20241", "type_code": "A", "type_name": "", "code": "3110002", "name": "나", "index_code": "HH", "index_name": "정체",
				"operating_months_avg": int64(11), "closed_months_avg": int64(50), "seoul_operating_months_avg": int64(100), "seoul_closed_months_avg": int64(52)},
		}
		if len(recs) != 2 || !maps.Equal(recs[0], want[0]) || !maps.Equal(recs[1], want[1]) {
			t.Fatalf("records = %v\nwant %v", recs, want)
		}
		var lines []int
		rows, _ := db.db.QueryContext(context.Background(), "SELECT line FROM change_index WHERE release_id = ? ORDER BY line", rel.ID)
		for rows.Next() {
			var l int
			rows.Scan(&l)
			lines = append(lines, l)
		}
		rows.Close()
		if !slices.Equal(lines, []int{2, 4}) {
			t.Errorf("lines = %v, want the source's 2 and 4", lines)
		}

		// A duplicate key is refused with both lines, as with Ingest.
		_, err = ingestCSV(t, db, "c2", "2,20242,A,골목상권,3110001,가,LL,다이나믹,1,2,3,4\n7,20242,A,골목상권,3110001,가,LL,다이나믹,1,2,3,4\n", 2, []string{"20242"})
		var dup *DuplicateKeyError
		if !errors.As(err, &dup) || dup.First != 2 || dup.Line != 7 {
			t.Fatalf("duplicate rows: error %v, want a duplicate key at lines 2 and 7", err)
		}
		// Also when one of the two writes its key in quotes.
		_, err = ingestCSV(t, db, "c3", "3,20242,A,골목상권,3110001,가,LL,다이나믹,1,2,3,4\n9,\"20242\",A,골목상권,\"3110001\",가,LL,다이나믹,1,2,3,4\n", 2, []string{"20242"})
		if !errors.As(err, &dup) || dup.First != 3 || dup.Line != 9 {
			t.Fatalf("duplicate rows, one quoted: error %v, want a duplicate key at lines 3 and 9", err)
		}
	})
}

// TestIngestCSVRefusalStoresNothing checks that a file the engine's loader
// does not load as prepared fails with ErrBulkLoad and stores nothing.
func TestIngestCSVRefusalStoresNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가")}, nil)
		tests := map[string]struct {
			body string
			rows int64
		}{
			"not a number":         {"2,20241,A,골목상권,3110001,가,LL,다이나믹,x,2,3,4\n", 1},
			"missing cells":        {"2,20241,A,골목상권,3110001,가,LL\n", 1},
			"another row count":    {"2,20241,A,골목상권,3110001,가,LL,다이나믹,1,2,3,4\n", 2},
			"unterminated quote":   {"2,20241,A,골목상권,3110001,\"가,LL,다이나믹,1,2,3,4\n", 1},
			"lone carriage return": {"2,20241,A,골목상권,3110001,가\r나,LL,다이나믹,1,2,3,4\n", 1},
		}
		for name, tt := range tests {
			t.Run(name, func(t *testing.T) {
				if _, err := ingestCSV(t, db, "bad", tt.body, tt.rows, []string{"20241"}); !errors.Is(err, ErrBulkLoad) {
					t.Fatalf("error = %v, want ErrBulkLoad", err)
				}
				var n int
				db.db.QueryRowContext(context.Background(), "SELECT count(*) FROM change_index").Scan(&n)
				if rels, _ := db.Releases(ctx); n != 0 || len(rels) != 1 {
					t.Fatalf("%d rows, %d releases after a refusal; want 0, 1", n, len(rels))
				}
			})
		}
	})
}

// TestCSVCopy checks what COPY is given for a prepared file: the release id
// in front of each line, an empty number written as 0 and the rest as it
// is, and that equal keys, quoted or not, hash alike.
func TestCSVCopy(t *testing.T) {
	// line, key, text, number, number; the key is field 1.
	numeric := []bool{true, false, false, true, true}
	tests := []struct {
		name, in, want string
		unique         bool
		err            string
	}{
		{name: "as it is", in: "2,a,x,1,2\n3,b,\"y, \"\"z\"\"\",3,4\n",
			want: "7,2,a,x,1,2\n7,3,b,\"y, \"\"z\"\"\",3,4\n", unique: true},
		{name: "empty numbers", in: "2,a,,,\n3,b,x,,5\n", want: "7,2,a,,0,0\n7,3,b,x,0,5\n", unique: true},
		{name: "same key", in: "2,a,x,1,2\n3,a,y,1,2\n", want: "7,2,a,x,1,2\n7,3,a,y,1,2\n"},
		{name: "same key, once quoted", in: "2,\"ab\",x,1,2\n3,ab,y,1,2\n", want: "7,2,\"ab\",x,1,2\n7,3,ab,y,1,2\n"},
		{name: "same key with a quote, quoted both times", in: "2,\"a\"\"b\",x,1,2\n3,\"a\"\"b\",y,1,2\n", want: "7,2,\"a\"\"b\",x,1,2\n7,3,\"a\"\"b\",y,1,2\n"},
		{name: "keys alike but for the cell boundary", in: "2,ab,,1,2\n3,a,b,1,2\n", want: "7,2,ab,,1,2\n7,3,a,b,1,2\n", unique: true},
		{name: "missing cells", in: "2,a,x,1\n", err: "row 1 has 4 cells, want 5"},
		{name: "too many cells", in: "2,a,x,1,2,3\n", err: "row 1 has more than 5 cells"},
		{name: "open quote", in: "2,\"a,x,1,2\n", err: "row 1: a quote is not closed"},
		{name: "text after a quote", in: "2,\"a\"b,x,1,2\n", err: "row 1: text after a closing quote"},
		{name: "a quote inside a cell", in: "2,a\"b,x,1,2\n", err: "row 1: a quote inside a cell"},
		{name: "a quoted number", in: "2,a,x,\"1\",2\n", err: "row 1: a quoted number"},
		{name: "carriage return", in: "2,a,x\r,1,2\n", err: "row 1: a carriage return"},
		{name: "no line number", in: ",a,x,1,2\n", err: "row 1 has no line number"},
		{name: "no end", in: "2,a,x,1,2", err: "line 1 of the prepared file has no end"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCSVCopy(strings.NewReader(tt.in), 7, numeric, []int{1})
			got, err := io.ReadAll(c)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("error = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("copied %q, want %q", got, tt.want)
			}
			if u := c.keysUnique(); u != tt.unique {
				t.Errorf("keys unique = %v, want %v", u, tt.unique)
			}
			if c.rows != int64(strings.Count(tt.in, "\n")) {
				t.Errorf("rows = %d, want %d", c.rows, strings.Count(tt.in, "\n"))
			}
		})
	}
}

// TestCSVCopyLongFile checks that lines across the reads of a long file
// come through whole.
func TestCSVCopyLongFile(t *testing.T) {
	var in, want strings.Builder
	for i := range 3 * csvChunk / 20 {
		fmt.Fprintf(&in, "%d,k%d,,%d,\n", i+2, i, i)
		fmt.Fprintf(&want, "12,%d,k%d,,%d,0\n", i+2, i, i)
	}
	c := newCSVCopy(strings.NewReader(in.String()), 12, []bool{true, false, false, true, true}, []int{1})
	got, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.String() || !c.keysUnique() {
		t.Errorf("a %d-byte file: copied %d bytes, want %d; keys unique %v", in.Len(), len(got), want.Len(), c.keysUnique())
	}
}

// trickle reads its text a few bytes at a time, cutting lines, and then
// fails with err if it is set, as a rewrite still being checked does.
type trickle struct {
	s   string
	err error
}

func (r *trickle) Read(p []byte) (int, error) {
	if r.s == "" {
		if r.err != nil {
			return 0, r.err
		}
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 7)], r.s)
	r.s = r.s[n:]
	return n, nil
}

// TestIngestCSVFrom checks the load of a prepared file as it is written, on
// both engines: the rows and lines stored when the writing succeeds; the
// writing's error or ready's, returned as they are, and a file the loader
// refuses, ErrBulkLoad, each storing nothing.
func TestIngestCSVFrom(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나")}, nil)
		// 1,200 rows, lines 2..1201, of 600 quarters by 2 districts.
		const rows = 1200
		var body strings.Builder
		var quarters []string
		for i := range rows {
			q := fmt.Sprintf("%d%d", 2000+i/8, i/2%4+1)
			if i%2 == 0 {
				quarters = append(quarters, q)
			}
			fmt.Fprintf(&body, "%d,%s,A,골목상권,311000%d,\"가, 나\",LL,다이나믹,%d,,100,52\n", i+2, q, i%2+1, i)
		}
		checkErr := errors.New("line 1201: column 운영_영업_개월_평균: not a number")
		readyErr := errors.New("a warning too many")
		tests := []struct {
			name     string
			body     string
			writeErr error // the writing's, after body
			readyErr error
			want     error // nil: stored
		}{
			{name: "written whole", body: body.String()},
			{name: "writing fails after some rows", body: body.String(), writeErr: checkErr, want: checkErr},
			{name: "ready fails", body: body.String(), readyErr: readyErr, want: readyErr},
			{name: "a row the loader refuses", body: body.String() + "1202,20251,A,골목상권,3110002,나,LL,다이나믹,x,,100,52\n", want: ErrBulkLoad},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				sha := fmt.Sprintf("f%d", i)
				rel := &Release{Dataset: seoul.ChangeIndex, File: sha + ".csv", SHA256: sha, Encoding: seoul.UTF8}
				ready := func() error {
					rel.Rows, rel.Quarters = int64(strings.Count(tt.body, "\n")), quarters
					return tt.readyErr
				}
				err := db.IngestCSVFrom(ctx, rel, sha+".csv", &trickle{s: tt.body, err: tt.writeErr}, changeColumns, ready)
				var n, lines int64
				db.db.QueryRowContext(ctx, "SELECT count(*), coalesce(sum(line), 0) FROM change_index").Scan(&n, &lines)
				if tt.want != nil {
					if !errors.Is(err, tt.want) {
						t.Fatalf("error = %v, want %v", err, tt.want)
					}
					if n != rows {
						t.Fatalf("%d rows after a failure, want the %d of the first release", n, rows)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if n != rows || lines != rows*(rows+3)/2 || rel.Rows != rows {
					t.Fatalf("%d rows stored, lines summing to %d, release of %d rows; want %d, %d, %d", n, lines, rel.Rows, rows, rows*(rows+3)/2, rows)
				}
				recs, err := db.QuarterRecords(ctx, seoul.ChangeIndex, "3110002", "20093")
				want := Record{"quarter": "20093", "type_code": "A", "type_name": "골목상권", "code": "3110002", "name": "가, 나", "index_code": "LL", "index_name": "다이나믹",
					"operating_months_avg": int64(77), "closed_months_avg": int64(0), "seoul_operating_months_avg": int64(100), "seoul_closed_months_avg": int64(52)}
				if err != nil || len(recs) != 1 || !maps.Equal(recs[0], want) {
					t.Fatalf("records of 3110002 in 20093: %v (%v), want %v", recs, err, want)
				}
			})
		}
	})
}
