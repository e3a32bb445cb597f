package fusion

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/korean"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// The test city reuses the fixture's rectangles (locate_test.go) with
// district codes and a 관광특구 over the east half of A:
//
//	3110001 A [0, 1000] × [0, 1000]      3110002 B [1000, 2000] × [0, 1000]
//	3001491 U [500, 1000] × [0, 1000]    3110003 H [0, 1000] × [2000, 3000], hole [400, 600] × [2400, 2600]
const (
	codeA = "3110001"
	codeB = "3110002"
	codeH = "3110003"
	codeU = "3001491"
)

// writeCity writes the test city's Shapefile into dir and returns its path.
func writeCity(t *testing.T, dir string) string {
	t.Helper()
	cw := func(r orb.Ring) orb.Ring { // the Shapefile's outer rings run clockwise
		r = slices.Clone(r)
		slices.Reverse(r)
		return r
	}
	type d struct {
		code, name, typ, typName string
		geom                     orb.MultiPolygon
	}
	ds := []d{
		{codeU, "시험 관광특구", "U", "관광특구", orb.MultiPolygon{{cw(rect(500, 0, 1000, 1000))}}},
		{codeA, "시험 골목 가", "A", "골목상권", orb.MultiPolygon{{cw(rect(0, 0, 1000, 1000))}}},
		{codeB, "시험 골목 나", "A", "골목상권", orb.MultiPolygon{{cw(rect(1000, 0, 2000, 1000))}}},
		{codeH, "시험 발달", "D", "발달상권", orb.MultiPolygon{{cw(rect(0, 2000, 1000, 3000)), rect(400, 2400, 600, 2600)}}},
	}
	fields := []geo.Field{
		{Name: "TRDAR_SE_C", Type: 'C', Length: 1}, {Name: "TRDAR_SE_1", Type: 'C', Length: 12},
		{Name: "TRDAR_CD", Type: 'C', Length: 10}, {Name: "TRDAR_CD_N", Type: 'C', Length: 254},
	}
	var fs []geo.Feature
	for _, x := range ds {
		fs = append(fs, geo.Feature{Attrs: map[string]string{"TRDAR_SE_C": x.typ, "TRDAR_SE_1": x.typName,
			"TRDAR_CD": x.code, "TRDAR_CD_N": x.name}, Geom: x.geom})
	}
	path := filepath.Join(dir, "areas.shp")
	if err := geo.WriteShapefile(path, fields, fs, geo.PRJ5181); err != nil {
		t.Fatal(err)
	}
	return path
}

// at gives "lon,lat" of the EPSG:5179 offset (dx, dy).
func at(dx, dy float64) string {
	lon, lat := lonLat(dx, dy)
	return fmt.Sprintf("%.10f,%.10f", lon, lat)
}

func cityMerchants() string {
	return "merchant_id,lon,lat,industry_code,franchise,opened_on,closed_on\n" +
		"a1," + at(100, 100) + ",CS100001,false,,\n" +
		"a2," + at(200, 200) + ",CS100001,false,2024-02-10,\n" +
		"a3," + at(300, 300) + ",CS100001,true,2023-05-01,\n" +
		"u1," + at(700, 500) + ",CS100001,false,2023-01-01,2024-02-20\n" +
		"e1," + at(1000, 500) + ",CS100001,false,,\n" + // on the A|B edge: A, and on U's edge: U
		"b1," + at(1500, 500) + ",CS100001,false,2020-01-01,2024-03-05\n" +
		"h1," + at(500, 2500) + ",CS300002,false,,\n" + // in H's hole
		"x1," + at(-90000, 500) + ",CS300002,false,,\n"
}

func citySales() string {
	return "date,merchant_id,time_band,sex,age,amount,count,channel\n" + // columns in any order; extras ignored
		"2024-01-01,a1,11-14,M,30,10000,1,card\n" + // Monday
		"2024-01-06,a1,17-21,F,20,20000,2,card\n" + // Saturday
		"2024-02-14,a2,11-14,,,5000,1,corporate\n" + // Wednesday; sex and age unknown
		"2024-03-03,a3,21-24,M,60,7000,1,card\n" + // Sunday
		"2024-01-02,u1,06-11,F,40,3000,1,card\n" + // Tuesday
		"2024-01-03,b1,14-17,M,10,1000,1,card\n" +
		"2024-01-03,h1,14-17,M,10,500,1,card\n"
}

func cityFoot() string {
	return "cell_x,cell_y,cell_m,date,hour,sex,age,count\n" +
		cell(0, 0) + ",100,2024-01-01,8,M,20,10.3\n" + // in A
		cell(950, 900) + ",100,2024-01-06,22,F,30,4\n" + // half A, half B; U holds A's half
		cell(450, 2450) + ",100,2024-01-06,22,F,30,7\n" + // in H's hole
		cell(100, 100) + ",100,2024-04-01,12,F,50,3\n" // A, next quarter
}

func cell(dx, dy float64) string { return fmt.Sprintf("%.1f,%.1f", x0+dx, y0+dy) }

type cityFiles struct{ areas, merchants, sales, foot, out string }

func newCity(t *testing.T) cityFiles {
	dir := t.TempDir()
	c := cityFiles{areas: writeCity(t, dir), out: filepath.Join(dir, "out")}
	c.merchants = writeFile(t, dir, "merchants.csv", cityMerchants())
	c.sales = writeFile(t, dir, "sales.csv", citySales())
	c.foot = writeFile(t, dir, "foot.csv", cityFoot())
	return c
}

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func (c cityFiles) options() Options {
	return Options{Merchants: c.merchants, Sales: c.sales, Foot: c.foot, Areas: c.areas, Out: c.out,
		K: 3, FootRound: 1, Version: "test", Now: func() time.Time { return time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC) }}
}

// readOut reads a written file as records keyed by seoul column name,
// checking that its header is the published one.
func readOut(t *testing.T, path string, d seoul.Dataset) map[string]map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	s := seoul.SchemaOf(d)
	for i, c := range s.Columns {
		if recs[0][i] != c.Header {
			t.Fatalf("%s: header %d is %q, want the published %q", path, i, recs[0][i], c.Header)
		}
	}
	out := make(map[string]map[string]string)
	for _, r := range recs[1:] {
		m := make(map[string]string)
		for i, c := range s.Columns {
			m[c.Name] = r[i]
		}
		out[m["code"]+"/"+m["industry_code"]] = m
	}
	return out
}

func expect(t *testing.T, what string, got map[string]string, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s = %q, want %q", what, k, got[k], v)
		}
	}
}

func TestRunCity(t *testing.T) {
	c := newCity(t)
	p, err := Run(context.Background(), c.options())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Parameters.Quarters, []int{20241, 20242}) {
		t.Errorf("quarters %v, want the feeds' 20241 and 20242", p.Parameters.Quarters)
	}

	sales := readOut(t, filepath.Join(c.out, "sales_trdar_20241.csv"), seoul.Sales)
	if len(sales) != 1 {
		t.Errorf("sales rows %v, want only A's (U's and B's have one merchant each)", keys(sales))
	}
	expect(t, "A sales", sales[codeA+"/CS100001"], map[string]string{
		"quarter": "20241", "type_code": "A", "type_name": "골목상권", "name": "시험 골목 가", "industry_name": "한식음식점",
		"amount": "45000", "count": "6", "weekday_amount": "18000", "weekend_amount": "27000",
		"mon_amount": "10000", "tue_amount": "3000", "wed_amount": "5000", "thu_amount": "0", "sat_amount": "20000", "sun_amount": "7000",
		"t06_11_amount": "3000", "t11_14_amount": "15000", "t17_21_amount": "20000", "t21_24_amount": "7000", "t00_06_amount": "0",
		"male_amount": "17000", "female_amount": "23000", // 5000 of unknown sex in the total only
		"age20_amount": "20000", "age30_amount": "10000", "age40_amount": "3000", "age60_amount": "7000",
		"weekday_count": "3", "weekend_count": "3", "sat_count": "2", "female_count": "3", "male_count": "2", "age20_count": "2",
	})

	stores := readOut(t, filepath.Join(c.out, "stores_trdar_20241.csv"), seoul.Stores)
	// A: a1, a2 (opened in the quarter), a3 (franchise), e1 (on the A|B
	// edge) open at the end; u1 closed in the quarter.
	expect(t, "A stores", stores[codeA+"/CS100001"], map[string]string{
		"similar_stores": "4", "franchise_stores": "1", "stores": "3", "opened": "1", "closed": "1", "open_rate": "25", "close_rate": "25"})
	// U: e1 on its edge, u1 closed.
	expect(t, "U stores", stores[codeU+"/CS100001"], map[string]string{
		"similar_stores": "1", "stores": "1", "opened": "0", "closed": "1", "close_rate": "100", "type_code": "U"})
	expect(t, "B stores", stores[codeB+"/CS100001"], map[string]string{"similar_stores": "0", "closed": "1"})
	if len(stores) != 3 {
		t.Errorf("20241 store rows %v, want A, B, U", keys(stores))
	}
	stores2 := readOut(t, filepath.Join(c.out, "stores_trdar_20242.csv"), seoul.Stores)
	expect(t, "A stores 20242", stores2[codeA+"/CS100001"], map[string]string{"similar_stores": "4", "opened": "0", "closed": "0"})

	foot := readOut(t, filepath.Join(c.out, "foot_traffic_trdar_20241.csv"), seoul.FootTraffic)
	// A: 10.3 + half of 4; B and U: half of 4 each.
	expect(t, "A foot", foot[codeA+"/"], map[string]string{"total": "12", "male_foot": "10", "female_foot": "2",
		"age20_foot": "10", "age30_foot": "2", "t06_11_foot": "10", "t21_24_foot": "2", "mon_foot": "10", "sat_foot": "2"})
	for _, code := range []string{codeB, codeU} {
		expect(t, code+" foot", foot[code+"/"], map[string]string{"total": "2", "female_foot": "2", "male_foot": "0", "sat_foot": "2"})
	}
	if _, ok := foot[codeH+"/"]; ok {
		t.Error("H has foot traffic, but its only cell lies in its hole")
	}
	foot2 := readOut(t, filepath.Join(c.out, "foot_traffic_trdar_20242.csv"), seoul.FootTraffic)
	expect(t, "A foot 20242", foot2[codeA+"/"], map[string]string{"total": "3", "age50_foot": "3", "t11_14_foot": "3"})

	supp, err := os.ReadFile(filepath.Join(c.out, "suppressed.csv"))
	if err != nil {
		t.Fatal(err)
	}
	wantSupp := "dataset,quarter,district_code,industry_code,merchants,reason\n" +
		"sales,20241,3001491,CS100001,1,fewer than k=3 merchants\n" +
		"sales,20241,3110002,CS100001,1,fewer than k=3 merchants\n"
	if string(supp) != wantSupp {
		t.Errorf("suppressed.csv:\n%s\nwant:\n%s", supp, wantSupp)
	}

	var prov Provenance
	b, err := os.ReadFile(filepath.Join(c.out, "provenance.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &prov); err != nil {
		t.Fatal(err)
	}
	m := prov.Merchants
	if m.Rows != 8 || m.Placed != 6 || m.Outside != 2 || m.InOverlay != 2 {
		t.Errorf("merchants %+v, want 8 rows, 6 placed, 2 outside (H's hole, far away), 2 also in the 관광특구 (u1, e1)", m)
	}
	if o := prov.Sales.Outside; o.Rows != 1 || o.Amount != 500 {
		t.Errorf("sales outside %+v, want h1's one row of 500 KRW", o)
	}
	if prov.Sales.Rows != 7 || prov.Sales.Written != 1 || prov.Sales.Suppressed != 2 {
		t.Errorf("sales %+v", prov.Sales)
	}
	if f := prov.Foot; f.Rows != 4 || f.Cells != 4 || f.CellsOutside != 1 || f.PersonsOutside < 6.99 || f.PersonsOutside > 7.01 {
		t.Errorf("foot %+v, want 4 rows, 4 cells, the hole's cell outside with 7 persons", f)
	}
	var feeds []string
	for _, in := range prov.Inputs {
		feeds = append(feeds, in.Feed)
		if len(in.SHA256) != 64 {
			t.Errorf("input %s: sha256 %q", in.Feed, in.SHA256)
		}
	}
	if !slices.Equal(feeds, []string{"areas", "merchants", "sales", "foot"}) {
		t.Errorf("inputs %v", feeds)
	}
	for _, o := range prov.Outputs {
		if _, err := os.Stat(filepath.Join(c.out, o.File)); err != nil {
			t.Errorf("output %s: %v", o.File, err)
		}
	}
	if len(prov.Outputs) != 6 { // 2 quarters × 3 datasets, less 20242's sales, plus suppressed.csv
		t.Errorf("%d outputs, want 6: %+v", len(prov.Outputs), prov.Outputs)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestRunOptions checks k and the foot-traffic rounding.
func TestRunOptions(t *testing.T) {
	c := newCity(t)
	opt := c.options()
	opt.K, opt.FootRound = 1, 10
	p, err := Run(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if p.Sales.Suppressed != 0 || p.Sales.Written != 3 {
		t.Errorf("k=1: %d written, %d suppressed; want all 3", p.Sales.Written, p.Sales.Suppressed)
	}
	sales := readOut(t, filepath.Join(c.out, "sales_trdar_20241.csv"), seoul.Sales)
	expect(t, "U sales", sales[codeU+"/CS100001"], map[string]string{"amount": "3000", "tue_amount": "3000"})
	foot := readOut(t, filepath.Join(c.out, "foot_traffic_trdar_20241.csv"), seoul.FootTraffic)
	expect(t, "A foot rounded to 10", foot[codeA+"/"], map[string]string{"total": "10", "male_foot": "10", "female_foot": "0"})
}

// TestRunBadFeeds checks that a bad row stops the fusion with its file, line
// and column, and that the previous output stays as it was.
func TestRunBadFeeds(t *testing.T) {
	tests := []struct {
		name, feed, line, want string
	}{
		{"decimal amount", "sales", "2024-01-01,a1,11-14,M,30,12.5,1,card", "sales.csv: line 3: column amount: 12.5 is not a whole number"},
		{"negative count", "sales", "2024-01-01,a1,11-14,M,30,100,-1,card", "sales.csv: line 3: column count: negative: -1"},
		{"bad date", "sales", "2024-13-01,a1,11-14,M,30,100,1,card", `sales.csv: line 3: column date: "2024-13-01" is not a date`},
		{"bad band", "sales", "2024-01-01,a1,11-15,M,30,100,1,card", `sales.csv: line 3: column time_band: "11-15" is not one of`},
		{"bad sex", "sales", "2024-01-01,a1,11-14,X,30,100,1,card", `sales.csv: line 3: column sex: "X" is not M, F or empty`},
		{"bad age", "sales", "2024-01-01,a1,11-14,M,35,100,1,card", `sales.csv: line 3: column age: "35" is not 10, 20`},
		{"unknown merchant", "sales", "2024-01-01,zz,11-14,M,30,100,1,card", "sales.csv: line 3: column merchant_id: merchant zz is not in the merchant master"},
		{"short row", "sales", "2024-01-01,a1,11-14,M,30,100", "sales.csv: line 3: wrong number of fields"},
		{"duplicate merchant", "merchants", "a1," + at(1, 1) + ",CS100001,false,,", "merchants.csv: line 3: column merchant_id: merchant a1 given twice (first at line 2)"},
		{"swapped lon lat", "merchants", "m9,37.5,126.9,CS100001,false,,", "merchants.csv: line 3: column lon: point (37.5, 126.9) is not in Korea"},
		{"unknown industry", "merchants", "m9," + at(1, 1) + ",XX100001,false,,", `merchants.csv: line 3: column industry_code: unknown service industry code "XX100001"`},
		{"closed before opened", "merchants", "m9," + at(1, 1) + ",CS100001,false,2024-02-01,2024-01-01", "merchants.csv: line 3: column closed_on: 2024-01-01 is before opened_on 2024-02-01"},
		{"bad franchise", "merchants", "m9," + at(1, 1) + ",CS100001,yes,,", `merchants.csv: line 3: column franchise: "yes" is not true or false`},
		{"bad cell size", "foot", cell(0, 0) + ",70,2024-01-01,8,M,20,1", `foot.csv: line 3: column cell_m: "70" is not 50, 100, 250 or 500`},
		{"bad hour", "foot", cell(0, 0) + ",100,2024-01-01,24,M,20,1", `foot.csv: line 3: column hour: "24" is not an hour 0–23`},
		{"negative persons", "foot", cell(0, 0) + ",100,2024-01-01,8,M,20,-1", "foot.csv: line 3: column count: negative: -1"},
		{"foot sex unknown", "foot", cell(0, 0) + ",100,2024-01-01,8,,20,1", `foot.csv: line 3: column sex: "" is not M or F`},
		{"not a number", "foot", "abc,1951000,100,2024-01-01,8,M,20,1", `foot.csv: line 3: column cell_x: "abc" is not a finite number`},
	}
	c := newCity(t)
	if _, err := Run(context.Background(), c.options()); err != nil {
		t.Fatal(err)
	}
	before := dirDigest(t, c.out)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := c.options()
			dir := t.TempDir()
			// The bad row goes in as line 3, after the header and one good row.
			lines := map[string]string{"merchants": cityMerchants(), "sales": citySales(), "foot": cityFoot()}
			ls := strings.SplitAfter(lines[tt.feed], "\n")
			body := ls[0] + ls[1] + tt.line + "\n" + strings.Join(ls[2:], "")
			path := writeFile(t, dir, tt.feed+".csv", body)
			switch tt.feed {
			case "merchants":
				opt.Merchants = path
			case "sales":
				opt.Sales = path
			case "foot":
				opt.Foot = path
			}
			_, err := Run(context.Background(), opt)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if got := dirDigest(t, c.out); got != before {
				t.Error("the previous output changed")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(c.out), ".out.*")); len(leftovers) > 0 {
				t.Errorf("left behind %v", leftovers)
			}
		})
	}
}

// TestRunMissingColumn checks that a feed without a contract column is
// refused by name.
func TestRunMissingColumn(t *testing.T) {
	c := newCity(t)
	opt := c.options()
	opt.Sales = writeFile(t, t.TempDir(), "sales.csv", strings.Replace(citySales(), "time_band,", "band,", 1))
	_, err := Run(context.Background(), opt)
	if err == nil || !strings.Contains(err.Error(), "missing column(s) time_band") {
		t.Fatalf("error %v, want the missing time_band named", err)
	}
	if _, serr := os.Stat(c.out); !os.IsNotExist(serr) {
		t.Error("an output folder was written")
	}
}

// dirDigest lists a folder's files with their contents.
func dirDigest(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range entries {
		body, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s %x\n", e.Name(), body)
	}
	return b.String()
}

// parquetCity writes the city's feeds as Parquet with the contract's types
// (the sales body given, so that a test can break a row).
func parquetCity(t *testing.T, c cityFiles, sales string) cityFiles {
	t.Helper()
	dir := t.TempDir()
	conv := func(name, body string, cols []duckbatch.FileColumn) string {
		src := writeFile(t, dir, name+".csv", body)
		dst := filepath.Join(dir, name+".parquet")
		if err := duckbatch.CSVToParquet(context.Background(), src, dst, cols, ""); err != nil {
			t.Fatal(err)
		}
		return dst
	}
	c.merchants = conv("merchants", cityMerchants(), duckbatch.FileColumns("merchant_id VARCHAR", "lon DOUBLE", "lat DOUBLE", "industry_code VARCHAR", "franchise BOOLEAN", "opened_on DATE", "closed_on DATE"))
	c.sales = conv("sales", sales, duckbatch.FileColumns("date VARCHAR", "merchant_id VARCHAR", "time_band VARCHAR", "sex VARCHAR", "age INTEGER", "amount DOUBLE", "count BIGINT", "channel VARCHAR"))
	c.foot = conv("foot", cityFoot(), duckbatch.FileColumns("cell_x DOUBLE", "cell_y DOUBLE", "cell_m INTEGER", "date DATE", "hour INTEGER", "sex VARCHAR", "age INTEGER", "count DOUBLE"))
	return c
}

// TestRunParquet checks that Parquet feeds fuse to the same files as CSV,
// and that a bad Parquet row is named by its row number.
func TestRunParquet(t *testing.T) {
	c := newCity(t)
	if _, err := Run(context.Background(), c.options()); err != nil {
		t.Fatal(err)
	}
	pq := parquetCity(t, c, citySales())
	pq.out = filepath.Join(t.TempDir(), "out")
	p, err := Run(context.Background(), pq.options())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range p.Outputs {
		a, _ := os.ReadFile(filepath.Join(c.out, o.File))
		b, _ := os.ReadFile(filepath.Join(pq.out, o.File))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the CSV and the Parquet feeds", o.File)
		}
	}
	for _, in := range p.Inputs[1:] {
		if in.Format != "parquet" {
			t.Errorf("input %s read as %s", in.Feed, in.Format)
		}
	}

	tests := []struct{ name, row, want string }{
		{"decimal amount", "2024-01-01,a1,11-14,M,30,12.5,1,card", "sales.parquet: row 3: column amount: 12.5 is not a whole number"},
		{"bad date", "2024-02-30,a1,11-14,M,30,100,1,card", `sales.parquet: row 3: column date: "2024-02-30" is not a date`},
		{"unknown merchant", "2024-01-01,zz,11-14,M,30,100,1,card", "sales.parquet: row 3: column merchant_id: merchant zz is not in the merchant master"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := strings.SplitAfter(citySales(), "\n")
			bad := parquetCity(t, c, ls[0]+ls[1]+ls[2]+tt.row+"\n"+strings.Join(ls[3:], ""))
			_, err := Run(context.Background(), bad.options())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestAreasHashCoversDBF checks that the provenance's hash of the polygons
// changes with the .dbf (the names and types written), not only the .shp.
func TestAreasHashCoversDBF(t *testing.T) {
	c := newCity(t)
	before, err := Run(context.Background(), c.options())
	if err != nil {
		t.Fatal(err)
	}
	dbf := strings.TrimSuffix(c.areas, ".shp") + ".dbf"
	b, err := os.ReadFile(dbf)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(b), "시험 발달")
	copy(b[i:], "시험 변경") // same length in UTF-8
	if err := os.WriteFile(dbf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	after, err := Run(context.Background(), c.options())
	if err != nil {
		t.Fatal(err)
	}
	if before.Inputs[0].SHA256 == after.Inputs[0].SHA256 {
		t.Error("the areas hash did not change with the .dbf")
	}
}

// TestRunCP949 checks that feeds in CP949 (an extra column in Korean
// makes them so) fuse to the same files as in UTF-8.
func TestRunCP949(t *testing.T) {
	c := newCity(t)
	p, err := Run(context.Background(), c.options())
	if err != nil {
		t.Fatal(err)
	}
	enc := func(name, body string) string {
		b, err := korean.EUCKR.NewEncoder().String(strings.ReplaceAll(body, ",card\n", ",카드\n"))
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, t.TempDir(), name, b)
	}
	k := c
	k.sales = enc("sales.csv", citySales())
	k.foot = enc("foot.csv", strings.ReplaceAll(cityFoot(), "\n", ",비고\n")) // a column of notes, header included
	k.out = filepath.Join(t.TempDir(), "out")
	q, err := Run(context.Background(), k.options())
	if err != nil {
		t.Fatal(err)
	}
	if q.Inputs[2].Encoding != seoul.CP949 {
		t.Errorf("sales read as %s, want CP949", q.Inputs[2].Encoding)
	}
	for _, o := range p.Outputs {
		a, _ := os.ReadFile(filepath.Join(c.out, o.File))
		b, _ := os.ReadFile(filepath.Join(k.out, o.File))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s differs between the UTF-8 and the CP949 feeds", o.File)
		}
	}
}
