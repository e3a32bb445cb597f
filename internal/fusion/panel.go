package fusion

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
)

// PanelOptions say which feeds make a merchant panel and how.
type PanelOptions struct {
	Merchants, Sales string // the merchant master and the card-sales feed
	Areas            string // the 영역-상권 Shapefile placing merchants; "" to leave them unplaced
	Period           string // "month" or "week" (ISO)
	Outcome          string // "amount" or "count"
	MemoryLimit      string
}

// MerchantPanel is every merchant of the master with its card sales per
// period, from the first period of the feed's dates to the last: a
// merchant with no sales in a period has 0 there. Y[i*len(Starts)+t] is
// merchant i's outcome in the period starting on Starts[t].
type MerchantPanel struct {
	Merchants     []duckbatch.PanelMerchant
	HasBusinessNo bool // the master has the business_no column
	Starts        []time.Time
	Y             []float64
	Rows          int64 // sales rows read
}

// BuildPanel reads the merchant master (checking every row as fusion does)
// and scans the card-sales feed once into a MerchantPanel. A bad row of
// either feed, or a sale of a merchant not in the master, stops it with the
// file, line (row for Parquet) and column.
func BuildPanel(ctx context.Context, opt PanelOptions) (*MerchantPanel, error) {
	switch {
	case opt.Merchants == "" || opt.Sales == "":
		return nil, errors.New("a merchant panel needs the merchant master and the card-sales feed")
	case opt.Period != "month" && opt.Period != "week":
		return nil, fmt.Errorf("period %q: want month or week", opt.Period)
	case opt.Outcome != "amount" && opt.Outcome != "count":
		return nil, fmt.Errorf("outcome %q: want amount or count", opt.Outcome)
	}
	scratch, err := os.MkdirTemp("", "sangsaeng-panel-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(scratch)
	fz, err := duckbatch.OpenFusion(ctx, scratch, duckbatch.Options{MemoryLimit: opt.MemoryLimit})
	if err != nil {
		return nil, err
	}
	defer fz.Close()
	f, ms, ss, err := placedSales(ctx, fz, scratch, opt.Areas, opt.Merchants, opt.Sales)
	if err != nil {
		return nil, err
	}
	c, err := fz.AggregatePanel(ctx, ss.engine, opt.Period)
	if err != nil {
		return nil, f.explain(ctx, ss, err, checkSales, nil)
	}
	if c.Bad > 0 {
		return nil, f.explain(ctx, ss, fmt.Errorf("%s: %d rows break the sales feed's rules", ss.path, c.Bad), checkSales, nil)
	}
	if c.Unknown > 0 {
		unknown, err := fz.UnknownMerchants(ctx, ss.engine, 1000)
		if err != nil {
			return nil, err
		}
		set := make(map[string]bool, len(unknown))
		for _, id := range unknown {
			set[id] = true
		}
		return nil, f.explain(ctx, ss, fmt.Errorf("%s: merchant %s is not in the merchant master", ss.path, unknown[0]), checkSales, set)
	}
	p := &MerchantPanel{Rows: c.Rows}
	for _, col := range ms.cols {
		if col == "business_no" {
			p.HasBusinessNo = true
		}
	}
	if p.Merchants, err = fz.PanelMerchants(ctx); err != nil {
		return nil, err
	}
	cells, err := fz.PanelCells(ctx)
	if err != nil {
		return nil, err
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("%s: no sales rows: nothing to compare", opt.Sales)
	}
	for i := range cells {
		cells[i].Start = cells[i].Start.UTC()
	}
	first, last := cells[0].Start, cells[0].Start
	for _, c := range cells {
		if c.Start.Before(first) {
			first = c.Start
		}
		if c.Start.After(last) {
			last = c.Start
		}
	}
	index := map[time.Time]int{}
	for s := first; !s.After(last); s = next(s, opt.Period) {
		index[s] = len(p.Starts)
		p.Starts = append(p.Starts, s)
	}
	unit := make(map[string]int, len(p.Merchants))
	for i, m := range p.Merchants {
		unit[m.ID] = i
	}
	T := len(p.Starts)
	p.Y = make([]float64, len(p.Merchants)*T)
	for _, c := range cells {
		v := c.Amount
		if opt.Outcome == "count" {
			v = c.Count
		}
		p.Y[unit[c.MerchantID]*T+index[c.Start]] += float64(v)
	}
	return p, nil
}

// next returns the start of the period after the one starting on s.
func next(s time.Time, period string) time.Time {
	if period == "week" {
		return s.AddDate(0, 0, 7)
	}
	return s.AddDate(0, 1, 0)
}

// placedSales opens the merchant master and the card-sales feed in fz,
// with the 상권 areas when areas is set, and places every merchant (its
// district and industry) so that the sales can be aggregated by them; it
// answers the fuser (whose explain names a bad row) and both sources.
func placedSales(ctx context.Context, fz *duckbatch.Fusion, scratch, areas, merchants, sales string) (f *fuser, ms, ss *source, err error) {
	f = &fuser{opt: Options{Areas: areas}, fz: fz, sources: make(map[Feed]*source), prov: &Provenance{}}
	if areas != "" {
		if err := f.loadAreas(); err != nil {
			return nil, nil, nil, err
		}
	}
	ms, err = openSource(ctx, fz, MerchantsFeed, merchants, scratch)
	if err != nil {
		return nil, nil, nil, err
	}
	ss, err = openSource(ctx, fz, SalesFeed, sales, scratch)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := f.placeMerchants(ctx, ms); err != nil {
		return nil, nil, nil, err
	}
	return f, ms, ss, nil
}
