package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreateSession stores a session under its token's hash for userID, until
// expires.
func (db *DB) CreateSession(ctx context.Context, tokenHash, userID string, expires time.Time) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash, userID, db.Now().UTC(), expires.UTC())
	return err
}

// SessionUser returns the user of the live session with the token hash at
// now; an unknown or expired session is ErrNotFound.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*User, error) {
	var userID string
	err := db.db.QueryRowContext(ctx, `SELECT user_id FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, now.UTC()).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return db.User(ctx, userID)
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}
