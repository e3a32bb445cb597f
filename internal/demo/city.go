package demo

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"

	"github.com/sangsaeng/sangsaeng/internal/geo"
)

const (
	defaultDistricts = 120
	maxDistricts     = 9999
	firstCode        = 3190001 // current code set, clear of the real 3110001–3130330 and 3001491–3001496
)

// city is the whole demo: its layout, districts and the draws every dataset shares.
type city struct {
	seed      int64
	quarters  []quarter
	gus       []*gu
	dongs     []*dong // those holding at least one district, in layout order
	districts []*district
}

// district is one synthetic 상권 and the traits its datasets share.
type district struct {
	index      int
	code, name string
	kind       kind
	dong       *dong
	geom       orb.MultiPolygon // EPSG:5181, outer rings clockwise
	x, y       int64            // area centroid, rounded metres
	area       int64            // m², rounded
	activity   float64          // busy districts are busy in every dataset
	trend      float64          // yearly growth rate
	industries []*industry      // 업종 present, in table order
}

// newCity lays out the districts of opt. All draws come from streams of opt.Seed.
func newCity(opt Options) (*city, error) {
	n := opt.Districts
	if n == 0 {
		n = defaultDistricts
	}
	if n < 0 || n > maxDistricts {
		return nil, fmt.Errorf("demo: districts must be 1-%d, got %d", maxDistricts, opt.Districts)
	}
	qs, err := parseQuarters(opt.Quarters)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	c := &city{seed: opt.Seed, quarters: qs, gus: demoGus()}
	kinds := c.shuffledKinds(n)
	names := newNamer(stream(c.seed, "names"))
	l := newLayout(n)
	var holes, twoParts int
	for i := range n {
		d := &district{index: i, code: fmt.Sprint(firstCode + i), kind: kinds[i]}
		d.name = names.name(d.kind)
		slot := i % l.dongs
		d.dong = c.dongAt(slot)
		d.dong.districts = append(d.dong.districts, d)

		v := plain
		switch {
		case holes < 2 && (d.kind == developed || d.kind == tourist):
			v, holes = withHole, holes+1
		case twoParts < 1 && d.kind == market:
			v, twoParts = twoPart, twoParts+1
		}
		x0, y0 := l.cell(slot, i/l.dongs)
		d.setGeometry(districtShape(stream(c.seed, "shape", uint64(i)), d.kind, x0, y0, l.cellSize, v))

		r := stream(c.seed, "profile", uint64(i))
		d.activity = logNormal(r, 0.45)
		d.trend = 0.02 + 0.05*r.NormFloat64()
		for _, ind := range industries {
			if r.Float64() < ind.presence[d.kind] {
				d.industries = append(d.industries, ind)
			}
		}
		c.districts = append(c.districts, d)
	}
	for slot := range l.dongs {
		if dg := c.dongAt(slot); len(dg.districts) > 0 {
			dg.x, dg.y, dg.area = l.dongBlock(slot)
			c.dongs = append(c.dongs, dg)
		}
	}
	return c, nil
}

// dongAt returns the 행정동 of layout slot s: 자치구 s%numGus, its 행정동 s/numGus.
func (c *city) dongAt(s int) *dong { return &c.gus[s%numGus].dongs[s/numGus] }

// setGeometry sets the district's polygons and the centroid and area derived from them.
func (d *district) setGeometry(mp orb.MultiPolygon) {
	d.geom = mp
	centre, _ := planar.CentroidArea(mp)
	d.x, d.y = int64(math.Round(centre[0])), int64(math.Round(centre[1]))
	d.area = int64(math.Round(geo.Area(mp)))
}

// shuffledKinds returns the kind of each of n districts in a seeded order.
func (c *city) shuffledKinds(n int) []kind {
	kinds := make([]kind, 0, n)
	for k, count := range kindCounts(n) {
		for range count {
			kinds = append(kinds, kind(k))
		}
	}
	r := stream(c.seed, "kinds")
	r.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
	return kinds
}

// districtKey adds the five key columns most 상권 files start with: quarter, kind
// code and name, district code and name.
func districtKey(w *csvFile, q quarter, d *district) {
	w.texts(q.code, d.kind.code(), d.kind.name(), d.code, d.name)
}

// years is how many years q lies after 2023Q1 (negative before), for trends.
func years(q quarter) float64 { return float64(q.offset()) / 4 }

// growth is the district's trend factor at q.
func (d *district) growth(q quarter) float64 { return math.Exp(d.trend * years(q)) }
