package indicator

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
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

// MarshalJSON writes the value with "flags":[] rather than null, as
// encoding/json writes the struct (appendValue).
func (v Value) MarshalJSON() ([]byte, error) {
	return v.appendJSON(make([]byte, 0, 96))
}

// appendJSON appends v's JSON: {"value":…,"unit":…,"version":…,"flags":[…]},
// byte for byte what encoding/json writes for the struct, in one pass
// (the API writes thousands of these per answer; going through
// json.Marshal for each, then having the encoder check each again, was a
// third of an area analysis's time).
func (v Value) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"value":`...)
	var err error
	if b, err = appendAny(b, v.Value); err != nil {
		return nil, err
	}
	b = append(b, `,"unit":`...)
	b = appendString(b, v.Unit)
	b = append(b, `,"version":`...)
	b = appendString(b, v.Version)
	b = append(b, `,"flags":[`...)
	for i, f := range v.Flags {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f)
	}
	return append(b, "]}"...), nil
}

// appendAny appends a value's JSON: nil, an int64 or a float64 (as
// encoding/json formats it; NaN and ±Inf are an error, as there) or a
// string in one pass, anything else through encoding/json.
func appendAny(b []byte, x any) ([]byte, error) {
	switch x := x.(type) {
	case nil:
		return append(b, "null"...), nil
	case int64:
		return strconv.AppendInt(b, x, 10), nil
	case string:
		return appendString(b, x), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("json: unsupported value: %v", x)
		}
		// encoding/json's floatEncoder: %f unless the exponent is
		// below -6 or at least 21, then %e with a one-digit exponent
		// written without its leading zero (1e-07 → 1e-7).
		format := byte('f')
		if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
			format = 'e'
		}
		b = strconv.AppendFloat(b, x, format, -1, 64)
		if format == 'e' {
			if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
				b[n-2] = b[n-1]
				b = b[:n-1]
			}
		}
		return b, nil
	}
	vb, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	return append(b, vb...), nil
}

// appendString appends s as a JSON string as encoding/json writes it:
// HTML-safe (<, >, & as \u003c, \u003e, \u0026), U+2028 and U+2029
// escaped, invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hex = "0123456789abcdef"

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
	b := make([]byte, 0, 64+96*len(s.keys))
	b = append(b, '{')
	for i, k := range s.keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = s.vals[k].appendJSON(b); err != nil {
			return nil, fmt.Errorf("indicator %s: %w", k, err)
		}
	}
	return append(b, '}'), nil
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
