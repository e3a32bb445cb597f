package store

import (
	"context"
	"slices"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// salesRow is a 추정매출-상권 row with the given amount and count, its
// breakdowns 0.
func salesRow(quarter, code, industry string, amount, count int64) []any {
	cols := Columns(seoul.Sales)
	row := make([]any, len(cols))
	for i, c := range cols {
		switch c {
		case "quarter":
			row[i] = quarter
		case "code":
			row[i] = code
		case "industry_code":
			row[i] = industry
		case "amount":
			row[i] = amount
		case "count":
			row[i] = count
		case "type_code", "type_name", "name", "industry_name":
			row[i] = "x"
		default:
			row[i] = int64(0)
		}
	}
	return row
}

func TestDistrictSalesPanel(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		ingest(t, db, seoul.Sales, "s1", [][]any{
			salesRow("20251", "3110001", "CS300002", 100, 10), salesRow("20251", "3110001", "CS100001", 50, 2),
			salesRow("20252", "3110001", "CS300002", 120, 11), salesRow("20251", "3110002", "CS300002", 7, 1),
		}, []string{"20251", "20252"})
		// A revision of 20252 replaces it: the live rows are the new ones.
		ingest(t, db, seoul.Sales, "s2", [][]any{
			salesRow("20252", "3110001", "CS300002", 130, 12), salesRow("20252", "3110002", "CS100001", 9, 3),
		}, []string{"20252"})
		tests := []struct {
			industry string
			want     []DistrictSales
		}{
			{"", []DistrictSales{{"20251", "3110001", 150, 12}, {"20252", "3110001", 130, 12}, {"20251", "3110002", 7, 1}, {"20252", "3110002", 9, 3}}},
			{"CS300002", []DistrictSales{{"20251", "3110001", 100, 10}, {"20252", "3110001", 130, 12}, {"20251", "3110002", 7, 1}}},
			{"CS999999", nil},
		}
		for _, tt := range tests {
			got, err := db.DistrictSalesPanel(ctx, tt.industry)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("industry %q: %v, want %v", tt.industry, got, tt.want)
			}
		}
	})
}
