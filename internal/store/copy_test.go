package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// copySource is a database with districts, a polygon (a BLOB, and the name
// that repairs '·'), and a quarterly dataset with a superseded release.
func copySource(t *testing.T, src string) *DB {
	t.Helper()
	db := openAt(t, src)
	ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나, \"다\"")}, nil)
	ingest(t, db, seoul.AreaPolygons, "p1", [][]any{{"3110001", 1234.5, 126.9, 37.5, 127.0, 37.6, `{"type":"MultiPolygon"}`, []byte{0, 1, 2, 255}, "가·나"}}, nil)
	ingest(t, db, seoul.ChangeIndex, "c1", [][]any{changeRow("20241", "3110001", "LL", 10), changeRow("20242", "3110002", "HH", 12)}, []string{"20241", "20242"})
	ingest(t, db, seoul.ChangeIndex, "c2", [][]any{changeRow("20242", "3110002", "HL", 99)}, []string{"20242"})
	return db
}

// snapshotOf is what the API reads of a database.
func snapshotOf(t *testing.T, db *DB) []any {
	t.Helper()
	ctx := context.Background()
	ds, err := db.Datasets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	districts, _ := db.Districts(ctx, DistrictFilter{})
	polys, _ := db.Polygons(ctx)
	recs, _ := db.DistrictRecords(ctx, seoul.ChangeIndex, "3110002")
	acts, err := db.Activations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return []any{ds, districts, polys, recs, acts}
}

// TestCopyRoundTrip copies DuckDB → PostgreSQL → DuckDB (DuckDB → DuckDB
// without a PostgreSQL server) and finds the same rows, checksums and
// answers at every step; the copy's next release takes the next id.
func TestCopyRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := copySource(t, storetest.Fresh(t, DuckDB))
	want := snapshotOf(t, src)
	middle := DuckDB
	if storetest.Available() {
		middle = Postgres
	}
	mid := openAt(t, storetest.Fresh(t, middle))
	first, err := Copy(ctx, src, mid)
	if err != nil {
		t.Fatalf("copy duckdb → %s: %v", middle, err)
	}
	back := openAt(t, storetest.Fresh(t, DuckDB))
	second, err := Copy(ctx, mid, back)
	if err != nil {
		t.Fatalf("copy %s → duckdb: %v", middle, err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Errorf("checksums duckdb → %s:\n%v\n%s → duckdb:\n%v", middle, first, middle, second)
	}
	tables := map[string]int64{}
	for _, c := range first {
		tables[c.Table] = c.Rows
	}
	// The history: one activation per release, 6 slices changed (2
	// districts, 1 polygon, 2 quarters, then 1 of them again).
	if tables["releases"] != 4 || tables["slices"] != 5 || tables["activations"] != 4 || tables["activation_slices"] != 6 ||
		tables["areas"] != 2 || tables["area_polygons"] != 1 || tables["change_index"] != 3 || len(tables) != len(seoul.Datasets)+37 { // 12 tables of 0001–0004, 10 of 0005 (programs), 10 of 0006 (contests and early payment), 5 of 0007 (merchant sales)
		t.Errorf("copied %v, want 4 releases, 5 slices, 4 activations of 6 slices, 2 areas, 1 polygon, 3 change_index rows and every table", tables)
	}
	for _, db := range []*DB{mid, back} {
		if got := snapshotOf(t, db); !reflect.DeepEqual(got, want) {
			t.Errorf("%s after the copy reads\n%v\nwant\n%v", db.Engine(), got, want)
		}
		rel := ingest(t, db, seoul.Areas, "a2", [][]any{areaRow("3110003", "라")}, nil)
		if rel.ID != 5 {
			t.Errorf("%s: the first release after the copy is %d, want 5", db.Engine(), rel.ID)
		}
	}
}

func TestCopyRefusesANonEmptyTarget(t *testing.T) {
	eachEngine(t, func(t *testing.T, dst *DB, _ string) {
		src := copySource(t, storetest.Fresh(t, DuckDB))
		ingest(t, dst, seoul.Areas, "x", [][]any{areaRow("3110009", "자")}, nil)
		_, err := Copy(context.Background(), src, dst)
		if err == nil || !strings.Contains(err.Error(), "empty database") {
			t.Fatalf("copy into a database with a release: %v, want a refusal", err)
		}
		if rels, _ := dst.Releases(context.Background()); len(rels) != 1 {
			t.Errorf("target has %d releases after the refusal, want its 1", len(rels))
		}
	})
}

func TestChecksumSeesEveryValue(t *testing.T) {
	types := []string{"INTEGER", "VARCHAR", "BLOB"}
	sum := func(rows ...[]any) string {
		c := &checksum{}
		for _, r := range rows {
			c.add(types, r)
		}
		return c.hex()
	}
	a, b := []any{int32(1), "x", []byte{1}}, []any{int32(2), "y", nil}
	if sum(a, b) != sum(b, a) {
		t.Errorf("checksum depends on row order")
	}
	for _, other := range [][]any{{int32(1), "x", []byte{2}}, {int32(1), "x ", []byte{1}}, {int32(3), "x", []byte{1}}, {int32(1), "x", nil}} {
		if sum(a, b) == sum(other, b) {
			t.Errorf("checksum of %v equals that of %v", other, a)
		}
	}
}
