package store

import (
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
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
