package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
	"github.com/sangsaeng/sangsaeng/internal/effect"
	"github.com/sangsaeng/sangsaeng/internal/fusion"
)

// readFeedInput builds a merchant panel from the card-sales feed and the
// merchant master (docs/fusion.md's contract) and links the cohort file to
// it: by business_no when every unit of the cohort looks like a
// 사업자등록번호 and the master has the column, else by merchant_id. The
// panel's merchant-level values go to the estimators only.
func readFeedInput(ctx context.Context, o effectOptions) (*effectInput, error) {
	mp, err := fusion.BuildPanel(ctx, fusion.PanelOptions{Merchants: o.merchants, Sales: o.sales, Areas: o.areas,
		Period: o.period, Outcome: o.outcome, MemoryLimit: o.memory})
	if err != nil {
		return nil, err
	}
	kind := periodMonth
	if o.period == "week" {
		kind = periodWeek
	}
	in := &effectInput{kind: kind}
	periods := make([]int, len(mp.Starts))
	for t, s := range mp.Starts {
		periods[t] = dateLabel(s, kind)
	}
	cf, err := os.Open(o.cohort)
	if err != nil {
		return nil, err
	}
	defer cf.Close()
	given, err := readCohort(o.cohort, cf, kind, periods[0])
	if err != nil {
		return nil, err
	}
	byBizNo := mp.HasBusinessNo && len(given) > 0
	for u := range given {
		if !bizno.LooksLike(u) {
			byBizNo = false
		}
	}
	key := func(m int) string { return mp.Merchants[m].ID }
	if byBizNo {
		// The master holds business numbers without hyphens.
		plain := make(map[string]int, len(given))
		for u, f := range given {
			plain[strings.ReplaceAll(u, "-", "")] = f
		}
		given = plain
		key = func(m int) string { return mp.Merchants[m].BusinessNo }
		in.notes = append(in.notes, fmt.Sprintf("%s linked to the merchants by business_no (사업자등록번호)", o.cohort))
	} else {
		why := "its units are not all 10-digit business numbers"
		if !mp.HasBusinessNo {
			why = "the merchant master has no business_no column"
		}
		in.notes = append(in.notes, fmt.Sprintf("%s linked to the merchants by merchant_id (%s)", o.cohort, why))
	}
	n := len(mp.Merchants)
	first := make([]int, n)
	matched := map[string]int{}
	for m := range n {
		k := key(m)
		if f, ok := given[k]; ok && k != "" {
			first[m] = f
			matched[k]++
		}
	}
	if len(matched) == 0 {
		return nil, fmt.Errorf("%s: no unit matches a merchant of %s: %s", o.cohort, o.merchants, in.notes[len(in.notes)-1])
	}
	if absent := len(given) - len(matched); absent > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d unit(s) of %s match no merchant of %s and were left out", absent, o.cohort, o.merchants))
	}
	var shared int
	for _, c := range matched {
		if c > 1 {
			shared++
		}
	}
	if shared > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d business number(s) of %s have several merchants (stores); each store is a unit", shared, o.cohort))
	}
	keep := make([]bool, n)
	industries, districts := map[string]bool{}, map[string]bool{}
	for m := range n {
		if first[m] != effect.Never {
			industries[mp.Merchants[m].Industry] = true
			if d := mp.Merchants[m].District; d != "" {
				districts[d] = true
			}
		}
	}
	var otherIndustry, ownDistrict int
	for m := range n {
		keep[m] = true
		if first[m] != effect.Never {
			continue
		}
		switch {
		case o.sameIndustry && !industries[mp.Merchants[m].Industry]:
			keep[m] = false
			otherIndustry++
		case o.excludeOwn && districts[mp.Merchants[m].District]:
			keep[m] = false
			ownDistrict++
		}
	}
	if o.sameIndustry {
		in.notes = append(in.notes, fmt.Sprintf("controls of the treated units' industries only (%s): %d merchant(s) of other industries left out",
			strings.Join(slices.Sorted(maps.Keys(industries)), ", "), otherIndustry))
	}
	if o.excludeOwn {
		in.notes = append(in.notes, fmt.Sprintf("controls in a treated unit's 상권 left out (%d district(s), %d merchant(s)) against spill-overs", len(districts), ownDistrict))
	}
	T := len(periods)
	p := effect.Panel{Periods: periods}
	for m := range n {
		if keep[m] {
			p.First = append(p.First, first[m])
			p.Y = append(p.Y, mp.Y[m*T:(m+1)*T]...)
		}
	}
	in.panel = p
	in.notes = append(in.notes, fmt.Sprintf("panel built from %s (%d sales rows) and %s: %d merchants × %d %s, no sales counted as 0",
		o.sales, mp.Rows, o.merchants, len(p.First), T, kind.unitWord(T)))
	return in, nil
}
