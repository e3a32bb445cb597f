package seoul

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validator answers whether a district or 행정동 code is known. A nil
// Validator accepts every well-formed code.
type Validator func(code string) bool

// rowParser turns the cells of one row into typed values and keeps what a
// whole file is checked for: sum identities and quarters. (Duplicate keys are
// a property of the whole file, checked where the whole file is: the store.)
type rowParser struct {
	file   string
	schema *Schema
	colOf  []int // schema column of each cell
	known  Validator
	// encoding names the file's encoding in errors about its bytes.
	encoding string

	quarterCol int
	ints       []int64   // the Int values of the current row, by schema column
	floats     []float64 // the Float values of the ranged columns of the current row
	checks     []compiledCheck
	ranges     []compiledRange
	warnings   []Warning // one per check, then one per range
	quarters   map[string]bool
	// lastQuarter is the quarter of the previous row, to skip the map.
	lastQuarter []byte
	rows        int
}

type compiledCheck struct {
	SumCheck
	total int
	parts []int
}

type compiledRange struct {
	RangeCheck
	col int
}

func newRowParser(file string, s *Schema, colOf []int, known Validator) *rowParser {
	p := &rowParser{file: file, schema: s, colOf: colOf, ints: make([]int64, len(s.Columns)),
		floats: make([]float64, len(s.Columns)), quarterCol: s.QuarterCol(), quarters: make(map[string]bool)}
	if !s.DefinesCodes {
		p.known = known
	}
	for _, c := range s.Checks {
		cc := compiledCheck{SumCheck: c, total: s.Col(c.Total)}
		for _, part := range c.Parts {
			cc.parts = append(cc.parts, s.Col(part))
		}
		p.checks = append(p.checks, cc)
		p.warnings = append(p.warnings, Warning{Code: c.Name, Message: checkMessage(s, c)})
	}
	for _, r := range s.Ranges {
		p.ranges = append(p.ranges, compiledRange{RangeCheck: r, col: s.Col(r.Column)})
		p.warnings = append(p.warnings, Warning{Code: r.Name, Message: fmt.Sprintf("%s > %g", s.Columns[s.Col(r.Column)].Header, r.Max)})
	}
	return p
}

// ranged reports whether schema column j has a range check, so that its
// value must be read even where the fast path would pass the cell on.
func (p *rowParser) ranged(j int) bool {
	for _, r := range p.ranges {
		if r.col == j {
			return true
		}
	}
	return false
}

func checkMessage(s *Schema, c SumCheck) string {
	msg := ""
	for i, part := range c.Parts {
		if i > 0 {
			msg += " + "
		}
		msg += s.Columns[s.Col(part)].Header
	}
	msg += " ≠ " + s.Columns[s.Col(c.Total)].Header
	if c.Tolerance > 0 {
		msg += fmt.Sprintf(" (by more than %d)", c.Tolerance)
	}
	return msg
}

// parse fills dst (one value per schema column: string, int64 or float64)
// from the cells of the row at line.
func (p *rowParser) parse(line int, cells []string, dst []any) error {
	for j, c := range p.schema.Columns {
		dst[j] = zero(c)
		p.ints[j], p.floats[j] = 0, 0
	}
	for i, cell := range cells {
		j := p.colOf[i]
		if j < 0 {
			continue
		}
		v, err := p.value(line, p.schema.Columns[j], cell)
		if err != nil {
			return err
		}
		dst[j] = v
		switch x := v.(type) {
		case int64:
			p.ints[j] = x
		case float64:
			p.floats[j] = x
		}
	}
	quarter := ""
	if p.quarterCol >= 0 {
		quarter = dst[p.quarterCol].(string)
	}
	p.endRow(line, quarter)
	return nil
}

// endRow records a parsed row: its sums (p.ints) are checked and its
// quarter is noted.
func (p *rowParser) endRow(line int, quarter string) {
	for i := range p.checks {
		p.check(line, i)
	}
	for i, r := range p.ranges {
		if p.floats[r.col] > r.Max {
			p.warn(line, len(p.checks)+i)
		}
	}
	if p.quarterCol >= 0 {
		p.seeQuarter(quarter)
	}
	p.rows++
}

// seeQuarter notes a row's quarter; q may be a view of a reused buffer.
func (p *rowParser) seeQuarter(q string) {
	if string(p.lastQuarter) == q {
		return
	}
	if !p.quarters[q] {
		p.quarters[strings.Clone(q)] = true
	}
	p.lastQuarter = append(p.lastQuarter[:0], q...)
}

// zero is a column's value when its cell is empty: 0 as published, or nil
// (unknown) for an optional column the file does not have.
func zero(c Column) any {
	if c.Optional {
		return nil
	}
	switch c.Kind {
	case Int:
		return int64(0)
	case Float:
		return float64(0)
	}
	return ""
}

func (p *rowParser) value(line int, c Column, cell string) (any, error) {
	switch c.Kind {
	case Int:
		return p.count(line, c, cell)
	case Float:
		return p.decimal(line, c, cell)
	}
	if err := p.text(line, c, cell); err != nil {
		return nil, err
	}
	return cell, nil
}

// count parses the cell of an Int column.
func (p *rowParser) count(line int, c Column, cell string) (int64, error) {
	if cell == "" && c.NoEmpty {
		return 0, lineErr(p.file, line, c.Header, "empty value")
	}
	n, err := parseCount(cell)
	if err != nil {
		return 0, lineErr(p.file, line, c.Header, "%v: %q", err, cell)
	}
	return n, nil
}

// decimal parses the cell of a Float column.
func (p *rowParser) decimal(line int, c Column, cell string) (float64, error) {
	if cell == "" {
		if c.NoEmpty {
			return 0, lineErr(p.file, line, c.Header, "empty value")
		}
		return 0, nil
	}
	f, err := strconv.ParseFloat(cell, 64)
	if err != nil || strings.ContainsAny(cell, "xX") {
		return 0, lineErr(p.file, line, c.Header, "not a number: %q", cell)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, lineErr(p.file, line, c.Header, "not a finite number: %q", cell)
	}
	if f < 0 {
		return 0, lineErr(p.file, line, c.Header, "negative value: %q", cell)
	}
	return f, nil
}

// text checks the cell of a column kept as text (every Kind but Int and
// Float). It does not keep cell, which may be a view of a reused buffer.
func (p *rowParser) text(line int, c Column, cell string) error {
	if !utf8.ValidString(cell) || strings.ContainsRune(cell, utf8.RuneError) {
		// A decoder turns bytes invalid in the file's encoding into
		// U+FFFD; storing it would lose the text without a word.
		enc := p.encoding
		if enc == "" {
			enc = "text"
		}
		return lineErr(p.file, line, c.Header, "bytes that are not valid %s (or U+FFFD, the mark of text already lost): %q; fix the file or save it again in UTF-8", enc, cell)
	}
	if cell == "" && c.NoEmpty {
		return lineErr(p.file, line, c.Header, "empty value")
	}
	switch c.Kind {
	case Place:
		if len(cell) == 8 {
			return p.text(line, Column{Header: c.Header, Kind: Dong}, cell)
		}
		return p.text(line, Column{Header: c.Header, Kind: Code}, cell)
	case Quarter:
		if !ValidQuarter(cell) {
			return lineErr(p.file, line, c.Header, "not a quarter (yyyyq): %q", cell)
		}
	case Code:
		if LegacyCode(cell) {
			e := lineErr(p.file, line, c.Header, "district code %s is of the legacy pre-2023 code set, which does not join with current codes; load a current release", cell)
			e.Err = ErrLegacy
			return e
		}
		if !ValidCode(cell) {
			return lineErr(p.file, line, c.Header, "not a district code: %q", cell)
		}
		if p.known != nil && !p.known(cell) {
			return lineErr(p.file, line, c.Header, "unknown district code %s (not in the loaded 영역-상권; load that first)", cell)
		}
	case Dong:
		if !ValidDongCode(cell) {
			return lineErr(p.file, line, c.Header, "not a 행정동 code: %q", cell)
		}
		if p.known != nil && !p.known(cell) {
			return lineErr(p.file, line, c.Header, "unknown 행정동 code %s (not in the loaded 영역-상권 or 영역-행정동)", cell)
		}
	case Label:
		if !slices.Contains([]string{"HH", "HL", "LH", "LL"}, cell) {
			return lineErr(p.file, line, c.Header, "not a change-index label (HH, HL, LH, LL): %q", cell)
		}
	}
	return nil
}

// parseCount parses a non-negative integer as published: "" is 0 and a
// decimal with only zeros after the point ("126315.0") is an integer.
func parseCount(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	if s[0] == '-' {
		return 0, fmt.Errorf("negative value")
	}
	var n int64
	i := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		if n > (1<<63-1-9)/10 {
			return 0, fmt.Errorf("number out of range")
		}
		n = n*10 + int64(s[i]-'0')
	}
	if i == 0 && (len(s) == 1 || s[0] != '.') {
		return 0, fmt.Errorf("not a number")
	}
	if i < len(s) {
		if s[i] != '.' || i+1 == len(s) {
			return 0, fmt.Errorf("not a number")
		}
		for _, r := range s[i+1:] {
			if r < '0' || r > '9' {
				return 0, fmt.Errorf("not a number")
			}
			if r != '0' {
				return 0, fmt.Errorf("not an integer")
			}
		}
	}
	return n, nil
}

// check counts a warning if the row in p.ints breaks check i.
func (p *rowParser) check(line, i int) {
	c := &p.checks[i]
	var sum int64
	for _, j := range c.parts {
		sum += p.ints[j]
	}
	diff := sum - p.ints[c.total]
	if diff < 0 {
		diff = -diff
	}
	if diff > c.Tolerance {
		p.warn(line, i)
	}
}

// result is what a file's rows add up to once all are read.
func (p *rowParser) result() (warnings []Warning, quarters []string) {
	for _, w := range p.warnings {
		if w.Count > 0 {
			warnings = append(warnings, w)
		}
	}
	for q := range p.quarters {
		quarters = append(quarters, q)
	}
	slices.Sort(quarters)
	return warnings, quarters
}

// warn counts the row at line against warning i.
func (p *rowParser) warn(line, i int) {
	w := &p.warnings[i]
	if w.Count == 0 {
		w.FirstLine = line
	}
	w.Count++
}
