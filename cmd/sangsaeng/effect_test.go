package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/effect"
)

// writeFile writes content into dir/name and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// simulatedFiles writes a simulated program on monthly sales from 2024-01
// as PANEL and COHORT files, with the period written by label.
func simulatedFiles(t *testing.T, spec effect.SimSpec, label func(int) string) (panel, cohort string) {
	t.Helper()
	p, err := effect.Simulate(spec)
	if err != nil {
		t.Fatal(err)
	}
	var pb, cb strings.Builder
	pb.WriteString("unit,period,value\n")
	cb.WriteString("unit,first_treated\n")
	T := len(p.Periods)
	for i, f := range p.First {
		for t, per := range p.Periods {
			fmt.Fprintf(&pb, "m%04d,%s,%.0f\n", i, label(per), p.Y[i*T+t])
		}
		if f != effect.Never {
			fmt.Fprintf(&cb, "m%04d,%s\n", i, label(f))
		} else if i%2 == 0 {
			fmt.Fprintf(&cb, "m%04d,\n", i) // half the controls listed, empty
		}
	}
	dir := t.TempDir()
	return writeFile(t, dir, "panel.csv", pb.String()), writeFile(t, dir, "cohort.csv", cb.String())
}

func month(l int) string { return fmt.Sprintf("2024-%02d", l) }

func programSpec() effect.SimSpec {
	return effect.SimSpec{
		Units: 200, Periods: 12,
		Cohorts: []effect.Cohort{{Start: 5, Units: 24}, {Start: 7, Units: 24}},
		Effect:  2_000_000, Level: 20_000_000, UnitSD: 0.2, Selection: 4_000_000,
		Trend: 100_000, Season: 1_000_000, NoiseSD: 800_000, AR: 0.4, Seed: 11,
	}
}

func TestEffectMonthlyProgram(t *testing.T) {
	panel, cohort := simulatedFiles(t, programSpec(), month)
	code, out, errOut := sangsaeng(t, os.Getenv, "effect", "--panel", panel, "--cohort", cohort, "--format", "json", "--bootstrap", "199")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res effect.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if res.CI[0] > 2_000_000 || res.CI[1] < 2_000_000 || res.Treated != 48 || res.Controls != 152 || res.Periods != 12 {
		t.Errorf("att %.0f ci %v, treated %d, controls %d, periods %d: want the interval to cover 2,000,000 and 48/152/12",
			res.ATT, res.CI, res.Treated, res.Controls, res.Periods)
	}
	if len(res.ByGroup) != 2 || res.ByGroup[0].Group != "2024-05" || res.ByGroup[1].Group != "2024-07" {
		t.Errorf("cohorts %+v, want 2024-05 and 2024-07", res.ByGroup)
	}
	if res.Band != "uniform" || len(res.ByEventTime) != 11+2 || res.PreTrend.P == nil {
		t.Errorf("band %q, %d event times, pre-trend %+v: want uniform, 13, a p-value", res.Band, len(res.ByEventTime), res.PreTrend)
	}
	if !strings.Contains(strings.Join(res.Notes, "\n"), "76 unit(s) of the panel are not in") {
		t.Errorf("notes %q: want the 76 unlisted controls counted", res.Notes)
	}
	for _, key := range []string{`"method"`, `"control"`, `"att"`, `"se"`, `"ci"`, `"by_event_time"`, `"by_group"`, `"pre_trend"`, `"treated"`, `"controls"`, `"periods"`} {
		if !strings.Contains(out, key) {
			t.Errorf("json lacks %s", key)
		}
	}

	for _, format := range []string{"text", "markdown"} {
		code, out, errOut = sangsaeng(t, os.Getenv, "effect", "--panel", panel, "--cohort", cohort, "--outcome", "sales", "--format", format, "--bootstrap", "0")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		pct := 100 * res.ATT / res.Counterfactual
		for _, want := range []string{
			fmt.Sprintf("Sales of the 48 treated units averaged %.1f%% higher than comparable units' in the 8 months after treatment began", pct),
			"95% interval",
			"Pre-trend check",
			"2024-07",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%s output lacks %q:\n%s", format, want, out)
			}
		}
		if format == "markdown" && !strings.Contains(out, "|---|") {
			t.Errorf("markdown has no table:\n%s", out)
		}
	}
}

// --match keeps the nearest controls and prints the balance table.
func TestEffectMatched(t *testing.T) {
	spec := programSpec()
	spec.Units, spec.Selection = 400, 8_000_000
	panel, cohort := simulatedFiles(t, spec, month)
	code, out, errOut := sangsaeng(t, os.Getenv, "effect", "--panel", panel, "--cohort", cohort, "--match", "2", "--format", "json", "--bootstrap", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res effect.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if res.Controls != 96 || len(res.Balance) != 2 || math.Abs(res.Balance[0].SMDAfter) >= math.Abs(res.Balance[0].SMDBefore) {
		t.Errorf("controls %d, balance %+v: want 96 matched controls and a smaller level difference", res.Controls, res.Balance)
	}
	code, out, _ = sangsaeng(t, os.Getenv, "effect", "--panel", panel, "--cohort", cohort, "--match", "2", "--bootstrap", "0")
	if code != 0 || !strings.Contains(out, "Balance of the matching") || !strings.Contains(out, "matched: 96 of 352 never-treated units kept") {
		t.Errorf("text (exit %d) lacks the balance table or the note:\n%s", code, out)
	}
}

// The same panel by ISO week gives the same estimate as by integer period,
// and did and sdid run on one cohort.
func TestEffectWeeksAndMethods(t *testing.T) {
	spec := programSpec()
	spec.Cohorts = []effect.Cohort{{Start: 6, Units: 30}}
	week := func(l int) string { return fmt.Sprintf("2020-W%02d", 48+l) } // crosses into 2021? no: 2020 has 53 weeks
	weekTo := func(l int) string {
		w := 48 + l
		if w > 53 {
			return fmt.Sprintf("2021-W%02d", w-53)
		}
		return week(l)
	}
	pw, cw := simulatedFiles(t, spec, weekTo)
	pi, ci := simulatedFiles(t, spec, func(l int) string { return fmt.Sprint(l) })
	var atts []float64
	for _, m := range []string{"cs", "did", "sdid"} {
		for _, files := range [][2]string{{pw, cw}, {pi, ci}} {
			code, out, errOut := sangsaeng(t, os.Getenv, "effect", "--panel", files[0], "--cohort", files[1], "--outcome", "amount", "--method", m, "--format", "json", "--bootstrap", "20")
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", m, code, errOut)
			}
			var res effect.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if res.Method != m || res.PostPeriods != 7 {
				t.Errorf("%s: method %q, %d post periods, want 7", m, res.Method, res.PostPeriods)
			}
			atts = append(atts, res.ATT)
		}
		if n := len(atts); atts[n-1] != atts[n-2] {
			t.Errorf("%s: weeks give %v, integers %v", m, atts[n-2], atts[n-1])
		}
	}
	code, out, _ := sangsaeng(t, os.Getenv, "effect", "--panel", pw, "--cohort", cw, "--outcome", "amount", "--method", "sdid", "--bootstrap", "20")
	if code != 0 || !strings.Contains(out, "in the 7 weeks after") || !strings.Contains(out, "2021-W01") || !strings.Contains(out, "Before treatment, by week") {
		t.Errorf("sdid text by weeks (exit %d):\n%s", code, out)
	}
}

func TestEffectMpdta(t *testing.T) {
	panel, cohort := mpdtaFiles(t)
	code, out, errOut := sangsaeng(t, os.Getenv, "effect", "--panel", panel, "--cohort", cohort,
		"--outcome", "lemp", "--format", "json", "--control", "notyet", "--bootstrap", "0")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res effect.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if d := res.ATT - -0.039764; d > 1e-6 || d < -1e-6 || res.Control != "notyet" {
		t.Errorf("simple (not yet treated) = %.6f (%s), want -0.039764", res.ATT, res.Control)
	}
}

func TestEffectBadInput(t *testing.T) {
	dir := t.TempDir()
	good := "unit,period,value\na,2024-01,1\na,2024-02,2\nb,2024-01,3\nb,2024-02,4\n"
	coh := writeFile(t, dir, "cohort.csv", "unit,first_treated\na,2024-02\n")
	for _, c := range []struct {
		name, panel, cohort string
		args                []string
		code                int
		want                string
	}{
		{"mixed forms", "unit,period,value\na,2024-01,1\na,202402,2\n", "", nil, 1, `panel.csv: line 3: column "period": "202402" mixes period forms with line 2's 2024-01`},
		{"bad value", "unit,period,value\na,2024-01,1\na,2024-02,x\n", "", nil, 1, `panel.csv: line 3: column "value": "x" is not a number`},
		{"bad month", "unit,period,value\na,2024-13,1\n", "", nil, 1, `panel.csv: line 2: column "period": "2024-13": month 13`},
		{"bad week", "unit,period,value\na,2021-W53,1\n", "", nil, 1, `"2021-W53": 2021 has no ISO week 53`},
		{"no outcome column", strings.Replace(good, "value", "v", 1), "", []string{"--outcome", "amount"}, 1, `panel.csv: line 1: no column "amount"`},
		{"short row", "unit,period,value\na,2024-01\n", "", nil, 1, `panel.csv: line 2: column "value" missing`},
		{"duplicate", good + "a,2024-01,5\n", "", nil, 1, `panel.csv: line 6: unit "a", period 2024-01 already given on line 2`},
		{"unbalanced", "unit,period,value\na,2024-01,1\na,2024-02,2\nb,2024-01,3\n", "", nil, 1, "not balanced: 1 unit-period(s) missing, e.g. b 2024-02"},
		{"gap", "unit,period,value\na,2024-01,1\na,2024-03,2\n", "", nil, 1, "periods must be consecutive: no unit has 2024-02"},
		{"cohort form", good, "unit,first_treated\na,2\n", nil, 1, `cohort2.csv: line 2: column "first_treated": "2" is not in the panel's period form`},
		{"cohort duplicate", good, "unit,first_treated\na,2024-02\na,\n", nil, 1, `cohort2.csv: line 3: unit "a" already given on line 2`},
		{"privacy", good, "", nil, 1, "too few units: cohort 2024-02 has 1 unit(s); at least 5"},
		{"bad method", good, "", []string{"--method", "ols"}, 1, `--method "ols"`},
		{"notyet with sdid", good, "", []string{"--method", "sdid", "--control", "notyet"}, 1, "--control notyet applies to --method cs"},
		{"no files", "", "", []string{}, 2, "give --panel PANEL or --sales FEED --merchants MASTER, with --cohort COHORT"},
		{"sales without merchants", "", "", []string{"--sales", "s.csv", "--cohort", "c.csv"}, 2, "give --panel PANEL or --sales FEED --merchants MASTER"},
		{"panel and sales", good, "", []string{"--sales", "s.csv", "--merchants", "m.csv"}, 2, "give --panel PANEL or --sales FEED --merchants MASTER"},
		{"district cohort and panel", good, "", []string{"--district-cohort", "d.csv"}, 2, "--district-cohort takes its panel from --db"},
		{"industry without district cohort", good, "", []string{"--industry", "CS300002"}, 1, "--industry applies to --district-cohort"},
		{"same industry on a panel", good, "", []string{"--same-industry"}, 1, "apply to panels built with --sales"},
		{"match with notyet", good, "", []string{"--match", "1", "--control", "notyet"}, 1, "--match keeps never-treated units only"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"effect"}
			if c.panel != "" {
				cf := coh
				if c.cohort != "" {
					cf = writeFile(t, dir, "cohort2.csv", c.cohort)
				}
				args = append(args, "--panel", writeFile(t, dir, "panel.csv", c.panel), "--cohort", cf)
			}
			args = append(args, c.args...)
			code, _, errOut := sangsaeng(t, os.Getenv, args...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q: want exit %d and %q", code, errOut, c.code, c.want)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		in   string
		kind periodKind
	}{{"2024-01", periodMonth}, {"1999-12", periodMonth}, {"2020-W53", periodWeek}, {"2024-W01", periodWeek}, {"2026-W52", periodWeek}, {"2007", periodInt}, {"-3", periodInt}} {
		l, k, err := parsePeriod(c.in)
		if err != nil || k != c.kind || k.format(l) != c.in {
			t.Errorf("parsePeriod(%q) = %d, %d, %v; formats back as %q", c.in, l, k, err, k.format(l))
		}
	}
	a, _, _ := parsePeriod("2020-W53")
	b, _, _ := parsePeriod("2021-W01")
	c, _, _ := parsePeriod("2024-12")
	d, _, _ := parsePeriod("2025-01")
	if b-a != 1 || d-c != 1 {
		t.Errorf("consecutive weeks %d→%d, months %d→%d: want one apart", a, b, c, d)
	}
}

// mpdtaFiles writes the did package's mpdta vector as a panel (unit, period,
// lemp) and a cohort file (unit, first_treated), skipping the test where
// SANGSAENG_EFFECTS_DATA is not set.
func mpdtaFiles(t *testing.T) (panel, cohort string) {
	t.Helper()
	dir := os.Getenv("SANGSAENG_EFFECTS_DATA")
	if dir == "" {
		t.Skip("SANGSAENG_EFFECTS_DATA not set: point it at the effects test vectors (CI: ../shared/data/effects)")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir)
	}
	f, err := os.Open(filepath.Join(dir, "mpdta.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var pb, cb strings.Builder
	pb.WriteString("unit,period,lemp\n")
	cb.WriteString("unit,first_treated\n")
	for i, r := range recs[1:] {
		fmt.Fprintf(&pb, "%s,%s,%s\n", r[1], r[0], r[3])
		if i%5 == 0 {
			fmt.Fprintf(&cb, "%s,%s\n", r[1], r[4])
		}
	}
	tmp := t.TempDir()
	return writeFile(t, tmp, "p.csv", pb.String()), writeFile(t, tmp, "c.csv", cb.String())
}
