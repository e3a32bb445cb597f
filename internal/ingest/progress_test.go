package ingest

import (
	"strings"
	"testing"
	"time"
)

func TestProgressReportsRowsAndBytesAtMostOncePerInterval(t *testing.T) {
	var out strings.Builder
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &Progress{W: &out, Lines: true, Interval: time.Second, Now: func() time.Time { return now }}
	task := p.Start("sales.csv", 4_000_000)
	now = now.Add(500 * time.Millisecond)
	task.Update(1_000_000, 5_000) // within the interval: not drawn
	now = now.Add(1500 * time.Millisecond)
	task.Update(2_000_000, 10_000)
	task.Done()
	want := "sales.csv: 10000 rows, 2.0 of 4.0 MB, 5000 rows/s, 1.0 MB/s\n"
	if out.String() != want {
		t.Fatalf("progress wrote %q, want %q", out.String(), want)
	}
}

func TestProgressOnATerminalRedrawsOneLine(t *testing.T) {
	var out strings.Builder
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p := &Progress{W: &out, Interval: time.Millisecond, Now: func() time.Time { return now }}
	task := p.Start("a.csv", 100)
	now = now.Add(time.Second)
	task.Update(100, 10)
	task.Done()
	if got := out.String(); !strings.HasPrefix(got, "\r\033[Ka.csv: 10 rows") || !strings.HasSuffix(got, "\r\033[K") {
		t.Fatalf("terminal progress %q: want a redrawn line, cleared at the end", got)
	}
}

func TestNilProgressIsQuiet(t *testing.T) {
	var p *Progress
	task := p.Start("a.csv", 1)
	task.Update(1, 1) // must not panic
	task.Done()
}
