// Package seoultest gives tests the folder of Seoul's real published files,
// named by SANGSAENG_SEOUL_DATA, as one absolute path whichever package's
// folder the test runs in.
package seoultest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Env is the variable naming the folder that holds `published/` and
// `fixture/` (the project's shared data/seoul).
const Env = "SANGSAENG_SEOUL_DATA"

// Dir returns the absolute folder SANGSAENG_SEOUL_DATA names, a relative
// value read against the module root (the folder of go.mod, where the README's
// `go test ./...` runs), and skips the test, saying why, when the variable is
// unset. why completes "to ..." in the skip message.
func Dir(tb interface {
	Helper()
	Skipf(string, ...any)
	Fatalf(string, ...any)
}, why string) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Fatalf("seoultest: %v", err)
	}
	dir, err := Resolve(os.Getenv(Env), wd)
	if errors.Is(err, ErrUnset) {
		tb.Skipf("%s not set: point it at the seoul data folder (CI: ../shared/data/seoul) to %s", Env, why)
		return ""
	}
	if err != nil {
		tb.Fatalf("seoultest: %v", err)
	}
	return dir
}

// ErrUnset says the variable is empty.
var ErrUnset = errors.New(Env + " not set")

// Resolve returns value as an absolute path: as is when absolute, else joined
// to the module root found from wd upwards. It fails when the value is empty
// (ErrUnset), when no go.mod is above wd, or when the folder does not exist.
func Resolve(value, wd string) (string, error) {
	if value == "" {
		return "", ErrUnset
	}
	dir := value
	if !filepath.IsAbs(dir) {
		root, err := ModuleRoot(wd)
		if err != nil {
			return "", err
		}
		dir = filepath.Join(root, dir)
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s=%s: no folder at %s", Env, value, dir)
	}
	return dir, nil
}

// ModuleRoot returns the nearest folder at or above dir holding a go.mod.
func ModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("no go.mod at or above %s", dir)
		}
		d = up
	}
}
