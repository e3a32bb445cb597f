package ingest

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// seoulData returns the folder of the real Seoul files, or skips the test.
func seoulData(t *testing.T) string {
	t.Helper()
	dir := seoultest.Dir(t, "the shared data/seoul folder)")
	return dir
}

// source is a file's line in the publisher-side SOURCES.tsv.
type source struct {
	rows     int
	quarters string // "20191-20252" or ""
}

func readSources(t *testing.T, dir string) map[string]source {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "SOURCES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]source)
	for _, rec := range recs[1:] {
		n, _ := strconv.Atoi(rec[6])
		out[rec[0]] = source{rows: n, quarters: rec[7]}
	}
	return out
}

var prefixes = []struct {
	prefix  string
	dataset seoul.Dataset
}{
	{"areas_trdar_polygons", seoul.AreaPolygons}, {"areas_trdar", seoul.Areas}, {"areas_dong", seoul.AreasDong},
	{"apartments_trdar", seoul.Apartments}, {"change_index_trdar", seoul.ChangeIndex}, {"facilities_trdar", seoul.Facilities},
	{"foot_traffic_dong", seoul.FootTrafficDong}, {"foot_traffic_trdar", seoul.FootTraffic}, {"income_trdar", seoul.Income},
	{"sales_dong", seoul.SalesDong}, {"sales_trdar", seoul.Sales}, {"stores_trdar", seoul.Stores}, {"workers_trdar", seoul.Workers},
}

// TestPublishedFiles ingests every file Seoul published, in the order
// Expand gives, and checks each release against SOURCES.tsv: dataset, rows,
// quarters, and the warnings the README documents. The legacy files and the
// 2017 boundaries are refused with their reason.
func TestPublishedFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		dir := seoulData(t)
		sources := readSources(t, dir)
		files, err := Expand([]string{filepath.Join(dir, "published")})
		if err != nil {
			t.Fatal(err)
		}
		in := newIngester(t, db)
		ctx := context.Background()
		// The 100-row samples would drop the full files' districts from the
		// slices they share: they are refused, and the full files stay live.
		partial := map[string]string{
			"sales_trdar_sample_20251.utf8bom.csv":                 "20251/CS300002: would drop 694 of 696 districts",
			"stores_trdar_sample_20241.utf8bom.csv":                "20241/CS100007: would drop 1175 of 1176 districts",
			"stores_trdar_sample_20251_english_header.utf8bom.csv": "20251/CS100007: would drop 1145 of 1146 districts",
		}
		for _, f := range files {
			name := filepath.Base(f)
			out, err := in.File(ctx, f)
			var drop *store.DropError
			switch {
			case partial[name] != "":
				if !errors.As(err, &drop) || !strings.Contains(err.Error(), partial[name]) || !strings.Contains(err.Error(), "--replace") {
					t.Errorf("%s: error %v, want a refusal saying %q and --replace", name, err, partial[name])
				}
				continue
			case strings.HasPrefix(name, "legacy_"):
				if !errors.Is(err, seoul.ErrLegacy) || !strings.Contains(err.Error(), name) {
					t.Errorf("%s: error %v, want a legacy refusal naming the file", name, err)
				}
				continue
			case name == "dong_boundaries_2017.geojson":
				if !errors.Is(err, seoul.ErrUnknownFormat) || !strings.Contains(err.Error(), "7-digit statistics code") {
					t.Errorf("%s: error %v, want a refusal explaining the 7-digit codes", name, err)
				}
				continue
			case err != nil:
				t.Errorf("%s: %v", name, err)
				continue
			}
			rel := out.Release
			for _, p := range prefixes {
				if strings.HasPrefix(name, p.prefix) {
					if rel.Dataset != p.dataset {
						t.Errorf("%s: dataset %s, want %s", name, rel.Dataset, p.dataset)
					}
					break
				}
			}
			src := sources[name]
			if src.rows > 0 && rel.Rows != int64(src.rows) {
				t.Errorf("%s: %d rows, SOURCES.tsv says %d", name, rel.Rows, src.rows)
			}
			if src.quarters != "" {
				span := rel.Quarters[0] + "-" + rel.Quarters[len(rel.Quarters)-1]
				if span != src.quarters {
					t.Errorf("%s: quarters %s, SOURCES.tsv says %s", name, span, src.quarters)
				}
			}
			if name == "sales_trdar_convenience_20251-20254.utf8bom.csv" {
				got := map[string]int{}
				for _, w := range rel.Warnings {
					got[w.Code] = w.Count
				}
				// README: male + female ≠ total in 1,309 of 2,730 rows; the day,
				// time-band and weekday/weekend sums hold exactly.
				if got["sexes_amount"] != 1309 || got["days_amount"] != 0 || got["time_bands_amount"] != 0 || got["weekday_weekend_amount"] != 0 {
					t.Errorf("%s: warnings %v, want sexes_amount 1309 and no day, time-band or weekday warnings", name, got)
				}
			}
			// The CP949 영역-상권 files write '?' for '·': the polygon file
			// repairs one district's name, 영역-행정동 seven 행정동 names.
			if want := map[string]int{"areas_dong.json": 7, "areas_trdar_polygons.shp": 1}[name]; want > 0 {
				got := 0
				for _, w := range rel.Warnings {
					if w.Code == "names_repaired" {
						got = w.Count
					}
				}
				if got != want {
					t.Errorf("%s: %d names repaired, want %d", name, got, want)
				}
			}
			if rel.Dataset == seoul.Stores {
				for _, w := range rel.Warnings {
					if w.Code == "similar_stores" {
						t.Errorf("%s: %d similar_stores warnings; the README says the identity holds in every row", name, w.Count)
					}
				}
			}
		}
		ds, err := in.DB.Datasets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		live := map[seoul.Dataset]int64{}
		for _, d := range ds {
			live[d.Name] = d.Rows
		}
		if live[seoul.Areas] != 1650 || live[seoul.AreaPolygons] != 1650 || live[seoul.AreasDong] != 425 {
			t.Errorf("live districts %d, polygons %d, 행정동 %d; want 1650, 1650, 425", live[seoul.Areas], live[seoul.AreaPolygons], live[seoul.AreasDong])
		}
		d, err := in.DB.District(ctx, "3001494")
		if err != nil || d.Name != "종로·청계 관광특구" || d.DongName != "종로1·2·3·4가동" {
			t.Errorf("district 3001494 = %+v, %v; want 종로·청계 관광특구 in 종로1·2·3·4가동", d, err)
		}
		if ds, err := in.DB.Districts(ctx, store.DistrictFilter{Q: "종로·청계관광특구"}); err != nil || len(ds) != 1 {
			t.Errorf("search 종로·청계관광특구 = %v, %v; want 3001494", ds, err)
		}
		// The convenience file's 2,730 rows and the 2024 sample's 100 (no
		// other release has its slices); the chicken file's 5,795.
		if live[seoul.Sales] != 2830 || live[seoul.Stores] != 5795 {
			t.Errorf("live sales %d, stores %d; want 2830 and 5795: no sample may replace a full file's slices", live[seoul.Sales], live[seoul.Stores])
		}
	})
}

// TestFixtureFolder ingests the compact fixture, edge cases included: all of
// it loads but the legacy file and the list of selected codes, which are
// refused with their reasons, and the fixture's chicken-store subset, which
// would drop the one district of 20251 that the English-header sample (in
// edge_cases/, loaded before it) has and it has not.
func TestFixtureFolder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		dir := seoulData(t)
		files, err := Expand([]string{filepath.Join(dir, "fixture")})
		if err != nil {
			t.Fatal(err)
		}
		in := newIngester(t, db)
		for _, f := range files {
			_, err := in.File(context.Background(), f)
			switch filepath.Base(f) {
			case "legacy_area_trdar_202112_oldcodes.csv":
				if !errors.Is(err, seoul.ErrLegacy) {
					t.Errorf("%s: error %v, want a legacy refusal", f, err)
				}
			case "stores_trdar_chicken.csv":
				var drop *store.DropError
				if !errors.As(err, &drop) || !strings.Contains(err.Error(), "20251/CS100007: would drop 1 of 1 districts") {
					t.Errorf("%s: error %v, want a refusal: it would drop the sample's district of 20251/CS100007", f, err)
				}
			case "selected_trdar_codes.json":
				if !errors.Is(err, seoul.ErrUnknownFormat) || !strings.Contains(err.Error(), "JSON array, not a dataset") {
					t.Errorf("%s: error %v, want a not-a-dataset refusal", f, err)
				}
			default:
				if err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
		}
	})
}
