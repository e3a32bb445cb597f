package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Token is an API token's record; the token itself is never stored.
type Token struct {
	ID        string     `json:"id"`
	UserID    string     `json:"user_id"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
}

// CreateToken stores an API token's hash for userID until expires and
// returns its record.
func (db *DB) CreateToken(ctx context.Context, tokenHash, userID string, expires time.Time) (*Token, error) {
	t := &Token{ID: newID("tok_"), UserID: userID, CreatedAt: db.Now().UTC().Truncate(time.Microsecond), ExpiresAt: expires.UTC().Truncate(time.Microsecond)}
	_, err := db.db.ExecContext(ctx, `INSERT INTO api_tokens (id, token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		t.ID, tokenHash, userID, t.CreatedAt, t.ExpiresAt)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// TokenUser returns the user of the API token with the hash, if it is
// neither expired at now nor revoked; otherwise ErrNotFound.
func (db *DB) TokenUser(ctx context.Context, tokenHash string, now time.Time) (*User, error) {
	if u, ok := db.cache.get("t:"+tokenHash, now); ok {
		return u, nil
	}
	var userID, id string
	var expires time.Time
	err := db.db.QueryRowContext(ctx, `SELECT user_id, id, expires_at FROM api_tokens WHERE token_hash = ? AND expires_at > ? AND revoked_at IS NULL`,
		tokenHash, now.UTC()).Scan(&userID, &id, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("token: %w", ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	u, err := db.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	db.cache.put("t:"+tokenHash, cachedUser{user: u, expires: expires, until: now.Add(principalTTL), tokenID: id})
	return u, nil
}

// RevokeToken revokes the user's token with id; another user's or an
// unknown token is ErrNotFound.
func (db *DB) RevokeToken(ctx context.Context, id, userID string) error {
	res, err := db.db.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
		db.Now().UTC(), id, userID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("token %s: %w", id, ErrNotFound)
	}
	db.cache.dropToken(id)
	return nil
}
