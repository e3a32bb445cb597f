package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/contest"
)

// PutScore records (or replaces) a judge's scores of an entry. Only a
// judge assigned to the entry may score it (ErrNotFound otherwise, which
// the API answers 403), and only until the results are published
// (ErrFinal). The caller has checked the values against the criteria.
func (db *DB) PutScore(ctx context.Context, contestID, entryID, userID string, values map[string]int) error {
	doc, err := json.Marshal(values)
	if err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contests WHERE id = ? AND published_at IS NOT NULL`, contestID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("contest %s: the results are published: %w", contestID, ErrFinal)
	}
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contest_judges WHERE contest_id = ? AND entry_id = ? AND user_id = ?`,
		contestID, entryID, userID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("entry %s is not assigned to you: %w", entryID, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contest_scores WHERE contest_id = ? AND entry_id = ? AND user_id = ?`, contestID, entryID, userID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contest_scores (contest_id, entry_id, user_id, scores, updated_at) VALUES (?, ?, ?, ?, ?)`,
		contestID, entryID, userID, string(doc), db.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return err
	}
	return tx.Commit()
}

// Scores returns every score of the contest; with userID not "", only
// that judge's.
func (db *DB) Scores(ctx context.Context, contestID, userID string) ([]contest.Score, error) {
	q := `SELECT entry_id, user_id, scores FROM contest_scores WHERE contest_id = ?`
	args := []any{contestID}
	if userID != "" {
		q += ` AND user_id = ?`
		args = append(args, userID)
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY entry_id, user_id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []contest.Score
	for rows.Next() {
		var s contest.Score
		var doc string
		if err := rows.Scan(&s.Entry, &s.Judge, &doc); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &s.Values); err != nil {
			return nil, fmt.Errorf("score of %s by %s: %w", s.Entry, s.Judge, err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
