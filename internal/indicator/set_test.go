package indicator

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// apiKeys are the keys the API must serve.
var apiKeys = []string{
	"sales_amount", "sales_count", "ticket_avg", "sales_per_store", "sales_qoq_pct", "sales_yoy_pct",
	"weekend_share", "foot_traffic_total", "foot_traffic_per_km2", "stores", "similar_stores",
	"franchise_share", "open_rate", "close_rate", "change_index", "change_index_reproduced",
	"startup_risk", "evaluation_score", "evaluation_grade", "saturation",
	"peak_day", "peak_time_band", "main_customer_sex", "main_customer_age", "foot_traffic_qoq_pct",
	"foot_traffic_yoy_pct", "foot_traffic_peak_time_band", "foot_traffic_peak_day", "workers",
	"residents", "monthly_income_avg", "spending_total", "net_store_change", "open_rate_published",
	"close_rate_published", "saturation_per_km2",
}

func TestSetKeys(t *testing.T) {
	s := Compute(fixture(), City{})
	var want []string
	for _, d := range Definitions() {
		want = append(want, d.Key)
	}
	if got := s.Keys(); !slices.Equal(got, want) {
		t.Errorf("Keys() = %q, want the order of Definitions %q", got, want)
	}
	if s.Len() != len(want) {
		t.Errorf("Len() = %d, want %d", s.Len(), len(want))
	}
	for _, k := range apiKeys {
		if _, ok := s.Get(k); !ok {
			t.Errorf("Get(%q): missing", k)
		}
	}
	if _, ok := s.Get("nope"); ok {
		t.Errorf(`Get("nope") found a value`)
	}
	seen := map[string]bool{}
	for _, d := range Definitions() {
		if seen[d.Key] {
			t.Errorf("key %q defined twice", d.Key)
		}
		seen[d.Key] = true
		if d.Version == "" || d.Unit == "" || d.Name == "" || d.Source == "" {
			t.Errorf("definition %+v: empty field", d)
		}
	}
	// Every value is nil, an int64, a float64 or a string, and flags are
	// never nil, for a full and for an empty district.
	for _, d := range []District{fixture(), {}} {
		s := Compute(d, City{})
		for _, k := range s.Keys() {
			v, _ := s.Get(k)
			switch v.Value.(type) {
			case nil, int64, float64, string:
			default:
				t.Errorf("%s: value of type %T", k, v.Value)
			}
			if v.Flags == nil {
				t.Errorf("%s: nil flags", k)
			}
			if v.Value == nil && len(v.Flags) == 0 {
				t.Errorf("%s: nil value without a flag saying why", k)
			}
		}
	}
}

func TestSetJSON(t *testing.T) {
	s := Compute(fixture(), City{})
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	prefix := `{"sales_amount":{"value":1000000,"unit":"KRW","version":"1.0","flags":[]},"sales_count":{"value":80,"unit":"count","version":"1.0","flags":[]},"ticket_avg":{"value":12500,`
	if !bytes.HasPrefix(b, []byte(prefix)) {
		t.Errorf("JSON starts %s, want %s", b[:min(len(b), len(prefix))], prefix)
	}
	for _, part := range []string{
		`"weekend_share":{"value":30,"unit":"%","version":"1.0","flags":[]}`,
		`"stores_yoy_pct":{"value":-16.67,"unit":"%","version":"1.0","flags":[]}`,
		`"peak_day":{"value":"sat","unit":"label","version":"1.0","flags":[]}`,
		`"change_index_reproduced":{"value":"LL","unit":"label","version":"1.0","flags":["label_mismatch"]}`,
		`"foot_traffic_per_km2":{"value":2000000,"unit":"persons/km²","version":"1.0","flags":[]}`,
		`"saturation_seoul_median":{"value":null,"unit":"stores/10k persons","version":"1.0","flags":["no_city_data"]}`,
		`"evaluation_grade":{"value":3,"unit":"grade","version":"1.0","flags":["no_peers"]}`,
	} {
		if !bytes.Contains(b, []byte(part)) {
			t.Errorf("JSON lacks %s", part)
		}
	}

	// Keys come in the order of Keys(); each value has exactly the four
	// fields, flags an array.
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, _ := dec.Token(); tok != json.Delim('{') {
		t.Fatalf("first token %v, want {", tok)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		key := tok.(string)
		keys = append(keys, key)
		var v map[string]json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		if len(v) != 4 || v["value"] == nil || v["unit"] == nil || v["version"] == nil || !strings.HasPrefix(string(v["flags"]), "[") {
			t.Errorf("%s = %v, want value, unit, version and a flags array", key, v)
		}
	}
	if !slices.Equal(keys, s.Keys()) {
		t.Errorf("JSON keys = %q, want %q", keys, s.Keys())
	}
}

func TestValueJSON(t *testing.T) {
	tests := []struct {
		v    Value
		want string
	}{
		{Value{Unit: UnitKRW, Version: "1.0"}, `{"value":null,"unit":"KRW","version":"1.0","flags":[]}`},
		{Value{Value: int64(7), Unit: UnitCount, Version: "1.0", Flags: []string{FlagSmallBase}}, `{"value":7,"unit":"count","version":"1.0","flags":["small_base"]}`},
		{Value{Value: 12.5, Unit: UnitPercent, Version: "1.1", Flags: []string{}}, `{"value":12.5,"unit":"%","version":"1.1","flags":[]}`},
		{Value{Value: "borderline", Unit: UnitLabel, Version: "1.0"}, `{"value":"borderline","unit":"label","version":"1.0","flags":[]}`},
	}
	for _, tt := range tests {
		b, err := json.Marshal(tt.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("Marshal(%+v) = %s, want %s", tt.v, b, tt.want)
		}
	}
	if b, _ := json.Marshal(Set{}); string(b) != "{}" {
		t.Errorf("empty Set = %s, want {}", b)
	}
}

func TestRound(t *testing.T) {
	tests := []struct {
		x    float64
		unit string
		want any
	}{
		{12.346, UnitPercent, 12.35},
		{-0.001, UnitPercent, 0.0},
		{2.5, UnitKRW, int64(3)},
		{-2.5, UnitCount, int64(-3)},
		{1666666.66, UnitPersonsPerKm2, 1666666.7},
		{0.03333, UnitStoresPer10k, 0.033},
		{40.006, UnitStoresPerKm2, 40.01},
		{6, UnitGrade, int64(6)},
	}
	for _, tt := range tests {
		if got := round(tt.x, tt.unit); got != tt.want {
			t.Errorf("round(%v, %q) = %#v, want %#v", tt.x, tt.unit, got, tt.want)
		}
	}
	if b, _ := json.Marshal(round(-0.001, UnitPercent)); string(b) != "0" {
		t.Errorf("-0.001 %% marshals to %s, want 0", b)
	}
}
