package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

// runReleases lists the releases and changes which one is live:
// `releases` (or `releases list`), `releases history`,
// `releases activate [--replace] ID` and `releases undo`.
func runReleases(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "releases", "[list | history | activate ID | undo]", &cfg, "db")
	replace := fs.Bool("replace", false, "activate: let the release drop districts live in its slices that it does not mention")
	if err := parse(fs, args); err != nil {
		return err
	}
	verb, rest := "list", fs.Args()
	if len(rest) > 0 {
		verb, rest = rest[0], rest[1:]
	}
	// Flags may also follow the verb: releases activate --replace 3.
	if err := parse(fs, rest); err != nil {
		return err
	}
	rest = fs.Args()
	want := 0
	if verb == "activate" {
		want = 1
	}
	if len(rest) != want {
		fmt.Fprintf(env.Stderr, "sangsaeng releases %s: takes %s\n", verb, plural(want, "argument", "arguments"))
		fs.Usage()
		return errUsage
	}
	var id int64
	if verb == "activate" {
		var err error
		if id, err = strconv.ParseInt(rest[0], 10, 64); err != nil || id <= 0 {
			fmt.Fprintf(env.Stderr, "sangsaeng releases activate: %q is not a release number (see sangsaeng releases)\n", rest[0])
			return errUsage
		}
	}
	switch verb {
	case "list", "history", "activate", "undo":
	default:
		fmt.Fprintf(env.Stderr, "sangsaeng releases: unknown action %q\n", verb)
		fs.Usage()
		return errUsage
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	switch verb {
	case "history":
		return writeHistory(ctx, db, env.Stdout)
	case "activate":
		act, err := db.Activate(ctx, id, store.ActActivate, *replace)
		var drop *store.DropError
		if errors.As(err, &drop) {
			return fmt.Errorf("release %d not activated: %w; nothing changed — to activate it anyway, add --replace", id, err)
		}
		if err != nil {
			return err
		}
		if act.Slices == 0 {
			fmt.Fprintf(env.Stdout, "unchanged: release %d (%s) is already live for all its slices\n", id, act.Dataset)
			return nil
		}
		fmt.Fprintf(env.Stdout, "activated release %d (%s): live for %s more%s (undo: sangsaeng releases undo)\n",
			id, act.Dataset, plural(act.Slices, "slice", "slices"), dropSummary(act.Dropped))
		return nil
	case "undo":
		act, err := db.Undo(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "undid act %d (release %d, %s): %s back to the releases live before it\n",
			act.Undoes, act.Release, act.Dataset, plural(act.Slices, "slice", "slices"))
		return nil
	}
	return writeReleases(ctx, db, env.Stdout)
}

// writeHistory lists every act that changed the live slices, oldest first.
func writeHistory(ctx context.Context, db *store.DB, w io.Writer) error {
	acts, err := db.Activations(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ACT\tKIND\tDATASET\tRELEASE\tSLICES\tDROPPED\tAT")
	for _, a := range acts {
		kind := a.Kind
		if a.Undoes != 0 {
			kind = fmt.Sprintf("undo %d", a.Undoes)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%d\t%s\t%s\n", a.ID, kind, a.Dataset, a.Release, a.Slices, droppedCell(a.Dropped), a.At.Format("2006-01-02 15:04:05Z"))
	}
	return tw.Flush()
}

// droppedCell sums drops up in a table cell: "-" or "694 in 1 slice".
func droppedCell(drops []store.SliceDrop) string {
	if len(drops) == 0 {
		return "-"
	}
	var n int64
	for _, d := range drops {
		n += d.Districts
	}
	return fmt.Sprintf("%d in %s", n, plural(len(drops), "slice", "slices"))
}
