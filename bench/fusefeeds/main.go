// Command fusefeeds makes the fusion benchmark's inputs and runs its floor.
//
//	fusefeeds gen -areas areas.shp -dir DIR -sales 100000000 -foot 100000000
//
// writes DIR/merchants.csv (merchants at random points inside the real
// polygons), DIR/sales.parquet and DIR/foot.parquet (the raw feeds of
// docs/fusion.md, one quarter-year of dates), and the same feeds pre-joined
// with sangsaeng's own merchant→district and cell→district mappings:
// DIR/sales_joined.parquet (code, industry_code, and the sales columns) and
// DIR/foot_joined.parquet (code, share, and the foot columns; one row per
// part of a cell in a district).
//
//	fusefeeds floor -dir DIR -out OUT [-memory-limit 2GB]
//
// is the floor the benchmark compares `sangsaeng fuse` with: the same
// aggregation written directly as one DuckDB SQL statement per dataset over
// the pre-joined Parquet, each written to a CSV file, the placing of points
// and the splitting of cells already done.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "floor":
		err = floor(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "fusefeeds:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: fusefeeds gen -areas SHP -dir DIR [-merchants N] [-sales N] [-foot N] [-cell M]\n       fusefeeds floor -dir DIR -out DIR [-memory-limit SIZE]")
	os.Exit(2)
}

var industries = []string{"CS100001", "CS100002", "CS100003", "CS100004", "CS100005", "CS100006", "CS100007",
	"CS100008", "CS100009", "CS100010", "CS200001", "CS200028", "CS200033", "CS300001", "CS300002", "CS300011",
	"CS300018", "CS300022", "CS300031", "CS300043"}

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	areas := fs.String("areas", "", "영역-상권 Shapefile")
	dir := fs.String("dir", "", "folder to write into")
	merchants := fs.Int("merchants", 300000, "merchants")
	sales := fs.Int64("sales", 1000000, "card-sales rows")
	foot := fs.Int64("foot", 1000000, "foot-traffic rows")
	cellM := fs.Int("cell", 100, "grid cell side, metres")
	fs.Parse(args)
	if *areas == "" || *dir == "" {
		usage()
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		return err
	}
	polys, err := seoul.ReadPolygons(*areas, nil)
	if err != nil {
		return err
	}
	geoms := make(map[string]orb.MultiPolygon)
	overlay := make(map[string]bool)
	for _, p := range polys {
		geoms[p.Code] = p.Geom
		overlay[p.Code] = p.TypeCode == "U"
	}
	index := fusion.NewDistricts(geoms)
	isOverlay := func(c string) bool { return overlay[c] }

	ctx := context.Background()
	db, err := openDB(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	t0 := time.Now()

	// Merchants: a random point of a random district's bounding box that
	// falls inside it (some land in an overlay too, as in life).
	rng := rand.New(rand.NewPCG(1, 2))
	mpath := filepath.Join(*dir, "merchants.csv")
	mapPath := filepath.Join(*dir, "merchant_district.csv")
	mf, err := os.Create(mpath)
	if err != nil {
		return err
	}
	df, err := os.Create(mapPath)
	if err != nil {
		return err
	}
	mw, dw := bufio.NewWriter(mf), bufio.NewWriter(df)
	fmt.Fprintln(mw, "merchant_id,lon,lat,industry_code,franchise,opened_on,closed_on")
	fmt.Fprintln(dw, "merchant_id,code,industry_code")
	var buf []string
	for i := range *merchants {
		p := polys[rng.IntN(len(polys))]
		b := p.Geom.Bound()
		var pt orb.Point
		for {
			pt = orb.Point{b.Min[0] + rng.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + rng.Float64()*(b.Max[1]-b.Min[1])}
			if geo.Contains(p.Geom, pt) {
				break
			}
		}
		lon, lat := geo.FromEPSG5181(pt[0], pt[1])
		ind := industries[rng.IntN(len(industries))]
		opened, closed := "", ""
		if rng.IntN(4) == 0 {
			opened = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(700)).Format(time.DateOnly)
		}
		if rng.IntN(10) == 0 {
			closed = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(300)).Format(time.DateOnly)
		}
		id := fmt.Sprintf("M%07d", i)
		fmt.Fprintf(mw, "%s,%.8f,%.8f,%s,%t,%s,%s\n", id, lon, lat, ind, rng.IntN(5) == 0, opened, closed)
		buf = index.Holders(lon, lat, isOverlay, buf)
		for _, c := range buf {
			fmt.Fprintf(dw, "%s,%s,%s\n", id, c, ind)
		}
	}
	for _, w := range []*bufio.Writer{mw, dw} {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	mf.Close()
	df.Close()
	fmt.Printf("merchants: %d in %v\n", *merchants, time.Since(t0).Round(time.Millisecond))

	// Cells: the grid over the districts' extent, split as fuse splits them.
	t0 = time.Now()
	var ext orb.Bound
	for i, p := range polys {
		b := p.Geom.Bound()
		if i == 0 {
			ext = b
		}
		ext = ext.Union(b)
	}
	x0, y0 := to5179(ext.Min)
	x1, y1 := to5179(ext.Max)
	m := float64(*cellM)
	cpath := filepath.Join(*dir, "cells.csv")
	spath := filepath.Join(*dir, "cell_share.csv")
	cf, _ := os.Create(cpath)
	sf, _ := os.Create(spath)
	cw, sw := bufio.NewWriter(cf), bufio.NewWriter(sf)
	fmt.Fprintln(cw, "idx,cell_x,cell_y")
	fmt.Fprintln(sw, "cell_x,cell_y,code,share")
	n := 0
	for x := m * float64(int(x0/m)); x < x1; x += m {
		for y := m * float64(int(y0/m)); y < y1; y += m {
			shares := index.CellShares(x, y, m)
			if len(shares) == 0 && (int(x/m)+int(y/m))%20 != 0 {
				continue // keep a few cells in no district
			}
			fmt.Fprintf(cw, "%d,%.1f,%.1f\n", n, x, y)
			n++
			for _, s := range shares {
				fmt.Fprintf(sw, "%.1f,%.1f,%s,%.17g\n", x, y, s.Code, s.Fraction)
			}
		}
	}
	cw.Flush()
	sw.Flush()
	cf.Close()
	sf.Close()
	fmt.Printf("cells: %d of %.0f m in %v\n", n, m, time.Since(t0).Round(time.Millisecond))

	stmts := []string{
		`CREATE TABLE md AS SELECT * FROM read_csv('` + mapPath + `', header = true, columns = {'merchant_id': 'VARCHAR', 'code': 'VARCHAR', 'industry_code': 'VARCHAR'})`,
		`CREATE TABLE cells AS SELECT * FROM read_csv('` + cpath + `', header = true, columns = {'idx': 'BIGINT', 'cell_x': 'DOUBLE', 'cell_y': 'DOUBLE'})`,
		`CREATE TABLE cs AS SELECT * FROM read_csv('` + spath + `', header = true, columns = {'cell_x': 'DOUBLE', 'cell_y': 'DOUBLE', 'code': 'VARCHAR', 'share': 'DOUBLE'})`,
		// Dates run through 2025 in file order; merchants and cells are
		// spread by a multiplicative hash of the row number.
		fmt.Sprintf(`COPY (SELECT 'M' || lpad(((i * 2654435761) %% %d)::VARCHAR, 7, '0') AS merchant_id,
			DATE '2025-01-01' + CAST(i * 365 // %d AS INTEGER) AS date,
			['00-06', '06-11', '11-14', '14-17', '17-21', '21-24'][1 + (i * 7) %% 6] AS time_band,
			CASE (i * 13) %% 5 WHEN 0 THEN NULL WHEN 1 THEN 'F' WHEN 2 THEN 'F' ELSE 'M' END AS sex,
			CASE WHEN (i * 11) %% 9 = 0 THEN NULL ELSE 10 * (1 + (i * 17) %% 6) END AS age,
			1000 + (i * 37) %% 49000 AS amount, 1 + i %% 3 AS count
			FROM range(%d) t(i)) TO '%s' (FORMAT parquet)`, *merchants, *sales, *sales, filepath.Join(*dir, "sales.parquet")),
		fmt.Sprintf(`COPY (SELECT c.cell_x, c.cell_y, %d AS cell_m,
			DATE '2025-01-01' + CAST(i * 365 // %d AS INTEGER) AS date, CAST(i %% 24 AS INTEGER) AS hour,
			CASE WHEN (i * 13) %% 2 = 0 THEN 'F' ELSE 'M' END AS sex, 10 * (1 + (i * 17) %% 6) AS age,
			((i * 29) %% 1000) / 10.0 AS count
			FROM range(%d) t(i) JOIN cells c ON c.idx = (i * 2654435761) %% %d) TO '%s' (FORMAT parquet)`,
			*cellM, *foot, *foot, n, filepath.Join(*dir, "foot.parquet")),
		`COPY (SELECT d.code, d.industry_code, s.* FROM read_parquet('` + filepath.Join(*dir, "sales.parquet") + `') s
			JOIN md d USING (merchant_id)) TO '` + filepath.Join(*dir, "sales_joined.parquet") + `' (FORMAT parquet)`,
		`COPY (SELECT s.code, s.share, f.* FROM read_parquet('` + filepath.Join(*dir, "foot.parquet") + `') f
			JOIN cs s USING (cell_x, cell_y)) TO '` + filepath.Join(*dir, "foot_joined.parquet") + `' (FORMAT parquet)`,
	}
	for _, s := range stmts {
		t0 = time.Now()
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%.60s…: %w", strings.TrimSpace(s), err)
		}
		fmt.Printf("%.60s… %v\n", strings.Join(strings.Fields(s), " "), time.Since(t0).Round(time.Millisecond))
	}
	return nil
}

// openDB opens a private in-memory DuckDB on one connection, with settings.
func openDB(ctx context.Context, settings ...string) (*sql.DB, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	for _, s := range settings {
		if _, err := db.ExecContext(ctx, s); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

func to5179(p orb.Point) (float64, float64) {
	lon, lat := geo.FromEPSG5181(p[0], p[1])
	return geo.ToEPSG5179(lon, lat)
}

// floor runs the reference: one statement per dataset over the pre-joined
// Parquet, with the measures of the published schemas.
func floor(args []string) error {
	fs := flag.NewFlagSet("floor", flag.ExitOnError)
	dir := fs.String("dir", "", "folder of the generated feeds")
	out := fs.String("out", "", "folder to write the aggregates into")
	memory := fs.String("memory-limit", "2GB", "DuckDB memory_limit")
	fs.Parse(args)
	if *dir == "" || *out == "" {
		usage()
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	ctx := context.Background()
	db, err := openDB(ctx, "SET memory_limit = '"+*memory+"'", "SET temp_directory = '"+*out+"/.tmp'", "SET preserve_insertion_order = false")
	if err != nil {
		return err
	}
	defer db.Close()
	quarter := "year(date) * 10 + quarter(date)"
	var sales []string
	for _, m := range []struct{ name, v string }{{"amount", "amount"}, {"count", "count"}} {
		sales = append(sales, "sum("+m.v+") AS "+m.name,
			"sum("+m.v+") FILTER (WHERE isodow(date) <= 5) AS weekday_"+m.name,
			"sum("+m.v+") FILTER (WHERE isodow(date) >= 6) AS weekend_"+m.name)
		for d := 1; d <= 7; d++ {
			sales = append(sales, fmt.Sprintf("sum(%s) FILTER (WHERE isodow(date) = %d) AS d%d_%s", m.v, d, d, m.name))
		}
		for _, b := range seoul.TimeBands {
			sales = append(sales, fmt.Sprintf("sum(%s) FILTER (WHERE time_band = '%s') AS \"t%s_%s\"", m.v, b, b, m.name))
		}
		for _, s := range []string{"M", "F"} {
			sales = append(sales, fmt.Sprintf("sum(%s) FILTER (WHERE sex = '%s') AS %s_%s", m.v, s, s, m.name))
		}
		for a := 10; a <= 60; a += 10 {
			sales = append(sales, fmt.Sprintf("sum(%s) FILTER (WHERE age = %d) AS a%d_%s", m.v, a, a, m.name))
		}
	}
	foot := []string{"sum(count * share) AS total"}
	for _, s := range []string{"M", "F"} {
		foot = append(foot, fmt.Sprintf("sum(count * share) FILTER (WHERE sex = '%s') AS %s", s, s))
	}
	for a := 10; a <= 60; a += 10 {
		foot = append(foot, fmt.Sprintf("sum(count * share) FILTER (WHERE age = %d) AS a%d", a, a))
	}
	for _, b := range seoul.TimeBands {
		foot = append(foot, fmt.Sprintf("sum(count * share) FILTER (WHERE hour >= %s AND hour < %s) AS \"t%s\"", b[:2], b[3:], b))
	}
	for d := 1; d <= 7; d++ {
		foot = append(foot, fmt.Sprintf("sum(count * share) FILTER (WHERE isodow(date) = %d) AS d%d", d, d))
	}
	stmts := map[string]string{
		"sales": `COPY (SELECT ` + quarter + ` AS quarter, code, industry_code, count(DISTINCT merchant_id) AS merchants, ` +
			strings.Join(sales, ", ") + ` FROM read_parquet('` + filepath.Join(*dir, "sales_joined.parquet") + `')
			GROUP BY ALL ORDER BY 1, 2, 3) TO '` + filepath.Join(*out, "sales.csv") + `'`,
		"foot": `COPY (SELECT ` + quarter + ` AS quarter, code, ` + strings.Join(foot, ", ") + `
			FROM read_parquet('` + filepath.Join(*dir, "foot_joined.parquet") + `') GROUP BY ALL ORDER BY 1, 2) TO '` + filepath.Join(*out, "foot.csv") + `'`,
	}
	for _, name := range []string{"sales", "foot"} {
		t0 := time.Now()
		if _, err := db.ExecContext(ctx, stmts[name]); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Printf("floor %s: %v\n", name, time.Since(t0).Round(time.Millisecond))
	}
	return nil
}
