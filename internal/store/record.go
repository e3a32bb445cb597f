package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Record is one published row: column name (seoul.Column.Name) to value
// (string, int64 or float64).
type Record map[string]any

func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf(format+": %w", append(args, ErrNotFound)...)
	}
	return err
}

// QuarterRecords returns the live rows of a quarterly dataset for one
// district (or 행정동, for the _dong datasets) and quarter, in file order.
func (db *DB) QuarterRecords(ctx context.Context, d seoul.Dataset, code, quarter string) ([]Record, error) {
	s := seoul.SchemaOf(d)
	if s == nil || !d.Quarterly() {
		return nil, fmt.Errorf("dataset %s is not quarterly", d)
	}
	return db.records(ctx, d, "t."+s.Columns[s.CodeCol()].Name+" = ? AND t.quarter = ?", code, quarter)
}

// QuarterAll returns every live row of a quarterly dataset for one quarter.
func (db *DB) QuarterAll(ctx context.Context, d seoul.Dataset, quarter string) ([]Record, error) {
	if !d.Quarterly() {
		return nil, fmt.Errorf("dataset %s is not quarterly", d)
	}
	return db.records(ctx, d, "t.quarter = ?", quarter)
}

// storable reports whether every s is text a table can hold: PostgreSQL
// holds no NUL byte and no invalid UTF-8, and refuses them as parameters.
// A value that is not can match no row, on either engine.
func storable(s ...string) bool {
	for _, v := range s {
		if strings.IndexByte(v, 0) >= 0 || !utf8.ValidString(v) {
			return false
		}
	}
	return true
}

// records returns the live rows of d matching where (over table alias t).
func (db *DB) records(ctx context.Context, d seoul.Dataset, where string, args ...any) ([]Record, error) {
	for _, a := range args {
		if s, ok := a.(string); ok && !storable(s) {
			return []Record{}, nil
		}
	}
	cols := Columns(d)
	q := fmt.Sprintf("SELECT t.%s FROM %s t %s WHERE %s ORDER BY t.release_id, t.line",
		strings.Join(cols, ", t."), d, live(d), where)
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Record{}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := make(Record, len(cols))
		for i, c := range cols {
			r[c] = vals[i]
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DistrictRecords returns every live row of a quarterly dataset for one
// district, all quarters, in quarter order.
func (db *DB) DistrictRecords(ctx context.Context, d seoul.Dataset, code string) ([]Record, error) {
	s := seoul.SchemaOf(d)
	if s == nil || !d.Quarterly() {
		return nil, fmt.Errorf("dataset %s is not quarterly", d)
	}
	return db.records(ctx, d, "t."+s.Columns[s.CodeCol()].Name+" = ?", code)
}

// Industry is a 서비스_업종 as published.
type Industry struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Industries returns the industries of the live sales and stores rows.
func (db *DB) Industries(ctx context.Context) ([]Industry, error) {
	// PostgreSQL 15 wants the subquery named (i).
	rows, err := db.db.QueryContext(ctx, `SELECT industry_code, min(industry_name) FROM (
		SELECT t.industry_code, t.industry_name FROM sales t `+live(seoul.Sales)+`
		UNION ALL SELECT t.industry_code, t.industry_name FROM stores t `+live(seoul.Stores)+`) i
		GROUP BY industry_code ORDER BY industry_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Industry{}
	for rows.Next() {
		var i Industry
		if err := rows.Scan(&i.Code, &i.Name); err != nil {
			return nil, err
		}
		out = append(out, i)
	}
	return out, rows.Err()
}

// Outline is a district's polygon as GeoJSON (WGS84) with what a map labels.
type Outline struct {
	District
	GeoJSON string
}

// Outlines returns every live district that has a polygon, by code.
func (db *DB) Outlines(ctx context.Context) ([]Outline, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT "+districtCols+", p.geojson FROM areas t "+live(seoul.Areas)+
		" JOIN (SELECT t.code, t.geojson FROM area_polygons t "+live(seoul.AreaPolygons)+") p ON p.code = t.code ORDER BY t.code")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Outline
	for rows.Next() {
		var o Outline
		d := &o.District
		if err := rows.Scan(&d.Code, &d.Name, &d.TypeCode, &d.TypeName, &d.GuCode, &d.GuName, &d.DongCode, &d.DongName, &d.Lon, &d.Lat, &d.AreaM2, &o.GeoJSON); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
