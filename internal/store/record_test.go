package store

import (
	"context"
	"reflect"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// datasetRow is a row of d in quarter q for district code, with the values
// of set by column name and every other column a plain value of its kind.
func datasetRow(d seoul.Dataset, q, code string, set map[string]any) []any {
	s := seoul.SchemaOf(d)
	row := make([]any, len(s.Columns))
	for i, c := range s.Columns {
		switch c.Kind {
		case seoul.Quarter:
			row[i] = q
		case seoul.Code, seoul.Place:
			row[i] = code
		case seoul.Int:
			row[i] = int64(1)
		case seoul.Float:
			row[i] = 1.0
		default:
			row[i] = "x"
		}
		if v, ok := set[c.Name]; ok {
			row[i] = v
		}
	}
	return row
}

// TestIndustriesOfLiveSalesAndStores checks that the industries are those
// of the live sales and stores rows, once each, by code, whichever dataset
// names them (the web app's catalog lists them). On PostgreSQL 15 it failed
// until the subquery was named.
func TestIndustriesOfLiveSalesAndStores(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		if got, err := db.Industries(ctx); err != nil || len(got) != 0 {
			t.Fatalf("industries of an empty database = %v, %v; want none", got, err)
		}
		ingest(t, db, seoul.Areas, "a", [][]any{areaRow("3110001", "가"), areaRow("3110002", "나")}, nil)
		ind := func(code, name string) map[string]any {
			return map[string]any{"industry_code": code, "industry_name": name}
		}
		ingest(t, db, seoul.Sales, "s1", [][]any{
			datasetRow(seoul.Sales, "20241", "3110001", ind("CS100002", "양식")),
			datasetRow(seoul.Sales, "20241", "3110002", ind("CS100001", "한식음식점")),
		}, []string{"20241"})
		ingest(t, db, seoul.Stores, "t1", [][]any{
			datasetRow(seoul.Stores, "20241", "3110001", ind("CS100001", "한식음식점")),
			datasetRow(seoul.Stores, "20241", "3110001", ind("CS300001", "슈퍼마켓")),
		}, []string{"20241"})
		// A revision of 20241's CS100002 sales renames it: the superseded
		// name is no longer live.
		ingest(t, db, seoul.Sales, "s2", [][]any{
			datasetRow(seoul.Sales, "20241", "3110001", ind("CS100002", "양식음식점")),
		}, []string{"20241"})
		got, err := db.Industries(ctx)
		want := []Industry{{"CS100001", "한식음식점"}, {"CS100002", "양식음식점"}, {"CS300001", "슈퍼마켓"}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("industries = %v, %v; want %v", got, err, want)
		}
	})
}
