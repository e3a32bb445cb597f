package fusion

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Feed names one of the raw feeds of docs/fusion.md.
type Feed string

const (
	MerchantsFeed Feed = "merchants"
	SalesFeed     Feed = "sales"
	FootFeed      Feed = "foot"
)

// Columns lists the columns a feed must have, in the contract's order.
func (f Feed) Columns() []string {
	switch f {
	case MerchantsFeed:
		return []string{"merchant_id", "lon", "lat", "industry_code", "franchise", "opened_on", "closed_on"}
	case SalesFeed:
		return []string{"merchant_id", "date", "time_band", "sex", "age", "amount", "count"}
	case FootFeed:
		return []string{"cell_x", "cell_y", "cell_m", "date", "hour", "sex", "age", "count"}
	}
	return nil
}

// Optional lists a feed's optional columns: read when the header has them,
// empty otherwise. They follow Columns in the values a row is given as.
func (f Feed) Optional() []string {
	if f == MerchantsFeed {
		return []string{"business_no"}
	}
	return nil
}

// rowError is a broken rule of a feed: the column and the reason.
type rowError struct{ column, reason string }

func bad(column, format string, args ...any) *rowError {
	return &rowError{column, fmt.Sprintf(format, args...)}
}

// Merchant is one row of the merchant master.
type Merchant struct {
	ID        string
	Lon, Lat  float64
	Industry  string
	Franchise bool
	Opened    time.Time // zero when empty
	Closed    time.Time // zero when empty
	// BusinessNo is the 사업자등록번호, 10 digits without hyphens; "" when
	// the master has no business_no column or the cell is empty.
	BusinessNo string
}

// parseMerchant checks and parses a merchant row, given in the order of
// MerchantsFeed.Columns and then its Optional columns (when present).
func parseMerchant(v []string) (Merchant, *rowError) {
	m := Merchant{ID: v[0], Industry: v[3]}
	if m.ID == "" {
		return m, bad("merchant_id", "empty")
	}
	var e *rowError
	if m.Lon, e = decimal("lon", v[1]); e != nil {
		return m, e
	}
	if m.Lat, e = decimal("lat", v[2]); e != nil {
		return m, e
	}
	if m.Lon < 124 || m.Lon > 132 || m.Lat < 33 || m.Lat > 39 {
		return m, bad("lon", "point (%s, %s) is not in Korea (lon 124–132, lat 33–39): are lon and lat swapped or projected?", v[1], v[2])
	}
	if _, ok := seoul.IndustryName(m.Industry); !ok {
		return m, bad("industry_code", "unknown service industry code %q (Seoul's 서비스_업종_코드, e.g. CS100001)", m.Industry)
	}
	switch strings.ToLower(v[4]) {
	case "true":
		m.Franchise = true
	case "false":
	default:
		return m, bad("franchise", "%q is not true or false", v[4])
	}
	if v[5] != "" {
		if m.Opened, e = date("opened_on", v[5]); e != nil {
			return m, e
		}
	}
	if v[6] != "" {
		if m.Closed, e = date("closed_on", v[6]); e != nil {
			return m, e
		}
		if !m.Opened.IsZero() && m.Closed.Before(m.Opened) {
			return m, bad("closed_on", "%s is before opened_on %s", v[6], v[5])
		}
	}
	if len(v) > 7 && v[7] != "" {
		no, err := bizno.Parse(v[7])
		if err != nil {
			return m, bad("business_no", "%v", err)
		}
		m.BusinessNo = no
	}
	return m, nil
}

var (
	timeBands = map[string]bool{"00-06": true, "06-11": true, "11-14": true, "14-17": true, "17-21": true, "21-24": true}
	ageGroups = map[string]bool{"10": true, "20": true, "30": true, "40": true, "50": true, "60": true}
	cellSizes = map[string]bool{"50": true, "100": true, "250": true, "500": true}
)

// checkSales checks a card-sales row given in the order of
// SalesFeed.Columns; the merchant's existence is checked apart.
func checkSales(v []string) *rowError {
	switch {
	case v[0] == "":
		return bad("merchant_id", "empty")
	case !timeBands[v[2]]:
		return bad("time_band", "%q is not one of 00-06, 06-11, 11-14, 14-17, 17-21, 21-24", v[2])
	case v[3] != "" && v[3] != "M" && v[3] != "F":
		return bad("sex", "%q is not M, F or empty (unknown)", v[3])
	case v[4] != "" && !ageGroups[v[4]]:
		return bad("age", "%q is not 10, 20, 30, 40, 50, 60 or empty (unknown)", v[4])
	}
	if _, e := date("date", v[1]); e != nil {
		return e
	}
	if e := wholeCount("amount", v[5]); e != nil {
		return e
	}
	return wholeCount("count", v[6])
}

// checkFoot checks a foot-traffic row given in the order of FootFeed.Columns.
func checkFoot(v []string) *rowError {
	for i, col := range []string{"cell_x", "cell_y"} {
		if _, e := decimal(col, v[i]); e != nil {
			return e
		}
	}
	switch {
	case !cellSizes[v[2]]:
		return bad("cell_m", "%q is not 50, 100, 250 or 500", v[2])
	case v[5] != "M" && v[5] != "F":
		return bad("sex", "%q is not M or F", v[5])
	case !ageGroups[v[6]]:
		return bad("age", "%q is not 10, 20, 30, 40, 50 or 60", v[6])
	}
	if _, e := date("date", v[3]); e != nil {
		return e
	}
	if h, err := strconv.Atoi(v[4]); err != nil || h < 0 || h > 23 {
		return bad("hour", "%q is not an hour 0–23", v[4])
	}
	c, e := decimal("count", v[7])
	if e == nil && c < 0 {
		e = bad("count", "negative: %s", v[7])
	}
	return e
}

func decimal(col, s string) (float64, *rowError) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, bad(col, "%q is not a finite number", s)
	}
	return f, nil
}

// wholeCount accepts a non-negative integer, also written as 123.0 (as
// Parquet or a spreadsheet may), up to 2^53.
func wholeCount(col, s string) *rowError {
	f, e := decimal(col, s)
	switch {
	case e != nil:
		return e
	case f < 0:
		return bad(col, "negative: %s", s)
	case f != math.Trunc(f):
		return bad(col, "%s is not a whole number", s)
	case f > 1<<53:
		return bad(col, "%s is too large", s)
	}
	return nil
}

func date(col, s string) (time.Time, *rowError) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, bad(col, "%q is not a date YYYY-MM-DD", s)
	}
	return t, nil
}
