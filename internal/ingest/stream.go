package ingest

import (
	"context"
	"io"
	"sync/atomic"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

const batchSize = 2048

// batch is a run of parsed rows handed from the parser to the writer.
type batch struct {
	n     int
	total int // rows parsed so far, this batch included
	lines []int
	rows  [][]any
}

// stream parses rows on one goroutine while consume writes them on the
// caller's, so that parsing and appending use both cores. The first error of
// either side ends both and is returned.
func stream(ctx context.Context, rows seoul.Rows, derive func([]any) []any, consume func(*batch) error) error {
	ncol := len(rows.Schema().Columns)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full := make(chan *batch, 4)
	free := make(chan *batch, 6)
	for i := 0; i < cap(free); i++ {
		b := &batch{lines: make([]int, batchSize), rows: make([][]any, batchSize)}
		for j := range b.rows {
			b.rows[j] = make([]any, ncol, ncol+2)
		}
		free <- b
	}
	perr := make(chan error, 1)
	go func() {
		defer close(full)
		total := 0
		for {
			if ctx.Err() != nil {
				perr <- ctx.Err()
				return
			}
			var b *batch
			select {
			case b = <-free:
			case <-ctx.Done():
				perr <- ctx.Err()
				return
			}
			b.n = 0
			for b.n < batchSize {
				row := b.rows[b.n][:ncol]
				line, err := rows.Next(row)
				if err == io.EOF {
					break
				}
				if err != nil {
					perr <- err
					return
				}
				if derive != nil {
					row = derive(row)
				}
				b.rows[b.n], b.lines[b.n] = row, line
				b.n++
			}
			total += b.n
			b.total = total
			if b.n > 0 {
				full <- b
			}
			if b.n < batchSize {
				perr <- nil
				return
			}
		}
	}()
	for b := range full {
		if err := consume(b); err != nil {
			cancel()
			for range full {
			}
			return err
		}
		free <- b
	}
	return <-perr
}

// countingReader counts the bytes read through it; Load is safe to call from
// another goroutine.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func (c *countingReader) Load() int64 { return c.n.Load() }
