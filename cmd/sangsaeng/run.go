package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// command is one subcommand of sangsaeng.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

var commands = []command{
	{"demo", "generate a synthetic demo city, load it and serve it", runDemo},
	{"ingest", "load published files (or folders of them) into the database", runIngest},
	{"serve", "serve the HTTP API", runServe},
	{"fuse", "fuse raw merchant, card-sales and foot-traffic feeds into district statistics", runFuse},
	{"datasets", "list the datasets and releases in the database", runDatasets},
	{"releases", "list releases and their history; activate one, or undo the last ingest", runReleases},
	{"report", "print a district's one-page indicator report", runReport},
	{"reconcile", "compare two releases of one dataset, district by district", runReconcile},
	{"effect", "estimate a program's effect on a panel of outcomes (difference in differences)", runEffect},
	{"sales", "sales import: load a card-sales feed into the database, per business and day", runSales},
	{"copy", "copy a whole database into an empty one, DuckDB or PostgreSQL", runCopy},
	{"synth", "synth raw: disaggregate published statistics into raw feeds that fuse back to them", runSynth},
	{"orgs", "orgs add: add an organisation", runOrgs},
	{"users", "users add: add a user with a role; users token: make an API token", runUsers},
	{"invoices", "invoices import FILE --run ID: import an ERP invoice file (CSV, UTF-8 or CP949) for early payment", runInvoices},
	{"version", "print the version", runVersion},
}

// Env is what a command may touch of the outside world.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// errUsage marks a usage error already explained to the user.
var errUsage = errors.New("usage")

// run runs sangsaeng with the given arguments and returns the exit code:
// 0 on success, 1 on failure, 2 on a usage error.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	env := &Env{Getenv: getenv, Stdin: os.Stdin, Stdout: stdout, Stderr: stderr}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			return 2
		}
		addr := getenv("SANGSAENG_ADDR")
		if addr == "" {
			addr = "127.0.0.1:8080"
		}
		err = explainLock(err, c.name, addr)
		fmt.Fprintln(stderr, "sangsaeng "+c.name+": "+err.Error())
		return 1
	}
	fmt.Fprintf(stderr, "sangsaeng: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

func usage(w io.Writer) {
	var b strings.Builder
	b.WriteString("sangsaeng (상생): commercial-district insight for small merchants.\n\nUsage: sangsaeng <command> [flags] [args]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'sangsaeng <command> -h' for a command's flags.\n")
	fmt.Fprint(w, b.String())
}
