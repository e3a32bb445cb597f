package httpapi

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// maxQuarterBytes bounds the rendered JSON the quarter cache keeps: Seoul's
// published files render to 46 MB of it (docs/benchmarks.md).
const maxQuarterBytes = 160 << 20

// quarterCache keeps, per dataset and quarter, every district's part of the
// quarter answer (GET /api/v1/districts/{code}/quarters/{quarter]) rendered
// as JSON once, so that an answer is a few map lookups and appends, and no
// row is kept as a map of boxed values. A part is loaded once even under
// concurrent requests (the others wait for it), and parts are dropped,
// oldest first, past maxQuarterBytes, or all when the data changes.
type quarterCache struct {
	mu      sync.Mutex
	version int64
	parts   map[quarterKey]*quarterPart
	order   []quarterKey
	bytes   int
	warmed  int64 // the version Warm was started for

	districts        map[string][]byte // each district's JSON
	districtsVersion int64
}

type quarterKey struct {
	d       seoul.Dataset
	quarter string
}

type quarterPart struct {
	ready chan struct{}
	err   error
	// byCode is each district's value, rendered; none is the value of a
	// district without rows ([] or null).
	byCode map[string][]byte
	none   []byte
	// recs is the vitality feed's rows by code (district or 행정동): its
	// value says whether it is the district's own, so it is rendered per
	// answer.
	recs  map[string][]store.Record
	bytes int
}

// part returns the cache entry of k for the data version, starting its
// load if it is missing.
func (c *quarterCache) part(ctx context.Context, db *store.DB, version int64, k quarterKey) *quarterPart {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.parts == nil || c.version != version {
		c.parts, c.order, c.bytes, c.version = make(map[quarterKey]*quarterPart), nil, 0, version
	}
	if p, ok := c.parts[k]; ok {
		return p
	}
	p := &quarterPart{ready: make(chan struct{})}
	c.parts[k] = p
	c.order = append(c.order, k)
	// The load outlives the request that started it: others wait on it.
	go c.load(context.WithoutCancel(ctx), db, version, k, p)
	return p
}

func (c *quarterCache) load(ctx context.Context, db *store.DB, version int64, k quarterKey, p *quarterPart) {
	p.err = p.fill(ctx, db, k)
	close(p.ready)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.parts[k] != p {
		return
	}
	if p.err != nil {
		delete(c.parts, k) // let a later request try again
		return
	}
	c.bytes += p.bytes
	for c.bytes > maxQuarterBytes && len(c.order) > 1 {
		old := c.order[0]
		c.order = c.order[1:]
		if op, ok := c.parts[old]; ok && op != p {
			select {
			case <-op.ready:
				c.bytes -= op.bytes
			default: // still loading: its bytes are not counted yet
			}
			delete(c.parts, old)
		}
	}
}

// fill reads the live rows of k and renders each district's value.
func (p *quarterPart) fill(ctx context.Context, db *store.DB, k quarterKey) error {
	recs, err := db.QuarterAll(ctx, k.d, k.quarter)
	if err != nil {
		return err
	}
	col := "code"
	if s := seoul.SchemaOf(k.d); s != nil {
		col = s.Columns[s.CodeCol()].Name
	}
	byCode := make(map[string][]store.Record)
	for _, r := range recs {
		code, _ := r[col].(string)
		byCode[code] = append(byCode[code], r)
	}
	if k.d == seoul.Vitality {
		p.recs = byCode
		return nil
	}
	if p.none, err = json.Marshal(quarterValue(k.d, nil, nil)); err != nil {
		return err
	}
	p.byCode = make(map[string][]byte, len(byCode))
	for code, rs := range byCode {
		b, err := json.Marshal(quarterValue(k.d, nil, rs))
		if err != nil {
			return err
		}
		p.byCode[code] = b
		p.bytes += len(code) + len(b)
	}
	return nil
}

// appendValue appends the JSON of the part's value for district d.
func (p *quarterPart) appendValue(b []byte, d *store.District) ([]byte, error) {
	if p.byCode != nil {
		if v, ok := p.byCode[d.Code]; ok {
			return append(b, v...), nil
		}
		return append(b, p.none...), nil
	}
	rs := p.recs[d.Code]
	if len(rs) == 0 {
		// The feed's value for the district's 행정동 stands in.
		rs = p.recs[d.DongCode]
	}
	v, err := json.Marshal(quarterValue(seoul.Vitality, d, rs))
	return append(b, v...), err
}

// district returns the JSON of d, rendered once per data version.
func (c *quarterCache) district(version int64, d *store.District) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.districts == nil || c.districtsVersion != version {
		c.districts, c.districtsVersion = make(map[string][]byte), version
	}
	if b, ok := c.districts[d.Code]; ok {
		return b, nil
	}
	b, err := json.Marshal(d)
	if err == nil {
		c.districts[d.Code] = b
	}
	return b, err
}

// bodies recycles the buffers answers are assembled in.
var bodies = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// appendQuarterBody appends the quarter answer of district d to b, as
// writeJSON would write quarterReport's: the same bytes, newline included.
func (a *API) appendQuarterBody(ctx context.Context, b []byte, d *store.District, version int64, quarter string) ([]byte, error) {
	parts := make([]*quarterPart, len(quarterParts))
	for i, qp := range quarterParts {
		parts[i] = a.quarters.part(ctx, a.db, version, quarterKey{qp.d, quarter})
	}
	db, err := a.quarters.district(version, d)
	if err != nil {
		return nil, err
	}
	qb, _ := json.Marshal(quarter)
	b = append(b, `{"district":`...)
	b = append(b, db...)
	b = append(b, `,"quarter":`...)
	b = append(b, qb...)
	for i, p := range parts {
		select {
		case <-p.ready:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if p.err != nil {
			return nil, p.err
		}
		b = append(b, `,"`...)
		b = append(b, quarterParts[i].key...)
		b = append(b, `":`...)
		if b, err = p.appendValue(b, d); err != nil {
			return nil, err
		}
	}
	return append(b, "}\n"...), nil
}

// Warm loads every part of the quarter answer for every quarter of the live
// data, in the background, one part at a time, newest quarter first, so
// that no request waits for a cold quarter. It is started once per data
// version: by Warm, or by the first quarter request of a version. Warm also
// builds the map's outlines in the form the web app draws (simplifying
// them takes seconds), so that the first visitor does not wait for them.
func (a *API) Warm(ctx context.Context) error {
	version, err := a.db.Version(ctx)
	if err != nil {
		return err
	}
	a.warmQuarters(ctx, version)
	go func() {
		start := time.Now()
		if e := a.cached(context.WithoutCancel(ctx), version, "districts-compact", jsonType, a.outlinesCompact); e.err != nil {
			a.log.Warn("warm the map's outlines", "err", e.err)
			return
		}
		a.log.Info("warmed the map's outlines", "version", version, "took", time.Since(start).Round(time.Millisecond))
	}()
	return nil
}

func (a *API) warmQuarters(ctx context.Context, version int64) {
	c := &a.quarters
	c.mu.Lock()
	started := c.warmed == version
	c.warmed = version
	c.mu.Unlock()
	if started {
		return
	}
	ctx = context.WithoutCancel(ctx)
	go func() {
		start := time.Now()
		qs, err := a.db.Quarters(ctx, quarterDatasets...)
		if err != nil {
			a.log.Warn("warm the quarter answers", "err", err)
			return
		}
		defer func() {
			c.mu.Lock()
			n := c.bytes
			c.mu.Unlock()
			a.log.Info("warmed the quarter answers", "version", version, "quarters", len(qs), "bytes", n, "took", time.Since(start).Round(time.Millisecond))
		}()
		for i := len(qs) - 1; i >= 0; i-- {
			for _, qp := range quarterParts {
				c.mu.Lock()
				stale := c.version != version && c.parts != nil
				c.mu.Unlock()
				if stale {
					return // a release landed: the next version warms itself
				}
				<-c.part(ctx, a.db, version, quarterKey{qp.d, qs[i]}).ready
			}
		}
	}()
}
