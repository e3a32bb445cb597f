package store

import (
	"context"
	"database/sql"
	"strings"
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

// Audit records a write, returning once it is committed. Concurrent calls
// share a commit (one goroutine inserts every entry waiting), so auditing
// each request does not cost each request a commit of its own.
func (db *DB) Audit(ctx context.Context, e AuditEntry) error {
	db.auditOnce.Do(func() {
		db.auditQueue = make(chan auditRequest, 4096)
		db.auditDone = make(chan struct{})
		go db.auditLoop()
	})
	req := auditRequest{entry: e, reply: make(chan error, 1)}
	select {
	case db.auditQueue <- req:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-req.reply
}

type auditRequest struct {
	entry AuditEntry
	reply chan error
}

// auditLoop inserts the waiting entries in one statement and one commit,
// until the queue is closed.
func (db *DB) auditLoop() {
	defer close(db.auditDone)
	for first := range db.auditQueue {
		batch := []auditRequest{first}
	more:
		for len(batch) < 500 {
			select {
			case r, ok := <-db.auditQueue:
				if !ok {
					break more
				}
				batch = append(batch, r)
			default:
				break more
			}
		}
		entries := make([]AuditEntry, len(batch))
		for i, r := range batch {
			entries[i] = r.entry
		}
		err := insertAudit(context.Background(), db.db, entries)
		for _, r := range batch {
			r.reply <- err
		}
	}
}

// stopAudit ends the audit writer after the entries queued.
func (db *DB) stopAudit() {
	db.auditOnce.Do(func() {})
	if db.auditQueue != nil {
		close(db.auditQueue)
		<-db.auditDone
		db.auditQueue = nil
	}
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

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// insertAudit inserts entries in one statement.
func insertAudit(ctx context.Context, x execer, entries []AuditEntry) error {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO audit_log (id, created_at, user_id, action, resource, status, request_id) VALUES `)
	args := make([]any, 0, 6*len(entries))
	for i, e := range entries {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString("(nextval('audit_ids'), ?, ?, ?, ?, ?, ?)")
		var user any
		if e.UserID != nil {
			user = *e.UserID
		}
		args = append(args, e.At.UTC(), user, e.Action, e.Resource, e.Status, e.RequestID)
	}
	_, err := x.ExecContext(ctx, sb.String(), args...)
	return err
}
