package indicator

import (
	"slices"
	"sort"
)

// Metric is one raw metric of an evaluation component: the indicator it
// comes from, its unrounded value, and which way is better.
type Metric struct {
	Key    string   `json:"key"`
	Value  *float64 `json:"value"`  // unrounded, as ranked; nil when not computable
	Better string   `json:"better"` // "higher" or "lower"
	Flags  []string `json:"flags"`
}

// Component is one of the five evaluation components with the metrics it
// is scored from. It is not computable when no metric has a value.
type Component struct {
	Key     string   `json:"key"` // the indicator key of its points
	Metrics []Metric `json:"metrics"`
	Flags   []string `json:"flags"` // fallback, partial, and the metrics' flags
}

// EvaluationComponents are the raw metrics of the 상권평가지수 components
// of one district.
type EvaluationComponents struct {
	Growth          Component `json:"growth"`
	Stability       Component `json:"stability"`
	SalesPower      Component `json:"sales_power"`
	PurchasingPower Component `json:"purchasing_power"`
	Attraction      Component `json:"attraction"`
}

func (e EvaluationComponents) list() []Component {
	return []Component{e.Growth, e.Stability, e.SalesPower, e.PurchasingPower, e.Attraction}
}

const (
	higher = "higher"
	lower  = "lower"
)

// rankMetrics are the metrics the evaluation ranks districts on; NewCity
// keeps the distribution of each over all districts.
var rankMetrics = []struct {
	key string
	f   func(District) num
}{
	{KeySalesQoQ, salesQoQ},
	{KeyFootQoQ, footQoQ},
	{KeyOperatingMonths, operatingMonths},
	{KeyCloseRate, closeRate},
	{KeySalesPerStore, salesPerStore},
	{KeyTicketAvg, ticketAvg},
	{KeyMonthlyIncome, monthlyIncome},
	{KeyFootPerKm2, footPerKm2},
	{KeyFacilities, facilities},
}

func metric(d District, key, better string) Metric {
	for _, m := range rankMetrics {
		if m.key == key {
			n := m.f(d)
			out := Metric{Key: key, Better: better, Flags: cleanFlags(carry(nil, n.flags))}
			if n.ok {
				x := n.x
				out.Value = &x
			}
			return out
		}
	}
	panic("indicator: no rank metric " + key)
}

// firstOf uses the primary metric, or the fallback (flagged fallback)
// when the primary has no value; with neither, it lists both.
func firstOf(key string, primary, fallback Metric) Component {
	switch {
	case primary.Value != nil:
		return component(key, []Metric{primary})
	case fallback.Value != nil:
		c := component(key, []Metric{fallback})
		c.Flags = cleanFlags(append(c.Flags, FlagFallback))
		return c
	default:
		return component(key, []Metric{primary, fallback})
	}
}

// both averages two metrics; one alone is flagged partial.
func both(key string, a, b Metric) Component {
	c := component(key, []Metric{a, b})
	if (a.Value == nil) != (b.Value == nil) {
		c.Flags = cleanFlags(append(c.Flags, FlagPartial))
	}
	return c
}

func component(key string, ms []Metric) Component {
	var flags []string
	valued := slices.ContainsFunc(ms, func(m Metric) bool { return m.Value != nil })
	for _, m := range ms {
		if m.Value != nil || !valued {
			flags = append(flags, m.Flags...)
		}
	}
	if !valued {
		flags = append(flags, FlagNoData)
	}
	return Component{Key: key, Metrics: ms, Flags: cleanFlags(flags)}
}

// Components returns the raw metrics of the five evaluation components:
// growth (sales QoQ %, else foot-traffic QoQ %), stability (operating
// months, higher better; close rate, lower better), sales power (sales
// per store), purchasing power (average ticket, else monthly income) and
// attraction (foot traffic per km², facilities).
func Components(d District) EvaluationComponents {
	return EvaluationComponents{
		Growth: firstOf(KeyEvalGrowth,
			metric(d, KeySalesQoQ, higher), metric(d, KeyFootQoQ, higher)),
		Stability: both(KeyEvalStability,
			metric(d, KeyOperatingMonths, higher), metric(d, KeyCloseRate, lower)),
		SalesPower: component(KeyEvalSalesPower, []Metric{metric(d, KeySalesPerStore, higher)}),
		PurchasingPower: firstOf(KeyEvalPurchasingPower,
			metric(d, KeyTicketAvg, higher), metric(d, KeyMonthlyIncome, higher)),
		Attraction: both(KeyEvalAttraction,
			metric(d, KeyFootPerKm2, higher), metric(d, KeyFacilities, higher)),
	}
}

// dist is the distribution of one metric over the districts of a city.
type dist struct {
	sorted  []float64
	members map[string]float64 // district code → its value
}

// rank returns the share of the other districts whose value is below x,
// ties counting one half, and how many other districts there are. The
// district itself (by code) is left out when the city holds it. With no
// other district the share is 0.5.
func (s *dist) rank(code string, x float64) (float64, int) {
	if s == nil {
		return 0.5, 0
	}
	below := sort.SearchFloat64s(s.sorted, x)
	upto := sort.Search(len(s.sorted), func(i int) bool { return s.sorted[i] > x })
	equal := upto - below
	peers := len(s.sorted)
	if v, ok := s.members[code]; ok {
		peers--
		switch {
		case v < x:
			below--
		case v == x:
			equal--
		}
	}
	if peers <= 0 {
		return 0.5, 0
	}
	return (float64(below) + float64(equal)/2) / float64(peers), peers
}

// City is the Seoul-wide context of one quarter and one industry
// selection: the distributions the evaluation ranks on and the medians
// saturation compares with. The zero City has no districts.
type City struct {
	districts    int
	dists        map[string]*dist
	satMedian    num
	satKm2Median num
}

// NewCity builds the context from every district of one quarter, each
// built like the District passed to Compute (same industry, or all). Give
// one District per code.
func NewCity(ds []District) City {
	c := City{districts: len(ds), dists: make(map[string]*dist, len(rankMetrics))}
	for _, m := range rankMetrics {
		c.dists[m.key] = &dist{members: make(map[string]float64)}
	}
	var sat, satKm2 []float64
	for _, d := range ds {
		for _, m := range rankMetrics {
			if n := m.f(d); n.ok {
				s := c.dists[m.key]
				s.sorted = append(s.sorted, n.x)
				if d.Code != "" {
					s.members[d.Code] = n.x
				}
			}
		}
		if n := saturation(d); n.ok {
			sat = append(sat, n.x)
		}
		if n := saturationPerKm2(d); n.ok {
			satKm2 = append(satKm2, n.x)
		}
	}
	for _, s := range c.dists {
		slices.Sort(s.sorted)
	}
	c.satMedian = median(sat)
	c.satKm2Median = median(satKm2)
	return c
}

// Districts returns the number of districts the city was built from.
func (c City) Districts() int { return c.districts }

// median is the middle value, or the mean of the two middle values.
func median(xs []float64) num {
	if len(xs) == 0 {
		return none(FlagNoCityData)
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return some(s[n/2])
	}
	return some((s[n/2-1] + s[n/2]) / 2)
}

// points scores a component 0–20: 20 × the mean over its metrics with a
// value of the district's rank share (1 − share where lower is better).
func (c City) points(code string, comp Component) num {
	var sum float64
	var k int
	flags := slices.Clone(comp.Flags)
	for _, m := range comp.Metrics {
		if m.Value == nil {
			continue
		}
		p, peers := c.dists[m.Key].rank(code, *m.Value)
		if peers == 0 {
			flags = append(flags, FlagNoPeers)
		}
		if m.Better == lower {
			p = 1 - p
		}
		sum += p
		k++
	}
	if k == 0 {
		return none(flags...)
	}
	return some(20*sum/float64(k), flags...)
}

// Grade thresholds of the evaluation score (상권정보시스템's 상권평가지수).
const (
	grade1 = 70.0
	grade2 = 57.5
	grade3 = 45.0
	grade4 = 32.5
)

// Grade maps a score (0–100) to grade 1 (≥ 70), 2 (≥ 57.5), 3 (≥ 45),
// 4 (≥ 32.5) or 5.
func Grade(score float64) int {
	switch {
	case score >= grade1:
		return 1
	case score >= grade2:
		return 2
	case score >= grade3:
		return 3
	case score >= grade4:
		return 4
	default:
		return 5
	}
}

// minComponents is how many components a score needs.
const minComponents = 3

// evaluate returns the five component points, the score and the grade.
// The score is the sum of the component points as served (rounded to
// 0.01); with 3 or 4 components it is scaled by 5 / k and flagged
// partial; with fewer it is not computed.
func evaluate(d District, c City) (comps []num, score, grade num) {
	var sum float64
	var k int
	var flags []string
	for _, comp := range Components(d).list() {
		n := c.points(d.Code, comp)
		comps = append(comps, n)
		if n.ok {
			sum += round2(n.x)
			k++
			flags = carry(flags, n.flags)
			if has(n.flags, FlagNoPeers) {
				flags = append(flags, FlagNoPeers)
			}
		}
	}
	switch {
	case k < minComponents:
		return comps, none(FlagNoData), none(FlagNoData)
	case k < 5:
		sum = sum * 5 / float64(k)
		flags = append(flags, FlagPartial)
	}
	s := round2(sum)
	return comps, some(s, flags...), some(float64(Grade(s)), flags...)
}

// saturation is 유사_업종_점포_수 per 10,000 of 총_유동인구_수.
func saturation(d District) num {
	if d.Stores == nil || d.Foot == nil {
		return none(FlagNoData)
	}
	return ratio(float64(d.Stores.Similar), float64(d.Foot.Total), 10000)
}

// saturationPerKm2 is 유사_업종_점포_수 / (영역_면적 / 10⁶).
func saturationPerKm2(d District) num {
	if d.Stores == nil {
		return none(FlagNoData)
	}
	return perKm2(float64(d.Stores.Similar), d.AreaM2)
}

// versus is 100 × x / the city median.
func versus(x, med num) num {
	if !x.ok {
		return none(x.flags...)
	}
	if !med.ok {
		return none(med.flags...)
	}
	return ratio(x.x, med.x, 100)
}
