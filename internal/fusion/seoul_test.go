package fusion

import (
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// seoulDistricts returns the published district polygons, code → polygon in
// EPSG:5181, and the codes of the tourist special zones (관광특구, type U),
// which overlay other districts; it skips when SANGSAENG_SEOUL_DATA is not
// set.
func seoulDistricts(tb testing.TB) (polys map[string]orb.MultiPolygon, overlays map[string]bool) {
	tb.Helper()
	dir := seoultest.Dir(tb, "test against the published polygons")
	sf, err := geo.ReadShapefile(filepath.Join(dir, "published", "areas_trdar_polygons.shp"))
	if err != nil {
		tb.Fatal(err)
	}
	if !geo.IsEPSG5181(sf.PRJ) {
		tb.Fatalf("polygons are not in EPSG:5181: %s", sf.PRJ)
	}
	polys = make(map[string]orb.MultiPolygon, len(sf.Features))
	overlays = map[string]bool{}
	for _, f := range sf.Features {
		code := f.Attrs["TRDAR_CD"]
		if _, dup := polys[code]; dup || code == "" {
			tb.Fatalf("TRDAR_CD %q empty or repeated", code)
		}
		polys[code] = f.Geom
		if f.Attrs["TRDAR_SE_C"] == "U" {
			overlays[code] = true
		}
	}
	return polys, overlays
}

// insidePoint returns a point of mp's interior that no district of the
// same layer (overlays or not) holds, found on ever finer grids over mp's
// bound.
func insidePoint(polys map[string]orb.MultiPolygon, bounds map[string]orb.Bound, overlays map[string]bool, code string) (orb.Point, bool) {
	mp, b := polys[code], bounds[code]
	for n := 4; n <= 128; n *= 2 {
		for i := range n {
			for j := range n {
				p := orb.Point{
					b.Min[0] + (float64(i)+0.5)*(b.Max[0]-b.Min[0])/float64(n),
					b.Min[1] + (float64(j)+0.5)*(b.Max[1]-b.Min[1])/float64(n),
				}
				if !geo.Contains(mp, p) {
					continue
				}
				if holders := containing(polys, bounds, p); len(holders) == 1 ||
					len(holders) == 2 && overlays[holders[0]] != overlays[holders[1]] {
					return p, true
				}
			}
		}
	}
	return orb.Point{}, false
}

// containing returns the codes of the districts that hold p, by brute
// force over their bounds, sorted.
func containing(polys map[string]orb.MultiPolygon, bounds map[string]orb.Bound, p orb.Point) []string {
	var codes []string
	for code, mp := range polys {
		if bounds[code].Contains(p) && geo.Contains(mp, p) {
			codes = append(codes, code)
		}
	}
	slices.Sort(codes)
	return codes
}

// TestSeoulHolders places a point inside every district: it counts there,
// and where a tourist special zone overlays another district, in both.
func TestSeoulHolders(t *testing.T) {
	polys, overlays := seoulDistricts(t)
	isOverlay := func(code string) bool { return overlays[code] }
	d := NewDistricts(polys)
	if d.Len() != len(polys) {
		t.Fatalf("indexed %d districts of %d", d.Len(), len(polys))
	}
	bounds := make(map[string]orb.Bound, len(polys))
	for code, mp := range polys {
		bounds[code] = mp.Bound()
	}
	inOverlay := 0
	for code := range polys {
		p, ok := insidePoint(polys, bounds, overlays, code)
		if !ok {
			t.Errorf("district %s: no point inside found", code)
			continue
		}
		// insidePoint's point lies in one district of each layer at most.
		want := containing(polys, bounds, p)
		if len(want) > 1 {
			inOverlay++
		}
		lon, lat := geo.FromEPSG5181(p[0], p[1])
		if got := d.Holders(lon, lat, isOverlay, nil); !slices.Equal(got, want) {
			t.Errorf("district %s: point %v held by %q, want %q", code, p, got, want)
		}
	}
	t.Logf("%d districts placed, %d of them (%d tourist zones) at a point in a tourist zone", len(polys), inOverlay, len(overlays))
	if got := d.Holders(126.0, 36.0, isOverlay, nil); got != nil {
		t.Errorf("Holders(126, 36) = %q, want no district", got)
	}
}

// TestSeoulCellShares splits a 2 km square round Seoul City Hall into 100 m
// cells: the districts' areas summed over the cells must match their areas
// clipped to the whole square. The tourist special zones overlay other
// districts, so only the other districts' fractions of a cell sum to at
// most 1.
func TestSeoulCellShares(t *testing.T) {
	polys, overlays := seoulDistricts(t)
	d := NewDistricts(polys)
	const side, cellM = 2000.0, 100.0
	cx, cy := geo.ToEPSG5179(126.9780, 37.5665) // Seoul City Hall
	sx, sy := math.Round(cx/cellM)*cellM-side/2, math.Round(cy/cellM)*cellM-side/2

	got := map[string]float64{}
	for i := range int(side / cellM) {
		for j := range int(side / cellM) {
			x, y := sx+float64(i)*cellM, sy+float64(j)*cellM
			shares := d.CellShares(x, y, cellM)
			var s float64
			for _, sh := range shares {
				if !overlays[sh.Code] {
					s += sh.Fraction
				}
			}
			if s > 1+1e-9 {
				t.Errorf("cell (%v, %v): fractions %v sum to %v without tourist zones", x, y, shares, s)
			}
			area := geo.Area(orb.MultiPolygon{{rect5179To5181(x, y, cellM, cellM)}})
			for _, sh := range shares {
				got[sh.Code] += sh.Fraction * area
			}
		}
	}

	square := orb.MultiPolygon{{rect5179To5181(sx, sy, side, side)}}
	want := map[string]float64{}
	for i, mp := range d.polys {
		if a := geo.IntersectionArea(mp, square); a > 0 {
			want[d.codes[i]] = a
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d districts in the square round City Hall", len(want))
	}
	worst := 0.0
	for code, w := range want {
		rel := math.Abs(got[code]-w) / w
		worst = max(worst, rel)
		if rel > 1e-3 && math.Abs(got[code]-w) > 1e-3 {
			t.Errorf("district %s: cells add up to %.3f m², clipped to the square %.3f m²", code, got[code], w)
		}
	}
	for code, g := range got {
		if _, ok := want[code]; !ok && g > 1e-3 {
			t.Errorf("district %s: %.6f m² from cells, none in the square", code, g)
		}
	}
	t.Logf("%d districts in the square; worst relative difference %.2g", len(want), worst)
}

// seoulBound is a box round Seoul in WGS84.
var seoulBound = orb.Bound{Min: orb.Point{126.76, 37.41}, Max: orb.Point{127.19, 37.72}}

func BenchmarkHolders(b *testing.B) {
	polys, overlays := seoulDistricts(b)
	isOverlay := func(code string) bool { return overlays[code] }
	d := NewDistricts(polys)
	r := rand.New(rand.NewPCG(5, 6))
	pts := make([]orb.Point, 1_000_000)
	for i := range pts {
		pts[i] = orb.Point{
			seoulBound.Min[0] + r.Float64()*(seoulBound.Max[0]-seoulBound.Min[0]),
			seoulBound.Min[1] + r.Float64()*(seoulBound.Max[1]-seoulBound.Min[1]),
		}
	}
	located := 0
	var buf []string
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		if buf = d.Holders(p[0], p[1], isOverlay, buf); len(buf) > 0 {
			located++
		}
	}
	b.ReportMetric(float64(located)/float64(b.N), "located/op")
}

func BenchmarkCellShares(b *testing.B) {
	polys, _ := seoulDistricts(b)
	d := NewDistricts(polys)
	x0, y0 := geo.ToEPSG5179(seoulBound.Min[0], seoulBound.Min[1])
	x1, y1 := geo.ToEPSG5179(seoulBound.Max[0], seoulBound.Max[1])
	r := rand.New(rand.NewPCG(7, 8))
	cells := make([]orb.Point, 10_000)
	for i := range cells {
		cells[i] = orb.Point{
			math.Floor((x0+r.Float64()*(x1-x0))/100) * 100,
			math.Floor((y0+r.Float64()*(y1-y0))/100) * 100,
		}
	}
	shares := 0
	for i := 0; b.Loop(); i++ {
		c := cells[i%len(cells)]
		shares += len(d.CellShares(c[0], c[1], 100))
	}
	b.ReportMetric(float64(shares)/float64(b.N), "shares/op")
}
