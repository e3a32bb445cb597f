package analysis

import (
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// fixtureCSV reads a fixture CSV (UTF-8) into header-keyed rows.
func fixtureCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = r[i]
		}
		out = append(out, m)
	}
	return out
}

func fnum(s string) float64 {
	if s == "" {
		return 0
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// TestRealIndicatorsFromSourceRows loads the real compact fixture and checks
// indicators against values computed here, independently, from the rows of
// the fixture's CSV files.
func TestRealIndicatorsFromSourceRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := seoultest.Dir(t, "run the real-data tests")
		fx := filepath.Join(dir, "fixture")
		db, err := store.Open(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		in := &ingest.Ingester{DB: db}
		for _, f := range []string{"area_trdar_all.csv", "area_trdar_shp/area_trdar.shp", "sales_trdar_convenience.csv",
			"stores_trdar_chicken.csv", "foottraffic_trdar.csv", "change_index_trdar.csv"} {
			if _, err := in.File(context.Background(), filepath.Join(fx, f)); err != nil {
				t.Fatal(err)
			}
		}
		svc := New(db)
		ctx := context.Background()
		areas := map[string]float64{}
		for _, r := range fixtureCSV(t, filepath.Join(fx, "area_trdar_all.csv")) {
			areas[r["상권_코드"]] = fnum(r["영역_면적"])
		}
		close := func(t *testing.T, what string, got indicator.Set, key string, want, tol float64) {
			t.Helper()
			g, ok := number(got, key)
			if !ok || math.Abs(g-want) > tol {
				v, _ := got.Get(key)
				t.Errorf("%s %s = %+v, want %v", what, key, v, want)
			}
		}

		checked := 0
		for _, r := range fixtureCSV(t, filepath.Join(fx, "sales_trdar_convenience.csv")) {
			code, q := r["상권_코드"], r["기준_년분기_코드"]
			got, err := svc.Indicators(ctx, code, Query{Quarter: q, Industry: r["서비스_업종_코드"]})
			if err != nil {
				t.Fatal(err)
			}
			amount, count := fnum(r["당월_매출_금액"]), fnum(r["당월_매출_건수"])
			what := code + " " + q
			close(t, what, got.Indicators, "sales_amount", amount, 0)
			if count > 0 {
				close(t, what, got.Indicators, "ticket_avg", amount/count, 0.5)
			}
			if amount > 0 {
				close(t, what, got.Indicators, "weekend_share", 100*fnum(r["주말_매출_금액"])/amount, 0.005)
			}
			checked++
		}
		for _, r := range fixtureCSV(t, filepath.Join(fx, "stores_trdar_chicken.csv")) {
			code, q := r["상권_코드"], r["기준_년분기_코드"]
			got, err := svc.Indicators(ctx, code, Query{Quarter: q, Industry: r["서비스_업종_코드"]})
			if err != nil {
				t.Fatal(err)
			}
			similar := fnum(r["유사_업종_점포_수"])
			what := code + " " + q
			close(t, what, got.Indicators, "similar_stores", similar, 0)
			if similar > 0 {
				close(t, what, got.Indicators, "open_rate", 100*fnum(r["개업_점포_수"])/similar, 0.005)
				close(t, what, got.Indicators, "close_rate", 100*fnum(r["폐업_점포_수"])/similar, 0.005)
				close(t, what, got.Indicators, "franchise_share", 100*fnum(r["프랜차이즈_점포_수"])/similar, 0.005)
			}
			close(t, what, got.Indicators, "net_store_change", fnum(r["개업_점포_수"])-fnum(r["폐업_점포_수"]), 0)
			checked++
		}
		for _, r := range fixtureCSV(t, filepath.Join(fx, "foottraffic_trdar.csv")) {
			code, q := r["상권_코드"], r["기준_년분기_코드"]
			got, err := svc.Indicators(ctx, code, Query{Quarter: q})
			if err != nil {
				t.Fatal(err)
			}
			what := code + " " + q
			close(t, what, got.Indicators, "foot_traffic_total", fnum(r["총_유동인구_수"]), 0)
			close(t, what, got.Indicators, "foot_traffic_per_km2", fnum(r["총_유동인구_수"])/(areas[code]/1e6), 0.05)
			checked++
		}
		for _, r := range fixtureCSV(t, filepath.Join(fx, "change_index_trdar.csv")) {
			code, q := r["상권_코드"], r["기준_년분기_코드"]
			got, err := svc.Indicators(ctx, code, Query{Quarter: q})
			if err != nil {
				t.Fatal(err)
			}
			op, cl, sop, scl := fnum(r["운영_영업_개월_평균"]), fnum(r["폐업_영업_개월_평균"]), fnum(r["서울_운영_영업_개월_평균"]), fnum(r["서울_폐업_영업_개월_평균"])
			want := "borderline"
			if op != sop && cl != scl {
				want = map[bool]string{true: "H", false: "L"}[op > sop] + map[bool]string{true: "H", false: "L"}[cl > scl]
			}
			if v, _ := got.Indicators.Get("change_index_reproduced"); v.Value != want {
				t.Errorf("%s %s change_index_reproduced = %v, want %s", code, q, v.Value, want)
			}
			if v, _ := got.Indicators.Get("change_index"); v.Value != r["상권_변화_지표"] {
				t.Errorf("%s %s change_index = %v, want the published %s", code, q, v.Value, r["상권_변화_지표"])
			}
			checked++
		}
		// Summed over industries, the fixture's sales (편의점) and stores (치킨)
		// cover different industries: per-store figures say so.
		all, err := svc.Indicators(ctx, "3001491", Query{Quarter: "20251"})
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := all.Indicators.Get("sales_per_store"); !slices.Contains(v.Flags, indicator.FlagIndustriesDiffer) {
			t.Errorf("all-industry sales_per_store %+v: want the %s flag", v, indicator.FlagIndustriesDiffer)
		}
		if checked < 1000 {
			t.Fatalf("checked only %d rows", checked)
		}
		t.Logf("%d fixture rows checked", checked)
	})
}
