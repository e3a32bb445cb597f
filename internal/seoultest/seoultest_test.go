package seoultest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestResolve reads a relative SANGSAENG_SEOUL_DATA against the module root
// wherever the test runs, as the README's command needs.
func TestResolve(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"a/b/c", "data/seoul"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	abs := filepath.Join(root, "data", "seoul")
	tests := []struct {
		name, value, wd string
		want            string
		wantErr         bool
	}{
		{"relative, from the root", "data/seoul", root, abs, false},
		{"relative, from a package folder", "data/seoul", filepath.Join(root, "a", "b", "c"), abs, false},
		{"relative with ..", "a/../data/seoul", filepath.Join(root, "a", "b"), abs, false},
		{"absolute", abs, filepath.Join(root, "a"), abs, false},
		{"missing folder", "data/nowhere", root, "", true},
		{"no go.mod above", "data/seoul", "/", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.value, tt.wd)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("Resolve(%q, %q) = %q, %v; want %q, error %v", tt.value, tt.wd, got, err, tt.want, tt.wantErr)
			}
		})
	}
	if _, err := Resolve("", root); !errors.Is(err, ErrUnset) {
		t.Errorf("Resolve of an empty value: %v, want ErrUnset", err)
	}
}

// fakeTB records what Dir does with the test.
type fakeTB struct{ skipped, fatal string }

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(string, ...any)           { f.skipped = "skip" }
func (f *fakeTB) Fatalf(format string, a ...any) { f.fatal = format }

// TestDirSkipsUnset: an unset variable skips, a relative one resolves from
// this package's folder to the module root.
func TestDirSkipsUnset(t *testing.T) {
	t.Setenv(Env, "")
	var f fakeTB
	Dir(&f, "test")
	if f.skipped == "" {
		t.Errorf("Dir with %s unset did not skip", Env)
	}
	t.Setenv(Env, "internal/seoultest")
	f = fakeTB{}
	got := Dir(&f, "test")
	wd, _ := os.Getwd()
	if got != wd || f.skipped != "" || f.fatal != "" {
		t.Errorf("Dir with %s=internal/seoultest from %s = %q (skip %q, fatal %q), want this folder", Env, wd, got, f.skipped, f.fatal)
	}
}
