package fusion

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Version is the version of the fusion rules of docs/fusion.md.
const Version = 1

// Options say what to fuse and how.
type Options struct {
	Merchants, Sales, Foot string // feed files; "" for a feed not given
	Areas                  string // the 영역-상권 Shapefile
	Out                    string // folder written
	K                      int    // sales slices of fewer merchants are suppressed
	FootRound              int    // foot traffic is rounded to multiples of this
	Quarters               []int  // yyyyq; empty: the quarters of the feeds' dates
	MemoryLimit            string // the engine's, e.g. "2GB"; "" for DuckDB's default
	Version                string // sangsaeng's, for the provenance
	Now                    func() time.Time
	Trace                  io.Writer // if set, gets the time each step took
}

// district is what the output needs of a district besides its code.
type district struct {
	name, typeCode, typeName string
}

// phase writes how long a step took to opt.Trace, if set.
func (f *fuser) phase(name string, t0 time.Time) {
	if f.opt.Trace != nil {
		fmt.Fprintf(f.opt.Trace, "fuse: %s %v\n", name, time.Since(t0).Round(time.Millisecond))
	}
}

// fuser holds one run's state.
type fuser struct {
	opt       Options
	fz        *duckbatch.Fusion
	index     *Districts
	districts map[string]district
	sources   map[Feed]*source
	prov      *Provenance
}

// Run fuses the feeds into published-schema files in opt.Out, replacing what
// was there only when everything succeeded. It returns the provenance
// written.
func Run(ctx context.Context, opt Options) (*Provenance, error) {
	if err := opt.check(); err != nil {
		return nil, err
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	scratch := filepath.Join(tmp, ".scratch")
	if err := os.Mkdir(scratch, 0o755); err != nil {
		return nil, err
	}
	fz, err := duckbatch.OpenFusion(ctx, scratch, duckbatch.Options{MemoryLimit: opt.MemoryLimit})
	if err != nil {
		return nil, err
	}
	f := &fuser{opt: opt, fz: fz, sources: make(map[Feed]*source), prov: newProvenance(opt)}
	err = f.run(ctx, tmp, scratch)
	if cerr := fz.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(scratch); err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(tmp, "provenance.json"), f.prov); err != nil {
		return nil, err
	}
	return f.prov, replaceDir(tmp, out)
}

func (o *Options) check() error {
	switch {
	case o.Areas == "":
		return errors.New("name the 영역-상권 Shapefile (--areas)")
	case o.Out == "":
		return errors.New("name the output folder (--out)")
	case o.Sales != "" && o.Merchants == "":
		return errors.New("the sales feed needs the merchant master (--merchants) to place its merchants")
	case o.Merchants == "" && o.Foot == "":
		return errors.New("give at least the merchants (with or without sales) or the foot-traffic feed")
	case o.K < 1:
		return fmt.Errorf("k must be at least 1, not %d", o.K)
	case o.FootRound < 1:
		return fmt.Errorf("foot-traffic rounding must be a whole number of persons ≥ 1, not %d", o.FootRound)
	}
	for _, q := range o.Quarters {
		if !seoul.ValidQuarter(strconv.Itoa(q)) {
			return fmt.Errorf("quarter %d: want yyyyq, q 1–4", q)
		}
	}
	return nil
}

func (f *fuser) run(ctx context.Context, tmp, scratch string) error {
	t0 := time.Now()
	if err := f.loadAreas(); err != nil {
		return err
	}
	for _, feed := range []struct {
		feed Feed
		path string
	}{{MerchantsFeed, f.opt.Merchants}, {SalesFeed, f.opt.Sales}, {FootFeed, f.opt.Foot}} {
		if feed.path == "" {
			continue
		}
		s, err := openSource(ctx, f.fz, feed.feed, feed.path, scratch)
		if err != nil {
			return err
		}
		f.sources[feed.feed] = s
	}
	f.phase("open sources", t0)
	t0 = time.Now()
	if s := f.sources[MerchantsFeed]; s != nil {
		if err := f.placeMerchants(ctx, s); err != nil {
			return err
		}
	}
	f.phase("merchants", t0)
	t0 = time.Now()
	if s := f.sources[SalesFeed]; s != nil {
		if err := f.aggregateSales(ctx, s); err != nil {
			return err
		}
		f.phase("sales", t0)
		t0 = time.Now()
	} else if err := f.fz.EmptySales(ctx); err != nil {
		return err
	}
	if s := f.sources[FootFeed]; s != nil {
		if err := f.aggregateFoot(ctx, s); err != nil {
			return err
		}
		f.phase("foot", t0)
	} else if err := f.fz.EmptyFoot(ctx); err != nil {
		return err
	}
	for _, feed := range []Feed{MerchantsFeed, SalesFeed, FootFeed} {
		if s := f.sources[feed]; s != nil {
			f.prov.addInput(s)
		}
	}
	quarters := f.opt.Quarters
	if len(quarters) == 0 {
		var err error
		if quarters, err = f.fz.FeedQuarters(ctx); err != nil {
			return err
		}
	}
	if len(quarters) == 0 {
		return errors.New("the feeds have no rows: nothing to fuse")
	}
	f.prov.Parameters.Quarters = quarters
	if err := f.fz.SetQuarters(ctx, quarters); err != nil {
		return err
	}
	t0 = time.Now()
	defer f.phase("write", t0)
	return f.write(ctx, tmp)
}

// loadAreas reads the district polygons, their names and types.
func (f *fuser) loadAreas() error {
	polys, err := seoul.ReadPolygons(f.opt.Areas, nil)
	if err != nil {
		return err
	}
	geoms := make(map[string]orb.MultiPolygon, len(polys))
	f.districts = make(map[string]district, len(polys))
	for _, p := range polys {
		geoms[p.Code] = p.Geom
		f.districts[p.Code] = district{name: p.Name, typeCode: p.TypeCode, typeName: p.TypeName}
	}
	f.index = NewDistricts(geoms)
	// The .dbf (names, types) and .prj shape the result as much as the
	// .shp: the hash covers the three.
	base := strings.TrimSuffix(f.opt.Areas, filepath.Ext(f.opt.Areas))
	sum, err := hashFiles(f.opt.Areas, base+".dbf", base+".prj")
	if err != nil {
		return err
	}
	f.prov.Inputs = append(f.prov.Inputs, Input{Feed: "areas", Path: f.opt.Areas, Format: "shapefile", SHA256: sum, Rows: int64(len(polys))})
	return nil
}

// overlay reports whether a district is drawn over others (관광특구).
func (f *fuser) overlay(code string) bool { return f.districts[code].typeCode == "U" }

// placeMerchants checks every merchant row, finds the districts holding it
// and stores the merchant→district mapping.
func (f *fuser) placeMerchants(ctx context.Context, s *source) error {
	type row struct {
		pos  string
		vals []string
	}
	rows := make(chan row, 1024)
	scanErr := make(chan error, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(rows)
		scanErr <- s.each(ctx, f.fz, func(pos string, vals []string) error {
			select {
			case rows <- row{pos, slices.Clone(vals)}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	seen := make(map[string]string) // merchant id → position first given
	st := &f.prov.Merchants
	m := &duckbatch.FusionMerchant{}
	var buf []string
	next := func() (*duckbatch.FusionMerchant, error) {
		r, ok := <-rows
		if !ok {
			return nil, nil
		}
		mr, e := parseMerchant(r.vals)
		if e != nil {
			return nil, s.rowErr(r.pos, e)
		}
		if first, dup := seen[mr.ID]; dup {
			return nil, s.rowErr(r.pos, bad("merchant_id", "merchant %s given twice (first at %s)", mr.ID, first))
		}
		seen[mr.ID] = r.pos
		buf = buf[:0]
		if f.index != nil { // nil: no areas given (merchant panels)
			buf = f.index.Holders(mr.Lon, mr.Lat, f.overlay, buf)
		}
		st.Rows++
		switch {
		case len(buf) == 0:
			st.Outside++
		case len(buf) > 1:
			st.InOverlay++
		}
		if len(buf) > 0 {
			st.Placed++
		}
		*m = duckbatch.FusionMerchant{ID: mr.ID, Industry: mr.Industry, Franchise: mr.Franchise,
			Opened: mr.Opened, Closed: mr.Closed, BusinessNo: mr.BusinessNo, Codes: buf}
		return m, nil
	}
	err := f.fz.AddMerchants(ctx, next)
	cancel()
	for range rows {
	}
	if serr := <-scanErr; err == nil && !errors.Is(serr, context.Canceled) {
		err = serr
	}
	if err != nil {
		return err
	}
	s.n = st.Rows
	return nil
}

// aggregateSales scans the sales feed in the engine; when it finds bad rows
// or unknown merchants, the feed is read again to name the first.
func (f *fuser) aggregateSales(ctx context.Context, s *source) error {
	c, err := f.fz.AggregateSales(ctx, s.engine)
	if err != nil {
		return f.explain(ctx, s, err, checkSales, nil)
	}
	if c.Bad > 0 {
		return f.explain(ctx, s, fmt.Errorf("%s: %d rows break the sales feed's rules", s.path, c.Bad), checkSales, nil)
	}
	if c.Unknown > 0 {
		unknown, err := f.fz.UnknownMerchants(ctx, s.engine, 1000)
		if err != nil {
			return err
		}
		set := make(map[string]bool, len(unknown))
		for _, id := range unknown {
			set[id] = true
		}
		return f.explain(ctx, s, fmt.Errorf("%s: merchant %s is not in the merchant master", s.path, unknown[0]), checkSales, set)
	}
	f.prov.Sales.Rows = c.Rows
	s.n = c.Rows
	return nil
}

// aggregateFoot scans the foot-traffic feed in the engine, then splits its
// cells among the districts.
func (f *fuser) aggregateFoot(ctx context.Context, s *source) error {
	t0 := time.Now()
	c, err := f.fz.AggregateFoot(ctx, s.engine)
	f.phase("foot scan", t0)
	if err != nil {
		return f.explain(ctx, s, err, checkFoot, nil)
	}
	if c.Bad > 0 {
		return f.explain(ctx, s, fmt.Errorf("%s: %d rows break the foot-traffic feed's rules", s.path, c.Bad), checkFoot, nil)
	}
	f.prov.Foot.Rows = c.Rows
	s.n = c.Rows
	cells, err := f.fz.Cells(ctx)
	if err != nil {
		return err
	}
	f.prov.Foot.Cells = int64(len(cells))
	t0 = time.Now()
	shares := f.split(cells)
	f.phase("cell shares", t0)
	return f.fz.AddCellShares(ctx, shares)
}

// split computes every cell's shares of the districts, on all cores.
func (f *fuser) split(cells []duckbatch.Cell) []duckbatch.CellShare {
	workers := runtime.GOMAXPROCS(0)
	parts := make([][]duckbatch.CellShare, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(cells); i += workers {
				c := cells[i]
				for _, sh := range f.index.CellShares(c.X, c.Y, float64(c.M)) {
					parts[w] = append(parts[w], duckbatch.CellShare{Cell: c, Code: sh.Code, Share: sh.Fraction, Overlay: f.overlay(sh.Code)})
				}
			}
		}()
	}
	wg.Wait()
	return slices.Concat(parts...)
}

// explain turns a failed scan into an error naming the first bad row: it
// reads a CSV feed again and checks each row (and, with unknown, its
// merchant); of a Parquet feed the engine finds the row. When no row is
// found at fault, the engine's error stands.
func (f *fuser) explain(ctx context.Context, s *source, engineErr error, check func([]string) *rowError, unknown map[string]bool) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if s.parquet {
		return f.explainParquet(ctx, s, engineErr, check, unknown != nil)
	}
	var found error
	stop := errors.New("stop")
	err := s.each(ctx, f.fz, func(pos string, vals []string) error {
		if e := check(vals); e != nil {
			found = s.rowErr(pos, e)
			return stop
		}
		if unknown[vals[0]] {
			found = s.rowErr(pos, unknownMerchant(vals[0]))
			return stop
		}
		return nil
	})
	switch {
	case found != nil:
		return found
	case err != nil && !errors.Is(err, stop):
		return err
	}
	return fmt.Errorf("%s: %w", s.path, engineErr)
}

func (f *fuser) explainParquet(ctx context.Context, s *source, engineErr error, check func([]string) *rowError, unknown bool) error {
	rule := duckbatch.BadSalesRow
	switch {
	case unknown:
		rule = duckbatch.UnknownMerchant
	case s.feed == FootFeed:
		rule = duckbatch.BadFootRow
	}
	row, vals, err := f.fz.FirstParquetRow(ctx, s.path, s.cols, rule)
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w (finding the row: %v)", s.path, engineErr, err)
	case row == 0:
		return fmt.Errorf("%s: %w", s.path, engineErr)
	}
	pos := fmt.Sprintf("row %d", row)
	if unknown {
		return s.rowErr(pos, unknownMerchant(vals[0]))
	}
	if e := check(vals); e != nil {
		return s.rowErr(pos, e)
	}
	return &seoul.Error{File: s.path, Pos: pos, Reason: "breaks the feed's rules: " + strings.Join(vals, ",")}
}

func unknownMerchant(id string) *rowError {
	return bad("merchant_id", "merchant %s is not in the merchant master", id)
}
