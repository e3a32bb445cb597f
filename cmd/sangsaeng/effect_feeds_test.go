package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/effect"
	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/synth"
)

// synthPanel runs sangsaeng synth panel into a temporary folder and returns
// it with the truth written.
func synthPanel(t *testing.T, args ...string) (string, synth.PanelTruth) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "panel")
	code, _, errOut := sangsaeng(t, os.Getenv, append([]string{"synth", "panel", "--out", dir}, args...)...)
	if code != 0 {
		t.Fatalf("synth panel: exit %d: %s", code, errOut)
	}
	var truth synth.PanelTruth
	body, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(body, &truth); err != nil {
		t.Fatal(err)
	}
	return dir, truth
}

// feedEffect runs sangsaeng effect on a synth panel's feeds and returns the
// JSON result.
func feedEffect(t *testing.T, dir string, args ...string) *effect.Result {
	t.Helper()
	base := []string{"effect", "--sales", filepath.Join(dir, "sales.csv"), "--merchants", filepath.Join(dir, "merchants.csv"),
		"--cohort", filepath.Join(dir, "cohort.csv"), "--format", "json", "--bootstrap", "199"}
	code, out, errOut := sangsaeng(t, os.Getenv, append(base, args...)...)
	if code != 0 {
		t.Fatalf("effect %v: exit %d: %s", args, code, errOut)
	}
	var res effect.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return &res
}

// relative is the estimate and its interval over the treated units'
// counterfactual mean: the multiplicative effect synth panel injects.
func relative(res *effect.Result) (att, lo, hi float64) {
	cf := res.Counterfactual
	return res.ATT / cf, res.CI[0] / cf, res.CI[1] / cf
}

// TestEffectFromFeeds checks that the effect injected by synth panel is
// recovered from its feeds (the 95% interval covers it) by cs, on months and
// ISO weeks, and by did on a single round, once the controls are matched on
// pre-period level and trend; and that without matching the targeting's
// confounding shows in the pre-trend check.
func TestEffectFromFeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds panels of 650,000 sales rows")
	}
	staggered, truth := synthPanel(t, "--merchants", "1200", "--treated", "36", "--weeks", "78", "--cohorts", "3", "--seed", "1")
	single, _ := synthPanel(t, "--merchants", "1200", "--treated", "36", "--weeks", "78", "--cohorts", "1", "--seed", "4")
	if truth.Effect != 0.06 || len(truth.Cohorts) != 3 || truth.Treated != 36 {
		t.Fatalf("truth %+v, want an effect of 0.06 on 36 merchants in 3 rounds", truth)
	}
	tests := []struct {
		name    string
		dir     string
		args    []string
		periods int
		cohorts int
	}{
		{"cs, months", staggered, []string{"--method", "cs", "--match", "3"}, 18, 3},
		{"cs, weeks", staggered, []string{"--method", "cs", "--match", "3", "--period", "week"}, 78, 3},
		{"did, months", single, []string{"--method", "did", "--match", "3"}, 18, 1},
		{"cs, counts", staggered, []string{"--method", "cs", "--match", "3", "--outcome", "count"}, 18, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := feedEffect(t, tt.dir, tt.args...)
			att, lo, hi := relative(res)
			if lo > truth.Effect || hi < truth.Effect {
				t.Errorf("relative effect %.4f, 95%% interval [%.4f, %.4f]: want it to cover the injected %.2f", att, lo, hi, truth.Effect)
			}
			if res.Treated != 36 || res.Controls != 108 || res.Periods != tt.periods {
				t.Errorf("treated %d, controls %d, periods %d: want 36, 108 (3 matched each), %d", res.Treated, res.Controls, res.Periods, tt.periods)
			}
			if tt.cohorts > 1 && len(res.ByGroup) != tt.cohorts {
				t.Errorf("%d cohorts, want %d", len(res.ByGroup), tt.cohorts)
			}
			if !hasNote(res, "linked to the merchants by business_no") {
				t.Errorf("notes %q: want the business_no linking said", res.Notes)
			}
		})
	}
	t.Run("confounded without matching", func(t *testing.T) {
		res := feedEffect(t, staggered, "--method", "cs")
		if _, lo, hi := relative(res); lo <= truth.Effect && truth.Effect <= hi || res.PreTrend.Warning == "" {
			t.Errorf("interval [%.4f, %.4f], pre-trend warning %q: want the targeting's confounding to miss %.2f and the check to warn",
				lo, hi, res.PreTrend.Warning, truth.Effect)
		}
	})
}

func hasNote(res *effect.Result, s string) bool {
	for _, n := range res.Notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// TestEffectFeedLinking checks how the cohort finds its merchants: by
// business_no when its units are business numbers and the master has them,
// else by merchant_id; and the feed options' checks.
func TestEffectFeedLinking(t *testing.T) {
	dir, _ := synthPanel(t, "--merchants", "60", "--treated", "12", "--weeks", "20", "--cohorts", "1", "--seed", "2")
	master, err := os.ReadFile(filepath.Join(dir, "merchants.csv"))
	if err != nil {
		t.Fatal(err)
	}
	cohort, err := os.ReadFile(filepath.Join(dir, "cohort.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// The same cohort by merchant id, and the master without business_no.
	no2id := map[string]string{}
	var noBizNo strings.Builder
	for i, line := range strings.Split(strings.TrimSpace(string(master)), "\n") {
		f := strings.Split(line, ",")
		if i > 0 {
			no2id[f[1]] = f[0]
		}
		noBizNo.WriteString(strings.Join(append(f[:1:1], f[2:]...), ",") + "\n")
	}
	var byID, hyphens strings.Builder
	for i, line := range strings.Split(strings.TrimSpace(string(cohort)), "\n") {
		if i == 0 {
			byID.WriteString(line + "\n")
			hyphens.WriteString(line + "\n")
			continue
		}
		no, start, _ := strings.Cut(line, ",")
		byID.WriteString(no2id[no] + "," + start + "\n")
		hyphens.WriteString(no[:3] + "-" + no[3:5] + "-" + no[5:] + "," + start + "\n")
	}
	tmp := t.TempDir()
	idCohort := writeFile(t, tmp, "cohort_id.csv", byID.String())
	plainMaster := writeFile(t, tmp, "merchants_plain.csv", noBizNo.String())
	hyphenCohort := writeFile(t, tmp, "cohort_hyphens.csv", hyphens.String())
	sales := filepath.Join(dir, "sales.csv")
	tests := []struct {
		name      string
		master    string
		cohort    string
		extra     []string
		note, err string
	}{
		{"business numbers", filepath.Join(dir, "merchants.csv"), filepath.Join(dir, "cohort.csv"), nil, "linked to the merchants by business_no", ""},
		{"business numbers with hyphens", filepath.Join(dir, "merchants.csv"), hyphenCohort, nil, "linked to the merchants by business_no", ""},
		{"merchant ids", filepath.Join(dir, "merchants.csv"), idCohort, nil, "by merchant_id (its units are not all 10-digit business numbers)", ""},
		{"master without business_no", plainMaster, filepath.Join(dir, "cohort.csv"), nil, "", "cohort.csv: no unit matches a merchant of"},
		{"ids, master without business_no", plainMaster, idCohort, nil, "by merchant_id (the merchant master has no business_no column)", ""},
		{"same industry", filepath.Join(dir, "merchants.csv"), filepath.Join(dir, "cohort.csv"), []string{"--same-industry"}, "controls of the treated units' industries only", ""},
		{"own district without areas", filepath.Join(dir, "merchants.csv"), filepath.Join(dir, "cohort.csv"), []string{"--exclude-own-district"}, "", "--exclude-own-district needs --areas"},
		{"bad period", filepath.Join(dir, "merchants.csv"), filepath.Join(dir, "cohort.csv"), []string{"--period", "day"}, "", `--period "day": want month or week`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"effect", "--sales", sales, "--merchants", tt.master, "--cohort", tt.cohort, "--format", "json", "--bootstrap", "0", "--k", "5"}, tt.extra...)
			code, out, errOut := sangsaeng(t, os.Getenv, args...)
			if tt.err != "" {
				if !strings.Contains(out+errOut, tt.err) {
					t.Fatalf("exit %d, output %s%s: want %q", code, out, errOut, tt.err)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var res effect.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if res.Treated != 12 || !hasNote(&res, tt.note) {
				t.Errorf("treated %d, notes %q: want 12 and a note containing %q", res.Treated, res.Notes, tt.note)
			}
		})
	}
}

// TestEffectFeedControls checks --same-industry and --exclude-own-district
// on a two-district town: six treated merchants and six controls in
// district A (한식), six controls in B (커피).
func TestEffectFeedControls(t *testing.T) {
	dir := t.TempDir()
	// Districts in EPSG:5181 metres, near (127.0°, 37.55°); outer rings
	// clockwise as the Shapefile wants.
	x0, y0 := 200000.0, 450000.0
	square := func(ax, bx float64) orb.MultiPolygon {
		return orb.MultiPolygon{{{{x0 + ax, y0}, {x0 + ax, y0 + 1000}, {x0 + bx, y0 + 1000}, {x0 + bx, y0}, {x0 + ax, y0}}}}
	}
	fields := []geo.Field{
		{Name: "TRDAR_SE_C", Type: 'C', Length: 1}, {Name: "TRDAR_SE_1", Type: 'C', Length: 12},
		{Name: "TRDAR_CD", Type: 'C', Length: 10}, {Name: "TRDAR_CD_N", Type: 'C', Length: 254},
	}
	var fs []geo.Feature
	for i, code := range []string{"3110001", "3110002"} {
		fs = append(fs, geo.Feature{Attrs: map[string]string{"TRDAR_SE_C": "A", "TRDAR_SE_1": "골목상권", "TRDAR_CD": code, "TRDAR_CD_N": code},
			Geom: square(float64(1000*i), float64(1000*i+1000))})
	}
	areas := filepath.Join(dir, "areas.shp")
	if err := geo.WriteShapefile(areas, fields, fs, geo.PRJ5181); err != nil {
		t.Fatal(err)
	}
	var master, sales, cohort strings.Builder
	master.WriteString("merchant_id,lon,lat,industry_code,franchise,opened_on,closed_on\n")
	sales.WriteString("merchant_id,date,time_band,sex,age,amount,count\n")
	cohort.WriteString("unit,first_treated\n")
	for i := range 18 {
		id := fmt.Sprintf("m%02d", i)
		x, industry := 100+50*float64(i), "CS100001"
		if i >= 12 {
			x, industry = 1100+50*float64(i-12), "CS100010"
		}
		lon, lat := geo.FromEPSG5181(x0+x, y0+500)
		fmt.Fprintf(&master, "%s,%.8f,%.8f,%s,false,,\n", id, lon, lat, industry)
		for m := 1; m <= 6; m++ {
			amount := 100000 + 1000*i + 2000*m + (i*m*37)%500
			if i < 6 && m >= 4 {
				amount += 10000
			}
			fmt.Fprintf(&sales, "%s,2024-%02d-10,11-14,M,30,%d,%d\n", id, m, amount, amount/10000)
		}
		if i < 6 {
			fmt.Fprintf(&cohort, "%s,2024-04-01\n", id)
		}
	}
	files := []string{"--sales", writeFile(t, dir, "sales.csv", sales.String()), "--merchants", writeFile(t, dir, "merchants.csv", master.String()),
		"--cohort", writeFile(t, dir, "cohort.csv", cohort.String()), "--areas", areas, "--format", "json", "--bootstrap", "0", "--method", "did"}
	tests := []struct {
		name     string
		args     []string
		controls int
		note     string
	}{
		{"all", nil, 12, "by merchant_id"},
		{"same industry", []string{"--same-industry"}, 6, "(CS100001): 6 merchant(s) of other industries left out"},
		{"own district", []string{"--exclude-own-district"}, 6, "(1 district(s), 6 merchant(s))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := sangsaeng(t, os.Getenv, append(append([]string{"effect"}, files...), tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var res effect.Result
			if err := json.Unmarshal([]byte(out), &res); err != nil {
				t.Fatal(err)
			}
			if res.Treated != 6 || res.Controls != tt.controls || res.Periods != 6 || !hasNote(&res, tt.note) {
				t.Errorf("treated %d, controls %d, periods %d, notes %q: want 6, %d, 6 and a note containing %q", res.Treated, res.Controls, res.Periods, res.Notes, tt.controls, tt.note)
			}
		})
	}
}
