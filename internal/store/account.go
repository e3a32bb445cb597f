package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

const accountColumns = `id, name, owner, debits_must_not_exceed_credits, credits_must_not_exceed_debits,
	debits_posted, credits_posted, debits_pending, credits_pending`

type scanner interface{ Scan(dest ...any) error }

func scanAccount(s scanner) (ledger.Account, error) {
	var a ledger.Account
	err := s.Scan(&a.ID, &a.Name, &a.Owner, &a.Flags.DebitsMustNotExceedCredits, &a.Flags.CreditsMustNotExceedDebits,
		&a.DebitsPosted, &a.CreditsPosted, &a.DebitsPending, &a.CreditsPending)
	return a, err
}

// CreateAccount opens a ledger account through the ledger's writer, giving
// it an id if it has none. A taken id is ErrConflict; the owner must be an
// organisation (ErrNotFound otherwise).
func (db *DB) CreateAccount(ctx context.Context, a ledger.Account, meta Meta) (ledger.Account, error) {
	if a.ID == "" {
		a.ID = newID("a_")
	}
	if err := ledger.ValidID(a.ID); err != nil {
		return ledger.Account{}, err
	}
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
	_, err := x.ExecContext(ctx, `INSERT INTO ledger_accounts (`+accountColumns+`, created_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?)`,
		a.ID, a.Name, a.Owner, a.Flags.DebitsMustNotExceedCredits, a.Flags.CreditsMustNotExceedDebits, at)
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
