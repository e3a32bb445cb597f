package seoul

import (
	"bufio"
	"bytes"
	"encoding/binary"
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
// decoded as decode's reader does. Runs of ASCII are copied as they are;
// only the stretches between them go through dec.
func fromCP949(dec transform.Transformer, dst, src []byte) ([]byte, error) {
	for len(src) > 0 {
		i := 0
		for i+8 <= len(src) && binary.LittleEndian.Uint64(src[i:])&0x8080808080808080 == 0 {
			i += 8
		}
		for i < len(src) && src[i] < utf8.RuneSelf {
			i++
		}
		dst, src = append(dst, src[:i]...), src[i:]
		if len(src) == 0 {
			break
		}
		// A byte of 0x80 or more starts a character of two bytes, the
		// second of which may be ASCII; two ASCII bytes in a row end such
		// a stretch, whatever the bytes before them mean.
		k := 1
		for k < len(src) && (src[k] >= utf8.RuneSelf || src[k-1] >= utf8.RuneSelf) {
			k++
		}
		var err error
		if dst, err = transformAll(dec, dst, src[:k]); err != nil {
			return dst, err
		}
		src = src[k:]
	}
	return dst, nil
}

// transformAll appends to dst the transform of the whole of src.
func transformAll(t transform.Transformer, dst, src []byte) ([]byte, error) {
	t.Reset()
	for {
		dst = slices.Grow(dst, len(src)*3/2+16)
		nDst, nSrc, err := t.Transform(dst[len(dst):cap(dst)], src, true)
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
