package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Kinds of activation: the acts that change which release is live.
const (
	ActIngest     = "ingest"     // a new release landed
	ActReactivate = "reactivate" // the same bytes as a superseded release were ingested again
	ActActivate   = "activate"   // a release was made live by its number
	ActUndo       = "undo"       // an earlier act was taken back
)

// SliceDrop is what making a release live removes from one slice: districts
// live there before that the release has no row for.
type SliceDrop struct {
	Slice     string `json:"slice"`
	Districts int64  `json:"districts"` // districts removed
	Of        int64  `json:"of"`        // districts live in the slice before
}

func (d SliceDrop) String() string {
	return fmt.Sprintf("%s: would drop %d of %d districts", d.Slice, d.Districts, d.Of)
}

// DropError refuses a release that would remove rows of districts it does
// not mention from slices it covers. Drops lists every such slice, in order.
type DropError struct {
	Dataset seoul.Dataset
	Release int64
	Drops   []SliceDrop
}

// maxDropsShown bounds how many slices a DropError's message lists.
const maxDropsShown = 5

func (e *DropError) Error() string {
	var parts []string
	for i, d := range e.Drops {
		if i == maxDropsShown {
			parts = append(parts, fmt.Sprintf("and %d more slices", len(e.Drops)-i))
			break
		}
		parts = append(parts, d.String())
	}
	return fmt.Sprintf("it would remove %s rows of districts it does not mention: %s",
		e.Dataset, strings.Join(parts, "; "))
}

// Activation is one act in the history of the live slices.
type Activation struct {
	ID      int64         `json:"id"`
	Kind    string        `json:"kind"`
	Dataset seoul.Dataset `json:"dataset"`
	Release int64         `json:"release"`          // made live; for an undo, taken back
	Undoes  int64         `json:"undoes,omitempty"` // for an undo, the act undone
	Slices  int           `json:"slices"`           // slices changed
	Dropped []SliceDrop   `json:"dropped"`
	At      time.Time     `json:"at"`
}

// makeLive points every slice release rel covers at it, as one act of the
// given kind recorded in the history, on conn inside a transaction. Slices
// already live at rel are left out. If the act would remove districts from
// a slice (see SliceDrop) and replace is false, it fails with a *DropError;
// with replace it goes ahead and the drops are recorded on the act. It
// returns the act, whose Slices is 0 if nothing changed (and then nothing is
// recorded).
func makeLive(ctx context.Context, conn *dbConn, rel *Release, kind string, replace bool, now time.Time) (*Activation, error) {
	act := &Activation{Kind: kind, Dataset: rel.Dataset, Release: rel.ID, At: now, Dropped: []SliceDrop{}}
	if err := conn.QueryRowContext(ctx, "SELECT nextval('activation_ids')").Scan(&act.ID); err != nil {
		return nil, err
	}
	d := rel.Dataset
	// The slices the release covers are read back from its own rows.
	res, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO activation_slices (activation_id, dataset, slice, release_id, previous_id)
		SELECT ?, ?, r.slice, ?, l.release_id FROM (SELECT DISTINCT %s AS slice FROM %s t WHERE t.release_id = ?) r
		LEFT JOIN slices l ON l.dataset = ? AND l.slice = r.slice
		WHERE l.release_id IS NULL OR l.release_id <> ?`, sliceExpr(d), d),
		act.ID, string(d), rel.ID, rel.ID, string(d), rel.ID)
	if err != nil {
		return nil, fmt.Errorf("slices of release %d: %w", rel.ID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return nil, err
	}
	if act.Slices = int(n); n == 0 {
		return act, nil
	}
	if act.Dropped, err = drops(ctx, conn, d, act.ID, rel.ID); err != nil {
		return nil, err
	}
	if len(act.Dropped) > 0 && !replace {
		return nil, &DropError{Dataset: d, Release: rel.ID, Drops: act.Dropped}
	}
	return act, recordAct(ctx, conn, act)
}

// drops counts, per slice of act, the districts live before it that release
// id has no row for. A row's district is its key less its slice columns.
func drops(ctx context.Context, conn *dbConn, d seoul.Dataset, act, id int64) ([]SliceDrop, error) {
	var on []string
	for _, c := range keyColumns(d) {
		on = append(on, fmt.Sprintf("n.%s = o.%s", c, c))
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT a.slice, count(*) - count(n.release_id), count(*)
		FROM activation_slices a
		JOIN %s o ON o.release_id = a.previous_id AND %s = a.slice
		LEFT JOIN %s n ON n.release_id = ? AND %s
		WHERE a.activation_id = ? AND a.dataset = ?
		GROUP BY a.slice HAVING count(*) > count(n.release_id) ORDER BY a.slice`,
		d, sliceExprOf(d, "o"), d, strings.Join(on, " AND ")), id, act, string(d))
	if err != nil {
		return nil, fmt.Errorf("compare slices of %s: %w", d, err)
	}
	defer rows.Close()
	out := []SliceDrop{}
	for rows.Next() {
		var s SliceDrop
		if err := rows.Scan(&s.Slice, &s.Districts, &s.Of); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// recordAct appends act to the history and applies its slices: each points
// at its new release, or is emptied if that is NULL.
func recordAct(ctx context.Context, conn *dbConn, act *Activation) error {
	dropped, _ := json.Marshal(act.Dropped)
	var undoes any
	if act.Undoes != 0 {
		undoes = act.Undoes
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO activations (id, kind, dataset, release_id, undoes, dropped, acted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, act.ID, act.Kind, string(act.Dataset), act.Release, undoes, string(dropped), act.At); err != nil {
		return fmt.Errorf("record activation: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `DELETE FROM slices WHERE dataset = ? AND slice IN
		(SELECT slice FROM activation_slices WHERE activation_id = ?)`, string(act.Dataset), act.ID); err != nil {
		return fmt.Errorf("replace slices of %s: %w", act.Dataset, err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO slices (dataset, slice, release_id)
		SELECT dataset, slice, release_id FROM activation_slices WHERE activation_id = ? AND release_id IS NOT NULL`, act.ID); err != nil {
		return fmt.Errorf("replace slices of %s: %w", act.Dataset, err)
	}
	return nil
}

// inTx runs f on one connection inside a transaction, committed if f
// succeeds.
func (db *DB) inTx(ctx context.Context, f func(conn *dbConn) error) error {
	conn, err := db.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	committed := false
	defer func() {
		if !committed {
			conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if err := f(conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	committed = true
	return nil
}

// Activate makes release id live again for every slice it covers, as an act
// of the given kind (ActReactivate or ActActivate). Like an ingest, it fails
// with a *DropError if that would remove districts from a slice, unless
// replace. The act's Slices is 0 if the release was already live for all
// its slices; then nothing changed.
func (db *DB) Activate(ctx context.Context, id int64, kind string, replace bool) (*Activation, error) {
	rels, err := db.releases(ctx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("release %d: %w", id, ErrNotFound)
	}
	var act *Activation
	err = db.inTx(ctx, func(conn *dbConn) error {
		if act, err = makeLive(ctx, conn, &rels[0], kind, replace, db.Now().UTC()); err != nil {
			return err
		}
		_, err = repairNames(ctx, conn, &rels[0])
		return err
	})
	if err != nil {
		return nil, err
	}
	return act, nil
}

// ErrNothingToUndo is returned by Undo when no act is left to take back.
var ErrNothingToUndo = errors.New("nothing to undo: no ingest or activation is recorded that is not undone already")

// Undo takes back the latest act (an ingest, reactivation or activation)
// not undone yet: each slice it changed goes back to the release live
// before it, or is emptied if it was empty. Slices that a later act changed
// since are left as they are. The undo is itself recorded; nothing is
// deleted. Undoing again takes back the act before, and so on.
func (db *DB) Undo(ctx context.Context) (*Activation, error) {
	var act *Activation
	err := db.inTx(ctx, func(conn *dbConn) error {
		var target Activation
		err := conn.QueryRowContext(ctx, `SELECT id, kind, dataset, release_id FROM activations a
			WHERE kind <> ? AND NOT EXISTS (SELECT 1 FROM activations u WHERE u.undoes = a.id)
			ORDER BY id DESC LIMIT 1`, ActUndo).Scan(&target.ID, &target.Kind, &target.Dataset, &target.Release)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNothingToUndo
		}
		if err != nil {
			return err
		}
		act = &Activation{Kind: ActUndo, Dataset: target.Dataset, Release: target.Release, Undoes: target.ID,
			Dropped: []SliceDrop{}, At: db.Now().UTC()}
		if err := conn.QueryRowContext(ctx, "SELECT nextval('activation_ids')").Scan(&act.ID); err != nil {
			return err
		}
		res, err := conn.ExecContext(ctx, `INSERT INTO activation_slices (activation_id, dataset, slice, release_id, previous_id)
			SELECT ?, a.dataset, a.slice, a.previous_id, a.release_id FROM activation_slices a
			JOIN slices l ON l.dataset = a.dataset AND l.slice = a.slice AND l.release_id = a.release_id
			WHERE a.activation_id = ?`, act.ID, target.ID)
		if err != nil {
			return fmt.Errorf("undo activation %d: %w", target.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		act.Slices = int(n)
		return recordAct(ctx, conn, act)
	})
	if err != nil {
		return nil, err
	}
	return act, nil
}

// Activations returns the history of the live slices, oldest first.
func (db *DB) Activations(ctx context.Context) ([]Activation, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT a.id, a.kind, a.dataset, a.release_id, coalesce(a.undoes, 0), a.dropped, a.acted_at,
		(SELECT count(*) FROM activation_slices s WHERE s.activation_id = a.id)
		FROM activations a ORDER BY a.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Activation
	for rows.Next() {
		var a Activation
		var dropped string
		if err := rows.Scan(&a.ID, &a.Kind, &a.Dataset, &a.Release, &a.Undoes, &dropped, &a.At, &a.Slices); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(dropped), &a.Dropped); err != nil {
			return nil, fmt.Errorf("activation %d: %w", a.ID, err)
		}
		a.At = a.At.UTC()
		out = append(out, a)
	}
	return out, rows.Err()
}
