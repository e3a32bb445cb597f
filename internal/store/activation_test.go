package store

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// liveChange returns the live change_index operating months of the
// districts in quarter q, by code.
func liveChange(t *testing.T, db *DB, q string, codes ...string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, c := range codes {
		recs, err := db.QuarterRecords(context.Background(), seoul.ChangeIndex, c, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			out[c] = r["operating_months_avg"].(int64)
		}
	}
	return out
}

func TestPartialReleaseIsRefusedUnlessReplace(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나"), areaRow("3110003", "다")}, nil)
		full := [][]any{changeRow("20241", "3110001", "LL", 1), changeRow("20241", "3110002", "LL", 2), changeRow("20241", "3110003", "LL", 3),
			changeRow("20242", "3110001", "LL", 4), changeRow("20242", "3110002", "LL", 5)}
		if _, err := tryIngest(db, seoul.ChangeIndex, "full", full, []string{"20241", "20242"}, false); err != nil {
			t.Fatalf("first release: %v (nothing live to drop)", err)
		}
		sample := [][]any{changeRow("20241", "3110002", "HH", 20), changeRow("20242", "3110001", "HH", 40), changeRow("20242", "3110002", "HH", 50)}

		_, err := tryIngest(db, seoul.ChangeIndex, "sample", sample, []string{"20241", "20242"}, false)
		var drop *DropError
		if !errors.As(err, &drop) {
			t.Fatalf("partial release error = %v, want a *DropError", err)
		}
		if want := []SliceDrop{{Slice: "20241", Districts: 2, Of: 3}}; !reflect.DeepEqual(drop.Drops, want) {
			t.Errorf("drops = %+v, want %+v (20242 keeps both its districts)", drop.Drops, want)
		}
		if got, want := err.Error(), "20241: would drop 2 of 3 districts"; !strings.Contains(got, want) {
			t.Errorf("message %q does not say %q", got, want)
		}
		if rels, _ := db.Releases(ctx); len(rels) != 2 {
			t.Errorf("%d releases after a refusal, want 2", len(rels))
		}
		if got, want := liveChange(t, db, "20241", "3110001", "3110002", "3110003"), map[string]int64{"3110001": 1, "3110002": 2, "3110003": 3}; !reflect.DeepEqual(got, want) {
			t.Errorf("20241 after the refusal = %v, want the full release's %v", got, want)
		}

		rel, err := tryIngest(db, seoul.ChangeIndex, "sample", sample, []string{"20241", "20242"}, true)
		if err != nil {
			t.Fatalf("with replace: %v", err)
		}
		if want := []SliceDrop{{Slice: "20241", Districts: 2, Of: 3}}; !reflect.DeepEqual(rel.Dropped, want) {
			t.Errorf("release dropped %+v, want %+v", rel.Dropped, want)
		}
		if got, want := liveChange(t, db, "20241", "3110001", "3110002", "3110003"), map[string]int64{"3110002": 20}; !reflect.DeepEqual(got, want) {
			t.Errorf("20241 after --replace = %v, want %v", got, want)
		}
		stored, err := db.ReleaseBySHA256(ctx, "sample")
		if err != nil || !reflect.DeepEqual(stored.Dropped, rel.Dropped) {
			t.Errorf("stored release = %+v, %v; want dropped %+v", stored, err, rel.Dropped)
		}
	})
}

func TestActivateAndUndoFollowTheHistory(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Areas, "a", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나")}, nil)
		r1 := ingest(t, db, seoul.ChangeIndex, "r1", [][]any{changeRow("20241", "3110001", "LL", 1), changeRow("20241", "3110002", "LL", 2),
			changeRow("20242", "3110001", "LL", 3)}, []string{"20241", "20242"})
		r2 := ingest(t, db, seoul.ChangeIndex, "r2", [][]any{changeRow("20241", "3110001", "HH", 10)}, []string{"20241"})
		v0, _ := db.Version(ctx)
		undo := func() (*Activation, error) { return db.Undo(ctx) }

		steps := []struct {
			name       string
			act        func() (*Activation, error)
			wantSlices int
			want       map[string]int64 // 20241 by district
			want42     map[string]int64
		}{
			{"reactivate r1", func() (*Activation, error) { return db.Activate(ctx, r1.ID, ActReactivate, false) },
				1, map[string]int64{"3110001": 1, "3110002": 2}, map[string]int64{"3110001": 3}},
			{"reactivate r1 again: already live", func() (*Activation, error) { return db.Activate(ctx, r1.ID, ActReactivate, false) },
				0, map[string]int64{"3110001": 1, "3110002": 2}, map[string]int64{"3110001": 3}},
			{"undo the reactivation", undo, 1, map[string]int64{"3110001": 10}, map[string]int64{"3110001": 3}},
			{"undo r2's ingest", undo, 1, map[string]int64{"3110001": 1, "3110002": 2}, map[string]int64{"3110001": 3}},
			{"undo r1's ingest", undo, 2, map[string]int64{}, map[string]int64{}},
		}
		for _, s := range steps {
			act, err := s.act()
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			if act.Slices != s.wantSlices {
				t.Errorf("%s changed %d slices, want %d", s.name, act.Slices, s.wantSlices)
			}
			if got := liveChange(t, db, "20241", "3110001", "3110002"); !reflect.DeepEqual(got, s.want) {
				t.Errorf("after %s: 20241 = %v, want %v", s.name, got, s.want)
			}
			if got := liveChange(t, db, "20242", "3110001"); !reflect.DeepEqual(got, s.want42) {
				t.Errorf("after %s: 20242 = %v, want %v", s.name, got, s.want42)
			}
		}
		// Activating r2 over r1 would drop 3110002 from 20241: refused, then
		// allowed with replace.
		if _, err := db.Activate(ctx, r1.ID, ActActivate, false); err != nil {
			t.Fatalf("activate r1 into empty slices: %v", err)
		}
		var drop *DropError
		if _, err := db.Activate(ctx, r2.ID, ActActivate, false); !errors.As(err, &drop) {
			t.Fatalf("activate r2 = %v, want a *DropError", err)
		}
		if act, err := db.Activate(ctx, r2.ID, ActActivate, true); err != nil || len(act.Dropped) != 1 {
			t.Fatalf("activate r2 with replace = %+v, %v; want 1 slice dropped", act, err)
		}
		if _, err := db.Activate(ctx, 999, ActActivate, false); !errors.Is(err, ErrNotFound) {
			t.Errorf("activate an unknown release = %v, want ErrNotFound", err)
		}
		if v, _ := db.Version(ctx); v <= v0 {
			t.Errorf("version %d after activations, want more than %d", v, v0)
		}
		hist, err := db.Activations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for _, a := range hist {
			kinds = append(kinds, a.Kind)
		}
		// areas, r1, r2 ingests; reactivate; 3 undos; activate r1, activate r2.
		want := []string{ActIngest, ActIngest, ActIngest, ActReactivate, ActUndo, ActUndo, ActUndo, ActActivate, ActActivate}
		if !slices.Equal(kinds, want) {
			t.Errorf("history %v, want %v", kinds, want)
		}
	})
}

func TestUndoWithNothingLeft(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		if _, err := db.Undo(context.Background()); !errors.Is(err, ErrNothingToUndo) {
			t.Fatalf("undo on an empty database = %v, want ErrNothingToUndo", err)
		}
		ingest(t, db, seoul.Areas, "a", [][]any{areaRow("3110001", "가")}, nil)
		if _, err := db.Undo(context.Background()); err != nil {
			t.Fatal(err)
		}
		if ds, _ := db.Districts(context.Background(), DistrictFilter{}); len(ds) != 0 {
			t.Errorf("districts after undoing the only ingest = %v, want none", ds)
		}
		if _, err := db.Undo(context.Background()); !errors.Is(err, ErrNothingToUndo) {
			t.Fatalf("second undo = %v, want ErrNothingToUndo", err)
		}
	})
}
