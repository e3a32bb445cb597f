package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"testing"
	"time"
)

// apiDatasets are the dataset names of API v1.
var apiDatasets = []string{
	"areas", "area_polygons", "sales", "foot_traffic", "stores", "change_index", "workers",
	"residents", "income", "facilities", "apartments", "areas_dong", "foot_traffic_dong", "sales_dong",
	"vitality",
}

// datasetInfo is one entry of GET /api/v1/datasets.
type datasetInfo struct {
	Name     string    `json:"name"`
	Rows     int64     `json:"rows"`
	Quarters []string  `json:"quarters"`
	Releases []release `json:"releases"`
	Live     []struct {
		Release    int64    `json:"release"`
		File       string   `json:"file"`
		Slices     int      `json:"slices"`
		Quarters   []string `json:"quarters"`
		Industries []string `json:"industries"`
	} `json:"live"`
}

type release struct {
	ID         int64     `json:"id"`
	Dataset    string    `json:"dataset"`
	File       string    `json:"file"`
	SHA256     string    `json:"sha256"`
	Encoding   string    `json:"encoding"`
	Rows       int64     `json:"rows"`
	Quarters   []string  `json:"quarters"`
	Warnings   []warning `json:"warnings"`
	IngestedAt time.Time `json:"ingested_at"`
	Dropped    []struct {
		Slice     string `json:"slice"`
		Districts int64  `json:"districts"`
		Of        int64  `json:"of"`
	} `json:"dropped"`
}

type warning struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Count     int    `json:"count"`
	FirstLine int    `json:"first_line"`
}

// getDatasets answers GET /api/v1/datasets by name, checking that it names
// every API dataset once and no other. Empty lists must be [], not null.
func getDatasets(t *testing.T, h http.Handler) map[string]datasetInfo {
	t.Helper()
	var body struct {
		Datasets []datasetInfo `json:"datasets"`
	}
	getJSON(t, h, "/api/v1/datasets", &body)
	byName := make(map[string]datasetInfo)
	var names []string
	for _, d := range body.Datasets {
		if _, dup := byName[d.Name]; dup {
			t.Errorf("dataset %s listed twice", d.Name)
		}
		byName[d.Name] = d
		names = append(names, d.Name)
		if d.Quarters == nil || d.Releases == nil || d.Live == nil {
			t.Errorf("%s: quarters %v, releases %v, live %v: want [] rather than null", d.Name, d.Quarters, d.Releases, d.Live)
		}
		for _, r := range d.Releases {
			if r.Quarters == nil || r.Warnings == nil || r.Dropped == nil {
				t.Errorf("%s release %d: quarters %v, warnings %v, dropped %v: want [] rather than null", d.Name, r.ID, r.Quarters, r.Warnings, r.Dropped)
			}
		}
	}
	want := slices.Sorted(slices.Values(apiDatasets))
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Errorf("dataset names = %v, want %v", names, want)
	}
	return byName
}

func TestDatasetsEmpty(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		for name, d := range getDatasets(t, emptyAPI(t, engine)) {
			if d.Rows != 0 || len(d.Quarters) != 0 || len(d.Releases) != 0 {
				t.Errorf("%s in an empty database: rows %d, quarters %v, %d releases; want nothing", name, d.Rows, d.Quarters, len(d.Releases))
			}
		}
	})
}

func TestDatasetsFixture(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		dir := fixtureDir(t)
		got := getDatasets(t, loadedAPI(t, engine))

		loaded := make(map[string]bool)
		lastID := int64(0)
		for _, f := range fixtureFiles {
			loaded[f.dataset] = true
			t.Run(f.dataset, func(t *testing.T) {
				d := got[f.dataset]
				if len(d.Releases) != 1 {
					t.Fatalf("%d releases, want 1", len(d.Releases))
				}
				r := d.Releases[0]
				if r.ID <= lastID {
					t.Errorf("release id %d, want ids increasing in load order (previous %d)", r.ID, lastID)
				}
				lastID = r.ID
				if r.Dataset != f.dataset {
					t.Errorf("release dataset = %q, want %q", r.Dataset, f.dataset)
				}
				if want := filepath.Base(f.path); r.File != want {
					t.Errorf("release file = %q, want %q", r.File, want)
				}
				if !r.IngestedAt.Equal(ingestedAt) {
					t.Errorf("ingested_at = %v, want the injected clock's %v", r.IngestedAt, ingestedAt)
				}

				var wantRows int64
				var wantQuarters []string
				if f.dataset == "area_polygons" {
					wantRows = int64(len(selectedCodes(t)))
					if r.Encoding != "Shapefile" {
						t.Errorf("encoding = %q, want Shapefile", r.Encoding)
					}
					if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(r.SHA256) {
						t.Errorf("sha256 = %q, want 64 hex digits", r.SHA256)
					}
				} else {
					tb := readTable(t, f.path)
					wantRows = int64(len(tb.rows))
					if f.dataset != "areas" {
						wantQuarters = distinct(tb, "기준_년분기_코드")
					}
					if r.Encoding != "UTF-8" {
						t.Errorf("encoding = %q, want UTF-8", r.Encoding)
					}
					raw, err := os.ReadFile(filepath.Join(dir, f.path))
					if err != nil {
						t.Fatal(err)
					}
					if sum := sha256.Sum256(raw); r.SHA256 != hex.EncodeToString(sum[:]) {
						t.Errorf("sha256 = %s, want %x", r.SHA256, sum)
					}
				}
				if r.Rows != wantRows || d.Rows != wantRows {
					t.Errorf("release rows %d, live rows %d; want %d, the rows of the file", r.Rows, d.Rows, wantRows)
				}
				if wantQuarters == nil {
					wantQuarters = []string{}
				}
				if !slices.Equal(r.Quarters, wantQuarters) || !slices.Equal(d.Quarters, wantQuarters) {
					t.Errorf("release quarters %v, live quarters %v; want %v", r.Quarters, d.Quarters, wantQuarters)
				}
				if len(d.Live) != 1 || d.Live[0].Release != r.ID || d.Live[0].File != r.File || d.Live[0].Slices == 0 ||
					!slices.Equal(d.Live[0].Quarters, wantQuarters) || len(r.Dropped) != 0 {
					t.Errorf("live %+v, dropped %v; want release %d alone live, for quarters %v, and nothing dropped", d.Live, r.Dropped, r.ID, wantQuarters)
				}
				for _, w := range r.Warnings {
					if w.Code == "" || w.Message == "" || w.Count <= 0 || w.FirstLine < 2 || int64(w.Count) > wantRows {
						t.Errorf("warning %+v: want a code, a message, 0 < count <= rows and a data line", w)
					}
				}
			})
		}
		for _, name := range apiDatasets {
			if d := got[name]; !loaded[name] && (d.Rows != 0 || len(d.Releases) != 0 || len(d.Quarters) != 0) {
				t.Errorf("%s was not loaded, yet has rows %d, quarters %v, %d releases", name, d.Rows, d.Quarters, len(d.Releases))
			}
		}
	})
}

// TestDatasetsSalesWarnings recounts, from the source file, the rows of the
// sales fixture that break each published identity, and wants exactly those
// counts (and first lines) as the release's warnings.
func TestDatasetsSalesWarnings(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		tb := readTable(t, "sales_trdar_convenience.csv")
		got := getDatasets(t, loadedAPI(t, engine))["sales"]
		if len(got.Releases) != 1 {
			t.Fatalf("sales has %d releases, want 1", len(got.Releases))
		}

		type identity struct {
			code  string
			total string
			parts []string
		}
		var ids []identity
		for _, m := range []struct{ measure, ko string }{{"amount", "금액"}, {"count", "건수"}} {
			var days, bands, sexes, ages []string
			for _, d := range dayLabels {
				days = append(days, d.ko+"_매출_"+m.ko)
			}
			for _, b := range timeLabels {
				bands = append(bands, salesTimeHeader(b, m.ko))
			}
			for _, s := range sexLabels {
				sexes = append(sexes, s.ko+"_매출_"+m.ko)
			}
			for _, a := range ageLabels {
				ages = append(ages, "연령대_"+a.ko+"_매출_"+m.ko)
			}
			total := "당월_매출_" + m.ko
			ids = append(ids,
				identity{"weekday_weekend_" + m.measure, total, []string{"주중_매출_" + m.ko, "주말_매출_" + m.ko}},
				identity{"days_" + m.measure, total, days},
				identity{"time_bands_" + m.measure, total, bands},
				identity{"sexes_" + m.measure, total, sexes},
				identity{"ages_" + m.measure, total, ages},
			)
		}
		want := make(map[string]warning)
		for _, id := range ids {
			for _, r := range tb.rows {
				var sum int64
				for _, p := range id.parts {
					sum += cellInt(t, r, p)
				}
				if sum != cellInt(t, r, id.total) {
					w := want[id.code]
					if w.Count == 0 {
						w.FirstLine = r.line
					}
					w.Count++
					want[id.code] = w
				}
			}
		}
		// The fixture breaks the sex and age identities and keeps the others
		// (see the data README); the test is only as good as this holds.
		for _, code := range []string{"sexes_amount", "ages_amount", "sexes_count", "ages_count"} {
			if want[code].Count == 0 {
				t.Fatalf("the sales fixture no longer breaks %s; pick a fixture that does", code)
			}
		}

		gotW := make(map[string]warning)
		for _, w := range got.Releases[0].Warnings {
			gotW[w.Code] = w
		}
		for code, w := range want {
			g, ok := gotW[code]
			if !ok {
				t.Errorf("warning %s missing; the file has %d rows breaking it, first at line %d", code, w.Count, w.FirstLine)
				continue
			}
			if g.Count != w.Count || g.FirstLine != w.FirstLine {
				t.Errorf("warning %s: count %d, first line %d; want %d, %d", code, g.Count, g.FirstLine, w.Count, w.FirstLine)
			}
		}
		for code, g := range gotW {
			if _, ok := want[code]; !ok {
				t.Errorf("warning %+v, but no row of the file breaks %s", g, code)
			}
		}
	})
}

// cellInt is the integer a published cell holds: empty is 0.
func cellInt(t *testing.T, r sourceRow, header string) int64 {
	t.Helper()
	c, ok := r.cells[header]
	if !ok {
		t.Fatalf("line %d: no column %s", r.line, header)
	}
	if c == "" {
		return 0
	}
	n, err := strconv.ParseInt(c, 10, 64)
	if err != nil {
		t.Fatalf("line %d: column %s: %v", r.line, header, err)
	}
	return n
}

// distinct returns the distinct values of a column, sorted.
func distinct(tb *table, header string) []string {
	var out []string
	for _, r := range tb.rows {
		out = append(out, r.cells[header])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// selectedCodes are the districts of the compact fixture, the ones with a
// polygon in its Shapefile.
func selectedCodes(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(fixtureDir(t), "selected_trdar_codes.json"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	if err := json.Unmarshal(raw, &codes); err != nil {
		t.Fatalf("selected_trdar_codes.json: %v", err)
	}
	return codes
}
