package seoul

import "io"

// Decode returns a reader of r's text as UTF-8 without BOM and the encoding
// it found (UTF8, UTF8BOM or CP949), by the rules the published files need:
// a BOM means UTF-8, valid UTF-8 in the first 64 KiB means UTF-8, anything
// else is CP949.
func Decode(r io.Reader) (io.Reader, string, error) { return decode(r) }
