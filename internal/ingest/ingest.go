// Package ingest loads published files into the store: it finds the files,
// orders them so district tables come first, and streams each file's rows
// into one release.
package ingest

import (
	"archive/zip"
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/geo"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// Ingester loads files into one database.
type Ingester struct {
	DB *store.DB
	// Progress, if not nil, receives progress of long files.
	Progress *Progress
	// TempDir holds the CSV files rewritten for DuckDB's reader while they
	// load; "" is os.TempDir(). It needs room for the largest file.
	TempDir string
	// Replace lets a release remove, from the slices it covers, the live
	// districts it does not mention (ingest --replace). Without it such a
	// release is refused with a *store.DropError naming what it would drop.
	Replace bool
}

// Outcome is what happened to one file.
type Outcome struct {
	Path      string
	Release   *store.Release
	Unchanged bool // the same bytes are a release live for all its slices; nothing changed
	// Reactivated is set when the same bytes were a release superseded in
	// some slices: it is live again for all of them.
	Reactivated *store.Activation
}

// File ingests one file as a release. A file whose bytes are already a
// release live for every slice it covers changes nothing; one whose bytes
// are a release superseded in some slices makes it live again there. A
// release that would remove live districts it does not mention from a
// slice is refused unless in.Replace (see store.DropError). On error nothing
// is stored and the error names the file (and line, column where there is
// one).
//
// A CSV file is checked row by row and rewritten for DuckDB's own CSV
// reader, which loads it (see seoul.PrepareCSV and store.IngestCSV); the
// files that way does not take are streamed row by row into DuckDB's
// appender.
func (in *Ingester) File(ctx context.Context, path string) (*Outcome, error) {
	src, cleanup, err := in.open(path)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	return in.file(ctx, src)
}

// input is a file to ingest: where its bytes are (a temporary file for an
// entry of a zip archive or a transcoded UTF-16 file) and how errors and the
// release name it.
type input struct {
	path     string // to read
	name     string // in errors: the path given
	file     string // the release's file name
	encoding string // the encoding the release records, if not the read file's
}

func (in *Ingester) file(ctx context.Context, src input) (*Outcome, error) {
	path := src.path
	kind, err := sniff(path, src.name)
	if err != nil {
		return nil, err
	}
	before, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	hash := make(chan hashResult, 1)
	go func() {
		sum, err := fileHash(path, kind)
		hash <- hashResult{sum, err}
	}()
	known, err := in.validator(ctx)
	if err != nil {
		return nil, err
	}
	task := in.Progress.Start(src.file, before.Size())
	defer task.Done()
	// A CSV file is checked and rewritten while the hash is computed.
	var prep *preparedFile
	var perr error
	var rw *rewriting
	if kind == kindCSV {
		if prep, perr = prepare(path, src.name, known); perr == nil {
			defer prep.Close()
			if !prep.Schema.DefinesCodes {
				if rw, perr = in.rewrite(ctx, prep, task); perr == nil {
					defer rw.stop()
				}
			}
		}
	}
	// The bytes may be a release already: looked up once hashed. A CSV
	// file being rewritten loads meanwhile, stopped if they are.
	seen := lookUp(ctx, in.DB, hash)
	if rw != nil {
		go func() {
			if seen.wait() != nil || seen.rel != nil {
				rw.cancel()
			}
		}()
	}
	rel := &store.Release{File: src.file, Replace: in.Replace}
	if rw == nil {
		if err := seen.wait(); err != nil {
			return nil, err
		}
		rel.SHA256 = seen.sum
	} else {
		err = in.load(ctx, rw, rel, task, src.encoding, func() error {
			if err := seen.wait(); err != nil {
				return err
			}
			if seen.rel != nil {
				return errSeen
			}
			// The hash and the rows were read apart: the bytes must be
			// the ones hashed.
			if err := unchanged(path, before); err != nil {
				return &seoul.Error{File: src.name, Reason: err.Error() + "; nothing was stored, ingest it again"}
			}
			rel.SHA256 = seen.sum
			return nil
		})
		rw.stop()
		if serr := seen.wait(); serr != nil {
			return nil, serr
		}
		rel.SHA256 = seen.sum // for the row-by-row path below
	}
	if seen.rel != nil {
		act, err := in.DB.Activate(ctx, seen.rel.ID, store.ActReactivate, in.Replace)
		if err != nil {
			return nil, dropErr(src.name, err)
		}
		if act.Slices == 0 {
			return &Outcome{Path: src.name, Release: seen.rel, Unchanged: true}, nil
		}
		return &Outcome{Path: src.name, Release: seen.rel, Reactivated: act}, nil
	}
	switch {
	case kind == kindShapefile:
		err = in.polygons(ctx, path, rel, known)
	case perr != nil && !errors.Is(perr, seoul.ErrLayout) && !errors.Is(perr, errTemp):
		err = perr
	case rw != nil:
		if ctx.Err() == nil && (errors.Is(err, seoul.ErrLayout) || errors.Is(err, store.ErrBulkLoad) || errors.Is(err, errTemp)) {
			err = in.table(ctx, src, kind, rel, known, task)
		}
	default:
		// JSON, the district tables (whose positions are computed here)
		// and the CSV layouts PrepareCSV leaves.
		err = in.table(ctx, src, kind, rel, known, task)
	}
	var dup *store.DuplicateKeyError
	if errors.As(err, &dup) {
		pos := "line"
		switch kind {
		case kindParquet:
			pos = "row"
		case kindJSON, kindShapefile:
			pos = "record"
		}
		return nil, &seoul.Error{File: src.name, Pos: fmt.Sprintf("%s %d", pos, dup.Line),
			Reason: fmt.Sprintf("duplicate key %v (first at %s %d)", dup.Key, pos, dup.First)}
	}
	if err != nil {
		return nil, dropErr(src.name, err)
	}
	return &Outcome{Path: src.name, Release: rel}, nil
}

// dropErr names the file of a *store.DropError and says what to do.
func dropErr(path string, err error) error {
	var drop *store.DropError
	if !errors.As(err, &drop) {
		return err
	}
	return &seoul.Error{File: path, Err: drop, Reason: drop.Error() +
		" (a partial file or a sample?); nothing was stored — if it is meant to replace these slices whole, ingest it again with --replace"}
}

type hashResult struct {
	sum string
	err error
}

// errSeen stops the load of a file whose bytes are a release already.
var errSeen = errors.New("the same bytes are a release")

// seenRelease is the look-up of a file's hash among the releases.
type seenRelease struct {
	done chan struct{}
	sum  string
	rel  *store.Release // of the same bytes, or nil
	err  error
}

// lookUp looks the hash the channel gives up among the releases of db, on
// its own goroutine.
func lookUp(ctx context.Context, db *store.DB, hash <-chan hashResult) *seenRelease {
	s := &seenRelease{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		h := <-hash
		if s.sum, s.err = h.sum, h.err; s.err != nil {
			return
		}
		s.rel, s.err = db.ReleaseBySHA256(ctx, h.sum)
		if errors.Is(s.err, store.ErrNotFound) {
			s.rel, s.err = nil, nil
		}
	}()
	return s
}

// wait waits for the look-up and returns its error.
func (s *seenRelease) wait() error {
	<-s.done
	return s.err
}

// unchanged fails if the file at path no longer has the size and
// modification time of before.
func unchanged(path string, before os.FileInfo) error {
	after, err := os.Stat(path)
	if err != nil {
		return err
	}
	if after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return errors.New("the file changed while it was ingested")
	}
	return nil
}

// validator checks codes against the live districts: 7-digit district codes
// against 영역-상권, 8-digit 행정동 codes against 영역-상권 and 영역-행정동.
func (in *Ingester) validator(ctx context.Context) (seoul.Validator, error) {
	districts, err := in.DB.DistrictCodes(ctx)
	if err != nil {
		return nil, err
	}
	dongs, err := in.DB.DongCodes(ctx)
	if err != nil {
		return nil, err
	}
	return func(code string) bool {
		if len(code) == 7 {
			return districts[code]
		}
		return dongs[code]
	}, nil
}

// table streams a CSV or JSON file into a release, row by row.
func (in *Ingester) table(ctx context.Context, src input, kind fileKind, rel *store.Release, known seoul.Validator, task *Task) error {
	f, err := os.Open(src.path)
	if err != nil {
		return err
	}
	defer f.Close()
	counter := &countingReader{r: f}
	var rows seoul.Rows
	switch kind {
	case kindParquet:
		var closeParquet func() error
		rows, closeParquet, err = readParquet(ctx, src.path, src.name, known)
		if err == nil {
			defer closeParquet()
		}
	case kindJSON:
		rows, err = seoul.ReadJSON(counter, src.name, known)
	default:
		rows, err = seoul.ReadCSV(counter, src.name, known)
	}
	if err != nil {
		return err
	}
	rel.Dataset = rows.Schema().Dataset
	rel.Encoding = cmp.Or(src.encoding, rows.Encoding())
	derive := deriver(rel.Dataset)
	return in.DB.Ingest(ctx, rel, func(add store.AddFunc) error {
		err := stream(ctx, rows, derive, func(b *batch) error {
			for i := 0; i < b.n; i++ {
				if err := add(b.lines[i], b.rows[i]); err != nil {
					return err
				}
			}
			task.Update(counter.Load(), b.total)
			return nil
		})
		if err != nil {
			return err
		}
		warnings, quarters, n := rows.Result()
		rel.Rows, rel.Quarters, rel.Warnings = int64(n), quarters, warnings
		return nil
	})
}

// deriver returns what the store keeps beyond the published columns: the
// WGS84 position of the district tables' EPSG:5181 centroids.
func deriver(d seoul.Dataset) func(row []any) []any {
	if d != seoul.Areas && d != seoul.AreasDong {
		return nil
	}
	s := seoul.SchemaOf(d)
	x, y := s.Col("x"), s.Col("y")
	return func(row []any) []any {
		lon, lat := geo.FromEPSG5181(float64(row[x].(int64)), float64(row[y].(int64)))
		return append(row, lon, lat)
	}
}

// polygons loads the 영역-상권 Shapefile into a release.
func (in *Ingester) polygons(ctx context.Context, path string, rel *store.Release, known seoul.Validator) error {
	polys, err := seoul.ReadPolygons(path, known)
	if err != nil {
		return err
	}
	rel.Dataset, rel.Encoding = seoul.AreaPolygons, "Shapefile"
	return in.DB.Ingest(ctx, rel, func(add store.AddFunc) error {
		for _, p := range polys {
			values, err := polygonRow(p)
			if err != nil {
				return fmt.Errorf("%s: record %d: %w", path, p.Record, err)
			}
			if err := add(p.Record, values); err != nil {
				return err
			}
		}
		rel.Rows = int64(len(polys))
		return nil
	})
}

// fileKind is a file's format, told from its content.
type fileKind int

const (
	kindCSV fileKind = iota
	kindJSON
	kindShapefile
	kindParquet
)

var sidecars = []string{".dbf", ".shx", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml"}

// sniff tells a file's format from its first bytes: the Shapefile magic
// number 9994, Parquet's PAR1, a JSON object, or else CSV. A Shapefile's
// companion files, Excel workbooks (.xlsx, told by their content, and
// .xls) and zip archives, whose CSV files Expand lists, are refused with
// the reason; name names the file in errors.
func sniff(path, name string) (fileKind, error) {
	if slices.Contains(sidecars, strings.ToLower(filepath.Ext(name))) {
		return 0, &seoul.Error{File: name, Reason: "a Shapefile companion file; ingest its .shp", Err: seoul.ErrSidecar}
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return 0, fmt.Errorf("%s: %w", name, err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0x00, 0x00, 0x27, 0x0a}):
		return kindShapefile, nil
	case bytes.HasPrefix(head, parquetMagic):
		return kindParquet, nil
	case bytes.HasPrefix(head, oleMagic):
		return 0, &seoul.Error{File: name, Reason: "an Excel 97-2003 workbook (.xls), " + strings.TrimPrefix(workbookReason, "an Excel workbook, "), Err: seoul.ErrUnknownFormat}
	case bytes.HasPrefix(head, zipMagic):
		info, err := f.Stat()
		if err != nil {
			return 0, err
		}
		if r, err := zip.NewReader(f, info.Size()); err == nil && isWorkbook(zipFiles(r)) {
			return 0, &seoul.Error{File: name, Reason: workbookReason + " (.xlsx)", Err: seoul.ErrUnknownFormat}
		}
		return 0, &seoul.Error{File: name, Err: seoul.ErrUnknownFormat,
			Reason: "a zip archive without a CSV file inside (sangsaeng ingest reads the CSV files of a zip, each as ARCHIVE.zip!FILE.csv)"}
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("{")) || bytes.HasPrefix(trimmed, []byte("[")) {
		return kindJSON, nil
	}
	return kindCSV, nil
}

// fileHash is the sha256 of a file's bytes; for a Shapefile, of its .shp,
// .dbf and .prj in that order.
func fileHash(path string, kind fileKind) (string, error) {
	files := []string{path}
	if kind == kindShapefile {
		base := strings.TrimSuffix(path, filepath.Ext(path))
		files = append(files, base+".dbf", base+".prj")
	}
	h := sha256.New()
	for i, name := range files {
		f, err := os.Open(name)
		if err != nil {
			if i == 2 && errors.Is(err, os.ErrNotExist) {
				continue // a .prj is optional
			}
			return "", err
		}
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", fmt.Errorf("%s: %w", name, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
