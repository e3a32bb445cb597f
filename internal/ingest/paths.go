package ingest

import (
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
// .tsv, hidden files) and the reports fuse and synth write beside their
// data (provenance.json, suppressed.csv, synth.json) are skipped. Files
// named explicitly are always kept.
func Expand(paths []string) ([]string, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !candidate(path) {
				return nil
			}
			files = append(files, path)
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
	case ".md", ".txt", ".tsv", ".pdf", ".zip":
		return false
	}
	return !slices.Contains(sidecars, strings.ToLower(filepath.Ext(base)))
}

// reports are the files `sangsaeng fuse` and `synth raw` write beside the
// data: for the holder of the data, never a dataset.
var reports = []string{"provenance.json", "suppressed.csv", "synth.json"}

// loadRank orders files so that the datasets others are checked against
// come first; files that cannot be told apart keep their place at the end.
func loadRank(path string) int {
	kind, err := sniff(path)
	if err != nil {
		return 9
	}
	switch kind {
	case kindShapefile:
		return 2
	case kindJSON:
		return 1
	case kindParquet:
		return 3
	}
	f, err := os.Open(path)
	if err != nil {
		return 9
	}
	defer f.Close()
	rows, err := seoul.ReadCSV(io.LimitReader(f, 64<<10), path, nil)
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
