package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/synth"
)

// runSynthPanel runs sangsaeng synth panel: a merchant master, a card-sales
// feed, a cohort and the injected effect, for sangsaeng effect --sales.
func runSynthPanel(env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "synth panel", "", &cfg)
	out := fs.String("out", "", "folder to write merchants.csv, sales.csv, cohort.csv and truth.json to; created (required)")
	merchants := fs.Int("merchants", 2000, "merchants")
	treated := fs.Int("treated", 50, "merchants in the program")
	weeks := fs.Int("weeks", 104, "weeks of sales from --start")
	eff := fs.Float64("effect", 0.06, "multiplicative effect on the treated merchants' sales (0.06: +6%)")
	cohorts := fs.Int("cohorts", 3, "staggered rounds of the program")
	trend := fs.Float64("trend", 0.08, "the market's yearly sales growth (0.08: +8%); the treated, chosen among the smaller merchants, grow less in won")
	start := fs.String("start", "2024-01-01", "first day of sales, a Monday")
	areas := fs.String("areas", "", "영역-상권 Shapefile: place the merchants inside its districts (default: plain coordinates in central Seoul)")
	seed := fs.Uint64("seed", 1, "seed: the same seed and flags give the same files")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "sangsaeng synth panel: give --out DIR and no other arguments")
		fs.Usage()
		return errUsage
	}
	first, err := time.Parse(time.DateOnly, *start)
	if err != nil {
		return fmt.Errorf("--start %q: want YYYY-MM-DD", *start)
	}
	spec := synth.PanelSpec{Merchants: *merchants, Treated: *treated, Weeks: *weeks, Cohorts: *cohorts,
		Effect: *eff, Trend: *trend, Start: first, Seed: *seed}
	if *areas != "" {
		polys, err := seoul.ReadPolygons(*areas, nil)
		if err != nil {
			return err
		}
		m := make(map[string]orb.MultiPolygon, len(polys))
		for _, p := range polys {
			m[p.Code] = p.Geom
		}
		spec.Districts = fusion.NewDistricts(m)
	}
	mp, err := synth.NewMerchantPanel(spec)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	write := func(name string, fn func(f *os.File) error) error {
		f, err := os.Create(filepath.Join(*out, name))
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", name, err)
		}
		return f.Close()
	}
	var rows int64
	steps := []struct {
		name string
		fn   func(*os.File) error
	}{
		{"merchants.csv", func(f *os.File) error { return mp.WriteMerchants(f) }},
		{"sales.csv", func(f *os.File) (err error) { rows, err = mp.WriteSales(f); return err }},
		{"cohort.csv", func(f *os.File) error { return mp.WriteCohort(f) }},
		{"truth.json", func(f *os.File) error {
			enc := json.NewEncoder(f)
			enc.SetIndent("", "  ")
			return enc.Encode(mp.Truth)
		}},
	}
	for _, s := range steps {
		if err := write(s.name, s.fn); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %d merchants (%d treated in %d rounds), %d sales rows over %d weeks, effect %+.1f%%\n",
		*out, *merchants, *treated, *cohorts, rows, *weeks, 100**eff)
	return nil
}
