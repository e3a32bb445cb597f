package seoul

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// Polygon is one district's boundary from the 영역-상권 Shapefile, in the
// published EPSG:5181 metres.
type Polygon struct {
	Record   int // 1-based record number in the file
	Code     string
	Name     string // TRDAR_CD_N (상권_코드_명), empty when the .dbf has no such field
	TypeCode string // TRDAR_SE_C (상권_구분_코드): A, D, R or U
	TypeName string // TRDAR_SE_1 (상권_구분_코드_명)
	Geom     orb.MultiPolygon
}

// polygonAttrs names the .dbf fields of the published Shapefile that
// Polygon carries besides the code; the .dbf truncates names to 10 bytes.
var polygonAttrs = struct{ name, typeCode, typeName string }{"TRDAR_CD_N", "TRDAR_SE_C", "TRDAR_SE_1"}

// ReadPolygons reads the 영역-상권 Shapefile at shpPath (with its .dbf and
// .prj). It refuses a file in another projection, records without a valid
// district code, codes that known rejects and codes given twice.
func ReadPolygons(shpPath string, known Validator) ([]Polygon, error) {
	shp, err := geo.ReadShapefile(shpPath)
	if err != nil {
		return nil, err
	}
	if shp.PRJ == "" {
		return nil, &Error{File: shpPath, Reason: fmt.Sprintf("no %s beside it: a Shapefile must declare its projection, and 영역-상권 is published in EPSG:5181 with its .prj; put the .prj that came with it in the same folder",
			strings.TrimSuffix(filepath.Base(shpPath), filepath.Ext(shpPath))+".prj")}
	}
	if !geo.IsEPSG5181(shp.PRJ) {
		return nil, &Error{File: shpPath, Reason: "projection is not Korea 2000 / Central Belt (EPSG:5181), as 영역-상권 is published"}
	}
	field := ""
	for _, f := range shp.Fields {
		if normHeader(f.Name) == "trdar_cd" || f.Name == "상권_코드" {
			field = f.Name
		}
	}
	if field == "" {
		return nil, &Error{File: shpPath, Reason: "no TRDAR_CD (상권_코드) field in the .dbf", Err: ErrUnknownFormat}
	}
	if len(shp.Features) == 0 {
		return nil, &Error{File: shpPath, Reason: "no records: the Shapefile holds no district; nothing was stored"}
	}
	out := make([]Polygon, 0, len(shp.Features))
	first := make(map[string]int)
	for i, f := range shp.Features {
		rec := i + 1
		pos := fmt.Sprintf("record %d", rec)
		code := f.Attrs[field]
		switch {
		case LegacyCode(code):
			return nil, &Error{File: shpPath, Pos: pos, Column: field, Err: ErrLegacy,
				Reason: fmt.Sprintf("district code %s is of the legacy pre-2023 code set; load a current release", code)}
		case !ValidCode(code):
			return nil, &Error{File: shpPath, Pos: pos, Column: field, Reason: fmt.Sprintf("not a district code: %q", code)}
		case known != nil && !known(code):
			return nil, &Error{File: shpPath, Pos: pos, Column: field, Reason: fmt.Sprintf("unknown district code %s (not in the loaded 영역-상권; load that first)", code)}
		case len(f.Geom) == 0:
			return nil, &Error{File: shpPath, Pos: pos, Reason: fmt.Sprintf("district %s has no polygon", code)}
		}
		for _, attr := range []string{polygonAttrs.name, polygonAttrs.typeName} {
			if v := f.Attrs[attr]; !utf8.ValidString(v) || strings.ContainsRune(v, utf8.RuneError) {
				return nil, &Error{File: shpPath, Pos: pos, Column: attr,
					Reason: fmt.Sprintf("bytes that are not valid text in the .dbf's encoding (its .cpg; CP949 without one): %q", v)}
			}
		}
		if r, dup := first[code]; dup {
			return nil, &Error{File: shpPath, Pos: pos, Column: field, Reason: fmt.Sprintf("duplicate district code %s (first at record %d)", code, r)}
		}
		first[code] = rec
		out = append(out, Polygon{Record: rec, Code: code, Geom: f.Geom,
			Name: f.Attrs[polygonAttrs.name], TypeCode: f.Attrs[polygonAttrs.typeCode], TypeName: f.Attrs[polygonAttrs.typeName]})
	}
	return out, nil
}
