package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// CreateSession stores a session under its token's hash for userID, until
// expires, and forgets the sessions that have expired.
func (db *DB) CreateSession(ctx context.Context, tokenHash, userID string, expires time.Time) error {
	now := db.Now().UTC()
	if _, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, now); err != nil {
		return err
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		tokenHash, userID, now, expires.UTC())
	return err
}

// SessionUser returns the user of the live session with the token hash at
// now; an unknown or expired session is ErrNotFound.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*User, error) {
	if u, ok := db.cache.get("s:"+tokenHash, now); ok {
		return u, nil
	}
	var userID string
	var expires time.Time
	err := db.db.QueryRowContext(ctx, `SELECT user_id, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, now.UTC()).Scan(&userID, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("session: %w", ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	u, err := db.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	db.cache.put("s:"+tokenHash, cachedUser{user: u, expires: expires, until: now.Add(principalTTL)})
	return u, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	db.cache.drop("s:" + tokenHash)
	_, err := db.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	db.cache.drop("s:" + tokenHash)
	return err
}
