package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/text/encoding/korean"

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
		mustIngest(t, in, writeFile(t, dir, "stores_v2.csv", storesHeader+storesRow("20242", 3110001, "CS100001", 60)))

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
			{"unknown district", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + storesRow("20241", 3119999, "CS100001", 9),
				"bad.csv: line 3: column 상권_코드: unknown district code 3119999"},
			{"duplicate key", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + storesRow("20241", 3110001, "CS100001", 8),
				"bad.csv: line 3: duplicate key"},
			{"wrong column count", storesHeader + storesRow("20241", 3110001, "CS100001", 9) + "20241,A,골목상권,3110002,상권,CS100001,업종,1,2\n",
				"bad.csv: line 3: column 1: wrong number of fields"},
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
	storetest.Each(t, func(t *testing.T, src string) {
		if testing.Short() {
			t.Skip("-short: skipping the subprocess test")
		}
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
			"\r\n" +
			storesRow("20241", 3110002, "CS100001", 7) +
			"20241,A,,3110003, 공백 ,CS100001,업종,,,0.50,,.5,,"
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
