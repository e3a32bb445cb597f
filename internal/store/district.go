package store

import (
	"fmt"

	"context"
	"encoding/json"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// District is a commercial district (상권) as the live 영역-상권 release has it.
type District struct {
	Code     string  `json:"code"`
	Name     string  `json:"name"`
	TypeCode string  `json:"type_code"`
	TypeName string  `json:"type_name"`
	GuCode   string  `json:"gu_code"`
	GuName   string  `json:"gu_name"`
	DongCode string  `json:"dong_code"`
	DongName string  `json:"dong_name"`
	Lon      float64 `json:"lon"`
	Lat      float64 `json:"lat"`
	AreaM2   int64   `json:"area_m2"`
}

// DistrictFilter selects districts; empty fields match all.
type DistrictFilter struct {
	Type string // 상권_구분_코드: A, D, R or U
	Gu   string // 자치구 code or name
	Q    string // part of the name, or the code
}

const districtCols = `t.code, t.name, t.type_code, t.type_name, t.gu_code, t.gu_name, t.dong_code, t.dong_name, t.lon, t.lat, t.area_m2`

// Districts returns the live districts that match f, ordered by code.
func (db *DB) Districts(ctx context.Context, f DistrictFilter) ([]District, error) {
	var where []string
	var args []any
	if f.Type != "" {
		where, args = append(where, "t.type_code = ?"), append(args, f.Type)
	}
	if f.Gu != "" {
		where, args = append(where, "(t.gu_code = ? OR t.gu_name = ?)"), append(args, f.Gu, f.Gu)
	}
	if f.Q != "" {
		where, args = append(where, "(t.code = ? OR strpos(t.name, ?) > 0)"), append(args, f.Q, f.Q)
	}
	q := "SELECT " + districtCols + " FROM areas t " + live(seoul.Areas)
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.db.QueryContext(ctx, q+" ORDER BY t.code", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []District{}
	for rows.Next() {
		var d District
		if err := rows.Scan(&d.Code, &d.Name, &d.TypeCode, &d.TypeName, &d.GuCode, &d.GuName, &d.DongCode, &d.DongName, &d.Lon, &d.Lat, &d.AreaM2); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// District returns the live district with the given code.
func (db *DB) District(ctx context.Context, code string) (*District, error) {
	var d District
	err := db.db.QueryRowContext(ctx, "SELECT "+districtCols+" FROM areas t "+live(seoul.Areas)+" WHERE t.code = ?", code).
		Scan(&d.Code, &d.Name, &d.TypeCode, &d.TypeName, &d.GuCode, &d.GuName, &d.DongCode, &d.DongName, &d.Lon, &d.Lat, &d.AreaM2)
	if err != nil {
		return nil, notFound(err, "district %s", code)
	}
	return &d, nil
}

// DistrictGeometry returns the district's live polygon as GeoJSON (WGS84).
func (db *DB) DistrictGeometry(ctx context.Context, code string) (json.RawMessage, error) {
	var g string
	err := db.db.QueryRowContext(ctx, "SELECT t.geojson FROM area_polygons t "+live(seoul.AreaPolygons)+" WHERE t.code = ?", code).Scan(&g)
	if err != nil {
		return nil, notFound(err, "polygon of district %s", code)
	}
	return json.RawMessage(g), nil
}

// DistrictCodes returns the codes of the live districts.
func (db *DB) DistrictCodes(ctx context.Context) (map[string]bool, error) {
	return db.codeSet(ctx, "SELECT t.code FROM areas t "+live(seoul.Areas))
}

// DongCodes returns the 행정동 codes the live 영역-상권 and 영역-행정동 know.
func (db *DB) DongCodes(ctx context.Context) (map[string]bool, error) {
	return db.codeSet(ctx, "SELECT t.dong_code FROM areas t "+live(seoul.Areas)+
		" UNION SELECT t.dong_code FROM areas_dong t "+live(seoul.AreasDong))
}

func (db *DB) codeSet(ctx context.Context, q string) (map[string]bool, error) {
	rows, err := db.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]bool)
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out[c] = true
	}
	return out, rows.Err()
}

// Polygons returns the live district polygons in EPSG:5181 metres, by code.
func (db *DB) Polygons(ctx context.Context) (map[string]orb.MultiPolygon, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT t.code, t.wkb_5181 FROM area_polygons t "+live(seoul.AreaPolygons))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]orb.MultiPolygon)
	for rows.Next() {
		var code string
		var raw []byte
		if err := rows.Scan(&code, &raw); err != nil {
			return nil, err
		}
		g, err := wkb.Unmarshal(raw)
		if err != nil {
			return nil, fmt.Errorf("polygon of %s: %w", code, err)
		}
		mp, ok := g.(orb.MultiPolygon)
		if !ok {
			return nil, fmt.Errorf("polygon of %s: a %s, want a MultiPolygon", code, g.GeoJSONType())
		}
		out[code] = mp
	}
	return out, rows.Err()
}
