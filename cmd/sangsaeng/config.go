package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"regexp"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

// Config is every setting of sangsaeng, from flags over SANGSAENG_*
// environment variables over defaults.
type Config struct {
	DB        string // DuckDB file or postgres:// URL; SANGSAENG_DB
	Addr      string // listen address; SANGSAENG_ADDR
	LogLevel  string // debug, info, warn, error; SANGSAENG_LOG_LEVEL
	LogFormat string // text or json; SANGSAENG_LOG_FORMAT
	Progress  string // auto, always or never; SANGSAENG_PROGRESS
	Memory    string // DuckDB memory limit, "" for its default; SANGSAENG_MEMORY_LIMIT
	Tiles     string // basemap tile URL template for the web app, "" for none; SANGSAENG_TILES
}

// flagSet returns a FlagSet for a command with the Config flags it uses
// registered; defaults come from the environment.
func flagSet(env *Env, name, argsUsage string, cfg *Config, fields ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: sangsaeng %s [flags] %s\n\nFlags:\n", name, argsUsage)
		fs.PrintDefaults()
	}
	def := func(key, fallback string) string {
		if v := env.Getenv("SANGSAENG_" + key); v != "" {
			return v
		}
		return fallback
	}
	for _, f := range fields {
		switch f {
		case "db":
			fs.StringVar(&cfg.DB, "db", def("DB", "sangsaeng.duckdb"), "database: a DuckDB file, or a postgres:// URL (env SANGSAENG_DB)")
		case "addr":
			fs.StringVar(&cfg.Addr, "addr", def("ADDR", "127.0.0.1:8080"), "listen address (env SANGSAENG_ADDR)")
		case "log":
			fs.StringVar(&cfg.LogLevel, "log-level", def("LOG_LEVEL", "info"), "log level: debug, info, warn, error (env SANGSAENG_LOG_LEVEL)")
			fs.StringVar(&cfg.LogFormat, "log-format", def("LOG_FORMAT", "text"), "log format: text or json (env SANGSAENG_LOG_FORMAT)")
		case "memory":
			// ingest loads whatever the file size in bounded memory:
			// DuckDB's CSV reader needs 256MB (at 128MB it runs out of
			// memory on a large file and ingest falls back to appending row
			// by row). fuse aggregates in the engine and spills past its
			// limit. serve lets DuckDB take its default (80% of RAM) for
			// queries.
			fallback := ""
			switch name {
			case "ingest", "demo":
				fallback = "256MB"
			case "fuse":
				fallback = "2GB"
			}
			fs.StringVar(&cfg.Memory, "memory-limit", def("MEMORY_LIMIT", fallback), "DuckDB memory limit, e.g. 128MB; empty for DuckDB's default, 80% of RAM (env SANGSAENG_MEMORY_LIMIT)")
		case "tiles":
			fs.StringVar(&cfg.Tiles, "tiles", def("TILES", ""), "basemap tile URL for the web map, e.g. https://tile.example.org/{z}/{x}/{y}.png; empty draws on a plain background (env SANGSAENG_TILES)")
		case "progress":
			fs.StringVar(&cfg.Progress, "progress", def("PROGRESS", "auto"), "progress report: auto (on a terminal), always, never (env SANGSAENG_PROGRESS)")
		}
	}
	return fs
}

// parse parses args, turning flag errors into errUsage (already reported).
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return errUsage
	}
	return nil
}

// logger returns the slog.Logger the config asks for, writing to env.Stderr.
func (c *Config) logger(env *Env) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch strings.ToLower(c.LogFormat) {
	case "text":
		return slog.New(slog.NewTextHandler(env.Stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(env.Stderr, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", c.LogFormat)
}

// openExisting opens the database the config names for a command that reads
// it (serve, report, datasets, reconcile): only ingest and demo create one,
// so that a mistyped --db is an error and not a new empty database. A
// PostgreSQL URL is not a file: the server says whether it is there.
func openExisting(ctx context.Context, cfg Config) (*store.DB, error) {
	if !store.IsPostgresURL(cfg.DB) {
		if _, err := os.Stat(cfg.DB); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s; create it with sangsaeng ingest FILE_OR_FOLDER... (or name another with --db or SANGSAENG_DB)", cfg.DB)
		} else if err != nil {
			return nil, err
		}
	}
	return store.OpenWith(ctx, cfg.DB, store.Options{MemoryLimit: cfg.Memory})
}

// lockHolder matches DuckDB's error when another process holds the file:
// `Conflicting lock is held in /path/to/program (PID 1234)`.
var lockHolder = regexp.MustCompile(`Could not set lock on file "([^"]*)": Conflicting lock is held in (.*?) \(PID (\d+)\)`)

// explainLock turns DuckDB's lock error into what holds the database and what
// to do; other errors come back unchanged. DuckDB lets one process open a
// database file at a time, even read-only, so while `sangsaeng serve` runs
// the other commands cannot open its database: its API answers instead.
func explainLock(err error, command, addr string) error {
	m := lockHolder.FindStringSubmatch(err.Error())
	if m == nil {
		return err
	}
	file, program, pid := m[1], m[2], m[3]
	var b strings.Builder
	fmt.Fprintf(&b, "the database %s is in use by process %s (%s), most likely sangsaeng serve or an ingest still running; DuckDB lets one process open a database file at a time. ", file, pid, program)
	api := "http://" + addr + "/api/v1/"
	switch command {
	case "ingest":
		fmt.Fprintf(&b, "Stop that process (kill %s, or Ctrl-C where it runs), ingest, then start the server again", pid)
	case "datasets":
		fmt.Fprintf(&b, "Stop that process (kill %s), or ask the server: curl -s %sdatasets", pid, api)
	case "report":
		fmt.Fprintf(&b, "Stop that process (kill %s), or ask the server: curl -s '%sdistricts/CODE/indicators?quarter=&industry='", pid, api)
	default:
		fmt.Fprintf(&b, "Stop that process (kill %s) and run the command again", pid)
	}
	return errors.New(b.String())
}
