package synth

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// Near Seoul City Hall, in EPSG:5181 metres.
const ox, oy = 197000.0, 451000.0

func square(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{ox + x0, oy + y0}, {ox + x1, oy + y0}, {ox + x1, oy + y1}, {ox + x0, oy + y1}, {ox + x0, oy + y0}}
}

// testCity is five districts:
//
//	A 3110001  [0, 1000]²             with a hole [400, 600]²
//	V 3001496  [100, 300]²            a 관광특구 wholly inside A
//	B 3110002  [1000, 2000] × [0, 1000]
//	U 3001491  [1500, 2500] × [0, 1000] a 관광특구 over B's east half
//	C 3130001  [2100, 2300] × [200, 400] a market wholly inside U
func testCity() []seoul.Polygon {
	return []seoul.Polygon{
		{Code: "3110001", TypeCode: "A", Geom: orb.MultiPolygon{{square(0, 0, 1000, 1000), square(400, 400, 600, 600)}}},
		{Code: "3001496", TypeCode: "U", Geom: orb.MultiPolygon{{square(100, 100, 300, 300)}}},
		{Code: "3110002", TypeCode: "A", Geom: orb.MultiPolygon{{square(1000, 0, 2000, 1000)}}},
		{Code: "3001491", TypeCode: "U", Geom: orb.MultiPolygon{{square(1500, 0, 2500, 1000)}}},
		{Code: "3130001", TypeCode: "R", Geom: orb.MultiPolygon{{square(2100, 200, 2300, 400)}}},
	}
}

// testPublished is consistent published data for testCity: stores of
// CS100007 (the overlays' counts hold those of the districts inside them),
// sales of CS300002 and foot traffic, two quarters.
func testPublished() *Published {
	pub := NewPublished()
	q1, _ := parseQuarter("20241")
	stores := map[string][2]storeCounts{
		"3110001": {{6, 1, 0, 2}, {7, 2, 1, 3}},
		"3001496": {{2, 0, 0, 1}, {2, 0, 0, 1}},
		"3110002": {{4, 0, 1, 0}, {5, 1, 0, 1}},
		"3001491": {{5, 1, 0, 2}, {6, 1, 0, 2}},
		"3130001": {{1, 0, 0, 0}, {1, 0, 0, 0}},
	}
	r := rand.New(rand.NewPCG(9, 9))
	for code, rows := range stores {
		for i, c := range rows {
			k := rowKey{sliceKey{code, "CS100007"}, q1 + quarter(i)}
			pub.Stores[k] = storesRow{Stores: c.Stock - c.Franchise, Similar: c.Stock, Opened: c.Opened, Closed: c.Closed, Franchise: c.Franchise,
				OpenRate: rate(c.Opened, c.Stock), CloseRate: rate(c.Closed, c.Stock)}
		}
	}
	// Sales: the overlays' figures hold those of the districts inside.
	sales := map[string]int64{"3110001": 9e8, "3110002": 5e8, "3130001": 1e8}
	for _, code := range slices.Sorted(mapKeys(sales)) {
		total := sales[code]
		for i := range 2 {
			k := rowKey{sliceKey{code, "CS300002"}, q1 + quarter(i)}
			pub.Sales[k] = salesRow{Amount: randomMeasure(r, total), Count: randomMeasure(r, total/5000)}
		}
	}
	for i := range 2 {
		inner := pub.Sales[rowKey{sliceKey{"3130001", "CS300002"}, q1 + quarter(i)}]
		outer := salesRow{Amount: randomMeasure(r, 2e8), Count: randomMeasure(r, 2e8/5000)}
		pub.Sales[rowKey{sliceKey{"3001491", "CS300002"}, q1 + quarter(i)}] = salesRow{Amount: addMeasures(inner.Amount, outer.Amount), Count: addMeasures(inner.Count, outer.Count)}
	}
	footOf := func() footRow {
		var f footRow
		f.Total = 50000 + r.Int64N(50000)
		split := func(parts []int64) {
			left := f.Total
			for j := range parts {
				if j == len(parts)-1 {
					parts[j] = left
				} else {
					parts[j] = left / int64(len(parts)-j)
					left -= parts[j]
				}
			}
		}
		split(f.Sexes[:])
		split(f.Ages[:])
		split(f.Bands[:])
		split(f.Days[:])
		return f
	}
	// The foot traffic of a district wholly inside another is part of that
	// one's.
	for i := range 2 {
		q := q1 + quarter(i)
		v, c := footOf(), footOf()
		pub.Foot[rowKey{sliceKey{Code: "3001496"}, q}] = v
		pub.Foot[rowKey{sliceKey{Code: "3130001"}, q}] = c
		pub.Foot[rowKey{sliceKey{Code: "3110002"}, q}] = footOf()
		pub.Foot[rowKey{sliceKey{Code: "3110001"}, q}] = addFoot(v, footOf())
		pub.Foot[rowKey{sliceKey{Code: "3001491"}, q}] = addFoot(c, footOf())
	}
	return pub
}

func addFoot(a, b footRow) footRow {
	a.Total += b.Total
	for i := range a.Sexes {
		a.Sexes[i] += b.Sexes[i]
	}
	for i := range a.Ages {
		a.Ages[i] += b.Ages[i]
		a.Bands[i] += b.Bands[i]
	}
	for i := range a.Days {
		a.Days[i] += b.Days[i]
	}
	return a
}

func addMeasures(a, b measure) measure {
	zero := measure{}
	return a.sub(zero.sub(b))
}

func TestPlacementOwnPolygonOnly(t *testing.T) {
	polys := testCity()
	m := map[string]orb.MultiPolygon{}
	for _, p := range polys {
		m[p.Code] = p.Geom
	}
	d := fusion.NewDistricts(m)
	pl := newPlacer(d, 1)
	if s := pl.site("3110001"); !s.exclusive {
		t.Errorf("A has area of its own")
	}
	for _, c := range []string{"3001496", "3130001"} {
		if s := pl.site(c); s.exclusive || len(s.partners) != 1 {
			t.Errorf("%s: exclusive %v, partners %v; want none of its own and one partner", c, s.exclusive, s.partners)
		}
	}
	r := rand.New(rand.NewPCG(1, 1))
	for range 300 {
		lon, lat, ok := pl.point(r, "3110001", "")
		if !ok {
			t.Fatal("no point in A")
		}
		if h := d.LocateAll(lon, lat); len(h) != 1 || h[0] != "3110001" {
			t.Fatalf("A's point in %v", h)
		}
		lon, lat, ok = pl.point(r, "3001496", "3110001")
		if h := d.LocateAll(lon, lat); !ok || len(h) != 2 {
			t.Fatalf("V's point in %v", h)
		}
	}
	want := map[string]bool{"3001496": true, "3130001": true}
	ordered := order([]string{"3110001", "3001491", "3001496", "3130001", "3110002"}, func(c string) bool { return !want[c] }, pl.forced)
	if ordered[0] != "3001496" || ordered[1] != "3130001" {
		t.Errorf("order %v: want the districts without area of their own first", ordered)
	}
}

// TestRoundTrip synthesizes testCity and aggregates the feeds back.
func TestRoundTrip(t *testing.T) {
	pub := testPublished()
	p, err := NewPlan(pub, testCity(), Config{Seed: 3, Scale: 3, K: 3})
	if err != nil {
		t.Fatal(err)
	}
	fd := writeFeeds(t, p)
	rep := p.Report()
	m := map[string]orb.MultiPolygon{}
	for _, pl := range testCity() {
		m[pl.Code] = pl.Geom
	}
	q1, _ := parseQuarter("20241")
	got := fuseFeeds(t, fusion.NewDistricts(m), fd.merchants, fd.sales, fd.foot, []quarter{q1, q1 + 1})
	for k, want := range pub.Stores {
		if g := got.stores[k]; g != (storeCounts{want.Similar, want.Opened, want.Closed, want.Franchise}) {
			t.Errorf("stores %s: %+v, published %+v", k, g, want)
		}
	}
	for k, want := range pub.Sales {
		if g := got.sales[k]; g != want {
			t.Errorf("sales %s:\n fused %+v\n published %+v", k, g, want)
		}
	}
	for k, want := range pub.Foot {
		g := got.foot[k]
		var back footRow
		back.Total = int64(math.Round(g.Total))
		for i := range g.Sexes {
			back.Sexes[i] = int64(math.Round(g.Sexes[i]))
		}
		for i := range g.Ages {
			back.Ages[i] = int64(math.Round(g.Ages[i]))
			back.Bands[i] = int64(math.Round(g.Bands[i]))
		}
		for i := range g.Days {
			back.Days[i] = int64(math.Round(g.Days[i]))
		}
		if back != want {
			t.Errorf("foot %s: %+v, published %+v", k, back, want)
		}
	}
	for _, r := range []*DatasetReport{&rep.Stores, &rep.Sales, &rep.Foot} {
		for _, d := range r.Deviations {
			if d.Kind != "merchants_made" {
				t.Errorf("deviation %s: %v", d.Kind, d.Keys)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	run := func(seed uint64) feeds {
		p, err := NewPlan(testPublished(), testCity(), Config{Seed: seed, Scale: 2, K: 3})
		if err != nil {
			t.Fatal(err)
		}
		return writeFeeds(t, p)
	}
	a, b, c := run(1), run(1), run(2)
	if !bytes.Equal(a.merchants, b.merchants) || !bytes.Equal(a.sales, b.sales) || !bytes.Equal(a.foot, b.foot) {
		t.Error("the same seed gave different feeds")
	}
	if bytes.Equal(a.merchants, c.merchants) || bytes.Equal(a.sales, c.sales) {
		t.Error("another seed gave the same feeds")
	}
}

// TestSolveActive: districts whose cells give persons to each other are
// solved together; one asked for fewer than no persons makes none.
func TestSolveActive(t *testing.T) {
	a := [][]float64{{1, 0.5}, {0.5, 1}} // each receives half the other's persons
	x, worst := solveActive(a, [][]float64{{3, 6}, {3, 3}}, []bool{true, true})
	if worst != -1 || math.Abs(x[0][0]-2) > 1e-9 || math.Abs(x[1][0]-2) > 1e-9 || math.Abs(x[0][1]-6) > 1e-9 || math.Abs(x[1][1]) > 1e-9 {
		t.Fatalf("got %v, worst %d; want [[2 6] [2 0]], -1", x, worst)
	}
	active := []bool{true, true}
	x, worst = solveActive(a, [][]float64{{1}, {10}}, active)
	if worst != 0 {
		t.Fatalf("worst %d, want 0 (x %v)", worst, x)
	}
	active[0] = false
	x, worst = solveActive(a, [][]float64{{1}, {10}}, active)
	if worst != -1 || x[0][0] != 0 || math.Abs(x[1][0]-10) > 1e-9 {
		t.Fatalf("got %v, worst %d; want [[0] [10]], -1", x, worst)
	}
}
