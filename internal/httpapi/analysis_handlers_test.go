package httpapi_test

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/demo"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// demoAPI is the API over the synthetic demo city on the engine named,
// built once per engine: the analysis endpoints need every dataset, which
// the demo city has.
func demoAPI(t testing.TB, engine string) http.Handler {
	t.Helper()
	return newAPI(demoStore(t, engine))
}

// demoStore is the database of demoAPI.
func demoStore(t testing.TB, engine string) *store.DB {
	t.Helper()
	return sharedStore(t, engine, "demo", func(db *store.DB) error {
		files, err := demo.Generate(filepath.Join(tmpRoot, "demo-"+engine), demo.Options{Seed: 1})
		if err != nil {
			return err
		}
		in := &ingest.Ingester{DB: db}
		for _, f := range files {
			if _, err := in.File(context.Background(), f); err != nil {
				return err
			}
		}
		return nil
	})
}

func post(t *testing.T, h http.Handler, target, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, target, strings.NewReader(body)))
	return rec
}

func TestIndicatorsEndpoint(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		var got struct {
			District   struct{ Code string }
			Quarter    string
			Industry   string
			Indicators map[string]struct {
				Value   any
				Unit    string
				Version string
				Flags   []string
			}
		}
		getJSON(t, h, "/api/v1/districts/3190001/indicators?quarter=20252&industry=CS100001", &got)
		if got.District.Code != "3190001" || got.Quarter != "20252" || got.Industry != "CS100001" {
			t.Fatalf("answer for %+v", got)
		}
		for _, key := range []string{"sales_amount", "sales_count", "ticket_avg", "sales_per_store", "sales_qoq_pct",
			"sales_yoy_pct", "weekend_share", "foot_traffic_total", "foot_traffic_per_km2", "stores", "similar_stores",
			"franchise_share", "open_rate", "close_rate", "change_index", "change_index_reproduced", "startup_risk",
			"evaluation_score", "evaluation_grade", "saturation"} {
			v, ok := got.Indicators[key]
			if !ok || v.Version == "" || v.Flags == nil {
				t.Errorf("indicator %s = %+v, want a value with version and flags", key, v)
			}
		}
		for _, key := range []string{"weekend_share", "franchise_share", "open_rate", "close_rate", "sales_qoq_pct"} {
			if u := got.Indicators[key].Unit; u != "%" {
				t.Errorf("%s unit %q, want %%", key, u)
			}
		}
		// Without a quarter, the latest is used.
		var latest struct{ Quarter string }
		getJSON(t, h, "/api/v1/districts/3190001/indicators", &latest)
		if latest.Quarter != "20254" {
			t.Errorf("default quarter %s, want the latest, 20254", latest.Quarter)
		}
	})
}

func TestAnalysisEndpoints(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		var cmp struct {
			Districts []struct{ District struct{ Code string } }
		}
		getJSON(t, h, "/api/v1/compare?codes=3190001,3190002,3190003&quarter=20252", &cmp)
		if len(cmp.Districts) != 3 || cmp.Districts[2].District.Code != "3190003" {
			t.Errorf("compare = %+v", cmp)
		}
		var sim struct{ Similar []struct{ Code string } }
		getJSON(t, h, "/api/v1/districts/3190001/similar?quarter=20252&k=3", &sim)
		if len(sim.Similar) != 3 {
			t.Errorf("similar = %+v", sim)
		}
		var rk struct {
			Rankings []struct {
				Rank  int
				Code  string
				Name  string
				Value float64
			}
		}
		getJSON(t, h, "/api/v1/rankings?indicator=sales_amount&quarter=20252&order=asc&limit=3", &rk)
		if len(rk.Rankings) != 3 || rk.Rankings[0].Value > rk.Rankings[1].Value || rk.Rankings[0].Rank != 1 {
			t.Errorf("rankings = %+v", rk)
		}
		type ranking struct {
			Rankings []struct {
				Code  string
				Flags []string
			}
			MinStores      *int `json:"min_stores"`
			BelowMinStores *int `json:"below_min_stores"`
		}
		var base, all ranking
		getJSON(t, h, "/api/v1/rankings?indicator=close_rate&quarter=20252&industry=CS100001&limit=1650", &base)
		getJSON(t, h, "/api/v1/rankings?indicator=close_rate&quarter=20252&industry=CS100001&limit=1650&min_stores=0", &all)
		if base.MinStores == nil || *base.MinStores != 3 || base.BelowMinStores == nil || *all.MinStores != 0 ||
			len(base.Rankings)+*base.BelowMinStores != len(all.Rankings) || base.Rankings[0].Flags == nil {
			t.Errorf("close_rate rankings: min_stores %v, %d ranked, below %v, flags %v; with min_stores=0: %d ranked; want 3, the rest counted, and flags",
				*base.MinStores, len(base.Rankings), *base.BelowMinStores, base.Rankings[0].Flags, len(all.Rankings))
		}
		var ru struct {
			Level   string
			Rollups []struct {
				Code      string
				Districts int
			}
		}
		getJSON(t, h, "/api/v1/rollups/gu?quarter=20252", &ru)
		total := 0
		for _, r := range ru.Rollups {
			total += r.Districts
		}
		var zones struct{ Districts []struct{ Code string } }
		getJSON(t, h, "/api/v1/districts?type=U", &zones)
		if want := 120 - len(zones.Districts); ru.Level != "gu" || total != want {
			t.Errorf("roll-ups cover %d districts, want the 120 but the %d 관광특구: %d", total, len(zones.Districts), want)
		}
		var hs struct {
			Hotspots []struct {
				Code    string
				Z, P, Q float64
				Class   string
			}
		}
		getJSON(t, h, "/api/v1/hotspots?indicator=foot_traffic_per_km2&quarter=20252&band_m=1500", &hs)
		if len(hs.Hotspots) != 120 {
			t.Errorf("%d hot-spot results, want 120", len(hs.Hotspots))
		}
		rec := post(t, h, "/api/v1/analysis/area", `{"circle":{"lon":126.98,"lat":37.57,"radius_m":3000},"quarter":"20252"}`)
		if rec.Code != http.StatusOK {
			t.Fatalf("area: status %d: %s", rec.Code, rec.Body)
		}
		var area struct {
			AreaM2     float64 `json:"area_m2"`
			Indicators map[string]json.RawMessage
			Districts  []struct {
				Code   string
				Weight float64
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &area); err != nil {
			t.Fatal(err)
		}
		for _, d := range area.Districts {
			if d.Weight <= 0 || d.Weight > 1 {
				t.Errorf("area district %s weight %v, want (0, 1]", d.Code, d.Weight)
			}
		}
		if area.Indicators["sales_amount"] == nil {
			t.Errorf("area report has no sales_amount: %s", rec.Body)
		}
	})
}

func TestAnalysisErrors(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		cases := []errorCase{
			{name: "indicators bad quarter", target: "/api/v1/districts/3190001/indicators?quarter=2025Q1", status: 400, code: "bad_request"},
			{name: "indicators bad industry", target: "/api/v1/districts/3190001/indicators?industry=chicken", status: 400, code: "bad_request"},
			{name: "indicators unknown district", target: "/api/v1/districts/3999999/indicators", status: 404, code: "not_found"},
			{name: "compare five", target: "/api/v1/compare?codes=3190001,3190002,3190003,3190004,3190005", status: 400, code: "bad_request"},
			{name: "compare bad code", target: "/api/v1/compare?codes=3190001,abc", status: 400, code: "bad_request"},
			{name: "compare nothing", target: "/api/v1/compare", status: 400, code: "bad_request"},
			{name: "similar bad k", target: "/api/v1/districts/3190001/similar?k=many", status: 400, code: "bad_request"},
			{name: "rankings no indicator", target: "/api/v1/rankings", status: 400, code: "bad_request"},
			{name: "rankings unknown indicator", target: "/api/v1/rankings?indicator=happiness", status: 400, code: "bad_request"},
			{name: "rankings bad order", target: "/api/v1/rankings?indicator=sales_amount&order=up", status: 400, code: "bad_request"},
			{name: "rankings bad limit", target: "/api/v1/rankings?indicator=sales_amount&limit=0x10", status: 400, code: "bad_request"},
			{name: "rankings bad min_stores", target: "/api/v1/rankings?indicator=close_rate&min_stores=-1", status: 400, code: "bad_request"},
			{name: "rollups bad level", target: "/api/v1/rollups/city", status: 400, code: "bad_request"},
			{name: "hotspots bad band", target: "/api/v1/hotspots?indicator=sales_amount&band_m=far", status: 400, code: "bad_request"},
			{name: "hotspots band too small", target: "/api/v1/hotspots?indicator=sales_amount&band_m=10", status: 400, code: "bad_request"},
			{name: "area by GET", target: "/api/v1/analysis/area", status: 405, code: "method_not_allowed", allow: "POST"},
		}
		runErrorCases(t, h, cases)
		for _, body := range []string{``, `{`, `{"circle":{"lon":127,"lat":37.5,"radius_m":10}}`, `{"square":1}`,
			`{"polygon":{"type":"Point","coordinates":[127,37.5]}}`} {
			rec := post(t, h, "/api/v1/analysis/area", body)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), `"bad_request"`) {
				t.Errorf("POST area %s: status %d %s, want 400 bad_request", body, rec.Code, rec.Body)
			}
		}
	})
}

// TestAreaShapes checks that a shape the area analysis cannot measure is
// refused with its reason, never answered with numbers or a crash: a
// Feature without geometry (it used to panic), a ring that crosses itself
// (it used to get 0 m² and the sales of its districts), and parts that
// overlap (they used to be counted twice).
func TestAreaShapes(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := demoAPI(t, engine)
		const square = `[[126.97,37.56],[126.99,37.56],[126.99,37.58],[126.97,37.58],[126.97,37.56]]`
		tests := []struct {
			name    string
			polygon string
			status  int
			code    string
			message string // part of the message
		}{
			{"feature without geometry", `{"type":"Feature","geometry":null}`, 400, "bad_request", "no geometry"},
			{"feature without geometry or properties", `{"type":"Feature","properties":null,"geometry":null}`, 400, "bad_request", "no geometry"},
			{"feature of a point", `{"type":"Feature","geometry":{"type":"Point","coordinates":[127,37.5]}}`, 400, "bad_request", "got Point"},
			{"empty geometry collection", `{"type":"GeometryCollection","geometries":[]}`, 400, "bad_request", "GeometryCollection"},
			{"bow-tie", `{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.58],[126.99,37.56],[126.97,37.58],[126.97,37.56]]]}`,
				422, "invalid_geometry", "ring 0 crosses itself at (126.98"},
			{"overlapping parts", `{"type":"MultiPolygon","coordinates":[[` + square + `],[[[126.98,37.57],[127.0,37.57],[127.0,37.59],[126.98,37.59],[126.98,37.57]]]]}`,
				422, "invalid_geometry", "polygons 0 and 1 overlap"},
			{"the same part twice", `{"type":"MultiPolygon","coordinates":[[` + square + `],[` + square + `]]}`,
				422, "invalid_geometry", "polygons 0 and 1 overlap"},
			{"hole outside", `{"type":"Polygon","coordinates":[` + square + `,[[127.1,37.6],[127.1,37.61],[127.11,37.61],[127.1,37.6]]]}`,
				422, "invalid_geometry", "hole 1 (ring 1) is not inside ring 0"},
			{"open ring", `{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.56],[126.99,37.58],[126.97,37.58]]]}`,
				422, "invalid_geometry", "ring 0 is not closed"},
			{"three points", `{"type":"Polygon","coordinates":[[[126.97,37.56],[126.99,37.56],[126.97,37.56]]]}`,
				422, "invalid_geometry", "at least 4"},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				rec := post(t, h, "/api/v1/analysis/area", `{"quarter":"20252","polygon":`+tc.polygon+`}`)
				wantError(t, rec, tc.status, tc.code)
				if !strings.Contains(rec.Body.String(), tc.message) {
					t.Errorf("body %s, want a message containing %q", rec.Body, tc.message)
				}
			})
		}
		// Parts that only touch are measured, and as much as the one polygon
		// they make.
		var one, two struct {
			AreaM2     float64 `json:"area_m2"`
			Indicators struct {
				SalesAmount struct{ Value float64 } `json:"sales_amount"`
			}
		}
		for _, c := range []struct {
			body string
			into any
		}{
			{`{"quarter":"20252","polygon":{"type":"Polygon","coordinates":[` + square + `]}}`, &one},
			{`{"quarter":"20252","polygon":{"type":"MultiPolygon","coordinates":[[[[126.97,37.56],[126.98,37.56],[126.98,37.58],[126.97,37.58],[126.97,37.56]]],[[[126.98,37.56],[126.99,37.56],[126.99,37.58],[126.98,37.58],[126.98,37.56]]]]}}`, &two},
		} {
			rec := post(t, h, "/api/v1/analysis/area", c.body)
			if rec.Code != http.StatusOK {
				t.Fatalf("POST area %s: status %d %s", c.body, rec.Code, rec.Body)
			}
			if err := json.Unmarshal(rec.Body.Bytes(), c.into); err != nil {
				t.Fatal(err)
			}
		}
		if d := one.AreaM2 - two.AreaM2; d > 1 || d < -1 || one.AreaM2 < 1e6 {
			t.Errorf("area of the square %v m², of its two halves %v m²; want equal", one.AreaM2, two.AreaM2)
		}
		// The halves' shared edge, straight in lon/lat, bends the projected
		// outline by centimetres: equal within 0.1 %, not twice.
		if a, b := one.Indicators.SalesAmount.Value, two.Indicators.SalesAmount.Value; a <= 0 || math.Abs(a-b) > 1e-3*a {
			t.Errorf("sales of the square %v, of its two halves %v; want equal within 0.1 %%", a, b)
		}
	})
}
