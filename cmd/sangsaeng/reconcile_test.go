package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// TestReconcile ingests the fixture's sales file and a copy of it changed in
// three ways — one amount raised by 1,000 won, one row left out, one row
// added under another industry — and checks the report's numbers.
func TestReconcile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		noDefaultDB(t)
		dir := t.TempDir()
		copyFixture(t, dir, "area_trdar_all.csv", "sales_trdar_convenience.csv")
		published := filepath.Join(dir, "sales_trdar_convenience.csv")
		header, rows := readCSV(t, published)
		col := func(name string) int {
			i := slices.Index(header, name)
			if i < 0 {
				t.Fatalf("the fixture has no column %s", name)
			}
			return i
		}
		quarter, code, industry, amount := col("기준_년분기_코드"), col("상권_코드"), col("서비스_업종_코드"), col("당월_매출_금액")
		key := func(r []string) string { return r[quarter] + "/" + r[code] + "/" + r[industry] }

		changed := slices.Clone(rows)
		changed[0] = slices.Clone(rows[0])
		a0, err := strconv.ParseInt(rows[0][amount], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		changed[0][amount] = strconv.FormatInt(a0+1000, 10)
		dropped := changed[1]
		changed = slices.Delete(changed, 1, 2)
		added := slices.Clone(rows[2])
		added[industry] = "CS300001"
		changed = append(changed, added)
		fused := filepath.Join(dir, "sales_fused.csv")
		writeCSV(t, fused, header, changed)

		getenv := envOf("SANGSAENG_DB", db, "SANGSAENG_PROGRESS", "never")
		// Two runs: within one, ingest orders files by path. The fused copy
		// leaves a district out, so it replaces the published slices only with
		// --replace.
		for _, files := range [][]string{{filepath.Join(dir, "area_trdar_all.csv"), published}, {"--replace", fused}} {
			if c, _, stderr := sangsaeng(t, getenv, append([]string{"ingest"}, files...)...); c != 0 {
				t.Fatalf("ingest: exit code %d; stderr:\n%s", c, stderr)
			}
		}
		c, stdout, stderr := sangsaeng(t, getenv, "datasets", "--releases")
		if c != 0 || !strings.Contains(stdout, "RELEASE") || !regexpLine(stdout, `^2\s+sales\s+sales_trdar_convenience.csv\s`) || !regexpLine(stdout, `^3\s+sales\s+sales_fused.csv\s`) {
			t.Fatalf("datasets --releases: exit %d, want releases 2 and 3 of sales:\n%s%s", c, stdout, stderr)
		}

		t.Run("json", func(t *testing.T) {
			c, stdout, stderr := sangsaeng(t, getenv, "reconcile", "2", "3", "--format", "json", "--measure", "amount,당월_매출_건수", "--top", "2")
			if c != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", c, stderr)
			}
			var got struct {
				Dataset  string
				Key      []string
				Measures []struct{ Name string }
				Rows     []struct {
					Key    []string
					In     string
					Values map[string]struct{ A, B, Diff, Ratio *float64 }
				}
				Summary struct {
					Keys, Both, Exact int
					OnlyA             int        `json:"only_a"`
					OnlyB             int        `json:"only_b"`
					OnlyAKeys         [][]string `json:"only_a_keys"`
					OnlyBKeys         [][]string `json:"only_b_keys"`
					Measures          []struct {
						Measure         string
						Compared, Exact int
						SumA            float64  `json:"sum_a"`
						SumB            float64  `json:"sum_b"`
						Median          *float64 `json:"ratio_median"`
						Largest         []struct {
							Key        []string
							A, B, Diff float64
							Ratio      *float64
						}
					}
				}
			}
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, stdout)
			}
			n := len(rows)
			s := got.Summary
			if got.Dataset != "sales" || !slices.Equal(got.Key, []string{"quarter", "code", "industry_code"}) || len(got.Measures) != 2 || got.Measures[1].Name != "count" {
				t.Errorf("dataset %s, key %v, measures %v; want sales by quarter, code, industry_code over amount and count", got.Dataset, got.Key, got.Measures)
			}
			if s.Keys != n+1 || s.Both != n-1 || s.OnlyA != 1 || s.OnlyB != 1 || s.Exact != n-2 || len(got.Rows) != n+1 {
				t.Errorf("keys %d, both %d, only A %d, only B %d, exact %d, rows %d; want %d, %d, 1, 1, %d, %d",
					s.Keys, s.Both, s.OnlyA, s.OnlyB, s.Exact, len(got.Rows), n+1, n-1, n-2, n+1)
			}
			if len(s.OnlyAKeys) != 1 || strings.Join(s.OnlyAKeys[0], "/") != key(dropped) || len(s.OnlyBKeys) != 1 || strings.Join(s.OnlyBKeys[0], "/") != key(added) {
				t.Errorf("only in A %v, only in B %v; want %s and %s", s.OnlyAKeys, s.OnlyBKeys, key(dropped), key(added))
			}
			am, cnt := s.Measures[0], s.Measures[1]
			if am.Measure != "amount" || am.Compared != n-1 || am.Exact != n-2 || am.SumB-am.SumA != 1000 || am.Median == nil || *am.Median != 1 {
				t.Errorf("amount: %+v; want %d compared, %d equal, Σ B − Σ A = 1000, median ratio 1", am, n-1, n-2)
			}
			if len(am.Largest) != 1 {
				t.Fatalf("amount largest %+v, want the one changed key", am.Largest)
			}
			l := am.Largest[0]
			if strings.Join(l.Key, "/") != key(rows[0]) || l.A != float64(a0) || l.B != float64(a0+1000) || l.Diff != 1000 || l.Ratio == nil || *l.Ratio != float64(a0+1000)/float64(a0) {
				t.Errorf("amount largest %+v, want %s from %d to %d, ratio %v", l, key(rows[0]), a0, a0+1000, float64(a0+1000)/float64(a0))
			}
			if cnt.Exact != n-1 || len(cnt.Largest) != 0 {
				t.Errorf("count: %+v, want every one of %d keys equal", cnt, n-1)
			}
			for _, r := range got.Rows {
				switch strings.Join(r.Key, "/") {
				case key(dropped):
					if v := r.Values["amount"]; r.In != "a" || v.A == nil || v.B != nil || v.Diff != nil {
						t.Errorf("dropped key: %+v, want in a with only A's value", r)
					}
				case key(added):
					if v := r.Values["amount"]; r.In != "b" || v.B == nil || v.A != nil || v.Ratio != nil {
						t.Errorf("added key: %+v, want in b with only B's value", r)
					}
				}
			}
		})

		t.Run("csv", func(t *testing.T) {
			c, stdout, stderr := sangsaeng(t, getenv, "reconcile", "--format", "csv", "--measure", "amount", "2", "3")
			if c != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", c, stderr)
			}
			recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"quarter", "code", "industry_code", "in", "measure", "a", "b", "diff", "ratio"}; !slices.Equal(recs[0], want) {
				t.Errorf("header %v, want %v", recs[0], want)
			}
			if len(recs) != len(rows)+2 {
				t.Errorf("%d lines, want a header and one per key (%d)", len(recs), len(rows)+1)
			}
			want := []string{rows[0][quarter], rows[0][code], rows[0][industry], "both", "amount", rows[0][amount],
				strconv.FormatInt(a0+1000, 10), "1000", strconv.FormatFloat(float64(a0+1000)/float64(a0), 'g', -1, 64)}
			if !slices.ContainsFunc(recs, func(r []string) bool { return slices.Equal(r, want) }) {
				t.Errorf("no line %v in\n%s", want, stdout)
			}
		})

		t.Run("text", func(t *testing.T) {
			c, stdout, stderr := sangsaeng(t, getenv, "reconcile", "2", "3", "--measure", "amount,count")
			if c != 0 {
				t.Fatalf("exit code %d; stderr:\n%s", c, stderr)
			}
			n := len(rows)
			for _, want := range []string{
				"reconcile sales: release 2 (sales_trdar_convenience.csv) → release 3 (sales_fused.csv)",
				"keys (quarter, code, industry_code): " + groupDigits(int64(n+1)) + " in either, " + groupDigits(int64(n-1)) + " in both, 1 only in A, 1 only in B; " + groupDigits(int64(n-2)) + " in both with every measure equal",
				"only in A: " + key(dropped),
				"only in B: " + key(added),
				"amount (당월_매출_금액)",
				"B−A +1,000",
			} {
				if !strings.Contains(stdout, want) {
					t.Errorf("text report lacks %q:\n%s", want, stdout)
				}
			}
		})

		t.Run("by file name", func(t *testing.T) {
			// The README's example names releases by file: that does not depend
			// on the order of ingest.
			for _, args := range [][]string{
				{"sales_trdar_convenience.csv", "sales_fused.csv"},
				{"convenience", fused},
			} {
				c, stdout, stderr := sangsaeng(t, getenv, append([]string{"reconcile", "--measure", "amount"}, args...)...)
				want := "reconcile sales: release 2 (sales_trdar_convenience.csv) → release 3 (sales_fused.csv)"
				if c != 0 || !strings.Contains(stdout, want) {
					t.Errorf("reconcile %v: exit %d, stdout:\n%s%s\nwant %q", args, c, stdout, stderr, want)
				}
			}
		})

		t.Run("refusals", func(t *testing.T) {
			tests := []struct {
				args   []string
				code   int
				stderr string
			}{
				{[]string{"1", "2"}, 1, "release 1 is areas and release 2 is sales: reconcile compares two releases of the same dataset"},
				{[]string{"2", "99"}, 1, "release 99 does not exist"},
				{[]string{"2", "three"}, 1, `no release was ingested from a file named like "three"`},
				{[]string{"2", "sales"}, 1, `"sales" names 2 releases: 2 sales_trdar_convenience.csv (sales, `},
				{[]string{"2", "0"}, 1, `release "0": a release is a number such as 3 or a file name`},
				{[]string{"2"}, 2, "name two releases"},
				{[]string{"2", "3", "--measure", "stores"}, 1, `sales has no measure "stores"`},
				{[]string{"2", "3", "--format", "xml"}, 1, `--format "xml": want text, csv or json`},
			}
			for _, tt := range tests {
				c, _, stderr := sangsaeng(t, getenv, append([]string{"reconcile"}, tt.args...)...)
				if c != tt.code || !strings.Contains(stderr, tt.stderr) {
					t.Errorf("reconcile %v: exit %d, stderr %q; want %d and %q", tt.args, c, stderr, tt.code, tt.stderr)
				}
			}
		})
	})
}

// regexpLine reports whether a line of out matches the pattern.
func regexpLine(out, pattern string) bool {
	return regexp.MustCompile("(?m)" + pattern).MatchString(out)
}

func writeCSV(t *testing.T, path string, header []string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
