package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
)

func runFuse(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "fuse", "", &cfg, "memory")
	var opt fusion.Options
	var quarters string
	fs.StringVar(&opt.Merchants, "merchants", "", "merchant master feed, CSV or Parquet (docs/fusion.md)")
	fs.StringVar(&opt.Sales, "sales", "", "card-sales feed, CSV or Parquet")
	fs.StringVar(&opt.Foot, "foot", "", "foot-traffic feed on the EPSG:5179 grid, CSV or Parquet")
	fs.StringVar(&opt.Areas, "areas", "", "영역-상권 Shapefile (.shp, EPSG:5181) of the districts")
	fs.StringVar(&opt.Out, "out", "", "folder to write the published-schema files, provenance.json and suppressed.csv into (replaced whole on success)")
	fs.IntVar(&opt.K, "k", 3, "suppress sales slices made from fewer than k merchants")
	fs.IntVar(&opt.FootRound, "foot-round", 1, "round foot-traffic figures to multiples of this many persons")
	fs.StringVar(&quarters, "quarters", "", "quarters to compute, e.g. 20241,20242 or 20241-20244; default: those of the feeds' dates")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "sangsaeng fuse: unexpected argument %q; the feeds are given with flags\n", fs.Arg(0))
		fs.Usage()
		return errUsage
	}
	var err error
	if opt.Quarters, err = parseQuarters(quarters); err != nil {
		fmt.Fprintln(env.Stderr, "sangsaeng fuse:", err)
		return errUsage
	}
	opt.MemoryLimit = cfg.Memory
	opt.Version = versionString()
	if env.Getenv("SANGSAENG_FUSE_TRACE") != "" {
		opt.Trace = env.Stderr
	}
	p, err := fusion.Run(ctx, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "fused %s into %s (fusion rules v%d, k=%d)\n", quarterList(p.Parameters.Quarters), opt.Out, p.FusionVersion, p.Parameters.K)
	if opt.Merchants != "" {
		fmt.Fprintf(env.Stdout, "merchants: %d, %d placed, %d in no district, %d also in a 관광특구\n",
			p.Merchants.Rows, p.Merchants.Placed, p.Merchants.Outside, p.Merchants.InOverlay)
		fmt.Fprintf(env.Stdout, "stores: %d slices written\n", p.Stores.Written)
	}
	if opt.Sales != "" {
		fmt.Fprintf(env.Stdout, "sales: %d rows, %d slices written, %d suppressed (suppressed.csv); %d rows (%d KRW) of merchants in no district\n",
			p.Sales.Rows, p.Sales.Written, p.Sales.Suppressed, p.Sales.Outside.Rows, p.Sales.Outside.Amount)
	}
	if opt.Foot != "" {
		fmt.Fprintf(env.Stdout, "foot traffic: %d rows over %d cells, %d slices written; %.0f persons on cell parts in no district\n",
			p.Foot.Rows, p.Foot.Cells, p.Foot.Written, p.Foot.PersonsOutside)
	}
	return nil
}

// parseQuarters reads "20241,20242" or "20241-20244" (or a mix).
func parseQuarters(s string) ([]int, error) {
	var out []int
	if s == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, fmt.Errorf("quarter %q: want yyyyq", lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, fmt.Errorf("quarter range %q: want yyyyq-yyyyq, ascending", part)
			}
		}
		for q := a; q <= b; q = nextQuarter(q) {
			if q%10 < 1 || q%10 > 4 {
				return nil, fmt.Errorf("quarter %d: want yyyyq, q 1–4", q)
			}
			out = append(out, q)
		}
	}
	return out, nil
}

func nextQuarter(q int) int {
	if q%10 >= 4 {
		return (q/10+1)*10 + 1
	}
	return q + 1
}

func quarterList(qs []int) string {
	switch len(qs) {
	case 0:
		return "no quarter"
	case 1:
		return "quarter " + strconv.Itoa(qs[0])
	}
	return fmt.Sprintf("%d quarters %d–%d", len(qs), qs[0], qs[len(qs)-1])
}
