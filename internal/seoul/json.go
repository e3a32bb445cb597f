package seoul

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// jsonRows reads a dataset published as JSON: an object whose "DATA" member
// is an array of flat records keyed by API column names (영역-행정동).
type jsonRows struct {
	p       *rowParser
	header  []string
	records []map[string]any
	next    int
	cells   []string
}

// ReadJSON recognises a dataset published as JSON and returns its rows.
// GeoJSON boundary files are recognised and refused with the reason.
func ReadJSON(r io.Reader, file string, known Validator) (Rows, error) {
	text, _, err := decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var raw json.RawMessage
	if err := json.NewDecoder(text).Decode(&raw); err != nil {
		return nil, &Error{File: file, Reason: "invalid JSON: " + err.Error(), Err: ErrUnknownFormat}
	}
	if bytes.HasPrefix(raw, []byte("[")) {
		return nil, &Error{File: file, Reason: `a JSON array, not a dataset (영역-행정동 is an object with a "DATA" array)`, Err: ErrUnknownFormat}
	}
	var doc struct {
		Type     string           `json:"type"`
		Features []geojsonFeature `json:"features"`
		Data     []map[string]any `json:"DATA"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, &Error{File: file, Reason: "JSON of another shape, not a dataset: " + err.Error(), Err: ErrUnknownFormat}
	}
	if doc.Type == "FeatureCollection" {
		return nil, &Error{File: file, Reason: geojsonReason(doc.Features), Err: ErrUnknownFormat}
	}
	if len(doc.Data) == 0 {
		return nil, &Error{File: file, Reason: `JSON without a "DATA" array of records`, Err: ErrUnknownFormat}
	}
	var header []string
	for k := range doc.Data[0] {
		header = append(header, k)
	}
	slices.Sort(header)
	s, colOf, err := detect(file, header)
	if err != nil {
		return nil, err
	}
	p := newRowParser(file, s, colOf, known)
	p.encoding = "JSON text"
	return &jsonRows{p: p, header: header, records: doc.Data, cells: make([]string, len(header))}, nil
}

type geojsonFeature struct {
	Properties map[string]any `json:"properties"`
}

func geojsonReason(features []geojsonFeature) string {
	reason := "GeoJSON boundaries are not a dataset sangsaeng reads (district polygons come from the 영역-상권 Shapefile)"
	if len(features) > 0 {
		if c, ok := features[0].Properties["adm_cd"].(string); ok && len(c) == 7 {
			reason += fmt.Sprintf("; its adm_cd %s is a 7-digit statistics code, which does not join with 8-digit 행정동 codes", c)
		}
	}
	return reason
}

func (j *jsonRows) Schema() *Schema  { return j.p.schema }
func (j *jsonRows) Encoding() string { return "JSON" }

func (j *jsonRows) Next(dst []any) (int, error) {
	if j.next >= len(j.records) {
		return 0, io.EOF
	}
	rec := j.records[j.next]
	j.next++
	n := j.next
	if len(rec) != len(j.header) {
		return n, &Error{File: j.p.file, Pos: fmt.Sprintf("record %d", n), Reason: fmt.Sprintf("has %d fields, the first record has %d", len(rec), len(j.header))}
	}
	for i, h := range j.header {
		v, ok := rec[h]
		if !ok {
			return n, &Error{File: j.p.file, Pos: fmt.Sprintf("record %d", n), Column: h, Reason: "missing"}
		}
		switch v := v.(type) {
		case string:
			j.cells[i] = v
		case json.Number:
			j.cells[i] = v.String()
		case nil:
			j.cells[i] = ""
		default:
			return n, &Error{File: j.p.file, Pos: fmt.Sprintf("record %d", n), Column: h, Reason: fmt.Sprintf("not a string or number: %v", v)}
		}
	}
	if err := j.p.parse(n, j.cells, dst); err != nil {
		if e, ok := err.(*Error); ok {
			e.Pos = fmt.Sprintf("record %d", n)
		}
		return n, err
	}
	return n, nil
}

func (j *jsonRows) Result() ([]Warning, []string, int) {
	w, q := j.p.result()
	return w, q, j.p.rows
}
