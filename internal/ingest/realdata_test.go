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
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// seoulData returns the folder of the real Seoul files, or skips the test.
func seoulData(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("SANGSAENG_SEOUL_DATA")
	if dir == "" {
		t.Skip("SANGSAENG_SEOUL_DATA not set: skipping the real-data test (set it to the shared data/seoul folder)")
	}
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
	storetest.Each(t, func(t *testing.T, src string) {
		dir := seoulData(t)
		sources := readSources(t, dir)
		files, err := Expand([]string{filepath.Join(dir, "published")})
		if err != nil {
			t.Fatal(err)
		}
		in := newIngester(t, src)
		ctx := context.Background()
		for _, f := range files {
			name := filepath.Base(f)
			out, err := in.File(ctx, f)
			switch {
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
	})
}

// TestFixtureFolder ingests the compact fixture, edge cases included: all of
// it loads but the legacy file and the list of selected codes, which are
// refused with their reasons.
func TestFixtureFolder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := seoulData(t)
		files, err := Expand([]string{filepath.Join(dir, "fixture")})
		if err != nil {
			t.Fatal(err)
		}
		in := newIngester(t, src)
		for _, f := range files {
			_, err := in.File(context.Background(), f)
			switch filepath.Base(f) {
			case "legacy_area_trdar_202112_oldcodes.csv":
				if !errors.Is(err, seoul.ErrLegacy) {
					t.Errorf("%s: error %v, want a legacy refusal", f, err)
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
