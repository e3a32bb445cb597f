// Package analysis answers the questions asked of the district data:
// indicators of a district, an area's report, comparisons, look-alike
// districts, rankings, roll-ups and hot spots. It reads the store, keeps a
// snapshot per quarter and industry, and leaves every formula to the
// indicator and stats packages.
package analysis

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// ErrInvalid marks a request the caller got wrong; its message says how.
var ErrInvalid = errors.New("invalid request")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Service answers analyses over one database.
type Service struct {
	db *store.DB

	mu        sync.Mutex
	version   int64 // store version the cache was built for
	snapshots map[snapshotKey]*Snapshot
	order     []snapshotKey // oldest first, for eviction
	polygons  map[string]orb.MultiPolygon
	bounds    map[string]orb.Bound // of polygons, computed once per version

	rows   rowCache
	liveMu sync.Mutex
	live   *live
	now    func() time.Time // the clock of the live-data recheck

	liveChecking bool // a request is re-reading live; the others use it meanwhile
}

type snapshotKey struct{ quarter, industry string }

// maxSnapshots bounds the cache: a snapshot is ~1,650 districts' figures.
const maxSnapshots = 16

// New returns a Service over db.
func New(db *store.DB) *Service {
	return &Service{db: db, snapshots: make(map[snapshotKey]*Snapshot), now: time.Now}
}

// Query names the quarter and industry of an analysis; empty Quarter means
// DefaultQuarter, empty Industry all industries.
type Query struct {
	Quarter  string
	Industry string
}

// resolve checks q's form and fills in the default quarter.
func (s *Service) resolve(ctx context.Context, q Query) (Query, error) {
	if q.Industry != "" && !validIndustry(q.Industry) {
		return q, invalid("industry must be a 서비스_업종_코드 such as CS100001, got %q", q.Industry)
	}
	if q.Quarter == "" {
		var err error
		if q.Quarter, err = s.DefaultQuarter(ctx); err != nil {
			return q, err
		}
	}
	if !seoul.ValidQuarter(q.Quarter) {
		return q, invalid("quarter must be written as published, yyyyq, e.g. 20251; got %q", q.Quarter)
	}
	return q, nil
}

func validIndustry(s string) bool {
	if len(s) != 8 {
		return false
	}
	for i := 0; i < 2; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Snapshot returns the figures and indicators of every district for q,
// built once per quarter and industry and reused until the data changes.
func (s *Service) Snapshot(ctx context.Context, q Query) (*Snapshot, error) {
	q, err := s.resolve(ctx, q)
	if err != nil {
		return nil, err
	}
	cur, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	version := cur.version
	key := snapshotKey{q.Quarter, q.Industry}
	s.mu.Lock()
	if version != s.version {
		s.version, s.snapshots, s.order, s.polygons, s.bounds = version, make(map[snapshotKey]*Snapshot), nil, nil, nil
	}
	snap, polys, bounds := s.snapshots[key], s.polygons, s.bounds
	s.mu.Unlock()
	if snap != nil {
		return snap, nil
	}
	if polys == nil {
		if polys, err = s.db.Polygons(ctx); err != nil {
			return nil, err
		}
		bounds = make(map[string]orb.Bound, len(polys))
		for code, p := range polys {
			bounds[code] = p.Bound()
		}
	}
	// One state of the data for the whole snapshot, whatever lands meanwhile.
	err = s.db.ReadView(ctx, func(view *store.DB) error {
		snap, err = load(ctx, view, q, polys, bounds)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.version == version {
		s.polygons, s.bounds = polys, bounds
		if _, ok := s.snapshots[key]; !ok {
			s.snapshots[key] = snap
			s.order = append(s.order, key)
			if len(s.order) > maxSnapshots {
				delete(s.snapshots, s.order[0])
				s.order = s.order[1:]
			}
		}
	}
	return snap, nil
}
