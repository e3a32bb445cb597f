package demo

import (
	"io"
	"math"
	"os"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// TestVitalityFeed reads the demo vitality feed with the reader ingest uses and
// checks its shape: every 행정동 in every quarter at the mean of its districts,
// most districts with a value of their own, every value in 0–100.
func TestVitalityFeed(t *testing.T) {
	c, err := newCity(Options{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(generate(t, Options{})["vitality.csv"])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	districts, dongs := map[string]*district{}, map[string]*dong{}
	for _, d := range c.districts {
		districts[d.code] = d
	}
	for _, dg := range c.dongs {
		dongs[dg.code] = dg
	}
	rows, err := seoul.ReadCSV(f, "vitality.csv", func(code string) bool { return districts[code] != nil || dongs[code] != nil })
	if err != nil {
		t.Fatal(err)
	}
	if rows.Schema().Dataset != seoul.Vitality || rows.Encoding() != seoul.UTF8 {
		t.Fatalf("read as %s in %s, want vitality in UTF-8", rows.Schema().Dataset, rows.Encoding())
	}
	values := map[string]map[string]float64{} // quarter → code → value
	dst := make([]any, 3)
	for {
		if _, err := rows.Next(dst); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		q, code, v := dst[0].(string), dst[1].(string), dst[2].(float64)
		if values[q] == nil {
			values[q] = map[string]float64{}
		}
		values[q][code] = v
	}
	if warnings, quarters, _ := rows.Result(); len(warnings) != 0 || len(quarters) != len(c.quarters) {
		t.Errorf("warnings %v, quarters %v; want none and the %d quarters of the city", warnings, quarters, len(c.quarters))
	}
	for _, q := range c.quarters {
		own := 0
		for _, d := range c.districts {
			if _, ok := values[q.code][d.code]; ok {
				own++
			}
		}
		if share := float64(own) / float64(len(c.districts)); share < 0.6 || share > 0.95 {
			t.Errorf("%s: %d of %d districts have their own value, want about %.0f%%", q.code, own, len(c.districts), 100*vitalityOwnShare)
		}
		for _, dg := range c.dongs {
			var sum float64
			for _, d := range dg.districts {
				sum += d.vitality(c.seed, q)
			}
			want := math.Round(10*sum/float64(len(dg.districts))) / 10
			if got, ok := values[q.code][dg.code]; !ok || got != want {
				t.Errorf("%s %s = %v (present %v), want the mean of its districts %v", q.code, dg.code, got, ok, want)
			}
		}
		for code, v := range values[q.code] {
			if v < 0 || v > seoul.VitalityMax || math.Abs(10*v-math.Round(10*v)) > 1e-9 {
				t.Errorf("%s %s = %v, want 0–100 with one decimal", q.code, code, v)
			}
		}
	}
}
