package geo

import (
	"math"
	"strings"
)

// The Korea 2000 datum is used as identical to WGS84, as PROJ does for
// EPSG:5181/5179 → EPSG:4326 (EPSG "Korea 2000 to WGS 84 (1)" is a null
// transformation); longitudes and latitudes here are in degrees.
var (
	centralBelt = newTransverseMercator(127, 38, 1, 200000, 500000)          // EPSG:5181
	unifiedCS   = newTransverseMercator(127.5, 38, 0.9996, 1000000, 2000000) // EPSG:5179
)

// FromEPSG5181 returns the WGS84 longitude and latitude of a point given in
// Korea 2000 / Central Belt (EPSG:5181) easting x and northing y, in metres.
func FromEPSG5181(x, y float64) (lon, lat float64) { return centralBelt.inverse(x, y) }

// ToEPSG5181 returns the Korea 2000 / Central Belt (EPSG:5181) easting and
// northing of a WGS84 longitude and latitude.
func ToEPSG5181(lon, lat float64) (x, y float64) { return centralBelt.forward(lon, lat) }

// FromEPSG5179 returns the WGS84 longitude and latitude of a point given in
// Korea 2000 / Unified CS (EPSG:5179) easting x and northing y, in metres.
func FromEPSG5179(x, y float64) (lon, lat float64) { return unifiedCS.inverse(x, y) }

// ToEPSG5179 returns the Korea 2000 / Unified CS (EPSG:5179) easting and
// northing of a WGS84 longitude and latitude.
func ToEPSG5179(lon, lat float64) (x, y float64) { return unifiedCS.forward(lon, lat) }

// PRJ5181 is the ESRI .prj text for EPSG:5181, exactly as the Seoul
// open-data portal publishes it with its district polygons.
const PRJ5181 = `PROJCS["Korea_2000_Korea_Central_Belt",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",500000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]`

// IsEPSG5181 reports whether prj, the WKT1 text of a .prj file (ESRI or
// OGC flavour), describes Korea 2000 / Central Belt: Transverse Mercator on
// the GRS80 spheroid with central meridian 127°, latitude of origin 38°,
// scale factor 1, false easting 200000 m and false northing 500000 m.
// Names are not compared, only the parameters.
func IsEPSG5181(prj string) bool {
	root, err := parseWKT(prj)
	if err != nil || !strings.EqualFold(root.keyword, "PROJCS") {
		return false
	}
	geog := root.child("GEOGCS")
	spheroid := geog.child("DATUM").child("SPHEROID")
	if !spheroid.numberIs(1, 6378137, 0) || !spheroid.numberIs(2, 298.257222101, 1e-7) {
		return false
	}
	if !geog.child("PRIMEM").numberIs(1, 0, 0) ||
		!geog.child("UNIT").numberIs(1, math.Pi/180, 1e-15) ||
		!root.child("UNIT").numberIs(1, 1, 0) {
		return false
	}
	if name, ok := root.child("PROJECTION").text(0); !ok || normalizeWKTName(name) != "transversemercator" {
		return false
	}
	want := map[string]float64{
		"centralmeridian":  127,
		"latitudeoforigin": 38,
		"scalefactor":      1,
		"falseeasting":     200000,
		"falsenorthing":    500000,
	}
	for _, p := range root.children("PARAMETER") {
		name, _ := p.text(0)
		key := normalizeWKTName(name)
		w, pending := want[key]
		if !pending {
			continue
		}
		if !p.numberIs(1, w, 1e-9) {
			return false
		}
		delete(want, key)
	}
	return len(want) == 0
}
