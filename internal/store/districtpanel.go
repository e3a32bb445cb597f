package store

import (
	"context"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// DistrictSales is one district's published 추정매출 in one quarter, summed
// over the industries asked for.
type DistrictSales struct {
	Quarter string // yyyyq
	Code    string
	Amount  int64 // won
	Count   int64
}

// DistrictSalesPanel returns the live 추정매출-상권 rows summed per district
// and quarter, over every industry or, when industry is not "", that one;
// ordered by district code, then quarter. A district-quarter with no row is
// absent, not 0: the published file leaves out what it does not estimate.
func (db *DB) DistrictSalesPanel(ctx context.Context, industry string) ([]DistrictSales, error) {
	var where []string
	var args []any
	if industry != "" {
		where = append(where, "t.industry_code = ?")
		args = append(args, industry)
	}
	q := `SELECT t.quarter, t.code, CAST(sum(t.amount) AS BIGINT), CAST(sum(t.count) AS BIGINT)
		FROM sales t ` + live(seoul.Sales)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " GROUP BY t.quarter, t.code ORDER BY t.code, t.quarter"
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DistrictSales
	for rows.Next() {
		var s DistrictSales
		if err := rows.Scan(&s.Quarter, &s.Code, &s.Amount, &s.Count); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
