package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/unicode"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

const (
	areasHeader  = "상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,엑스좌표_값,와이좌표_값,자치구_코드,자치구_코드_명,행정동_코드,행정동_코드_명,영역_면적\n"
	storesHeader = "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,서비스_업종_코드,서비스_업종_코드_명,점포_수,유사_업종_점포_수,개업_율,개업_점포_수,폐업_률,폐업_점포_수,프랜차이즈_점포_수\n"
)

// areasFile writes an 영역-상권 file with n districts 3110001.. and returns its path.
func areasFile(t *testing.T, dir string, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(areasHeader)
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "A,골목상권,%d,상권%d,%d,%d,11110,종로구,11110515,청운효자동,%d\n", 3110000+i, i, 197000+i, 453000+i, 1000*i)
	}
	return writeFile(t, dir, "areas.csv", b.String())
}

// storesRow is a consistent 점포-상권 row; stores drives every count.
func storesRow(q string, code int, industry string, stores int) string {
	return fmt.Sprintf("%s,A,골목상권,%d,상권,%s,업종,%d,%d,0,0,0,0,1\n", q, code, industry, stores, stores+1)
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newIngester(t *testing.T, path string) *Ingester {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &Ingester{DB: db}
}

func liveStores(t *testing.T, in *Ingester, code, q string) []store.Record {
	t.Helper()
	recs, err := in.DB.QuarterRecords(context.Background(), seoul.Stores, code, q)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestSameBytesChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		ctx := context.Background()
		p := areasFile(t, dir, 3)
		first, err := in.File(ctx, p)
		if err != nil || first.Unchanged {
			t.Fatalf("first ingest = %+v, %v", first, err)
		}
		copyPath := writeFile(t, dir, "renamed.csv", mustRead(t, p))
		again, err := in.File(ctx, copyPath)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Unchanged || again.Release.ID != first.Release.ID {
			t.Fatalf("re-ingest of the same bytes = %+v, want unchanged release %d", again, first.Release.ID)
		}
		rels, _ := in.DB.Releases(ctx)
		if len(rels) != 1 {
			t.Fatalf("%d releases, want 1", len(rels))
		}
	})
}

func TestSameBytesOfASupersededReleaseReactivateIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		ctx := context.Background()
		mustIngest(t, in, areasFile(t, dir, 2))
		full := writeFile(t, dir, "full.csv", storesHeader+storesRow("20241", 3110001, "CS100001", 5)+storesRow("20241", 3110002, "CS100001", 6))
		first := mustIngest(t, in, full)
		in.Replace = true
		mustIngest(t, in, writeFile(t, dir, "sample.csv", storesHeader+storesRow("20241", 3110001, "CS100001", 50)))
		in.Replace = false

		out, err := in.File(ctx, full)
		if err != nil {
			t.Fatal(err)
		}
		if out.Unchanged || out.Reactivated == nil || out.Release.ID != first.ID || out.Reactivated.Slices != 1 {
			t.Fatalf("re-ingest of the superseded full file = %+v, want release %d reactivated for 1 slice", out, first.ID)
		}
		if r := liveStores(t, in, "3110002", "20241"); len(r) != 1 || r[0]["stores"] != int64(6) {
			t.Errorf("3110002 20241 = %v, want the full file's 6 stores again", r)
		}
		again, err := in.File(ctx, full)
		if err != nil || !again.Unchanged || again.Reactivated != nil {
			t.Fatalf("third ingest of the full file = %+v, %v; want unchanged: it is live", again, err)
		}
	})
}

func mustRead(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRevisedReleaseReplacesItsQuarters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		mustIngest(t, in, areasFile(t, dir, 2))
		mustIngest(t, in, writeFile(t, dir, "stores_v1.csv", storesHeader+
			storesRow("20241", 3110001, "CS100001", 5)+storesRow("20242", 3110001, "CS100001", 6)+storesRow("20242", 3110002, "CS100001", 7)))
		v2 := writeFile(t, dir, "stores_v2.csv", storesHeader+storesRow("20242", 3110001, "CS100001", 60))
		_, err := in.File(context.Background(), v2)
		var drop *store.DropError
		if !errors.As(err, &drop) || !strings.Contains(err.Error(), "20242/CS100001: would drop 1 of 2 districts") ||
			!strings.Contains(err.Error(), "--replace") || !strings.HasPrefix(err.Error(), v2+": ") {
			t.Fatalf("v2 without --replace = %v, want a refusal naming the file, the slice, its numbers and --replace", err)
		}
		if r := liveStores(t, in, "3110002", "20242"); len(r) != 1 {
			t.Errorf("3110002 20242 after the refusal = %v, want v1's row", r)
		}
		in.Replace = true
		if rel := mustIngest(t, in, v2); len(rel.Dropped) != 1 || rel.Dropped[0].Districts != 1 {
			t.Errorf("v2 with --replace dropped %+v, want 1 district of 20242/CS100001", rel.Dropped)
		}

		if r := liveStores(t, in, "3110001", "20241"); len(r) != 1 || r[0]["stores"] != int64(5) {
			t.Errorf("20241 = %v, want v1's 5 stores", r)
		}
		if r := liveStores(t, in, "3110001", "20242"); len(r) != 1 || r[0]["stores"] != int64(60) {
			t.Errorf("20242 = %v, want v2's 60 stores", r)
		}
		if r := liveStores(t, in, "3110002", "20242"); len(r) != 0 {
			t.Errorf("3110002 20242 = %v, want none: v2 replaced the 20242 slice of CS100001", r)
		}
	})
}

// cp949Name encodes a stores file in CP949 and puts name, raw bytes, in
// place of its rows' 상권_코드_명 ("상권").
func cp949Name(t *testing.T, body, name string) string {
	t.Helper()
	b, err := korean.EUCKR.NewEncoder().String(body)
	if err != nil {
		t.Fatal(err)
	}
	field, _ := korean.EUCKR.NewEncoder().String(",상권,")
	return strings.ReplaceAll(b, field, ","+name+",")
}

// bigStores is a stores file of n rows of 3110001 (past 64 KiB for n of
// 3000), every row its own industry.
func bigStores(n int) string {
	var b strings.Builder
	b.WriteString(storesHeader)
	for i := range n {
		b.WriteString(storesRow("20241", 3110001, fmt.Sprintf("CS%06d", i), 9))
	}
	return b.String()
}

func TestTrailingBlankLinesAreIgnored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		mustIngest(t, in, areasFile(t, dir, 2))
		for name, body := range map[string]string{
			"fast.csv":     storesHeader + storesRow("20241", 3110001, "CS100001", 5) + "\n\r\n,,,,,,,,,,,,,\n  \n",
			"rowbyrow.csv": storesHeader + strings.Replace(storesRow("20242", 3110001, "CS100001", 5), ",상권,", ",\"상\n권\",", 1) + "\n,,,,,,,,,,,,,\n",
		} {
			if rel := mustIngest(t, in, writeFile(t, dir, name, body)); rel.Rows != 1 {
				t.Errorf("%s: %d rows, want 1", name, rel.Rows)
			}
		}
	})
}

func mustIngest(t *testing.T, in *Ingester, p string) *store.Release {
	t.Helper()
	out, err := in.File(context.Background(), p)
	if err != nil {
		t.Fatalf("ingest %s: %v", p, err)
	}
	return out.Release
}

func TestBadFileLeavesPreviousState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		ctx := context.Background()
		mustIngest(t, in, areasFile(t, dir, 2))
		mustIngest(t, in, writeFile(t, dir, "stores_v1.csv", storesHeader+storesRow("20241", 3110001, "CS100001", 5)))
		before, _ := in.DB.Datasets(ctx)

		tests := []struct{ name, body, want string }{
			{"bad number late in the file", storesHeader + storesRow("20241", 3110001, "CS100001", 9) +
				storesRow("20241", 3110002, "CS100001", 9) + "20241,A,골목상권,3110002,상권,CS100003,업종,x,1,0,0,0,0,1\n",
				"bad.csv: line 4: column 점포_수: not a number"},
			// Rows of several 1 MiB blocks are loaded while the last
			// block is checked: its error still stores nothing.
			{"bad number in the last of several blocks", bigStores(40000) + "20241,A,골목상권,3110002,상권,CS100003,업종,x,1,0,0,0,0,1\n",
				"bad.csv: line 40002: column 점포_수: not a number"},
			{"unknown district", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + storesRow("20241", 3119999, "CS100001", 9),
				"bad.csv: line 3: column 상권_코드: unknown district code 3119999"},
			{"duplicate key", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + storesRow("20241", 3110001, "CS100001", 8),
				"bad.csv: line 3: duplicate key"},
			{"wrong column count", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + "20241,A,골목상권,3110002,상권,CS100001,업종,1,2\n",
				"bad.csv: line 3: wrong number of fields"},
			{"negative count", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",9,10,", ",-9,10,", 1),
				"bad.csv: line 2: column 점포_수: negative value"},
			{"fraction in a count", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",9,10,", ",9.5,10,", 1),
				"bad.csv: line 2: column 점포_수: not an integer"},
			{"exponent in a count", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",9,10,", ",9e1,10,", 1),
				"bad.csv: line 2: column 점포_수: not a number"},
			{"bad quarter", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + storesRow("20245", 3110002, "CS100001", 9),
				"bad.csv: line 3: column 기준_년분기_코드: not a quarter"},
			{"bare quote", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",상권,", ",상\"권,", 1),
				"bad.csv: line 2: column 33: bare \" in non-quoted-field"},
			{"bad number after a quoted newline", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",상권,", ",\"상\n권\",", 1) +
				strings.Replace(storesRow("20241", 3110002, "CS100001", 9), ",9,10,", ",x,10,", 1),
				"bad.csv: line 4: column 점포_수: not a number"},
			// Invalid bytes, on the fast path and row by row (a quoted
			// newline sends a file there), never stored as U+FFFD.
			{"invalid CP949", cp949Name(t, storesHeader+storesRow("20241", 3110001, "CS100001", 9), "\xff\xfe\xff"),
				"bad.csv: line 2: column 상권_코드_명: bytes that are not valid CP949"},
			{"invalid CP949 after a quoted newline", cp949Name(t, storesHeader+storesRow("20241", 3110001, "CS100001", 9), "\"\xb0\xa1\n\xff\xfe\xff\""),
				"bad.csv: line 2: column 상권_코드_명: bytes that are not valid CP949"},
			{"invalid UTF-8 past 64 KiB", bigStores(3000) + strings.Replace(storesRow("20241", 3110002, "CS100001", 9), ",상권,", ",\xff\xfe\xff,", 1),
				"bad.csv: line 3002: column 상권_코드_명: bytes that are not valid UTF-8"},
			{"invalid UTF-8 past 64 KiB after a quoted newline", bigStores(3000) + strings.Replace(storesRow("20241", 3110002, "CS100001", 9), ",상권,", ",\"상\n\xff\xfe\xff\",", 1),
				"bad.csv: line 3002: column 상권_코드_명: bytes that are not valid UTF-8"},
			{"U+FFFD in a UTF-8 file", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",상권,", ",상\uFFFD,", 1),
				"bad.csv: line 2: column 상권_코드_명: bytes that are not valid UTF-8 (or U+FFFD"},
			{"header only", storesHeader, "bad.csv: no data rows"},
			{"header only, row by row", strings.Replace(storesHeader, "상권_코드_명", "\"상권_코드_명\"", 1) + "\n",
				"bad.csv: no data rows"},
			{"blank line between rows", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + "\n" + storesRow("20241", 3110002, "CS100001", 9),
				"bad.csv: line 3: blank line between rows"},
			{"blank line between rows, row by row", storesHeader + strings.Replace(storesRow("20241", 3110001, "CS100001", 9), ",상권,", ",\"상\n권\",", 1) +
				",,,,,,,,,,,,,\n" + storesRow("20241", 3110002, "CS100001", 9),
				"bad.csv: line 4: blank line between rows"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := writeFile(t, dir, "bad.csv", tt.body)
				_, err := in.File(ctx, p)
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("ingest error = %v, want it to contain %q", err, tt.want)
				}
				after, _ := in.DB.Datasets(ctx)
				for i := range after {
					if after[i].Rows != before[i].Rows || len(after[i].Releases) != len(before[i].Releases) {
						t.Errorf("%s changed: %d rows, %d releases; want %d, %d", after[i].Name,
							after[i].Rows, len(after[i].Releases), before[i].Rows, len(before[i].Releases))
					}
				}
				if r := liveStores(t, in, "3110001", "20241"); len(r) != 1 || r[0]["stores"] != int64(5) {
					t.Errorf("live row = %v, want the previous release's 5 stores", r)
				}
			})
		}
	})
}

func TestExpandOrdersDistrictTablesFirst(t *testing.T) {
	dir := t.TempDir()
	stores := writeFile(t, dir, "a_stores.csv", storesHeader+storesRow("20241", 3110001, "CS100001", 5))
	areas := areasFile(t, dir, 1)
	writeFile(t, dir, "README.md", "# notes")
	writeFile(t, dir, "polygons.dbf", "sidecar")
	writeFile(t, dir, "provenance.json", `{"fusion_version": 1}`) // fuse's reports
	writeFile(t, dir, "suppressed.csv", "dataset,quarter,district_code,industry_code,merchants,reason\n")
	got, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != areas || got[1] != stores {
		t.Fatalf("Expand = %v, want [%s %s]", got, areas, stores)
	}
	if _, err := Expand([]string{filepath.Join(dir, "missing")}); err == nil {
		t.Fatal("Expand of a missing path: no error")
	}
	_, err = (&Ingester{}).File(context.Background(), filepath.Join(dir, "polygons.dbf"))
	if !errors.Is(err, seoul.ErrSidecar) {
		t.Fatalf("ingest of a .dbf: %v, want ErrSidecar", err)
	}
}

// TestKilledIngestLeavesPreviousState kills (SIGKILL) a process in the middle
// of ingesting a large file and checks the database still holds exactly what
// it held before, and opens cleanly.
func TestKilledIngestLeavesPreviousState(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the subprocess test")
	}
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		dbPath := src
		const districts = 200
		in := newIngester(t, dbPath)
		mustIngest(t, in, areasFile(t, dir, districts))
		mustIngest(t, in, writeFile(t, dir, "stores_v1.csv", storesHeader+storesRow("20241", 3110001, "CS100001", 5)))
		before, _ := in.DB.Datasets(context.Background())
		in.DB.Close()

		// A release large enough to take a while to load: 48 quarters x 200
		// districts x 50 industries = 480,000 rows.
		big := filepath.Join(dir, "stores_big.csv")
		f, err := os.Create(big)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		w.WriteString(storesHeader)
		for y := 2013; y < 2025; y++ {
			for q := 1; q <= 4; q++ {
				for c := 1; c <= districts; c++ {
					for i := 1; i <= 50; i++ {
						w.WriteString(storesRow(fmt.Sprintf("%d%d", y, q), 3110000+c, fmt.Sprintf("CS1%05d", i), i))
					}
				}
			}
		}
		if err := errors.Join(w.Flush(), f.Close()); err != nil {
			t.Fatal(err)
		}

		cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$")
		cmd.Env = append(os.Environ(), "SANGSAENG_TEST_CHILD_DB="+dbPath, "SANGSAENG_TEST_CHILD_FILE="+big)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait for the rows to be checked and their loading, inside the
		// transaction, to be under way. Then kill without warning.
		sc := bufio.NewScanner(out)
		loading := false
		for !loading && sc.Scan() {
			loading = strings.Contains(sc.Text(), "loading")
		}
		if !loading {
			cmd.Wait()
			t.Fatalf("the child ended before loading")
		}
		time.Sleep(100 * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("child ended with %v, want killed by SIGKILL mid-ingest", err)
		}

		in = newIngester(t, dbPath)
		after, err := in.DB.Datasets(context.Background())
		if err != nil {
			t.Fatalf("database after the kill: %v", err)
		}
		for i := range after {
			if after[i].Rows != before[i].Rows || len(after[i].Releases) != len(before[i].Releases) {
				t.Errorf("%s after the kill: %d rows, %d releases; want %d, %d", after[i].Name,
					after[i].Rows, len(after[i].Releases), before[i].Rows, len(before[i].Releases))
			}
		}
		// And the same file then ingests whole.
		rel := mustIngest(t, in, big)
		if rel.Rows != 48*districts*50 {
			t.Fatalf("re-run ingested %d rows, want %d", rel.Rows, 48*districts*50)
		}
	})
}

// TestIngestChild is the killed process of TestKilledIngestLeavesPreviousState.
func TestIngestChild(t *testing.T) {
	dbPath := os.Getenv("SANGSAENG_TEST_CHILD_DB")
	if dbPath == "" {
		t.Skip("run by TestKilledIngestLeavesPreviousState")
	}
	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	in := &Ingester{DB: db, Progress: &Progress{W: os.Stdout, Lines: true, Interval: 20 * time.Millisecond}}
	if _, err := in.File(context.Background(), os.Getenv("SANGSAENG_TEST_CHILD_FILE")); err != nil {
		t.Fatal(err)
	}
}

// TestLoadedRowsAreReadRows checks that a CSV file's release stores, row by
// row, what seoul.ReadCSV reads from it: in UTF-8, UTF-8 with BOM and CP949,
// with quoted cells, decimals, empty cells, CRLF and blank lines; and a file
// whose layout (a quoted newline) is left to the row-by-row path.
func TestLoadedRowsAreReadRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		mustIngest(t, in, areasFile(t, dir, 3))
		body := storesHeader +
			"20241,A,골목상권,3110001,\"상권, \"\"큰\"\" 이름\",CS100001,업종,5.0,6,,0,1e1,0,1\r\n" +
			storesRow("20241", 3110002, "CS100001", 7) +
			"20241,A,,3110003, 공백 ,CS100001,업종,,,0.50,,.5,,\r\n\r\n"
		cp949, err := korean.EUCKR.NewEncoder().String(body)
		if err != nil {
			t.Fatal(err)
		}
		files := []struct{ name, body string }{
			{"utf8.csv", body},
			{"bom.csv", "\uFEFF" + body},
			{"cp949.csv", cp949},
			{"layout.csv", strings.Replace(body, "큰", "큰\n", 1)},
		}
		for _, f := range files {
			t.Run(f.name, func(t *testing.T) {
				p := writeFile(t, dir, f.name, f.body)
				rel := mustIngest(t, in, p)
				want := readRecords(t, p)
				got, err := in.DB.QuarterAll(context.Background(), seoul.Stores, "20241")
				if err != nil {
					t.Fatal(err)
				}
				if rel.Rows != 3 || !reflect.DeepEqual(got, want) {
					t.Fatalf("%d rows stored:\n%v\nwant the reader's:\n%v", rel.Rows, got, want)
				}
			})
		}
	})
}

// readRecords reads a file's rows with seoul.ReadCSV, as records.
func readRecords(t *testing.T, path string) []store.Record {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := seoul.ReadCSV(f, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := rows.Schema()
	var out []store.Record
	for {
		dst := make([]any, len(s.Columns))
		if _, err := rows.Next(dst); err == io.EOF {
			return out
		} else if err != nil {
			t.Fatal(err)
		}
		r := store.Record{}
		for i, c := range s.Columns {
			r[c.Name] = dst[i]
		}
		out = append(out, r)
	}
}

func TestShapefileWithoutPRJIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		mustIngest(t, in, areasFile(t, dir, 1))
		fields := []geo.Field{{Name: "TRDAR_CD", Type: 'C', Length: 10}, {Name: "TRDAR_CD_N", Type: 'C', Length: 50}}
		ring := orb.Ring{{197000, 453000}, {197000, 453100}, {197100, 453100}, {197100, 453000}, {197000, 453000}}
		features := []geo.Feature{{Attrs: map[string]string{"TRDAR_CD": "3110001", "TRDAR_CD_N": "상권1"}, Geom: orb.MultiPolygon{{ring}}}}
		for _, tt := range []struct{ prj, want string }{
			{"", "polygons.shp: no polygons.prj beside it"},
			{geo.PRJ5181, ""},
		} {
			p := filepath.Join(t.TempDir(), "polygons.shp")
			if err := geo.WriteShapefile(p, fields, features, tt.prj); err != nil {
				t.Fatal(err)
			}
			_, err := in.File(context.Background(), p)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("prj %.20q: error %v, want %q", tt.prj, err, tt.want)
			}
		}
	})
}

// writeZip writes a zip archive of the given files; names marked cp949 are
// stored in CP949 without the UTF-8 flag, as Korean Windows does.
func writeZip(t *testing.T, path string, files map[string]string, cp949Names bool) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Method: zip.Deflate}
		if cp949Names {
			enc, err := korean.EUCKR.NewEncoder().String(name)
			if err != nil {
				t.Fatal(err)
			}
			h.Name, h.NonUTF8 = enc, true
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return writeFile(t, filepath.Dir(path), filepath.Base(path), buf.String())
}

// utf16Text is body as Excel saves "유니코드 텍스트": UTF-16LE with a BOM,
// tab-separated, CRLF line ends.
func utf16Text(t *testing.T, body string) string {
	t.Helper()
	tsv := strings.ReplaceAll(strings.ReplaceAll(body, ",", "\t"), "\n", "\r\n")
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(tsv)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestDownloadedFormats ingests the files a Korean user downloads or saves:
// the portal's zip (names in CP949), Excel's UTF-16 "유니코드 텍스트", and
// refuses Excel workbooks saying to save them as CSV.
func TestDownloadedFormats(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		ctx := context.Background()
		var areas strings.Builder
		areas.WriteString(areasHeader)
		for i := 1; i <= 2; i++ {
			fmt.Fprintf(&areas, "A,골목상권,%d,상권%d,%d,%d,11110,종로구,11110515,청운효자동,%d\n", 3110000+i, i, 197000+i, 453000+i, 1000*i)
		}
		// The stores file sorts before the areas inside the zip: Expand still
		// loads the areas first.
		zipPath := writeZip(t, filepath.Join(dir, "서울시 상권분석서비스.zip"), map[string]string{
			"a_점포.csv":  storesHeader + storesRow("20241", 3110001, "CS100001", 5),
			"영역/상권.csv": areas.String(),
			"읽어보세요.hwp": "not data",
			"b_더미/":     "",
		}, true)
		files, err := Expand([]string{zipPath})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{zipPath + "!영역/상권.csv", zipPath + "!a_점포.csv"}
		if !slices.Equal(files, want) {
			t.Fatalf("Expand(zip) = %q, want %q", files, want)
		}
		for _, f := range files {
			out, err := in.File(ctx, f)
			if err != nil {
				t.Fatalf("ingest %s: %v", f, err)
			}
			if wantFile := "서울시 상권분석서비스.zip!" + strings.SplitN(f, "!", 2)[1]; out.Release.File != wantFile {
				t.Errorf("release file %q, want %q", out.Release.File, wantFile)
			}
		}
		if r := liveStores(t, in, "3110001", "20241"); len(r) != 1 || r[0]["stores"] != int64(5) {
			t.Errorf("stores from the zip = %v, want 5 stores", r)
		}
		bad := writeZip(t, filepath.Join(dir, "bad.zip"), map[string]string{"점포.csv": storesHeader + storesRow("20241", 3110001, "CS100002", 5) + "20241,x\n"}, false)
		if _, err := in.File(ctx, bad+"!점포.csv"); err == nil || !strings.Contains(err.Error(), bad+"!점포.csv: line 3: wrong number of fields") {
			t.Errorf("bad file in a zip: error %v, want it named ARCHIVE!FILE with its line", err)
		}

		utf16 := writeFile(t, dir, "점포.txt", utf16Text(t, storesHeader+
			strings.Replace(storesRow("20242", 3110001, "CS100001", 6), ",상권,", ",\"상권\t\"\"이름\"\"\",", 1)+storesRow("20242", 3110002, "CS100001", 7)))
		if files, _ := Expand([]string{dir}); !slices.Contains(files, utf16) {
			t.Errorf("Expand(folder) = %q, want the UTF-16 .txt in it", files)
		}
		out, err := in.File(ctx, utf16)
		if err != nil {
			t.Fatalf("UTF-16 text: %v", err)
		}
		if out.Release.Encoding != seoul.UTF16Text || out.Release.Rows != 2 {
			t.Errorf("UTF-16 release: encoding %q, %d rows; want %q, 2", out.Release.Encoding, out.Release.Rows, seoul.UTF16Text)
		}
		if r := liveStores(t, in, "3110001", "20242"); len(r) != 1 || r[0]["name"] != "상권\t\"이름\"" || r[0]["stores"] != int64(6) {
			t.Errorf("stores from UTF-16 text = %v, want 6 stores named with a tab and quotes", r)
		}
		badUTF16 := writeFile(t, dir, "bad16.txt", utf16Text(t, storesHeader+storesRow("20243", 3110001, "CS100001", 6)+"\n"+storesRow("20243", 3110002, "CS100001", 6)))
		if _, err := in.File(ctx, badUTF16); err == nil || !strings.Contains(err.Error(), badUTF16+": line 3: blank line between rows") {
			t.Errorf("UTF-16 text with a blank line: error %v, want it at line 3", err)
		}

		xlsx := writeZip(t, filepath.Join(dir, "상권.xlsx"), map[string]string{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}, false)
		xls := writeFile(t, dir, "상권.xls", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest")
		noCSV := writeZip(t, filepath.Join(dir, "문서.zip"), map[string]string{"읽어보세요.hwp": "x"}, false)
		for _, tt := range []struct{ path, want string }{
			{xlsx, "an Excel workbook, not a CSV file: open it in Excel and save it as CSV (UTF-8 or CP949)"},
			{xls, "an Excel 97-2003 workbook (.xls), not a CSV file"},
			{noCSV, "a zip archive without a CSV file inside"},
		} {
			files, err := Expand([]string{tt.path})
			if err != nil || !slices.Equal(files, []string{tt.path}) {
				t.Errorf("Expand(%s) = %q, %v; want the file itself", tt.path, files, err)
			}
			_, err = in.File(ctx, tt.path)
			if !errors.Is(err, seoul.ErrUnknownFormat) || !strings.Contains(err.Error(), tt.path+": "+tt.want) {
				t.Errorf("ingest %s: error %v, want %q", tt.path, err, tt.want)
			}
		}
	})
}

// changer is a progress writer that appends a row to a file when the
// ingest of the file says it is loading.
type changer struct {
	t    *testing.T
	path string
	done bool
}

func (c *changer) Write(p []byte) (int, error) {
	if !c.done && bytes.Contains(p, []byte("loading")) {
		c.done = true
		f, err := os.OpenFile(c.path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			c.t.Error(err)
			return len(p), nil
		}
		f.WriteString(storesRow("20242", 3110001, "CS100001", 7))
		f.Close()
	}
	return len(p), nil
}

// TestFileChangedDuringIngestIsRefused checks that a file written to while
// its rows load, so that its hash may not be of the rows stored, is refused
// and stores nothing.
func TestFileChangedDuringIngestIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		in := newIngester(t, src)
		ctx := context.Background()
		mustIngest(t, in, areasFile(t, dir, 2))
		mustIngest(t, in, writeFile(t, dir, "stores_v1.csv", storesHeader+storesRow("20241", 3110001, "CS100001", 5)))
		before, _ := in.DB.Datasets(ctx)
		p := writeFile(t, dir, "changing.csv", bigStores(40000))
		in.Progress = &Progress{W: &changer{t: t, path: p}, Lines: true}
		_, err := in.File(ctx, p)
		want := "changing.csv: the file changed while it was ingested; nothing was stored"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("ingest error = %v, want it to contain %q", err, want)
		}
		after, _ := in.DB.Datasets(ctx)
		for i := range after {
			if after[i].Rows != before[i].Rows || len(after[i].Releases) != len(before[i].Releases) {
				t.Errorf("%s changed: %d rows, %d releases; want %d, %d", after[i].Name,
					after[i].Rows, len(after[i].Releases), before[i].Rows, len(before[i].Releases))
			}
		}
	})
}
