package analysis

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// The benchmarks below time the analyses over Seoul's real data: all of
// $SANGSAENG_SEOUL_DATA/published ingested into a temporary DuckDB database,
// quarter 20241 (the quarter with the most datasets), all 1,650 districts.
// Each reports the mean (ns/op) and, from the durations of the same calls,
// the median and 99th percentile (p50-ms, p99-ms); run them with a fixed
// -benchtime such as 200x so that every percentile has the same number of
// calls behind it. bench/analysis.sh runs them side by side with the PostGIS
// reference (bench/postgis/); docs/benchmarks.md has the results.

// benchQuarter is the quarter the analyses are timed on.
const benchQuarter = "20241"

// benchCentres are circle centres in Seoul (WGS84), well-known places from
// the centre to the edges of the city. bench/postgis/area.sql holds the same
// points in EPSG:5181, as geo.ToEPSG5181 gives them.
var benchCentres = []struct {
	name     string
	lon, lat float64
}{
	{"gangnam_station", 127.0276, 37.4979},
	{"myeongdong", 126.9856, 37.5637},
	{"hongik_univ", 126.9237, 37.5571},
	{"jamsil", 127.1002, 37.5133},
	{"yeouido", 126.9246, 37.5217},
	{"jongno_3ga", 126.9920, 37.5714},
	{"konkuk_univ", 127.0701, 37.5404},
	{"sillim", 126.9297, 37.4842},
	{"nowon", 127.0616, 37.6551},
	{"guro_digital", 126.9016, 37.4852},
}

// benchRadii are the circle radii timed, in metres.
var benchRadii = []float64{500, 1000, 3000}

var (
	benchOnce sync.Once
	benchDB   *store.DB
	benchSvc  *Service
	benchErr  error
)

// benchService returns a Service over all published real files, with the
// snapshot of benchQuarter built, once per test binary; it skips unless
// SANGSAENG_SEOUL_DATA names the shared Seoul data folder.
func benchService(tb testing.TB) (*Service, *store.DB) {
	tb.Helper()
	data := seoultest.Dir(tb, "run the benchmark on the real data")
	benchOnce.Do(func() { benchSvc, benchDB, benchErr = loadSeoul(filepath.Join(data, "published")) })
	if benchErr != nil {
		tb.Fatal(benchErr)
	}
	return benchSvc, benchDB
}

// loadSeoul ingests every file of dir that ingest accepts into a temporary
// database and warms the snapshot of benchQuarter. The legacy files and
// dong_boundaries_2017.geojson are refused by ingest; those refusals are
// expected and ignored, but at least the districts, polygons and the
// quarter's datasets must land.
func loadSeoul(dir string) (*Service, *store.DB, error) {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "sangsaeng-bench-analysis-")
	if err != nil {
		return nil, nil, err
	}
	files, err := ingest.Expand([]string{dir})
	if err != nil {
		return nil, nil, err
	}
	db, err := store.Open(ctx, filepath.Join(tmp, "bench.duckdb"))
	if err != nil {
		return nil, nil, err
	}
	in := &ingest.Ingester{DB: db}
	loaded := 0
	for _, f := range files {
		if _, err := in.File(ctx, f); err == nil {
			loaded++
		}
	}
	svc := New(db)
	snap, err := svc.Snapshot(ctx, Query{Quarter: benchQuarter})
	if err != nil {
		return nil, nil, fmt.Errorf("snapshot %s after loading %d of %d files: %w", benchQuarter, loaded, len(files), err)
	}
	if len(snap.Districts) != 1650 || len(snap.Polygons) != 1650 {
		return nil, nil, fmt.Errorf("loaded %d districts and %d polygons from %s, want 1650 of each", len(snap.Districts), len(snap.Polygons), dir)
	}
	return svc, db, nil
}

// measure calls op once per benchmark iteration (b.Loop) and reports, besides
// the harness's mean, the median and 99th percentile of the calls' durations
// in milliseconds. Setup done before measure is not timed.
func measure(b *testing.B, op func(i int) error) {
	b.Helper()
	durations := make([]time.Duration, 0, max(b.N, 200))
	i := 0
	for b.Loop() {
		start := time.Now()
		err := op(i)
		durations = append(durations, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	reportPercentiles(b, durations)
}

// reportPercentiles reports the p50 and p99 of durations (nearest rank) as
// the metrics p50-ms and p99-ms.
func reportPercentiles(b *testing.B, durations []time.Duration) {
	b.Helper()
	if len(durations) == 0 {
		return
	}
	slices.Sort(durations)
	rank := func(p float64) time.Duration {
		k := int(math.Ceil(p*float64(len(durations)))) - 1
		return durations[min(max(k, 0), len(durations)-1)]
	}
	b.ReportMetric(float64(rank(0.50))/1e6, "p50-ms")
	b.ReportMetric(float64(rank(0.99))/1e6, "p99-ms")
}

func benchCircle(i int, radius float64) Shape {
	c := benchCentres[i%len(benchCentres)]
	return Shape{Circle: &Circle{Lon: c.lon, Lat: c.lat, RadiusM: radius}}
}

// BenchmarkArea times Service.Area (weights and the aggregated indicators of
// the area) for circles of each radius, cycling over benchCentres.
func BenchmarkArea(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	q := Query{Quarter: benchQuarter}
	for _, r := range benchRadii {
		b.Run(fmt.Sprintf("radius=%.0f", r), func(b *testing.B) {
			districts := 0
			measure(b, func(i int) error {
				rep, err := svc.Area(ctx, benchCircle(i, r), q)
				if err == nil {
					districts += len(rep.Districts)
				}
				return err
			})
			b.ReportMetric(float64(districts)/float64(b.N), "districts/op")
		})
	}
}

// BenchmarkAreaParallel times Service.Area from GOMAXPROCS goroutines at once
// (run with -cpu 2 to compare with pgbench -c 2): ns/op is wall time per
// call, the inverse of throughput; p50-ms and p99-ms are per call.
func BenchmarkAreaParallel(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	q := Query{Quarter: benchQuarter}
	for _, r := range benchRadii {
		b.Run(fmt.Sprintf("radius=%.0f", r), func(b *testing.B) {
			var mu sync.Mutex
			var all []time.Duration
			var next atomic.Int64
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				var mine []time.Duration
				for pb.Next() {
					i := int(next.Add(1) - 1)
					start := time.Now()
					_, err := svc.Area(ctx, benchCircle(i, r), q)
					mine = append(mine, time.Since(start))
					if err != nil {
						b.Error(err)
						return
					}
				}
				mu.Lock()
				all = append(all, mine...)
				mu.Unlock()
			})
			b.StopTimer()
			reportPercentiles(b, all)
		})
	}
}

// BenchmarkAreaWeightsOnly times only what the PostGIS reference query
// computes: the circle as a 256-vertex polygon in EPSG:5181 and each
// district's share of its own area inside it (the loop of Service.Area,
// without the snapshot lookup, the sort or the indicators).
func BenchmarkAreaWeightsOnly(b *testing.B) {
	svc, _ := benchService(b)
	snap, err := svc.Snapshot(context.Background(), Query{Quarter: benchQuarter})
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range benchRadii {
		b.Run(fmt.Sprintf("radius=%.0f", r), func(b *testing.B) {
			districts := 0
			measure(b, func(i int) error {
				n, err := benchWeights(snap, benchCircle(i, r), nil)
				districts += n
				return err
			})
			b.ReportMetric(float64(districts)/float64(b.N), "districts/op")
		})
	}
}

// benchWeights computes the polygon weights of shape as Service.Area does,
// calling found (if not nil) for every district with a positive weight, and
// returns how many there are.
func benchWeights(snap *Snapshot, shape Shape, found func(code string, weight float64)) (int, error) {
	mp, err := shape.project()
	if err != nil {
		return 0, err
	}
	bound := mp.Bound()
	n := 0
	for _, d := range snap.Districts {
		poly, ok := snap.Polygons[d.Code]
		if !ok || !poly.Bound().Intersects(bound) {
			continue
		}
		a := geo.Area(poly)
		if a <= 0 {
			continue
		}
		if w := math.Min(1, geo.IntersectionArea(poly, mp)/a); w > 1e-9 {
			n++
			if found != nil {
				found(d.Code, w)
			}
		}
	}
	return n, nil
}

// benchStar returns a concave ten-pointed star as a GeoJSON Polygon (WGS84):
// outer radius 1000 m, inner 450 m, around the i-th centre, so about 2 km
// across.
func benchStar(i int) json.RawMessage {
	c := benchCentres[i%len(benchCentres)]
	cx, cy := geo.ToEPSG5181(c.lon, c.lat)
	var ring [][2]float64
	for k := range 20 {
		r := 1000.0
		if k%2 == 1 {
			r = 450
		}
		s, co := math.Sincos(float64(k) * math.Pi / 10)
		lon, lat := geo.FromEPSG5181(cx+r*co, cy+r*s)
		ring = append(ring, [2]float64{lon, lat})
	}
	ring = append(ring, ring[0])
	raw, err := json.Marshal(map[string]any{"type": "Polygon", "coordinates": [][][2]float64{ring}})
	if err != nil {
		panic(err)
	}
	return raw
}

// BenchmarkAreaPolygon times Service.Area for a concave GeoJSON polygon about
// 2 km across (parsing the GeoJSON included), cycling over benchCentres.
func BenchmarkAreaPolygon(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	q := Query{Quarter: benchQuarter}
	stars := make([]json.RawMessage, len(benchCentres))
	for i := range stars {
		stars[i] = benchStar(i)
	}
	districts := 0
	measure(b, func(i int) error {
		rep, err := svc.Area(ctx, Shape{Polygon: stars[i%len(stars)]}, q)
		if err == nil {
			districts += len(rep.Districts)
		}
		return err
	})
	b.ReportMetric(float64(districts)/float64(b.N), "districts/op")
}

// BenchmarkRankings times Service.Rankings over all districts.
func BenchmarkRankings(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	for _, key := range []string{"sales_amount", "foot_traffic_per_km2"} {
		for _, limit := range []int{10, 1650} {
			b.Run(fmt.Sprintf("indicator=%s/limit=%d", key, limit), func(b *testing.B) {
				ranked := 0
				measure(b, func(int) error {
					out, err := svc.Rankings(ctx, RankingQuery{Query: Query{Quarter: benchQuarter}, Indicator: key, Limit: limit})
					if out != nil {
						ranked = len(out.Rankings)
					}
					return err
				})
				b.ReportMetric(float64(ranked), "districts")
			})
		}
	}
}

// BenchmarkSimilar times Service.Similar with k=5, cycling over all districts.
func BenchmarkSimilar(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	q := Query{Quarter: benchQuarter}
	snap, err := svc.Snapshot(ctx, q)
	if err != nil {
		b.Fatal(err)
	}
	measure(b, func(i int) error {
		_, err := svc.Similar(ctx, snap.Districts[i%len(snap.Districts)].Code, q, 5)
		return err
	})
}

// BenchmarkHotspots times Service.Hotspots (Getis-Ord Gi* and
// Benjamini–Hochberg) of foot traffic per km², which every district has.
func BenchmarkHotspots(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	for _, band := range []float64{1000, 3000} {
		b.Run(fmt.Sprintf("band=%.0f", band), func(b *testing.B) {
			tested := 0
			measure(b, func(int) error {
				out, err := svc.Hotspots(ctx, HotspotQuery{Query: Query{Quarter: benchQuarter}, Indicator: "foot_traffic_per_km2", BandM: band})
				if err != nil {
					return err
				}
				tested = len(out.Hotspots)
				return nil
			})
			b.ReportMetric(float64(tested), "districts")
		})
	}
}

// BenchmarkRollups times Service.Rollups to 자치구 and 행정동.
func BenchmarkRollups(b *testing.B) {
	svc, _ := benchService(b)
	ctx := context.Background()
	for _, level := range []string{"gu", "dong"} {
		b.Run("level="+level, func(b *testing.B) {
			groups := 0
			measure(b, func(int) error {
				out, err := svc.Rollups(ctx, level, Query{Quarter: benchQuarter})
				groups = len(out)
				return err
			})
			b.ReportMetric(float64(groups), "groups")
		})
	}
}

// BenchmarkSnapshotCold times the first request for a quarter: a fresh
// Service (empty cache) building the snapshot of benchQuarter from the
// store, the district polygons included.
func BenchmarkSnapshotCold(b *testing.B) {
	_, db := benchService(b)
	ctx := context.Background()
	measure(b, func(int) error {
		_, err := New(db).Snapshot(ctx, Query{Quarter: benchQuarter})
		return err
	})
}

// TestWriteAreaWeights writes, for every centre and radius of the
// benchmarks, sangsaeng's area weights to $SANGSAENG_AREA_WEIGHTS_OUT/
// weights.csv (centre, radius_m, trdar_cd, weight) and the circles to
// circles.csv (centre, lon, lat, x, y, radius_m, and the 256-vertex polygon
// as EPSG:5181 WKT), for bench/postgis/crosscheck.sql to compare with
// PostGIS. It skips unless both SANGSAENG_SEOUL_DATA and
// SANGSAENG_AREA_WEIGHTS_OUT are set. It runs on DuckDB only, as the
// benchmarks do: the weights are computed in Go from the stored polygons,
// which both engines hold alike (TestEnginesAnswerTheSameJSON compares the
// area answers on both).
func TestWriteAreaWeights(t *testing.T) {
	out := os.Getenv("SANGSAENG_AREA_WEIGHTS_OUT")
	if out == "" {
		t.Skip("SANGSAENG_AREA_WEIGHTS_OUT is not set (a folder to write the weights to)")
	}
	svc, _ := benchService(t)
	ctx := context.Background()
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	var weights, circles [][]string
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for i, c := range benchCentres {
		for _, r := range benchRadii {
			shape := benchCircle(i, r)
			rep, err := svc.Area(ctx, shape, Query{Quarter: benchQuarter})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range rep.Districts {
				if d.By != "polygon" {
					t.Fatalf("%s: weighted by %s, want polygon", d.Code, d.By)
				}
				weights = append(weights, []string{c.name, f(r), d.Code, f(d.Weight)})
			}
			mp, err := shape.project()
			if err != nil {
				t.Fatal(err)
			}
			x, y := geo.ToEPSG5181(c.lon, c.lat)
			circles = append(circles, []string{c.name, f(c.lon), f(c.lat), f(x), f(y), f(r), benchWKT(mp[0])})
		}
	}
	for name, rows := range map[string][][]string{
		"weights.csv": append([][]string{{"centre", "radius_m", "trdar_cd", "weight"}}, weights...),
		"circles.csv": append([][]string{{"centre", "lon", "lat", "x", "y", "radius_m", "wkt"}}, circles...),
	} {
		if err := benchWriteCSV(filepath.Join(out, name), rows); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("wrote %d weights of %d circles to %s", len(weights), len(circles), out)
}

// benchWKT writes p as WKT with every coordinate in full precision.
func benchWKT(p orb.Polygon) string {
	s := "POLYGON("
	for i, r := range p {
		if i > 0 {
			s += ","
		}
		s += "("
		for k, pt := range r {
			if k > 0 {
				s += ","
			}
			s += strconv.FormatFloat(pt[0], 'g', -1, 64) + " " + strconv.FormatFloat(pt[1], 'g', -1, 64)
		}
		s += ")"
	}
	return s + ")"
}

func benchWriteCSV(path string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	return errors.Join(w.Error(), f.Close())
}
