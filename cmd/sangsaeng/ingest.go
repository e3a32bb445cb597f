package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

func runIngest(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "ingest", "PATH...", &cfg, "db", "progress", "memory")
	replace := fs.Bool("replace", false, "let a file replace the slices it covers whole, even if it drops districts live there that it does not mention (without it such a file is refused, with the numbers)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(env.Stderr, "sangsaeng ingest: name at least one file or folder")
		fs.Usage()
		return errUsage
	}
	progress, err := newProgress(env, cfg.Progress)
	if err != nil {
		return err
	}
	db, err := store.OpenWith(ctx, cfg.DB, store.Options{MemoryLimit: cfg.Memory})
	if err != nil {
		return err
	}
	defer db.Close()
	return ingestPaths(ctx, env, &ingest.Ingester{DB: db, Progress: progress, Replace: *replace}, fs.Args())
}

// ingestPaths ingests every file under paths, each in its own transaction,
// reporting each outcome; it fails if any file was refused.
func ingestPaths(ctx context.Context, env *Env, in *ingest.Ingester, paths []string) error {
	files, err := ingest.Expand(paths)
	if err != nil {
		return err
	}
	var loaded, reactivated, unchanged, refused int
	for _, f := range files {
		out, err := in.File(ctx, f)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			refused++
			fmt.Fprintf(env.Stderr, "refused %v\n", err)
			continue
		}
		r := out.Release
		if a := out.Reactivated; a != nil {
			reactivated++
			fmt.Fprintf(env.Stdout, "reactivated %s: same bytes as release %d (%s), live again for %s%s\n",
				f, r.ID, r.Dataset, plural(a.Slices, "slice", "slices"), dropSummary(a.Dropped))
			continue
		}
		if out.Unchanged {
			unchanged++
			fmt.Fprintf(env.Stdout, "unchanged %s: same bytes as release %d (%s)\n", f, r.ID, r.Dataset)
			continue
		}
		loaded++
		fmt.Fprintf(env.Stdout, "ingested %s: %s release %d, %d rows%s, %s%s\n",
			f, r.Dataset, r.ID, r.Rows, quarterSpan(r.Quarters), r.Encoding, warningSummary(r)+dropSummary(r.Dropped))
	}
	again := ""
	if reactivated > 0 {
		again = fmt.Sprintf(", %d reactivated", reactivated)
	}
	fmt.Fprintf(env.Stdout, "%d files: %d ingested%s, %d unchanged, %d refused\n", len(files), loaded, again, unchanged, refused)
	if refused > 0 {
		return errors.New(plural(refused, "file was", "files were") + " refused; nothing of them was stored")
	}
	return nil
}

func quarterSpan(q []string) string {
	switch len(q) {
	case 0:
		return ""
	case 1:
		return ", quarter " + q[0]
	}
	return fmt.Sprintf(", quarters %s–%s (%d)", q[0], q[len(q)-1], len(q))
}

func warningSummary(r *store.Release) string {
	if len(r.Warnings) == 0 {
		return ""
	}
	var parts []string
	for _, w := range r.Warnings {
		parts = append(parts, fmt.Sprintf("%s: %d rows", w.Code, w.Count))
	}
	return "; warnings: " + strings.Join(parts, ", ")
}

// dropSummary says what a release dropped with --replace: the districts
// and slices, and the first slices.
func dropSummary(drops []store.SliceDrop) string {
	if len(drops) == 0 {
		return ""
	}
	var n int64
	var first []string
	for i, d := range drops {
		n += d.Districts
		if i < 3 {
			first = append(first, fmt.Sprintf("%s %d of %d", d.Slice, d.Districts, d.Of))
		}
	}
	more := ""
	if len(drops) > 3 {
		more = ", …"
	}
	return fmt.Sprintf("; replaced: dropped %d districts in %s (%s%s)", n, plural(len(drops), "slice", "slices"), strings.Join(first, ", "), more)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// newProgress returns the progress reporter the --progress mode asks for:
// auto reports only when stderr is a terminal.
func newProgress(env *Env, mode string) (*ingest.Progress, error) {
	switch mode {
	case "never":
		return nil, nil
	case "always":
		return &ingest.Progress{W: env.Stderr, Lines: !isTerminal(env.Stderr)}, nil
	case "auto":
		if isTerminal(env.Stderr) {
			return &ingest.Progress{W: env.Stderr}, nil
		}
		return nil, nil
	}
	return nil, fmt.Errorf("--progress %q: want auto, always or never", mode)
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
