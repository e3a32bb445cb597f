package ingest

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// parquetFile writes the rows of a SQL query to a Parquet file in dir.
func parquetFile(t *testing.T, dir, name, query string) string {
	t.Helper()
	eng, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	p := filepath.Join(dir, name)
	if _, err := eng.Exec("COPY (" + query + ") TO '" + p + "' (FORMAT parquet)"); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParquetVitality(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		ctx := context.Background()
		mustIngest(t, in, areasFile(t, dir, 2))

		p := parquetFile(t, dir, "vitality.parquet", `SELECT * FROM (VALUES
			(20251, '3110001', 72.5::DOUBLE), (20251, '11110515', 60.0::DOUBLE), (20252, '3110002', 101.0::DOUBLE))
			t(quarter, code, value)`)
		out, err := in.File(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		rel := out.Release
		if rel.Dataset != seoul.Vitality || rel.Encoding != "Parquet" || rel.Rows != 3 || len(rel.Quarters) != 2 ||
			len(rel.Warnings) != 1 || rel.Warnings[0].Code != "value_above_100" || rel.Warnings[0].FirstLine != 3 {
			t.Fatalf("release %+v, want 3 vitality rows from Parquet in 2 quarters, one above 100 at row 3", rel)
		}
		recs, err := in.DB.QuarterAll(ctx, seoul.Vitality, "20251")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0]["code"] != "3110001" || recs[0]["value"] != 72.5 || recs[1]["code"] != "11110515" || recs[1]["value"] != 60.0 {
			t.Errorf("20251 = %v", recs)
		}

		tests := []struct{ name, query, want string }{
			{"NaN", `SELECT * FROM (VALUES ('20251', '3110001', 1.0::DOUBLE), ('20251', '3110002', 'nan'::DOUBLE)) t(quarter, code, value)`,
				`bad.parquet: row 2: column value: not a finite number: "nan"`},
			{"null value", `SELECT * FROM (VALUES ('20251', '3110001', NULL::DOUBLE)) t(quarter, code, value)`,
				`bad.parquet: row 1: column value: empty value`},
			{"unknown district", `SELECT * FROM (VALUES ('20251', '3110009', 1.0)) t(quarter, code, value)`,
				`bad.parquet: row 1: column code: unknown district code 3110009`},
			{"duplicate key", `SELECT * FROM (VALUES ('20253', '3110001', 1.0), ('20253', '3110002', 1.0), ('20253', '3110001', 2.0)) t(quarter, code, value)`,
				`bad.parquet: row 3: duplicate key [20253 3110001] (first at row 1)`},
			{"other columns", `SELECT 1 AS a, 2 AS b`, `bad.parquet: header: header matches no dataset`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				bad := parquetFile(t, t.TempDir(), "bad.parquet", tt.query)
				_, err := in.File(ctx, bad)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("ingest error = %v, want it to contain %q", err, tt.want)
				}
				if rels, _ := in.DB.Releases(ctx); len(rels) != 2 {
					t.Errorf("%d releases after a refused file, want 2", len(rels))
				}
			})
		}
	})
}
