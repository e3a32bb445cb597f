package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

// runCopy copies a whole database into an empty one, of either engine.
func runCopy(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "copy", "", &cfg)
	from := fs.String("from", "", "the database to copy: a DuckDB file or a postgres:// URL")
	to := fs.String("to", "", "the empty database to copy into (created if a DuckDB file): a DuckDB file or a postgres:// URL")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "sangsaeng copy: name the two databases with --from and --to")
		fs.Usage()
		return errUsage
	}
	src, err := store.Open(ctx, *from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := store.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dst.Close()
	tables, err := store.Copy(ctx, src, dst)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "TABLE\tROWS\tCHECKSUM\t")
	var rows int64
	for _, t := range tables {
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", t.Table, t.Rows, t.Checksum)
		rows += t.Rows
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "copied %d tables, %d rows, from %s to %s: row counts and checksums match\n", len(tables), rows, src.Engine(), dst.Engine())
	return nil
}
