package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/contest"
)

// JuryMembers returns, for each user id, the judge as the conflict rules
// see them: the organisations the user is a member of, their
// 사업자등록번호 and the conflicts the user declared in the contest. A
// user who is not a judge (no jury membership) is ErrNotFound.
func (db *DB) JuryMembers(ctx context.Context, contestID string, users []string) ([]contest.Judge, error) {
	declared, err := db.Conflicts(ctx, contestID)
	if err != nil {
		return nil, err
	}
	out := make([]contest.Judge, 0, len(users))
	for _, id := range users {
		u, err := db.User(ctx, id)
		if err != nil {
			return nil, err
		}
		if !slices.ContainsFunc(u.Memberships, func(m auth.Membership) bool { return m.Role == auth.Jury }) {
			return nil, fmt.Errorf("user %s is not a judge (no jury role): %w", id, ErrNotFound)
		}
		j := contest.Judge{ID: id, Declared: declared[id]}
		var orgs []string
		for _, m := range u.Memberships {
			if m.Org != "" && !slices.Contains(orgs, m.Org) {
				orgs = append(orgs, m.Org)
			}
		}
		j.Orgs = orgs
		bns, err := db.BusinessNos(ctx, orgs)
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			if bn, ok := bns[o]; ok {
				j.BusinessNos = append(j.BusinessNos, bn)
			}
		}
		out = append(out, j)
	}
	return out, nil
}

// AssignJury replaces the contest's jury with a, in one transaction, and
// marks the jury assigned (entries end). Once a judge has scored, the jury
// stays (ErrFinal).
func (db *DB) AssignJury(ctx context.Context, contestID string, a contest.Assignment) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM contest_scores WHERE contest_id = ?`, contestID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("contest %s: %d scores are in, the jury stays: %w", contestID, n, ErrFinal)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM contest_judges WHERE contest_id = ?`, contestID); err != nil {
		return err
	}
	entries := make([]string, 0, len(a))
	for e := range a {
		entries = append(entries, e)
	}
	slices.Sort(entries)
	for _, e := range entries {
		for _, u := range a[e] {
			if _, err := tx.ExecContext(ctx, `INSERT INTO contest_judges (contest_id, entry_id, user_id) VALUES (?, ?, ?)`, contestID, e, u); err != nil {
				return err
			}
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE contests SET jury_at = ? WHERE id = ?`, db.Now().UTC().Truncate(time.Microsecond), contestID); err != nil {
		return err
	}
	return tx.Commit()
}

// Jury returns the contest's assignment: entry id → judges' user ids.
func (db *DB) Jury(ctx context.Context, contestID string) (contest.Assignment, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT entry_id, user_id FROM contest_judges WHERE contest_id = ? ORDER BY entry_id, user_id`, contestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	a := contest.Assignment{}
	for rows.Next() {
		var e, u string
		if err := rows.Scan(&e, &u); err != nil {
			return nil, err
		}
		a[e] = append(a[e], u)
	}
	return a, rows.Err()
}

// DeclareConflict records that the user may not judge target (an entry id
// or a supplier organisation) in the contest; declaring it again is no
// change.
func (db *DB) DeclareConflict(ctx context.Context, contestID, userID, target string) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO contest_conflicts (contest_id, user_id, target, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT DO NOTHING`, contestID, userID, target, db.Now().UTC().Truncate(time.Microsecond))
	return err
}

// Conflicts maps each user to the targets they declared in the contest.
func (db *DB) Conflicts(ctx context.Context, contestID string) (map[string][]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT user_id, target FROM contest_conflicts WHERE contest_id = ? ORDER BY user_id, target`, contestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var u, t string
		if err := rows.Scan(&u, &t); err != nil {
			return nil, err
		}
		out[u] = append(out[u], t)
	}
	return out, rows.Err()
}
