package seoul

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// UTF16Text is the encoding of a file Excel saved as "유니코드 텍스트"
// (Unicode text): UTF-16 with a byte-order mark, tab-separated.
const UTF16Text = "UTF-16 text (Excel 유니코드 텍스트, tab-separated)"

// IsUTF16 reports whether head starts with a UTF-16 byte-order mark.
func IsUTF16(head []byte) bool {
	return bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF})
}

// FromUTF16Text rewrites a UTF-16 file with a byte-order mark, its fields
// separated by tabs as Excel saves "유니코드 텍스트", as a UTF-8 CSV file
// whose rows keep their lines: a row read at line n is written at line n,
// so errors about the CSV file name the lines of the original. Bytes that
// are not UTF-16 become U+FFFD, which the readers refuse with their line.
// file names the file in errors.
func FromUTF16Text(r io.Reader, w io.Writer, file string) error {
	dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()
	cr := csv.NewReader(transform.NewReader(r, dec))
	cr.Comma = '\t'
	cr.FieldsPerRecord = -1
	cw := csv.NewWriter(w)
	next := 1 // the line the next record written starts on
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		if line > next {
			cw.Flush()
			if _, err := io.WriteString(w, strings.Repeat("\n", line-next)); err != nil {
				return err
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		next = line + newlines(rec) + 1
	}
	cw.Flush()
	return cw.Error()
}
