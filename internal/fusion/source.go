package fusion

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// source is one raw feed file, checked for its columns and ready for the
// engine to scan.
type source struct {
	feed     Feed
	path     string
	parquet  bool
	encoding string // CSV only
	header   []string
	cols     []string // the feed's columns, then its optional ones the file has
	engine   duckbatch.FeedFile
	bytes    int64
	sha256   string
	n        int64 // rows, once read
}

// openSource checks a feed file's format and columns, hashes it and, for
// CP949 text, writes a UTF-8 copy into scratch for the engine to read.
func openSource(ctx context.Context, fz *duckbatch.Fusion, feed Feed, path, scratch string) (*source, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, fmt.Errorf("%s: is a folder; give the %s feed's file", path, feed)
	}
	s := &source{feed: feed, path: path, bytes: st.Size()}
	if s.sha256, err = hashFile(path); err != nil {
		return nil, err
	}
	if s.parquet, err = isParquet(path); err != nil {
		return nil, err
	}
	if s.parquet {
		if s.header, err = fz.ParquetColumns(ctx, path); err != nil {
			return nil, &seoul.Error{File: path, Reason: "not a readable Parquet file: " + err.Error()}
		}
		s.engine = duckbatch.FeedFile{Path: path, Parquet: true}
		return s, s.checkColumns()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	text, enc, err := seoul.Decode(f)
	if err != nil {
		return nil, err
	}
	s.encoding = enc
	header, err := csv.NewReader(text).Read()
	if err == io.EOF {
		return nil, &seoul.Error{File: path, Reason: "empty file: want a header row naming the " + string(feed) + " feed's columns"}
	}
	if err != nil {
		return nil, &seoul.Error{File: path, Pos: "line 1", Reason: err.Error()}
	}
	for i, h := range header {
		header[i] = strings.ToLower(strings.TrimSpace(h))
	}
	s.header = header
	if err := s.checkColumns(); err != nil {
		return nil, err
	}
	s.engine = duckbatch.FeedFile{Path: path, Header: header}
	if enc == seoul.CP949 {
		s.engine.Path = filepath.Join(scratch, string(feed)+".utf8.csv")
		if err := transcode(path, s.engine.Path); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *source) format() string {
	if s.parquet {
		return "parquet"
	}
	return "csv"
}

// checkColumns fails when a column of the contract is missing or named twice.
func (s *source) checkColumns() error {
	s.cols = slices.Clone(s.feed.Columns())
	for _, c := range s.feed.Optional() {
		switch count(s.header, c) {
		case 1:
			s.cols = append(s.cols, c)
		case 2:
			return &seoul.Error{File: s.path, Pos: "line 1", Column: c, Reason: "column named twice"}
		}
	}
	var missing []string
	for _, c := range s.feed.Columns() {
		switch n := count(s.header, c); {
		case n == 0:
			missing = append(missing, c)
		case n > 1:
			return &seoul.Error{File: s.path, Pos: "line 1", Column: c, Reason: "column named twice"}
		}
	}
	if len(missing) > 0 {
		return &seoul.Error{File: s.path, Pos: "line 1", Reason: fmt.Sprintf("not a %s feed: missing column(s) %s (want %s; see docs/fusion.md)",
			s.feed, strings.Join(missing, ", "), strings.Join(s.feed.Columns(), ", "))}
	}
	return nil
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// each calls fn with every row of the feed, in file order, as text in the
// order of s.cols (the feed's Columns, then the optional ones present), with its position ("line 12" for CSV, "row
// 12" for Parquet).
func (s *source) each(ctx context.Context, fz *duckbatch.Fusion, fn func(pos string, vals []string) error) error {
	if s.parquet {
		return fz.ScanParquet(ctx, s.path, s.cols, func(row int64, vals []string) error {
			return fn(fmt.Sprintf("row %d", row), vals)
		})
	}
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	text, _, err := seoul.Decode(f)
	if err != nil {
		return err
	}
	r := csv.NewReader(bufio.NewReaderSize(text, 1<<16))
	r.ReuseRecord = true
	r.FieldsPerRecord = len(s.header)
	idx := make([]int, len(s.cols))
	for i, c := range s.cols {
		idx[i] = slices.Index(s.header, c)
	}
	if _, err := r.Read(); err != nil {
		return err
	}
	vals := make([]string, len(idx))
	for n := 0; ; n++ {
		if n%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &seoul.Error{File: s.path, Pos: fmt.Sprintf("line %d", pe.Line), Reason: pe.Err.Error()}
			}
			return err
		}
		for i, j := range idx {
			vals[i] = strings.TrimSpace(rec[j])
		}
		line, _ := r.FieldPos(0)
		if err := fn(fmt.Sprintf("line %d", line), vals); err != nil {
			return err
		}
	}
}

// rowErr is a seoul.Error for a broken rule at pos.
func (s *source) rowErr(pos string, e *rowError) error {
	return &seoul.Error{File: s.path, Pos: pos, Column: e.column, Reason: e.reason}
}

func hashFile(path string) (string, error) { return hashFiles(path) }

// hashFiles returns the sha256 of the files' bytes one after the other; a
// file after the first that does not exist is left out.
func hashFiles(paths ...string) (string, error) {
	h := sha256.New()
	for i, path := range paths {
		f, err := os.Open(path)
		if i > 0 && errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func isParquet(path string) (bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	return bytes.Equal(head[:n], []byte("PAR1")), nil
}

// transcode writes the UTF-8 text of a CP949 file to dst.
func transcode(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	text, _, err := seoul.Decode(in)
	if err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	if _, err := io.Copy(w, text); err != nil {
		out.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
