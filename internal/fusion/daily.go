package fusion

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
)

// DailySales is a card-sales feed checked against its merchant master and
// summed per merchant and day, ready to be read per business (Each).
type DailySales struct {
	Merchants     []duckbatch.PanelMerchant
	HasBusinessNo bool  // the master has the business_no column
	Rows          int64 // sales rows read
	fz            *duckbatch.Fusion
	scratch       string
}

// OpenDailySales reads the merchant master (checking every row as fusion
// does, placing the merchants when opt.Areas is given) and scans the
// card-sales feed once into sales per merchant and day; opt.Period and
// opt.Outcome are not used. A bad row of either feed, or a sale of a
// merchant not in the master, stops it with the file, line (row for
// Parquet) and column. Close releases its work space.
func OpenDailySales(ctx context.Context, opt PanelOptions) (_ *DailySales, err error) {
	if opt.Merchants == "" || opt.Sales == "" {
		return nil, errors.New("daily sales need the merchant master and the card-sales feed")
	}
	scratch, err := os.MkdirTemp("", "sangsaeng-daily-")
	if err != nil {
		return nil, err
	}
	fz, err := duckbatch.OpenFusion(ctx, scratch, duckbatch.Options{MemoryLimit: opt.MemoryLimit})
	if err != nil {
		os.RemoveAll(scratch)
		return nil, err
	}
	ds := &DailySales{fz: fz, scratch: scratch}
	defer func() {
		if err != nil {
			ds.Close()
		}
	}()
	f, ms, ss, err := placedSales(ctx, fz, scratch, opt.Areas, opt.Merchants, opt.Sales)
	if err != nil {
		return nil, err
	}
	c, err := fz.AggregatePanel(ctx, ss.engine, "day")
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
	ds.Rows = c.Rows
	for _, col := range ms.cols {
		if col == "business_no" {
			ds.HasBusinessNo = true
		}
	}
	if ds.Merchants, err = fz.PanelMerchants(ctx); err != nil {
		return nil, err
	}
	return ds, nil
}

// Each calls fn with each business's sales per day, by business number and
// day, and returns the sales rows of merchants without a business number,
// which it leaves out.
func (d *DailySales) Each(ctx context.Context, fn func(duckbatch.BusinessDay) error) (skipped int64, err error) {
	return d.fz.EachBusinessDay(ctx, fn)
}

// Close removes the work space.
func (d *DailySales) Close() error {
	err := d.fz.Close()
	return errors.Join(err, os.RemoveAll(d.scratch))
}
