package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

func runDatasets(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "datasets", "", &cfg, "db")
	if err := parse(fs, args); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
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

func span(q []string) string {
	switch len(q) {
	case 0:
		return "-"
	case 1:
		return q[0]
	}
	return fmt.Sprintf("%s–%s (%d)", q[0], q[len(q)-1], len(q))
}
