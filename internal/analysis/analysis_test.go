package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/demo"
	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// demoCity is the demo city loaded into one engine's database.
type demoCity struct {
	once sync.Once
	dir  string
	svc  *Service
	db   *store.DB
	drop func() error
	err  error
}

var (
	demoMu sync.Mutex
	demos  = map[string]*demoCity{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range demos {
		if c.db != nil {
			c.db.Close()
		}
		if c.drop != nil {
			if err := c.drop(); err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
		os.RemoveAll(c.dir)
	}
	os.Exit(code)
}

// eachEngine runs f as one subtest per engine, named for it: DuckDB, and
// PostgreSQL when SANGSAENG_TEST_PG is set (demoService skips without it).
func eachEngine(t *testing.T, f func(t *testing.T, engine string)) {
	t.Helper()
	for _, e := range storetest.Engines {
		t.Run(e, func(t *testing.T) { f(t, e) })
	}
}

// demoService is a Service over the demo city in a database of the engine
// named, built once per engine and test run.
func demoService(t *testing.T, engine string) (*Service, *store.DB) {
	t.Helper()
	if engine == store.Postgres && !storetest.Available() {
		t.Skip(storetest.EnvPG + " is not set: no PostgreSQL server to test on")
	}
	demoMu.Lock()
	c := demos[engine]
	if c == nil {
		c = &demoCity{}
		demos[engine] = c
	}
	demoMu.Unlock()
	c.once.Do(func() {
		ctx := context.Background()
		if c.dir, c.err = os.MkdirTemp("", "sangsaeng-analysis-"); c.err != nil {
			return
		}
		files, err := demo.Generate(filepath.Join(c.dir, "data"), demo.Options{Seed: 1})
		if err != nil {
			c.err = err
			return
		}
		src := filepath.Join(c.dir, "t.duckdb")
		if engine == store.Postgres {
			if src, c.drop, c.err = storetest.NewPostgres(ctx); c.err != nil {
				return
			}
		}
		if c.db, c.err = store.Open(ctx, src); c.err != nil {
			return
		}
		in := &ingest.Ingester{DB: c.db}
		for _, f := range files {
			if _, c.err = in.File(ctx, f); c.err != nil {
				return
			}
		}
		c.svc = New(c.db)
	})
	if c.err != nil {
		t.Fatalf("%s demo city: %v", engine, c.err)
	}
	return c.svc, c.db
}

func num(t *testing.T, d *DistrictIndicators, key string) float64 {
	t.Helper()
	v, ok := number(d.Indicators, key)
	if !ok {
		t.Fatalf("%s %s: not a number", d.District.Code, key)
	}
	return v
}

// TestIndicatorsFollowTheSourceRows recomputes a few indicators from the
// stored source rows, independently of the indicator package.
func TestIndicatorsFollowTheSourceRows(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, db := demoService(t, engine)
		ctx := context.Background()
		q := Query{Quarter: "20252", Industry: "CS100001"}
		ds, _ := db.Districts(ctx, store.DistrictFilter{})
		for _, d := range ds[:10] {
			got, err := svc.Indicators(ctx, d.Code, q)
			if err != nil {
				t.Fatal(err)
			}
			sales, _ := db.QuarterRecords(ctx, "sales", d.Code, q.Quarter)
			prev, _ := db.QuarterRecords(ctx, "sales", d.Code, "20251")
			stores, _ := db.QuarterRecords(ctx, "stores", d.Code, q.Quarter)
			foot, _ := db.QuarterRecords(ctx, "foot_traffic", d.Code, q.Quarter)
			row := func(recs []store.Record) store.Record {
				for _, r := range recs {
					if r["industry_code"] == q.Industry {
						return r
					}
				}
				return nil
			}
			s, p, st := row(sales), row(prev), row(stores)
			if s == nil || st == nil || len(foot) != 1 {
				continue
			}
			amount, count := float64(s["amount"].(int64)), float64(s["count"].(int64))
			want := map[string]float64{
				"sales_amount":         amount,
				"ticket_avg":           amount / count,
				"weekend_share":        100 * float64(s["weekend_amount"].(int64)) / amount,
				"sales_per_store":      amount / float64(st["similar_stores"].(int64)),
				"foot_traffic_per_km2": float64(foot[0]["total"].(int64)) / (float64(d.AreaM2) / 1e6),
				"franchise_share":      100 * float64(st["franchise_stores"].(int64)) / float64(st["similar_stores"].(int64)),
				"close_rate":           100 * float64(st["closed"].(int64)) / float64(st["similar_stores"].(int64)),
			}
			if p != nil {
				want["sales_qoq_pct"] = 100 * (amount - float64(p["amount"].(int64))) / float64(p["amount"].(int64))
			}
			for key, w := range want {
				// Served values are rounded: KRW and persons to units, % to
				// hundredths (docs/indicators.md).
				tol := 0.5
				if v, _ := got.Indicators.Get(key); v.Unit == "%" {
					tol = 0.005
				}
				if g := num(t, got, key); math.Abs(g-w) > tol+1e-9 {
					t.Errorf("%s %s = %v, want %v", d.Code, key, g, w)
				}
			}
		}
	})
}

func TestAllIndustriesSumTheIndustries(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, db := demoService(t, engine)
		ctx := context.Background()
		code := "3190001"
		got, err := svc.Indicators(ctx, code, Query{Quarter: "20252"})
		if err != nil {
			t.Fatal(err)
		}
		recs, _ := db.QuarterRecords(ctx, "sales", code, "20252")
		var total int64
		for _, r := range recs {
			total += r["amount"].(int64)
		}
		if g := num(t, got, "sales_amount"); g != float64(total) {
			t.Fatalf("all-industry sales_amount = %v, want the sum of %d rows: %d", g, len(recs), total)
		}
		if v, _ := got.Indicators.Get("sales_per_store"); slices.Contains(v.Flags, indicator.FlagIndustriesDiffer) {
			t.Errorf("the demo's sales and stores cover the same industries, yet sales_per_store is flagged: %+v", v)
		}
	})
}

// TestAreaWeightsAgreeWithAGrid checks the area analysis of a circle against
// an independent brute-force count of 10 m grid cells inside both the circle
// and each district: weights within 1%.
func TestAreaWeightsAgreeWithAGrid(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, db := demoService(t, engine)
		ctx := context.Background()
		d, err := db.District(ctx, "3190010")
		if err != nil {
			t.Fatal(err)
		}
		circle := &Circle{Lon: d.Lon + 0.004, Lat: d.Lat, RadiusM: 600}
		rep, err := svc.Area(ctx, Shape{Circle: circle}, Query{Quarter: "20252"})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Districts) == 0 {
			t.Fatal("the circle overlaps no district")
		}
		polys, _ := db.Polygons(ctx)
		cx, cy := geo.ToEPSG5181(circle.Lon, circle.Lat)
		got := map[string]float64{}
		for _, w := range rep.Districts {
			got[w.Code] = w.Weight
		}
		const cell = 10.0
		for code, poly := range polys {
			b := poly.Bound()
			var in, both float64
			for x := b.Min[0] + cell/2; x < b.Max[0]; x += cell {
				for y := b.Min[1] + cell/2; y < b.Max[1]; y += cell {
					if !geo.Contains(poly, orb.Point{x, y}) {
						continue
					}
					in++
					if math.Hypot(x-cx, y-cy) <= circle.RadiusM {
						both++
					}
				}
			}
			want := both / in
			if math.Abs(got[code]-want) > 0.01 {
				t.Errorf("district %s weight %.4f, grid says %.4f", code, got[code], want)
			}
		}
		if rep.AreaM2 < math.Pi*600*600*0.999 || rep.AreaM2 > math.Pi*600*600*1.001 {
			t.Errorf("circle area %v m², want π·600²", rep.AreaM2)
		}
	})
}

func TestAreaSumsWeightedFigures(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, db := demoService(t, engine)
		ctx := context.Background()
		d, _ := db.District(ctx, "3190020")
		rep, err := svc.Area(ctx, Shape{Circle: &Circle{Lon: d.Lon, Lat: d.Lat, RadiusM: 1500}}, Query{Quarter: "20252"})
		if err != nil {
			t.Fatal(err)
		}
		snap, _ := svc.Snapshot(ctx, Query{Quarter: "20252"})
		var want float64
		for _, w := range rep.Districts {
			if f := snap.Facts[snap.Index(w.Code)].Foot; f != nil && w.Summed {
				want += math.Round(w.Weight * float64(f.Total))
			}
		}
		for _, w := range rep.Districts {
			if d := snap.Districts[snap.Index(w.Code)]; w.Summed == (d.TypeCode == "U") {
				t.Errorf("district %s (type %s) summed = %v: 관광특구 are listed, not summed", w.Code, d.TypeCode, w.Summed)
			}
		}
		v, _ := number(rep.Indicators, "foot_traffic_total")
		if v != want {
			t.Fatalf("area foot_traffic_total = %v, want Σ round(weight × total) = %v", v, want)
		}
	})
}

func TestAreaRefusesBadShapes(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, _ := demoService(t, engine)
		tests := []struct {
			name  string
			shape Shape
		}{
			{"nothing", Shape{}},
			{"radius too small", Shape{Circle: &Circle{Lon: 127, Lat: 37.5, RadiusM: 50}}},
			{"radius too large", Shape{Circle: &Circle{Lon: 127, Lat: 37.5, RadiusM: 5000}}},
			{"outside Korea", Shape{Circle: &Circle{Lon: 2.35, Lat: 48.85, RadiusM: 500}}},
			{"not GeoJSON", Shape{Polygon: []byte(`{"type":"Nope"}`)}},
			{"a point", Shape{Polygon: []byte(`{"type":"Point","coordinates":[127,37.5]}`)}},
			{"open ring", Shape{Polygon: []byte(`{"type":"Polygon","coordinates":[[[127,37.5],[127.01,37.5],[127,37.51]]]}`)}},
			{"both", Shape{Circle: &Circle{Lon: 127, Lat: 37.5, RadiusM: 500}, Polygon: []byte(`{}`)}},
		}
		for _, tt := range tests {
			_, err := svc.Area(context.Background(), tt.shape, Query{})
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: error %v, want ErrInvalid", tt.name, err)
			}
		}
	})
}

func TestPolygonAreaEqualsCircleOfTheSameShape(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, db := demoService(t, engine)
		ctx := context.Background()
		d, _ := db.District(ctx, "3190030")
		circle := Shape{Circle: &Circle{Lon: d.Lon, Lat: d.Lat, RadiusM: 800}}
		byCircle, err := svc.Area(ctx, circle, Query{Quarter: "20252"})
		if err != nil {
			t.Fatal(err)
		}
		// The same disc as a GeoJSON polygon in WGS84.
		x, y := geo.ToEPSG5181(d.Lon, d.Lat)
		ring := geo.Circle(orb.Point{x, y}, 800, circleVertices)
		wgs := geo.ProjectMultiPolygon(orb.MultiPolygon{ring}, geo.FromEPSG5181)
		gj := `{"type":"Polygon","coordinates":[[`
		for i, p := range wgs[0][0] {
			if i > 0 {
				gj += ","
			}
			gj += "[" + ftoa(p[0]) + "," + ftoa(p[1]) + "]"
		}
		gj += "]]}"
		byPolygon, err := svc.Area(ctx, Shape{Polygon: []byte(gj)}, Query{Quarter: "20252"})
		if err != nil {
			t.Fatal(err)
		}
		if len(byCircle.Districts) != len(byPolygon.Districts) {
			t.Fatalf("circle overlaps %d districts, the same polygon %d", len(byCircle.Districts), len(byPolygon.Districts))
		}
		for i := range byCircle.Districts {
			a, b := byCircle.Districts[i], byPolygon.Districts[i]
			if a.Code != b.Code || math.Abs(a.Weight-b.Weight) > 1e-6 {
				t.Errorf("district %d: circle %s %.6f, polygon %s %.6f", i, a.Code, a.Weight, b.Code, b.Weight)
			}
		}
	})
}

func ftoa(f float64) string { return strconvFormat(f) }
