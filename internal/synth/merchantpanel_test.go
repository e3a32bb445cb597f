package synth

import (
	"bytes"
	"encoding/csv"
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
)

func TestMerchantPanel(t *testing.T) {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	spec := PanelSpec{Merchants: 300, Treated: 31, Weeks: 52, Cohorts: 3, Effect: 0.06, Trend: 0.08, Start: start, Seed: 7}
	mp, err := NewMerchantPanel(spec)
	if err != nil {
		t.Fatal(err)
	}
	var mb, sb, cb bytes.Buffer
	if err := mp.WriteMerchants(&mb); err != nil {
		t.Fatal(err)
	}
	rows, err := mp.WriteSales(&sb)
	if err != nil {
		t.Fatal(err)
	}
	if err := mp.WriteCohort(&cb); err != nil {
		t.Fatal(err)
	}
	read := func(b *bytes.Buffer) [][]string {
		recs, err := csv.NewReader(b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs
	}
	merchants, sales, cohort := read(&mb), read(&sb), read(&cb)
	if len(merchants) != 301 || rows != 300*52*7 || int64(len(sales)) != rows+1 || len(cohort) != 32 {
		t.Fatalf("%d merchants, %d sales rows (%d said), %d cohort rows: want 300, %d, 31", len(merchants)-1, len(sales)-1, rows, len(cohort)-1, 300*52*7)
	}
	// Business numbers valid and unique; the cohort names them.
	level := map[string]float64{} // business number → mean daily amount
	byID := map[string]string{}
	for _, m := range merchants[1:] {
		if !bizno.Valid(m[1]) {
			t.Errorf("merchant %s: business number %s has a wrong check digit", m[0], m[1])
		}
		if _, dup := level[m[1]]; dup {
			t.Errorf("business number %s given twice", m[1])
		}
		level[m[1]], byID[m[0]] = 0, m[1]
	}
	for _, s := range sales[1:] {
		a, err := strconv.ParseInt(s[5], 10, 64)
		if err != nil || a < 0 {
			t.Fatalf("sales row %v: amount not a whole number ≥ 0", s)
		}
		level[byID[s[0]]] += float64(a) / float64(52*7)
	}
	// Rounds: sizes 11, 10, 10, starting on the first of a month, in order;
	// the treated are smaller on average (targeting).
	perRound := map[string]int{}
	var treatedMean, allMean float64
	for _, c := range cohort[1:] {
		perRound[c[1]]++
		treatedMean += level[c[0]] / 31
	}
	for _, l := range level {
		allMean += l / 300
	}
	if len(mp.Truth.Cohorts) != 3 || mp.Truth.Cohorts[0].Units != 11 || mp.Truth.Cohorts[2].Units != 10 {
		t.Errorf("rounds %+v, want 3 of 11, 10 and 10", mp.Truth.Cohorts)
	}
	for i, c := range mp.Truth.Cohorts {
		d, err := time.Parse(time.DateOnly, c.Start)
		if err != nil || d.Day() != 1 || perRound[c.Start] != c.Units || i > 0 && c.Start <= mp.Truth.Cohorts[i-1].Start {
			t.Errorf("round %d %+v: want the first of a month, after the previous, with %d merchants in cohort.csv (got %d)", i, c, c.Units, perRound[c.Start])
		}
	}
	if !(treatedMean < 0.8*allMean) || math.IsNaN(treatedMean) {
		t.Errorf("treated merchants' mean daily sales %.0f, all %.0f: want the treated smaller", treatedMean, allMean)
	}
	if mp.Truth.Effect != 0.06 || mp.Truth.First != "2024-01-01" || mp.Truth.Last != "2024-12-29" {
		t.Errorf("truth %+v", mp.Truth)
	}
	// The same seed gives the same files.
	again, _ := NewMerchantPanel(spec)
	var sb2 bytes.Buffer
	again.WriteSales(&sb2)
	var sb3 bytes.Buffer
	mp.WriteSales(&sb3)
	if !bytes.Equal(sb2.Bytes(), sb3.Bytes()) {
		t.Error("the same seed wrote other sales")
	}
}

func TestMerchantPanelSpec(t *testing.T) {
	monday := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, s := range []PanelSpec{
		{Merchants: 10, Treated: 10, Weeks: 20, Cohorts: 1, Start: monday},
		{Merchants: 10, Treated: 2, Weeks: 4, Cohorts: 1, Start: monday},
		{Merchants: 10, Treated: 2, Weeks: 20, Cohorts: 3, Start: monday},
		{Merchants: 10, Treated: 2, Weeks: 20, Cohorts: 1, Effect: -1, Start: monday},
		{Merchants: 10, Treated: 2, Weeks: 20, Cohorts: 1, Start: monday.AddDate(0, 0, 1)},
	} {
		if _, err := NewMerchantPanel(s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
}
