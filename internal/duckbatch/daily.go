package duckbatch

import (
	"context"
	"time"
)

// BusinessDay is one business's (사업자등록번호's) card sales on one day,
// summed over its stores.
type BusinessDay struct {
	BusinessNo string
	Day        time.Time
	Amount     int64
	Count      int64
}

// EachBusinessDay calls fn with the cells AggregatePanel made with period
// "day", summed per business number and day, in that order. Sales of
// merchants with no business number are left out; it returns how many feed
// rows they had.
func (f *Fusion) EachBusinessDay(ctx context.Context, fn func(BusinessDay) error) (skipped int64, err error) {
	if err := f.db.QueryRowContext(ctx, `SELECT coalesce(sum(a.rows), 0) FROM panel_agg a JOIN merchants m ON m.merchant_id = a.merchant_id
		WHERE a.known AND coalesce(m.business_no, '') = ''`).Scan(&skipped); err != nil {
		return 0, err
	}
	rows, err := f.db.QueryContext(ctx, `SELECT m.business_no, a.start, CAST(sum(coalesce(a.amount, 0)) AS BIGINT), CAST(sum(coalesce(a.cnt, 0)) AS BIGINT)
		FROM panel_agg a JOIN merchants m ON m.merchant_id = a.merchant_id
		WHERE a.known AND coalesce(m.business_no, '') <> ''
		GROUP BY m.business_no, a.start ORDER BY m.business_no, a.start`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var d BusinessDay
	for rows.Next() {
		if err := rows.Scan(&d.BusinessNo, &d.Day, &d.Amount, &d.Count); err != nil {
			return 0, err
		}
		d.Day = d.Day.UTC()
		if err := fn(d); err != nil {
			return 0, err
		}
	}
	return skipped, rows.Err()
}
