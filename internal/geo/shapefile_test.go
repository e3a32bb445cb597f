package geo

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"golang.org/x/text/encoding/korean"
)

var testFields = []Field{
	{Name: "TRDAR_CD", Type: 'C', Length: 10},
	{Name: "NAME", Type: 'C', Length: 60},
	{Name: "AREA", Type: 'N', Length: 12, Decimals: 2},
}

func attrs(code, name, area string) map[string]string {
	return map[string]string{"TRDAR_CD": code, "NAME": name, "AREA": area}
}

// writeTestShapefile writes features with testFields into a temporary
// directory and returns the .shp path.
func writeTestShapefile(t *testing.T, features []Feature, prj string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "areas.shp")
	if err := WriteShapefile(path, testFields, features, prj); err != nil {
		t.Fatalf("WriteShapefile: %v", err)
	}
	return path
}

func readTestShapefile(t *testing.T, path string) *Shapefile {
	t.Helper()
	sf, err := ReadShapefile(path)
	if err != nil {
		t.Fatalf("ReadShapefile: %v", err)
	}
	return sf
}

// editFile replaces the contents of the file at path with edit's result.
func editFile(t *testing.T, path string, edit func([]byte) []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, edit(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestShapefileRoundTrip(t *testing.T) {
	tests := []struct {
		name     string
		features []Feature
		prj      string
	}{
		{"no features", nil, PRJ5181},
		{
			"polygon with a hole",
			[]Feature{{attrs("3110008", "배화여자대학교(박노수미술관)", "149264.00"), orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 2, false)}}}},
			PRJ5181,
		},
		{
			"multipolygon with an island in a lake",
			[]Feature{{
				attrs("3110009", "자하문터널", "1"),
				orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 6, false)}, {square(4, 4, 2, true)}},
			}},
			"",
		},
		{
			"hole inside two outer rings goes to the smaller",
			[]Feature{{
				attrs("1", "nested", ""),
				orb.MultiPolygon{{square(0, 0, 10, true), square(1, 1, 8, false)}, {square(3, 3, 4, true), square(4, 4, 1, false)}},
			}},
			"",
		},
		{
			"hole touching its ring at a vertex",
			[]Feature{{attrs("2", "touching hole", "-1.5"), orb.MultiPolygon{{square(0, 0, 10, true), orb.Ring{{0, 0}, {5, 2}, {2, 5}, {0, 0}}}}}},
			"",
		},
		{
			"ring touching itself",
			[]Feature{{
				attrs("3110137", "self-touching", ""),
				orb.MultiPolygon{{orb.Ring{{0, 0}, {0, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}, {1, 0}, {0, 0}}}},
			}},
			"",
		},
		{
			"null shape among polygons",
			[]Feature{
				{attrs("3120001", "종로·청계", "12.50"), orb.MultiPolygon{{square(197000, 453000, 100, true)}}},
				{attrs("3120002", "", ""), nil},
				{attrs("3120003", "똠", "0"), orb.MultiPolygon{{square(0, 0, 1, true)}, {square(5, 5, 1, true)}}},
			},
			PRJ5181,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readTestShapefile(t, writeTestShapefile(t, tt.features, tt.prj))
			want := &Shapefile{Fields: testFields, Features: tt.features, PRJ: tt.prj}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestWriteShapefileNormalizesRings(t *testing.T) {
	in := orb.MultiPolygon{{
		orb.Ring{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, // counter-clockwise, open
		square(2, 2, 2, true),
	}}
	path := writeTestShapefile(t, []Feature{{attrs("1", "", ""), in}}, "")

	got := readTestShapefile(t, path).Features[0].Geom
	want := orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 2, false)}}
	if !got.Equal(want) {
		t.Errorf("read back %v, want %v", got, want)
	}
}

func TestWriteShapefileFiles(t *testing.T) {
	features := []Feature{
		{attrs("1", "a", ""), orb.MultiPolygon{{square(10, 20, 5, true)}}},
		{attrs("2", "b", ""), nil},
		{attrs("3", "c", ""), orb.MultiPolygon{{square(-3, 1, 2, true), square(-2.5, 1.5, 1, false)}}},
	}
	path := writeTestShapefile(t, features, "")
	base := strings.TrimSuffix(path, ".shp")
	read := func(ext string) []byte {
		t.Helper()
		b, err := os.ReadFile(base + ext)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	shp, shx, dbf := read(".shp"), read(".shx"), read(".dbf")

	if cpg := string(read(".cpg")); cpg != "UTF-8" {
		t.Errorf(".cpg = %q, want UTF-8", cpg)
	}
	if _, err := os.Stat(base + ".prj"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(".prj written for an empty prj (stat: %v)", err)
	}
	if dbf[len(dbf)-1] != 0x1A {
		t.Errorf(".dbf ends with %#x, want 0x1A", dbf[len(dbf)-1])
	}
	var box [4]float64
	for i := range box {
		box[i] = math.Float64frombits(binary.LittleEndian.Uint64(shp[36+8*i:]))
	}
	if want := [4]float64{-3, 1, 15, 25}; box != want {
		t.Errorf(".shp bounding box %v, want %v", box, want)
	}

	if !bytes.Equal(shx[:24], shp[:24]) || !bytes.Equal(shx[28:100], shp[28:100]) {
		t.Errorf(".shx header differs from the .shp header")
	}
	if got, want := 2*int(binary.BigEndian.Uint32(shx[24:])), len(shx); got != want {
		t.Errorf(".shx header gives %d bytes, file has %d", got, want)
	}
	if n := (len(shx) - 100) / 8; n != len(features) {
		t.Fatalf(".shx has %d entries, want %d", n, len(features))
	}
	for i := range features {
		offset := 2 * int(binary.BigEndian.Uint32(shx[100+8*i:]))
		length := binary.BigEndian.Uint32(shx[104+8*i:])
		if num := binary.BigEndian.Uint32(shp[offset:]); num != uint32(i+1) {
			t.Errorf(".shx entry %d points at record %d", i+1, num)
		}
		if l := binary.BigEndian.Uint32(shp[offset+4:]); l != length {
			t.Errorf(".shx entry %d gives length %d, record has %d", i+1, length, l)
		}
	}
}

func TestReadShapefileSkipsDeletedRecords(t *testing.T) {
	features := []Feature{
		{attrs("1", "gone", ""), orb.MultiPolygon{{square(0, 0, 1, true)}}},
		{attrs("2", "kept", ""), orb.MultiPolygon{{square(5, 5, 1, true)}}},
	}
	path := writeTestShapefile(t, features, "")
	editFile(t, strings.TrimSuffix(path, ".shp")+".dbf", func(b []byte) []byte {
		headerLen := binary.LittleEndian.Uint16(b[8:])
		b[headerLen] = '*'
		return b
	})

	got := readTestShapefile(t, path).Features
	if !reflect.DeepEqual(got, features[1:]) {
		t.Errorf("features = %+v, want %+v", got, features[1:])
	}
}

func TestReadShapefileEncoding(t *testing.T) {
	const name = "똠양꿍 종로·청계"
	cp949, err := korean.EUCKR.NewEncoder().String(strings.ReplaceAll(name, "·", "?"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		cpg   string // "" for no .cpg file
		cp949 bool   // whether the .dbf holds CP949 bytes
		want  string
	}{
		{"cpg UTF-8", "UTF-8", false, name},
		{"cpg 65001", "65001", false, name},
		{"cpg utf8 with newline", "utf8\n", false, name},
		{"cpg CP949", "CP949", true, strings.ReplaceAll(name, "·", "?")},
		{"cpg EUC-KR", "EUC-KR", true, strings.ReplaceAll(name, "·", "?")},
		{"no cpg", "", true, strings.ReplaceAll(name, "·", "?")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTestShapefile(t, []Feature{{attrs("1", name, ""), nil}}, "")
			base := strings.TrimSuffix(path, ".shp")
			if tt.cp949 {
				editFile(t, base+".dbf", func(b []byte) []byte {
					padded := cp949 + strings.Repeat(" ", len(name)-len(cp949))
					return bytes.Replace(b, []byte(name), []byte(padded), 1)
				})
			}
			if err := os.Remove(base + ".cpg"); err != nil {
				t.Fatal(err)
			}
			if tt.cpg != "" {
				if err := os.WriteFile(base+".cpg", []byte(tt.cpg), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			got := readTestShapefile(t, path).Features[0].Attrs["NAME"]
			if got != tt.want {
				t.Errorf("NAME = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadShapefileErrors(t *testing.T) {
	twoFeatures := []Feature{
		{attrs("1", "a", ""), orb.MultiPolygon{{square(0, 0, 1, true)}}},
		{attrs("2", "b", ""), orb.MultiPolygon{{square(5, 5, 1, true), square(5.2, 5.2, 0.5, false)}}},
	}
	setUint32 := func(order binary.ByteOrder, at int, v uint32) func([]byte) []byte {
		return func(b []byte) []byte {
			order.PutUint32(b[at:], v)
			return b
		}
	}
	tests := []struct {
		name string
		// edit changes the files written for twoFeatures, given the .shp
		// path, and returns the path to read.
		edit func(t *testing.T, shp string) string
		want string
	}{
		{
			"bad magic number",
			func(t *testing.T, shp string) string {
				editFile(t, shp, setUint32(binary.BigEndian, 0, 9999))
				return shp
			},
			"areas.shp: bad magic number 9999, want 9994",
		},
		{
			"truncated file",
			func(t *testing.T, shp string) string {
				editFile(t, shp, func(b []byte) []byte { return b[:len(b)-10] })
				return shp
			},
			"areas.shp: truncated: header gives 456 bytes, file has 446",
		},
		{
			"shorter than a header",
			func(t *testing.T, shp string) string {
				editFile(t, shp, func(b []byte) []byte { return b[:60] })
				return shp
			},
			"areas.shp: truncated: 60 bytes, a header needs 100",
		},
		{
			"truncated record",
			func(t *testing.T, shp string) string {
				editFile(t, shp, func(b []byte) []byte {
					b = b[:len(b)-16]
					binary.BigEndian.PutUint32(b[24:], uint32(len(b)/2))
					return b
				})
				return shp
			},
			"areas.shp: record 2: truncated",
		},
		{
			"part index out of range",
			func(t *testing.T, shp string) string {
				editFile(t, shp, setUint32(binary.LittleEndian, 100+8+44, 1000))
				return shp
			},
			"areas.shp: record 1: part index 1000 out of range",
		},
		{
			"point count larger than the record",
			func(t *testing.T, shp string) string {
				editFile(t, shp, setUint32(binary.LittleEndian, 100+8+40, 1<<30))
				return shp
			},
			"areas.shp: record 1: 1 parts and 1073741824 points overrun the record",
		},
		{
			"unsupported record shape type",
			func(t *testing.T, shp string) string {
				editFile(t, shp, setUint32(binary.LittleEndian, 100+8, 15))
				return shp
			},
			"areas.shp: record 1: unsupported shape type 15",
		},
		{
			"point shapefile",
			func(t *testing.T, shp string) string {
				editFile(t, shp, setUint32(binary.LittleEndian, 32, 1))
				return shp
			},
			"areas.shp: unsupported shape type 1, want 5 (polygon)",
		},
		{
			"missing dbf",
			func(t *testing.T, shp string) string {
				if err := os.Remove(strings.TrimSuffix(shp, ".shp") + ".dbf"); err != nil {
					t.Fatal(err)
				}
				return shp
			},
			"areas.dbf: no such file or directory",
		},
		{
			"truncated dbf",
			func(t *testing.T, shp string) string {
				editFile(t, strings.TrimSuffix(shp, ".shp")+".dbf", func(b []byte) []byte { return b[:len(b)-5] })
				return shp
			},
			"areas.dbf: truncated: 2 records need 295 bytes, file has 291",
		},
		{
			"dbf with fewer records",
			func(t *testing.T, shp string) string {
				other := writeTestShapefile(t, twoFeatures[:1], "")
				dbf, err := os.ReadFile(strings.TrimSuffix(other, ".shp") + ".dbf")
				if err != nil {
					t.Fatal(err)
				}
				editFile(t, strings.TrimSuffix(shp, ".shp")+".dbf", func([]byte) []byte { return dbf })
				return shp
			},
			"areas.shp: 2 shapes but",
		},
		{
			"not a .shp path",
			func(t *testing.T, shp string) string { return strings.TrimSuffix(shp, ".shp") + ".dbf" },
			"areas.dbf: not a .shp path",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.edit(t, writeTestShapefile(t, twoFeatures, ""))
			_, err := ReadShapefile(path)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ReadShapefile error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestWriteShapefileErrors(t *testing.T) {
	polygon := orb.MultiPolygon{{square(0, 0, 1, true)}}
	tests := []struct {
		name     string
		path     string
		fields   []Field
		features []Feature
		want     string
	}{
		{"not a .shp path", "areas.dbf", testFields, nil, "areas.dbf: not a .shp path"},
		{"long field name", "a.shp", []Field{{Name: "ELEVENBYTES", Type: 'C', Length: 1}}, nil, `field "ELEVENBYTES": name must be 1 to 10 bytes`},
		{"date field", "a.shp", []Field{{Name: "D", Type: 'D', Length: 8}}, nil, `field D: type 'D', want 'C' or 'N'`},
		{"zero length", "a.shp", []Field{{Name: "C", Type: 'C'}}, nil, "field C: length 0, want 1 to 254"},
		{"decimals on text", "a.shp", []Field{{Name: "C", Type: 'C', Length: 5, Decimals: 1}}, nil, "field C: 1 decimals do not fit a C field of length 5"},
		{"duplicate field", "a.shp", []Field{testFields[0], testFields[0]}, nil, `duplicate field "TRDAR_CD"`},
		{"value too wide", "a.shp", testFields, []Feature{{attrs("31100080000", "", ""), polygon}}, `feature 1: field TRDAR_CD: value "31100080000" is 11 bytes, field is 10 wide`},
		{"text in a number field", "a.shp", testFields, []Feature{{attrs("1", "", "12a"), polygon}}, `feature 1: field AREA: value "12a" is not a number`},
		{"unknown attribute", "a.shp", testFields, []Feature{{map[string]string{"OTHER": "x"}, polygon}}, `feature 1: "OTHER" is not a field`},
		{"ring too short", "a.shp", testFields, []Feature{{nil, polygon}, {nil, orb.MultiPolygon{{orb.Ring{{0, 0}, {1, 1}}}}}}, "feature 2: polygon 1 ring 1 has 3 points, want at least 4"},
		{"polygon without rings", "a.shp", testFields, []Feature{{nil, orb.MultiPolygon{{}}}}, "feature 1: polygon 1 has no rings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tt.path)
			err := WriteShapefile(path, tt.fields, tt.features, "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("WriteShapefile error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// seoulData returns the folder of real Seoul data that SANGSAENG_SEOUL_DATA
// names, skipping the test when it is not set.
func seoulData(t *testing.T) string {
	t.Helper()
	dir := seoultest.Dir(t, "test the published polygons")
	return dir
}

// publishedAreas returns 영역_면적 by 상권_코드 from a published CP949
// district table.
func publishedAreas(t *testing.T, path string) map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(korean.EUCKR.NewDecoder().Reader(f)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	codeCol, areaCol := slices.Index(rows[0], "상권_코드"), slices.Index(rows[0], "영역_면적")
	if codeCol < 0 || areaCol < 0 {
		t.Fatalf("%s: no 상권_코드 or 영역_면적 column in %q", path, rows[0])
	}
	areas := make(map[string]float64, len(rows)-1)
	for i, row := range rows[1:] {
		a, err := strconv.ParseFloat(row[areaCol], 64)
		if err != nil {
			t.Fatalf("%s: row %d: %v", path, i+2, err)
		}
		areas[row[codeCol]] = a
	}
	return areas
}

func TestPublishedShapefile(t *testing.T) {
	dir := filepath.Join(seoulData(t), "published")
	sf := readTestShapefile(t, filepath.Join(dir, "areas_trdar_polygons.shp"))
	areas := publishedAreas(t, filepath.Join(dir, "areas_trdar_2025-12.cp949.csv"))

	if len(sf.Features) != 1650 || len(areas) != 1650 {
		t.Fatalf("%d features and %d published areas, want 1650 of each", len(sf.Features), len(areas))
	}
	if sf.PRJ != PRJ5181 || !IsEPSG5181(sf.PRJ) {
		t.Errorf("PRJ = %q, want PRJ5181", sf.PRJ)
	}
	holes := 0
	byCode := make(map[string]orb.MultiPolygon, len(sf.Features))
	for _, f := range sf.Features {
		code := f.Attrs["TRDAR_CD"]
		byCode[code] = f.Geom
		for _, poly := range f.Geom {
			holes += len(poly) - 1
		}
		want, ok := areas[code]
		if !ok {
			t.Errorf("district %q is not in the published table", code)
			continue
		}
		if got := Area(f.Geom); math.Abs(got-want) > 0.5 {
			t.Errorf("district %s: area %.3f m², published %.0f m²", code, got, want)
		}
	}
	if holes != 41 {
		t.Errorf("%d hole rings, want 41", holes)
	}

	// These districts have rings that touch or cross themselves.
	for _, code := range []string{"3110137", "3110234", "3110270", "3110407", "3110515", "3110542"} {
		if a := Area(byCode[code]); !(a > 1000) || math.IsInf(a, 0) {
			t.Errorf("district %s: area %v m², want a finite area over 1000 m²", code, a)
		}
	}
}

func TestPublishedShapefileRoundTrip(t *testing.T) {
	published := filepath.Join(seoulData(t), "published", "areas_trdar_polygons")
	sf := readTestShapefile(t, published+".shp")
	copyBase := filepath.Join(t.TempDir(), "copy")
	if err := WriteShapefile(copyBase+".shp", sf.Fields, sf.Features, sf.PRJ); err != nil {
		t.Fatalf("WriteShapefile: %v", err)
	}
	if got := readTestShapefile(t, copyBase+".shp"); !reflect.DeepEqual(got, sf) {
		t.Errorf("the published shapefile changed on a write and read")
	}

	// The writer reproduces the published bytes, but for the .dbf's
	// last-update date (bytes 1–3).
	for _, ext := range []string{".shp", ".shx", ".dbf", ".prj", ".cpg"} {
		want, err := os.ReadFile(published + ext)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(copyBase + ext)
		if err != nil {
			t.Fatal(err)
		}
		if ext == ".dbf" && len(got) > 4 && len(want) > 4 {
			copy(got[1:4], want[1:4])
		}
		if !bytes.Equal(got, want) {
			t.Errorf("written %s differs from the published file", ext)
		}
	}
}

func TestFixtureShapefile(t *testing.T) {
	dir := seoulData(t)
	fixture := readTestShapefile(t, filepath.Join(dir, "fixture", "area_trdar_shp", "area_trdar.shp"))
	published := readTestShapefile(t, filepath.Join(dir, "published", "areas_trdar_polygons.shp"))

	if len(fixture.Features) != 102 || !IsEPSG5181(fixture.PRJ) {
		t.Fatalf("%d features, EPSG:5181 %v; want 102 in EPSG:5181", len(fixture.Features), IsEPSG5181(fixture.PRJ))
	}
	byCode := make(map[string]orb.MultiPolygon, len(published.Features))
	for _, f := range published.Features {
		byCode[f.Attrs["TRDAR_CD"]] = f.Geom
	}
	for _, f := range fixture.Features {
		if code := f.Attrs["TRDAR_CD"]; !f.Geom.Equal(byCode[code]) {
			t.Errorf("district %s: fixture polygon differs from the published one", code)
		}
	}
}

// FuzzDecode checks that no .shp or .dbf content makes the decoders panic.
func FuzzDecode(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed.shp")
	features := []Feature{
		{attrs("1", "종로", "1.5"), orb.MultiPolygon{{square(0, 0, 10, true), square(2, 2, 2, false)}, {square(20, 0, 1, true)}}},
		{attrs("2", "", ""), nil},
	}
	if err := WriteShapefile(path, testFields, features, ""); err != nil {
		f.Fatal(err)
	}
	for _, ext := range []string{".shp", ".dbf"} {
		b, err := os.ReadFile(filepath.Join(dir, "seed"+ext))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = decodeShp(data)
		_, _, _ = decodeDBF(data, textDecoder(""))
	})
}
