package synth

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/seoultest"
)

// seoulFixture returns the folder of the real fixture, skipping when
// SANGSAENG_SEOUL_DATA is not set.
func seoulFixture(tb testing.TB) string {
	tb.Helper()
	dir := seoultest.Dir(tb, "synthesize from the real fixture")
	return filepath.Join(dir, "fixture")
}

func readPublished(tb testing.TB, paths ...string) *Published {
	tb.Helper()
	pub := NewPublished()
	for _, path := range paths {
		f, err := os.Open(path)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := pub.Add(f, path); err != nil {
			tb.Fatal(err)
		}
		f.Close()
	}
	return pub
}

type feeds struct {
	merchants, sales, foot []byte
}

func writeFeeds(tb testing.TB, p *Plan) feeds {
	tb.Helper()
	var m, s, f bytes.Buffer
	if _, err := p.WriteMerchants(&m); err != nil {
		tb.Fatal(err)
	}
	if _, err := p.WriteSales(&s); err != nil {
		tb.Fatal(err)
	}
	if _, err := p.WriteFoot(&f); err != nil {
		tb.Fatal(err)
	}
	return feeds{m.Bytes(), s.Bytes(), f.Bytes()}
}

// reported reports whether a deviation of one of kinds names key.
func reported(r *DatasetReport, key string, kinds ...string) bool {
	for _, d := range r.Deviations {
		if len(kinds) > 0 && !slices.Contains(kinds, d.Kind) {
			continue
		}
		for _, k := range d.Keys {
			if k == key || strings.HasPrefix(k, key+":") || strings.HasPrefix(k, key+" ") {
				return true
			}
		}
	}
	return false
}

// TestFixtureRoundTrip synthesizes raw feeds from the real fixture,
// aggregates them back by docs/fusion.md's rules, and checks that every
// published figure comes back — store counts, sales amounts and counts
// exactly, foot traffic to the rounding — except those synth.json reports.
func TestFixtureRoundTrip(t *testing.T) {
	dir := seoulFixture(t)
	pub := readPublished(t,
		filepath.Join(dir, "stores_trdar_chicken.csv"),
		filepath.Join(dir, "sales_trdar_convenience.csv"),
		filepath.Join(dir, "foottraffic_trdar.csv"),
		filepath.Join(dir, "area_trdar.csv"), // another dataset: skipped
	)
	if n := pub.Files[3]; n.Skipped == "" {
		t.Errorf("area_trdar.csv not skipped: %+v", n)
	}
	polys, err := seoul.ReadPolygons(filepath.Join(dir, "area_trdar_shp", "area_trdar.shp"), nil)
	if err != nil {
		t.Fatal(err)
	}
	roundTrip(t, pub, polys)
}

// roundTrip synthesizes pub, aggregates the feeds back and checks every
// published figure, logging what came back.
func roundTrip(t *testing.T, pub *Published, polys []seoul.Polygon) {
	const k = 3
	p, err := NewPlan(pub, polys, Config{Seed: 7, Scale: 2, K: k})
	if err != nil {
		t.Fatal(err)
	}
	fd := writeFeeds(t, p)
	rep := p.Report()
	m := make(map[string]orb.MultiPolygon)
	for _, pl := range polys {
		m[pl.Code] = pl.Geom
	}
	var qs []quarter
	for q := range quarterSet(pub.Stores) {
		qs = append(qs, q)
	}
	got := fuseFeeds(t, fusion.NewDistricts(m), fd.merchants, fd.sales, fd.foot, qs)
	if got.outside > 0 {
		t.Errorf("%d merchants in no district", got.outside)
	}

	// Stores: exact, but for reported flows.
	var storesOK, storesOff int
	for _, key := range sortedKeys(pub.Stores) {
		want := pub.Stores[key]
		g := got.stores[key]
		if g.Stock != want.Similar {
			t.Errorf("stores %s: 유사_업종_점포_수 %d, published %d", key, g.Stock, want.Similar)
		}
		ok := g.Stock == want.Similar && g.Opened == want.Opened && g.Closed == want.Closed && g.Franchise == want.Franchise &&
			g.Stock-g.Franchise == want.Stores
		if ok {
			storesOK++
			continue
		}
		storesOff++
		if !reported(&rep.Stores, key.String()) {
			t.Errorf("stores %s: fused %+v, published %+v, not reported", key, g, want)
		}
	}
	// Sales: exact, but for reported rows.
	var salesOK, salesOff, suppressed int
	for _, key := range sortedKeys(pub.Sales) {
		want, g := pub.Sales[key], got.sales[key]
		if len(got.salesMs[key]) < k {
			suppressed++
			if !reported(&rep.Sales, key.String(), "suppressed") {
				t.Errorf("sales %s: %d merchants, suppressed by fuse, not reported", key, len(got.salesMs[key]))
			}
			continue
		}
		if g == want {
			salesOK++
			continue
		}
		salesOff++
		if g.Amount.Total != want.Amount.Total || g.Count.Total != want.Count.Total || g.Amount.Days != want.Amount.Days || g.Amount.Bands != want.Amount.Bands {
			t.Errorf("sales %s: totals, days or time bands differ:\n fused %+v\n published %+v", key, g, want)
		}
		if !reported(&rep.Sales, key.String()) {
			t.Errorf("sales %s: fused %+v, published %+v, not reported", key, g, want)
		}
	}
	// Foot traffic: to the rounding, but for reported breakdowns.
	var footOK, footOff int
	for _, key := range sortedKeys(pub.Foot) {
		want, g := pub.Foot[key], got.foot[key]
		overlap := reported(&rep.Foot, key.String(), "overlap_exceeds")
		if math.Round(g.Total) != float64(want.Total) && !overlap {
			t.Errorf("foot %s: total %.3f, published %d", key, g.Total, want.Total)
		}
		ok := true
		check := func(name string, gs []float64, ws []int64) {
			for i := range gs {
				if math.Round(gs[i]) != float64(ws[i]) {
					ok = false
					if !overlap && !reported(&rep.Foot, key.String(), "rounded_"+name) {
						t.Errorf("foot %s: %s[%d] %.3f, published %d, not reported", key, name, i, gs[i], ws[i])
					}
				}
			}
		}
		check("sexes", g.Sexes[:], want.Sexes[:])
		check("ages", g.Ages[:], want.Ages[:])
		check("time_bands", g.Bands[:], want.Bands[:])
		check("days", g.Days[:], want.Days[:])
		if ok {
			footOK++
		} else {
			footOff++
		}
	}
	t.Logf("stores: %d rows exact, %d off (reported); sales: %d exact, %d off (reported), %d suppressed; foot: %d exact, %d with a rounded breakdown off (reported)",
		storesOK, storesOff, salesOK, salesOff, suppressed, footOK, footOff)
	t.Logf("feeds: %d merchants, %d sales rows, %d foot rows; shared districts %v, shared-cell districts %v",
		bytes.Count(fd.merchants, []byte("\n"))-1, bytes.Count(fd.sales, []byte("\n"))-1, bytes.Count(fd.foot, []byte("\n"))-1,
		rep.Placement.Shared, rep.Placement.SharedCells)
	for _, r := range []*DatasetReport{&rep.Stores, &rep.Sales, &rep.Foot} {
		for _, d := range r.Deviations {
			t.Logf("deviation %s: %d (%s), e.g. %s", d.Kind, d.Count, d.Reason, d.Keys[0])
		}
	}
}

func quarterSet[V any](m map[rowKey]V) map[quarter]bool {
	qs := map[quarter]bool{}
	for k := range m {
		qs[k.Q] = true
	}
	return qs
}
