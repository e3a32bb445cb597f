package ingest_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	_ "github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"

	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// benchFiles are the largest real files of each shape in
// $SANGSAENG_SEOUL_DATA/published, in their published encodings.
var benchFiles = []struct{ name, file string }{
	{"change_index", "change_index_trdar_20191-20252.cp949.csv"},
	{"workers", "workers_trdar_20191-20252_partial.cp949.csv"},
	{"apartments", "apartments_trdar_20194-20252.cp949.csv"},
	{"foot_traffic", "foot_traffic_trdar_20233-20253.utf8bom.csv"},
	{"sales", "sales_trdar_convenience_20251-20254.utf8bom.csv"},
}

const benchAreas = "areas_trdar_2026-08.cp949.csv"

// BenchmarkIngest times ingest.Ingester.File on the largest real files, side
// by side with the reference: DuckDB's own read_csv of the same data,
// transcoded to UTF-8, into a table of a fresh database. Both timings end
// with closing the database, so the checkpoint to disk is counted.
//
// It needs SANGSAENG_SEOUL_DATA (the shared/data/seoul folder). If
// SANGSAENG_BENCH_SALES names a synthetic sales file (bench/gensales, with
// codes from the same 영역-상권 file), it is benchmarked too. Compare the
// implementations with benchstat -col /impl; see docs/benchmarks.md.
func BenchmarkIngest(b *testing.B) {
	data := seoultest.Dir(b, "run the benchmark on the real data")
	published := filepath.Join(data, "published")
	areas := filepath.Join(published, benchAreas)
	type benchCase struct{ name, path string }
	var cases []benchCase
	for _, f := range benchFiles {
		cases = append(cases, benchCase{f.name, filepath.Join(published, f.file)})
	}
	for _, s := range filepath.SplitList(os.Getenv("SANGSAENG_BENCH_SALES")) {
		cases = append(cases, benchCase{"synthetic_" + strings.TrimSuffix(filepath.Base(s), ".csv"), s})
	}
	known := districtCodes(b, areas)
	for _, c := range cases {
		b.Run("file="+c.name, func(b *testing.B) {
			// The reference first: benchstat -col /impl compares the others with it.
			b.Run("impl=duckdb_read_csv", func(b *testing.B) { benchReadCSV(b, utf8Copy(b, c.path)) })
			b.Run("impl=sangsaeng", func(b *testing.B) { benchSangsaeng(b, areas, c.path) })
			b.Run("impl=prepare_only", func(b *testing.B) { benchPrepare(b, c.path, known) })
		})
	}
}

// districtCodes returns the validator ingest builds from the loaded 영역-상권.
func districtCodes(b *testing.B, areas string) seoul.Validator {
	b.Helper()
	f, err := os.Open(areas)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	rows, err := seoul.ReadCSV(f, areas, nil)
	if err != nil {
		b.Fatal(err)
	}
	code, dong := rows.Schema().Col("code"), rows.Schema().Col("dong_code")
	codes := make(map[string]bool)
	dst := make([]any, len(rows.Schema().Columns))
	for {
		_, err := rows.Next(dst)
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		codes[dst[code].(string)], codes[dst[dong].(string)] = true, true
	}
	return func(c string) bool { return codes[c] }
}

// benchPrepare times what ingest does to a CSV file before DuckDB loads
// it, without the store: decoding, checking every row (codes, numbers, sums)
// and rewriting it for DuckDB's reader, here into io.Discard.
func benchPrepare(b *testing.B, path string, known seoul.Validator) {
	b.SetBytes(fileSize(b, path))
	var rows int
	for i := 0; i < b.N; i++ {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		prep, err := seoul.PrepareCSV(f, path, known)
		if err != nil {
			b.Fatal(err)
		}
		if err := prep.Rewrite(io.Discard, nil); err != nil {
			b.Fatal(err)
		}
		rows = prep.Rows
		f.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchSangsaeng times ingesting path into a fresh store whose districts are
// already loaded.
func benchSangsaeng(b *testing.B, areas, path string) {
	ctx := context.Background()
	b.SetBytes(fileSize(b, path))
	var rows int64
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		dir := benchDir(b)
		db, err := store.Open(ctx, filepath.Join(dir, "bench.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		in := &ingest.Ingester{DB: db}
		if _, err := in.File(ctx, areas); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		out, err := in.File(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		rows = out.Release.Rows
		os.RemoveAll(dir)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// benchReadCSV times DuckDB's CREATE TABLE … AS SELECT * FROM read_csv of a
// UTF-8 file into a fresh database, with the CSV dialect given (the sniffer
// still detects the column types).
func benchReadCSV(b *testing.B, path string) {
	ctx := context.Background()
	b.SetBytes(fileSize(b, path))
	q := "CREATE TABLE t AS SELECT * FROM read_csv('" + strings.ReplaceAll(path, "'", "''") +
		`', header = true, delim = ',', quote = '"', escape = '"')`
	var rows int64
	b.StopTimer()
	for i := 0; i < b.N; i++ {
		dir := benchDir(b)
		db, err := sql.Open("duckdb", filepath.Join(dir, "ref.duckdb"))
		if err != nil {
			b.Fatal(err)
		}
		if err := db.PingContext(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&rows); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.RemoveAll(dir)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// utf8Copy returns path if it is UTF-8 without BOM; otherwise it writes the
// text as UTF-8 without BOM into a temporary folder and returns the copy.
// As in the readers, a file whose first 64 KiB are not UTF-8 is CP949.
func utf8Copy(b *testing.B, path string) string {
	b.Helper()
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	br := bufio.NewReaderSize(in, 64<<10)
	head, err := br.Peek(64 << 10)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		b.Fatal(err)
	}
	var r io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
	case validUTF8Head(head):
		return path
	default:
		r = transform.NewReader(br, korean.EUCKR.NewDecoder())
	}
	out := filepath.Join(b.TempDir(), filepath.Base(path)+".utf8.csv")
	f, err := os.Create(out)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(f, r); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return out
}

// validUTF8Head reports whether head is valid UTF-8 but for a rune cut at
// its end.
func validUTF8Head(head []byte) bool {
	for i := 0; i < utf8.UTFMax && len(head) > 0; i++ {
		if utf8.Valid(head) {
			return true
		}
		head = head[:len(head)-1]
	}
	return false
}

func fileSize(b *testing.B, path string) int64 {
	b.Helper()
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return info.Size()
}

// benchDir is a folder for one iteration's database, removed by the caller
// right after (b.TempDir would keep every iteration's database until the end).
func benchDir(b *testing.B) string {
	b.Helper()
	dir, err := os.MkdirTemp("", "sangsaeng-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}
