package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// ReleaseByID returns the release with the given id, live or superseded.
func (db *DB) ReleaseByID(ctx context.Context, id int64) (*Release, error) {
	rels, err := db.releases(ctx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(rels) == 0 {
		return nil, fmt.Errorf("release %d: %w", id, ErrNotFound)
	}
	return &rels[0], nil
}

// PairFunc receives one key of PairRows with the columns' values in release
// A and in release B: nil for a release without the key, NaN for a value
// the row does not have (NULL).
type PairFunc func(key []string, a, b []float64) error

// PairRows pairs the rows of releases a and b of dataset d by the dataset's
// key (quarter, code[, industry_code]; see seoul.Schema.Key) and calls fn for
// every key present in either, in key order, with the numeric columns'
// values in each. Rows of superseded releases are paired as well as live
// ones: a release keeps its rows.
func (db *DB) PairRows(ctx context.Context, d seoul.Dataset, a, b int64, columns []string, fn PairFunc) error {
	if seoul.SchemaOf(d) == nil {
		return fmt.Errorf("dataset %s has no key columns to pair rows by", d)
	}
	have := Columns(d)
	for _, c := range columns {
		if !slices.Contains(have, c) {
			return fmt.Errorf("dataset %s has no column %q", d, c)
		}
	}
	key := keyColumns(d)
	side := func() string {
		cols := append(slices.Clone(key), "true AS present")
		for _, c := range columns {
			cols = append(cols, fmt.Sprintf("CAST(%s AS DOUBLE PRECISION) AS %s", c, c))
		}
		return fmt.Sprintf("SELECT %s FROM %s WHERE release_id = ?", strings.Join(cols, ", "), d)
	}
	sel := slices.Clone(key)
	sel = append(sel, "a.present IS NOT NULL", "b.present IS NOT NULL")
	for _, s := range []string{"a", "b"} {
		for _, c := range columns {
			sel = append(sel, s+"."+c)
		}
	}
	q := fmt.Sprintf("SELECT %s FROM (%s) a FULL OUTER JOIN (%s) b USING (%s) ORDER BY %s",
		strings.Join(sel, ", "), side(), side(), strings.Join(key, ", "), strings.Join(key, ", "))
	rows, err := db.db.QueryContext(ctx, q, a, b)
	if err != nil {
		return fmt.Errorf("pair releases %d and %d: %w", a, b, err)
	}
	defer rows.Close()
	n := len(columns)
	keys := make([]string, len(key))
	var inA, inB bool
	vals := make([]sql.NullFloat64, 2*n)
	dest := make([]any, 0, len(key)+2+2*n)
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	dest = append(dest, &inA, &inB)
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		var va, vb []float64
		if inA {
			va = floats(vals[:n])
		}
		if inB {
			vb = floats(vals[n:])
		}
		if err := fn(slices.Clone(keys), va, vb); err != nil {
			return err
		}
	}
	return rows.Err()
}

func floats(v []sql.NullFloat64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.NaN()
		if x.Valid {
			out[i] = x.Float64
		}
	}
	return out
}
