package synth

import (
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

// FusionVersion is the version of docs/fusion.md's rules the feeds are made for.
const FusionVersion = 1

// cellsPerDistrict is how many grid cells carry a district's foot traffic.
const cellsPerDistrict = 4

// Config is what a synthesis is asked for.
type Config struct {
	Seed  uint64
	Scale int // rows ≈ Scale × the fewest that reproduce the figures; ≥ 1
	K     int // fuse's suppression threshold: merchants made for sales slices without store data
}

// A merchant is a row of the merchant master.
type merchant struct {
	id             string
	code, industry string // the district it is made for
	partner        string // the other district holding its point, if any
	lon, lat       float64
	factor         float64 // its relative size, for its share of sales
	life
}

// Plan is a synthesis ready to be written: the merchants placed, and what
// each sales slice and foot-traffic row is to be split into, made lazily
// as the feeds are written.
type Plan struct {
	cfg    Config
	pub    *Published
	placer *placer
	report *Report

	merchants []merchant
	own       map[sliceKey][]int32 // merchants made for each district × industry

	salesContrib map[rowKey]*salesRow // already given by other districts' merchants standing there
	salesDone    map[rowKey][]baseSale

	cells       map[string][]footCell
	cellWeights map[string][]float64
	footContrib map[rowKey]*footTarget
	footDone    map[rowKey][]baseFoot
	footShared  map[string]bool // districts whose cells overlap others
	footJoint   map[rowKey]bool // their rows, made together by planFoot
}

// NewPlan places the merchants and works out the shared districts' splits.
// polys are the 영역-상권 polygons in EPSG:5181.
func NewPlan(pub *Published, polys []seoul.Polygon, cfg Config) (*Plan, error) {
	if cfg.Scale < 1 {
		return nil, fmt.Errorf("scale %d: want 1 or more", cfg.Scale)
	}
	if cfg.K < 1 {
		return nil, fmt.Errorf("k %d: want 1 or more", cfg.K)
	}
	m := make(map[string]orb.MultiPolygon, len(polys))
	for _, p := range polys {
		m[p.Code] = p.Geom
	}
	d := fusion.NewDistricts(m)
	p := &Plan{
		cfg:          cfg,
		pub:          pub,
		placer:       newPlacer(d, cfg.Seed),
		own:          map[sliceKey][]int32{},
		salesContrib: map[rowKey]*salesRow{},
		salesDone:    map[rowKey][]baseSale{},
		cells:        map[string][]footCell{},
		cellWeights:  map[string][]float64{},
		footContrib:  map[rowKey]*footTarget{},
		footDone:     map[rowKey][]baseFoot{},
		footShared:   map[string]bool{},
		footJoint:    map[rowKey]bool{},
		report: &Report{
			FusionVersion: FusionVersion, Seed: cfg.Seed, Scale: cfg.Scale, K: cfg.K,
			Inputs: pub.Files, Quarters: map[string][]string{}, Outputs: map[string]int64{},
		},
	}
	p.report.Placement.Districts = d.Len()
	p.report.Quarters["stores"] = quartersOf(pub.Stores)
	p.report.Quarters["sales"] = quartersOf(pub.Sales)
	p.report.Quarters["foot_traffic"] = quartersOf(pub.Foot)
	p.report.Stores.Rows, p.report.Sales.Rows, p.report.Foot.Rows = len(pub.Stores), len(pub.Sales), len(pub.Foot)
	for ds, keys := range pub.Replaced {
		r := p.datasetReport(ds)
		for _, k := range keys {
			r.deviate("replaced", "the row is given again with other values by a later file; the later values are kept", k)
		}
	}
	p.planStores()
	p.planSales()
	p.planFoot()
	p.report.Placement.Merchants = len(p.merchants)
	return p, nil
}

func (p *Plan) datasetReport(ds string) *DatasetReport {
	switch ds {
	case string(seoul.Sales):
		return &p.report.Sales
	case string(seoul.Stores):
		return &p.report.Stores
	}
	return &p.report.Foot
}

func quartersOf[V any](m map[rowKey]V) []string {
	seen := map[quarter]bool{}
	for k := range m {
		seen[k.Q] = true
	}
	var qs []string
	for _, q := range slices.Sorted(mapKeys(seen)) {
		qs = append(qs, q.String())
	}
	return qs
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Report returns synth.json's contents; the output counts are filled as the
// feeds are written.
func (p *Plan) Report() *Report {
	p.report.Stores.sort()
	p.report.Sales.sort()
	p.report.Foot.sort()
	return p.report
}

// planStores makes the merchants: for every district × industry of the
// stores files a lifecycle population following its published stock and
// flows, and for sales slices without store data k merchants open
// throughout; each placed in its district alone, or, for a district with
// no area of its own, in the overlap with one partner district whose
// targets it is then taken off.
func (p *Plan) planStores() {
	rep := &p.report.Stores
	covered := map[string]map[quarter]bool{} // industry → quarters the stores files cover
	hasStores := map[sliceKey]bool{}
	for k, row := range p.pub.Stores {
		if covered[k.Industry] == nil {
			covered[k.Industry] = map[quarter]bool{}
		}
		covered[k.Industry][k.Q] = true
		hasStores[k.sliceKey] = true
		if row.Stores != row.Similar-row.Franchise {
			rep.deviate("stores_not_similar_less_franchise", "점포_수 ≠ 유사_업종_점포_수 − 프랜차이즈_점포_수: fuse writes the difference", k.String())
		}
		if want := rate(row.Opened, row.Similar); row.OpenRate != want {
			rep.deviate("open_rate", fmt.Sprintf("개업_율 disagrees with round(100 × 개업 / 유사_업종_점포_수), which fuse writes"), k.String())
		}
		if want := rate(row.Closed, row.Similar); row.CloseRate != want {
			rep.deviate("close_rate", "폐업_률 disagrees with round(100 × 폐업 / 유사_업종_점포_수), which fuse writes", k.String())
		}
	}
	hasSales := map[sliceKey]bool{}
	for k := range p.pub.Sales {
		hasSales[k.sliceKey] = true
	}
	slicesByIndustry := map[string]map[string]bool{}
	addSlice := func(k sliceKey) {
		if slicesByIndustry[k.Industry] == nil {
			slicesByIndustry[k.Industry] = map[string]bool{}
		}
		slicesByIndustry[k.Industry][k.Code] = true
	}
	for k := range hasStores {
		addSlice(k)
	}
	for k := range hasSales {
		addSlice(k)
	}
	rep.Slices = len(hasStores)
	noPolygon := map[string]bool{}
	for _, industry := range slices.Sorted(mapKeys(slicesByIndustry)) {
		codes := slicesByIndustry[industry]
		// Partners of districts without area of their own take their
		// surplus, so they are made too.
		var partners []string
		for c := range codes {
			if s := p.placer.site(c); s != nil && !s.exclusive {
				partners = append(partners, s.partners...)
			}
		}
		for _, e := range partners {
			codes[e] = true
		}
		var qs []quarter
		for q := range covered[industry] {
			qs = append(qs, q)
		}
		slices.Sort(qs)
		contrib := map[string]map[quarter]storeCounts{}
		done := map[string]bool{}
		ordered := order(slices.Sorted(mapKeys(codes)), func(c string) bool {
			s := p.placer.site(c)
			return s == nil || s.exclusive
		}, p.placer.forced)
		for _, code := range ordered {
			done[code] = true
			sk := sliceKey{code, industry}
			s := p.placer.site(code)
			if s == nil {
				if (hasStores[sk] || hasSales[sk]) && !noPolygon[code] {
					noPolygon[code] = true
				}
				if hasStores[sk] {
					rep.deviate("no_polygon", "the district has no polygon in --areas: no merchants can be placed", sk.Code+"/"+sk.Industry)
				}
				continue
			}
			r := rng(p.cfg.Seed, "stores", code, industry)
			var lives []life
			if hasStores[sk] {
				steps := p.storeSteps(sk, qs, covered[industry], contrib[code])
				var devs []storeDeviation
				lives, devs = buildLives(steps, r)
				for _, d := range devs {
					key := rowKey{sk, d.q}
					rep.deviate("flow_"+d.field, storeDeviationReason(d.field), fmt.Sprintf("%s: published %d, made %d", key, d.published, d.made))
				}
			} else {
				for _, q := range qs {
					if contrib[code][q] != (storeCounts{}) {
						rep.deviate("extra_row", "merchants of a district without area of its own stand here too, where the stores files cover the industry but publish no row: fuse writes one", rowKey{sk, q}.String())
					}
				}
			}
			if !hasStores[sk] && hasSales[sk] {
				for range p.cfg.K {
					lives = append(lives, life{opened: noDay, closed: noDay})
				}
				p.report.Sales.deviate("merchants_made", fmt.Sprintf("no store data for the district × industry: %d merchants open throughout are made for its sales, so that it is not suppressed; fuse counts them as stores too", p.cfg.K), sk.Code+"/"+sk.Industry)
			}
			for i, l := range lives {
				m := merchant{
					id:   fmt.Sprintf("%s-%s-%04d", code, industry, i+1),
					code: code, industry: industry, life: l,
					factor: math.Exp(0.6 * r.NormFloat64()),
				}
				if !s.exclusive {
					m.partner = p.choosePartner(s, l, industry, qs, covered[industry], contrib, done)
				}
				lon, lat, ok := p.placer.point(r, code, m.partner)
				if !ok {
					rep.deviate("unplaced", "no point found in the district (and its partner) alone: the merchant is left out", m.id)
					continue
				}
				m.lon, m.lat = lon, lat
				if m.partner != "" {
					c := contrib[m.partner]
					if c == nil {
						c = map[quarter]storeCounts{}
						contrib[m.partner] = c
					}
					for _, q := range qs {
						c[q] = c[q].add(countsOf([]life{l}, q))
					}
				}
				p.own[sk] = append(p.own[sk], int32(len(p.merchants)))
				p.merchants = append(p.merchants, m)
			}
		}
	}
	p.report.Placement.NoPolygon = slices.Sorted(mapKeys(noPolygon))
	for code, s := range p.placer.sites {
		if s != nil && !s.exclusive {
			p.report.Placement.Shared = append(p.report.Placement.Shared, code)
		}
	}
	slices.Sort(p.report.Placement.Shared)
}

func storeDeviationReason(field string) string {
	switch field {
	case "opened":
		return "the published stock grows more than its flows say (유사(q) ≠ 유사(q−1) + 개업(q) − 폐업(q), a missing quarter taken as no stores): the stock is kept and openings added"
	case "closed":
		return "the published stock shrinks more than its flows say: the stock is kept and closings added"
	}
	return "no choice of franchise openings and closings gives the published 프랜차이즈_점포_수 (franchise status is static per merchant)"
}

// rate is fuse's 개업_율/폐업_률: round(100 × n / stock), 0 without stores.
func rate(n, stock int64) float64 {
	if stock == 0 {
		return 0
	}
	return math.Round(100 * float64(n) / float64(stock))
}

// storeSteps returns the targets of a slice over the quarters the stores
// files cover for its industry, first to last: a published row, no row in a
// covered quarter (nothing open, opened or closed), or unknown; less what
// merchants of other districts standing in this one give.
func (p *Plan) storeSteps(sk sliceKey, qs []quarter, covered map[quarter]bool, contrib map[quarter]storeCounts) []storeStep {
	var steps []storeStep
	if len(qs) == 0 {
		return nil
	}
	for q := qs[0]; q <= qs[len(qs)-1]; q++ {
		st := storeStep{q: q, kind: stepUnknown}
		if row, ok := p.pub.Stores[rowKey{sk, q}]; ok {
			st.kind = stepPublished
			st.want = storeCounts{row.Similar, row.Opened, row.Closed, row.Franchise}
		} else if covered[q] {
			st.kind = stepZero
		}
		if c, ok := contrib[q]; ok && st.kind != stepUnknown {
			w := st.want.sub(c)
			if w.negative() {
				p.report.Stores.deviate("overlap_exceeds", "merchants of a district without area of its own, standing here too, are more than this district's published figures", rowKey{sk, q}.String())
			}
			st.want = w.clamp()
		}
		steps = append(steps, st)
	}
	return steps
}

// choosePartner picks the district a merchant of a district without area
// of its own stands in too: one not yet made whose targets can take it,
// else one not yet made, else the largest partner.
func (p *Plan) choosePartner(s *site, l life, industry string, qs []quarter, covered map[quarter]bool, contrib map[string]map[quarter]storeCounts, done map[string]bool) string {
	fits := func(e string) bool {
		for _, q := range qs {
			if !covered[q] {
				continue
			}
			var want storeCounts
			if row, ok := p.pub.Stores[rowKey{sliceKey{e, industry}, q}]; ok {
				want = storeCounts{row.Similar, row.Opened, row.Closed, row.Franchise}
			}
			if want.sub(contrib[e][q]).sub(countsOf([]life{l}, q)).negative() {
				return false
			}
		}
		return true
	}
	for _, e := range s.partners {
		if !done[e] && fits(e) {
			return e
		}
	}
	for _, e := range s.partners {
		if !done[e] {
			return e
		}
	}
	if len(s.partners) > 0 {
		return s.partners[0]
	}
	return ""
}
