package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

func TestCatalogAndMap(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		var cat struct {
			Indicators []struct {
				Key, Name, Unit, Version string
				Datasets                 []string
			}
			Quarters       []string
			DefaultQuarter string `json:"default_quarter"`
			Industries     []struct{ Code, Name string }
		}
		getJSON(t, h, "/api/v1/catalog", &cat)
		if len(cat.Indicators) < 20 || len(cat.Quarters) != 12 || len(cat.Industries) == 0 {
			t.Fatalf("catalog: %d indicators, %d quarters, %d industries", len(cat.Indicators), len(cat.Quarters), len(cat.Industries))
		}
		if cat.DefaultQuarter != "20254" || len(cat.Indicators[0].Datasets) == 0 {
			t.Errorf("catalog: default quarter %q, datasets of %s %v; want 20254, the demo's latest with all data, and the datasets each indicator reads",
				cat.DefaultQuarter, cat.Indicators[0].Key, cat.Indicators[0].Datasets)
		}
		var m struct {
			Indicator, Quarter, Unit string
			Values                   map[string]any
		}
		getJSON(t, h, "/api/v1/map?indicator=foot_traffic_per_km2&quarter=20252", &m)
		if len(m.Values) != 120 || m.Unit != "persons/km²" {
			t.Fatalf("map: %d values in %q, want 120 in persons/km²", len(m.Values), m.Unit)
		}
		var one struct {
			Indicators map[string]struct{ Value any }
		}
		getJSON(t, h, "/api/v1/districts/3190005/indicators?quarter=20252", &one)
		if got, want := m.Values["3190005"], one.Indicators["foot_traffic_per_km2"].Value; got != want {
			t.Errorf("map value %v, indicators answer %v", got, want)
		}
		runErrorCases(t, h, []errorCase{{name: "map unknown indicator", target: "/api/v1/map?indicator=nope", status: 400, code: "bad_request"}})
	})
}

func TestGeometryEndpoints(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		var fc struct {
			Type     string
			Features []struct {
				ID         string
				Properties struct{ Code, Name, GuCode string }
				Geometry   struct {
					Type        string
					Coordinates json.RawMessage
				}
			}
		}
		getGeoJSON(t, h, "/api/v1/geometry/districts", &fc)
		if fc.Type != "FeatureCollection" || len(fc.Features) != 120 {
			t.Fatalf("district geometry: %s with %d features, want 120", fc.Type, len(fc.Features))
		}
		for _, f := range fc.Features {
			if f.ID != f.Properties.Code || (f.Geometry.Type != "Polygon" && f.Geometry.Type != "MultiPolygon") {
				t.Fatalf("feature %+v", f)
			}
		}
		var gu struct {
			Features []struct{ Properties map[string]string }
		}
		getGeoJSON(t, h, "/api/v1/geometry/gu", &gu)
		if len(gu.Features) != 8 {
			t.Errorf("%d 자치구 outlines, want the demo's 8", len(gu.Features))
		}
	})
}

// TestGeometryForTheMap checks that the map's outlines are drawn from the
// full polygons (every vertex one of them, every polygon and ring kept, the
// bounds within a metre) and lighter — less than half the vertices of the
// real fixture's polygons; the demo's are simple already — while
// GET /api/v1/districts/{code} keeps the full polygon.
func TestGeometryForTheMap(t *testing.T) {
	tests := []struct {
		name     string
		api      func(t *testing.T, engine string) http.Handler
		features int
		share    float64 // at most this share of the vertices drawn
	}{
		{"demo", func(t *testing.T, engine string) http.Handler { return demoAPI(t, engine) }, 120, 1},
		{"fixture", loadedAPI, 102, 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, engine string) { checkMapGeometry(t, tc.api(t, engine), tc.features, tc.share) })
		})
	}
}

// checkMapGeometry checks GET /api/v1/geometry/districts of h against the
// districts' own polygons.
func checkMapGeometry(t *testing.T, h http.Handler, features int, share float64) {
	t.Helper()
	var fc struct {
		Features []struct {
			ID       string
			Geometry json.RawMessage
		}
	}
	getGeoJSON(t, h, "/api/v1/geometry/districts", &fc)
	if len(fc.Features) != features {
		t.Fatalf("%d features, want %d", len(fc.Features), features)
	}
	served, full := 0, 0
	for _, f := range fc.Features {
		var one struct{ Geometry json.RawMessage }
		getJSON(t, h, "/api/v1/districts/"+f.ID, &one)
		drawn, whole := multiPolygon(t, f.ID, f.Geometry), multiPolygon(t, f.ID, one.Geometry)
		if len(drawn) != len(whole) {
			t.Errorf("%s: %d polygons drawn, %d in the district's geometry", f.ID, len(drawn), len(whole))
			continue
		}
		points := map[orb.Point]bool{}
		for j, poly := range whole {
			if len(drawn[j]) != len(poly) {
				t.Errorf("%s polygon %d: %d rings drawn, want %d", f.ID, j, len(drawn[j]), len(poly))
			}
			for _, r := range poly {
				full += len(r)
				for _, p := range r {
					points[p] = true
				}
			}
		}
		for _, poly := range drawn {
			for _, r := range poly {
				served += len(r)
				if len(r) < 4 || r[0] != r[len(r)-1] {
					t.Errorf("%s: a ring of %d points drawn, want closed with at least 4", f.ID, len(r))
				}
				for _, p := range r {
					if !points[p] {
						t.Errorf("%s: vertex %v drawn is no vertex of the district's polygon", f.ID, p)
						break
					}
				}
			}
		}
		// 1e-5° is at most 1.1 m in Seoul
		db, wb := drawn.Bound(), whole.Bound()
		if d := max(math.Abs(db.Min[0]-wb.Min[0]), math.Abs(db.Min[1]-wb.Min[1]), math.Abs(db.Max[0]-wb.Max[0]), math.Abs(db.Max[1]-wb.Max[1])); d > 1e-5 {
			t.Errorf("%s: the drawn bounds are %.7f° off the polygon's, want within 1 m", f.ID, d)
		}
	}
	checkCompact(t, h, fc.Features)
	if float64(served) > share*float64(full) {
		t.Errorf("%d vertices drawn of the polygons' %d, want at most %.0f%%", served, full, 100*share)
	}
	t.Logf("%d vertices drawn of %d", served, full)
}

// checkCompact checks that ?format=compact holds the same outlines as the
// GeoJSON features, in the same order, and that an unknown format is refused.
func checkCompact(t *testing.T, h http.Handler, features []struct {
	ID       string
	Geometry json.RawMessage
}) {
	t.Helper()
	var c struct {
		Scale     float64
		Districts []struct {
			Code     string
			Polygons [][][]int64
		}
	}
	getJSON(t, h, "/api/v1/geometry/districts?format=compact", &c)
	if c.Scale != 1e6 || len(c.Districts) != len(features) {
		t.Fatalf("compact: scale %v, %d districts; want 1e6 and %d", c.Scale, len(c.Districts), len(features))
	}
	for i, d := range c.Districts {
		want := multiPolygon(t, features[i].ID, features[i].Geometry)
		got := orb.MultiPolygon{}
		for _, rings := range d.Polygons {
			poly := orb.Polygon{}
			for _, flat := range rings {
				var r orb.Ring
				var x, y int64
				for k := 0; k+1 < len(flat); k += 2 {
					x, y = x+flat[k], y+flat[k+1]
					r = append(r, orb.Point{float64(x) / c.Scale, float64(y) / c.Scale})
				}
				poly = append(poly, append(r, r[0]))
			}
			got = append(got, poly)
		}
		if d.Code != features[i].ID || !got.Equal(want) {
			t.Errorf("compact district %d: %s %v, want %s %v", i, d.Code, got, features[i].ID, want)
			return
		}
	}
	runErrorCases(t, h, []errorCase{{name: "geometry unknown format", target: "/api/v1/geometry/districts?format=svg", status: 400, code: "bad_parameter"}})
}

// multiPolygon decodes a GeoJSON Polygon or MultiPolygon.
func multiPolygon(t *testing.T, code string, raw json.RawMessage) orb.MultiPolygon {
	t.Helper()
	g, err := geojson.UnmarshalGeometry(raw)
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	switch c := g.Coordinates.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{c}
	case orb.MultiPolygon:
		return c
	}
	t.Fatalf("%s: a %s, want a Polygon or MultiPolygon", code, g.Type)
	return nil
}

func TestHistoryAndRecommend(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		var hist struct {
			Code     string
			Quarters []struct {
				Quarter     string
				SalesAmount *int64  `json:"sales_amount"`
				ChangeIndex *string `json:"change_index"`
			}
		}
		getJSON(t, h, "/api/v1/districts/3190001/history?industry=CS100001", &hist)
		if len(hist.Quarters) != 12 || hist.Quarters[0].Quarter != "20231" || hist.Quarters[0].SalesAmount == nil || hist.Quarters[0].ChangeIndex == nil {
			t.Fatalf("history: %+v", hist)
		}
		var rec struct {
			Industry        string
			Recommendations []struct {
				Rank    int
				Code    string
				Score   float64
				Reasons []struct {
					Key    string
					TextKo string `json:"text_ko"`
					TextEn string `json:"text_en"`
				}
			}
		}
		getJSON(t, h, "/api/v1/recommend?industry=CS100001&age=30&time=11-14&quarter=20252&limit=5", &rec)
		if len(rec.Recommendations) != 5 {
			t.Fatalf("%d recommendations, want 5", len(rec.Recommendations))
		}
		for i, r := range rec.Recommendations {
			if r.Rank != i+1 || (i > 0 && r.Score > rec.Recommendations[i-1].Score) || len(r.Reasons) != 8 {
				t.Errorf("recommendation %d: %+v — want ranked by score with 8 reasons (6 factors + 2 targets)", i, r)
			}
		}
		runErrorCases(t, h, []errorCase{
			{name: "recommend without industry", target: "/api/v1/recommend", status: 400, code: "bad_request"},
			{name: "recommend bad age", target: "/api/v1/recommend?industry=CS100001&age=70", status: 400, code: "bad_request"},
			{name: "history unknown district", target: "/api/v1/districts/3999999/history", status: 404, code: "not_found"},
		})
	})
}

func TestIndicatorDocAndGzip(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		req := httptest.NewRequest(http.MethodGet, "/docs/indicators.md", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Header().Get("Content-Encoding") != "gzip" {
			t.Fatalf("status %d, encoding %q", rec.Code, rec.Header().Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(rec.Body)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(zr)
		if !strings.Contains(string(body), "sales_per_store") {
			t.Fatalf("the indicator document does not define sales_per_store")
		}
	})
}

// getGeoJSON GETs target, wants 200 with application/geo+json and decodes it.
func getGeoJSON(t *testing.T, h http.Handler, target string, v any) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/geo+json") {
		t.Fatalf("GET %s: status %d, Content-Type %q", target, rec.Code, rec.Header().Get("Content-Type"))
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

// TestCachedWithETag checks the answers built once per data version: the
// ones the web app asks for on every load.
func TestCachedWithETag(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		for _, target := range []string{"/api/v1/geometry/districts", "/api/v1/geometry/districts?format=compact", "/api/v1/geometry/gu", "/api/v1/catalog", "/api/v1/districts"} {
			get := func(hdr map[string]string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodGet, target, nil)
				for k, v := range hdr {
					req.Header.Set(k, v)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				return rec
			}
			plain := get(nil)
			etag := plain.Header().Get("ETag")
			if plain.Code != 200 || etag == "" || plain.Header().Get("Content-Encoding") != "" {
				t.Fatalf("%s plain: status %d, ETag %q, encoding %q", target, plain.Code, etag, plain.Header().Get("Content-Encoding"))
			}
			zipped := get(map[string]string{"Accept-Encoding": "gzip"})
			if zipped.Header().Get("Content-Encoding") != "gzip" {
				t.Fatalf("%s: gzip not used: %v", target, zipped.Header())
			}
			zr, err := gzip.NewReader(zipped.Body)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(zr)
			if !bytes.Equal(body, plain.Body.Bytes()) {
				t.Fatalf("%s: gzip body (%d bytes) differs from the plain one (%d)", target, len(body), plain.Body.Len())
			}
			if again := get(map[string]string{"If-None-Match": etag, "Accept-Encoding": "gzip"}); again.Code != http.StatusNotModified || again.Body.Len() != 0 {
				t.Fatalf("%s revalidation: status %d with %d bytes, want 304 and no body", target, again.Code, again.Body.Len())
			}
		}
	})
}
