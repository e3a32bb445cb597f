package indicator

import (
	"encoding/json"
	"math"
	"testing"
)

// referenceJSON is what encoding/json writes for the value, flags [] when
// nil: the output appendJSON must match byte for byte.
func referenceJSON(v Value) ([]byte, error) {
	type plain Value
	p := plain(v)
	if p.Flags == nil {
		p.Flags = []string{}
	}
	return json.Marshal(p)
}

func TestValueJSONMatchesEncodingJSON(t *testing.T) {
	values := []any{nil, int64(0), int64(-42), int64(math.MaxInt64), int64(math.MinInt64), 7, 0.0, math.Copysign(0, -1), 1.5, -2.25,
		1e-6, 9.99e-7, 1e-7, 1.234e-12, 1e20, 1e21, 123456789012345678901234.0, -1e21, 3.14159265358979, 0.1 + 0.2, math.MaxFloat64, math.SmallestNonzeroFloat64,
		"", "HH", "서울 종로·청계", "<b>&amp;</b>", "quote \" and \\ back", "\b\f\n\r\t\x00\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf-8", "é"}
	for _, x := range values {
		for _, flags := range [][]string{nil, {}, {FlagNoData}, {FlagSmallBase, "a<b"}} {
			v := Value{Value: x, Unit: "KRW/km²", Version: "1.0", Flags: flags}
			want, werr := referenceJSON(v)
			got, gerr := v.MarshalJSON()
			if string(got) != string(want) || (werr == nil) != (gerr == nil) {
				t.Errorf("%#v: got %s (%v), want %s (%v)", v, got, gerr, want, werr)
			}
		}
	}
	for _, x := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := (Value{Value: x}).MarshalJSON(); err == nil {
			t.Errorf("%v: no error, want one as encoding/json gives", x)
		}
	}
	// A whole set, through an encoder as the API writes it.
	var s Set
	s.put("b_key", Value{Value: int64(3), Unit: "count", Version: "1.0"})
	s.put("a<key", Value{Value: 0.000001234, Unit: "ratio", Version: "2.1", Flags: []string{FlagTie}})
	got, err := json.Marshal(map[string]any{"indicators": s})
	want := `{"indicators":{"b_key":{"value":3,"unit":"count","version":"1.0","flags":[]},"a\u003ckey":{"value":0.000001234,"unit":"ratio","version":"2.1","flags":["tie"]}}}`
	if err != nil || string(got) != want {
		t.Errorf("set: got %s (%v), want %s", got, err, want)
	}
}

// FuzzValueJSON: for any string and number, the one-pass encoding equals
// encoding/json's.
func FuzzValueJSON(f *testing.F) {
	f.Add("서울", 1.5, int64(3), "flag")
	f.Add("<\xff\u2028", 1e-7, int64(-1), "")
	f.Fuzz(func(t *testing.T, s string, x float64, n int64, flag string) {
		for _, v := range []any{s, x, n, nil} {
			val := Value{Value: v, Unit: s, Version: flag, Flags: []string{flag, s}}
			want, werr := referenceJSON(val)
			got, gerr := val.MarshalJSON()
			if string(got) != string(want) || (werr == nil) != (gerr == nil) {
				t.Fatalf("%#v: got %s (%v), want %s (%v)", val, got, gerr, want, werr)
			}
		}
	})
}
