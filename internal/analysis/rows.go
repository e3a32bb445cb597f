package analysis

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// maxCachedRows bounds the rows QuarterRows keeps in memory: about a
// quarter of every dataset of Seoul's full release.
const maxCachedRows = 1_000_000

// rowCache keeps whole quarters of datasets' live rows by district code, so
// that a district's quarter report is a few map lookups instead of a scan of
// every table. Entries are loaded once even under concurrent requests, and
// dropped, oldest first, past maxCachedRows or when the data changes.
type rowCache struct {
	mu      sync.Mutex
	version int64
	entries map[rowKey]*rowEntry
	order   []rowKey
	rows    int
}

type rowKey struct {
	d       seoul.Dataset
	quarter string
}

type rowEntry struct {
	ready  chan struct{}
	byCode map[string][]store.Record
	rows   int
	err    error
}

// QuarterReport is a district's live rows of several datasets for one quarter.
type QuarterReport struct {
	District *store.District
	Rows     map[seoul.Dataset][]store.Record // nil where a dataset has none, in file order
}

// QuarterRows returns the live rows of each dataset for one district and
// quarter; for the vitality feed, the district's row or else its 행정동's.
// It fails with store.ErrNotFound for an unknown district and for a
// quarter no dataset has.
func (s *Service) QuarterRows(ctx context.Context, datasets []seoul.Dataset, code, quarter string) (*QuarterReport, error) {
	d, version, err := s.QuarterDistrict(ctx, code, quarter)
	if err != nil {
		return nil, err
	}
	entries := make([]*rowEntry, len(datasets))
	for i, d := range datasets {
		entries[i] = s.rows.entry(ctx, s.db, version, rowKey{d, quarter})
	}
	out := make(map[seoul.Dataset][]store.Record, len(datasets))
	for i, e := range entries {
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.err != nil {
			return nil, e.err
		}
		out[datasets[i]] = e.byCode[code]
		if datasets[i] == seoul.Vitality && len(out[datasets[i]]) == 0 {
			// The feed's value for the district's 행정동 stands in.
			out[datasets[i]] = e.byCode[d.DongCode]
		}
	}
	return &QuarterReport{District: d, Rows: out}, nil
}

// QuarterDistrict returns the live district with code and the version of
// the live data, failing with store.ErrNotFound for an unknown district and
// for a quarter no dataset has. The districts and quarters are re-read
// only when a release has landed.
func (s *Service) QuarterDistrict(ctx context.Context, code, quarter string) (*store.District, int64, error) {
	cur, err := s.current(ctx)
	if err != nil {
		return nil, 0, err
	}
	d, ok := cur.districts[code]
	if !ok {
		return nil, 0, fmt.Errorf("district %s: %w", code, store.ErrNotFound)
	}
	if !cur.quarters[quarter] {
		return nil, 0, fmt.Errorf("no dataset has quarter %s: %w", quarter, store.ErrNotFound)
	}
	return d, cur.version, nil
}

// live is what the API needs to know of the live data on every request,
// read once per data version.
type live struct {
	version   int64
	checked   time.Time
	districts map[string]*store.District
	quarters  map[string]bool
	byDataset map[seoul.Dataset][]string // the live quarters of each dataset
}

// liveRecheck is how often current asks the store whether data changed.
const liveRecheck = 500 * time.Millisecond

// current returns the districts and quarters of the live data, re-read when
// a release has landed since. Past liveRecheck, one request asks the store
// while the others go on with what was live until it has answered, so the
// check never stalls every request at once.
func (s *Service) current(ctx context.Context) (*live, error) {
	s.liveMu.Lock()
	l := s.live
	if l != nil && (s.liveChecking || s.now().Sub(l.checked) < liveRecheck) {
		s.liveMu.Unlock()
		return l, nil
	}
	if l == nil {
		// Nothing to go on with: the first requests wait for the read.
		defer s.liveMu.Unlock()
		fresh, err := s.readLive(ctx, nil)
		if err != nil {
			return nil, err
		}
		s.live = fresh
		return fresh, nil
	}
	s.liveChecking = true
	s.liveMu.Unlock()
	fresh, err := s.readLive(ctx, l)
	s.liveMu.Lock()
	defer s.liveMu.Unlock()
	s.liveChecking = false
	if err != nil {
		return nil, err
	}
	s.live = fresh
	return fresh, nil
}

// readLive reads the data version and, when it differs from old's (or old
// is nil), the districts and quarters: what is live now.
func (s *Service) readLive(ctx context.Context, old *live) (*live, error) {
	version, err := s.db.Version(ctx)
	if err != nil {
		return nil, err
	}
	if old != nil && old.version == version {
		same := *old
		same.checked = s.now()
		return &same, nil
	}
	ds, err := s.db.Districts(ctx, storeAll)
	if err != nil {
		return nil, err
	}
	qs, err := s.db.Quarters(ctx, seoul.Datasets...)
	if err != nil {
		return nil, err
	}
	l := &live{version: version, checked: s.now(), districts: make(map[string]*store.District, len(ds)), quarters: make(map[string]bool, len(qs)),
		byDataset: make(map[seoul.Dataset][]string)}
	for _, d := range seoul.Datasets {
		if l.byDataset[d], err = s.db.Quarters(ctx, d); err != nil {
			return nil, err
		}
	}
	for i := range ds {
		l.districts[ds[i].Code] = &ds[i]
	}
	for _, q := range qs {
		l.quarters[q] = true
	}
	return l, nil
}

// entry returns the cache entry of k, starting its load if it is missing.
func (c *rowCache) entry(ctx context.Context, db *store.DB, version int64, k rowKey) *rowEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.version != version {
		c.entries, c.order, c.rows, c.version = make(map[rowKey]*rowEntry), nil, 0, version
	}
	if e, ok := c.entries[k]; ok {
		return e
	}
	e := &rowEntry{ready: make(chan struct{})}
	c.entries[k] = e
	c.order = append(c.order, k)
	go func() {
		// The load outlives the request that started it: others wait on it.
		recs, err := db.QuarterAll(context.WithoutCancel(ctx), k.d, k.quarter)
		e.err = err
		e.byCode = make(map[string][]store.Record)
		col := "code"
		if s := seoul.SchemaOf(k.d); s != nil {
			col = s.Columns[s.CodeCol()].Name
		}
		for _, r := range recs {
			code, _ := r[col].(string)
			e.byCode[code] = append(e.byCode[code], r)
		}
		e.rows = len(recs)
		close(e.ready)
		c.mu.Lock()
		defer c.mu.Unlock()
		if err != nil {
			if c.entries[k] == e {
				delete(c.entries, k) // let a later request try again
			}
			return
		}
		c.rows += e.rows
		for c.rows > maxCachedRows && len(c.order) > 1 {
			old := c.order[0]
			c.order = c.order[1:]
			if oe, ok := c.entries[old]; ok && oe != e {
				c.rows -= oe.rows
				delete(c.entries, old)
			}
		}
	}()
	return e
}
