// Package demo writes a deterministic synthetic city in exactly the file formats
// Seoul publishes for its commercial districts (상권), so the readers that ingest the
// real files ingest the demo the same way.
package demo

import (
	"fmt"
	"os"
	"path/filepath"
)

// Options says which demo city to write. The zero value is the default city.
type Options struct {
	Seed      int64
	Districts int      // number of 상권; 0 means 120
	Quarters  []string // published form "20231"; nil means 20231 … 20254
}

// dataset is one published file of the demo city.
type dataset struct {
	file  string
	write func(c *city, path string) error
}

// datasets are in a load order that works: districts, their polygons and the 행정동
// before anything keyed by them.
var datasets = []dataset{
	{"areas_trdar.cp949.csv", writeAreas},
	{"areas_trdar_polygons.shp", writePolygons},
	{"areas_dong.json", writeAreasDong},
	{"sales_trdar.utf8bom.csv", writeSales},
	{"foot_traffic_trdar.cp949.csv", writeFootTraffic},
	{"stores_trdar.utf8bom.csv", writeStores},
	{"change_index_trdar.cp949.csv", writeChangeIndex},
	{"workers_trdar.cp949.csv", writeWorkers},
	{"residents_trdar.cp949.csv", writeResidents},
	{"income_trdar.utf8bom.csv", writeIncome},
	{"facilities_trdar.cp949.csv", writeFacilities},
	{"apartments_trdar.cp949.csv", writeApartments},
	{"foot_traffic_dong.cp949.csv", writeFootTrafficDong},
	{"sales_dong.utf8bom.csv", writeSalesDong},
	{"vitality.csv", writeVitality},
}

// Generate writes the demo city into dir, creating dir if missing, and returns one
// path per dataset in a load order that works: areas first, then the area polygons
// (the .shp; its .shx, .dbf, .prj and .cpg sit next to it), areas_dong, then the rest.
// The same Options always give byte-identical files.
func Generate(dir string, opt Options) ([]string, error) {
	c, err := newCity(opt)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	paths := make([]string, 0, len(datasets))
	for _, ds := range datasets {
		p := filepath.Join(dir, ds.file)
		if err := ds.write(c, p); err != nil {
			return nil, fmt.Errorf("demo: write %s: %w", ds.file, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}
