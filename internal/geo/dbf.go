package geo

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The .dbf layout is dBase III as Shapefiles use it: a 32-byte header,
// 32-byte field descriptors closed by 0x0D, fixed-width records each led by
// a deletion flag (' ' or '*'), and a closing 0x1A.
const (
	dbfVersion   = 0x03
	dbfHeaderLen = 32
	dbfFieldLen  = 32
	dbfHeaderEnd = 0x0D
	dbfFileEnd   = 0x1A
	dbfDeleted   = '*'
)

// decodeDBF returns the fields of a .dbf table and its records as maps from
// field name to value trimmed of padding; a deleted record is a nil map.
// decode turns the file's bytes into text.
func decodeDBF(data []byte, decode func([]byte) (string, error)) ([]Field, []map[string]string, error) {
	if len(data) < dbfHeaderLen {
		return nil, nil, fmt.Errorf("truncated: %d bytes, a header needs %d", len(data), dbfHeaderLen)
	}
	numRecords := int64(le.Uint32(data[4:]))
	headerLen := int(le.Uint16(data[8:]))
	recordLen := int(le.Uint16(data[10:]))
	if headerLen > len(data) {
		return nil, nil, fmt.Errorf("truncated: header gives %d header bytes, file has %d", headerLen, len(data))
	}

	var (
		fields  []Field
		offsets []int
		seen    = map[string]bool{}
	)
	width := 1 // the deletion flag
	for at := dbfHeaderLen; ; at += dbfFieldLen {
		if at >= headerLen {
			return nil, nil, errors.New("field descriptors run past the header")
		}
		if data[at] == dbfHeaderEnd {
			break
		}
		if at+dbfFieldLen > headerLen {
			return nil, nil, errors.New("field descriptors run past the header")
		}
		d := data[at : at+dbfFieldLen]
		rawName, _, _ := bytes.Cut(d[:11], []byte{0})
		name, err := decode(rawName)
		if err != nil {
			return nil, nil, fmt.Errorf("field %d: %w", len(fields)+1, err)
		}
		f := Field{Name: strings.TrimSpace(name), Type: d[11], Length: int(d[16]), Decimals: int(d[17])}
		if seen[f.Name] {
			return nil, nil, fmt.Errorf("duplicate field %q", f.Name)
		}
		seen[f.Name] = true
		fields = append(fields, f)
		offsets = append(offsets, width)
		width += f.Length
	}
	if width > recordLen {
		return nil, nil, fmt.Errorf("fields need %d bytes per record, header gives %d", width, recordLen)
	}
	if need := int64(headerLen) + numRecords*int64(recordLen); need > int64(len(data)) {
		return nil, nil, fmt.Errorf("truncated: %d records need %d bytes, file has %d", numRecords, need, len(data))
	}

	rows := make([]map[string]string, numRecords)
	for i := range rows {
		rec := data[headerLen+i*recordLen : headerLen+(i+1)*recordLen]
		if rec[0] == dbfDeleted {
			continue
		}
		row := make(map[string]string, len(fields))
		for j, f := range fields {
			v, err := decode(rec[offsets[j] : offsets[j]+f.Length])
			if err != nil {
				return nil, nil, fmt.Errorf("record %d: field %s: %w", i+1, f.Name, err)
			}
			row[f.Name] = strings.Trim(v, " \x00")
		}
		rows[i] = row
	}
	return fields, rows, nil
}

// encodeDBF returns a .dbf table of fields with one record per row, its
// text in UTF-8. Text values are padded on the right, numbers on the left;
// a row may leave fields out (written blank) but may not name others.
func encodeDBF(fields []Field, rows []map[string]string) ([]byte, error) {
	recordLen := 1 // the deletion flag
	known := make(map[string]bool, len(fields))
	for _, f := range fields {
		if err := validateField(f); err != nil {
			return nil, err
		}
		if known[f.Name] {
			return nil, fmt.Errorf("duplicate field %q", f.Name)
		}
		known[f.Name] = true
		recordLen += f.Length
	}
	headerLen := dbfHeaderLen + dbfFieldLen*len(fields) + 1
	if headerLen > math.MaxUint16 || recordLen > math.MaxUint16 {
		return nil, fmt.Errorf("%d fields of %d bytes in all are too many for a .dbf", len(fields), recordLen-1)
	}
	if int64(len(rows)) > math.MaxUint32 {
		return nil, fmt.Errorf("%d records are too many for a .dbf", len(rows))
	}

	b := make([]byte, 0, headerLen+len(rows)*recordLen+1)
	// The last-update date is fixed at 1995-07-26, as shapelib writes it,
	// so that the same input always gives the same bytes.
	b = append(b, dbfVersion, 95, 7, 26)
	b = le.AppendUint32(b, uint32(len(rows)))
	b = le.AppendUint16(b, uint16(headerLen))
	b = le.AppendUint16(b, uint16(recordLen))
	b = append(b, make([]byte, dbfHeaderLen-12)...)
	for _, f := range fields {
		d := make([]byte, dbfFieldLen)
		copy(d, f.Name)
		d[11], d[16], d[17] = f.Type, byte(f.Length), byte(f.Decimals)
		b = append(b, d...)
	}
	b = append(b, dbfHeaderEnd)

	for i, row := range rows {
		for name := range row {
			if !known[name] {
				return nil, fmt.Errorf("feature %d: %q is not a field", i+1, name)
			}
		}
		b = append(b, ' ')
		for _, f := range fields {
			cell, err := formatCell(f, row[f.Name])
			if err != nil {
				return nil, fmt.Errorf("feature %d: field %s: %w", i+1, f.Name, err)
			}
			b = append(b, cell...)
		}
	}
	return append(b, dbfFileEnd), nil
}

// validateField checks that f can be written to a .dbf header.
func validateField(f Field) error {
	switch {
	case f.Name == "" || len(f.Name) > 10 || strings.IndexByte(f.Name, 0) >= 0:
		return fmt.Errorf("field %q: name must be 1 to 10 bytes without NUL", f.Name)
	case f.Type != 'C' && f.Type != 'N':
		return fmt.Errorf("field %s: type %q, want 'C' or 'N'", f.Name, f.Type)
	case f.Length < 1 || f.Length > 254:
		return fmt.Errorf("field %s: length %d, want 1 to 254", f.Name, f.Length)
	case f.Decimals < 0 || f.Decimals >= f.Length || (f.Type == 'C' && f.Decimals != 0):
		return fmt.Errorf("field %s: %d decimals do not fit a %c field of length %d", f.Name, f.Decimals, f.Type, f.Length)
	}
	return nil
}

// formatCell returns v padded to the width of field f.
func formatCell(f Field, v string) (string, error) {
	if len(v) > f.Length {
		return "", fmt.Errorf("value %q is %d bytes, field is %d wide", v, len(v), f.Length)
	}
	pad := strings.Repeat(" ", f.Length-len(v))
	if f.Type == 'C' {
		return v + pad, nil
	}
	if v != "" {
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return "", fmt.Errorf("value %q is not a number", v)
		}
	}
	return pad + v, nil
}
