package geo

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"
	"golang.org/x/text/encoding/korean"
)

// Field describes one attribute column of a Shapefile's .dbf table.
type Field struct {
	Name     string // at most 10 bytes
	Type     byte   // 'C' (text) or 'N' (number, stored as text)
	Length   int    // width in bytes, 1 to 254
	Decimals int    // digits after the decimal point; 0 for 'C'
}

// Feature is one record of a Shapefile.
type Feature struct {
	// Attrs maps each field name to its value, trimmed of padding.
	Attrs map[string]string
	// Geom is in the file's CRS, nil for a null shape. Rings are closed;
	// outer rings run clockwise and holes counter-clockwise, as in the file.
	Geom orb.MultiPolygon
}

// Shapefile is a polygon Shapefile: geometry, attribute table and CRS.
type Shapefile struct {
	Fields   []Field
	Features []Feature
	PRJ      string // contents of the .prj file, "" if absent
}

// ReadShapefile reads the polygon Shapefile at shpPath (…/name.shp) with its
// .dbf table, and its .prj and .cpg when present. The .dbf text is UTF-8
// when the .cpg says so (UTF-8 or 65001), CP949 otherwise. Records marked
// deleted in the .dbf are left out. The .shx index is not needed.
func ReadShapefile(shpPath string) (*Shapefile, error) {
	siblingPath, err := siblings(shpPath)
	if err != nil {
		return nil, err
	}
	shp, err := os.ReadFile(shpPath)
	if err != nil {
		return nil, fmt.Errorf("read shapefile: %w", err)
	}
	dbfPath := siblingPath(".dbf")
	dbf, err := os.ReadFile(dbfPath)
	if err != nil {
		return nil, fmt.Errorf("read shapefile: %w", err)
	}
	prj, err := readOptional(siblingPath(".prj"))
	if err != nil {
		return nil, fmt.Errorf("read shapefile: %w", err)
	}
	cpg, err := readOptional(siblingPath(".cpg"))
	if err != nil {
		return nil, fmt.Errorf("read shapefile: %w", err)
	}

	geoms, err := decodeShp(shp)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", shpPath, err)
	}
	fields, rows, err := decodeDBF(dbf, textDecoder(cpg))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dbfPath, err)
	}
	if len(rows) != len(geoms) {
		return nil, fmt.Errorf("%s: %d shapes but %s has %d records", shpPath, len(geoms), dbfPath, len(rows))
	}

	sf := &Shapefile{Fields: fields, PRJ: prj}
	for i, row := range rows {
		if row == nil {
			continue
		}
		sf.Features = append(sf.Features, Feature{Attrs: row, Geom: geoms[i]})
	}
	return sf, nil
}

// WriteShapefile writes features as a polygon Shapefile: shpPath (…/name.shp)
// and its .shx, a UTF-8 .dbf with the given fields, a .cpg saying UTF-8, and
// a .prj holding prj unless prj is "". Outer rings are written clockwise
// and holes counter-clockwise; open rings are closed. A feature with no
// geometry is written as a null shape. Reading the files back gives
// features equal to the input when its rings already follow that
// orientation, are closed, and its values carry no padding spaces.
func WriteShapefile(shpPath string, fields []Field, features []Feature, prj string) error {
	siblingPath, err := siblings(shpPath)
	if err != nil {
		return err
	}
	geoms := make([]orb.MultiPolygon, len(features))
	rows := make([]map[string]string, len(features))
	for i, f := range features {
		geoms[i], rows[i] = f.Geom, f.Attrs
	}
	shp, shx, err := encodeShp(geoms)
	if err != nil {
		return fmt.Errorf("write shapefile %s: %w", shpPath, err)
	}
	dbf, err := encodeDBF(fields, rows)
	if err != nil {
		return fmt.Errorf("write shapefile %s: %w", shpPath, err)
	}

	type output struct {
		path string
		data []byte
	}
	outputs := []output{
		{shpPath, shp},
		{siblingPath(".shx"), shx},
		{siblingPath(".dbf"), dbf},
		{siblingPath(".cpg"), []byte("UTF-8")},
	}
	if prj != "" {
		outputs = append(outputs, output{siblingPath(".prj"), []byte(prj)})
	}
	for _, o := range outputs {
		if err := os.WriteFile(o.path, o.data, 0o644); err != nil {
			return fmt.Errorf("write shapefile: %w", err)
		}
	}
	return nil
}

// siblings checks that shpPath names a .shp file and returns a function
// giving the path of its companion file with extension ext (".dbf", …),
// upper-cased when the .shp extension is.
func siblings(shpPath string) (func(ext string) string, error) {
	ext := filepath.Ext(shpPath)
	if !strings.EqualFold(ext, ".shp") {
		return nil, fmt.Errorf("%s: not a .shp path", shpPath)
	}
	base := strings.TrimSuffix(shpPath, ext)
	return func(e string) string {
		if ext == ".SHP" {
			e = strings.ToUpper(e)
		}
		return base + e
	}, nil
}

// readOptional returns the contents of the file at path, or "" if it does
// not exist.
func readOptional(path string) (string, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return string(b), err
}

// textDecoder returns the decoder for .dbf text named by the contents of a
// .cpg file: UTF-8 for "UTF-8" or "65001", CP949 for anything else,
// including no .cpg at all. Invalid UTF-8 becomes U+FFFD.
func textDecoder(cpg string) func([]byte) (string, error) {
	switch strings.ToUpper(strings.TrimSpace(cpg)) {
	case "UTF-8", "UTF8", "65001":
		return func(b []byte) (string, error) { return strings.ToValidUTF8(string(b), "\uFFFD"), nil }
	}
	dec := korean.EUCKR.NewDecoder()
	return func(b []byte) (string, error) {
		out, err := dec.Bytes(b)
		return string(out), err
	}
}
