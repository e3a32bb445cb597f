package main

import (
	"flag"
	"fmt"
	"log/slog"
	"strings"
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
