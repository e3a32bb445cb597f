package seoul

import (
	"bufio"
	"bytes"
	"io"
	"slices"
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
// it found (see sniffEncoding).
func decode(r io.Reader) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	enc, err := sniffEncoding(br)
	if err != nil || enc != CP949 {
		return br, enc, err
	}
	return bufio.NewReaderSize(transform.NewReader(br, korean.EUCKR.NewDecoder()), sniffSize), CP949, nil
}

// sniffEncoding tells the encoding of br's text, and skips its BOM: a BOM
// means UTF-8, valid UTF-8 in the first 64 KiB means UTF-8, anything else is
// CP949 (a superset of EUC-KR, which x/text's EUCKR decodes). br must buffer
// 64 KiB.
func sniffEncoding(br *bufio.Reader) (string, error) {
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return "", err
	}
	if bytes.HasPrefix(head, bom) {
		if _, err := br.Discard(len(bom)); err != nil {
			return "", err
		}
		return UTF8BOM, nil
	}
	if validUTF8Prefix(head, len(head) == sniffSize) {
		return UTF8, nil
	}
	return CP949, nil
}

// fromCP949 appends to dst the UTF-8 of src, whole lines of CP949 text,
// decoded as decode's reader does.
func fromCP949(dec transform.Transformer, dst, src []byte) ([]byte, error) {
	dec.Reset()
	for {
		dst = slices.Grow(dst, len(src)*3/2+16)
		nDst, nSrc, err := dec.Transform(dst[len(dst):cap(dst)], src, true)
		dst, src = dst[:len(dst)+nDst], src[nSrc:]
		if err != transform.ErrShortDst {
			return dst, err
		}
	}
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
