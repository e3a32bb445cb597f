package synth

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
)

// This file aggregates synth's feeds back to district statistics by the
// rules of docs/fusion.md, in plain Go and independently of sangsaeng fuse,
// so that synth's tests check the round trip themselves.

// fused is what the feeds aggregate to.
type fused struct {
	stores  map[rowKey]storeCounts
	sales   map[rowKey]salesRow
	salesMs map[rowKey]map[string]bool // merchants with rows in a slice
	foot    map[rowKey]footTarget
	outside int // merchants in no district
}

type fusedMerchant struct {
	codes          []string
	industry       string
	franchise      bool
	opened, closed day
}

func readCSV(t *testing.T, data []byte) (header map[string]int, rows [][]string) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	h, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	header = map[string]int{}
	for i, c := range h {
		header[c] = i
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return header, rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, rec)
	}
}

func parseDay(t *testing.T, s string) day {
	t.Helper()
	if s == "" {
		return noDay
	}
	tm, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return day(tm.Unix() / 86400)
}

// fuseFeeds aggregates merchants, sales and foot CSV feeds over the store
// quarters qs.
func fuseFeeds(t *testing.T, d *fusion.Districts, merchants, sales, foot []byte, qs []quarter) *fused {
	t.Helper()
	f := &fused{stores: map[rowKey]storeCounts{}, sales: map[rowKey]salesRow{}, salesMs: map[rowKey]map[string]bool{}, foot: map[rowKey]footTarget{}}
	h, rows := readCSV(t, merchants)
	ms := map[string]*fusedMerchant{}
	for _, rec := range rows {
		lon, err1 := strconv.ParseFloat(rec[h["lon"]], 64)
		lat, err2 := strconv.ParseFloat(rec[h["lat"]], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("merchant %v: bad lon/lat", rec)
		}
		m := &fusedMerchant{codes: d.LocateAll(lon, lat), industry: rec[h["industry_code"]],
			franchise: rec[h["franchise"]] == "true", opened: parseDay(t, rec[h["opened_on"]]), closed: parseDay(t, rec[h["closed_on"]])}
		if len(m.codes) == 0 {
			f.outside++
		}
		ms[rec[h["merchant_id"]]] = m
	}
	for _, q := range qs {
		first, last := q.first(), q.last()
		for _, m := range ms {
			l := life{opened: m.opened, closed: m.closed, franchise: m.franchise}
			var c storeCounts
			if l.openAt(last) {
				c.Stock = 1
				if l.franchise {
					c.Franchise = 1
				}
			}
			if l.opened != noDay && l.opened >= first && l.opened <= last {
				c.Opened = 1
			}
			if l.closed != noDay && l.closed >= first && l.closed <= last {
				c.Closed = 1
			}
			if c == (storeCounts{}) {
				continue
			}
			for _, code := range m.codes {
				k := rowKey{sliceKey{code, m.industry}, q}
				f.stores[k] = f.stores[k].add(c)
			}
		}
	}
	h, rows = readCSV(t, sales)
	bands := map[string]int8{}
	for i, b := range bandLabels {
		bands[b] = int8(i)
	}
	sexes := map[string]int8{"M": 0, "F": 1, "": sexUnknown}
	ages := map[string]int8{"10": 0, "20": 1, "30": 2, "40": 3, "50": 4, "60": 5, "": ageUnknown}
	for _, rec := range rows {
		m := ms[rec[h["merchant_id"]]]
		if m == nil {
			t.Fatalf("sales row %v: merchant not in the master", rec)
		}
		dd := parseDay(t, rec[h["date"]])
		amount, _ := strconv.ParseInt(rec[h["amount"]], 10, 64)
		count, _ := strconv.ParseInt(rec[h["count"]], 10, 64)
		s := baseSale{weekday: int8(dd.weekday()), band: bands[rec[h["time_band"]]], sex: sexes[rec[h["sex"]]], age: ages[rec[h["age"]]]}
		for _, code := range m.codes {
			k := rowKey{sliceKey{code, m.industry}, quarterOf(dd)}
			v := f.sales[k]
			v.Amount.addSale(s, amount)
			v.Count.addSale(s, count)
			f.sales[k] = v
			if f.salesMs[k] == nil {
				f.salesMs[k] = map[string]bool{}
			}
			f.salesMs[k][rec[h["merchant_id"]]] = true
		}
	}
	h, rows = readCSV(t, foot)
	type cellKey struct{ x, y, m float64 }
	shares := map[cellKey][]fusion.Share{}
	for _, rec := range rows {
		var ck cellKey
		ck.x, _ = strconv.ParseFloat(rec[h["cell_x"]], 64)
		ck.y, _ = strconv.ParseFloat(rec[h["cell_y"]], 64)
		ck.m, _ = strconv.ParseFloat(rec[h["cell_m"]], 64)
		sh, ok := shares[ck]
		if !ok {
			sh = d.CellShares(ck.x, ck.y, ck.m)
			shares[ck] = sh
		}
		dd := parseDay(t, rec[h["date"]])
		hour, _ := strconv.Atoi(rec[h["hour"]])
		band := int8(0)
		for i, b := range bandHours {
			if hour >= b[0] && hour < b[1] {
				band = int8(i)
			}
		}
		count, err := strconv.ParseFloat(rec[h["count"]], 64)
		if err != nil || count < 0 || math.IsInf(count, 0) {
			t.Fatalf("foot row %v: bad count", rec)
		}
		for _, s := range sh {
			k := rowKey{sliceKey{Code: s.Code}, quarterOf(dd)}
			v := f.foot[k]
			v.add(sexes[rec[h["sex"]]], ages[rec[h["age"]]], band, int8(dd.weekday()), count*s.Fraction)
			f.foot[k] = v
		}
	}
	return f
}
