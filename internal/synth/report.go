package synth

import (
	"cmp"
	"slices"
)

// Report is synth.json: what was read, what was made of it, and every
// published figure that the raw feeds do not give back under fuse's rules,
// with the reason.
type Report struct {
	Version       string     `json:"sangsaeng_version,omitempty"`
	FusionVersion int        `json:"fusion_version"`
	Seed          uint64     `json:"seed"`
	Scale         int        `json:"scale"`
	K             int        `json:"k"`
	Format        string     `json:"format,omitempty"`
	Inputs        []FileNote `json:"inputs"`
	// Quarters are the quarters of each dataset read; fuse them all
	// (--quarters) to compare every published row.
	Quarters map[string][]string `json:"quarters"`
	Outputs  map[string]int64    `json:"outputs"`

	Placement PlacementReport `json:"placement"`
	Stores    DatasetReport   `json:"stores"`
	Sales     DatasetReport   `json:"sales"`
	Foot      DatasetReport   `json:"foot_traffic"`
}

// PlacementReport tells where merchants and cells went.
type PlacementReport struct {
	Districts int `json:"districts"`
	// Shared lists the districts with no area of their own (all of it lies
	// in another district too, such as a 관광특구 over them): their
	// merchants stand in the overlap with one other district and are taken
	// off that district's synthetic population.
	Shared []string `json:"shared_districts"`
	// SharedCells lists the districts with no 50 m cell of their own; their
	// foot traffic is put in cells they share and taken off the others'.
	SharedCells []string `json:"shared_cell_districts"`
	// NoPolygon lists districts of the published rows missing from --areas.
	NoPolygon []string `json:"no_polygon,omitempty"`
	Merchants int      `json:"merchants"`
	Cells     int      `json:"cells"`
}

// DatasetReport is what one dataset came to.
type DatasetReport struct {
	Rows       int          `json:"published_rows"`
	Slices     int          `json:"slices,omitempty"`
	Notes      []string     `json:"notes,omitempty"`
	Deviations []*Deviation `json:"deviations"`
}

// A Deviation is a kind of published figure that cannot be reproduced.
type Deviation struct {
	Kind   string   `json:"kind"`
	Reason string   `json:"reason"`
	Count  int      `json:"count"`
	Keys   []string `json:"keys"`
}

// deviate records one case of a kind of deviation.
func (d *DatasetReport) deviate(kind, reason, key string) {
	for _, v := range d.Deviations {
		if v.Kind == kind {
			v.Count++
			v.Keys = append(v.Keys, key)
			return
		}
	}
	d.Deviations = append(d.Deviations, &Deviation{Kind: kind, Reason: reason, Count: 1, Keys: []string{key}})
}

// Deviation returns the deviation of a kind, nil if none.
func (d *DatasetReport) Deviation(kind string) *Deviation {
	for _, v := range d.Deviations {
		if v.Kind == kind {
			return v
		}
	}
	return nil
}

func (d *DatasetReport) sort() {
	for _, v := range d.Deviations {
		slices.Sort(v.Keys)
	}
	slices.SortFunc(d.Deviations, func(a, b *Deviation) int { return cmp.Compare(a.Kind, b.Kind) })
}
