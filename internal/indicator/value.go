package indicator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
)

// Value is one served number (or label) with its unit, the version of its
// formula and its flags.
type Value struct {
	// Value is an int64, a float64, a string, or nil when the indicator
	// cannot be computed (then a flag says why).
	Value   any      `json:"value"`
	Unit    string   `json:"unit"`
	Version string   `json:"version"`
	Flags   []string `json:"flags"` // never null in JSON: [] when empty
}

// MarshalJSON writes the value with "flags":[] rather than null.
func (v Value) MarshalJSON() ([]byte, error) {
	type plain Value
	p := plain(v)
	if p.Flags == nil {
		p.Flags = []string{}
	}
	return json.Marshal(p)
}

// Flags say why a value is absent or how far to trust it. docs/indicators.md
// lists them.
const (
	FlagNoData                = "no_data"                // the current quarter's dataset has no row
	FlagNoPrevious            = "no_previous"            // the quarter compared against has no row
	FlagZeroDenominator       = "zero_denominator"       // the formula divides by zero
	FlagZeroTotal             = "zero_total"             // every part is zero: no peak, no main group
	FlagTie                   = "tie"                    // several parts share the maximum; the first is shown
	FlagSmallBase             = "small_base"             // fewer than 3 similar stores behind the number
	FlagPublisherInconsistent = "publisher_inconsistent" // the publisher's breakdowns do not add up to the total
	FlagRateMismatch          = "rate_mismatch"          // published rate differs from the counts beyond rounding
	FlagNotPublished          = "not_published"          // no published rate (a sum over industries)
	FlagBorderline            = "borderline"             // a month average equals Seoul's after rounding
	FlagOperatingAtSeoulAvg   = "operating_at_seoul_avg" // 운영_영업_개월_평균 = 서울_운영_영업_개월_평균
	FlagClosedAtSeoulAvg      = "closed_at_seoul_avg"    // 폐업_영업_개월_평균 = 서울_폐업_영업_개월_평균
	FlagLabelMismatch         = "label_mismatch"         // decided reproduction differs from the published label
	FlagUnknownLabel          = "unknown_label"          // published label is not HH, HL, LH or LL
	FlagFallback              = "fallback"               // a component or signal used its fallback metric
	FlagPartial               = "partial"                // computed from fewer inputs than the formula has
	FlagNoPeers               = "no_peers"               // no other district of the city to rank against
	FlagNoCityData            = "no_city_data"           // no district of the city has the value: no median
	FlagNotFinite             = "not_finite"             // an input made the result NaN or infinite
	FlagIndustriesDiffer      = "industries_differ"      // summed over industries, sales and stores cover different industries
	FlagFromDong              = "from_dong"              // the district has no value of its own: its 행정동's is served
)

// Set is the indicators of one district, in the fixed order of
// Definitions. It marshals to a JSON object in that order.
type Set struct {
	keys []string
	vals map[string]Value
}

func (s *Set) put(key string, v Value) {
	if s.vals == nil {
		s.vals = make(map[string]Value)
	}
	if _, ok := s.vals[key]; !ok {
		s.keys = append(s.keys, key)
	}
	s.vals[key] = v
}

// Get returns the indicator with that key.
func (s Set) Get(key string) (Value, bool) {
	v, ok := s.vals[key]
	return v, ok
}

// Keys returns the keys in their fixed order.
func (s Set) Keys() []string { return slices.Clone(s.keys) }

// Len returns the number of indicators.
func (s Set) Len() int { return len(s.keys) }

// MarshalJSON writes {"<key>":{"value":...,"unit":...,"version":...,"flags":[...]},...}
// in the order of Keys.
func (s Set) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range s.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(s.vals[k])
		if err != nil {
			return nil, fmt.Errorf("indicator %s: %w", k, err)
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// num is an intermediate numeric result: the unrounded value, whether it
// could be computed, and its flags.
type num struct {
	x     float64
	ok    bool
	flags []string
}

func some(x float64, flags ...string) num {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return num{flags: append(slices.Clip(flags), FlagNotFinite)}
	}
	return num{x: x, ok: true, flags: flags}
}

func none(flags ...string) num { return num{flags: flags} }

// ratio returns a/b×scale, or none(zero_denominator) when b is zero.
func ratio(a, b, scale float64, flags ...string) num {
	if b == 0 {
		return none(append(slices.Clip(flags), FlagZeroDenominator)...)
	}
	return some(a/b*scale, flags...)
}

// growth returns (cur − prev) / prev × 100.
func growth(cur, prev float64, flags ...string) num {
	return ratio(cur-prev, prev, 100, flags...)
}

// label is an intermediate label result.
type label struct {
	s     string
	ok    bool
	flags []string
}

// decimals is the number of decimals a unit is served with; -1 serves an
// int64.
func decimals(unit string) int {
	switch unit {
	case UnitPercent, UnitPoints, UnitStoresPerKm2, UnitIndex:
		return 2
	case UnitPersonsPerKm2:
		return 1
	case UnitStoresPer10k:
		return 3
	default: // KRW, count, persons, months, grade, band
		return -1
	}
}

// round rounds x half away from zero to the unit's precision.
func round(x float64, unit string) any {
	d := decimals(unit)
	if d < 0 {
		return int64(math.Round(x))
	}
	p := math.Pow10(d)
	r := math.Round(x*p) / p
	if r == 0 {
		r = 0 // no -0 in JSON
	}
	return r
}

func round2(x float64) float64 { return round(x, UnitPoints).(float64) }

// cleanFlags sorts and deduplicates flags; never nil.
func cleanFlags(fs []string) []string {
	out := slices.Clone(fs)
	if out == nil {
		out = []string{}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func has(fs []string, f string) bool { return slices.Contains(fs, f) }
