// Package duckbatch is sangsaeng's DuckDB batch machinery: the private work
// space that fuses raw feeds (Fusion) and the Parquet helpers. It reads and
// writes files, never the application database, which is package store's.
package duckbatch

import (
	"regexp"
	"strings"
)

// Options tune the batch engine.
type Options struct {
	// MemoryLimit caps DuckDB's buffer memory, e.g. "256MB"; "" leaves
	// DuckDB's default (80% of RAM). Past it, DuckDB spills to disk.
	MemoryLimit string
}

var sizePattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$`)

// validSize reports whether s is a DuckDB memory size such as 256MB.
func validSize(s string) bool { return sizePattern.MatchString(s) }

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
