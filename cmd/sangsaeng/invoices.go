package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/sangsaeng/sangsaeng/internal/earlypay"
)

// runInvoices is `sangsaeng invoices import FILE --run ID`: the operator's
// ERP export (CSV, UTF-8 or CP949) into the books of the early-payment
// run's operator, as POST /api/v1/early-payments/{id}/invoices does.
func runInvoices(ctx context.Context, env *Env, args []string) error {
	const use = "Usage: sangsaeng invoices import FILE --run ID [--db FILE]"
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(env.Stderr, use)
		return errUsage
	}
	var cfg Config
	fs := flagSet(env, "invoices import", "FILE", &cfg, "db")
	runID := fs.String("run", "", "the early-payment run whose operator's books the invoices join")
	// Flags may come before or after FILE.
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	rest := fs.Args()
	if len(rest) > 0 {
		if err := parse(fs, rest[1:]); err != nil {
			return err
		}
		if fs.NArg() > 0 {
			fmt.Fprintln(env.Stderr, use)
			return errUsage
		}
	}
	if len(rest) == 0 || *runID == "" {
		fmt.Fprintln(env.Stderr, use)
		return errUsage
	}
	data, err := os.ReadFile(rest[0])
	if err != nil {
		return err
	}
	invs, enc, err := earlypay.Parse(data)
	var rows earlypay.Errors
	if errors.As(err, &rows) {
		for _, r := range rows {
			fmt.Fprintf(env.Stderr, "%s: %v\n", rest[0], r)
		}
		return fmt.Errorf("%s: %d bad rows, nothing imported", rest[0], len(rows))
	}
	if err != nil {
		return fmt.Errorf("%s: %w", rest[0], err)
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	run, err := db.EarlyPayment(ctx, *runID)
	if err != nil {
		return err
	}
	imported, already, err := db.ImportInvoices(ctx, run.Operator, run.ID, invs)
	if err != nil {
		return err
	}
	if err := auditCLI(ctx, db, "invoices import", "/api/v1/early-payments/"+run.ID+"/invoices"); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %d invoices (%s) into the books of %s for run %s; %d already imported\n", imported, enc, run.Operator, run.ID, already)
	return nil
}
