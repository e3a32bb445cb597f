// Package seoul reads the files Seoul publishes about its commercial districts
// (서울시 상권분석서비스): it recognises each dataset from its header, decodes
// CP949 and UTF-8, and turns rows into typed, validated values. It does no
// database I/O.
package seoul

import (
	"strings"
)

// Dataset names a published dataset; the names are part of API v1.
type Dataset string

// The datasets sangsaeng reads.
const (
	Areas           Dataset = "areas"
	AreaPolygons    Dataset = "area_polygons"
	Sales           Dataset = "sales"
	FootTraffic     Dataset = "foot_traffic"
	Stores          Dataset = "stores"
	ChangeIndex     Dataset = "change_index"
	Workers         Dataset = "workers"
	Residents       Dataset = "residents"
	Income          Dataset = "income"
	Facilities      Dataset = "facilities"
	Apartments      Dataset = "apartments"
	AreasDong       Dataset = "areas_dong"
	FootTrafficDong Dataset = "foot_traffic_dong"
	SalesDong       Dataset = "sales_dong"
	Vitality        Dataset = "vitality"
)

// Datasets lists every dataset in the order of API v1.
var Datasets = []Dataset{
	Areas, AreaPolygons, Sales, FootTraffic, Stores, ChangeIndex, Workers,
	Residents, Income, Facilities, Apartments, AreasDong, FootTrafficDong, SalesDong,
	Vitality,
}

// Title is the dataset's name on the Seoul open-data portal.
func (d Dataset) Title() string {
	switch d {
	case Areas:
		return "서울시 상권분석서비스(영역-상권)"
	case AreaPolygons:
		return "서울시 상권분석서비스(영역-상권) Shapefile"
	case AreasDong:
		return "서울시 상권분석서비스(영역-행정동)"
	case FootTrafficDong:
		return "서울시 상권분석서비스(길단위인구-행정동)"
	case SalesDong:
		return "서울시 상권분석서비스(추정매출-행정동)"
	}
	if s := SchemaOf(d); s != nil {
		return s.Title
	}
	return string(d)
}

// Quarterly reports whether the dataset is published per quarter. A release
// of a quarterly dataset replaces the quarters it covers; a release of the
// others replaces the whole dataset.
func (d Dataset) Quarterly() bool {
	switch d {
	case Areas, AreaPolygons, AreasDong:
		return false
	}
	return true
}

// ValidQuarter reports whether q is a quarter as published: "yyyyq", q in 1..4.
func ValidQuarter(q string) bool {
	if len(q) != 5 || !allDigits(q) {
		return false
	}
	return q[0] == '2' && q[4] >= '1' && q[4] <= '4'
}

// ValidCode reports whether c is a district (상권) code of the current code
// set: seven digits starting with 3.
func ValidCode(c string) bool {
	return len(c) == 7 && allDigits(c) && c[0] == '3'
}

// LegacyCode reports whether c is a district code of the pre-2023 code set
// (1xxxxxx or 2xxxxxx), which does not join with current codes.
func LegacyCode(c string) bool {
	return len(c) == 7 && allDigits(c) && (c[0] == '1' || c[0] == '2')
}

// ValidDongCode reports whether c is an 8-digit 행정동 code.
func ValidDongCode(c string) bool {
	return len(c) == 8 && allDigits(c) && strings.HasPrefix(c, "11")
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
