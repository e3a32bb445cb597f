package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// reportFixture is a district's report built from hand-made figures: a
// 관광특구 whose name has a middle dot, with sales of one industry and store
// rows of another, a small base and a label value.
func reportFixture() *analysis.DistrictIndicators {
	fac := int64(7)
	d := indicator.District{
		Code: "3001496", AreaM2: 125_000,
		Sales: &indicator.Sales{Amount: 1_234_567_890, Count: 45_678, WeekdayAmount: 1_000_000_000, WeekendAmount: 234_567_890,
			AmountByDay:  [7]int64{100, 200, 300, 400, 500, 600, 50},
			AmountByTime: [6]int64{0, 10, 300, 200, 400, 90},
			AmountBySex:  [2]int64{600, 400},
			AmountByAge:  [6]int64{10, 300, 250, 200, 150, 90}},
		SalesPrevQuarter: &indicator.Sales{Amount: 1_000_000_000, Count: 40_000},
		Stores:           &indicator.Stores{Stores: 1, Similar: 2, Franchise: 1, Opened: 1, Closed: 1, OpenRate: 50, CloseRate: 50, HasRates: true, Industries: 1},
		Foot: &indicator.Foot{Total: 987_654, BySex: [2]int64{500_000, 487_654}, ByAge: [6]int64{1, 2, 3, 4, 5, 6},
			ByTime: [6]int64{1, 2, 3, 4, 5, 6}, ByDay: [7]int64{1, 2, 3, 4, 5, 6, 7}},
		Facilities:       &fac,
		IndustriesDiffer: true,
	}
	other := d
	other.Code = "3001497"
	other.Stores = &indicator.Stores{Stores: 10, Similar: 12, Franchise: 2, Closed: 1, HasRates: true, Industries: 1}
	set := indicator.Compute(d, indicator.NewCity([]indicator.District{d, other}))
	return &analysis.DistrictIndicators{
		District: store.District{Code: "3001496", Name: "종로·청계 관광특구", TypeCode: "U", TypeName: "관광특구",
			GuName: "종로구", DongName: "종로1·2·3·4가동"},
		Quarter: "20251", Indicators: set,
	}
}

// TestReportGolden: the text report names each indicator in Korean (its key
// with --lang en) and aligns its columns by display width, Hangul taking two
// columns of a terminal.
func TestReportGolden(t *testing.T) {
	for _, tc := range []struct {
		file     string
		markdown bool
		lang     string
	}{
		{"report_ko.txt", false, "ko"},
		{"report_en.txt", false, "en"},
		{"report_ko.md", true, "ko"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			var b bytes.Buffer
			if err := writeReport(&b, reportFixture(), tc.markdown, tc.lang); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tc.file)
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != string(want) {
				t.Errorf("report differs from %s (go test -run TestReportGolden -update rewrites it):\n%s", golden, got)
			}
			if tc.markdown {
				return
			}
			// Every row's value ends in the same terminal column.
			lines := strings.Split(b.String(), "\n")
			end := -1
			for _, line := range lines[4:] {
				if line == "" {
					break
				}
				v := strings.Index(line, " v1.")
				if v < 0 {
					t.Fatalf("a row without a version: %q", line)
				}
				col := displayWidth(line[:v])
				if end == -1 {
					end = col
				} else if col != end {
					t.Errorf("row %q: its unit ends at column %d, the others at %d", line, col, end)
				}
			}
		})
	}
}

func TestDisplayWidth(t *testing.T) {
	tests := []struct {
		s    string
		want int
	}{
		{"abc", 3},
		{"점포 수", 7},
		{"종로·청계", 9}, // the middle dot is ambiguous: one column
		{"명/km²", 6},
		{"ＡＢ", 4},
		{"", 0},
	}
	for _, tt := range tests {
		if got := displayWidth(tt.s); got != tt.want {
			t.Errorf("displayWidth(%q) = %d, want %d", tt.s, got, tt.want)
		}
	}
}

// TestReportLangRefused: a bad --lang is refused before any database is
// opened, so the engine does not matter.
func TestReportLangRefused(t *testing.T) {
	noDefaultDB(t)
	code, _, stderr := sangsaeng(t, envOf("SANGSAENG_DB", filepath.Join(t.TempDir(), "t.duckdb")), "report", "--lang", "fr", "3110008")
	if code != 1 || !strings.Contains(stderr, `--lang "fr": want ko or en`) {
		t.Errorf("report --lang fr: exit %d, %q", code, stderr)
	}
}
