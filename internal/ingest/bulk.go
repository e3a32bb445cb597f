package ingest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// preparedFile is a CSV file whose header seoul.PrepareCSV has read.
type preparedFile struct {
	*seoul.PreparedCSV
	f       *os.File
	counter *countingReader
}

// prepare opens the CSV file at path and reads its header; errors call
// it name.
func prepare(path, name string, known seoul.Validator) (*preparedFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	counter := &countingReader{r: f}
	prep, err := seoul.PrepareCSV(counter, name, known)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &preparedFile{PreparedCSV: prep, f: f, counter: counter}, nil
}

func (p *preparedFile) Close() error { return p.f.Close() }

// errTemp marks a failure to write the temporary file.
var errTemp = errors.New("temporary file")

// rewriting is a prepared file whose rows are being checked and rewritten
// into a temporary file, on their own goroutines.
type rewriting struct {
	prep    *preparedFile
	cancel  context.CancelFunc
	tmp     *tempFile
	written atomic.Int64  // bytes of tmp written so far
	more    chan struct{} // signalled after each write
	ended   chan struct{} // closed when the rewrite ended, with err
	err     error
}

// rewrite starts checking and rewriting the rows of prep into a temporary
// file in in.TempDir.
func (in *Ingester) rewrite(ctx context.Context, prep *preparedFile, task *Task) (*rewriting, error) {
	tmp, err := createTemp(in.TempDir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errTemp, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &rewriting{prep: prep, cancel: cancel, tmp: tmp, more: make(chan struct{}, 1), ended: make(chan struct{})}
	go func() {
		defer close(r.ended)
		r.err = prep.Rewrite(tempWriter{r}, func(rows int) error {
			task.Update(prep.counter.Load(), rows)
			return ctx.Err()
		})
	}()
	return r, nil
}

// tempWriter writes to the temporary file of a rewrite, counting the bytes
// for its follower; it marks the errors of writing with errTemp.
type tempWriter struct{ r *rewriting }

func (w tempWriter) Write(b []byte) (int, error) {
	n, err := w.r.tmp.Write(b)
	if err != nil {
		err = fmt.Errorf("%w: %w", errTemp, err)
	}
	w.r.written.Add(int64(n))
	select {
	case w.r.more <- struct{}{}:
	default:
	}
	return n, err
}

// wait waits for the rewrite to end and returns its error.
func (r *rewriting) wait() error {
	<-r.ended
	return r.err
}

// follower reads the temporary file of a rewrite as it is written: at the
// end of what is written so far it waits for more, and it ends where the
// rewrite ended, with the rewrite's error if it failed.
type follower struct {
	r   *rewriting
	off int64
}

func (f *follower) Read(p []byte) (int, error) {
	for {
		if w := f.r.written.Load(); f.off < w {
			n, err := f.r.tmp.ReadAt(p[:min(int64(len(p)), w-f.off)], f.off)
			f.off += int64(n)
			if err == io.EOF {
				err = nil
			}
			return n, err
		}
		select {
		case <-f.r.more:
		case <-f.r.ended:
			if f.off < f.r.written.Load() {
				continue
			}
			if f.r.err != nil {
				return 0, f.r.err
			}
			return 0, io.EOF
		}
	}
}

// stop ends the rewrite, if it still runs, and removes the temporary file.
func (r *rewriting) stop() {
	r.cancel()
	r.wait()
	if r.tmp != nil {
		r.tmp.Close()
		r.tmp = nil
	}
}

// load has the store load the rewritten file as rel while the rows are
// checked and written: DuckDB's CSV reader or PostgreSQL's COPY reads them
// as they are written (see store.IngestCSVFrom). hashed, called once the
// rows are all checked and loaded, waits for the file's hash and sets
// rel.SHA256; its error stops the load and is returned.
func (in *Ingester) load(ctx context.Context, r *rewriting, rel *store.Release, task *Task, encoding string, hashed func() error) error {
	p := r.prep
	rel.Dataset, rel.Encoding = p.Schema.Dataset, cmp.Or(encoding, p.Encoding)
	task.Note("loading into the database as the rows are checked")
	ready := func() error {
		if err := r.wait(); err != nil {
			return err
		}
		if err := hashed(); err != nil {
			return err
		}
		rel.Rows, rel.Quarters, rel.Warnings = int64(p.Rows), p.Quarters, p.Warnings
		task.Note(fmt.Sprintf("%d rows checked and loaded", p.Rows))
		return nil
	}
	return in.DB.IngestCSVFrom(ctx, rel, r.tmp.path, &follower{r: r}, p.Columns, ready)
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
