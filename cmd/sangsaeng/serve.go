package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/web"
)

func runServe(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "serve", "", &cfg, "db", "addr", "log", "memory", "tiles")
	if err := parse(fs, args); err != nil {
		return err
	}
	log, err := cfg.logger(env)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, env, log, db, cfg)
}

// serve serves the API on addr until ctx ends, then shuts down gracefully,
// letting requests in flight finish for up to 10 seconds. It prints the URL
// once listening.
func serve(ctx context.Context, env *Env, log *slog.Logger, db *store.DB, cfg Config) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if db.Engine() == store.Postgres {
		// One process writes a database's ledger: the first server started
		// on it. Another serves reads; its ledger and program writes answer
		// 503 until the writer stops, and it takes over then.
		switch _, err := db.Ledger(); {
		case errors.Is(err, store.ErrLedgerHeld):
			fmt.Fprintln(env.Stderr, "sangsaeng: another process writes this database's ledger: this one serves reads; its ledger writes answer 503 until that process stops")
			log.Warn("ledger held by another process: serving reads")
		case err != nil:
			ln.Close()
			return err
		}
	}
	api := httpapi.New(db, log, httpapi.Options{Tiles: cfg.Tiles, Web: web.Handler(cfg.Tiles)})
	if err := api.Warm(ctx); err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           api,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(env.Stdout, "sangsaeng serving on http://%s\n", ln.Addr())
	log.Info("serving", "addr", ln.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
