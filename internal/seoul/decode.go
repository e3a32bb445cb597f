package seoul

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

// Encodings a published file may come in.
const (
	UTF8    = "UTF-8"
	UTF8BOM = "UTF-8 with BOM"
	CP949   = "CP949"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// sniffSize is how much of a file decides its encoding.
const sniffSize = 64 << 10

// decode returns a reader of r's text as UTF-8 without BOM, and the encoding
// it found: a BOM means UTF-8, valid UTF-8 in the first 64 KiB means UTF-8,
// anything else is CP949 (a superset of EUC-KR, which x/text's EUCKR decodes).
func decode(r io.Reader) (io.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "", err
	}
	if bytes.HasPrefix(head, bom) {
		if _, err := br.Discard(len(bom)); err != nil {
			return nil, "", err
		}
		return br, UTF8BOM, nil
	}
	if validUTF8Prefix(head, len(head) == sniffSize) {
		return br, UTF8, nil
	}
	return transform.NewReader(br, korean.EUCKR.NewDecoder()), CP949, nil
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing a rune cut at
// the end when b is only the start of the input.
func validUTF8Prefix(b []byte, truncated bool) bool {
	if truncated {
		for i := 0; i < utf8.UTFMax-1 && len(b) > 0; i++ {
			if utf8.Valid(b) {
				return true
			}
			b = b[:len(b)-1]
		}
	}
	return utf8.Valid(b)
}
