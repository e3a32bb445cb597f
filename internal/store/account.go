package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

// accountColumns are what scanAccount reads (managed, added by migration
// 0009 with a default but without NOT NULL, read as false if NULL).
const accountColumns = `id, name, owner, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
	COALESCE(managed, FALSE), debits_posted, credits_posted, debits_pending, credits_pending`

type scanner interface{ Scan(dest ...any) error }

func scanAccount(s scanner) (ledger.Account, error) {
	var a ledger.Account
	err := s.Scan(&a.ID, &a.Name, &a.Owner, &a.Flags.DebitsMustNotExceedCredits, &a.Flags.CreditsMustNotExceedDebits,
		&a.Managed, &a.DebitsPosted, &a.CreditsPosted, &a.DebitsPending, &a.CreditsPending)
	return a, err
}

// ErrReservedID is an account id, asked for outside a program, in a
// namespace the programs' own accounts use (ReservedID); the API
// answers it 400.
var ErrReservedID = errors.New("reserved account id")

// ErrAccountTaken is an account a program would open whose id an account
// the program does not manage already has; the API answers it 409
// account_taken.
var ErrAccountTaken = errors.New("account id taken")

// ReservedID tells whether an account or transfer id lies in a namespace
// of the programs' own: a support program's "<program>:…" (any id with a
// colon), a contest's "ct-…" and an early-payment run's "ep-…". Only a
// program opens such an account (and every account a program opens is
// managed) or makes such a transfer: no one takes an id a program will
// need.
func ReservedID(id string) bool {
	return strings.Contains(id, ":") || strings.HasPrefix(id, "ct-") || strings.HasPrefix(id, "ep-")
}

// CreateAccount opens a ledger account through the ledger's writer, giving
// it an id if it has none. A taken id is ErrConflict; an id in a
// programs' namespace is ErrReservedID; the owner must be an organisation
// (ErrNotFound otherwise). The account is not managed: OpenProgramAccounts
// opens a program's.
func (db *DB) CreateAccount(ctx context.Context, a ledger.Account, meta Meta) (ledger.Account, error) {
	if a.ID == "" {
		a.ID = newID("a_")
	}
	if err := ledger.ValidID(a.ID); err != nil {
		return ledger.Account{}, err
	}
	if ReservedID(a.ID) && !meta.managed {
		return ledger.Account{}, fmt.Errorf("%w: %s: ids with a colon, or starting ct- or ep-, are the programs' own accounts", ErrReservedID, a.ID)
	}
	a.Managed = meta.managed
	if _, err := db.Org(ctx, a.Owner); err != nil {
		return ledger.Account{}, err
	}
	w, err := db.Ledger()
	if err != nil {
		return ledger.Account{}, err
	}
	rep, err := w.submit(ctx, &ledgerRequest{account: &a, meta: meta})
	if err != nil {
		return ledger.Account{}, err
	}
	return rep.account, nil
}

// OpenProgramAccounts opens the managed accounts of a program (a support
// program, a contest, an early-payment run) that are not open yet, up to
// 64 at a time (the ledger writer commits those it holds together). Their
// ids should lie in ReservedID's namespaces. An account already
// open under one of the ids is reused if it is managed, and refused
// (ErrAccountTaken) if not: money would otherwise flow through an account
// someone else opened, with its owner and flags.
func (db *DB) OpenProgramAccounts(ctx context.Context, accts []ledger.Account, meta Meta) error {
	meta.managed = true
	errs := make([]error, len(accts))
	sem := make(chan struct{}, 64)
	var wg sync.WaitGroup
	for i, a := range accts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			if _, err := db.CreateAccount(ctx, a, meta); err != nil && !errors.Is(err, ErrConflict) {
				errs[i] = err
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Account returns the ledger account with id and its stored sums.
func (db *DB) Account(ctx context.Context, id string) (ledger.Account, error) {
	a, err := scanAccount(db.db.QueryRowContext(ctx, `SELECT `+accountColumns+` FROM ledger_accounts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("account %s: %w", id, ErrNotFound)
	}
	return a, err
}

// insertAccount adds an account with zero sums in tx.
func insertAccount(ctx context.Context, x execer, a ledger.Account, at time.Time) error {
	_, err := x.ExecContext(ctx, `INSERT INTO ledger_accounts (id, name, owner, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
		managed, debits_posted, credits_posted, debits_pending, credits_pending, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, ?)`,
		a.ID, a.Name, a.Owner, a.Flags.DebitsMustNotExceedCredits, a.Flags.CreditsMustNotExceedDebits, a.Managed, at)
	return err
}

// loadAccounts reads every account with its stored sums.
func loadAccounts(ctx context.Context, q querier) ([]ledger.Account, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+accountColumns+` FROM ledger_accounts ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AccountOwner returns the organisation owning the account (owners never
// change, so the answer is remembered).
func (db *DB) AccountOwner(ctx context.Context, id string) (string, error) {
	if o, ok := db.cache.lookup(&db.cache.owners, id); ok {
		return o, nil
	}
	var owner string
	err := db.db.QueryRowContext(ctx, `SELECT owner FROM ledger_accounts WHERE id = ?`, id).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("account %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return "", err
	}
	db.cache.remember(&db.cache.owners, id, owner)
	return owner, nil
}
