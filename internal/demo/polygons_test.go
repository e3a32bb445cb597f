package demo

import (
	"math"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

func TestPolygonsReadBack(t *testing.T) {
	for _, c := range cities {
		t.Run(c.name, func(t *testing.T) {
			paths := generate(t, c.opt)
			sf, err := geo.ReadShapefile(paths["areas_trdar_polygons.shp"])
			if err != nil {
				t.Fatal(err)
			}
			if sf.PRJ != geo.PRJ5181 {
				t.Errorf("prj %q, want EPSG:5181", sf.PRJ)
			}
			areas := readTable(t, paths["areas_trdar.cp949.csv"])
			if len(sf.Features) != len(areas.rows) {
				t.Fatalf("%d features, %d districts", len(sf.Features), len(areas.rows))
			}
			var holes, multi int
			bounds := make([]orb.Bound, len(sf.Features))
			for i, f := range sf.Features {
				row := areas.rows[i]
				code := areas.str(t, row, "상권_코드")
				if f.Attrs["TRDAR_CD"] != code || f.Attrs["ADSTRD_CD"] != areas.str(t, row, "행정동_코드") {
					t.Errorf("feature %d is %s in 행정동 %s, areas row is %s", i, f.Attrs["TRDAR_CD"], f.Attrs["ADSTRD_CD"], code)
				}
				n, err := strconv.Atoi(code)
				if err != nil || n < firstCode || n > firstCode+maxDistricts-1 {
					t.Errorf("code %s outside %d…", code, firstCode)
				}
				area := geo.Area(f.Geom)
				if got := float64(areas.num(t, row, "영역_면적")); math.Abs(got-area) > 1 {
					t.Errorf("%s: 영역_면적 %.0f, polygon area %.1f", code, got, area)
				}
				if f.Attrs["RELM_AR"] != areas.str(t, row, "영역_면적") {
					t.Errorf("%s: RELM_AR %s, 영역_면적 %s", code, f.Attrs["RELM_AR"], areas.str(t, row, "영역_면적"))
				}
				centre, _ := planar.CentroidArea(f.Geom)
				x, y := float64(areas.num(t, row, "엑스좌표_값")), float64(areas.num(t, row, "와이좌표_값"))
				if math.Abs(centre[0]-x) > 0.5 || math.Abs(centre[1]-y) > 0.5 {
					t.Errorf("%s: centroid (%.1f, %.1f), file says (%.0f, %.0f)", code, centre[0], centre[1], x, y)
				}
				if !planar.MultiPolygonContains(f.Geom, orb.Point{x, y}) && len(f.Geom) == 1 && len(f.Geom[0]) == 1 {
					t.Errorf("%s: centroid outside its convex polygon", code)
				}
				bounds[i] = f.Geom.Bound()
				if bounds[i].Min[0] < 185000 || bounds[i].Max[0] > 215000 || bounds[i].Min[1] < 440000 || bounds[i].Max[1] > 465000 {
					t.Errorf("%s: bounds %v outside Seoul's extent", code, bounds[i])
				}
				for _, poly := range f.Geom {
					holes += len(poly) - 1
				}
				if len(f.Geom) > 1 {
					multi++
				}
			}
			for i := range bounds {
				for j := i + 1; j < len(bounds); j++ {
					if bounds[i].Intersects(bounds[j]) {
						t.Errorf("districts %d and %d have overlapping bounds", i, j)
					}
				}
			}
			if len(sf.Features) >= 100 && (holes < 1 || multi < 1) {
				t.Errorf("%d holes and %d multi-part districts, want some of each", holes, multi)
			}
		})
	}
}
