package store

import (
	"context"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

func polygonRow(code, name string) []any {
	return []any{code, 1000.0, 126.9, 37.5, 127.0, 37.6, `{"type":"Polygon","coordinates":[]}`, []byte{}, name}
}

func lostArea(code, name, dongName string) []any {
	r := areaRow(code, name)
	r[8], r[9] = "11110615", dongName
	return r
}

// TestNamesAreRepairedInEitherOrder loads 영역-상권 names that lost '·' to
// '?' with the polygon file and 영역-행정동 before or after them: the names
// are repaired all the same, counted on the release that landed last, and
// a search finds the district with or without the dot.
func TestNamesAreRepairedInEitherOrder(t *testing.T) {
	areas := [][]any{lostArea("3110001", "종로?청계 관광특구", "종로1?2?3?4가동"), lostArea("3110002", "가?나", "종로1?2?3?4가동")}
	polys := [][]any{polygonRow("3110002", "가 나"), polygonRow("3110001", "종로·청계 관광특구")} // '?' for a space: kept
	dongs := [][]any{{"11110615", "종로1·2·3·4가동", int64(1), int64(2), int64(3), 126.9, 37.5}}
	for _, order := range []string{"areas first", "areas last"} {
		t.Run(order, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, db *DB, _ string) {
				ctx := context.Background()
				var warnings []seoul.Warning
				load := func(d seoul.Dataset, rows [][]any) {
					rel := ingest(t, db, d, string(d), rows, nil)
					warnings = append(warnings, rel.Warnings...)
				}
				if order == "areas first" {
					load(seoul.Areas, areas)
					load(seoul.AreaPolygons, polys)
					load(seoul.AreasDong, dongs)
				} else {
					load(seoul.AreasDong, dongs)
					load(seoul.AreaPolygons, polys)
					load(seoul.Areas, areas)
				}
				want := map[string]int{"areas first": 2, "areas last": 1}[order]
				if len(warnings) != want {
					t.Fatalf("warnings %+v, want %d names_repaired", warnings, want)
				}
				total := 0
				for _, w := range warnings {
					if w.Code != "names_repaired" {
						t.Errorf("warning %+v, want names_repaired", w)
					}
					total += w.Count
				}
				if total != 2 {
					t.Errorf("%d names repaired, want 2 (one district, one 행정동)", total)
				}
				d, err := db.District(ctx, "3110001")
				if err != nil || d.Name != "종로·청계 관광특구" || d.DongName != "종로1·2·3·4가동" {
					t.Fatalf("district = %+v, %v; want 종로·청계 관광특구 in 종로1·2·3·4가동", d, err)
				}
				if d, _ := db.District(ctx, "3110002"); d.Name != "가?나" {
					t.Errorf("3110002 = %q, want 가?나 kept: its '?' stands for a space", d.Name)
				}
				for _, q := range []string{"종로·청계 관광특구", "종로 청계", "종로?청계관광특구", "종로ㆍ청계", "3110001"} {
					ds, err := db.Districts(ctx, DistrictFilter{Q: q})
					if err != nil || len(ds) != 1 || ds[0].Code != "3110001" {
						t.Errorf("search %q = %+v, %v; want 3110001", q, ds, err)
					}
				}
			})
		})
	}
}
