package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sangsaeng/sangsaeng/internal/auth"
)

// ErrConflict is returned when a unique key (an id, an email) is taken.
var ErrConflict = errors.New("already exists")

// Org is an organisation: an operator, a merchant, a supplier or a public
// body.
type Org struct {
	ID           string    `json:"id"`
	Kind         string    `json:"kind"`
	Name         string    `json:"name"`
	BusinessNo   *string   `json:"business_no"`
	Lon          *float64  `json:"lon"`
	Lat          *float64  `json:"lat"`
	DistrictCode *string   `json:"district_code"`
	DongCode     *string   `json:"dong_code"`
	Industry     *string   `json:"industry"` // what a merchant sells: a 서비스 업종 code, e.g. CS100001
	CreatedAt    time.Time `json:"created_at"`
}

// OrgKinds are the kinds of organisation.
var OrgKinds = []string{"operator", "merchant", "supplier", "public"}

var industryPattern = regexp.MustCompile(`^CS[0-9]{6}$`)

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)

// ValidSlug checks an organisation's id: 1–64 of a-z, 0-9, _ and -, starting
// with a letter or digit.
func ValidSlug(id string) error {
	if !slugPattern.MatchString(id) {
		return fmt.Errorf("id %q: want 1–64 characters of a-z, 0-9, _ and -", id)
	}
	return nil
}

// newID returns prefix and 12 random hex digits.
func newID(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// isDuplicate reports whether err is a unique-key violation (DuckDB and
// PostgreSQL both say "duplicate key").
func isDuplicate(err error) bool {
	return err != nil && strings.Contains(strings.ToLower(err.Error()), "duplicate key")
}

// CreateOrg stores o, giving it an id if it has none; the caller has
// validated it. A taken id is ErrConflict.
func (db *DB) CreateOrg(ctx context.Context, o *Org) error {
	if o.ID == "" {
		o.ID = newID("o_")
	}
	o.CreatedAt = db.Now().UTC().Truncate(time.Microsecond)
	_, err := db.db.ExecContext(ctx, `INSERT INTO orgs (id, kind, name, business_no, lon, lat, district_code, dong_code, industry, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, o.ID, o.Kind, o.Name, o.BusinessNo, o.Lon, o.Lat, o.DistrictCode, o.DongCode, o.Industry, o.CreatedAt)
	if isDuplicate(err) {
		return fmt.Errorf("org %s: %w", o.ID, ErrConflict)
	}
	return err
}

const orgColumns = `id, kind, name, business_no, lon, lat, district_code, dong_code, industry, created_at`

func scanOrg(s scanner) (*Org, error) {
	var o Org
	var bn, dc, gc, ind sql.NullString
	var lon, lat sql.NullFloat64
	if err := s.Scan(&o.ID, &o.Kind, &o.Name, &bn, &lon, &lat, &dc, &gc, &ind, &o.CreatedAt); err != nil {
		return nil, err
	}
	o.BusinessNo, o.DistrictCode, o.DongCode, o.Industry = nullString(bn), nullString(dc), nullString(gc), nullString(ind)
	if lon.Valid && lat.Valid {
		o.Lon, o.Lat = &lon.Float64, &lat.Float64
	}
	return &o, nil
}

// Org returns the organisation with id.
func (db *DB) Org(ctx context.Context, id string) (*Org, error) {
	o, err := scanOrg(db.db.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("org %s: %w", id, ErrNotFound)
	}
	return o, err
}

// Orgs lists the organisations of a kind, by id.
func (db *DB) Orgs(ctx context.Context, kind string) ([]*Org, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+orgColumns+` FROM orgs WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Org
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

func nullString(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

// ErrInvalidBusinessNo marks a 사업자등록번호 that fails its check.
var ErrInvalidBusinessNo = errors.New("invalid business_no")

// Validate checks a new organisation and sets its business number from
// businessNo: a merchant or supplier needs one with a valid check digit
// (auth.BusinessNo), others may have one.
func (o *Org) Validate(businessNo string) error {
	if o.ID != "" {
		if err := ValidSlug(o.ID); err != nil {
			return err
		}
	}
	if !slices.Contains(OrgKinds, o.Kind) {
		return errors.New("kind: want operator, merchant, supplier or public")
	}
	if o.Name == "" || utf8.RuneCountInString(o.Name) > 200 {
		return errors.New("name: want 1–200 characters")
	}
	if businessNo != "" || o.Kind == "merchant" || o.Kind == "supplier" {
		bn, err := auth.BusinessNo(businessNo)
		if err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidBusinessNo, err)
		}
		o.BusinessNo = &bn
	}
	if o.Industry != nil && !industryPattern.MatchString(*o.Industry) {
		return fmt.Errorf("industry %q: want a 서비스 업종 code such as CS100001", *o.Industry)
	}
	if (o.Lon == nil) != (o.Lat == nil) {
		return errors.New("lon, lat: give both or neither")
	}
	if o.Lon != nil && (*o.Lon < -180 || *o.Lon > 180 || *o.Lat < -90 || *o.Lat > 90) {
		return errors.New("lon, lat: want WGS84 degrees")
	}
	return nil
}
