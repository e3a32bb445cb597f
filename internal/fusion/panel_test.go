package fusion

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
)

const panelMaster = "merchant_id,lon,lat,industry_code,franchise,opened_on,closed_on,business_no\n" +
	"a1,126.98,37.56,CS100001,false,,,2208162517\n" +
	"a2,126.99,37.57,CS100001,false,,,124-81-00998\n" +
	"a3,127.00,37.55,CS100010,false,,,\n"

// Dates: 2024-01-01 is a Monday (ISO week 2024-W01); 2024-01-29 opens W05;
// 2024-02-05 is W06; a2 sells nothing in February.
const panelSales = "merchant_id,date,time_band,sex,age,amount,count\n" +
	"a1,2024-01-01,11-14,M,30,1000,1\n" +
	"a1,2024-01-07,11-14,,,500,2\n" +
	"a2,2024-01-02,17-21,F,20,700,1\n" +
	"a1,2024-02-05,11-14,M,30,300,1\n" +
	"a3,2024-01-29,06-11,M,40,50,1\n" +
	"a3,2024-02-05,06-11,M,40,60,3\n"

func TestBuildPanel(t *testing.T) {
	dir := t.TempDir()
	master := writeFile(t, dir, "merchants.csv", panelMaster)
	sales := writeFile(t, dir, "sales.csv", panelSales)
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name, period, outcome string
		starts                []time.Time
		y                     []float64 // merchant by merchant, a1 a2 a3
	}{
		{"months, amount", "month", "amount", []time.Time{day("2024-01-01"), day("2024-02-01")},
			[]float64{1500, 300, 700, 0, 50, 60}},
		{"months, count", "month", "count", []time.Time{day("2024-01-01"), day("2024-02-01")},
			[]float64{3, 1, 1, 0, 1, 3}},
		{"ISO weeks, amount", "week", "amount",
			[]time.Time{day("2024-01-01"), day("2024-01-08"), day("2024-01-15"), day("2024-01-22"), day("2024-01-29"), day("2024-02-05")},
			[]float64{1500, 0, 0, 0, 0, 300, 700, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 60}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := BuildPanel(context.Background(), PanelOptions{Merchants: master, Sales: sales, Period: tt.period, Outcome: tt.outcome})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(p.Starts, tt.starts, time.Time.Equal) {
				t.Errorf("starts %v, want %v", p.Starts, tt.starts)
			}
			if !slices.Equal(p.Y, tt.y) {
				t.Errorf("y %v, want %v", p.Y, tt.y)
			}
			var ids, nos []string
			for _, m := range p.Merchants {
				ids, nos = append(ids, m.ID), append(nos, m.BusinessNo)
			}
			if !p.HasBusinessNo || !slices.Equal(ids, []string{"a1", "a2", "a3"}) || !slices.Equal(nos, []string{"2208162517", "1248100998", ""}) {
				t.Errorf("merchants %v %v (business_no column %v), want a1 a2 a3 with 2208162517, 1248100998 and none", ids, nos, p.HasBusinessNo)
			}
		})
	}
}

func TestBuildPanelBadFeeds(t *testing.T) {
	tests := []struct {
		name, master, sales, want string
	}{
		{"decimal amount", panelMaster, strings.Replace(panelSales, "a2,2024-01-02,17-21,F,20,700,1", "a2,2024-01-02,17-21,F,20,70.5,1", 1),
			"sales.csv: line 4: column amount: 70.5 is not a whole number"},
		{"bad date", panelMaster, strings.Replace(panelSales, "2024-02-05,11-14", "2024-02-30,11-14", 1),
			`sales.csv: line 5: column date: "2024-02-30" is not a date`},
		{"unknown merchant", panelMaster, panelSales + "zz,2024-01-03,11-14,M,30,10,1\n",
			"sales.csv: line 8: column merchant_id: merchant zz is not in the merchant master"},
		{"bad business number", strings.Replace(panelMaster, "2208162517", "2208162518", 1), panelSales,
			`merchants.csv: line 2: column business_no: "2208162518": the check digit is wrong`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := BuildPanel(context.Background(), PanelOptions{Merchants: writeFile(t, dir, "merchants.csv", tt.master),
				Sales: writeFile(t, dir, "sales.csv", tt.sales), Period: "month", Outcome: "amount"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestBuildPanelParquet checks that Parquet feeds give the panel the CSV
// feeds give, and that a bad Parquet row is named by its row number.
func TestBuildPanelParquet(t *testing.T) {
	dir := t.TempDir()
	conv := func(name, body string, cols []duckbatch.FileColumn) string {
		src := writeFile(t, dir, name+".csv", body)
		dst := filepath.Join(dir, name+".parquet")
		if err := duckbatch.CSVToParquet(context.Background(), src, dst, cols, ""); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	master := conv("merchants", panelMaster, duckbatch.FileColumns("merchant_id VARCHAR", "lon DOUBLE", "lat DOUBLE", "industry_code VARCHAR",
		"franchise BOOLEAN", "opened_on DATE", "closed_on DATE", "business_no VARCHAR"))
	salesCols := duckbatch.FileColumns("merchant_id VARCHAR", "date DATE", "time_band VARCHAR", "sex VARCHAR", "age VARCHAR", "amount DOUBLE", "count BIGINT")
	sales := conv("sales", panelSales, salesCols)
	got, err := BuildPanel(context.Background(), PanelOptions{Merchants: master, Sales: sales, Period: "month", Outcome: "amount"})
	if err != nil {
		t.Fatal(err)
	}
	want, err := BuildPanel(context.Background(), PanelOptions{Merchants: writeFile(t, dir, "m.csv", panelMaster),
		Sales: writeFile(t, dir, "s.csv", panelSales), Period: "month", Outcome: "amount"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Y, want.Y) || !slices.EqualFunc(got.Starts, want.Starts, time.Time.Equal) || !got.HasBusinessNo {
		t.Errorf("Parquet panel %v %v, CSV panel %v %v", got.Starts, got.Y, want.Starts, want.Y)
	}
	bad := conv("bad", strings.Replace(panelSales, ",700,", ",-700,", 1), salesCols)
	_, err = BuildPanel(context.Background(), PanelOptions{Merchants: master, Sales: bad, Period: "month", Outcome: "amount"})
	if err == nil || !strings.Contains(err.Error(), "bad.parquet: row 3: column amount: negative") {
		t.Errorf("error %v, want row 3's negative amount named", err)
	}
}
