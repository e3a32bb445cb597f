package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Release is one ingested file.
type Release struct {
	ID         int64           `json:"id"`
	Dataset    seoul.Dataset   `json:"dataset"`
	File       string          `json:"file"`
	SHA256     string          `json:"sha256"`
	Encoding   string          `json:"encoding"`
	Rows       int64           `json:"rows"`
	Quarters   []string        `json:"quarters"`
	Warnings   []seoul.Warning `json:"warnings"`
	IngestedAt time.Time       `json:"ingested_at"`
	// Dropped lists, per slice, the districts live before that the
	// release removed when it landed (only with Replace).
	Dropped []SliceDrop `json:"dropped"`

	// Replace, set by the caller, lets the release land even if it
	// removes districts it does not mention from the slices it covers;
	// without it such a release fails with a *DropError.
	Replace bool `json:"-"`
}

// AddFunc appends one row of a release: its line in the file and its values
// in table column order (see Columns).
type AddFunc func(line int, values []any) error

// Columns lists the value columns of a dataset's table in the order AddFunc
// takes them: the schema's columns, then lon and lat for the district tables;
// for area_polygons the columns of a seoul.Polygon row.
func Columns(d seoul.Dataset) []string {
	if d == seoul.AreaPolygons {
		return []string{"code", "area_m2", "lon_min", "lat_min", "lon_max", "lat_max", "geojson", "wkb_5181", "name"}
	}
	var out []string
	for _, c := range seoul.SchemaOf(d).Columns {
		out = append(out, c.Name)
	}
	if d == seoul.Areas || d == seoul.AreasDong {
		out = append(out, "lon", "lat")
	}
	return out
}

// Ingest stores a release in one transaction. write appends the rows through
// add and then fills rel's Rows, Quarters and Warnings. If write fails,
// nothing is stored; if it succeeds, the release is recorded and becomes the
// live one for every slice it covers (see sliceExpr) — all at once, so
// readers never see a mix of two releases. rel.ID and IngestedAt are set.
func (db *DB) Ingest(ctx context.Context, rel *Release, write func(add AddFunc) error) error {
	return db.inRelease(ctx, rel, func(conn *dbConn) error {
		return appendRows(ctx, conn, rel, write)
	})
}

// inRelease runs load, which adds rel's rows to its dataset's table, in the
// transaction that checks their keys, records rel and makes it live (see
// makeLive: without rel.Replace, a release that would remove districts from
// a slice fails with a *DropError).
func (db *DB) inRelease(ctx context.Context, rel *Release, load func(conn *dbConn) error) error {
	return db.inReleaseKeyed(ctx, rel, func(conn *dbConn) (bool, error) { return false, load(conn) })
}

// inReleaseKeyed is inRelease for a load that may have found its keys
// distinct on the way (it returns true): checkKeys is then not run.
func (db *DB) inReleaseKeyed(ctx context.Context, rel *Release, load func(conn *dbConn) (unique bool, err error)) error {
	return db.inTx(ctx, func(conn *dbConn) error {
		if err := conn.QueryRowContext(ctx, "SELECT nextval('release_ids')").Scan(&rel.ID); err != nil {
			return err
		}
		unique, err := load(conn)
		if err != nil {
			return err
		}
		if !unique {
			if err := checkKeys(ctx, conn, rel); err != nil {
				return err
			}
		}
		now := db.Now().UTC()
		act, err := makeLive(ctx, conn, rel, ActIngest, rel.Replace, now)
		if err != nil {
			return err
		}
		rel.Dropped = act.Dropped
		if w, err := repairNames(ctx, conn, rel); err != nil {
			return err
		} else if w != nil {
			rel.Warnings = append(rel.Warnings, *w)
		}
		return recordRelease(ctx, conn, rel, now)
	})
}

// flushRows is how many rows the appender buffers before writing them to
// the transaction's storage.
const flushRows = 32 << 10

// appendRows runs write with a DuckDB appender on the transaction's
// connection, or on PostgreSQL with copyRows.
func appendRows(ctx context.Context, conn *dbConn, rel *Release, write func(add AddFunc) error) error {
	if conn.d.name == Postgres {
		return copyRows(ctx, conn, rel, Columns(rel.Dataset), write)
	}
	n := len(Columns(rel.Dataset))
	row := make([]driver.Value, n+2)
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", string(rel.Dataset))
		if err != nil {
			return err
		}
		pending := 0
		add := func(line int, values []any) error {
			if len(values) != n {
				return fmt.Errorf("%s row has %d values, want %d", rel.Dataset, len(values), n)
			}
			row[0], row[1] = int32(rel.ID), int32(line)
			for i, v := range values {
				row[i+2] = v
			}
			if err := app.AppendRow(row...); err != nil {
				return err
			}
			// DuckDB's appender buffers ~200k rows before it writes them
			// to the table on its own; flushing sooner bounds memory.
			if pending++; pending == flushRows {
				pending = 0
				return app.Flush()
			}
			return nil
		}
		werr := write(add)
		cerr := app.Close()
		if werr != nil {
			return werr
		}
		if cerr != nil {
			return fmt.Errorf("append %s: %w", rel.Dataset, cerr)
		}
		return nil
	})
}

// DuplicateKeyError reports two rows of one release with the same key.
type DuplicateKeyError struct {
	Key         []string // the key columns' values
	First, Line int      // the two lines, First < Line
}

func (e *DuplicateKeyError) Error() string {
	return fmt.Sprintf("line %d: duplicate key %v (first at line %d)", e.Line, e.Key, e.First)
}

// keyColumns are the columns that identify a row of a dataset's table.
func keyColumns(d seoul.Dataset) []string {
	if d == seoul.AreaPolygons {
		return []string{"code"}
	}
	return seoul.SchemaOf(d).Key
}

// checkKeys fails with a *DuplicateKeyError if two rows of the release share
// a key. Keys are first grouped by their hash, a far smaller aggregate; only
// if a hash is seen twice does one aggregate by the key itself find the
// duplicated key whose first row comes first, and then its second row.
func checkKeys(ctx context.Context, conn *dbConn, rel *Release) error {
	key := keyColumns(rel.Dataset)
	cols := strings.Join(key, ", ")
	var twice bool
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s WHERE release_id = ?
		GROUP BY %s HAVING count(*) > 1)`, rel.Dataset, conn.d.groupKey(cols)), rel.ID).Scan(&twice); err != nil {
		return fmt.Errorf("check keys of %s: %w", rel.Dataset, err)
	}
	if !twice {
		return nil
	}
	rows, err := conn.QueryContext(ctx, fmt.Sprintf(`SELECT %s, min(line) FROM %s WHERE release_id = ?
		GROUP BY %s HAVING count(*) > 1 ORDER BY min(line) LIMIT 1`, cols, rel.Dataset, cols), rel.ID)
	if err != nil {
		return fmt.Errorf("check keys of %s: %w", rel.Dataset, err)
	}
	defer rows.Close()
	if !rows.Next() {
		return rows.Err()
	}
	e := &DuplicateKeyError{Key: make([]string, len(key))}
	dest := make([]any, 0, len(key)+1)
	args := []any{rel.ID}
	for i := range e.Key {
		dest = append(dest, &e.Key[i])
	}
	if err := rows.Scan(append(dest, &e.First)...); err != nil {
		return err
	}
	rows.Close()
	for _, v := range e.Key {
		args = append(args, v)
	}
	err = conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT line FROM %s WHERE release_id = ? AND (%s) = (%s)
		ORDER BY line LIMIT 1 OFFSET 1`, rel.Dataset, cols, strings.TrimSuffix(strings.Repeat("?, ", len(key)), ", ")), args...).Scan(&e.Line)
	if err != nil {
		return fmt.Errorf("check keys of %s: %w", rel.Dataset, err)
	}
	return e
}

// recordRelease inserts the release row and points the slices it covers at it.
func recordRelease(ctx context.Context, conn *dbConn, rel *Release, now time.Time) error {
	rel.IngestedAt = now
	if rel.Quarters == nil {
		rel.Quarters = []string{}
	}
	if rel.Warnings == nil {
		rel.Warnings = []seoul.Warning{}
	}
	if rel.Dropped == nil {
		rel.Dropped = []SliceDrop{}
	}
	quarters, _ := json.Marshal(rel.Quarters)
	warnings, _ := json.Marshal(rel.Warnings)
	dropped, _ := json.Marshal(rel.Dropped)
	if _, err := conn.ExecContext(ctx, `INSERT INTO releases (id, dataset, file, sha256, encoding, rows, quarters, warnings, ingested_at, dropped)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		rel.ID, string(rel.Dataset), rel.File, rel.SHA256, rel.Encoding, rel.Rows, string(quarters), string(warnings), now, string(dropped)); err != nil {
		return fmt.Errorf("record release: %w", err)
	}
	return conn.d.analyze(ctx, conn, "slices")
}

// ReleaseBySHA256 returns the release with the given content hash.
func (db *DB) ReleaseBySHA256(ctx context.Context, sha string) (*Release, error) {
	rels, err := db.releases(ctx, "WHERE sha256 = ?", sha)
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("release with sha256 %s: %w", sha, ErrNotFound)
	}
	return &rels[0], nil
}

// Releases returns every release, oldest first.
func (db *DB) Releases(ctx context.Context) ([]Release, error) {
	return db.releases(ctx, "")
}

func (db *DB) releases(ctx context.Context, where string, args ...any) ([]Release, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, dataset, file, sha256, encoding, rows, quarters, warnings, ingested_at,
		coalesce(dropped, '[]') FROM releases `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Release
	for rows.Next() {
		var r Release
		var quarters, warnings, dropped string
		if err := rows.Scan(&r.ID, &r.Dataset, &r.File, &r.SHA256, &r.Encoding, &r.Rows, &quarters, &warnings, &r.IngestedAt, &dropped); err != nil {
			return nil, err
		}
		if err := errors.Join(json.Unmarshal([]byte(quarters), &r.Quarters), json.Unmarshal([]byte(warnings), &r.Warnings),
			json.Unmarshal([]byte(dropped), &r.Dropped)); err != nil {
			return nil, fmt.Errorf("release %d: %w", r.ID, err)
		}
		r.IngestedAt = r.IngestedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}
