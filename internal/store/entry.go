package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/contest"
)

// Entry is a product a supplier entered in a contest.
type Entry struct {
	ContestID   string       `json:"contest"`
	ID          string       `json:"id"`
	Supplier    string       `json:"supplier"` // the supplier's organisation
	Product     string       `json:"product"`
	UnitPrice   int64        `json:"unit_price"`
	MinUnits    int64        `json:"min_units"`
	MaxUnits    int64        `json:"max_units"`
	SMECert     string       `json:"sme_cert"` // 중소기업 확인서 number
	SubmittedAt time.Time    `json:"submitted_at"`
	UserID      string       `json:"-"`
	Attachments []Attachment `json:"attachments"`
}

// Attachment is a file joined to an entry; Data is not listed.
type Attachment struct {
	N         int    `json:"n"`
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
	Data      []byte `json:"-"`
}

// Rule is the entry as the contest's rules see it; businessNo is the
// supplier's 사업자등록번호.
func (e Entry) Rule(businessNo string) contest.Entry {
	return contest.Entry{ID: e.ID, Supplier: e.Supplier, BusinessNo: businessNo, UnitPrice: e.UnitPrice,
		MinUnits: e.MinUnits, MaxUnits: e.MaxUnits, Submitted: e.SubmittedAt}
}

// CreateEntry stores e and its attachments in one transaction, numbering
// it e1, e2 … within its contest, stamped with the store's clock. A contest
// whose jury is assigned takes no more entries (ErrClosed); the caller has
// checked the contest's window.
func (db *DB) CreateEntry(ctx context.Context, e *Entry) error {
	e.SubmittedAt = db.Now().UTC().Truncate(time.Microsecond)
	for try := 0; ; try++ {
		err := db.createEntry(ctx, e)
		if try < 5 && isDuplicate(err) {
			continue // another entry took the number
		}
		return err
	}
}

func (db *DB) createEntry(ctx context.Context, e *Entry) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var jury sql.NullTime
	err = tx.QueryRowContext(ctx, `SELECT jury_at FROM contests WHERE id = ?`, e.ContestID).Scan(&jury)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("contest %s: %w", e.ContestID, ErrNotFound)
	}
	if err != nil {
		return err
	}
	if jury.Valid {
		return fmt.Errorf("contest %s: the jury is assigned: %w", e.ContestID, ErrClosed)
	}
	var seq int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM contest_entries WHERE contest_id = ?`, e.ContestID).Scan(&seq); err != nil {
		return err
	}
	e.ID = "e" + strconv.FormatInt(seq, 10)
	if _, err := tx.ExecContext(ctx, `INSERT INTO contest_entries (contest_id, id, seq, supplier, product, unit_price, min_units, max_units, sme_cert, submitted_at, user_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.ContestID, e.ID, seq, e.Supplier, e.Product, e.UnitPrice, e.MinUnits, e.MaxUnits, e.SMECert, e.SubmittedAt, e.UserID); err != nil {
		return err
	}
	for i := range e.Attachments {
		a := &e.Attachments[i]
		a.N, a.Size = i+1, int64(len(a.Data))
		if _, err := tx.ExecContext(ctx, `INSERT INTO contest_attachments (contest_id, entry_id, n, name, media_type, size, data) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			e.ContestID, e.ID, a.N, a.Name, a.MediaType, a.Size, a.Data); err != nil {
			return err
		}
	}
	return tx.Commit()
}

const entryColumns = `contest_id, id, supplier, product, unit_price, min_units, max_units, sme_cert, submitted_at, user_id`

// Entries lists a contest's entries in the order they came, with their
// attachments (without data).
func (db *DB) Entries(ctx context.Context, contestID string) ([]Entry, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+entryColumns+` FROM contest_entries WHERE contest_id = ? ORDER BY seq`, contestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Entry{}
	index := map[string]int{}
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ContestID, &e.ID, &e.Supplier, &e.Product, &e.UnitPrice, &e.MinUnits, &e.MaxUnits, &e.SMECert, &e.SubmittedAt, &e.UserID); err != nil {
			return nil, err
		}
		e.SubmittedAt = e.SubmittedAt.UTC()
		e.Attachments = []Attachment{}
		index[e.ID] = len(out)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	arows, err := db.db.QueryContext(ctx, `SELECT entry_id, n, name, media_type, size FROM contest_attachments WHERE contest_id = ? ORDER BY entry_id, n`, contestID)
	if err != nil {
		return nil, err
	}
	defer arows.Close()
	for arows.Next() {
		var id string
		var a Attachment
		if err := arows.Scan(&id, &a.N, &a.Name, &a.MediaType, &a.Size); err != nil {
			return nil, err
		}
		if i, ok := index[id]; ok {
			out[i].Attachments = append(out[i].Attachments, a)
		}
	}
	return out, arows.Err()
}

// BusinessNos maps organisation ids to their 사업자등록번호 (those without
// one are left out).
func (db *DB) BusinessNos(ctx context.Context, orgs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, id := range orgs {
		if _, ok := out[id]; ok {
			continue
		}
		var bn sql.NullString
		err := db.db.QueryRowContext(ctx, `SELECT business_no FROM orgs WHERE id = ?`, id).Scan(&bn)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
		if bn.Valid && bn.String != "" {
			out[id] = bn.String
		}
	}
	return out, nil
}
