package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// eachEngine runs fn on a fresh database of each engine (see storetest),
// src being its --db value.
func eachEngine(t *testing.T, fn func(t *testing.T, db *DB, src string)) {
	t.Helper()
	storetest.Each(t, func(t *testing.T, src string) {
		fn(t, openAt(t, src), src)
	})
}

func openAt(t *testing.T, src string) *DB {
	t.Helper()
	db, err := Open(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { db.Close() })
	return db
}

func TestMigrationsAreRecordedOnce(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, path string) {
		db.Close()
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer db.Close()
		var n int
		if err := db.db.QueryRowContext(context.Background(), "SELECT count(*) FROM schema_migrations").Scan(&n); err != nil {
			t.Fatal(err)
		}
		files, err := migrationFiles(db.Engine())
		if err != nil {
			t.Fatal(err)
		}
		if n != len(files) {
			t.Fatalf("schema_migrations has %d rows, want %d (one per migration)", n, len(files))
		}
	})
}

// TestTablesMatchSchemas guards the migration against drifting from the
// readers: every dataset table has release_id, line and exactly Columns(d).
func TestTablesMatchSchemas(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		for _, d := range seoul.Datasets {
			rows, err := db.db.QueryContext(context.Background(), `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`, string(d))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var c string
				rows.Scan(&c)
				got = append(got, c)
			}
			rows.Close()
			want := append([]string{"release_id", "line"}, Columns(d)...)
			if !slices.Equal(got, want) {
				t.Errorf("table %s has columns\n%v\nwant\n%v", d, got, want)
			}
		}
	})
}

func areaRow(code, name string) []any {
	return []any{"A", "골목상권", code, name, int64(197093), int64(453418), "11110", "종로구", "11110515", "청운효자동", int64(1000), 126.97, 37.58}
}

func changeRow(quarter, code, label string, months int64) []any {
	return []any{quarter, "A", "골목상권", code, "x", label, "다이나믹", months, int64(50), int64(100), int64(52)}
}

func ingest(t *testing.T, db *DB, d seoul.Dataset, sha string, rows [][]any, quarters []string) *Release {
	t.Helper()
	rel := &Release{Dataset: d, File: sha + ".csv", SHA256: sha, Encoding: seoul.UTF8}
	err := db.Ingest(context.Background(), rel, func(add AddFunc) error {
		for i, r := range rows {
			if err := add(i+2, r); err != nil {
				return err
			}
		}
		rel.Rows, rel.Quarters = int64(len(rows)), quarters
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rel
}

func TestReleaseReplacesTheSlicesItCovers(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나")}, nil)
		old := ingest(t, db, seoul.ChangeIndex, "c1", [][]any{
			changeRow("20241", "3110001", "LL", 10), changeRow("20242", "3110001", "LL", 11), changeRow("20242", "3110002", "HH", 12),
		}, []string{"20241", "20242"})
		// The revision covers 20242 only, and no longer has 3110002 in it.
		rev := ingest(t, db, seoul.ChangeIndex, "c2", [][]any{changeRow("20242", "3110001", "HL", 99)}, []string{"20242"})

		got := func(code, q string) []Record {
			recs, err := db.QuarterRecords(ctx, seoul.ChangeIndex, code, q)
			if err != nil {
				t.Fatal(err)
			}
			return recs
		}
		if r := got("3110001", "20241"); len(r) != 1 || r[0]["operating_months_avg"] != int64(10) {
			t.Errorf("20241 = %v, want the old release's row (10 months)", r)
		}
		if r := got("3110001", "20242"); len(r) != 1 || r[0]["operating_months_avg"] != int64(99) || r[0]["index_code"] != "HL" {
			t.Errorf("20242 = %v, want the revision's row (99 months, HL)", r)
		}
		if r := got("3110002", "20242"); len(r) != 0 {
			t.Errorf("3110002 20242 = %v, want nothing: the revision replaced the whole quarter", r)
		}
		ds, err := db.Datasets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Name != seoul.ChangeIndex {
				continue
			}
			if d.Rows != 2 || !slices.Equal(d.Quarters, []string{"20241", "20242"}) || len(d.Releases) != 2 {
				t.Errorf("change_index info = %+v, want 2 live rows, quarters 20241-20242, 2 releases", d)
			}
			if d.Releases[0].ID != old.ID || d.Releases[1].ID != rev.ID {
				t.Errorf("releases %d, %d; want %d, %d", d.Releases[0].ID, d.Releases[1].ID, old.ID, rev.ID)
			}
		}
	})
}

func TestDistrictReleasesReplaceByDistrict(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "옛이름"), areaRow("3110002", "나")}, nil)
		ingest(t, db, seoul.Areas, "a2", [][]any{areaRow("3110001", "새이름")}, nil)
		ds, err := db.Districts(ctx, DistrictFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != 2 || ds[0].Name != "새이름" || ds[1].Name != "나" {
			t.Fatalf("districts = %+v, want 3110001 renamed by the second release and 3110002 kept", ds)
		}
		if _, err := db.District(ctx, "3999999"); !errors.Is(err, ErrNotFound) {
			t.Errorf("District(unknown) error = %v, want ErrNotFound", err)
		}
	})
}

func TestFailedIngestStoresNothing(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가")}, nil)
		before, _ := db.Releases(ctx)
		rel := &Release{Dataset: seoul.Areas, File: "bad.csv", SHA256: "bad", Encoding: seoul.UTF8}
		boom := errors.New("line 3: not a number")
		err := db.Ingest(ctx, rel, func(add AddFunc) error {
			if err := add(2, areaRow("3110009", "반쯤")); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Ingest error = %v, want %v", err, boom)
		}
		after, _ := db.Releases(ctx)
		ds, _ := db.Districts(ctx, DistrictFilter{})
		if len(after) != len(before) || len(ds) != 1 {
			t.Fatalf("after a failed ingest: %d releases (want %d), %d districts (want 1)", len(after), len(before), len(ds))
		}
		var n int
		db.db.QueryRowContext(context.Background(), "SELECT count(*) FROM areas").Scan(&n)
		if n != 1 {
			t.Fatalf("areas table has %d rows, want 1: the failed release's rows must be rolled back", n)
		}
	})
}

func TestReleaseBySHA256(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		rel := ingest(t, db, seoul.Areas, "abc", [][]any{areaRow("3110001", "가")}, nil)
		got, err := db.ReleaseBySHA256(ctx, "abc")
		if err != nil || got.ID != rel.ID || got.Rows != 1 || got.IngestedAt != db.Now() {
			t.Fatalf("ReleaseBySHA256 = %+v, %v; want release %d", got, err, rel.ID)
		}
		if _, err := db.ReleaseBySHA256(ctx, "nope"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("unknown sha error = %v, want ErrNotFound", err)
		}
	})
}

func TestDuplicateKeysAreRefusedWithBothLines(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나")}, nil)
		rel := &Release{Dataset: seoul.ChangeIndex, File: "c.csv", SHA256: "c", Encoding: seoul.UTF8}
		err := db.Ingest(ctx, rel, func(add AddFunc) error {
			rows := [][]any{changeRow("20241", "3110001", "LL", 1), changeRow("20241", "3110002", "LL", 2),
				changeRow("20242", "3110002", "LL", 3), changeRow("20241", "3110002", "HH", 4)}
			for i, r := range rows {
				if err := add(i+2, r); err != nil {
					return err
				}
			}
			return nil
		})
		var dup *DuplicateKeyError
		if !errors.As(err, &dup) || dup.First != 3 || dup.Line != 5 || !slices.Equal(dup.Key, []string{"20241", "3110002"}) {
			t.Fatalf("Ingest error = %v, want duplicate key [20241 3110002] at lines 3 and 5", err)
		}
		if rels, _ := db.Releases(ctx); len(rels) != 1 {
			t.Fatalf("%d releases after a refused ingest, want 1", len(rels))
		}
	})
}

// TestVersionChangesWithEveryCommit: a release that took its id before
// another one but commits after it still changes the version.
func TestVersionChangesWithEveryCommit(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a1", [][]any{areaRow("3110001", "가")}, nil)
		started, finish := make(chan struct{}), make(chan struct{})
		errc := make(chan error, 1)
		early := &Release{Dataset: seoul.ChangeIndex, File: "c.csv", SHA256: "c", Encoding: seoul.UTF8}
		go func() {
			errc <- db.Ingest(ctx, early, func(add AddFunc) error {
				close(started)
				<-finish
				early.Rows, early.Quarters = 1, []string{"20241"}
				return add(2, changeRow("20241", "3110001", "LL", 1))
			})
		}()
		<-started
		late := ingest(t, db, seoul.Areas, "a2", [][]any{areaRow("3110002", "나")}, nil)
		before, err := db.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		close(finish)
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		if early.ID >= late.ID {
			t.Fatalf("release ids %d then %d: want the first ingest to hold the smaller id", early.ID, late.ID)
		}
		after, err := db.Version(ctx)
		if err != nil || after == before {
			t.Errorf("version %d before release %d committed, %d (%v) after; want a change", before, early.ID, after, err)
		}
	})
}
