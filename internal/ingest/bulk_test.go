package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// TestFollowerReadsTheRewriteAsItIsWritten checks that a follower gives the
// bytes written so far, waits at their end for more, and ends as the
// rewrite ended: at io.EOF, or with its error.
func TestFollowerReadsTheRewriteAsItIsWritten(t *testing.T) {
	fail := errors.New("line 3: not a number")
	tests := []struct {
		name string
		end  error
	}{
		{"the rewrite succeeds", nil},
		{"the rewrite fails", fail},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp, err := createTemp(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			defer tmp.Close()
			r := &rewriting{tmp: tmp, more: make(chan struct{}, 1), ended: make(chan struct{})}
			lines := []string{"2,a,1\n", "3,b,2\n4,c,3\n", "", "5,d,4\n"}
			go func() {
				defer close(r.ended)
				for _, l := range lines {
					time.Sleep(5 * time.Millisecond) // the follower is at the end
					if _, err := (tempWriter{r}).Write([]byte(l)); err != nil {
						r.err = err
						return
					}
				}
				r.err = tt.end
			}()
			got, err := io.ReadAll(&follower{r: r})
			if want := strings.Join(lines, ""); string(got) != want {
				t.Errorf("read %q, want %q", got, want)
			}
			if !errors.Is(err, tt.end) {
				t.Errorf("error = %v, want %v", err, tt.end)
			}
		})
	}
}
