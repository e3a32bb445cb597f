package synth

import (
	"fmt"
	"io"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// A measure is one published sales measure (amounts or counts) of a slice.
type measure struct {
	Total, Weekday, Weekend int64
	Days                    [7]int64
	Bands                   [6]int64
	Sexes                   [2]int64
	Ages                    [6]int64
}

// salesRow is a published 추정매출-상권 row.
type salesRow struct {
	Amount, Count measure
}

// storesRow is a published 점포-상권 row.
type storesRow struct {
	Stores, Similar, Opened, Closed, Franchise int64
	OpenRate, CloseRate                        float64
}

// footRow is a published 길단위인구-상권 row.
type footRow struct {
	Total int64
	Sexes [2]int64
	Ages  [6]int64
	Bands [6]int64
	Days  [7]int64
}

// sliceKey names a district × industry (industry empty for foot traffic).
type sliceKey struct {
	Code, Industry string
}

// rowKey names a published row.
type rowKey struct {
	sliceKey
	Q quarter
}

func (k rowKey) String() string {
	if k.Industry == "" {
		return fmt.Sprintf("%s/%s", k.Q, k.Code)
	}
	return fmt.Sprintf("%s/%s/%s", k.Q, k.Code, k.Industry)
}

// Published is what was read of the published files: the rows of the three
// datasets synth disaggregates, and a note on every file.
type Published struct {
	Sales  map[rowKey]salesRow
	Stores map[rowKey]storesRow
	Foot   map[rowKey]footRow
	Files  []FileNote
	// Replaced lists rows given again by a later file with other values;
	// the later file's values are kept, as ingest keeps the later release.
	Replaced map[string][]string
}

// FileNote is what synth made of one input file.
type FileNote struct {
	Path     string   `json:"path"`
	Dataset  string   `json:"dataset,omitempty"`
	Rows     int      `json:"rows"`
	Quarters []string `json:"quarters,omitempty"`
	Skipped  string   `json:"skipped,omitempty"`
}

// NewPublished returns an empty set of published rows.
func NewPublished() *Published {
	return &Published{
		Sales:    map[rowKey]salesRow{},
		Stores:   map[rowKey]storesRow{},
		Foot:     map[rowKey]footRow{},
		Replaced: map[string][]string{},
	}
}

// Add reads one published CSV file, telling its dataset from its header.
// Files of other datasets, and files that are no published CSV, are noted
// as skipped, not refused; a bad row of a dataset synth reads is an error.
func (p *Published) Add(r io.Reader, path string) (FileNote, error) {
	note := FileNote{Path: path}
	rows, err := seoul.ReadCSV(r, path, nil)
	if err != nil {
		// A file whose header is no published dataset's is not one of ours.
		note.Skipped = "not a published CSV file synth reads: " + err.Error()
		p.Files = append(p.Files, note)
		return note, nil
	}
	s := rows.Schema()
	note.Dataset = string(s.Dataset)
	switch s.Dataset {
	case seoul.Sales, seoul.Stores, seoul.FootTraffic:
	default:
		note.Skipped = "dataset " + string(s.Dataset) + " is not disaggregated"
		p.Files = append(p.Files, note)
		return note, nil
	}
	col := func(name string) int {
		i := s.Col(name)
		if i < 0 {
			panic("synth: no column " + name + " in schema " + string(s.Dataset))
		}
		return i
	}
	cq, cc := s.QuarterCol(), s.CodeCol()
	ci := s.Col("industry_code")
	dst := make([]any, len(s.Columns))
	for {
		_, err := rows.Next(dst)
		if err == io.EOF {
			break
		}
		if err != nil {
			return note, err
		}
		q, err := parseQuarter(dst[cq].(string))
		if err != nil {
			return note, fmt.Errorf("%s: %w", path, err)
		}
		k := rowKey{sliceKey{Code: dst[cc].(string)}, q}
		if ci >= 0 {
			k.Industry = dst[ci].(string)
		}
		i64 := func(name string) int64 { return dst[col(name)].(int64) }
		note.Rows++
		switch s.Dataset {
		case seoul.Sales:
			v := salesRow{Amount: readMeasure(i64, "amount"), Count: readMeasure(i64, "count")}
			if old, ok := p.Sales[k]; ok && old != v {
				p.Replaced[string(s.Dataset)] = append(p.Replaced[string(s.Dataset)], k.String())
			}
			p.Sales[k] = v
		case seoul.Stores:
			v := storesRow{Stores: i64("stores"), Similar: i64("similar_stores"), Opened: i64("opened"),
				Closed: i64("closed"), Franchise: i64("franchise_stores"),
				OpenRate: dst[col("open_rate")].(float64), CloseRate: dst[col("close_rate")].(float64)}
			if old, ok := p.Stores[k]; ok && old != v {
				p.Replaced[string(s.Dataset)] = append(p.Replaced[string(s.Dataset)], k.String())
			}
			p.Stores[k] = v
		case seoul.FootTraffic:
			var v footRow
			v.Total = i64("total")
			for i := range v.Sexes {
				v.Sexes[i] = i64(seoul.SexCol("foot", i))
			}
			for i := range v.Ages {
				v.Ages[i] = i64(seoul.AgeCol("foot", i))
			}
			for i := range v.Bands {
				v.Bands[i] = i64(seoul.TimeCol("foot", i))
			}
			for i := range v.Days {
				v.Days[i] = i64(seoul.DayCol("foot", i))
			}
			if old, ok := p.Foot[k]; ok && old != v {
				p.Replaced[string(s.Dataset)] = append(p.Replaced[string(s.Dataset)], k.String())
			}
			p.Foot[k] = v
		}
	}
	_, note.Quarters, _ = rows.Result()
	p.Files = append(p.Files, note)
	return note, nil
}

func readMeasure(i64 func(string) int64, m string) measure {
	v := measure{Total: i64(m), Weekday: i64("weekday_" + m), Weekend: i64("weekend_" + m)}
	for i := range v.Days {
		v.Days[i] = i64(seoul.DayCol(m, i))
	}
	for i := range v.Bands {
		v.Bands[i] = i64(seoul.TimeCol(m, i))
	}
	for i := range v.Sexes {
		v.Sexes[i] = i64(seoul.SexCol(m, i))
	}
	for i := range v.Ages {
		v.Ages[i] = i64(seoul.AgeCol(m, i))
	}
	return v
}

// sortedKeys returns a map's row keys in order: code, industry, quarter.
func sortedKeys[V any](m map[rowKey]V) []rowKey {
	keys := make([]rowKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareRowKeys)
	return keys
}

func compareRowKeys(a, b rowKey) int {
	if a.Code != b.Code {
		if a.Code < b.Code {
			return -1
		}
		return 1
	}
	if a.Industry != b.Industry {
		if a.Industry < b.Industry {
			return -1
		}
		return 1
	}
	return int(a.Q) - int(b.Q)
}
