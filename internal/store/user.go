package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sangsaeng/sangsaeng/internal/auth"
)

// User is a person who signs in. The password hash never leaves the store
// except to be verified.
type User struct {
	ID          string            `json:"id"`
	Email       string            `json:"email"`
	Name        string            `json:"name"`
	Memberships []auth.Membership `json:"memberships"`
	CreatedAt   time.Time         `json:"created_at"`
}

// CreateUser stores u with its memberships and password hash in one
// transaction, giving it an id. The email is stored in lower case; a taken
// email is ErrConflict, a membership of an unknown organisation ErrNotFound.
func (db *DB) CreateUser(ctx context.Context, u *User, passwordHash string) error {
	u.ID = newID("u_")
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt = db.Now().UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = ?`, u.Email).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("user %s: %w", u.Email, ErrConflict)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		u.ID, u.Email, u.Name, passwordHash, u.CreatedAt); err != nil {
		if isDuplicate(err) {
			return fmt.Errorf("user %s: %w", u.Email, ErrConflict)
		}
		return err
	}
	for _, m := range u.Memberships {
		if m.Org != "" {
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM orgs WHERE id = ?`, m.Org).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return fmt.Errorf("org %s: %w", m.Org, ErrNotFound)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, org_id, role) VALUES (?, ?, ?)`, u.ID, m.Org, string(m.Role)); err != nil {
			if isDuplicate(err) {
				return fmt.Errorf("membership %s in %q twice: %w", m.Role, m.Org, ErrConflict)
			}
			return err
		}
	}
	return tx.Commit()
}

// UserByEmail returns the user with email (any case) and its password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (*User, string, error) {
	var u User
	var hash string
	err := db.db.QueryRowContext(ctx, `SELECT id, email, name, password_hash, created_at FROM users WHERE email = ?`,
		strings.ToLower(strings.TrimSpace(email))).Scan(&u.ID, &u.Email, &u.Name, &hash, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("user: %w", ErrNotFound)
	}
	if err != nil {
		return nil, "", err
	}
	if u.Memberships, err = db.memberships(ctx, u.ID); err != nil {
		return nil, "", err
	}
	return &u, hash, nil
}

// User returns the user with id.
func (db *DB) User(ctx context.Context, id string) (*User, error) {
	var u User
	err := db.db.QueryRowContext(ctx, `SELECT id, email, name, created_at FROM users WHERE id = ?`, id).
		Scan(&u.ID, &u.Email, &u.Name, &u.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("user %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if u.Memberships, err = db.memberships(ctx, u.ID); err != nil {
		return nil, err
	}
	return &u, nil
}

func (db *DB) memberships(ctx context.Context, userID string) ([]auth.Membership, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT org_id, role FROM memberships WHERE user_id = ? ORDER BY org_id, role`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []auth.Membership{}
	for rows.Next() {
		var m auth.Membership
		if err := rows.Scan(&m.Org, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Validate checks a new user: an email, a name of at most 100
// characters, an acceptable password, at least one membership; admin
// without an organisation, every other role with one.
func (u *User) Validate(password string) error {
	if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email || len(u.Email) > 254 {
		return errors.New("email: want an address such as kim@example.com")
	}
	if utf8.RuneCountInString(u.Name) > 100 {
		return errors.New("name: want at most 100 characters")
	}
	if err := auth.CheckPassword(password); err != nil {
		return err
	}
	if len(u.Memberships) == 0 {
		return errors.New("memberships: want at least one {org, role}")
	}
	for i, m := range u.Memberships {
		if m.Role == auth.Admin && m.Org != "" {
			return fmt.Errorf("memberships[%d]: admin is the installation's, without an org", i)
		}
		if m.Role != auth.Admin && m.Org == "" {
			return fmt.Errorf("memberships[%d]: role %s needs an org", i, m.Role)
		}
	}
	return nil
}
