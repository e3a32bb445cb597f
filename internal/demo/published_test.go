package demo

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// publishedDir returns the folder of real published files, skipping the test when
// SANGSAENG_SEOUL_DATA (the path of data/seoul) is not set.
func publishedDir(t *testing.T) string {
	t.Helper()
	root := seoultest.Dir(t, "compare headers with")
	return filepath.Join(root, "published")
}

// firstLine returns the first line of a decoded file.
func firstLine(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	return line
}

func TestHeadersMatchPublished(t *testing.T) {
	dir := publishedDir(t)
	paths := generate(t, Options{})
	tests := []struct {
		demo, published string
		rewrite         func(string) string // turns the published header into the demo's
	}{
		{demo: "areas_trdar.cp949.csv", published: "areas_trdar_2025-12.cp949.csv"},
		{demo: "sales_trdar.utf8bom.csv", published: "sales_trdar_sample_20251.utf8bom.csv"},
		{demo: "foot_traffic_trdar.cp949.csv", published: "foot_traffic_trdar_20241-20244.cp949.csv"},
		{demo: "stores_trdar.utf8bom.csv", published: "stores_trdar_sample_20241.utf8bom.csv"},
		{demo: "change_index_trdar.cp949.csv", published: "change_index_trdar_20191-20252.cp949.csv"},
		{demo: "workers_trdar.cp949.csv", published: "workers_trdar_20241-20244.cp949.csv"},
		{demo: "residents_trdar.cp949.csv", published: "workers_trdar_20241-20244.cp949.csv",
			rewrite: func(h string) string { // no published 상주인구 file: 직장인구's shape
				return strings.ReplaceAll(h, "직장_인구", "상주인구") + ",총_가구_수,아파트_가구_수,비_아파트_가구_수"
			}},
		{demo: "income_trdar.utf8bom.csv", published: "income_trdar_20233-20253.utf8bom.csv"},
		{demo: "facilities_trdar.cp949.csv", published: "facilities_trdar_20204-20252.cp949.csv"},
		{demo: "apartments_trdar.cp949.csv", published: "apartments_trdar_20194-20252.cp949.csv"},
		{demo: "foot_traffic_dong.cp949.csv", published: "foot_traffic_dong_20191-20251.cp949.csv"},
		{demo: "sales_dong.utf8bom.csv", published: "sales_dong_convenience_20251-20254.utf8bom.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.demo, func(t *testing.T) {
			want := firstLine(decodeFile(t, filepath.Join(dir, tt.published)))
			if tt.rewrite != nil {
				want = tt.rewrite(want)
			}
			if got := firstLine(decodeFile(t, paths[tt.demo])); got != want {
				t.Errorf("header\n got %s\nwant %s (from %s)", got, want, tt.published)
			}
		})
	}

	t.Run("areas_dong.json", func(t *testing.T) {
		real, err := os.ReadFile(filepath.Join(dir, "areas_dong.json"))
		if err != nil {
			t.Fatal(err)
		}
		demo, err := os.ReadFile(paths["areas_dong.json"])
		if err != nil {
			t.Fatal(err)
		}
		realLines, demoLines := strings.Split(string(real), "\n"), strings.Split(string(demo), "\n")
		for i := range 3 { // {, DESCRIPTION, "DATA" : [
			if demoLines[i] != realLines[i] {
				t.Errorf("line %d\n got %s\nwant %s", i+1, demoLines[i], realLines[i])
			}
		}
		keys := regexp.MustCompile(`"([a-z_]+)":`)
		if got, want := keys.FindAllString(demoLines[3], -1), keys.FindAllString(realLines[3], -1); !slices.Equal(got, want) {
			t.Errorf("DATA keys %v, want %v", got, want)
		}
		if got, want := demoLines[len(demoLines)-2:], realLines[len(realLines)-2:]; !slices.Equal(got, want) {
			t.Errorf("ends with %q, want %q", got, want)
		}
	})

	t.Run("dbf fields", func(t *testing.T) {
		real, err := geo.ReadShapefile(filepath.Join(dir, "areas_trdar_polygons.shp"))
		if err != nil {
			t.Fatal(err)
		}
		demo, err := geo.ReadShapefile(paths["areas_trdar_polygons.shp"])
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(demo.Fields, real.Fields) {
			t.Errorf("fields\n got %v\nwant %v", demo.Fields, real.Fields)
		}
		if demo.PRJ != real.PRJ {
			t.Errorf("prj\n got %s\nwant %s", demo.PRJ, real.PRJ)
		}
	})
}

// TestNamesAndCodesAreSynthetic checks that no demo district shares a code or a name
// with a real one.
func TestNamesAndCodesAreSynthetic(t *testing.T) {
	dir := publishedDir(t)
	real := readTable(t, filepath.Join(dir, "areas_trdar_2025-12.cp949.csv"))
	codes, names := map[string]bool{}, map[string]bool{}
	for _, row := range real.rows {
		codes[real.str(t, row, "상권_코드")] = true
		names[real.str(t, row, "상권_코드_명")] = true
	}
	demo := readTable(t, generate(t, Options{Districts: 1000, Quarters: []string{"20231"}})["areas_trdar.cp949.csv"])
	for _, row := range demo.rows {
		if code := demo.str(t, row, "상권_코드"); codes[code] {
			t.Errorf("code %s is a real district's", code)
		}
		if name := demo.str(t, row, "상권_코드_명"); names[name] {
			t.Errorf("name %s is a real district's", name)
		}
	}
}

// TestAreasDong checks the 영역-행정동 file lists exactly the 행정동 of the districts.
func TestAreasDong(t *testing.T) {
	paths := generate(t, Options{})
	b, err := os.ReadFile(paths["areas_dong.json"])
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		DESCRIPTION map[string]string
		DATA        []struct {
			AdstrdCd   string `json:"adstrd_cd"`
			RelmAr     int64  `json:"relm_ar"`
			YdntsValue int64  `json:"ydnts_value"`
			XcntsValue int64  `json:"xcnts_value"`
			AdstrdNm   string `json:"adstrd_nm"`
		}
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	areas := readTable(t, paths["areas_trdar.cp949.csv"])
	want := map[string]bool{}
	for _, row := range areas.rows {
		want[areas.str(t, row, "행정동_코드")] = true
	}
	got := map[string]bool{}
	for _, d := range doc.DATA {
		if len(d.AdstrdCd) != 8 || d.AdstrdNm == "" || d.RelmAr <= 0 {
			t.Errorf("bad 행정동 %+v", d)
		}
		if d.XcntsValue < 185000 || d.XcntsValue > 215000 || d.YdntsValue < 440000 || d.YdntsValue > 465000 {
			t.Errorf("행정동 %s centre (%d, %d) outside Seoul", d.AdstrdCd, d.XcntsValue, d.YdntsValue)
		}
		got[d.AdstrdCd] = true
	}
	if len(got) != len(want) || len(doc.DATA) != len(want) {
		t.Errorf("%d 행정동 in DATA, districts use %d", len(doc.DATA), len(want))
	}
	for code := range want {
		if !got[code] {
			t.Errorf("행정동 %s used by districts but missing", code)
		}
	}
}
