package ingest

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Expand turns files and folders into the files to ingest, in load order:
// 영역-상권, then 영역-행정동, then the polygons, then every other dataset,
// each group in path order. Folders are walked recursively; in them,
// Shapefile companions, files that are plainly not data (README, .md,
// .tsv, .txt unless UTF-16 text, hidden files) and the reports fuse and
// synth write beside their data (provenance.json, suppressed.csv,
// synth.json) are skipped. Files named explicitly are always kept. A zip
// archive (told by its content) stands for the CSV files inside it, each
// as ARCHIVE.zip!FILE.csv; an Excel workbook stays itself, to be refused
// with what to do.
func Expand(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, inZip(p)...)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !candidate(path) {
				return nil
			}
			files = append(files, inZip(path)...)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	rank := make(map[string]int, len(files))
	for _, f := range files {
		rank[f] = loadRank(f)
	}
	slices.SortStableFunc(files, func(a, b string) int {
		if rank[a] != rank[b] {
			return rank[a] - rank[b]
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(files), nil
}

func candidate(path string) bool {
	base := filepath.Base(path)
	if strings.HasPrefix(base, ".") || slices.Contains(reports, base) {
		return false
	}
	switch strings.ToLower(filepath.Ext(base)) {
	case ".txt":
		// Excel's "유니코드 텍스트" is saved as .txt; other text is not data.
		head, err := readHead(path, 2)
		return err == nil && seoul.IsUTF16(head)
	case ".md", ".tsv", ".pdf":
		return false
	}
	return !slices.Contains(sidecars, strings.ToLower(filepath.Ext(base)))
}

// inZip lists the CSV files inside a zip archive (see expandZip), or path
// itself for any other file.
func inZip(path string) []string {
	if !isZip(path) {
		return []string{path}
	}
	files, _ := expandZip(path)
	return files
}

// reports are the files `sangsaeng fuse` and `synth raw` write beside the
// data: for the holder of the data, never a dataset.
var reports = []string{"provenance.json", "suppressed.csv", "synth.json"}

// headOf returns the first 64 KiB of a file, or of a file inside a zip
// archive (ARCHIVE.zip!ENTRY).
func headOf(path string) ([]byte, error) {
	var buf bytes.Buffer
	if archive, entry, ok := splitEntry(path); ok {
		err := extract(archive, entry, &limitWriter{w: &buf, n: 64 << 10})
		if err != nil && !errors.Is(err, errFull) {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	return readHead(path, 64<<10)
}

// errFull ends a copy into a limitWriter that is full.
var errFull = errors.New("full")

// limitWriter takes the first n bytes written to it, then fails with errFull.
type limitWriter struct {
	w io.Writer
	n int
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		k, _ := l.w.Write(p[:l.n])
		l.n = 0
		return k, errFull
	}
	l.n -= len(p)
	return l.w.Write(p)
}

// loadRank orders files so that the datasets others are checked against
// come first; files that cannot be told apart keep their place at the end.
func loadRank(path string) int {
	head, err := headOf(path)
	if err != nil {
		return 9
	}
	switch {
	case bytes.HasPrefix(head, []byte{0x00, 0x00, 0x27, 0x0a}):
		return 2
	case bytes.HasPrefix(head, parquetMagic):
		return 3
	case bytes.HasPrefix(head, zipMagic), bytes.HasPrefix(head, oleMagic):
		return 9
	}
	if t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n"); bytes.HasPrefix(t, []byte("{")) || bytes.HasPrefix(t, []byte("[")) {
		return 1
	}
	if seoul.IsUTF16(head) {
		var csv bytes.Buffer
		seoul.FromUTF16Text(bytes.NewReader(head[:len(head)&^1]), &csv, path) // a cut last line errs; the header is read
		head = csv.Bytes()
	}
	rows, err := seoul.ReadCSV(bytes.NewReader(head), path, nil)
	if err != nil {
		if errors.Is(err, seoul.ErrLegacy) {
			return 3
		}
		return 9
	}
	switch rows.Schema().Dataset {
	case seoul.Areas:
		return 0
	case seoul.AreasDong:
		return 1
	}
	return 3
}
