package duckbatch

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Fusion is a private DuckDB work space for fusing raw feeds (see
// docs/fusion.md). The large feeds are never loaded: the card sales are
// scanned once, in place, joined with the merchant key and aggregated per
// district × industry × quarter; the foot traffic is scanned once into
// persons per grid cell × quarter and then joined with the cell→district
// shares. The statements are plain SQL over small mapping tables, so that
// they can run in a warehouse as well.
type Fusion struct {
	db        *sql.DB
	connector *duckdb.Connector
}

// FeedFile is one raw feed as the engine reads it: a UTF-8 CSV file with a
// header row (Header lists its columns in file order), or a Parquet file.
type FeedFile struct {
	Path    string
	Parquet bool
	Header  []string // CSV only
}

// FeedCheck is what the first scan of a feed found.
type FeedCheck struct {
	Rows int64 // rows read
	Bad  int64 // rows breaking a rule of the feed's contract
	// Unknown counts the sales rows of merchants not in the master (but
	// for a row counted in Bad: whose merchant_id is empty).
	Unknown int64
}

// OpenFusion opens an in-memory work space that spills to tempDir once it
// holds more than opt.MemoryLimit.
func OpenFusion(ctx context.Context, tempDir string, opt Options) (*Fusion, error) {
	if opt.MemoryLimit != "" && !validSize(opt.MemoryLimit) {
		return nil, fmt.Errorf("memory limit %q: want a size such as 256MB or 2GB", opt.MemoryLimit)
	}
	settings := []string{
		"SET temp_directory = " + sqlString(tempDir),
		"SET preserve_insertion_order = false",
	}
	if opt.MemoryLimit != "" {
		settings = append(settings, "SET memory_limit = '"+opt.MemoryLimit+"'")
	}
	connector, err := duckdb.NewConnector("", func(execer driver.ExecerContext) error {
		for _, s := range settings {
			if _, err := execer.ExecContext(context.Background(), s, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The connector holds the in-memory database; every connection of the
	// pool sees it. Reading a feed while appending takes two.
	f := &Fusion{db: sql.OpenDB(connector), connector: connector}
	if _, err := f.db.ExecContext(ctx, fusionSchema); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Close releases the work space and everything in it.
func (f *Fusion) Close() error {
	err := f.db.Close()
	if cerr := f.connector.Close(); err == nil {
		err = cerr
	}
	return err
}

const fusionSchema = `
CREATE TABLE merchants (merchant_id VARCHAR PRIMARY KEY, industry_code VARCHAR NOT NULL,
	franchise BOOLEAN NOT NULL, opened_on DATE, closed_on DATE, business_no VARCHAR);
CREATE TABLE merchant_district (merchant_id VARCHAR NOT NULL, code VARCHAR NOT NULL, first BOOLEAN NOT NULL);
CREATE TABLE cell_share (cell_x DOUBLE NOT NULL, cell_y DOUBLE NOT NULL, cell_m INTEGER NOT NULL,
	code VARCHAR NOT NULL, share DOUBLE NOT NULL, overlay BOOLEAN NOT NULL);
CREATE TABLE quarters (quarter INTEGER PRIMARY KEY, first DATE NOT NULL, last DATE NOT NULL);
`

// FusionMerchant is one merchant of the master with the districts holding it
// (none when it lies outside every district).
type FusionMerchant struct {
	ID        string
	Industry  string
	Franchise bool
	Opened    time.Time // zero: open since before the first quarter
	Closed    time.Time // zero: still open
	// BusinessNo is the 사업자등록번호 (10 digits), "" when not given.
	BusinessNo string
	Codes      []string // the first is the one its sales rows are counted against
}

// AddMerchants stores the merchants next yields until it returns false or
// an error. A merchant id given twice is an error naming it.
func (f *Fusion) AddMerchants(ctx context.Context, next func() (*FusionMerchant, error)) error {
	conn, err := f.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		ma, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "merchants")
		if err != nil {
			return err
		}
		da, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "merchant_district")
		if err != nil {
			ma.Close()
			return err
		}
		err = appendMerchants(ma, da, next)
		if cerr := ma.Close(); err == nil {
			err = cerr
		}
		if cerr := da.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

func appendMerchants(ma, da *duckdb.Appender, next func() (*FusionMerchant, error)) error {
	date := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	for {
		m, err := next()
		if err != nil || m == nil {
			return err
		}
		var no any
		if m.BusinessNo != "" {
			no = m.BusinessNo
		}
		if err := ma.AppendRow(m.ID, m.Industry, m.Franchise, date(m.Opened), date(m.Closed), no); err != nil {
			return err
		}
		for i, c := range m.Codes {
			if err := da.AppendRow(m.ID, c, i == 0); err != nil {
				return err
			}
		}
	}
}

// feedSource returns the table function reading a feed, with the given
// column types for the columns the contract names (others are read as text).
func feedSource(src FeedFile, types map[string]string) string {
	if src.Parquet {
		// A Parquet file brings its own types; cast to the contract's, a
		// value that does not convert becoming NULL and so a bad row.
		names := slices.Sorted(maps.Keys(types))
		casts := make([]string, len(names))
		for i, n := range names {
			casts[i] = "TRY_CAST(" + quoteIdent(n) + " AS " + types[n] + ") AS " + quoteIdent(n)
		}
		return "(SELECT " + strings.Join(casts, ", ") + " FROM read_parquet(" + sqlString(src.Path) + "))"
	}
	cols := make([]string, len(src.Header))
	for i, h := range src.Header {
		t, ok := types[h]
		if !ok {
			t = "VARCHAR"
		}
		cols[i] = sqlString(h) + ": '" + t + "'"
	}
	return "read_csv(" + sqlString(src.Path) + ", header = true, delim = ',', quote = '\"', escape = '\"', " +
		"auto_detect = false, columns = {" + strings.Join(cols, ", ") + "})"
}

// Amounts and counts are read as DOUBLE so that a decimal is seen and
// refused: DuckDB's cast of "12.5" to BIGINT rounds it.
var salesTypes = map[string]string{"merchant_id": "VARCHAR", "date": "DATE", "time_band": "VARCHAR",
	"sex": "VARCHAR", "age": "INTEGER", "amount": "DOUBLE", "count": "DOUBLE"}

var footTypes = map[string]string{"cell_x": "DOUBLE", "cell_y": "DOUBLE", "cell_m": "INTEGER", "date": "DATE",
	"hour": "INTEGER", "sex": "VARCHAR", "age": "INTEGER", "count": "DOUBLE"}

// maxExact is 2^53, past which a DOUBLE no longer holds every integer.
const maxExact = "9007199254740992"

func timeBandList() string {
	q := make([]string, len(seoul.TimeBands))
	for i, b := range seoul.TimeBands {
		q[i] = sqlString(b)
	}
	return strings.Join(q, ", ")
}

// salesBad is true for a sales row that breaks the contract. It mirrors the
// row check in internal/fusion, which names the line and the reason.
var salesBad = `(merchant_id IS NULL OR merchant_id = '' OR date IS NULL
	OR time_band IS NULL OR time_band NOT IN (` + timeBandList() + `)
	OR (sex IS NOT NULL AND sex NOT IN ('M', 'F', ''))
	OR (age IS NOT NULL AND age NOT IN (10, 20, 30, 40, 50, 60))
	OR amount IS NULL OR NOT isfinite(amount) OR amount < 0 OR amount <> trunc(amount) OR amount > ` + maxExact + `
	OR count IS NULL OR NOT isfinite(count) OR count < 0 OR count <> trunc(count) OR count > ` + maxExact + `)`

var footBad = `(cell_x IS NULL OR NOT isfinite(cell_x) OR cell_y IS NULL OR NOT isfinite(cell_y)
	OR cell_m IS NULL OR cell_m NOT IN (50, 100, 250, 500) OR date IS NULL
	OR hour IS NULL OR hour < 0 OR hour > 23 OR sex IS NULL OR sex NOT IN ('M', 'F')
	OR age IS NULL OR age NOT IN (10, 20, 30, 40, 50, 60)
	OR count IS NULL OR NOT isfinite(count) OR count < 0)`

// measure is one published measure column and the rows it sums.
type measure struct {
	name   string // seoul.Column.Name
	value  string // the summed expression
	filter string // "" for all rows
}

// salesMeasures are the 48 measures of 추정매출 in published order.
func salesMeasures() []measure {
	var out []measure
	for _, m := range []struct{ name, value string }{{"amount", "amount"}, {"count", "cnt"}} {
		out = append(out, measure{m.name, m.value, ""},
			measure{"weekday_" + m.name, m.value, "dow <= 5"},
			measure{"weekend_" + m.name, m.value, "dow >= 6"})
		for i := range seoul.Days {
			out = append(out, measure{seoul.DayCol(m.name, i), m.value, "dow = " + strconv.Itoa(i+1)})
		}
		for i, b := range seoul.TimeBands {
			out = append(out, measure{seoul.TimeCol(m.name, i), m.value, "time_band = " + sqlString(b)})
		}
		for i, s := range []string{"M", "F"} {
			out = append(out, measure{seoul.SexCol(m.name, i), m.value, "sex = '" + s + "'"})
		}
		for i := range seoul.Ages {
			out = append(out, measure{seoul.AgeCol(m.name, i), m.value, "age = " + strconv.Itoa(10*(i+1))})
		}
	}
	return out
}

// footMeasures are the 22 measures of 길단위인구 in published order.
func footMeasures() []measure {
	out := []measure{{"total", "c", ""}}
	for i, s := range []string{"M", "F"} {
		out = append(out, measure{seoul.SexCol("foot", i), "c", "sex = '" + s + "'"})
	}
	for i := range seoul.Ages {
		out = append(out, measure{seoul.AgeCol("foot", i), "c", "age = " + strconv.Itoa(10*(i+1))})
	}
	for i, b := range seoul.TimeBands {
		lo, hi := b[:2], b[3:]
		out = append(out, measure{seoul.TimeCol("foot", i), "c", "hour >= " + lo + " AND hour < " + hi})
	}
	for i := range seoul.Days {
		out = append(out, measure{seoul.DayCol("foot", i), "c", "dow = " + strconv.Itoa(i+1)})
	}
	return out
}

// SalesMeasures and FootMeasures name the measure columns that SalesSlices
// and FootSlices return, in order.
func SalesMeasures() []string { return measureNames(salesMeasures()) }
func FootMeasures() []string  { return measureNames(footMeasures()) }

func measureNames(ms []measure) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.name
	}
	return out
}

func sums(ms []measure) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(",\n\tcoalesce(sum(" + m.value + ")")
		if m.filter != "" {
			b.WriteString(" FILTER (WHERE " + m.filter + ")")
		}
		b.WriteString(", 0) AS " + m.name)
	}
	return b.String()
}

// resums sums measures of the aggregates a again, each times scale, and
// cast to typ.
func resums(ms []measure, scale, typ string) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(",\n\tCAST(sum(a." + m.name + scale + ") AS " + typ + ") AS " + m.name)
	}
	return b.String()
}

// AggregateSales scans the card-sales feed once into sales per merchant ×
// quarter, counting the rows that break the contract.
func (f *Fusion) AggregateSales(ctx context.Context, src FeedFile) (FeedCheck, error) {
	return f.aggregateSales(ctx, feedSource(src, salesTypes))
}

// EmptySales and EmptyFoot stand for a feed not given: no rows.
func (f *Fusion) EmptySales(ctx context.Context) error {
	_, err := f.aggregateSales(ctx, emptySource(salesTypes))
	return err
}

func (f *Fusion) EmptyFoot(ctx context.Context) error {
	_, err := f.aggregateFoot(ctx, emptySource(footTypes))
	return err
}

// emptySource is a relation with the columns of a feed and no rows.
func emptySource(types map[string]string) string {
	names := slices.Sorted(maps.Keys(types))
	cols := make([]string, len(names))
	for i, n := range names {
		cols[i] = "NULL::" + types[n] + " AS " + quoteIdent(n)
	}
	return "(SELECT " + strings.Join(cols, ", ") + " WHERE false)"
}

func (f *Fusion) aggregateSales(ctx context.Context, from string) (FeedCheck, error) {
	// Every merchant of the master with each district holding it, or one
	// row with no district; a merchant not in the master joins nothing.
	// A row of the feed counts once, on its merchant's first row.
	// The scan groups by small integers: the slice (district × industry)
	// and, for the count of merchants, the merchant's number.
	q := `CREATE OR REPLACE TABLE sales_slice AS
SELECT row_number() OVER (ORDER BY code, industry_code)::INTEGER AS slice, code, industry_code
FROM (SELECT DISTINCT d.code, m.industry_code FROM merchants m LEFT JOIN merchant_district d ON d.merchant_id = m.merchant_id);
CREATE OR REPLACE TABLE merchant_key AS
SELECT m.merchant_id, dense_rank() OVER (ORDER BY m.merchant_id)::INTEGER AS merchant, l.slice, coalesce(d.first, true) AS first
FROM merchants m LEFT JOIN merchant_district d ON d.merchant_id = m.merchant_id
JOIN sales_slice l ON l.code IS NOT DISTINCT FROM d.code AND l.industry_code = m.industry_code;
CREATE OR REPLACE TABLE sales_agg AS
WITH s AS (
	SELECT merchant_id, year(date) * 10 + quarter(date) AS quarter, isodow(date) AS dow,
		time_band, sex, age, CAST(amount AS BIGINT) AS amount, CAST(count AS BIGINT) AS cnt,
		` + salesBad + ` AS bad
	FROM ` + from + `),
a AS (
	SELECT k.slice, s.quarter, count(DISTINCT k.merchant) AS merchants,
		count(*) FILTER (WHERE coalesce(k.first, true)) AS rows, count(*) FILTER (WHERE bad AND coalesce(k.first, true)) AS bad,
		count(*) FILTER (WHERE k.merchant IS NULL) AS unknown` + sums(salesMeasures()) + `
	FROM s LEFT JOIN merchant_key k ON k.merchant_id = s.merchant_id
	GROUP BY k.slice, s.quarter)
SELECT l.code, l.industry_code, a.* EXCLUDE (slice) FROM a LEFT JOIN sales_slice l ON l.slice = a.slice`
	if _, err := f.db.ExecContext(ctx, q); err != nil {
		return FeedCheck{}, err
	}
	var c FeedCheck
	err := f.db.QueryRowContext(ctx, `SELECT coalesce(sum(rows), 0), coalesce(sum(bad), 0), coalesce(sum(unknown), 0)
		FROM sales_agg`).Scan(&c.Rows, &c.Bad, &c.Unknown)
	return c, err
}

// AggregateFoot scans the foot-traffic feed once into persons per grid cell ×
// quarter, counting the rows that break the contract.
func (f *Fusion) AggregateFoot(ctx context.Context, src FeedFile) (FeedCheck, error) {
	return f.aggregateFoot(ctx, feedSource(src, footTypes))
}

func (f *Fusion) aggregateFoot(ctx context.Context, from string) (FeedCheck, error) {
	q := `CREATE OR REPLACE TABLE foot_cq AS
WITH s AS (
	SELECT cell_x, cell_y, cell_m, year(date) * 10 + quarter(date) AS quarter, isodow(date) AS dow,
		hour, sex, age, count AS c, ` + footBad + ` AS bad
	FROM ` + from + `)
SELECT cell_x, cell_y, cell_m, quarter, count(*) AS rows, count(*) FILTER (WHERE bad) AS bad` + sums(footMeasures()) + `
FROM s GROUP BY cell_x, cell_y, cell_m, quarter`
	if _, err := f.db.ExecContext(ctx, q); err != nil {
		return FeedCheck{}, err
	}
	return f.check(ctx, "foot_cq")
}

func (f *Fusion) check(ctx context.Context, table string) (FeedCheck, error) {
	var c FeedCheck
	err := f.db.QueryRowContext(ctx, `SELECT coalesce(sum(rows), 0), coalesce(sum(bad), 0) FROM `+table).Scan(&c.Rows, &c.Bad)
	return c, err
}

// UnknownMerchants returns up to limit merchant ids of the sales feed that
// the merchant master does not have, in order. It reads the feed again.
func (f *Fusion) UnknownMerchants(ctx context.Context, src FeedFile, limit int) ([]string, error) {
	return queryAll[string](ctx, f.db, `SELECT DISTINCT s.merchant_id FROM `+feedSource(src, salesTypes)+` s
		ANTI JOIN merchants m ON m.merchant_id = s.merchant_id WHERE s.merchant_id IS NOT NULL ORDER BY 1 LIMIT ?`, limit)
}

// queryAll returns the rows of q, each scanned into a T (a scalar, or a
// struct scanned field by field).
func queryAll[T any](ctx context.Context, db *sql.DB, q string, args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		dest := []any{&v}
		if rv := reflect.ValueOf(&v).Elem(); rv.Kind() == reflect.Struct {
			dest = dest[:0]
			for i := range rv.NumField() {
				dest = append(dest, rv.Field(i).Addr().Interface())
			}
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Cell is a grid cell of the foot-traffic feed: lower-left corner and side,
// in EPSG:5179 metres.
type Cell struct {
	X, Y float64
	M    int
}

// Cells returns the distinct cells of the aggregated foot-traffic feed.
func (f *Fusion) Cells(ctx context.Context) ([]Cell, error) {
	return queryAll[Cell](ctx, f.db, `SELECT DISTINCT cell_x, cell_y, cell_m FROM foot_cq ORDER BY 1, 2, 3`)
}

// CellShare is the part of a cell inside one district.
type CellShare struct {
	Cell
	Code    string
	Share   float64
	Overlay bool // the district is drawn over others (관광특구)
}

// AddCellShares stores the cell→district mapping.
func (f *Fusion) AddCellShares(ctx context.Context, shares []CellShare) error {
	conn, err := f.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", "cell_share")
		if err != nil {
			return err
		}
		for _, s := range shares {
			if err = a.AppendRow(s.X, s.Y, int32(s.M), s.Code, s.Share, s.Overlay); err != nil {
				break
			}
		}
		if cerr := a.Close(); err == nil {
			err = cerr
		}
		return err
	})
}

// FeedQuarters returns the quarters (yyyyq) of the dates in the aggregated
// feeds, ascending.
func (f *Fusion) FeedQuarters(ctx context.Context) ([]int, error) {
	return queryAll[int](ctx, f.db, `SELECT quarter FROM sales_agg WHERE quarter IS NOT NULL
		UNION SELECT quarter FROM foot_cq WHERE quarter IS NOT NULL ORDER BY 1`)
}

// SetQuarters fixes the quarters the statistics are computed for.
func (f *Fusion) SetQuarters(ctx context.Context, quarters []int) error {
	if _, err := f.db.ExecContext(ctx, `DELETE FROM quarters`); err != nil {
		return err
	}
	for _, q := range quarters {
		y, n := q/10, q%10
		first := time.Date(y, time.Month(3*n-2), 1, 0, 0, 0, 0, time.UTC)
		last := first.AddDate(0, 3, -1)
		if _, err := f.db.ExecContext(ctx, `INSERT INTO quarters VALUES (?, ?, ?)`, q, first, last); err != nil {
			return err
		}
	}
	return nil
}

// Slice is one row of fused statistics: a district (and industry) in a
// quarter, with its measures in the order SalesMeasures, FootMeasures or
// StoreMeasures name them.
type Slice struct {
	Quarter   int
	Code      string
	Industry  string // "" for foot traffic
	Merchants int64  // merchants whose rows make the slice (sales)
	Ints      []int64
	Floats    []float64
}

// SalesSlices calls fn for every district × industry × quarter of the fused
// card sales, ordered by quarter, district and industry.
func (f *Fusion) SalesSlices(ctx context.Context, fn func(*Slice) error) error {
	ms := salesMeasures()
	cols := make([]string, len(ms))
	for i, m := range ms {
		cols[i] = "CAST(a." + m.name + " AS BIGINT)"
	}
	q := `SELECT a.quarter, a.code, a.industry_code, a.merchants, ` + strings.Join(cols, ", ") + `
FROM sales_agg a JOIN quarters q ON q.quarter = a.quarter
WHERE a.code IS NOT NULL ORDER BY 1, 2, 3`
	s := &Slice{Ints: make([]int64, len(ms))}
	dest := []any{&s.Quarter, &s.Code, &s.Industry, &s.Merchants}
	for i := range s.Ints {
		dest = append(dest, &s.Ints[i])
	}
	return f.each(ctx, q, dest, func() error { return fn(s) })
}

// StoreMeasures names the measures StoreSlices returns.
func StoreMeasures() []string {
	return []string{"similar_stores", "franchise_stores", "opened", "closed"}
}

// StoreSlices calls fn for every district × industry × quarter with a store
// open at the quarter's end, an opening or a closing, ordered by quarter,
// district and industry.
func (f *Fusion) StoreSlices(ctx context.Context, fn func(*Slice) error) error {
	const openAtEnd = `(m.opened_on IS NULL OR m.opened_on <= q.last) AND (m.closed_on IS NULL OR m.closed_on > q.last)`
	q := `SELECT q.quarter, d.code, m.industry_code, count(*),
	count(*) FILTER (WHERE ` + openAtEnd + `),
	count(*) FILTER (WHERE ` + openAtEnd + ` AND m.franchise),
	count(*) FILTER (WHERE m.opened_on BETWEEN q.first AND q.last),
	count(*) FILTER (WHERE m.closed_on BETWEEN q.first AND q.last)
FROM merchants m JOIN merchant_district d ON d.merchant_id = m.merchant_id
JOIN quarters q ON (m.opened_on IS NULL OR m.opened_on <= q.last) AND (m.closed_on IS NULL OR m.closed_on >= q.first)
GROUP BY q.quarter, d.code, m.industry_code ORDER BY 1, 2, 3`
	s := &Slice{Ints: make([]int64, 4)}
	dest := []any{&s.Quarter, &s.Code, &s.Industry, &s.Merchants}
	for i := range s.Ints {
		dest = append(dest, &s.Ints[i])
	}
	return f.each(ctx, q, dest, func() error { return fn(s) })
}

// FootSlices calls fn for every district × quarter of the fused foot
// traffic (unrounded), ordered by quarter and district.
func (f *Fusion) FootSlices(ctx context.Context, fn func(*Slice) error) error {
	ms := footMeasures()
	q := `SELECT a.quarter, s.code, '', 0` + resums(ms, " * s.share", "DOUBLE") + `
FROM foot_cq a JOIN cell_share s ON s.cell_x = a.cell_x AND s.cell_y = a.cell_y AND s.cell_m = a.cell_m
JOIN quarters q ON q.quarter = a.quarter
GROUP BY a.quarter, s.code ORDER BY 1, 2`
	s := &Slice{Floats: make([]float64, len(ms))}
	dest := []any{&s.Quarter, &s.Code, &s.Industry, &s.Merchants}
	for i := range s.Floats {
		dest = append(dest, &s.Floats[i])
	}
	return f.each(ctx, q, dest, func() error { return fn(s) })
}

func (f *Fusion) each(ctx context.Context, q string, dest []any, fn func() error) error {
	rows, err := f.db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := fn(); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Outside is what lies in no district.
type Outside struct {
	SalesRows   int64   // sales rows of merchants in no district
	SalesAmount int64   // their amount, KRW
	Cells       int64   // cells with no part in any district
	FootPersons float64 // persons counted on the parts of cells in no district
}

// Outside sums, over the quarters fused, the sales of merchants in no
// district and the foot traffic on the parts of cells in no district.
func (f *Fusion) Outside(ctx context.Context) (Outside, error) {
	var o Outside
	err := f.db.QueryRowContext(ctx, `SELECT coalesce(sum(a.rows), 0), coalesce(sum(a.amount), 0)::BIGINT
		FROM sales_agg a JOIN quarters q ON q.quarter = a.quarter
		WHERE a.code IS NULL`).Scan(&o.SalesRows, &o.SalesAmount)
	if err != nil {
		return o, err
	}
	err = f.db.QueryRowContext(ctx, `WITH inside AS (
			SELECT cell_x, cell_y, cell_m, sum(share) AS share FROM cell_share WHERE NOT overlay GROUP BY ALL)
		SELECT count(DISTINCT (a.cell_x, a.cell_y, a.cell_m)) FILTER (WHERE i.share IS NULL),
			coalesce(sum(a.total * (1 - least(coalesce(i.share, 0), 1))), 0)
		FROM foot_cq a JOIN quarters q ON q.quarter = a.quarter
		LEFT JOIN inside i ON i.cell_x = a.cell_x AND i.cell_y = a.cell_y AND i.cell_m = a.cell_m`).Scan(&o.Cells, &o.FootPersons)
	return o, err
}

// ScanParquet calls fn with every row of a Parquet file, in file order, as
// text (NULL as ""), for the given columns; row numbers start at 1.
func (f *Fusion) ScanParquet(ctx context.Context, path string, cols []string, fn func(row int64, vals []string) error) error {
	return f.scanParquet(ctx, path, cols, nil, "", fn)
}

// Rule names a check FirstParquetRow can look for.
type Rule int

const (
	BadSalesRow     Rule = iota // a sales row breaking the contract
	BadFootRow                  // a foot-traffic row breaking the contract
	UnknownMerchant             // a sales row whose merchant the master lacks
)

// FirstParquetRow returns the first row of a Parquet feed that breaks rule,
// as text in the order of cols, with its row number (0 when none does).
func (f *Fusion) FirstParquetRow(ctx context.Context, path string, cols []string, rule Rule) (int64, []string, error) {
	types, where := salesTypes, salesBad
	switch rule {
	case BadFootRow:
		types, where = footTypes, footBad
	case UnknownMerchant:
		where = "merchant_id NOT IN (SELECT merchant_id FROM merchants)"
	}
	var row int64
	var vals []string
	err := f.scanParquet(ctx, path, cols, types, where, func(r int64, v []string) error {
		row, vals = r, slices.Clone(v)
		return nil
	})
	return row, vals, err
}

// scanParquet reads cols as text, in file order; with where, only the first
// row it holds for, the contract's columns cast to types for it to test.
func (f *Fusion) scanParquet(ctx context.Context, path string, cols []string, types map[string]string, where string, fn func(int64, []string) error) error {
	inner := []string{"file_row_number + 1 AS rn"}
	outer := []string{"rn"}
	for i, c := range cols {
		inner = append(inner, "coalesce(CAST("+quoteIdent(c)+" AS VARCHAR), '') AS text"+strconv.Itoa(i))
		outer = append(outer, "text"+strconv.Itoa(i))
	}
	for _, n := range slices.Sorted(maps.Keys(types)) {
		inner = append(inner, "TRY_CAST("+quoteIdent(n)+" AS "+types[n]+") AS "+quoteIdent(n))
	}
	q := `SELECT ` + strings.Join(outer, ", ") + ` FROM (SELECT ` + strings.Join(inner, ", ") +
		` FROM read_parquet(` + sqlString(path) + `, file_row_number = true))`
	if where != "" {
		q += " WHERE " + where + " ORDER BY rn LIMIT 1"
	} else {
		q += " ORDER BY rn"
	}
	rows, err := f.db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]string, len(cols))
	dest := make([]any, len(cols)+1)
	var row int64
	dest[0] = &row
	for i := range vals {
		dest[i+1] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		if err := fn(row, vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ParquetColumns returns the column names of a Parquet file.
func (f *Fusion) ParquetColumns(ctx context.Context, path string) ([]string, error) {
	return queryAll[string](ctx, f.db, `SELECT name FROM parquet_schema(`+sqlString(path)+`) WHERE num_children IS NULL OR num_children = 0`)
}

// quoteIdent quotes s as an SQL identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
