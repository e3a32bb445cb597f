package seoul

import (
	"path/filepath"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// TestReadPolygonsAttrs reads the fixture's real Shapefile and checks the
// name and type of a district against the published 영역-상권 row.
func TestReadPolygonsAttrs(t *testing.T) {
	dir := seoultest.Dir(t, "read the published polygons")
	polys, err := ReadPolygons(filepath.Join(dir, "fixture", "area_trdar_shp", "area_trdar.shp"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(polys) != 102 {
		t.Fatalf("%d polygons, want the fixture's 102", len(polys))
	}
	byCode := make(map[string]Polygon)
	for _, p := range polys {
		byCode[p.Code] = p
	}
	// 20233,U,관광특구,3001491,이태원 관광특구 in the fixture's 길단위인구.
	p, ok := byCode["3001491"]
	if !ok {
		t.Fatal("no polygon for 3001491")
	}
	if p.Name != "이태원 관광특구" || p.TypeCode != "U" || p.TypeName != "관광특구" {
		t.Errorf("3001491: name %q type %q %q, want 이태원 관광특구 U 관광특구", p.Name, p.TypeCode, p.TypeName)
	}
}
