package seoul

import (
	"errors"
	"strings"
	"testing"
)

// TestVitalityBadInput checks that the vitality feed refuses what is not a
// value or a known place, naming the file, line, column and reason.
func TestVitalityBadInput(t *testing.T) {
	known := func(code string) bool { return code == "3110001" || code == "11110515" }
	const header = "quarter,code,value\n"
	tests := []struct {
		name string
		body string
		want string
		is   error
	}{
		{"not a number", header + "20251,3110001,high\n", `bad.csv: line 2: column value: not a number: "high"`, nil},
		{"NaN", header + "20251,3110001,NaN\n", `bad.csv: line 2: column value: not a finite number: "NaN"`, nil},
		{"infinity", header + "20251,3110001,+Inf\n", `line 2: column value: not a finite number: "+Inf"`, nil},
		{"hexadecimal", header + "20251,3110001,0x1p3\n", `line 2: column value: not a number: "0x1p3"`, nil},
		{"negative", header + "20251,3110001,-0.5\n", `line 2: column value: negative value: "-0.5"`, nil},
		{"empty value", header + "20251,3110001,\n", `line 2: column value: empty value`, nil},
		{"bad quarter", header + "2025-1,3110001,50\n", `line 2: column quarter: not a quarter (yyyyq): "2025-1"`, nil},
		{"unknown district", header + "20251,3110001,50\n20251,3110999,50\n", `bad.csv: line 3: column code: unknown district code 3110999`, nil},
		{"unknown 행정동", header + "20251,11110999,50\n", `line 2: column code: unknown 행정동 code 11110999`, nil},
		{"neither kind of code", header + "20251,311000,50\n", `line 2: column code: not a district code: "311000"`, nil},
		{"not a Seoul 행정동", header + "20251,26110515,50\n", `line 2: column code: not a 행정동 code: "26110515"`, nil},
		{"legacy district", header + "20251,2110753,50\n", `line 2: column code: district code 2110753 is of the legacy`, ErrLegacy},
		{"missing column", "quarter,code\n20251,3110001\n", "closest is vitality", ErrUnknownFormat},
		{"wrong field count", header + "20251,3110001,50,1\n", "bad.csv: line 2", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readErr(strings.NewReader(tt.body), known)
			if err == nil {
				t.Fatal("read without error, want one")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

// TestFloatRefusesNonFinite guards every Float column, not only the
// vitality value: a published rate of NaN is refused too.
func TestFloatRefusesNonFinite(t *testing.T) {
	err := readErr(strings.NewReader(storesHeader+strings.Replace(storesRow, ",8.3,", ",NaN,", 1)), nil)
	if err == nil || !strings.Contains(err.Error(), `line 2: column 개업_율: not a finite number: "NaN"`) {
		t.Fatalf("got %v, want a not-finite error on 개업_율", err)
	}
}

func TestVitalityWarnsAboveRange(t *testing.T) {
	body := "quarter,code,value\n20251,3110001,100\n20251,3110002,100.5\n20252,3110001,250\n"
	rows, err := ReadCSV(strings.NewReader(body), "v.csv", nil)
	if err != nil {
		t.Fatal(err)
	}
	readAll(t, rows)
	warnings, quarters, n := rows.Result()
	if n != 3 || len(quarters) != 2 || len(warnings) != 1 {
		t.Fatalf("got %d rows, quarters %v, warnings %+v; want 3 rows, 2 quarters, 1 warning", n, quarters, warnings)
	}
	w := warnings[0]
	if w.Code != "value_above_100" || w.Count != 2 || w.FirstLine != 3 || w.Message != "value > 100" {
		t.Errorf("warning %+v, want value_above_100 counted twice from line 3", w)
	}
}
