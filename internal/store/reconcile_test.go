package store

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

func TestPairRows(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		a := ingest(t, db, seoul.Vitality, "a", [][]any{
			{"20251", "3110002", 50.0}, {"20251", "3110001", 72.5}, {"20252", "3110001", 10.0},
		}, []string{"20251", "20252"})
		b := ingest(t, db, seoul.Vitality, "b", [][]any{
			{"20251", "3110001", 80.0}, {"20251", "11110515", 60.0},
		}, []string{"20251"})
		type pair struct {
			key  string
			a, b []float64
		}
		var got []pair
		err := db.PairRows(ctx, seoul.Vitality, a.ID, b.ID, []string{"value"}, func(key []string, va, vb []float64) error {
			got = append(got, pair{key[0] + "/" + key[1], va, vb})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// In key order; A's 20252 row is paired though B superseded only 20251.
		want := []pair{
			{"20251/11110515", nil, []float64{60}},
			{"20251/3110001", []float64{72.5}, []float64{80}},
			{"20251/3110002", []float64{50}, nil},
			{"20252/3110001", []float64{10}, nil},
		}
		if len(got) != len(want) {
			t.Fatalf("got %d pairs %v, want %v", len(got), got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.key != w.key || !sameFloats(g.a, w.a) || !sameFloats(g.b, w.b) {
				t.Errorf("pair %d = %v, want %v", i, g, w)
			}
		}
		if err := db.PairRows(ctx, seoul.Vitality, a.ID, b.ID, []string{"value; DROP TABLE vitality"}, nil); err == nil {
			t.Error("PairRows took a column the dataset does not have")
		}
	})
}

func TestPairRowsNullIsNaN(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ingest(t, db, seoul.Areas, "areas", [][]any{areaRow("3110001", "가")}, nil)
		row := func(households any) []any {
			r := []any{"20251", "A", "골목상권", "3110001", "가"}
			for range 21 {
				r = append(r, int64(1))
			}
			return append(r, households, households, households)
		}
		a := ingest(t, db, seoul.Residents, "r1", [][]any{row(nil)}, []string{"20251"})
		b := ingest(t, db, seoul.Residents, "r2", [][]any{row(int64(7))}, []string{"20251"})
		err := db.PairRows(context.Background(), seoul.Residents, a.ID, b.ID, []string{"total", "households"}, func(_ []string, va, vb []float64) error {
			if va[0] != 1 || !math.IsNaN(va[1]) || vb[0] != 1 || vb[1] != 7 {
				t.Errorf("got A %v, B %v; want [1 NaN] and [1 7]", va, vb)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestReleaseByID(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		rel := ingest(t, db, seoul.Vitality, "v", [][]any{{"20251", "3110001", 1.0}}, []string{"20251"})
		got, err := db.ReleaseByID(context.Background(), rel.ID)
		if err != nil || got.Dataset != seoul.Vitality || got.SHA256 != "v" {
			t.Errorf("ReleaseByID(%d) = %+v, %v", rel.ID, got, err)
		}
		if _, err := db.ReleaseByID(context.Background(), rel.ID+1); !errors.Is(err, ErrNotFound) {
			t.Errorf("ReleaseByID of a missing release: %v, want ErrNotFound", err)
		}
	})
}

func sameFloats(a, b []float64) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
