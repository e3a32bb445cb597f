package store

import (
	"context"
	"errors"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// TestVitalityRoundTrip stores a vitality release of district and 행정동
// values and reads them back; a revision replaces only the quarters it covers.
func TestVitalityRoundTrip(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		first := ingest(t, db, seoul.Vitality, "v1", [][]any{
			{"20251", "3110001", 72.5}, {"20251", "11110515", 64.25}, {"20252", "3110001", 80.0},
		}, []string{"20251", "20252"})
		ingest(t, db, seoul.Vitality, "v2", [][]any{{"20252", "3110001", 81.5}}, []string{"20252"})

		recs, err := db.QuarterAll(ctx, seoul.Vitality, "20251")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0]["code"] != "3110001" || recs[0]["value"] != 72.5 ||
			recs[1]["code"] != "11110515" || recs[1]["value"] != 64.25 {
			t.Errorf("20251 = %v, want 3110001 72.5 and 11110515 64.25 in file order", recs)
		}
		recs, err = db.QuarterRecords(ctx, seoul.Vitality, "3110001", "20252")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || recs[0]["value"] != 81.5 {
			t.Errorf("3110001 20252 = %v, want the revision's 81.5", recs)
		}
		ds, err := db.Datasets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Name != seoul.Vitality {
				continue
			}
			if d.Rows != 3 || len(d.Releases) != 2 || d.Releases[0].ID != first.ID || len(d.Quarters) != 2 {
				t.Errorf("vitality lists %d live rows, %d releases, quarters %v; want 3, 2, [20251 20252]", d.Rows, len(d.Releases), d.Quarters)
			}
			return
		}
		t.Error("Datasets does not list vitality")
	})
}

func TestVitalityDuplicateKey(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		rel := &Release{Dataset: seoul.Vitality, File: "dup.csv", SHA256: "dup", Encoding: seoul.UTF8}
		err := db.Ingest(context.Background(), rel, func(add AddFunc) error {
			for i, r := range [][]any{{"20251", "3110001", 1.0}, {"20251", "11110515", 2.0}, {"20251", "3110001", 3.0}} {
				if err := add(i+2, r); err != nil {
					return err
				}
			}
			return nil
		})
		var dup *DuplicateKeyError
		if !errors.As(err, &dup) || dup.First != 2 || dup.Line != 4 {
			t.Fatalf("got %v, want a duplicate key at line 4 (first at line 2)", err)
		}
	})
}
