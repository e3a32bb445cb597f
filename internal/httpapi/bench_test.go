package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// The benchmarks below time whole requests, from the request body to the
// JSON answer, against Seoul's real data: every file of
// $SANGSAENG_SEOUL_DATA/published that ingest accepts, in a temporary DuckDB
// database. bench/analysis.sh runs them beside the PostGIS reference
// (bench/postgis/); docs/benchmarks.md has the results.

var (
	realOnce sync.Once
	realAPI  *httpapi.API
	realErr  error
)

// realData returns an API over all published real files, once per test
// binary; it skips unless SANGSAENG_SEOUL_DATA names the shared Seoul data.
func realData(tb testing.TB) *httpapi.API {
	tb.Helper()
	data := os.Getenv("SANGSAENG_SEOUL_DATA")
	if data == "" {
		tb.Skip("SANGSAENG_SEOUL_DATA is not set (point it at shared/data/seoul)")
	}
	realOnce.Do(func() {
		ctx := context.Background()
		dir, err := os.MkdirTemp("", "sangsaeng-bench-httpapi-")
		if err != nil {
			realErr = err
			return
		}
		files, err := ingest.Expand([]string{filepath.Join(data, "published")})
		if err != nil {
			realErr = err
			return
		}
		db, err := store.Open(ctx, filepath.Join(dir, "bench.duckdb"))
		if err != nil {
			realErr = err
			return
		}
		in := &ingest.Ingester{DB: db}
		for _, f := range files {
			in.File(ctx, f) // the legacy files and the 2017 GeoJSON are refused, as they should be
		}
		realAPI = httpapi.New(db, slog.New(slog.DiscardHandler), httpapi.Options{})
	})
	if realErr != nil {
		tb.Fatal(realErr)
	}
	return realAPI
}

// areaCentres are the circle centres of internal/analysis/bench_test.go and
// bench/postgis/area.sql.
var areaCentres = [][2]float64{
	{127.0276, 37.4979}, {126.9856, 37.5637}, {126.9237, 37.5571}, {127.1002, 37.5133}, {126.9246, 37.5217},
	{126.9920, 37.5714}, {127.0701, 37.5404}, {126.9297, 37.4842}, {127.0616, 37.6551}, {126.9016, 37.4852},
}

// BenchmarkAreaRequest times POST /api/v1/analysis/area for circles of
// 500, 1000 and 3000 m, cycling over areaCentres, through the API's whole
// handler (routing, metrics, decoding, the analysis, encoding) with no
// network: p50-ms and p99-ms are per request, bytes/op the answer's size.
// The answer is not gzipped, as for a client that does not ask for it.
func BenchmarkAreaRequest(b *testing.B) {
	api := realData(b)
	for _, r := range []int{500, 1000, 3000} {
		b.Run(fmt.Sprintf("radius=%d", r), func(b *testing.B) {
			bodies := make([]string, len(areaCentres))
			for i, c := range areaCentres {
				bodies[i] = fmt.Sprintf(`{"circle":{"lon":%v,"lat":%v,"radius_m":%d},"quarter":"20241"}`, c[0], c[1], r)
			}
			// The first request of the quarter builds its snapshot: not timed.
			warm := httptest.NewRecorder()
			api.ServeHTTP(warm, httptest.NewRequest(http.MethodPost, "/api/v1/analysis/area", strings.NewReader(bodies[0])))
			if warm.Code != http.StatusOK {
				b.Fatalf("status %d: %s", warm.Code, warm.Body)
			}
			durations := make([]time.Duration, 0, max(b.N, 200))
			size, i := 0, 0
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/api/v1/analysis/area", strings.NewReader(bodies[i%len(bodies)]))
				rec := httptest.NewRecorder()
				start := time.Now()
				api.ServeHTTP(rec, req)
				durations = append(durations, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
				n, _ := io.Copy(io.Discard, rec.Body)
				size += int(n)
				i++
			}
			slices.Sort(durations)
			rank := func(p float64) time.Duration {
				k := int(math.Ceil(p*float64(len(durations)))) - 1
				return durations[min(max(k, 0), len(durations)-1)]
			}
			b.ReportMetric(float64(rank(0.50))/1e6, "p50-ms")
			b.ReportMetric(float64(rank(0.99))/1e6, "p99-ms")
			b.ReportMetric(float64(size)/float64(i), "bytes/op")
		})
	}
}
