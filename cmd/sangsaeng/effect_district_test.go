package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/effect"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// TestEffectDistrictPanel estimates on the published 추정매출 (편의점,
// 20251–20254) ingested into each engine: the 전통시장 districts (type R)
// as a program treated from 20253, the other districts as controls. Both
// engines must give the same panel and so the same estimate.
func TestEffectDistrictPanel(t *testing.T) {
	dir := os.Getenv("SANGSAENG_SEOUL_DATA")
	if dir == "" {
		t.Skip("SANGSAENG_SEOUL_DATA not set: point it at the seoul data folder (CI: ../shared/data/seoul) to estimate on the published sales")
	}
	noDefaultDB(t)
	pub := filepath.Join(dir, "published")
	salesFile := filepath.Join(pub, "sales_trdar_convenience_20251-20254.utf8bom.csv")
	f, err := os.Open(salesFile)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var cohort strings.Builder
	cohort.WriteString("district_code,first_treated\n")
	var markets int
	for _, r := range recs[1:] {
		if r[0] == "20251" && r[1] == "R" {
			cohort.WriteString(r[3] + ",20253\n")
			markets++
		}
	}
	cohortFile := writeFile(t, t.TempDir(), "cohort.csv", cohort.String())
	results := map[string]*effect.Result{}
	storetest.Each(t, func(t *testing.T, db string) {
		env := envOf("SANGSAENG_PROGRESS", "never")
		if code, _, errOut := sangsaeng(t, env, "ingest", "--db", db, filepath.Join(pub, "areas_trdar_2025-12.cp949.csv"), salesFile); code != 0 {
			t.Fatalf("ingest: exit %d: %s", code, errOut)
		}
		code, out, errOut := sangsaeng(t, env, "effect", "--db", db, "--district-cohort", cohortFile, "--industry", "CS300002", "--format", "json", "--bootstrap", "0")
		if code != 0 {
			t.Fatalf("effect: exit %d: %s", code, errOut)
		}
		var res effect.Result
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		// 712 districts published, 658 in all four quarters; 42 of the 48
		// 전통시장 among them.
		if markets != 48 || res.Treated != 42 || res.Controls != 616 || res.Periods != 4 || res.PostPeriods != 2 {
			t.Errorf("markets %d, treated %d, controls %d, periods %d, post %d: want 48, 42, 616, 4, 2", markets, res.Treated, res.Controls, res.Periods, res.PostPeriods)
		}
		if len(res.ByGroup) != 1 || res.ByGroup[0].Group != "20253" {
			t.Errorf("cohorts %+v, want one, 20253", res.ByGroup)
		}
		if !hasNote(&res, "54 district(s) without published sales in every quarter") || !hasNote(&res, "658 districts × 4 quarters") {
			t.Errorf("notes %q: want the panel's size and the districts left out", res.Notes)
		}
		results[filepath.Base(t.Name())] = &res
		if d, ok := results["duckdb"]; ok && filepath.Base(t.Name()) == "postgres" {
			if d.ATT != res.ATT || d.SE != res.SE {
				t.Errorf("PostgreSQL: att %v se %v; DuckDB: att %v se %v; want the same", res.ATT, res.SE, d.ATT, d.SE)
			}
		}
	})
}
