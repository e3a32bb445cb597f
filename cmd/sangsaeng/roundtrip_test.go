package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// TestRoundTripPublished is issue 5's round trip: `synth raw` disaggregates
// every published 추정매출, 점포 and 길단위인구 file into raw feeds, `fuse`
// fuses them back, and every published number that is not suppressed must
// come back — exactly for sales and store counts, and for foot traffic
// within the rounding of docs/fusion.md. A number may differ only where
// synth.json reports the published row as one no raw feed can reproduce
// (its parts contradict each other); the test checks that such rows stay
// few.
func TestRoundTripPublished(t *testing.T) {
	dir := seoultest.Dir(t, "fuse back the published files")
	noDefaultDB(t)
	published := filepath.Join(dir, "published")
	areas := filepath.Join(published, "areas_trdar_polygons.shp")
	work := t.TempDir()
	feeds, fused := filepath.Join(work, "feeds"), filepath.Join(work, "fused")
	if code, _, errOut := sangsaeng(t, envOf(), "synth", "raw", "--areas", areas, "--out", feeds, published); code != 0 {
		t.Fatalf("synth raw: exit %d\n%s", code, errOut)
	}
	var rep synthReport
	readJSONFile(t, filepath.Join(feeds, "synth.json"), &rep)
	code, out, errOut := sangsaeng(t, envOf("SANGSAENG_FUSE_TRACE", "1"), "fuse", "--merchants", filepath.Join(feeds, "merchants.csv"),
		"--sales", filepath.Join(feeds, "sales.csv"), "--foot", filepath.Join(feeds, "foot.csv"),
		"--areas", areas, "--out", fused)
	if code != 0 {
		t.Fatalf("fuse: exit %d\n%s%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "fuse: sales ") || !strings.Contains(out, "sales: 194222 rows") {
		t.Errorf("fuse printed:\n%s%s\nwant its summary, and with SANGSAENG_FUSE_TRACE the time of each step", out, errOut)
	}

	// The published rows as synth read them: files in its order, a later
	// file's row replacing an earlier one's.
	pub := make(map[seoul.Dataset]map[string]map[string]any)
	for _, in := range rep.Inputs {
		if in.Skipped == "" {
			readRows(t, in.Path, pub)
		}
	}
	got := make(map[seoul.Dataset]map[string]map[string]any)
	files, _ := filepath.Glob(filepath.Join(fused, "*_trdar_*.csv"))
	for _, f := range files {
		readRows(t, f, got) // also proves the output reads as the published schema
	}
	suppressed := suppressedKeys(t, filepath.Join(fused, "suppressed.csv"))

	for _, d := range []seoul.Dataset{seoul.Sales, seoul.Stores, seoul.FootTraffic} {
		t.Run(string(d), func(t *testing.T) {
			dev := rep.deviations(d)
			s := seoul.SchemaOf(d)
			var exact, reported, withheld int
			for key, want := range pub[d] {
				if suppressed[key] {
					withheld++
					continue
				}
				have, ok := got[d][key]
				if !ok {
					have = zeroRow(s) // fuse writes no row for a slice with nothing in it
				}
				bad := mismatches(s, want, have, dev, key)
				switch {
				case len(bad) == 0:
					exact++
				case dev.any(key):
					reported++
				default:
					t.Errorf("%s %s: %s", d, key, strings.Join(bad, "; "))
				}
			}
			t.Logf("%s: %d published rows, %d exact, %d differ where synth.json reports the published row, %d suppressed",
				d, len(pub[d]), exact, reported, withheld)
			// The reported rows are the publisher's contradictions: few.
			if limit := len(pub[d]) / 100; reported > limit {
				t.Errorf("%d rows differ, more than 1%% of %d", reported, len(pub[d]))
			}
		})
	}
}

// mismatches lists the measures of a published row the fused row does not
// reproduce. Foot-traffic parts the publisher rounded apart from the total
// may miss by its own |Σ parts − total| (plus rounding) where synth.json
// reports the breakdown.
func mismatches(s *seoul.Schema, want, have map[string]any, dev deviations, key string) []string {
	var bad []string
	for _, c := range s.Columns {
		if c.Kind != seoul.Int && c.Kind != seoul.Float {
			continue
		}
		w, h := number(want[c.Name]), number(have[c.Name])
		if w == h {
			continue
		}
		if s.Dataset == seoul.FootTraffic && c.Name != "total" {
			if group, slack := footSlack(s, want, c.Name); dev.has("rounded_"+group, key) && math.Abs(w-h) <= slack+1 {
				continue
			}
		}
		bad = append(bad, fmt.Sprintf("%s %v, fused %v", c.Header, w, h))
	}
	return bad
}

// footSlack returns the breakdown a foot-traffic part belongs to and the
// publisher's |Σ parts − total| of that breakdown in the row.
func footSlack(s *seoul.Schema, row map[string]any, part string) (string, float64) {
	for _, ch := range s.Checks {
		for _, p := range ch.Parts {
			if p != part {
				continue
			}
			sum := 0.0
			for _, q := range ch.Parts {
				sum += number(row[q])
			}
			return ch.Name, math.Abs(sum - number(row[ch.Total]))
		}
	}
	return "", 0
}

func number(v any) float64 {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

func zeroRow(s *seoul.Schema) map[string]any {
	m := make(map[string]any)
	for _, c := range s.Columns {
		m[c.Name] = int64(0)
	}
	return m
}

// readRows reads a published-schema CSV into rows[dataset][key], key being
// quarter/district[/industry] as synth.json writes it.
func readRows(t *testing.T, path string, rows map[seoul.Dataset]map[string]map[string]any) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := seoul.ReadCSV(f, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := r.Schema()
	if rows[s.Dataset] == nil {
		rows[s.Dataset] = make(map[string]map[string]any)
	}
	ci := s.Col("industry_code")
	for {
		dst := make([]any, len(s.Columns))
		if _, err := r.Next(dst); errors.Is(err, io.EOF) {
			return
		} else if err != nil {
			t.Fatal(err)
		}
		key := dst[s.QuarterCol()].(string) + "/" + dst[s.CodeCol()].(string)
		if ci >= 0 {
			key += "/" + dst[ci].(string)
		}
		m := make(map[string]any, len(dst))
		for i, c := range s.Columns {
			m[c.Name] = dst[i]
		}
		rows[s.Dataset][key] = m
	}
}

func suppressedKeys(t *testing.T, path string) map[string]bool {
	t.Helper()
	_, recs := readCSV(t, path)
	out := make(map[string]bool)
	for _, r := range recs { // dataset, quarter, district_code, industry_code, ...
		out[r[1]+"/"+r[2]+"/"+r[3]] = true
	}
	return out
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// synthReport is what the test reads of synth.json.
type synthReport struct {
	Inputs []struct {
		Path    string `json:"path"`
		Skipped string `json:"skipped"`
	} `json:"inputs"`
	Stores      struct{ Deviations []deviation } `json:"stores"`
	Sales       struct{ Deviations []deviation } `json:"sales"`
	FootTraffic struct{ Deviations []deviation } `json:"foot_traffic"`
}

type deviation struct {
	Kind string   `json:"kind"`
	Keys []string `json:"keys"`
}

// deviations maps a kind of deviation to the row keys it names.
type deviations map[string]map[string]bool

func (r *synthReport) deviations(d seoul.Dataset) deviations {
	list := map[seoul.Dataset][]deviation{seoul.Sales: r.Sales.Deviations, seoul.Stores: r.Stores.Deviations,
		seoul.FootTraffic: r.FootTraffic.Deviations}[d]
	out := make(deviations)
	for _, dv := range list {
		if dv.Kind == "merchants_made" { // a note on how synth made a slice, not a difference
			continue
		}
		out[dv.Kind] = make(map[string]bool)
		for _, k := range dv.Keys {
			k, _, _ = strings.Cut(k, ":") // "20241/3110010/CS200003: off by 1"
			out[dv.Kind][k] = true
		}
	}
	return out
}

func (d deviations) has(kind, key string) bool { return d[kind][key] }

func (d deviations) any(key string) bool {
	for _, keys := range d {
		if keys[key] {
			return true
		}
	}
	return false
}
