package geo

import (
	"math"
	"testing"
)

// gridPoint is one position in a Korean grid and in WGS84, as PROJ 9.1.1
// gives it. cs2cs reads and prints EPSG:5181 and EPSG:5179 as
// "northing easting", and EPSG:4326 as "latitude longitude"; the command
// that produced each row is in its comment.
type gridPoint struct {
	name     string
	x, y     float64 // easting, northing, metres
	lon, lat float64 // degrees
}

var points5181 = []gridPoint{
	{"Jongno centroid", 197093, 453418, 126.967089568, 37.580309438},   // echo "453418 197093" | cs2cs -f %.9f EPSG:5181 EPSG:4326
	{"Gangseo", 182000, 450000, 126.796304682, 37.549342281},           // echo "450000 182000" | cs2cs -f %.9f EPSG:5181 EPSG:4326
	{"Gangdong", 213500, 448000, 127.152734920, 37.531399212},          // echo "448000 213500" | cs2cs -f %.9f EPSG:5181 EPSG:4326
	{"Dobong", 202000, 465000, 127.022673880, 37.684664028},            // echo "465000 202000" | cs2cs -f %.9f EPSG:5181 EPSG:4326
	{"Seocho", 203000, 440000, 127.033908541, 37.459412567},            // echo "440000 203000" | cs2cs -f %.9f EPSG:5181 EPSG:4326
	{"Gwanak", 191000, 442000, 126.898250022, 37.477393840},            // echo "442000 191000" | cs2cs -f %.9f EPSG:5181 EPSG:4326
	{"City Hall", 198090.648168, 451897.231347, 126.978388, 37.566610}, // echo "37.566610 126.978388" | cs2cs -f %.6f EPSG:4326 EPSG:5181
	{"Gangnam", 202441.493281, 444276.958193, 127.027610, 37.497950},   // echo "37.497950 127.027610" | cs2cs -f %.6f EPSG:4326 EPSG:5181
	{"Jamsil", 208840.976978, 445984.950885, 127.100000, 37.513300},    // echo "37.513300 127.100000" | cs2cs -f %.6f EPSG:4326 EPSG:5181
	{"Gimpo", 182417.064591, 451015.510407, 126.801000, 37.558500},     // echo "37.558500 126.801000" | cs2cs -f %.6f EPSG:4326 EPSG:5181
}

var points5179 = []gridPoint{
	{"Jongno", 953000, 1953000, 126.967733975, 37.575178459},             // echo "1953000 953000" | cs2cs -f %.9f EPSG:5179 EPSG:4326
	{"Gangnam", 960000, 1945000, 127.047441192, 37.503402675},            // echo "1945000 960000" | cs2cs -f %.9f EPSG:5179 EPSG:4326
	{"Busan west", 1140000, 1685000, 129.036975769, 35.150505733},        // echo "1685000 1140000" | cs2cs -f %.9f EPSG:5179 EPSG:4326
	{"City Hall", 953935.498331, 1952044.094675, 126.978388, 37.566610},  // echo "37.566610 126.978388" | cs2cs -f %.6f EPSG:4326 EPSG:5179
	{"Busan", 1143412.390162, 1688303.299094, 129.075000, 35.179800},     // echo "35.179800 129.075000" | cs2cs -f %.6f EPSG:4326 EPSG:5179
	{"Ulleungdo", 1301078.772862, 1948199.089647, 130.905000, 37.484000}, // echo "37.484000 130.905000" | cs2cs -f %.6f EPSG:4326 EPSG:5179
	{"Jeju", 909991.346478, 1501213.437127, 126.531000, 33.499000},       // echo "33.499000 126.531000" | cs2cs -f %.6f EPSG:4326 EPSG:5179
}

const (
	projTolerance      = 0.001 // metres from PROJ's answer; the requirement is 1 m
	roundTripTolerance = 1e-6  // metres
)

func TestProjections(t *testing.T) {
	grids := []struct {
		name   string
		from   func(x, y float64) (lon, lat float64)
		to     func(lon, lat float64) (x, y float64)
		points []gridPoint
	}{
		{"EPSG:5181", FromEPSG5181, ToEPSG5181, points5181},
		{"EPSG:5179", FromEPSG5179, ToEPSG5179, points5179},
	}
	for _, g := range grids {
		for _, p := range g.points {
			t.Run(g.name+"/"+p.name, func(t *testing.T) {
				lon, lat := g.from(p.x, p.y)
				if d := metresBetween(lon, lat, p.lon, p.lat); d > projTolerance {
					t.Errorf("from(%v, %v) = %.9f, %.9f; PROJ: %.9f, %.9f (%.4f m apart)", p.x, p.y, lon, lat, p.lon, p.lat, d)
				}
				x, y := g.to(p.lon, p.lat)
				if d := math.Hypot(x-p.x, y-p.y); d > projTolerance {
					t.Errorf("to(%v, %v) = %.6f, %.6f; PROJ: %.6f, %.6f (%.4f m apart)", p.lon, p.lat, x, y, p.x, p.y, d)
				}

				bx, by := g.to(lon, lat)
				if d := math.Hypot(bx-p.x, by-p.y); d > roundTripTolerance {
					t.Errorf("to(from(%v, %v)) = %.9f, %.9f (%.2g m off)", p.x, p.y, bx, by, d)
				}
				blon, blat := g.from(x, y)
				if d := metresBetween(blon, blat, p.lon, p.lat); d > roundTripTolerance {
					t.Errorf("from(to(%v, %v)) = %.12f, %.12f (%.2g m off)", p.lon, p.lat, blon, blat, d)
				}
			})
		}
	}
}

// metresBetween returns the great-circle distance between two WGS84
// positions on a sphere of the Earth's mean radius (haversine formula),
// which is within 0.5% of the ellipsoidal distance.
func metresBetween(lon1, lat1, lon2, lat2 float64) float64 {
	const meanRadius = 6371008.8
	rad := math.Pi / 180
	dLat, dLon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Pow(math.Sin(dLat/2), 2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Pow(math.Sin(dLon/2), 2)
	return 2 * meanRadius * math.Asin(math.Sqrt(h))
}

func TestIsEPSG5181(t *testing.T) {
	tests := []struct {
		name string
		prj  string
		want bool
	}{
		{"published ESRI text", PRJ5181, true},
		{"with surrounding whitespace", "\n " + PRJ5181 + "\r\n", true},
		{
			"GDAL WKT1 (projinfo EPSG:5181 -o WKT1_GDAL)",
			`PROJCS["Korea 2000 / Central Belt",GEOGCS["Korea 2000",DATUM["Geocentric_datum_of_Korea",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6737"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4737"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",38],PARAMETER["central_meridian",127],PARAMETER["scale_factor",1],PARAMETER["false_easting",200000],PARAMETER["false_northing",500000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","5181"]]`,
			true,
		},
		{
			"EPSG:5186, false northing 600000",
			`PROJCS["Korea_2000_Korea_Central_Belt_2010",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",600000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]`,
			false,
		},
		{
			"EPSG:2097, Bessel spheroid",
			`PROJCS["Korean_1985_Korea_Central_Belt",GEOGCS["GCS_Korean_Datum_1985",DATUM["D_Korean_Datum_1985",SPHEROID["Bessel_1841",6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",500000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]`,
			false,
		},
		{
			"same grid on the WGS84 spheroid",
			`PROJCS["x",GEOGCS["x",DATUM["x",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",500000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]`,
			false,
		},
		{
			"EPSG:5179, Unified CS",
			`PROJCS["Korea_2000_Korea_Unified_Coordinate_System",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",1000000.0],PARAMETER["False_Northing",2000000.0],PARAMETER["Central_Meridian",127.5],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]`,
			false,
		},
		{
			"feet instead of metres",
			`PROJCS["x",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["False_Northing",500000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Foot",0.3048]]`,
			false,
		},
		{
			"missing false northing",
			`PROJCS["x",GEOGCS["GCS_Korea_2000",DATUM["D_Korea_2000",SPHEROID["GRS_1980",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",200000.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Central_Meridian",127.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",38.0],UNIT["Meter",1.0]]`,
			false,
		},
		{"geographic WGS84", `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`, false},
		{"truncated", PRJ5181[:200], false},
		{"trailing garbage", PRJ5181 + "]", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsEPSG5181(tt.prj); got != tt.want {
				t.Errorf("IsEPSG5181 = %v, want %v", got, tt.want)
			}
		})
	}
}
