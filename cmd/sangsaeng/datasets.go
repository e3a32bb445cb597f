package main

import (
	"context"
	"fmt"
	"io"
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
	return tw.Flush()
}

// writeReleases lists every release by number, live or superseded.
func writeReleases(ctx context.Context, db *store.DB, w io.Writer) error {
	rels, err := db.Releases(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RELEASE\tDATASET\tFILE\tROWS\tQUARTERS\tWARNINGS\tINGESTED")
	for _, r := range rels {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%d\t%s\n", r.ID, r.Dataset, r.File, r.Rows, span(r.Quarters), len(r.Warnings), r.IngestedAt.Format("2006-01-02 15:04:05Z"))
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
