package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// district is a district as API v1 gives it.
type district struct {
	Code     string          `json:"code"`
	Name     string          `json:"name"`
	TypeCode string          `json:"type_code"`
	TypeName string          `json:"type_name"`
	GuCode   string          `json:"gu_code"`
	GuName   string          `json:"gu_name"`
	DongCode string          `json:"dong_code"`
	DongName string          `json:"dong_name"`
	Lon      float64         `json:"lon"`
	Lat      float64         `json:"lat"`
	AreaM2   int64           `json:"area_m2"`
	Geometry json.RawMessage `json:"geometry"`
}

// Seoul's extent in WGS84, with a margin.
const (
	lonMin, lonMax = 126.7, 127.3
	latMin, latMax = 37.4, 37.7
)

// areaRow returns the 영역-상권 source row of a district.
func areaRow(t *testing.T, code string) sourceRow {
	t.Helper()
	rows := readTable(t, "area_trdar_all.csv").where(map[string]string{"상권_코드": code})
	if len(rows) != 1 {
		t.Fatalf("area_trdar_all.csv has %d rows for district %s, want 1", len(rows), code)
	}
	return rows[0]
}

// checkDistrict compares a district of the API with its source row, field
// by field; lon and lat are derived, so only their range is checked.
func checkDistrict(t *testing.T, got district, src sourceRow) {
	t.Helper()
	for _, f := range []struct{ name, got, header string }{
		{"code", got.Code, "상권_코드"},
		{"name", got.Name, "상권_코드_명"},
		{"type_code", got.TypeCode, "상권_구분_코드"},
		{"type_name", got.TypeName, "상권_구분_코드_명"},
		{"gu_code", got.GuCode, "자치구_코드"},
		{"gu_name", got.GuName, "자치구_코드_명"},
		{"dong_code", got.DongCode, "행정동_코드"},
		{"dong_name", got.DongName, "행정동_코드_명"},
		{"area_m2", strconv.FormatInt(got.AreaM2, 10), "영역_면적"},
	} {
		if want := src.cells[f.header]; f.got != want {
			t.Errorf("district %s: %s = %q, want %q (%s, line %d)", src.cells["상권_코드"], f.name, f.got, want, f.header, src.line)
		}
	}
	if got.Lon < lonMin || got.Lon > lonMax || got.Lat < latMin || got.Lat > latMax {
		t.Errorf("district %s: lon, lat = %v, %v; want WGS84 in Seoul", got.Code, got.Lon, got.Lat)
	}
}

func TestDistricts(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := loadedAPI(t, engine)
		areas := readTable(t, "area_trdar_all.csv")
		if len(areas.rows) != 1650 {
			t.Fatalf("area_trdar_all.csv has %d districts, want 1650", len(areas.rows))
		}
		tests := []struct {
			name  string
			query string
			match func(c map[string]string) bool
			none  bool // no district matches
		}{
			{"all", "", func(c map[string]string) bool { return true }, false},
			{"type A", "type=A", func(c map[string]string) bool { return c["상권_구분_코드"] == "A" }, false},
			{"type D", "type=D", func(c map[string]string) bool { return c["상권_구분_코드"] == "D" }, false},
			{"type R", "type=R", func(c map[string]string) bool { return c["상권_구분_코드"] == "R" }, false},
			{"type U", "type=U", func(c map[string]string) bool { return c["상권_구분_코드"] == "U" }, false},
			{"gu by code", "gu=11140", func(c map[string]string) bool { return c["자치구_코드"] == "11140" }, false},
			{"gu by name", "gu=" + url.QueryEscape("중구"), func(c map[string]string) bool { return c["자치구_코드_명"] == "중구" }, false},
			{"q part of a name", "q=" + url.QueryEscape("시장"), func(c map[string]string) bool { return strings.Contains(c["상권_코드_명"], "시장") }, false},
			// Names are compared without spaces, middle dots and '?'.
			{"q without a name's spaces", "q=" + url.QueryEscape("금호역골목"), func(c map[string]string) bool {
				return strings.Contains(strings.ReplaceAll(c["상권_코드_명"], " ", ""), "금호역골목")
			}, false},
			{"q with a middle dot for a space", "q=" + url.QueryEscape("금호역·골목"), func(c map[string]string) bool {
				return strings.Contains(strings.ReplaceAll(c["상권_코드_명"], " ", ""), "금호역골목")
			}, false},
			{"q a code", "q=3001491", func(c map[string]string) bool { return c["상권_코드"] == "3001491" }, false},
			{"type and gu", "type=R&gu=" + url.QueryEscape("종로구"), func(c map[string]string) bool {
				return c["상권_구분_코드"] == "R" && c["자치구_코드_명"] == "종로구"
			}, false},
			{"type, gu and q", "type=A&gu=11680&q=" + url.QueryEscape("역"), func(c map[string]string) bool {
				return c["상권_구분_코드"] == "A" && c["자치구_코드"] == "11680" && strings.Contains(c["상권_코드_명"], "역")
			}, false},
			{"no match", "q=" + url.QueryEscape("없는상권이름"), func(c map[string]string) bool { return false }, true},
			{"type and gu that exclude each other", "type=U&gu=" + url.QueryEscape("강북구"), func(c map[string]string) bool {
				return c["상권_구분_코드"] == "U" && c["자치구_코드_명"] == "강북구"
			}, true},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				var want []string
				byCode := make(map[string]sourceRow)
				for _, r := range areas.rows {
					if tc.match(r.cells) {
						want = append(want, r.cells["상권_코드"])
						byCode[r.cells["상권_코드"]] = r
					}
				}
				slices.Sort(want)
				if tc.none != (len(want) == 0) {
					t.Fatalf("%d fixture districts match the scenario (none = %v); fix the scenario", len(want), tc.none)
				}

				var body struct {
					Districts []district `json:"districts"`
				}
				getJSON(t, h, "/api/v1/districts?"+tc.query, &body)
				if body.Districts == nil {
					t.Fatalf("districts is null, want a list ([] when none match)")
				}
				var got []string
				for _, d := range body.Districts {
					got = append(got, d.Code)
					if d.Geometry != nil {
						t.Errorf("district %s: the list carries a geometry; only GET /districts/{code} does", d.Code)
					}
					if src, ok := byCode[d.Code]; ok {
						checkDistrict(t, d, src)
					}
				}
				if !slices.Equal(got, want) {
					t.Errorf("GET /api/v1/districts?%s: %d districts, want %d ordered by code\n got %v\nwant %v", tc.query, len(got), len(want), clip(got), clip(want))
				}
			})
		}
	})
}

func clip(s []string) []string {
	if len(s) > 12 {
		return append(slices.Clip(s[:12]), "…")
	}
	return s
}

func TestDistrictsBadType(t *testing.T) {
	eachStore(t, func(t *testing.T, h http.Handler) {
		var cases []errorCase
		for _, typ := range []string{"X", "a", "AD", "골목상권", "A,D"} {
			cases = append(cases, errorCase{name: typ, target: "/api/v1/districts?type=" + url.QueryEscape(typ), status: 400, code: "bad_parameter"})
		}
		runErrorCases(t, h, cases)
	})
}

// TestDistrictsBadParameters checks that a gu that names no loaded 자치구 is
// refused as an unknown type is, and that a parameter that is not UTF-8
// (it would reach the engine) is refused naming it.
func TestDistrictsBadParameters(t *testing.T) {
	eachStore(t, func(t *testing.T, h http.Handler) {
		runErrorCases(t, h, []errorCase{
			{name: "gu not UTF-8", target: "/api/v1/districts?gu=%FF", status: 400, code: "bad_parameter"},
			{name: "q not UTF-8", target: "/api/v1/districts?q=%FF", status: 400, code: "bad_parameter"},
			{name: "q half a Korean letter", target: "/api/v1/districts?q=%EC%A4", status: 400, code: "bad_parameter"},
			{name: "name not UTF-8", target: "/api/v1/districts?%FF=1", status: 400, code: "bad_parameter"},
			{name: "quarter not UTF-8 elsewhere", target: "/api/v1/rankings?indicator=sales_amount&quarter=%C0%80", status: 400, code: "bad_parameter"},
			{name: "bad escape", target: "/api/v1/districts?q=%zz", status: 400, code: "bad_parameter"},
			{name: "unknown gu code", target: "/api/v1/districts?gu=99999", status: 400, code: "bad_parameter"},
			{name: "unknown gu name", target: "/api/v1/districts?gu=" + url.QueryEscape("없는구"), status: 400, code: "bad_parameter"},
			{name: "gu is a code or a name, not both", target: "/api/v1/districts?gu=" + url.QueryEscape("11140 중구"), status: 400, code: "bad_parameter"},
		})
		rec := serve(t, h, http.MethodGet, "/api/v1/districts?q=%FF")
		if !strings.Contains(rec.Body.String(), "parameter q is not UTF-8") {
			t.Errorf("q=%%FF: %s, want a message naming q", rec.Body)
		}
	})
	eachEngine(t, func(t *testing.T, engine string) {
		h := loadedAPI(t, engine)
		runErrorCases(t, h, []errorCase{
			{name: "rankings unknown gu", target: "/api/v1/rankings?indicator=sales_amount&gu=99999", status: 400, code: "bad_parameter"},
			{name: "rankings unknown type", target: "/api/v1/rankings?indicator=sales_amount&type=Z", status: 400, code: "bad_parameter"},
		})
		rec := serve(t, h, http.MethodGet, "/api/v1/districts?gu=99999")
		if msg := rec.Body.String(); !strings.Contains(msg, `gu \"99999\" is not a 자치구`) || !strings.Contains(msg, "5-digit code") {
			t.Errorf("gu=99999: %s, want a message naming gu and the known forms", msg)
		}
		// A known gu with no district of the type asked is still an empty list.
		var body struct{ Districts []district }
		getJSON(t, h, "/api/v1/districts?type=U&gu="+url.QueryEscape("강북구"), &body)
		if len(body.Districts) != 0 {
			t.Errorf("type=U&gu=강북구: %d districts, want none", len(body.Districts))
		}
	})
}

func TestDistrictErrors(t *testing.T) {
	eachStore(t, func(t *testing.T, h http.Handler) {
		runErrorCases(t, h, []errorCase{
			{name: "letters", target: "/api/v1/districts/abc", status: 400, code: "bad_request"},
			{name: "six digits", target: "/api/v1/districts/300149", status: 400, code: "bad_request"},
			{name: "eight digits", target: "/api/v1/districts/30014910", status: 400, code: "bad_request"},
			{name: "legacy code set", target: "/api/v1/districts/2110753", status: 400, code: "bad_request"},
			{name: "dong code", target: "/api/v1/districts/11170650", status: 400, code: "bad_request"},
			{name: "unknown district", target: "/api/v1/districts/3999999", status: 404, code: "not_found"},
		})
	})
}

// geometry is a GeoJSON Polygon or MultiPolygon, as polygons of rings of
// [lon, lat] positions.
func parseGeometry(t *testing.T, raw json.RawMessage) (typ string, polys [][][][]float64) {
	t.Helper()
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatalf("geometry %.200s: %v", raw, err)
	}
	switch g.Type {
	case "Polygon":
		var p [][][]float64
		if err := json.Unmarshal(g.Coordinates, &p); err != nil {
			t.Fatalf("Polygon coordinates: %v", err)
		}
		polys = [][][][]float64{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil {
			t.Fatalf("MultiPolygon coordinates: %v", err)
		}
	default:
		t.Fatalf("geometry type %q, want Polygon or MultiPolygon", g.Type)
	}
	return g.Type, polys
}

// checkGeometry checks a district's geometry is valid GeoJSON in WGS84 over
// Seoul, and holds the district's published centroid within its bounds.
func checkGeometry(t *testing.T, d district) string {
	t.Helper()
	typ, polys := parseGeometry(t, d.Geometry)
	if len(polys) == 0 || (typ == "MultiPolygon" && len(polys) < 2) {
		t.Errorf("district %s: %s with %d polygons", d.Code, typ, len(polys))
	}
	bmin, bmax := [2]float64{999, 999}, [2]float64{-999, -999}
	for i, p := range polys {
		if len(p) == 0 {
			t.Errorf("district %s: polygon %d has no rings", d.Code, i)
		}
		for j, ring := range p {
			if len(ring) < 4 {
				t.Errorf("district %s: polygon %d ring %d has %d positions, want at least 4", d.Code, i, j, len(ring))
				continue
			}
			if !slices.Equal(ring[0], ring[len(ring)-1]) {
				t.Errorf("district %s: polygon %d ring %d is not closed", d.Code, i, j)
			}
			for _, pos := range ring {
				if len(pos) != 2 {
					t.Fatalf("district %s: position %v, want [lon, lat]", d.Code, pos)
				}
				lon, lat := pos[0], pos[1]
				if lon < lonMin || lon > lonMax || lat < latMin || lat > latMax {
					t.Fatalf("district %s: position %v is not WGS84 [lon, lat] in Seoul", d.Code, pos)
				}
				bmin = [2]float64{min(bmin[0], lon), min(bmin[1], lat)}
				bmax = [2]float64{max(bmax[0], lon), max(bmax[1], lat)}
			}
		}
	}
	if d.Lon < bmin[0] || d.Lon > bmax[0] || d.Lat < bmin[1] || d.Lat > bmax[1] {
		t.Errorf("district %s: centroid %v, %v lies outside its polygon's bounds %v–%v", d.Code, d.Lon, d.Lat, bmin, bmax)
	}
	return typ
}

func TestDistrict(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := loadedAPI(t, engine)
		tests := []struct {
			name     string
			code     string
			geometry string // "" when the fixture Shapefile has no polygon for it
		}{
			{"tourist zone", "3001491", "Polygon"},
			{"alley market", "3110020", "Polygon"},
			{"alley market in two parts", "3110140", "MultiPolygon"},
			{"developed area in two parts", "3120054", "MultiPolygon"},
			{"traditional market", "3130002", "Polygon"},
			{"district without a polygon", "3110055", ""},
			{"tourist zone without a polygon", "3001494", ""},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				rec := serve(t, h, http.MethodGet, "/api/v1/districts/"+tc.code)
				if rec.Code != http.StatusOK {
					t.Fatalf("status %d, want 200; body %s", rec.Code, rec.Body)
				}
				var d district
				if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
					t.Fatal(err)
				}
				checkDistrict(t, d, areaRow(t, tc.code))
				if tc.geometry == "" {
					if strings.Contains(rec.Body.String(), `"geometry"`) {
						t.Errorf("district %s has no polygon, yet the answer has a geometry member: %.300s", tc.code, rec.Body)
					}
					return
				}
				if d.Geometry == nil {
					t.Fatalf("district %s: no geometry, want its %s", tc.code, tc.geometry)
				}
				if typ := checkGeometry(t, d); typ != tc.geometry {
					t.Errorf("geometry type %s, want %s", typ, tc.geometry)
				}
			})
		}
	})
}

// TestDistrictGeometryCoverage wants a geometry for exactly the districts
// of the fixture Shapefile: all of those, and a sample of the others.
func TestDistrictGeometryCoverage(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		h := loadedAPI(t, engine)
		selected := selectedCodes(t)
		if len(selected) != 102 {
			t.Fatalf("selected_trdar_codes.json lists %d districts, want 102", len(selected))
		}
		for _, code := range selected {
			var d district
			getJSON(t, h, "/api/v1/districts/"+code, &d)
			if d.Geometry == nil {
				t.Errorf("district %s is in the fixture Shapefile, yet has no geometry", code)
				continue
			}
			checkGeometry(t, d)
		}
		for i, r := range readTable(t, "area_trdar_all.csv").rows {
			code := r.cells["상권_코드"]
			if i%25 != 0 || slices.Contains(selected, code) {
				continue
			}
			var d district
			getJSON(t, h, "/api/v1/districts/"+code, &d)
			if d.Geometry != nil {
				t.Errorf("district %s is not in the fixture Shapefile, yet has a geometry", code)
			}
		}
	})
}
