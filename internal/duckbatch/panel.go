package duckbatch

import (
	"context"
	"fmt"
	"time"
)

// PanelCell is one merchant's card sales in one period: the sum over the
// feed's rows of the merchant with a date in the period starting at Start.
type PanelCell struct {
	MerchantID string
	Start      time.Time // the period's first day
	Amount     int64
	Count      int64
}

// PanelMerchant is a merchant of the master as a panel needs it.
type PanelMerchant struct {
	ID         string
	BusinessNo string // "" when not given
	Industry   string
	District   string // the district its sales count against; "" when in none
}

// AggregatePanel scans the card-sales feed once into sales per merchant ×
// period (period "month": calendar months; "week": ISO weeks, Monday to
// Sunday; "day": days), counting the rows that break the contract and those of merchants
// not in the master. The cells are then read with PanelCells.
func (f *Fusion) AggregatePanel(ctx context.Context, src FeedFile, period string) (FeedCheck, error) {
	if period != "month" && period != "week" && period != "day" {
		return FeedCheck{}, fmt.Errorf("period %q: want month, week or day", period)
	}
	q := `CREATE OR REPLACE TABLE panel_agg AS
WITH s AS (
	SELECT merchant_id, CAST(date_trunc('` + period + `', date) AS DATE) AS start,
		CAST(amount AS BIGINT) AS amount, CAST(count AS BIGINT) AS cnt, ` + salesBad + ` AS bad
	FROM ` + feedSource(src, salesTypes) + `)
SELECT s.merchant_id, s.start, m.merchant_id IS NOT NULL AS known, count(*) AS rows,
	count(*) FILTER (WHERE bad) AS bad, sum(amount) FILTER (WHERE NOT bad) AS amount,
	sum(cnt) FILTER (WHERE NOT bad) AS cnt
FROM s LEFT JOIN merchants m ON m.merchant_id = s.merchant_id
GROUP BY ALL`
	if _, err := f.db.ExecContext(ctx, q); err != nil {
		return FeedCheck{}, err
	}
	var c FeedCheck
	err := f.db.QueryRowContext(ctx, `SELECT coalesce(sum(rows), 0), coalesce(sum(bad), 0),
		coalesce(sum(rows) FILTER (WHERE NOT known AND merchant_id IS NOT NULL AND merchant_id <> ''), 0)
		FROM panel_agg`).Scan(&c.Rows, &c.Bad, &c.Unknown)
	return c, err
}

// PanelCells returns the cells AggregatePanel made, by merchant and period.
func (f *Fusion) PanelCells(ctx context.Context) ([]PanelCell, error) {
	return queryAll[PanelCell](ctx, f.db, `SELECT merchant_id, start, coalesce(amount, 0), coalesce(cnt, 0)
		FROM panel_agg WHERE known ORDER BY merchant_id, start`)
}

// PanelMerchants returns the merchants of the master, by id.
func (f *Fusion) PanelMerchants(ctx context.Context) ([]PanelMerchant, error) {
	return queryAll[PanelMerchant](ctx, f.db, `SELECT m.merchant_id, coalesce(m.business_no, ''), m.industry_code, coalesce(d.code, '')
		FROM merchants m LEFT JOIN merchant_district d ON d.merchant_id = m.merchant_id AND d.first
		ORDER BY m.merchant_id`)
}
