package store

import (
	"context"
	"database/sql"
	"time"
)

// AuditEntry is one write through the API.
type AuditEntry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	UserID    *string   `json:"user_id"`
	Action    string    `json:"action"`
	Resource  string    `json:"resource"`
	Status    int       `json:"status"`
	RequestID string    `json:"request_id"`
}

// Audit records a write.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	var user any
	if e.UserID != nil {
		user = *e.UserID
	}
	_, err := db.db.ExecContext(ctx, `INSERT INTO audit_log (id, created_at, user_id, action, resource, status, request_id)
		VALUES (nextval('audit_ids'), ?, ?, ?, ?, ?, ?)`, e.At.UTC(), user, e.Action, e.Resource, e.Status, e.RequestID)
	return err
}

// AuditLog returns up to limit entries after the id, oldest first.
func (db *DB) AuditLog(ctx context.Context, after int64, limit int) ([]AuditEntry, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, created_at, user_id, action, resource, status, request_id FROM audit_log
		WHERE id > ? ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	for rows.Next() {
		var e AuditEntry
		var user sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &user, &e.Action, &e.Resource, &e.Status, &e.RequestID); err != nil {
			return nil, err
		}
		e.UserID = nullString(user)
		out = append(out, e)
	}
	return out, rows.Err()
}
