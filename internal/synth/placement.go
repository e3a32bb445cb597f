package synth

import (
	"cmp"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/geo"
)

// surveyPoints is how many random points of a district's polygon tell
// which parts of it other districts share.
const surveyPoints = 1500

// maxTries bounds the random points drawn to place one merchant.
const maxTries = 1 << 16

// A site is what a district's polygon shares with others: whether part of
// it lies in no other district, and the districts it shares parts with
// (pairs of holders only), most area first.
type site struct {
	code      string
	poly      orb.MultiPolygon
	bound     orb.Bound
	exclusive bool
	partners  []string
}

// A placer draws merchant points and grid cells inside districts.
type placer struct {
	d     *fusion.Districts
	seed  uint64
	sites map[string]*site
}

func newPlacer(d *fusion.Districts, seed uint64) *placer {
	return &placer{d: d, seed: seed, sites: map[string]*site{}}
}

// rng returns a generator for one purpose, the same for the same seed and
// names whatever else is generated.
func rng(seed uint64, names ...string) *rand.Rand {
	h := fnv.New64a()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// site surveys a district; nil when it has no polygon.
func (p *placer) site(code string) *site {
	if s, ok := p.sites[code]; ok {
		return s
	}
	poly, ok := p.d.Polygon(code)
	if !ok {
		p.sites[code] = nil
		return nil
	}
	s := &site{code: code, poly: poly, bound: poly.Bound()}
	r := rng(p.seed, "survey", code)
	seen := map[string]int{}
	for range surveyPoints {
		pt := s.random(r)
		if !geo.Contains(poly, pt) {
			continue
		}
		h := p.d.AllAt(pt)
		switch len(h) {
		case 1:
			s.exclusive = true
		case 2:
			other := h[0]
			if other == code {
				other = h[1]
			}
			seen[other]++
		}
	}
	for c := range seen {
		s.partners = append(s.partners, c)
	}
	slices.SortFunc(s.partners, func(a, b string) int {
		return cmp.Or(seen[b]-seen[a], strings.Compare(a, b))
	})
	p.sites[code] = s
	return s
}

func (s *site) random(r *rand.Rand) orb.Point {
	return orb.Point{
		s.bound.Min[0] + r.Float64()*(s.bound.Max[0]-s.bound.Min[0]),
		s.bound.Min[1] + r.Float64()*(s.bound.Max[1]-s.bound.Min[1]),
	}
}

// point draws a WGS84 point, as written (8 decimals), held by exactly the
// districts code and, if not empty, partner: inside code's polygon (holes
// respected) and outside every other.
func (p *placer) point(r *rand.Rand, code, partner string) (lon, lat float64, ok bool) {
	s := p.site(code)
	if s == nil {
		return 0, 0, false
	}
	for range maxTries {
		pt := s.random(r)
		if !geo.Contains(s.poly, pt) {
			continue
		}
		lon, lat = geo.FromEPSG5181(pt[0], pt[1])
		lon, lat = roundCoord(lon), roundCoord(lat)
		h := p.d.LocateAll(lon, lat)
		if partner == "" && len(h) == 1 && h[0] == code ||
			partner != "" && len(h) == 2 && slices.Contains(h, code) && slices.Contains(h, partner) {
			return lon, lat, true
		}
	}
	return 0, 0, false
}

// roundCoord rounds a coordinate to the 8 decimals written (about 1 mm).
func roundCoord(v float64) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 8, 64), 64)
	return f
}

// order returns codes in the order their merchants are made:
// first the districts without a part of their own (hasOwn false), each
// before the districts it cannot do without (forced: every part it has
// is shared with them), ties and cycles broken by code; then the others,
// by code.
func order(codes []string, hasOwn func(string) bool, forced func(string) []string) []string {
	var shared, own []string
	for _, c := range codes {
		if hasOwn(c) {
			own = append(own, c)
		} else {
			shared = append(shared, c)
		}
	}
	slices.Sort(shared)
	slices.Sort(own)
	isShared := map[string]bool{}
	for _, c := range shared {
		isShared[c] = true
	}
	// before[e] counts the shared districts that must come before e.
	before := map[string]int{}
	for _, c := range shared {
		for _, e := range forced(c) {
			if isShared[e] && e != c {
				before[e]++
			}
		}
	}
	done := map[string]bool{}
	out := make([]string, 0, len(codes))
	for len(out) < len(shared) {
		pick := ""
		for _, c := range shared {
			if !done[c] && before[c] == 0 {
				pick = c
				break
			}
		}
		if pick == "" { // a cycle: take the first left
			for _, c := range shared {
				if !done[c] {
					pick = c
					break
				}
			}
		}
		done[pick] = true
		out = append(out, pick)
		for _, e := range forced(pick) {
			if isShared[e] && e != pick {
				before[e]--
			}
		}
	}
	return append(out, own...)
}

// footCellSize is the side of the grid cells foot traffic is put in.
const footCellSize = 50.0

// minCellShare is the least part of a cell a district must hold for the
// cell to carry its foot traffic: counts are divided by the share.
const minCellShare = 0.2

// footCells chooses up to want grid cells for a district's foot traffic:
// cells that lie in no other district (exclusive) where there are any;
// otherwise the cells it shares of the least cost. Cells are drawn at
// random from the grid over the district.
func (p *placer) footCells(code string, r *rand.Rand, want int, cost func(footCell) float64) (cells []footCell, exclusive bool) {
	s := p.site(code)
	if s == nil {
		return nil, false
	}
	// The grid of EPSG:5179 cells over the district's bound.
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, c := range [][2]float64{{s.bound.Min[0], s.bound.Min[1]}, {s.bound.Min[0], s.bound.Max[1]}, {s.bound.Max[0], s.bound.Min[1]}, {s.bound.Max[0], s.bound.Max[1]}} {
		x, y := geo.ToEPSG5179(geo.FromEPSG5181(c[0], c[1]))
		minX, minY, maxX, maxY = min(minX, x), min(minY, y), max(maxX, x), max(maxY, y)
	}
	x0, y0 := math.Floor(minX/footCellSize)*footCellSize, math.Floor(minY/footCellSize)*footCellSize
	nx, ny := int(math.Ceil((maxX-x0)/footCellSize)), int(math.Ceil((maxY-y0)/footCellSize))
	grid := r.Perm(nx * ny)
	var shared []footCell
	for pass := range 2 {
		for _, g := range grid {
			x, y := x0+float64(g%nx)*footCellSize, y0+float64(g/nx)*footCellSize
			cx, cy := geo.ToEPSG5181(geo.FromEPSG5179(x+footCellSize/2, y+footCellSize/2))
			if inside := geo.Contains(s.poly, orb.Point{cx, cy}); inside != (pass == 0) {
				continue // centres inside the district first, then the rest
			}
			c := footCell{x: x, y: y, m: footCellSize}
			for _, sh := range p.d.CellShares(x, y, footCellSize) {
				if sh.Code == code {
					c.share = sh.Fraction
				} else {
					c.others = append(c.others, sh)
				}
			}
			if c.share < minCellShare {
				continue
			}
			if len(c.others) == 0 {
				cells = append(cells, c)
				if len(cells) == want {
					return cells, true
				}
			} else if len(cells) == 0 {
				shared = append(shared, c)
			}
		}
	}
	if len(cells) > 0 {
		return cells, true
	}
	costs := make([]float64, len(shared))
	idx := make([]int, len(shared))
	for i, c := range shared {
		costs[i], idx[i] = cost(c), i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(costs[a], costs[b]) })
	for _, j := range idx[:min(want, len(idx))] {
		cells = append(cells, shared[j])
	}
	return cells, false
}

// forced returns the district a district must stand in too when it has
// no part of its own and shares parts with that one alone.
func (p *placer) forced(code string) []string {
	if s := p.site(code); s != nil && len(s.partners) == 1 {
		return s.partners
	}
	return nil
}
