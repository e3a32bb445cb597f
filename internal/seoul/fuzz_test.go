package seoul

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// The fuzz targets run their seeds in every go test; bench/fuzz.sh runs
// each with -fuzz for a while. Each wants what a user is promised for any
// file: no panic, and a refusal that names the file.

// fuzzKnown is the validator of the fuzz targets: every well-formed code
// but those ending in 9 is a loaded district (or 행정동).
func fuzzKnown(code string) bool { return !strings.HasSuffix(code, "9") }

// addTestdata adds the files of testdata whose names end in ext as seeds.
func addTestdata(f *testing.F, ext string) {
	f.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*"+ext))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no testdata/*%s seeds: %v", ext, err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// wantNamed fails unless err is nil or names file first, as every reader
// error must.
func wantNamed(t *testing.T, err error, file string) {
	t.Helper()
	if err != nil && !strings.HasPrefix(err.Error(), file+": ") {
		t.Fatalf("error %q does not begin with the file name %s", err, file)
	}
}

// FuzzCSV reads any bytes as a published CSV file twice, with ReadCSV and
// with PrepareCSV and Rewrite (the fast path), and wants the same answer:
// the same error, or the same typed rows, quarters and warnings.
func FuzzCSV(f *testing.F) {
	addTestdata(f, ".csv")
	for _, b := range badInputs(f) {
		f.Add([]byte(b.body))
	}
	f.Add([]byte(storesHeader + storesRow + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "fuzz.csv"
		var want map[int][]any
		var ws []Warning
		var qs []string
		var n int
		rows, errA := ReadCSV(bytes.NewReader(data), file, fuzzKnown)
		if errA == nil {
			want = map[int][]any{}
			for {
				dst := make([]any, len(rows.Schema().Columns))
				line, err := rows.Next(dst)
				if err != nil {
					if err != io.EOF {
						errA = err
					}
					break
				}
				want[line] = dst
			}
			ws, qs, n = rows.Result()
		}
		wantNamed(t, errA, file)

		var out bytes.Buffer
		prep, errB := PrepareCSV(bytes.NewReader(data), file, fuzzKnown)
		if errB == nil {
			errB = prep.Rewrite(&out, nil)
		}
		if errors.Is(errB, ErrLayout) {
			return // a layout left to ReadCSV
		}
		wantNamed(t, errB, file)
		switch {
		case (errA == nil) != (errB == nil):
			t.Fatalf("ReadCSV error %v, PrepareCSV error %v; want both or neither", errA, errB)
		case errA != nil:
			if errA.Error() != errB.Error() {
				t.Fatalf("PrepareCSV error %q, want ReadCSV's %q", errB, errA)
			}
			return
		}
		if got := loadPrepared(t, out.Bytes(), prep); !reflect.DeepEqual(got, want) {
			t.Fatalf("Rewrite's rows differ from ReadCSV's:\n got %v\nwant %v", got, want)
		}
		if prep.Rows != n || !reflect.DeepEqual(prep.Quarters, qs) || !reflect.DeepEqual(prep.Warnings, ws) {
			t.Fatalf("Rewrite found %d rows, quarters %v, warnings %+v; ReadCSV %d, %v, %+v", prep.Rows, prep.Quarters, prep.Warnings, n, qs, ws)
		}
	})
}

// FuzzJSON reads any bytes as the 영역-행정동 JSON file.
func FuzzJSON(f *testing.F) {
	addTestdata(f, ".json")
	f.Add([]byte(`{"DATA":[{"adstrd_cd":"11110515","adstrd_nm":"청운효자동","relm_ar":1,"xcnts_value":197342,"ydnts_value":453874}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		const file = "fuzz.json"
		rows, err := ReadJSON(bytes.NewReader(data), file, fuzzKnown)
		if err == nil {
			err = drain(rows)
		}
		wantNamed(t, err, file)
	})
}

// csvSource is a RecordSource over CSV text, as a Parquet file's cells
// reach ReadRecords.
type csvSource struct {
	header []string
	rows   [][]string
}

func (s *csvSource) Header() []string { return s.header }
func (s *csvSource) Next() ([]string, error) {
	if len(s.rows) == 0 {
		return nil, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

// FuzzRecords reads any table as a Parquet file's cells reach ReadRecords,
// the path of the vitality feed in Parquet (and of any dataset so given).
func FuzzRecords(f *testing.F) {
	addTestdata(f, ".csv")
	f.Add([]byte("quarter,code,value\n20251,3110001,1e400\n20251,11110515,-0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.FieldsPerRecord = -1
		recs, err := cr.ReadAll()
		if err != nil || len(recs) == 0 {
			return
		}
		const file = "fuzz.parquet"
		rows, err := ReadRecords(&csvSource{header: recs[0], rows: recs[1:]}, "Parquet", file, fuzzKnown)
		if err == nil {
			err = drain(rows)
		}
		wantNamed(t, err, file)
	})
}

// FuzzPolygons reads any .shp, .dbf and .prj as the 영역-상권 Shapefile.
func FuzzPolygons(f *testing.F) {
	dir := f.TempDir()
	seed := filepath.Join(dir, "seed.shp")
	sq := orb.Ring{{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}}
	fields := []geo.Field{{Name: "TRDAR_CD", Type: 'C', Length: 10}, {Name: "TRDAR_CD_N", Type: 'C', Length: 60},
		{Name: "TRDAR_SE_C", Type: 'C', Length: 1}, {Name: "TRDAR_SE_1", Type: 'C', Length: 20}}
	features := []geo.Feature{
		{Attrs: map[string]string{"TRDAR_CD": "3110001", "TRDAR_CD_N": "상생골목", "TRDAR_SE_C": "A", "TRDAR_SE_1": "골목상권"},
			Geom: orb.MultiPolygon{{sq, orb.Ring{{2, 2}, {4, 2}, {4, 4}, {2, 4}, {2, 2}}}}},
		{Attrs: map[string]string{"TRDAR_CD": "3110002", "TRDAR_CD_N": "종로·청계", "TRDAR_SE_C": "U", "TRDAR_SE_1": "관광특구"}},
	}
	if err := geo.WriteShapefile(seed, fields, features, geo.PRJ5181); err != nil {
		f.Fatal(err)
	}
	read := func(ext string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, "seed"+ext))
		if err != nil {
			f.Fatal(err)
		}
		return b
	}
	f.Add(read(".shp"), read(".dbf"), read(".prj"))
	f.Add(read(".shp"), read(".dbf"), []byte{})
	f.Fuzz(func(t *testing.T, shp, dbf, prj []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "fuzz.shp")
		for ext, b := range map[string][]byte{".shp": shp, ".dbf": dbf, ".prj": prj} {
			if err := os.WriteFile(filepath.Join(dir, "fuzz"+ext), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		polys, err := ReadPolygons(path, fuzzKnown)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, p := range polys {
			if !ValidCode(p.Code) || !fuzzKnown(p.Code) {
				t.Fatalf("polygon of record %d has code %q, which ReadPolygons must refuse", p.Record, p.Code)
			}
		}
	})
}
