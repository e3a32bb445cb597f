package demo

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestFileFormats checks each CSV's encoding, quoting and line ends against the
// published file it mimics.
func TestFileFormats(t *testing.T) {
	paths := generate(t, Options{})
	tests := []struct {
		file   string
		quoted bool
	}{
		{"areas_trdar.cp949.csv", true},
		{"sales_trdar.utf8bom.csv", false},
		{"foot_traffic_trdar.cp949.csv", false},
		{"stores_trdar.utf8bom.csv", false},
		{"change_index_trdar.cp949.csv", true},
		{"workers_trdar.cp949.csv", false},
		{"residents_trdar.cp949.csv", false},
		{"income_trdar.utf8bom.csv", false},
		{"facilities_trdar.cp949.csv", true},
		{"apartments_trdar.cp949.csv", true},
		{"foot_traffic_dong.cp949.csv", true},
		{"sales_dong.utf8bom.csv", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			text := decodeFile(t, paths[tt.file]) // checks BOM and CP949
			raw, err := os.ReadFile(paths[tt.file])
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(raw, []byte("\r")) {
				t.Error("CR in file, want LF line ends")
			}
			if got := strings.HasSuffix(text, "\n"); got == tt.quoted {
				t.Errorf("ends with newline: %v, want %v (quoted files end without one)", got, !tt.quoted)
			}
			for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
				quoted := strings.HasPrefix(line, `"`) && strings.HasSuffix(line, `"`)
				if tt.quoted && (!quoted || strings.Count(line, `","`) != strings.Count(line, ",")) {
					t.Fatalf("line %d not fully quoted: %s", i+1, line)
				}
				if !tt.quoted && strings.Contains(line, `"`) {
					t.Fatalf("line %d has quotes: %s", i+1, line)
				}
			}
		})
	}
}

// TestMiddleDot checks the publisher's CP949 quirk: `·` is written `?` in CP949 files
// and kept in the UTF-8 dbf and JSON.
func TestMiddleDot(t *testing.T) {
	paths := generate(t, Options{})
	areas := decodeFile(t, paths["areas_trdar.cp949.csv"])
	if strings.Contains(areas, "·") || !strings.Contains(areas, "종로1?2?3?4가동") {
		t.Error("areas file should write 종로1·2·3·4가동 as 종로1?2?3?4가동")
	}
	if !regexp.MustCompile(`"\p{Hangul}+\?\p{Hangul}+ 관광특구"`).MatchString(areas) {
		t.Error("areas file should name one 관광특구 like \"가람?나래 관광특구\"")
	}
	json, err := os.ReadFile(paths["areas_dong.json"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(json), "종로1·2·3·4가동") {
		t.Error("areas_dong.json should keep 종로1·2·3·4가동")
	}
}
