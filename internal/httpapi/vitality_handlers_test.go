package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// vitalityFeed gives 3110008 its own value in 20251 and the 행정동 11110515
// (청운효자동: 3110008, 3110011, 3110014, 3110015, 3130001) one in both
// quarters; 3110055 of 11140670 (황학동) has its own value, its neighbours
// 3110057 and 3130054 none.
const vitalityFeed = "quarter,code,value\n" +
	"20251,3110008,72.5\n" +
	"20251,11110515,60\n" +
	"20251,3110055,40\n" +
	"20252,11110515,61.5\n"

// vitalityAPI is the API over the fixture's districts and vitalityFeed, on
// a fresh database of the engine named.
func vitalityAPI(t *testing.T, engine string) http.Handler {
	t.Helper()
	dir := fixtureDir(t)
	ctx := context.Background()
	tmp := t.TempDir()
	db, err := store.Open(ctx, storetest.Fresh(t, engine))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	feed := filepath.Join(tmp, "vitality.csv")
	if err := os.WriteFile(feed, []byte(vitalityFeed), 0o644); err != nil {
		t.Fatal(err)
	}
	in := ingest.Ingester{DB: db}
	for _, p := range []string{filepath.Join(dir, "area_trdar_all.csv"), feed} {
		if _, err := in.File(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	return newAPI(db)
}

func TestVitality(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := vitalityAPI(t, engine)

		t.Run("datasets", func(t *testing.T) {
			v := getDatasets(t, h)["vitality"]
			if v.Rows != 4 || !slices.Equal(v.Quarters, []string{"20251", "20252"}) || len(v.Releases) != 1 || v.Releases[0].Encoding != "UTF-8" {
				t.Errorf("vitality = %+v, want 4 rows in 20251 and 20252 from one UTF-8 release", v)
			}
		})

		t.Run("quarter report", func(t *testing.T) {
			tests := []struct {
				code, quarter string
				want          string // the "vitality" member as JSON
			}{
				{"3110008", "20251", `{"value":72.5,"code":"3110008","from_dong":false}`},
				{"3110011", "20251", `{"value":60,"code":"11110515","from_dong":true}`},
				{"3110008", "20252", `{"value":61.5,"code":"11110515","from_dong":true}`},
				{"3110055", "20251", `{"value":40,"code":"3110055","from_dong":false}`},
				{"3110057", "20251", `null`},
				{"3110055", "20252", `null`},
			}
			for _, tt := range tests {
				var got map[string]json.RawMessage
				getJSON(t, h, "/api/v1/districts/"+tt.code+"/quarters/"+tt.quarter, &got)
				if string(got["vitality"]) != tt.want {
					t.Errorf("%s/%s vitality = %s, want %s", tt.code, tt.quarter, got["vitality"], tt.want)
				}
			}
		})

		type value struct {
			Value   any      `json:"value"`
			Unit    string   `json:"unit"`
			Version string   `json:"version"`
			Flags   []string `json:"flags"`
		}
		t.Run("indicators", func(t *testing.T) {
			tests := []struct {
				code, quarter string
				want          any
				flags         []string
			}{
				{"3110008", "20251", json.Number("72.5"), []string{}},
				{"3130001", "20251", json.Number("60"), []string{"from_dong"}},
				{"3110057", "20251", nil, []string{"no_data"}},
				{"3110014", "20252", json.Number("61.5"), []string{"from_dong"}},
			}
			for _, tt := range tests {
				var got struct {
					Indicators map[string]value `json:"indicators"`
				}
				getJSON(t, h, "/api/v1/districts/"+tt.code+"/indicators?quarter="+tt.quarter, &got)
				v := got.Indicators["vitality_index"]
				if v.Value != tt.want || !slices.Equal(v.Flags, tt.flags) || v.Unit != "index" || v.Version != "1.0" {
					t.Errorf("%s/%s vitality_index = %+v, want %v %v in index 1.0", tt.code, tt.quarter, v, tt.want, tt.flags)
				}
			}
		})

		t.Run("map", func(t *testing.T) {
			var got struct {
				Unit   string         `json:"unit"`
				Values map[string]any `json:"values"`
			}
			getJSON(t, h, "/api/v1/map?indicator=vitality_index&quarter=20251", &got)
			want := map[string]any{"3110008": json.Number("72.5"), "3110011": json.Number("60"), "3110055": json.Number("40"), "3110057": nil}
			for code, w := range want {
				if got.Values[code] != w {
					t.Errorf("map %s = %v, want %v", code, got.Values[code], w)
				}
			}
			if got.Unit != "index" {
				t.Errorf("map unit = %q, want index", got.Unit)
			}
		})

		t.Run("rankings", func(t *testing.T) {
			var got struct {
				Rankings []struct {
					Rank  int         `json:"rank"`
					Code  string      `json:"code"`
					Value json.Number `json:"value"`
				} `json:"rankings"`
			}
			getJSON(t, h, "/api/v1/rankings?indicator=vitality_index&quarter=20251&limit=3", &got)
			var codes []string
			for _, r := range got.Rankings {
				codes = append(codes, r.Code+"="+r.Value.String())
			}
			// Ties keep code order.
			if want := []string{"3110008=72.5", "3110011=60", "3110014=60"}; !slices.Equal(codes, want) {
				t.Errorf("rankings = %v, want %v", codes, want)
			}
		})

		t.Run("roll-up by 행정동", func(t *testing.T) {
			var got struct {
				Rollups []struct {
					Code       string           `json:"code"`
					Indicators map[string]value `json:"indicators"`
				} `json:"rollups"`
			}
			getJSON(t, h, "/api/v1/rollups/dong?quarter=20251", &got)
			// 11110515: (72.5 × 149,264 + 60 × (26,913 + 63,411 + 69,399 +
			// 38,280)) / 347,267 m² = 65.3728…; 11140670: 3110055's own 40.
			want := map[string]value{
				"11110515": {Value: json.Number("65.37"), Flags: []string{"from_dong"}},
				"11140670": {Value: json.Number("40"), Flags: []string{}},
			}
			for _, r := range got.Rollups {
				w, ok := want[r.Code]
				if !ok {
					continue
				}
				delete(want, r.Code)
				if v := r.Indicators["vitality_index"]; v.Value != w.Value || !slices.Equal(v.Flags, w.Flags) {
					t.Errorf("roll-up %s vitality_index = %v %v, want %v %v", r.Code, v.Value, v.Flags, w.Value, w.Flags)
				}
			}
			if len(want) > 0 {
				t.Errorf("roll-ups lack %v", want)
			}
		})

		t.Run("catalog", func(t *testing.T) {
			var got struct {
				Indicators []struct{ Key, Name, Unit, Source string } `json:"indicators"`
			}
			getJSON(t, h, "/api/v1/catalog", &got)
			i := slices.IndexFunc(got.Indicators, func(d struct{ Key, Name, Unit, Source string }) bool { return d.Key == "vitality_index" })
			if i < 0 || got.Indicators[i].Name != "상권 활력지수" || got.Indicators[i].Unit != "index" || got.Indicators[i].Source != "서울신용보증재단" {
				t.Errorf("catalog lacks vitality_index 상권 활력지수 (index, 서울신용보증재단): %+v", got.Indicators)
			}
		})
	})
}
