package demo

import "github.com/sangsaeng/sangsaeng/internal/geo"

// areasHeader is the header of 영역-상권 (areas_trdar_2025-12.cp949.csv).
var areasHeader = headerOf("상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,엑스좌표_값,와이좌표_값,자치구_코드,자치구_코드_명,행정동_코드,행정동_코드_명,영역_면적")

// writeAreas writes 영역-상권: one row per district, CP949, every field quoted.
func writeAreas(c *city, path string) error {
	w := newCSV(cp949Quoted, areasHeader)
	for _, d := range c.districts {
		w.texts(d.kind.code(), d.kind.name(), d.code, d.name)
		w.num(d.x)
		w.num(d.y)
		w.texts(d.dong.gu.code, d.dong.gu.name, d.dong.code, d.dong.name)
		w.num(d.area)
		w.end()
	}
	return w.save(path)
}

// polygonFields are the dbf fields of the published areas_trdar_polygons.dbf.
var polygonFields = []geo.Field{
	{Name: "TRDAR_SE_C", Type: 'C', Length: 1},
	{Name: "TRDAR_SE_1", Type: 'C', Length: 12},
	{Name: "TRDAR_CD", Type: 'C', Length: 10},
	{Name: "TRDAR_CD_N", Type: 'C', Length: 254},
	{Name: "XCNTS_VALU", Type: 'N', Length: 38},
	{Name: "YDNTS_VALU", Type: 'N', Length: 38},
	{Name: "SIGNGU_CD", Type: 'C', Length: 5},
	{Name: "SIGNGU_CD_", Type: 'C', Length: 40},
	{Name: "ADSTRD_CD", Type: 'C', Length: 8},
	{Name: "ADSTRD_CD_", Type: 'C', Length: 40},
	{Name: "RELM_AR", Type: 'N', Length: 38},
}

// writePolygons writes the 영역-상권 shapefile (.shp, .shx, .dbf, .prj, .cpg) in
// EPSG:5181 with a UTF-8 dbf: one feature per district, in the order of the areas file.
func writePolygons(c *city, path string) error {
	features := make([]geo.Feature, 0, len(c.districts))
	for _, d := range c.districts {
		features = append(features, geo.Feature{
			Attrs: map[string]string{
				"TRDAR_SE_C": d.kind.code(), "TRDAR_SE_1": d.kind.name(),
				"TRDAR_CD": d.code, "TRDAR_CD_N": d.name,
				"XCNTS_VALU": itoa(d.x), "YDNTS_VALU": itoa(d.y),
				"SIGNGU_CD": d.dong.gu.code, "SIGNGU_CD_": d.dong.gu.name,
				"ADSTRD_CD": d.dong.code, "ADSTRD_CD_": d.dong.name,
				"RELM_AR": itoa(d.area),
			},
			Geom: d.geom,
		})
	}
	return geo.WriteShapefile(path, polygonFields, features, geo.PRJ5181)
}
