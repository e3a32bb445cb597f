package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/demo"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

func runDemo(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "demo", "", &cfg, "addr", "log", "memory", "tiles")
	dir := fs.String("dir", "", "write the demo files and database here and keep them (default: a temporary folder, removed on exit)")
	seed := fs.Int64("seed", 1, "seed of the synthetic city")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, err := cfg.logger(env)
	if err != nil {
		return err
	}
	if *dir == "" {
		tmp, err := os.MkdirTemp("", "sangsaeng-demo-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*dir = tmp
	}
	files, err := demo.Generate(filepath.Join(*dir, "data"), demo.Options{Seed: *seed})
	if err != nil {
		return fmt.Errorf("generate demo city: %w", err)
	}
	fmt.Fprintf(env.Stdout, "demo city written to %s (%d files)\n", filepath.Join(*dir, "data"), len(files))
	db, err := store.OpenWith(ctx, filepath.Join(*dir, "demo.duckdb"), store.Options{MemoryLimit: cfg.Memory})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := ingestPaths(ctx, env, &ingest.Ingester{DB: db}, files); err != nil {
		return err
	}
	start := time.Now()
	progs, err := seedPrograms(ctx, db, uint64(*seed))
	if err != nil {
		return fmt.Errorf("demo programs: %w", err)
	}
	printDemoPrograms(env.Stdout, progs, time.Since(start))
	return serve(ctx, env, log, db, cfg)
}
