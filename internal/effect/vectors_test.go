package effect

import (
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// effectsData returns the folder of published test vectors, or skips the
// test when SANGSAENG_EFFECTS_DATA is not set.
func effectsData(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("SANGSAENG_EFFECTS_DATA")
	if dir == "" {
		t.Skip("SANGSAENG_EFFECTS_DATA not set: point it at the effects test vectors (CI: ../shared/data/effects)")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir) // relative to the module root
	}
	return filepath.Join(dir, name)
}

// readCSV returns the records of a CSV file after its header.
func readCSV(t *testing.T, path string, sep rune) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = sep
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// mpdta returns the did package's example as a Panel of lemp.
func mpdta(t *testing.T) Panel {
	t.Helper()
	recs := readCSV(t, effectsData(t, "mpdta.csv"), ',')
	unitIdx := map[string]int{}
	var p Panel
	p.Periods = []int{2003, 2004, 2005, 2006, 2007}
	for _, r := range recs {
		if _, ok := unitIdx[r[1]]; !ok {
			unitIdx[r[1]] = len(p.First)
			p.First = append(p.First, int(atof(t, r[4])))
		}
	}
	p.Y = make([]float64, len(p.First)*5)
	for _, r := range recs {
		p.Y[unitIdx[r[1]]*5+int(atof(t, r[0]))-2003] = atof(t, r[3])
	}
	return p
}

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestMpdtaNeverTreated(t *testing.T) {
	res, err := CallawaySantAnna(mpdta(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		g, t    int
		att, se float64
	}{
		{2004, 2004, -0.01050325, 0.0232510},
		{2004, 2005, -0.07042316, 0.0309848},
		{2004, 2006, -0.13725874, 0.0364357},
		{2004, 2007, -0.10081136, 0.0343592},
		{2006, 2004, 0.00652011, 0.0233268},
		{2006, 2005, -0.00275082, 0.0195586},
		{2006, 2006, -0.00459461, 0.0177552},
		{2006, 2007, -0.04122447, 0.0202292},
		{2007, 2004, 0.03050666, 0.0150336},
		{2007, 2005, -0.00272589, 0.0163958},
		{2007, 2006, -0.03108712, 0.0178775},
		{2007, 2007, -0.02605441, 0.0166554},
	}
	if len(res.Cells) != len(want) {
		t.Fatalf("%d cells, want %d", len(res.Cells), len(want))
	}
	for i, w := range want {
		c := res.Cells[i]
		if c.Group != strconv.Itoa(w.g) || c.Period != strconv.Itoa(w.t) {
			t.Fatalf("cell %d is (%s,%s), want (%d,%d)", i, c.Group, c.Period, w.g, w.t)
		}
		if !near(c.ATT, w.att, 1e-6) {
			t.Errorf("ATT(%d,%d) = %.8f, want %.8f", w.g, w.t, c.ATT, w.att)
		}
		if !near(c.SE, w.se, 1e-4*w.se+5e-8) {
			t.Errorf("SE(%d,%d) = %.7f, want %.7f", w.g, w.t, c.SE, w.se)
		}
	}
	agg := map[string]Aggregate{}
	for _, a := range res.Aggregations {
		agg[a.Name] = a
	}
	if !near(res.ATT, -0.039951, 1e-6) || !near(res.SE, 0.012034, 1e-6) {
		t.Errorf("simple = %.6f (SE %.6f), want -0.039951 (0.012034)", res.ATT, res.SE)
	}
	if !near(agg["group"].ATT, -0.031018, 1e-6) {
		t.Errorf("group overall = %.6f, want -0.031018", agg["group"].ATT)
	}
	if !near(agg["dynamic"].ATT, -0.077240, 1e-6) {
		t.Errorf("dynamic overall = %.6f, want -0.077240", agg["dynamic"].ATT)
	}
	for i, w := range []float64{-0.079749, -0.022910, -0.026054} {
		if got := res.ByGroup[i].ATT; !near(got, w, 1e-6) {
			t.Errorf("θ(%s) = %.6f, want %.6f", res.ByGroup[i].Group, got, w)
		}
	}
	for i, w := range []float64{0.030507, -0.000563, -0.024459, -0.019932, -0.050957, -0.137259, -0.100811} {
		if got, e := res.ByEventTime[i].ATT, *res.ByEventTime[i].E; e != i-3 || !near(got, w, 1e-6) {
			t.Errorf("θ(e=%d) = %.6f, want θ(%d) = %.6f", e, got, i-3, w)
		}
	}
	if res.PreTrend.P == nil || !near(*res.PreTrend.P, 0.16812, 5e-6) {
		t.Errorf("pre-test p = %v, want 0.16812", res.PreTrend.P)
	}
	t.Logf("group SE %.6f dynamic SE %.6f wald %.4f", agg["group"].SE, agg["dynamic"].SE, res.PreTrend.Wald)
}

func TestMpdtaNotYetTreated(t *testing.T) {
	res, err := CallawaySantAnna(mpdta(t), Options{Control: NotYetTreated})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{-0.01937236, -0.07831910, -0.13627435, -0.10081136, -0.00256255, -0.00193925,
		0.00466088, -0.04122447, 0.02975936, -0.00241061, -0.03108712, -0.02605441}
	for i, w := range want {
		if c := res.Cells[i]; !near(c.ATT, w, 1e-6) {
			t.Errorf("ATT(%s,%s) = %.8f, want %.8f", c.Group, c.Period, c.ATT, w)
		}
	}
	if !near(res.ATT, -0.039764, 1e-6) {
		t.Errorf("simple = %.6f, want -0.039764", res.ATT)
	}
	if got := res.Aggregations[1].ATT; !near(got, -0.030462, 1e-6) {
		t.Errorf("group overall = %.6f, want -0.030462", got)
	}
	// Cohort 2007 compares with cohorts 2006 (before 2006) as well.
	if c := res.Cells[8]; c.Controls != 309+40 {
		t.Errorf("ATT(2007,2004) has %d controls, want %d", c.Controls, 309+40)
	}
}

// The multiplier bootstrap agrees with the analytic SEs and with the did
// package's bootstrap SEs (0.0123 for the group overall, 0.0196 for the
// dynamic overall) within simulation error, and its uniform band is wider
// than the pointwise one.
func TestMpdtaBootstrap(t *testing.T) {
	for _, w := range []Multiplier{Rademacher, Mammen} {
		res, err := CallawaySantAnna(mpdta(t), Options{Bootstrap: 999, Seed: 1, Weights: w})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range res.Aggregations {
			if a.BootSE < 0.85*a.SE || a.BootSE > 1.15*a.SE {
				t.Errorf("weights %d: %s bootstrap SE %.5f, analytic %.5f: want within 15%%", w, a.Name, a.BootSE, a.SE)
			}
		}
		for name, want := range map[string]float64{"group": 0.0123, "dynamic": 0.0196} {
			for _, a := range res.Aggregations {
				if a.Name == name && (a.BootSE < 0.85*want || a.BootSE > 1.15*want) {
					t.Errorf("weights %d: %s bootstrap SE %.5f, did prints %.4f", w, name, a.BootSE, want)
				}
			}
		}
		if res.CritValue <= z975 || res.CritValue > 4 {
			t.Errorf("weights %d: sup-t critical value %.3f, want in (1.96, 4]", w, res.CritValue)
		}
		e := res.ByEventTime[4]
		if got := (e.Hi - e.Lo) / 2; got <= z975*e.SE {
			t.Errorf("weights %d: uniform band half-width %.5f at e=0, want wider than the pointwise %.5f", w, got, z975*e.SE)
		}
	}
	a, _ := CallawaySantAnna(mpdta(t), Options{Bootstrap: 199, Seed: 7})
	b, _ := CallawaySantAnna(mpdta(t), Options{Bootstrap: 199, Seed: 7})
	if a.BootSE != b.BootSE || a.CritValue != b.CritValue {
		t.Errorf("same seed, different draws: %v/%v vs %v/%v", a.BootSE, a.CritValue, b.BootSE, b.CritValue)
	}
}

func TestMpdtaAnalyticAggregationSE(t *testing.T) {
	res, err := CallawaySantAnna(mpdta(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The did README prints bootstrap SEs; the analytic ones must be close.
	for _, c := range []struct {
		name string
		want float64
	}{{"group", 0.0123}, {"dynamic", 0.0196}} {
		for _, a := range res.Aggregations {
			if a.Name == c.name && !near(a.SE, c.want, 0.0006) {
				t.Errorf("%s analytic SE %.5f, want about %.4f", c.name, a.SE, c.want)
			}
		}
	}
}
