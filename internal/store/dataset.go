package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// DatasetInfo summarises what is live for one dataset.
type DatasetInfo struct {
	Name     seoul.Dataset `json:"name"`
	Rows     int64         `json:"rows"`     // rows live now
	Quarters []string      `json:"quarters"` // quarters live now
	Releases []Release     `json:"releases"` // every release ever ingested
}

// sliceColumns are the columns that say which slice a row belongs to: its
// district for the district tables, its quarter and industry for the
// per-industry datasets, its quarter for the others.
func sliceColumns(d seoul.Dataset) []string {
	switch d {
	case seoul.Areas, seoul.AreaPolygons:
		return []string{"code"}
	case seoul.AreasDong:
		return []string{"dong_code"}
	case seoul.Sales, seoul.Stores, seoul.SalesDong:
		return []string{"quarter", "industry_code"}
	}
	return []string{"quarter"}
}

// sliceExpr is the slice a row of table alias t belongs to: its
// sliceColumns joined by '/'.
func sliceExpr(d seoul.Dataset) string {
	return "t." + strings.Join(sliceColumns(d), " || '/' || t.")
}

// live joins table alias t of dataset d to the slices, keeping the live rows.
func live(d seoul.Dataset) string {
	return fmt.Sprintf("JOIN slices l ON l.dataset = '%s' AND l.release_id = t.release_id AND l.slice = %s", d, sliceExpr(d))
}

// Datasets returns every dataset, loaded or not, in seoul.Datasets order.
func (db *DB) Datasets(ctx context.Context) ([]DatasetInfo, error) {
	rels, err := db.Releases(ctx)
	if err != nil {
		return nil, err
	}
	quarters, err := db.liveQuarters(ctx)
	if err != nil {
		return nil, err
	}
	var out []DatasetInfo
	for _, d := range seoul.Datasets {
		info := DatasetInfo{Name: d, Quarters: quarters[d], Releases: []Release{}}
		if info.Quarters == nil {
			info.Quarters = []string{}
		}
		for _, r := range rels {
			if r.Dataset == d {
				info.Releases = append(info.Releases, r)
			}
		}
		if err := db.db.QueryRowContext(ctx, fmt.Sprintf("SELECT count(*) FROM %s t %s", d, live(d))).Scan(&info.Rows); err != nil {
			return nil, fmt.Errorf("count %s: %w", d, err)
		}
		out = append(out, info)
	}
	return out, nil
}

func (db *DB) liveQuarters(ctx context.Context) (map[seoul.Dataset][]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT DISTINCT dataset, split_part(slice, '/', 1) AS quarter FROM slices
		WHERE dataset NOT IN ('areas', 'area_polygons', 'areas_dong') ORDER BY dataset, quarter`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[seoul.Dataset][]string)
	for rows.Next() {
		var d seoul.Dataset
		var q string
		if err := rows.Scan(&d, &q); err != nil {
			return nil, err
		}
		out[d] = append(out[d], q)
	}
	return out, rows.Err()
}

// Quarters returns the quarters with live rows in any of the datasets, in order.
func (db *DB) Quarters(ctx context.Context, datasets ...seoul.Dataset) ([]string, error) {
	all, err := db.liveQuarters(ctx)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, d := range datasets {
		for _, q := range all[d] {
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

// Version identifies the live data: it changes whenever a release lands.
// It counts the releases: the newest id would miss a release that took its
// id before another one but committed after it.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := db.db.QueryRowContext(ctx, "SELECT count(*) FROM releases").Scan(&v)
	return v.Int64, err
}
