package program

import (
	"math"
	"reflect"
	"testing"
)

func f(v float64) *float64 { return &v }

func TestReasons(t *testing.T) {
	c := DefaultCriteria
	for _, tc := range []struct {
		name string
		s    Signals
		keys []string
		ko   string // the first reason, in Korean
	}{
		{"sales fell", Signals{SalesYoY: f(-12.34), CloseRate: f(4)}, []string{"sales_yoy_pct"}, "매출이 전년 같은 분기보다 12.3% 줄었습니다"},
		{"everything", Signals{SalesYoY: f(-1), CloseRate: f(5.5), ChangeIndex: "HL", StartupRisk: "고위험"},
			[]string{"sales_yoy_pct", "close_rate", "change_index", "startup_risk"}, ""},
		{"close rate at the line is not above", Signals{SalesYoY: f(0), CloseRate: f(5)}, []string{}, ""},
		{"no data", Signals{}, []string{}, ""},
		{"risk 의심 is not enough", Signals{StartupRisk: "의심", ChangeIndex: "LL"}, []string{}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rs := c.Reasons(tc.s)
			keys := []string{}
			for _, r := range rs {
				keys = append(keys, r.Key)
				if r.Reason == "" || r.ReasonEN == "" {
					t.Errorf("%s: a reason without words: %+v", tc.name, r)
				}
			}
			if !reflect.DeepEqual(keys, tc.keys) {
				t.Errorf("keys %v, want %v", keys, tc.keys)
			}
			if tc.ko != "" && rs[0].Reason != tc.ko {
				t.Errorf("reason %q, want %q", rs[0].Reason, tc.ko)
			}
		})
	}
	// A threshold above zero words a rise below it.
	rs := Criteria{SalesYoYBelow: 3, CloseRateAbove: 100}.Reasons(Signals{SalesYoY: f(2)})
	if len(rs) != 1 || rs[0].ReasonEN != "sales changed 2.0% year on year, below the 3.0% threshold" {
		t.Errorf("rise below threshold: %+v", rs)
	}
}

func TestRank(t *testing.T) {
	two := []Reason{{Key: "a"}, {Key: "b"}}
	one := []Reason{{Key: "a"}}
	cs := []Candidate{
		{ID: "d", Reasons: one, Signals: Signals{SalesYoY: f(-5)}},
		{ID: "c", Reasons: one, Signals: Signals{SalesYoY: f(-5), CloseRate: f(9)}},
		{ID: "b", Reasons: one},
		{ID: "a", Reasons: two, Signals: Signals{SalesYoY: f(3)}},
		{ID: "e", Reasons: one, Signals: Signals{SalesYoY: f(-20)}},
	}
	Rank(cs)
	var got []string
	for _, c := range cs {
		got = append(got, c.ID)
	}
	// a: most reasons; e: steepest fall; c before d: higher close rate
	// (d has none); b: no sales figure.
	if want := []string{"a", "e", "c", "d", "b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("rank %v, want %v", got, want)
	}
}

func TestDistanceM(t *testing.T) {
	// 광화문 (126.9769, 37.5759) to 서울역 (126.9706, 37.5547): 0.0212° of
	// latitude is 2,357 m, 0.0063° of longitude at 37.565° is 555 m;
	// √(2,357² + 555²) = 2,422 m.
	d := DistanceM(126.9769, 37.5759, 126.9706, 37.5547)
	if math.Abs(d-2422) > 2 {
		t.Errorf("distance %.0f m, want 2,422", d)
	}
	if DistanceM(127, 37.5, 127, 37.5) != 0 {
		t.Error("distance to itself is not 0")
	}
	// One degree of latitude: 111,195 m on this sphere.
	if d := DistanceM(127, 37, 127, 38); math.Abs(d-111195) > 1 {
		t.Errorf("one degree of latitude %.0f m, want 111,195", d)
	}
}
