package seoul

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// readAll reads every row of a file into a JSON-friendly form.
func readAll(t *testing.T, rows Rows) map[string]any {
	t.Helper()
	s := rows.Schema()
	var out []map[string]any
	for {
		dst := make([]any, len(s.Columns))
		line, err := rows.Next(dst)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		rec := map[string]any{"_line": line}
		for i, c := range s.Columns {
			rec[c.Name] = dst[i]
		}
		out = append(out, rec)
	}
	warnings, quarters, n := rows.Result()
	return map[string]any{"dataset": s.Dataset, "encoding": rows.Encoding(), "rows": n,
		"quarters": quarters, "warnings": warnings, "records": out}
}

// TestReadersGolden reads each synthetic test file and compares the typed
// rows, warnings and quarters with its golden JSON (go test -update rewrites).
func TestReadersGolden(t *testing.T) {
	tests := []struct {
		file     string
		dataset  Dataset
		encoding string
	}{
		{"sales_utf8bom.csv", Sales, UTF8BOM},
		{"stores_english.csv", Stores, UTF8BOM},
		{"areas_cp949.csv", Areas, CP949},
		{"foot_traffic_decimal.csv", FootTraffic, UTF8},
		{"facilities_cp949.csv", Facilities, CP949},
		{"areas_dong.json", AreasDong, "JSON"},
		{"vitality.csv", Vitality, UTF8},
		{"vitality_cp949.csv", Vitality, CP949},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var rows Rows
			if strings.HasSuffix(tt.file, ".json") {
				rows, err = ReadJSON(f, tt.file, nil)
			} else {
				rows, err = ReadCSV(f, tt.file, nil)
			}
			if err != nil {
				t.Fatal(err)
			}
			if rows.Schema().Dataset != tt.dataset || rows.Encoding() != tt.encoding {
				t.Fatalf("got %s in %s, want %s in %s", rows.Schema().Dataset, rows.Encoding(), tt.dataset, tt.encoding)
			}
			got, err := json.MarshalIndent(readAll(t, rows), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.file+".golden.json")
			if *update {
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Errorf("rows differ from %s (run go test -update to accept):\n%s", golden, got)
			}
		})
	}
}

const storesHeader = "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,서비스_업종_코드,서비스_업종_코드_명,점포_수,유사_업종_점포_수,개업_율,개업_점포_수,폐업_률,폐업_점포_수,프랜차이즈_점포_수\n"

const storesRow = "20251,A,골목상권,3110001,상생골목,CS100001,한식음식점,10,12,8.3,1,16.7,2,2\n"

// badInput is each kind of bad input, with what its error must say.
type badInput struct {
	name string
	body string
	want []string // substrings of the error
	is   error
	// layout marks a file PrepareCSV leaves to ReadCSV (ErrLayout).
	layout bool
}

func badInputs(t testing.TB) []badInput {
	return []badInput{
		{"wrong column count", storesHeader + storesRow + "20251,A,골목상권,3110001,상생골목,CS100002,중식,1,1\n",
			[]string{"bad.csv: line 3", "wrong number of fields"}, nil, false},
		{"not a number", storesHeader + strings.Replace(storesRow, ",10,12,", ",abc,12,", 1),
			[]string{"bad.csv: line 2: column 점포_수: not a number: \"abc\""}, nil, false},
		{"negative count", storesHeader + strings.Replace(storesRow, ",10,12,", ",-3,12,", 1),
			[]string{"line 2: column 점포_수: negative value"}, nil, false},
		{"negative rate", storesHeader + strings.Replace(storesRow, ",8.3,", ",-8.3,", 1),
			[]string{"line 2: column 개업_율: negative value"}, nil, false},
		{"fraction in a count", storesHeader + strings.Replace(storesRow, ",10,12,", ",10.5,12,", 1),
			[]string{"line 2: column 점포_수: not an integer"}, nil, false},
		{"unknown district", storesHeader + strings.Replace(storesRow, "3110001", "3110999", 1),
			[]string{"line 2: column 상권_코드: unknown district code 3110999"}, nil, false},
		{"legacy code in a current file", storesHeader + strings.Replace(storesRow, "3110001", "2110753", 1),
			[]string{"line 2: column 상권_코드", "legacy pre-2023"}, ErrLegacy, false},
		{"legacy header", "\"기준_년월_코드\",\"상권_구분_코드\",\"상권_구분_코드_명\",\"상권_코드\",\"상권_코드_명\",\"엑스좌표_값\",\"와이좌표_값\",\"시군구_코드\",\"행정동_코드\",\"형태정보\"\n\"202112\",\"A\",\"골목상권\",\"2110753\",\"시흥동\",\"191934\",\"438813\",\"11545\",\"11545710\",\"\"\n",
			[]string{"bad.csv: line 1", "legacy pre-2023 file"}, ErrLegacy, false},
		{"bad quarter", storesHeader + strings.Replace(storesRow, "20251,", "2025Q1,", 1),
			[]string{"line 2: column 기준_년분기_코드: not a quarter"}, nil, false},
		{"unknown header", strings.Replace(storesHeader, "점포_수,", "가게_수,", 1) + storesRow,
			[]string{"line 1", "closest is stores", "missing 점포_수", "unknown 가게_수"}, ErrUnknownFormat, false},
		{"not a dataset", "a,b,c\n1,2,3\n", []string{"header matches no dataset"}, ErrUnknownFormat, false},
		{"empty file", "", []string{"empty file"}, ErrUnknownFormat, false},
		{"bad label", "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,상권_변화_지표,상권_변화_지표_명,운영_영업_개월_평균,폐업_영업_개월_평균,서울_운영_영업_개월_평균,서울_폐업_영업_개월_평균\n20251,A,골목상권,3110001,상생골목,XX,정체,1,2,3,4\n",
			[]string{"line 2: column 상권_변화_지표: not a change-index label"}, nil, false},
		{"bare quote", storesHeader + "20251,A,골목\"상권,3110001,상생골목,CS100001,한식음식점,10,12,8.3,1,16.7,2,2\n",
			[]string{"bad.csv: line 2", "bare \" in non-quoted-field"}, nil, false},
		// Forms a bulk loader would take as numbers.
		{"exponent in a count", storesHeader + strings.Replace(storesRow, ",10,12,", ",1e3,12,", 1),
			[]string{"line 2: column 점포_수: not a number: \"1e3\""}, nil, false},
		{"hex in a count", storesHeader + strings.Replace(storesRow, ",10,12,", ",0x10,12,", 1),
			[]string{"line 2: column 점포_수: not a number"}, nil, false},
		{"plus sign", storesHeader + strings.Replace(storesRow, ",10,12,", ",+10,12,", 1),
			[]string{"line 2: column 점포_수: not a number"}, nil, false},
		{"space in a count", storesHeader + strings.Replace(storesRow, ",10,12,", ", 10,12,", 1),
			[]string{"line 2: column 점포_수: not a number"}, nil, false},
		{"digit separator", storesHeader + strings.Replace(storesRow, ",10,12,", ",1_000,12,", 1),
			[]string{"line 2: column 점포_수: not a number"}, nil, false},
		{"negative zero", storesHeader + strings.Replace(storesRow, ",10,12,", ",-0,12,", 1),
			[]string{"line 2: column 점포_수: negative value"}, nil, false},
		{"fraction in a count, quoted", storesHeader + strings.Replace(storesRow, ",10,12,", ",\"12.5\",12,", 1),
			[]string{"line 2: column 점포_수: not an integer"}, nil, false},
		// Past the 64 KiB that decide the encoding.
		{"invalid UTF-8", storesHeader + strings.Repeat(storesRow, 1000) + strings.Replace(storesRow, "상생골목", "\xff\xfe", 1),
			[]string{"line 1002: column 상권_코드_명: bytes that are not valid UTF-8"}, nil, false},
		{"wrong column count, quoted", storesHeader + storesRow + "20251,A,\"골목,상권\",3110001,상생골목,CS100002,중식,1,1\n",
			[]string{"bad.csv: line 3", "wrong number of fields"}, nil, false},
		{"text after a closing quote", storesHeader + "20251,A,\"골목\"상권,3110001,상생골목,CS100001,한식음식점,10,12,8.3,1,16.7,2,2\n",
			[]string{"bad.csv: line 2", "extraneous or missing \" in quoted-field"}, nil, false},
		{"bad row after CRLF lines", storesHeader + strings.ReplaceAll(storesRow, "\n", "\r\n") + strings.Replace(storesRow, "20251,", "20255,", 1),
			[]string{"bad.csv: line 3: column 기준_년분기_코드: not a quarter"}, nil, false},
		// Blank lines are ignored only at the end of the file.
		{"blank line after the header", storesHeader + "\r\n" + storesRow,
			[]string{"bad.csv: line 2: blank line between rows"}, nil, false},
		{"blank lines between rows", storesHeader + storesRow + "\n \n" + strings.Replace(storesRow, "CS100001", "CS100002", 1),
			[]string{"bad.csv: line 3: blank line between rows"}, nil, false},
		{"empty spreadsheet row between rows", storesHeader + storesRow + ",,,,,,,,,,,,,\n" + strings.Replace(storesRow, "CS100001", "CS100002", 1),
			[]string{"bad.csv: line 3: blank line between rows"}, nil, false},
		{"blank line after a quoted newline", storesHeader + strings.Replace(storesRow, "상생골목", "\"상생\n골목\"", 1) + "\n" + strings.Replace(storesRow, "CS100001", "CS100002", 1),
			[]string{"bad.csv: line 4: blank line between rows"}, nil, true},
		{"header only", storesHeader, []string{"bad.csv: no data rows"}, nil, false},
		{"header and blank lines only", storesHeader + "\n,,,\n", []string{"bad.csv: no data rows"}, nil, false},
		{"invalid CP949", cp949(t, storesHeader) + strings.Replace(cp949(t, storesRow), cp949(t, "상생골목"), "\xff\xfe\xff", 1),
			[]string{"bad.csv: line 2: column 상권_코드_명: bytes that are not valid CP949"}, nil, false},
	}
}

// cp949 encodes s in CP949.
func cp949(t testing.TB, s string) string {
	t.Helper()
	b, err := korean.EUCKR.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// badKnown is the validator of the bad inputs: one district is loaded.
func badKnown(code string) bool { return code == "3110001" }

// TestBadInput checks that each kind of bad input is refused with an error
// naming the file, the line, the column and the reason.
func TestBadInput(t *testing.T) {
	tests := badInputs(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readErr(strings.NewReader(tt.body), badKnown)
			if err == nil {
				t.Fatal("read without error, want one")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func readErr(r io.Reader, known Validator) error {
	rows, err := ReadCSV(r, "bad.csv", known)
	if err != nil {
		return err
	}
	return drain(rows)
}

// drain reads every row, returning the first error.
func drain(rows Rows) error {
	dst := make([]any, len(rows.Schema().Columns))
	for {
		if _, err := rows.Next(dst); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

func TestWarningsCountInconsistentRows(t *testing.T) {
	// Row 2: similar_stores 12 ≠ stores 10 + franchise 3.
	body := storesHeader + strings.Replace(storesRow, ",2\n", ",3\n", 1) +
		strings.Replace(storesRow, "CS100001", "CS100002", 1)
	rows, err := ReadCSV(strings.NewReader(body), "w.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, rows)
	warnings, _, n := rows.Result()
	if n != 2 || len(warnings) != 1 || warnings[0].Code != "similar_stores" || warnings[0].Count != 1 || warnings[0].FirstLine != 2 {
		t.Fatalf("got %d rows, warnings %+v; want 2 rows and one similar_stores warning at line 2", n, warnings)
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"", 0, ""}, {"0", 0, ""}, {"123", 123, ""}, {"126315.0", 126315, ""}, {"7.000", 7, ""},
		{"1.5", 0, "not an integer"}, {"-1", 0, "negative"}, {"abc", 0, "not a number"},
		{"1e3", 0, "not a number"}, {"12.", 0, "not a number"}, {".", 0, "not a number"},
		{"99999999999999999999", 0, "out of range"},
	}
	for _, tt := range tests {
		got, err := parseCount(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseCount(%q) = %d, %v; want error %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseCount(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestDecodeSniffsEncoding(t *testing.T) {
	// "똠" exists in CP949 but not in EUC-KR's KS X 1001 set.
	cp949 := []byte{0x8c, 0x63} // 똠
	tests := []struct {
		in       []byte
		want     string
		encoding string
	}{
		{append([]byte{0xEF, 0xBB, 0xBF}, "상권"...), "상권", UTF8BOM},
		{[]byte("상권"), "상권", UTF8},
		{cp949, "똠", CP949},
		{[]byte("plain"), "plain", UTF8},
	}
	for _, tt := range tests {
		r, enc, err := decode(bytes.NewReader(tt.in))
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(r)
		if string(got) != tt.want || enc != tt.encoding {
			t.Errorf("decode(% x) = %q in %s, want %q in %s", tt.in, got, enc, tt.want, tt.encoding)
		}
	}
}

// TestFromCP949 checks the block decoder against x/text's streaming one on
// CP949 text and on random bytes, valid or not.
func TestFromCP949(t *testing.T) {
	text, err := korean.EUCKR.NewEncoder().String("20251,A,골목상권,3110001,\"황학동,벼룩시장\",CS100001,한식음식점 Ab똠,10\n")
	if err != nil {
		t.Fatal(err)
	}
	inputs := []string{"", "abc", text, strings.Repeat(text, 50), "\x81", "\x81,", "\x81\n\x81", "a\xc7\x41b", "\xff\xfe\x80\x41\x42"}
	rnd := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte{',', '\n', 'A', 'z', '0', 0x41, 0x5a, 0x61, 0x7f, 0x80, 0x81, 0xa1, 0xb0, 0xc6, 0xc7, 0xfe, 0xff}
	for range 2000 {
		b := make([]byte, rnd.IntN(40))
		for i := range b {
			b[i] = alphabet[rnd.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, in := range inputs {
		want, err := io.ReadAll(transform.NewReader(strings.NewReader(in), korean.EUCKR.NewDecoder()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := fromCP949(korean.EUCKR.NewDecoder(), nil, []byte(in))
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("fromCP949(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestJSONInvalidBytes checks that the JSON reader refuses, with the record
// and field, a name that is not valid text: invalid UTF-8 (which
// encoding/json turns into U+FFFD) and an escaped U+FFFD.
func TestJSONInvalidBytes(t *testing.T) {
	for name, value := range map[string]string{"invalid UTF-8": "청운\xff효자동", "escaped U+FFFD": `청운\ufffd효자동`} {
		t.Run(name, func(t *testing.T) {
			body := `{"DATA": [{"adstrd_cd":"11110530","relm_ar":1,"ydnts_value":2,"xcnts_value":3,"adstrd_nm":"사직동"},
{"adstrd_cd":"11110515","relm_ar":1,"ydnts_value":2,"xcnts_value":3,"adstrd_nm":"` + value + `"}]}`
			// Past the 64 KiB that tell the encoding, as UTF-8.
			body = strings.Repeat(" ", 70<<10) + body
			rows, err := ReadJSON(strings.NewReader(body), "dong.json", nil)
			if err == nil {
				err = drain(rows)
			}
			if err == nil || !strings.Contains(err.Error(), "dong.json: record 2: column 행정동_명: bytes that are not valid") {
				t.Fatalf("error %v, want record 2, column 행정동_명 refused", err)
			}
		})
	}
}
