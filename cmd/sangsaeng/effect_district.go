package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/effect"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// quarterLabel numbers the quarter yyyyq as y·4 + q − 1.
func quarterLabel(yyyyq string) (int, error) {
	if !seoul.ValidQuarter(yyyyq) {
		return 0, fmt.Errorf("%q: want a quarter yyyyq, q 1–4 (e.g. 20251)", yyyyq)
	}
	y, _ := strconv.Atoi(yyyyq[:4])
	q := int(yyyyq[4] - '0')
	return y*4 + q - 1, nil
}

// readDistrictInput builds a district panel from the published 추정매출 in
// the store (quarter × district, over every industry or --industry) and
// reads the district cohort (district_code, first_treated yyyyq). A
// district without a published row in some quarter of the range is left
// out: the published file does not estimate it, which is not 0 sales.
func readDistrictInput(ctx context.Context, dbSource string, o effectOptions) (*effectInput, error) {
	if !strings.Contains(dbSource, "://") {
		if _, err := os.Stat(dbSource); err != nil {
			return nil, fmt.Errorf("--db %s: %w (ingest the published 추정매출-상권 into it first)", dbSource, err)
		}
	}
	db, err := store.Open(ctx, dbSource)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.DistrictSalesPanel(ctx, o.industry)
	if err != nil {
		return nil, err
	}
	what := "all industries"
	if o.industry != "" {
		what = "industry " + o.industry
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("the database holds no published 추정매출-상권 rows of %s: ingest a sales_trdar file first", what)
	}
	in := &effectInput{kind: periodQuarter}
	lo, hi := 1<<31-1, -1<<31
	type cell struct {
		t int
		v float64
	}
	byCode := map[string][]cell{}
	var codes []string
	for _, r := range rows {
		l, err := quarterLabel(r.Quarter)
		if err != nil {
			return nil, fmt.Errorf("published sales of district %s: %w", r.Code, err)
		}
		lo, hi = min(lo, l), max(hi, l)
		v := float64(r.Amount)
		if o.outcome == "count" {
			v = float64(r.Count)
		}
		if _, ok := byCode[r.Code]; !ok {
			codes = append(codes, r.Code)
		}
		byCode[r.Code] = append(byCode[r.Code], cell{l, v})
	}
	T := hi - lo + 1
	p := effect.Panel{}
	for l := lo; l <= hi; l++ {
		p.Periods = append(p.Periods, l)
	}
	cf, err := os.Open(o.districtCohort)
	if err != nil {
		return nil, err
	}
	defer cf.Close()
	given, err := readDistrictCohort(o.districtCohort, cf)
	if err != nil {
		return nil, err
	}
	var gaps, absent int
	used := map[string]bool{}
	for _, c := range codes {
		cs := byCode[c]
		if len(cs) != T {
			gaps++
			continue
		}
		y := make([]float64, T)
		for _, x := range cs {
			y[x.t-lo] = x.v
		}
		p.Y = append(p.Y, y...)
		p.First = append(p.First, given[c])
		used[c] = true
	}
	for c := range given {
		if !used[c] {
			absent++
		}
	}
	in.notes = append(in.notes, fmt.Sprintf("district panel from the published 추정매출-상권 in the store (%s): %d districts × %d quarters", what, len(p.First), T))
	if gaps > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d district(s) without published sales in every quarter from %s to %s were left out", gaps, periodQuarter.format(lo), periodQuarter.format(hi)))
	}
	if absent > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d district(s) of %s are not in the panel and were left out", absent, o.districtCohort))
	}
	in.panel = p
	return in, nil
}

// readDistrictCohort reads COHORT (district_code, first_treated yyyyq; empty
// or 0: never treated) into period labels by district code.
func readDistrictCohort(name string, r io.Reader) (map[string]int, error) {
	return readFirstTreated(name, r, "district_code|unit", "district_code", "district", quarterLabel)
}
