package ingest

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Progress reports rows and bytes of long ingests on a terminal. A nil
// *Progress reports nothing.
type Progress struct {
	W        io.Writer
	Lines    bool          // one line per update (logs) instead of redrawing one line (terminals)
	Interval time.Duration // between updates; 0 means 250ms
	Now      func() time.Time
}

// Task is the progress of one file.
type Task struct {
	p     *Progress
	name  string
	size  int64
	start time.Time
	mu    sync.Mutex
	last  time.Time
	rows  int
	bytes int64
	drawn bool
}

// Start begins reporting a file of size bytes.
func (p *Progress) Start(name string, size int64) *Task {
	if p == nil {
		return nil
	}
	now := p.now()
	return &Task{p: p, name: name, size: size, start: now, last: now}
}

func (p *Progress) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// Update records that bytes of the file and rows have been read, and redraws
// at most once per interval.
func (t *Task) Update(bytes int64, rows int) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bytes, t.rows = bytes, rows
	interval := t.p.Interval
	if interval == 0 {
		interval = 250 * time.Millisecond
	}
	if now := t.p.now(); now.Sub(t.last) >= interval {
		t.last = now
		t.draw(now)
	}
}

// Note reports what the task is doing now, at once.
func (t *Task) Note(msg string) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.print(t.name + ": " + msg)
}

// Done clears the progress line, if one was drawn.
func (t *Task) Done() {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.drawn && !t.p.Lines {
		fmt.Fprint(t.p.W, "\r\033[K")
	}
}

func (t *Task) draw(now time.Time) {
	secs := now.Sub(t.start).Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(t.rows) / secs
	}
	line := fmt.Sprintf("%s: %d rows, %.1f of %.1f MB, %.0f rows/s, %.1f MB/s",
		t.name, t.rows, float64(t.bytes)/1e6, float64(t.size)/1e6, rate, float64(t.bytes)/1e6/max(secs, 1e-9))
	t.print(line)
}

func (t *Task) print(line string) {
	if t.p.Lines {
		fmt.Fprintln(t.p.W, line)
	} else {
		fmt.Fprint(t.p.W, "\r\033[K"+line)
	}
	t.drawn = true
}
