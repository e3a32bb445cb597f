package seoul

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors for files that are recognised and refused.
var (
	// ErrLegacy marks a file of the pre-2023 district code set.
	ErrLegacy = errors.New("legacy pre-2023 district code set")
	// ErrUnknownFormat marks a file that is not a dataset sangsaeng reads.
	ErrUnknownFormat = errors.New("not a recognised dataset")
	// ErrSidecar marks a Shapefile's companion file (.dbf, .shx, ...), read
	// together with its .shp and never on its own.
	ErrSidecar = errors.New("shapefile companion file")
)

// Error says where in which file a problem is: Pos is "line 12" for CSV,
// "record 3" for JSON and Shapefile records, "" for the file as a whole.
type Error struct {
	File   string
	Pos    string
	Column string
	Reason string
	Err    error // wrapped sentinel, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos != "" {
		b.WriteString(": " + e.Pos)
	}
	if e.Column != "" {
		b.WriteString(": column " + e.Column)
	}
	b.WriteString(": " + e.Reason)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

func lineErr(file string, line int, column, format string, args ...any) *Error {
	return &Error{File: file, Pos: fmt.Sprintf("line %d", line), Column: column, Reason: fmt.Sprintf(format, args...)}
}

// Warning counts the rows of a file that break one published identity.
type Warning struct {
	Code      string `json:"code"`
	Message   string `json:"message"`
	Count     int    `json:"count"`
	FirstLine int    `json:"first_line"`
}
