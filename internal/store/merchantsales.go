package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// SalesImport is one import of a card-sales feed and its merchant master
// (sangsaeng sales import).
type SalesImport struct {
	ID                           int64
	SalesFile, MerchantsFile     string // base names
	SalesSHA256, MerchantsSHA256 string
	Rows                         int64 // sales rows of the feed
	Businesses                   int64 // business numbers with sales
	Days                         int64 // business-days stored
	Skipped                      int64 // sales rows of merchants without a business number
	ImportedAt                   time.Time
}

// SalesBusiness is a business (사업자등록번호) of the card-sales feed: the
// industry and 상권 of its stores ("" when unplaced) and their number.
type SalesBusiness struct {
	BusinessNo string
	Industry   string
	District   string
	Stores     int64
}

// MerchantSale is one business's card sales on one day.
type MerchantSale struct {
	BusinessNo string
	Day        time.Time // midnight, UTC
	Amount     int64     // won
	Count      int64
}

// ErrAlreadyImported marks an import of a pair of files already imported.
var ErrAlreadyImported = errors.New("already imported")

// SalesImportOf returns the import of the files with these SHA-256 sums, or
// ErrNotFound.
func (db *DB) SalesImportOf(ctx context.Context, salesSHA, merchantsSHA string) (*SalesImport, error) {
	var x SalesImport
	err := db.db.QueryRowContext(ctx, `SELECT id, sales_file, merchants_file, sales_sha256, merchants_sha256,
		rows_read, businesses, days, skipped_rows, imported_at
		FROM merchant_sales_imports WHERE sales_sha256 = ? AND merchants_sha256 = ?`, salesSHA, merchantsSHA).Scan(
		&x.ID, &x.SalesFile, &x.MerchantsFile, &x.SalesSHA256, &x.MerchantsSHA256, &x.Rows, &x.Businesses, &x.Days, &x.Skipped, &x.ImportedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sales import of %s: %w", salesSHA, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	x.ImportedAt = x.ImportedAt.UTC()
	return &x, nil
}

// ImportMerchantSales stores, in one transaction, the businesses (one row
// each) and the daily sales that sales gives to add (several rows of one
// business and day, its stores', are summed), through the engine's bulk
// loader. A business's description and each business-day it has replace
// what an earlier import stored for them; the rest stays. imp names the
// files and their SHA-256 sums and gets its ID, Businesses, Days and
// ImportedAt set; a pair of files imported before is ErrAlreadyImported and
// changes nothing. A failed import leaves the store as it was.
func (db *DB) ImportMerchantSales(ctx context.Context, imp *SalesImport, businesses []SalesBusiness,
	sales func(add func(MerchantSale) error) error) error {
	seen := make(map[string]bool, len(businesses))
	for _, b := range businesses {
		if seen[b.BusinessNo] {
			return fmt.Errorf("business %s given twice", b.BusinessNo)
		}
		seen[b.BusinessNo] = true
	}
	return db.inTx(ctx, func(conn *dbConn) error {
		var n int
		if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM merchant_sales_imports WHERE sales_sha256 = ? AND merchants_sha256 = ?`,
			imp.SalesSHA256, imp.MerchantsSHA256).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%s and %s: %w", imp.SalesFile, imp.MerchantsFile, ErrAlreadyImported)
		}
		if err := conn.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM merchant_sales_imports`).Scan(&imp.ID); err != nil {
			return err
		}
		id := imp.ID
		err := bulkLoad(ctx, conn, "sales_businesses_stage", []string{"import_id", "business_no", "industry_code", "district_code", "stores"},
			func(add func([]any) error) error {
				for _, b := range businesses {
					if err := add([]any{id, b.BusinessNo, b.Industry, b.District, b.Stores}); err != nil {
						return err
					}
				}
				return nil
			})
		if err != nil {
			return fmt.Errorf("load businesses: %w", err)
		}
		row := make([]any, 5)
		err = bulkLoad(ctx, conn, "merchant_sales_stage", []string{"import_id", "business_no", "sale_day", "amount", "count"},
			func(add func([]any) error) error {
				return sales(func(s MerchantSale) error {
					if !seen[s.BusinessNo] {
						return fmt.Errorf("sales of business %s, which is not among the businesses given", s.BusinessNo)
					}
					row[0], row[1], row[2], row[3], row[4] = id, s.BusinessNo, s.Day.UTC(), s.Amount, s.Count
					return add(row)
				})
			})
		if err != nil {
			return fmt.Errorf("load sales: %w", err)
		}
		steps := []string{
			`DELETE FROM sales_businesses WHERE EXISTS (SELECT 1 FROM sales_businesses_stage g
				WHERE g.import_id = ? AND g.business_no = sales_businesses.business_no)`,
			`INSERT INTO sales_businesses (business_no, industry_code, district_code, stores, import_id)
				SELECT business_no, industry_code, district_code, stores, import_id FROM sales_businesses_stage WHERE import_id = ?`,
			`DELETE FROM merchant_sales WHERE EXISTS (SELECT 1 FROM merchant_sales_stage g
				WHERE g.import_id = ? AND g.business_no = merchant_sales.business_no AND g.sale_day = merchant_sales.sale_day)`,
			`INSERT INTO merchant_sales (business_no, sale_day, amount, count, import_id)
				SELECT business_no, sale_day, CAST(sum(amount) AS BIGINT), CAST(sum(count) AS BIGINT), ?
				FROM merchant_sales_stage WHERE import_id = ? GROUP BY business_no, sale_day`,
			`DELETE FROM sales_businesses_stage WHERE import_id = ?`,
			`DELETE FROM merchant_sales_stage WHERE import_id = ?`,
		}
		for i, q := range steps {
			args := []any{id}
			if strings.Count(q, "?") == 2 {
				args = append(args, id)
			}
			res, err := conn.ExecContext(ctx, q, args...)
			if err != nil {
				return fmt.Errorf("import step %d: %w", i+1, err)
			}
			if i == 3 {
				if imp.Days, err = res.RowsAffected(); err != nil {
					return err
				}
			}
		}
		if err := conn.QueryRowContext(ctx, `SELECT count(DISTINCT business_no) FROM merchant_sales WHERE import_id = ?`, id).Scan(&imp.Businesses); err != nil {
			return err
		}
		imp.ImportedAt = db.Now().UTC().Truncate(time.Microsecond)
		_, err = conn.ExecContext(ctx, `INSERT INTO merchant_sales_imports (id, sales_file, merchants_file, sales_sha256, merchants_sha256,
			rows_read, businesses, days, skipped_rows, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			id, imp.SalesFile, imp.MerchantsFile, imp.SalesSHA256, imp.MerchantsSHA256, imp.Rows, imp.Businesses, imp.Days, imp.Skipped, imp.ImportedAt)
		if isDuplicate(err) {
			return fmt.Errorf("%s and %s: %w", imp.SalesFile, imp.MerchantsFile, ErrAlreadyImported)
		}
		return err
	})
}

// SalesPanelQuery asks for an outcome panel: the treated businesses and the
// controls of their industries.
type SalesPanelQuery struct {
	Treated []string // business numbers, 10 digits
	Period  string   // "month" (calendar) or "week" (ISO, Monday to Sunday)
	// ExcludeOwnDistricts leaves out controls in a treated business's 상권
	// (spill-overs); controls in no 상권 stay.
	ExcludeOwnDistricts bool
	// Exclude are business numbers left out of the controls (a program's
	// cohort merchants not treated yet).
	Exclude []string
}

// SalesPanel is card sales per business and period: the treated businesses
// found and every other business of their industries, each with its sales
// in every period from the first with a sale among them to the last (0
// where it had none). Amount[u*len(Starts)+t] is unit u's amount in the
// period starting on Starts[t]; Count likewise.
type SalesPanel struct {
	Units   []SalesBusiness // by business number
	Treated []bool          // Units[u] is one of the query's treated
	Starts  []time.Time
	Amount  []int64
	Count   []int64
	// Missing are the query's treated business numbers with no sales in
	// the store.
	Missing []string
	// OwnDistrict is the number of controls left out as in a treated 상권.
	OwnDistrict int
}

// MerchantSalesPanel builds the outcome panel q asks for from the stored
// card sales. With no treated business found it returns a panel with no
// units.
func (db *DB) MerchantSalesPanel(ctx context.Context, q SalesPanelQuery) (*SalesPanel, error) {
	if q.Period != "month" && q.Period != "week" {
		return nil, fmt.Errorf("period %q: want month or week", q.Period)
	}
	p := &SalesPanel{}
	if len(q.Treated) == 0 {
		return p, nil
	}
	treated := make(map[string]bool, len(q.Treated))
	for _, b := range q.Treated {
		treated[b] = true
	}
	found, err := db.salesBusinesses(ctx, "business_no", slices.Sorted(maps.Keys(treated)))
	if err != nil {
		return nil, err
	}
	industries, districts := map[string]bool{}, map[string]bool{}
	for _, b := range found {
		industries[b.Industry] = true
		if b.District != "" {
			districts[b.District] = true
		}
		delete(treated, b.BusinessNo)
	}
	p.Missing = slices.Sorted(maps.Keys(treated))
	if len(found) == 0 {
		return p, nil
	}
	isTreated := make(map[string]bool, len(found))
	for _, b := range found {
		isTreated[b.BusinessNo] = true
	}
	inds := slices.Sorted(maps.Keys(industries))
	all, err := db.salesBusinesses(ctx, "industry_code", inds)
	if err != nil {
		return nil, err
	}
	unit := map[string]int{}
	for _, b := range all {
		if !isTreated[b.BusinessNo] && slices.Contains(q.Exclude, b.BusinessNo) {
			continue
		}
		if !isTreated[b.BusinessNo] && q.ExcludeOwnDistricts && districts[b.District] {
			p.OwnDistrict++
			continue
		}
		unit[b.BusinessNo] = len(p.Units)
		p.Units = append(p.Units, b)
		p.Treated = append(p.Treated, isTreated[b.BusinessNo])
	}
	type cell struct {
		unit          int
		start         time.Time
		amount, count int64
	}
	var cells []cell
	rows, err := db.db.QueryContext(ctx, `SELECT s.business_no, date_trunc('`+q.Period+`', s.sale_day),
		CAST(sum(s.amount) AS BIGINT), CAST(sum(s.count) AS BIGINT)
		FROM merchant_sales s JOIN sales_businesses b ON b.business_no = s.business_no
		WHERE b.industry_code IN (`+placeholders(len(inds))+`)
		GROUP BY s.business_no, date_trunc('`+q.Period+`', s.sale_day)`, anySlice(inds)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var bn string
		var c cell
		if err := rows.Scan(&bn, &c.start, &c.amount, &c.count); err != nil {
			return nil, err
		}
		u, ok := unit[bn]
		if !ok {
			continue
		}
		c.unit, c.start = u, c.start.UTC()
		cells = append(cells, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(cells) == 0 {
		return p, nil
	}
	first, last := cells[0].start, cells[0].start
	for _, c := range cells {
		if c.start.Before(first) {
			first = c.start
		}
		if c.start.After(last) {
			last = c.start
		}
	}
	index := map[time.Time]int{}
	for s := first; !s.After(last); s = nextPeriod(s, q.Period) {
		index[s] = len(p.Starts)
		p.Starts = append(p.Starts, s)
	}
	T := len(p.Starts)
	p.Amount = make([]int64, len(p.Units)*T)
	p.Count = make([]int64, len(p.Units)*T)
	for _, c := range cells {
		k := c.unit*T + index[c.start]
		p.Amount[k] += c.amount
		p.Count[k] += c.count
	}
	return p, nil
}

// salesBusinesses returns the businesses whose column col is one of values,
// by business number.
func (db *DB) salesBusinesses(ctx context.Context, col string, values []string) ([]SalesBusiness, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT business_no, industry_code, district_code, stores FROM sales_businesses
		WHERE `+col+` IN (`+placeholders(len(values))+`) ORDER BY business_no`, anySlice(values)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SalesBusiness
	for rows.Next() {
		var b SalesBusiness
		if err := rows.Scan(&b.BusinessNo, &b.Industry, &b.District, &b.Stores); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// nextPeriod returns the start of the period after the one starting on s.
func nextPeriod(s time.Time, period string) time.Time {
	if period == "week" {
		return s.AddDate(0, 0, 7)
	}
	return s.AddDate(0, 1, 0)
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
