package seoul

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/transform"
)

// ErrLayout marks a CSV file whose layout PreparedCSV.Rewrite leaves to
// ReadCSV: a quoted field spanning lines, a carriage return inside a line,
// a line longer than 1 MiB. Such files are valid; they are read row by row.
var ErrLayout = errors.New("layout left to the row-by-row reader")

// PreparedCSV is a published CSV file whose header PrepareCSV has read.
type PreparedCSV struct {
	Schema   *Schema
	Encoding string
	// Columns names the schema column of each column of the rewritten
	// file after the first (the line number), in order.
	Columns []string
	// Rows, Quarters and Warnings are what Rewrite found.
	Rows     int
	Quarters []string
	Warnings []Warning

	file  string
	known Validator
	colOf []int
	br    *bufio.Reader
	line  int // of the header
}

// PrepareCSV reads the header of a published CSV file and recognises its
// dataset, as ReadCSV does; Rewrite then reads the rows.
func PrepareCSV(r io.Reader, file string, known Validator) (*PreparedCSV, error) {
	br := bufio.NewReaderSize(r, sniffSize)
	enc, err := sniffEncoding(br)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	header, line, err := readHeader(br, file, enc)
	if err != nil {
		return nil, err
	}
	s, colOf, err := detect(file, header)
	if err != nil {
		return nil, err
	}
	p := &PreparedCSV{Schema: s, Encoding: enc, file: file, known: known, colOf: colOf, br: br, line: line}
	for _, j := range colOf {
		p.Columns = append(p.Columns, s.Columns[j].Name)
	}
	return p, nil
}

// Rewrite reads the rows and checks every one as ReadCSV does, failing with
// the same *Error on the first bad row; duplicate keys, a property of the
// whole file, are left to the store. It writes the rows to w for a bulk
// loader: UTF-8, no header, one "\n"-ended line per row, whose first field is
// the row's line in the source file, followed by the row's cells in the
// source's column order. Integers are written as plain digits ("126315.0" as
// 126315) and an empty cell stays empty, which means zero (or "" for text).
// Every call of w.Write holds whole lines. progress, if not nil, is called
// after each write with the rows written so far; an error from it ends the
// reading. Rows, Quarters and Warnings are set when Rewrite succeeds.
//
// The rows are checked in blocks of lines on all CPUs. A file of a layout
// Rewrite does not take fails with ErrLayout.
func (p *PreparedCSV) Rewrite(w io.Writer, progress func(rows int) error) error {
	workers := make([]*preparer, min(runtime.GOMAXPROCS(0), 8))
	for i := range workers {
		rp := newRowParser(p.file, p.Schema, p.colOf, p.known)
		rp.encoding = p.Encoding
		workers[i] = newPreparer(rp, p.Encoding)
	}
	rows, err := prepareBlocks(p.br, p.line+1, workers, w, progress)
	if err == nil && rows == 0 {
		err = &Error{Reason: NoRowsReason}
	}
	if err != nil {
		var e *Error
		if errors.As(err, &e) && e.File == "" {
			e.File = p.file
		}
		if errors.Is(err, ErrLayout) || e != nil {
			return err
		}
		return fmt.Errorf("%s: %w", p.file, err)
	}
	p.Rows = rows
	p.Warnings, p.Quarters = merge(workers)
	return nil
}

// readHeader reads the first line that is not blank and returns its cells
// and its line number.
func readHeader(br *bufio.Reader, file, enc string) ([]string, int, error) {
	for line := 1; ; line++ {
		b, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			return nil, 0, fmt.Errorf("line %d: %w", line, ErrLayout)
		}
		if err == io.EOF && len(b) == 0 {
			return nil, 0, &Error{File: file, Reason: "empty file", Err: ErrUnknownFormat}
		}
		if err != nil && err != io.EOF {
			return nil, 0, fmt.Errorf("%s: %w", file, err)
		}
		b = trimEOL(b)
		if enc == CP949 {
			if b, err = fromCP949(korean.EUCKR.NewDecoder(), nil, b); err != nil {
				return nil, 0, fmt.Errorf("%s: %w", file, err)
			}
		}
		if bytes.Count(b, []byte{'"'})%2 == 1 || bytes.IndexByte(b, '\r') >= 0 {
			// A quoted field runs on to the next line (or the quotes are
			// broken), or a carriage return is not a line's end, as for a
			// row: the row-by-row reader reads it, or says where.
			return nil, 0, fmt.Errorf("line %d: %w", line, ErrLayout)
		}
		if len(b) > 0 {
			header, err := csvLine(file, line, b)
			return header, line, err
		}
	}
}

// trimEOL drops a line's end as encoding/csv does: "\n", "\r\n", and a "\r"
// before the end of the input.
func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte{'\n'})
	return bytes.TrimSuffix(b, []byte{'\r'})
}

// blockSize is how many bytes of whole lines a worker checks at a time.
const blockSize = 1 << 20

// block is a run of whole lines of the input and what became of them.
type block struct {
	line int // of the first line
	raw  []byte
	out  []byte
	rows int
	// blank is the first line of the blank lines that end the block, or
	// 0: if a later block has a row, it is an error there.
	blank int
	err   error
	done  chan struct{}
}

// prepareBlocks cuts the rest of the input into blocks of whole lines that
// the workers check and rewrite, and writes the blocks out in order. It
// returns the rows written, or the error of the first block that has one.
func prepareBlocks(br *bufio.Reader, line int, workers []*preparer, w io.Writer, progress func(rows int) error) (int, error) {
	n := 2*len(workers) + 2 // blocks in flight, which bound the memory
	free := make(chan *block, n)
	for range n {
		free <- &block{}
	}
	jobs, order := make(chan *block, n), make(chan *block, n)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1 + len(workers))
	go func() { // the reader
		defer wg.Done()
		defer close(jobs)
		defer close(order)
		var carry []byte
		for eof := false; !eof; {
			var b *block
			select {
			case b = <-free:
			case <-quit:
				return
			}
			b.line, b.rows, b.done = line, 0, make(chan struct{})
			b.raw, eof, b.err = readLines(br, append(b.raw[:0], carry...))
			if !eof && b.err == nil {
				i := bytes.LastIndexByte(b.raw, '\n')
				carry = append(carry[:0], b.raw[i+1:]...)
				b.raw = b.raw[:i+1]
			}
			eof = eof || b.err != nil
			line += bytes.Count(b.raw, []byte{'\n'})
			order <- b
			jobs <- b
		}
	}()
	for _, pr := range workers {
		go func() {
			defer wg.Done()
			for b := range jobs {
				select {
				case <-quit:
				default:
					if b.err == nil {
						pr.block(b)
					}
				}
				close(b.done)
			}
		}()
	}
	rows, blank := 0, 0
	var err error
	for b := range order {
		<-b.done
		if err == nil {
			err = b.err
			// Blank lines that ended the blocks before, then a row (or
			// an error, which comes from a row): the blank lines are the
			// first error.
			if blank != 0 && (b.rows > 0 || (err != nil && !isSyntax(err))) {
				err = &Error{Pos: fmt.Sprintf("line %d", blank), Reason: BlankLineReason}
			}
			if b.rows > 0 || blank == 0 {
				blank = b.blank
			}
			if err == nil {
				_, err = w.Write(b.out)
				rows += b.rows
			}
			if err == nil && progress != nil {
				err = progress(rows)
			}
			if err != nil {
				close(quit)
			}
		}
		free <- b
	}
	wg.Wait()
	return rows, err
}

// readLines fills raw up to blockSize from br. Unless the input ends, raw
// then holds at least one whole line.
func readLines(br *bufio.Reader, raw []byte) ([]byte, bool, error) {
	raw = slices.Grow(raw, blockSize-len(raw))
	n, err := io.ReadFull(br, raw[len(raw):blockSize])
	raw = raw[:len(raw)+n]
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return raw, true, nil
	}
	if err != nil {
		return raw, false, err
	}
	if bytes.IndexByte(raw, '\n') < 0 {
		return raw, false, fmt.Errorf("a line longer than %d bytes: %w", blockSize, ErrLayout)
	}
	return raw, false, nil
}

// merge sums the warnings of the workers' rows and lists their quarters.
func merge(workers []*preparer) ([]Warning, []string) {
	var warnings []Warning
	for i := range workers[0].p.warnings {
		w := workers[0].p.warnings[i]
		for _, pr := range workers[1:] {
			pw := pr.p.warnings[i]
			if pw.Count > 0 && (w.Count == 0 || pw.FirstLine < w.FirstLine) {
				w.FirstLine = pw.FirstLine
			}
			w.Count += pw.Count
		}
		if w.Count > 0 {
			warnings = append(warnings, w)
		}
	}
	quarters := make(map[string]bool)
	for _, pr := range workers {
		for q := range pr.p.quarters {
			quarters[q] = true
		}
	}
	return warnings, slices.Sorted(maps.Keys(quarters))
}

// preparer checks and rewrites blocks of rows of one file, one at a time.
type preparer struct {
	p         *rowParser
	dec       transform.Transformer // from CP949, or nil
	text      []byte                // a block decoded from CP949
	out       []byte                // the block rewritten
	quarterAt int                   // the quarter's cell, or -1
	kinds     []Kind
	cells     []string
	nums      []int64 // the value of each cell of plain digits
	plain     []bool  // whether each cell is plain digits (at most 18) or empty
	csv       *csv.Reader
	src       *lineSource
}

func newPreparer(p *rowParser, enc string) *preparer {
	n := len(p.colOf)
	pr := &preparer{p: p, quarterAt: -1,
		kinds: make([]Kind, n), cells: make([]string, n), nums: make([]int64, n), plain: make([]bool, n),
		src: &lineSource{}}
	for i, j := range p.colOf {
		pr.kinds[i] = p.schema.Columns[j].Kind
		if j == p.quarterCol {
			pr.quarterAt = i
		}
	}
	pr.csv = csv.NewReader(pr.src)
	pr.csv.FieldsPerRecord = n
	pr.csv.ReuseRecord = true
	if enc == CP949 {
		pr.dec = korean.EUCKR.NewDecoder()
	}
	return pr
}

// block checks and rewrites the lines of b, up to the first error.
func (pr *preparer) block(b *block) {
	text := b.raw
	if pr.dec != nil {
		if pr.text, b.err = fromCP949(pr.dec, pr.text[:0], b.raw); b.err != nil {
			return
		}
		text = pr.text
	}
	pr.out = pr.out[:0]
	blank := 0 // the first of the blank lines since the last row
	for line := b.line; len(text) > 0; line++ {
		l := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			l, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		if l = trimEOL(l); blankLine(l) {
			if blank == 0 {
				blank = line
			}
			continue
		}
		if blank != 0 {
			// ReadCSV reads the row before it refuses the blank lines: a
			// row that is not CSV (a misplaced quote), or one left to
			// ReadCSV, is the first error.
			if err := pr.row(line, l); isSyntax(err) {
				b.err = err
				return
			}
			b.err = &Error{File: pr.p.file, Pos: fmt.Sprintf("line %d", blank), Reason: BlankLineReason}
			return
		}
		if b.err = pr.row(line, l); b.err != nil {
			return
		}
		b.rows++
	}
	b.blank = blank
	// The block keeps the rewritten bytes; the preparer takes the block's
	// old buffer for the next one.
	b.out, pr.out = pr.out, b.out
}

// isSyntax reports whether err is about the CSV itself, which ReadCSV's
// reader meets before any check of the row: a misplaced quote, or a line
// left to ReadCSV (ErrLayout).
func isSyntax(err error) bool {
	if errors.Is(err, ErrLayout) {
		return true
	}
	var e *Error
	return errors.As(err, &e) && (e.Reason == csv.ErrQuote.Error() || e.Reason == csv.ErrBareQuote.Error())
}

// blankLine reports whether a line holds nothing but spaces, tabs and
// commas: an empty line, or an empty spreadsheet row (",,,").
func blankLine(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != ',' {
			return false
		}
	}
	return true
}

// row checks the row at line and writes it.
func (pr *preparer) row(line int, b []byte) error {
	if bytes.IndexByte(b, '\r') >= 0 {
		return fmt.Errorf("line %d: carriage return inside a line: %w", line, ErrLayout)
	}
	p := pr.p
	cells := pr.cells
	quoted := bytes.IndexByte(b, '"') >= 0
	switch {
	case quoted && bytes.Count(b, []byte{'"'})%2 == 1:
		// A quoted field goes on past the line, or a quote is misplaced.
		if _, err := pr.parseLine(line, b); errors.Is(err, csv.ErrBareQuote) {
			return csvErr(p.file, err)
		}
		return fmt.Errorf("line %d: quoted field spanning lines: %w", line, ErrLayout)
	case quoted || !pr.scan(b):
		// encoding/csv splits quoted fields and says what is wrong.
		rec, err := pr.parseLine(line, b)
		if err != nil {
			return csvErr(p.file, err)
		}
		cells = rec
		for i, cell := range rec {
			pr.nums[i], pr.plain[i] = plainCount(cell)
		}
	}
	rewrite := quoted
	for i, cell := range cells {
		switch pr.kinds[i] {
		case Int:
			if !pr.plain[i] {
				n, err := p.count(line, p.schema.Columns[p.colOf[i]], cell)
				if err != nil {
					return err
				}
				pr.nums[i] = n
				rewrite = true
			}
			p.ints[p.colOf[i]] = pr.nums[i]
		case Float:
			j := p.colOf[i]
			plain := plainDecimal(cell)
			if !plain || p.ranged(j) || (cell == "" && p.schema.Columns[j].NoEmpty) {
				f, err := p.decimal(line, p.schema.Columns[j], cell)
				if err != nil {
					return err
				}
				p.floats[j] = f
				rewrite = rewrite || !plain
			}
		default:
			if err := p.text(line, p.schema.Columns[p.colOf[i]], cell); err != nil {
				return err
			}
		}
	}
	quarter := ""
	if pr.quarterAt >= 0 {
		quarter = cells[pr.quarterAt]
	}
	p.endRow(line, quarter)

	pr.out = strconv.AppendInt(pr.out, int64(line), 10)
	pr.out = append(pr.out, ',')
	if rewrite {
		pr.writeCells(cells)
	} else {
		pr.out = append(pr.out, b...)
	}
	pr.out = append(pr.out, '\n')
	return nil
}

// scan splits a line without quotes at its commas into pr.cells, views of
// b valid for this row only, and reads the cells of plain digits into
// pr.nums. It reports false if the line has another number of cells.
func (pr *preparer) scan(b []byte) bool {
	n := len(pr.cells)
	k, start := 0, 0
	var v uint64
	digits := true
	for i, c := range b {
		if c == ',' {
			if k == n-1 {
				return false
			}
			pr.cells[k], pr.nums[k], pr.plain[k] = view(b[start:i]), int64(v), digits && i-start <= 18
			k, start, v, digits = k+1, i+1, 0, true
			continue
		}
		d := c - '0'
		if d > 9 {
			digits = false
		}
		v = v*10 + uint64(d)
	}
	pr.cells[k], pr.nums[k], pr.plain[k] = view(b[start:]), int64(v), digits && len(b)-start <= 18
	return k == n-1
}

// parseLine parses one line with encoding/csv, so that quoting and its
// errors are exactly ReadCSV's.
func (pr *preparer) parseLine(line int, b []byte) ([]string, error) {
	pr.src.b = append(append(pr.src.b[:0], b...), '\n')
	rec, err := pr.csv.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		pe.StartLine, pe.Line = line, line
	}
	return rec, err
}

// lineSource feeds encoding/csv one line at a time.
type lineSource struct{ b []byte }

func (s *lineSource) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

// writeCells writes checked cells in the plain form: numbers as digits, text
// quoted where it holds a comma or a quote.
func (pr *preparer) writeCells(cells []string) {
	p := pr.p
	for i, cell := range cells {
		if i > 0 {
			pr.out = append(pr.out, ',')
		}
		j := p.colOf[i]
		switch c := p.schema.Columns[j]; c.Kind {
		case Int:
			pr.out = strconv.AppendInt(pr.out, p.ints[j], 10)
		case Float:
			f, _ := p.decimal(0, c, cell)
			pr.out = strconv.AppendFloat(pr.out, f, 'g', -1, 64)
		default:
			if strings.ContainsAny(cell, ",\"") {
				cell = `"` + strings.ReplaceAll(cell, `"`, `""`) + `"`
			}
			pr.out = append(pr.out, cell...)
		}
	}
}

// view is b as a string without a copy: valid while b is unchanged.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// csvLine parses one line with encoding/csv, as ReadCSV reads its header.
func csvLine(file string, line int, b []byte) ([]string, error) {
	rec, err := csv.NewReader(bytes.NewReader(b)).Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		pe.StartLine, pe.Line = line, line
	}
	if err != nil {
		return nil, csvErr(file, err)
	}
	return rec, nil
}

// plainCount parses a cell of digits only (at most 18, so it cannot
// overflow) or an empty cell, the two forms a bulk loader reads as parseCount
// does.
func plainCount(s string) (int64, bool) {
	if len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		d := s[i] - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	return n, true
}

// plainDecimal reports whether s is empty or digits with at most one point
// and a digit on each side of it ("8.3"), which strconv.ParseFloat and a bulk
// loader read alike.
func plainDecimal(s string) bool {
	if s == "" {
		return true
	}
	point := -1
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] >= '0' && s[i] <= '9':
		case s[i] == '.' && point < 0:
			point = i
		default:
			return false
		}
	}
	return point != 0 && point != len(s)-1
}
