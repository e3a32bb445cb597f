package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ledger"
)

// Member is a merchant of a program's cohort: its place (numbering its
// accounts), its daily capacity (lunchboxes; 0 for none given) and the
// targeting's reasons when it was chosen (JSON, null for none).
type Member struct {
	Org      string          `json:"org"`
	Name     string          `json:"name"`
	Lon      *float64        `json:"lon"` // the merchant's location, for the map
	Lat      *float64        `json:"lat"`
	Seq      int64           `json:"seq"`
	Capacity int             `json:"capacity"`
	Reasons  json.RawMessage `json:"reasons"`
	AddedAt  time.Time       `json:"added_at"`
}

// Choice is a merchant to add to a cohort, with its capacity and the
// targeting's reasons (nil for none).
type Choice struct {
	Org      string
	Capacity int
	Reasons  json.RawMessage
}

// AddMerchants adds merchants to a program's cohort (those already in it
// are left as they are), opens their accounts, and returns the cohort.
// Each must be a merchant organisation (ErrNotFound, ErrInvalidProgram).
func (db *DB) AddMerchants(ctx context.Context, programID string, choices []Choice) ([]Member, error) {
	unlock := db.lock(programID)
	defer unlock()
	p, err := db.Program(ctx, programID)
	if err != nil {
		return nil, err
	}
	cohort, err := db.Cohort(ctx, programID)
	if err != nil {
		return nil, err
	}
	next := int64(1)
	in := map[string]bool{}
	for _, m := range cohort {
		in[m.Org] = true
		next = max(next, m.Seq+1)
	}
	var add []Member
	var accts []ledger.Account
	for _, c := range choices {
		if in[c.Org] {
			continue
		}
		o, err := db.Org(ctx, c.Org)
		if err != nil {
			return nil, err
		}
		if o.Kind != "merchant" {
			return nil, fmt.Errorf("%w: org %s is a %s, not a merchant", ErrInvalidProgram, c.Org, o.Kind)
		}
		if c.Capacity < 0 {
			return nil, fmt.Errorf("%w: capacity of %s: %d", ErrInvalidProgram, c.Org, c.Capacity)
		}
		reasons := c.Reasons
		if len(reasons) == 0 {
			reasons = json.RawMessage("null")
		}
		in[c.Org] = true
		add = append(add, Member{Org: c.Org, Name: o.Name, Seq: next, Capacity: c.Capacity, Reasons: reasons})
		accts = append(accts, merchantAccounts(p, next, o.Name)...)
		next++
	}
	if len(add) == 0 {
		return cohort, nil
	}
	if err := db.OpenProgramAccounts(ctx, accts, Meta{}); err != nil {
		return nil, err
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, m := range add {
		if _, err := tx.ExecContext(ctx, `INSERT INTO program_merchants (program_id, org_id, seq, capacity, reasons, added_at)
			VALUES (?, ?, ?, ?, ?, ?)`, programID, m.Org, m.Seq, m.Capacity, string(m.Reasons), now); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return db.Cohort(ctx, programID)
}

// Cohort lists a program's merchants in the order they were added.
func (db *DB) Cohort(ctx context.Context, programID string) ([]Member, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT m.org_id, o.name, o.lon, o.lat, m.seq, m.capacity, m.reasons, m.added_at
		FROM program_merchants m JOIN orgs o ON o.id = m.org_id WHERE m.program_id = ? ORDER BY m.seq`, programID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Member{}
	for rows.Next() {
		var m Member
		var reasons string
		var lon, lat sql.NullFloat64
		if err := rows.Scan(&m.Org, &m.Name, &lon, &lat, &m.Seq, &m.Capacity, &reasons, &m.AddedAt); err != nil {
			return nil, err
		}
		if lon.Valid && lat.Valid {
			m.Lon, m.Lat = &lon.Float64, &lat.Float64
		}
		m.Reasons, m.AddedAt = json.RawMessage(reasons), m.AddedAt.UTC()
		out = append(out, m)
	}
	return out, rows.Err()
}

// member returns the cohort merchant org of a program.
func (db *DB) member(ctx context.Context, programID, org string) (Member, error) {
	cohort, err := db.Cohort(ctx, programID)
	if err != nil {
		return Member{}, err
	}
	i := slices.IndexFunc(cohort, func(m Member) bool { return m.Org == org })
	if i < 0 {
		return Member{}, fmt.Errorf("%w: %s is not in the cohort of program %s", ErrInvalidProgram, org, programID)
	}
	return cohort[i], nil
}

// Treated is a cohort merchant as the effect estimators see it: its
// organisation, 사업자등록번호 ("" if it has none) and when the program first
// reached it — its first prepayment, order or lunchbox day, the first
// ledger transfer to its accounts (zero if none yet).
type Treated struct {
	Org        string
	BusinessNo string
	First      time.Time
}

// ProgramTreatment lists a program's cohort with the time each merchant
// was first treated, in cohort order.
func (db *DB) ProgramTreatment(ctx context.Context, programID string) ([]Treated, error) {
	if _, err := db.Program(ctx, programID); err != nil {
		return nil, err
	}
	cohort, err := db.Cohort(ctx, programID)
	if err != nil {
		return nil, err
	}
	out := make([]Treated, 0, len(cohort))
	for _, m := range cohort {
		o, err := db.Org(ctx, m.Org)
		if err != nil {
			return nil, err
		}
		t := Treated{Org: m.Org}
		if o.BusinessNo != nil {
			t.BusinessNo = *o.BusinessNo
		}
		var first sql.NullTime
		if err := db.db.QueryRowContext(ctx, `SELECT min(created_at) FROM ledger_transfers WHERE credit_account IN (?, ?)`,
			acctOwed(programID, m.Seq), acctMeals(programID, m.Seq)).Scan(&first); err != nil {
			return nil, err
		}
		if first.Valid {
			t.First = first.Time.UTC()
		}
		out = append(out, t)
	}
	return out, nil
}
