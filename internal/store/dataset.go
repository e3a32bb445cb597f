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
	Live     []LiveRelease `json:"live"`     // the releases live now, by id
}

// LiveRelease is a release live for some slices of its dataset.
type LiveRelease struct {
	Release int64  `json:"release"`
	File    string `json:"file"`
	Slices  int    `json:"slices"` // slices it is live for
	// Quarters and Industries are the quarters and industries of those
	// slices, in order; for the district tables, whose slices are
	// districts, both are empty.
	Quarters   []string `json:"quarters"`
	Industries []string `json:"industries"`
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
func sliceExpr(d seoul.Dataset) string { return sliceExprOf(d, "t") }

// sliceExprOf is sliceExpr for a row of table alias a.
func sliceExprOf(d seoul.Dataset, a string) string {
	return a + "." + strings.Join(sliceColumns(d), " || '/' || "+a+".")
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
	liveRels, err := db.liveReleases(ctx, rels)
	if err != nil {
		return nil, err
	}
	var out []DatasetInfo
	for _, d := range seoul.Datasets {
		info := DatasetInfo{Name: d, Quarters: quarters[d], Releases: []Release{}, Live: liveRels[d]}
		if info.Live == nil {
			info.Live = []LiveRelease{}
		}
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

// liveReleases returns, per dataset, the releases live for some slice.
func (db *DB) liveReleases(ctx context.Context, rels []Release) (map[seoul.Dataset][]LiveRelease, error) {
	files := map[int64]string{}
	for _, r := range rels {
		files[r.ID] = r.File
	}
	rows, err := db.db.QueryContext(ctx, `SELECT dataset, release_id, slice FROM slices ORDER BY dataset, release_id, slice`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[seoul.Dataset][]LiveRelease)
	for rows.Next() {
		var d seoul.Dataset
		var id int64
		var slice string
		if err := rows.Scan(&d, &id, &slice); err != nil {
			return nil, err
		}
		ls := out[d]
		if len(ls) == 0 || ls[len(ls)-1].Release != id {
			ls = append(ls, LiveRelease{Release: id, File: files[id], Quarters: []string{}, Industries: []string{}})
		}
		l := &ls[len(ls)-1]
		l.Slices++
		if cols := sliceColumns(d); cols[0] == "quarter" {
			q, industry, _ := strings.Cut(slice, "/")
			l.Quarters = appendNew(l.Quarters, q)
			if industry != "" {
				l.Industries = appendNew(l.Industries, industry)
			}
		}
		out[d] = ls
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// appendNew appends v to s, sorted, unless s holds it.
func appendNew(s []string, v string) []string {
	if i, found := slices.BinarySearch(s, v); !found {
		s = slices.Insert(s, i, v)
	}
	return s
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

// Version identifies the live data: it changes whenever a release lands or
// the live slices change (an activation or an undo). It counts releases and
// activations, both only ever appended to: the newest id would miss a
// release that took its id before another one but committed after it.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v sql.NullInt64
	err := db.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM releases)
		+ (SELECT count(*) FROM activations)`).Scan(&v)
	return v.Int64, err
}
