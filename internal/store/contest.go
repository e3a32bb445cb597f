package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/contest"
)

// Contest is a product contest an operator runs (issue 13).
type Contest struct {
	ID          string              `json:"id"`
	Operator    string              `json:"operator"`
	Name        string              `json:"name"`
	Criteria    []contest.Criterion `json:"criteria"`
	Budget      int64               `json:"budget"`
	OpensAt     time.Time           `json:"opens_at"`
	ClosesAt    time.Time           `json:"closes_at"`
	PerEntry    int                 `json:"per_entry"`
	Method      contest.Method      `json:"method"`
	JuryAt      *time.Time          `json:"jury_at"`
	PublishedAt *time.Time          `json:"published_at"`
	CreatedAt   time.Time           `json:"created_at"`
}

// ErrClosed refuses an entry to a contest whose jury is assigned (the
// entries ended then).
var ErrClosed = errors.New("contest closed")

// ErrFinal refuses a change a contest's state no longer allows: a jury
// reassigned after the first score, a score after the results were
// published, an execution asked again under another id.
var ErrFinal = errors.New("no longer allowed")

const contestColumns = `id, operator, name, criteria, budget, opens_at, closes_at, per_entry, method, jury_at, published_at, created_at`

func scanContest(s scanner) (*Contest, error) {
	var c Contest
	var crit string
	var jury, pub sql.NullTime
	if err := s.Scan(&c.ID, &c.Operator, &c.Name, &crit, &c.Budget, &c.OpensAt, &c.ClosesAt, &c.PerEntry, &c.Method, &jury, &pub, &c.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(crit), &c.Criteria); err != nil {
		return nil, fmt.Errorf("contest %s: criteria: %w", c.ID, err)
	}
	c.OpensAt, c.ClosesAt, c.CreatedAt = c.OpensAt.UTC(), c.ClosesAt.UTC(), c.CreatedAt.UTC()
	if jury.Valid {
		t := jury.Time.UTC()
		c.JuryAt = &t
	}
	if pub.Valid {
		t := pub.Time.UTC()
		c.PublishedAt = &t
	}
	return &c, nil
}

// CreateContest stores c, giving it an id if it has none; the caller has
// validated it. A taken id is ErrConflict.
func (db *DB) CreateContest(ctx context.Context, c *Contest) error {
	if c.ID == "" {
		c.ID = newID("c_")
	}
	c.CreatedAt = db.Now().UTC().Truncate(time.Microsecond)
	crit, err := json.Marshal(c.Criteria)
	if err != nil {
		return err
	}
	_, err = db.db.ExecContext(ctx, `INSERT INTO contests (`+contestColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`,
		c.ID, c.Operator, c.Name, string(crit), c.Budget, c.OpensAt.UTC(), c.ClosesAt.UTC(), c.PerEntry, string(c.Method), c.CreatedAt)
	if isDuplicate(err) {
		return fmt.Errorf("contest %s: %w", c.ID, ErrConflict)
	}
	return err
}

// Contest returns the contest with id.
func (db *DB) Contest(ctx context.Context, id string) (*Contest, error) {
	c, err := scanContest(db.db.QueryRowContext(ctx, `SELECT `+contestColumns+` FROM contests WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("contest %s: %w", id, ErrNotFound)
	}
	return c, err
}

// Contests lists the contests, the latest opening first (at most 500).
func (db *DB) Contests(ctx context.Context) ([]Contest, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+contestColumns+` FROM contests ORDER BY opens_at DESC, id LIMIT 500`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Contest{}
	for rows.Next() {
		c, err := scanContest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// PublishContest marks the contest's results published (final) at the
// store's clock; publishing twice keeps the first instant.
func (db *DB) PublishContest(ctx context.Context, id string) (*Contest, error) {
	if _, err := db.db.ExecContext(ctx, `UPDATE contests SET published_at = ? WHERE id = ? AND published_at IS NULL`,
		db.Now().UTC().Truncate(time.Microsecond), id); err != nil {
		return nil, err
	}
	return db.Contest(ctx, id)
}

// ContestDistribution is the split of a published contest's purchase.
type ContestDistribution struct {
	OnlineBP int64           `json:"online_share"`
	Stores   []contest.Store `json:"stores"`
	Shares   []contest.Share `json:"products"`
}

// SaveDistribution stores (or replaces) the contest's distribution.
func (db *DB) SaveDistribution(ctx context.Context, contestID string, d ContestDistribution) error {
	stores, err := json.Marshal(d.Stores)
	if err != nil {
		return err
	}
	shares, err := json.Marshal(d.Shares)
	if err != nil {
		return err
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM contest_distributions WHERE contest_id = ?`, contestID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contest_distributions (contest_id, online_bp, stores, shares, created_at) VALUES (?, ?, ?, ?, ?)`,
		contestID, d.OnlineBP, string(stores), string(shares), db.Now().UTC().Truncate(time.Microsecond)); err != nil {
		return err
	}
	return tx.Commit()
}
