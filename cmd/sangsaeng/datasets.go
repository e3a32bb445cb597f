package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

func runDatasets(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "datasets", "", &cfg, "db")
	releases := fs.Bool("releases", false, "list every release, live or superseded, by number (what reconcile takes)")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if *releases {
		return writeReleases(ctx, db, env.Stdout)
	}
	ds, err := db.Datasets(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATASET\tTITLE\tLIVE ROWS\tQUARTERS\tRELEASES")
	for _, d := range ds {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%d\n", d.Name, d.Name.Title(), d.Rows, span(d.Quarters), len(d.Releases))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	writeLive(env.Stdout, ds)
	return nil
}

// writeLive lists, per dataset, the releases live now and the slices each
// is live for, then what releases ingested with --replace dropped.
func writeLive(w io.Writer, ds []store.DatasetInfo) {
	var dropped []string
	for _, d := range ds {
		for _, r := range d.Releases {
			if len(r.Dropped) > 0 {
				dropped = append(dropped, fmt.Sprintf("  %s release %d (%s): %s", d.Name, r.ID, r.File, dropList(r.Dropped)))
			}
		}
		if len(d.Live) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nlive %s:\n", d.Name)
		for _, l := range d.Live {
			fmt.Fprintf(w, "  release %d (%s): %s\n", l.Release, l.File, liveSlices(l))
		}
	}
	if len(dropped) > 0 {
		fmt.Fprintf(w, "\ndropped by releases ingested with --replace:\n")
		for _, line := range dropped {
			fmt.Fprintln(w, line)
		}
	}
}

// liveSlices says compactly which slices a live release covers.
func liveSlices(l store.LiveRelease) string {
	switch {
	case len(l.Quarters) == 0:
		return plural(l.Slices, "district", "districts")
	case len(l.Industries) == 0:
		return "quarters " + span(l.Quarters)
	}
	return fmt.Sprintf("%s: quarters %s × industries %s", plural(l.Slices, "slice", "slices"), span(l.Quarters), spanOf(l.Industries, 4))
}

// spanOf lists up to n values, then how many more.
func spanOf(v []string, n int) string {
	if len(v) <= n {
		return strings.Join(v, ", ")
	}
	return fmt.Sprintf("%s, … (%d)", strings.Join(v[:n], ", "), len(v))
}

// dropList lists the slices a release dropped districts of.
func dropList(drops []store.SliceDrop) string {
	var parts []string
	for i, d := range drops {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("and %d more slices", len(drops)-i))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d of %d districts", d.Slice, d.Districts, d.Of))
	}
	return strings.Join(parts, ", ")
}

// writeReleases lists every release by number, live or superseded.
func writeReleases(ctx context.Context, db *store.DB, w io.Writer) error {
	rels, err := db.Releases(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RELEASE\tDATASET\tFILE\tROWS\tQUARTERS\tWARNINGS\tDROPPED\tINGESTED")
	for _, r := range rels {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%d\t%s\t%s\n", r.ID, r.Dataset, r.File, r.Rows, span(r.Quarters), len(r.Warnings), droppedCell(r.Dropped), r.IngestedAt.Format("2006-01-02 15:04:05Z"))
	}
	return tw.Flush()
}

func span(q []string) string {
	switch len(q) {
	case 0:
		return "-"
	case 1:
		return q[0]
	}
	return fmt.Sprintf("%s–%s (%d)", q[0], q[len(q)-1], len(q))
}
