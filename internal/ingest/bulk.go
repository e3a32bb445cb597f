package ingest

import (
	"context"
	"fmt"
	"os"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// preparedFile is a CSV file checked and rewritten by seoul.PrepareCSV into
// a temporary file.
type preparedFile struct {
	*seoul.PreparedCSV
	tmp *tempFile
}

// Close removes the temporary file.
func (p *preparedFile) Close() error { return p.tmp.Close() }

// prepare checks the CSV file at path row by row and rewrites it for
// DuckDB's CSV reader into a temporary file in in.TempDir.
func (in *Ingester) prepare(ctx context.Context, path string, known seoul.Validator, task *Task) (*preparedFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	tmp, err := createTemp(in.TempDir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	counter := &countingReader{r: f}
	prep, err := seoul.PrepareCSV(counter, path, known, tmp.File, func(rows int) error {
		task.Update(counter.Load(), rows)
		return ctx.Err()
	})
	if err != nil {
		tmp.Close()
		return nil, err
	}
	task.Update(counter.Load(), prep.Rows)
	return &preparedFile{PreparedCSV: prep, tmp: tmp}, nil
}

// load stores a prepared file as rel.
func (in *Ingester) load(ctx context.Context, prep *preparedFile, rel *store.Release, task *Task) error {
	rel.Dataset, rel.Encoding = prep.Schema.Dataset, prep.Encoding
	rel.Rows, rel.Quarters, rel.Warnings = int64(prep.Rows), prep.Quarters, prep.Warnings
	task.Note(fmt.Sprintf("%d rows checked, loading", prep.Rows))
	return in.DB.IngestCSV(ctx, rel, prep.tmp.path, prep.Columns)
}

// tempFile is a private temporary file that, where /proc is mounted, has no
// name from the start: DuckDB opens it as /proc/self/fd/N, and nothing is
// left behind however the process ends.
type tempFile struct {
	*os.File
	path  string // the name to open it by
	named bool   // whether Close must remove it
}

// createTemp creates a tempFile in dir, or in os.TempDir if dir is "".
func createTemp(dir string) (*tempFile, error) {
	f, err := os.CreateTemp(dir, "sangsaeng-ingest-*.csv")
	if err != nil {
		return nil, err
	}
	fd := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
	if _, err := os.Stat(fd); err == nil && os.Remove(f.Name()) == nil {
		return &tempFile{File: f, path: fd}, nil
	}
	return &tempFile{File: f, path: f.Name(), named: true}, nil
}

func (t *tempFile) Close() error {
	err := t.File.Close()
	if t.named {
		if rerr := os.Remove(t.path); err == nil {
			err = rerr
		}
	}
	return err
}
