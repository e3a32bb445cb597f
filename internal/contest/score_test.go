package contest

import (
	"strings"
	"testing"
	"time"
)

func sc(entry, judge string, vals ...int) Score {
	keys := []string{"a", "b"}
	m := map[string]int{}
	for i, v := range vals {
		m[keys[i]] = v
	}
	return Score{Entry: entry, Judge: judge, Values: m}
}

var ab = []Criterion{{Key: "a", Name: "쓰임새", Weight: 3}, {Key: "b", Name: "품질", Weight: 1}}

func TestRankTrimmed(t *testing.T) {
	entries := []Entry{{ID: "X"}, {ID: "Y"}, {ID: "Z"}, {ID: "W"}, {ID: "N"}}
	scores := []Score{
		// X: judge totals (3a+b)/4 = 75, 90, 65, 90. One 90 (j2, the first)
		// dropped as highest, 65 (j3) as lowest; kept j1, j4:
		// a = (80+90)/2 = 85, b = (60+90)/2 = 75, score (3·85+75)/4 = 82.5.
		sc("X", "j1", 80, 60), sc("X", "j2", 90, 90), sc("X", "j3", 70, 50), sc("X", "j4", 90, 90),
		// Y: two scores, nothing dropped: totals 70, 90 → 80; a = b = 80.
		sc("Y", "j1", 60, 100), sc("Y", "j2", 100, 60),
		// Z: totals 50, 70, 70: j2 dropped (first of the highest), j1 lowest;
		// kept j3: a 60, b 100, score 70.
		sc("Z", "j1", 50, 50), sc("Z", "j2", 70, 70), sc("Z", "j3", 60, 100),
		// W: all 80: j1 dropped as highest, j2 as lowest, j3 kept: 80.
		sc("W", "j1", 80, 80), sc("W", "j2", 80, 80), sc("W", "j3", 80, 80),
	}
	got, err := Rank(ab, entries, scores, MethodTrimmed)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		entry   string
		rank    int
		score   float64
		a, b    float64
		dropped map[string]string
	}{
		{"X", 1, 82.5, 85, 75, map[string]string{"j2": "highest", "j3": "lowest"}},
		{"W", 2, 80, 80, 80, map[string]string{"j1": "highest", "j2": "lowest"}},
		// Y ties W at 80 with the same criteria, price and time: entry id.
		{"Y", 3, 80, 80, 80, map[string]string{}},
		{"Z", 4, 70, 60, 100, map[string]string{"j2": "highest", "j1": "lowest"}},
		{"N", 0, 0, 0, 0, map[string]string{}},
	}
	for i, w := range want {
		g := got[i]
		if g.Entry != w.entry || g.Rank != w.rank || g.Score != w.score || g.Criteria["a"] != w.a || g.Criteria["b"] != w.b {
			t.Errorf("result %d = %s rank %d score %v criteria %v; want %s rank %d score %v a %v b %v",
				i, g.Entry, g.Rank, g.Score, g.Criteria, w.entry, w.rank, w.score, w.a, w.b)
		}
		for _, l := range g.Explanation.Judges {
			if l.Dropped != w.dropped[l.Judge] {
				t.Errorf("%s: judge %s dropped %q, want %q", w.entry, l.Judge, l.Dropped, w.dropped[l.Judge])
			}
		}
	}
	if x := got[0].Explanation; x.Judges[2].Total != 65 || x.Judges[2].Raw["a"] != 70 || !strings.Contains(x.Formula, "highest (j2) and lowest (j3)") {
		t.Errorf("X explanation = %+v", x)
	}
	if y := got[2].Explanation; !strings.Contains(y.Formula, "too few") || !strings.Contains(y.Tie, "ranked below it by smaller entry id") {
		t.Errorf("Y explanation = %+v", y)
	}
}

func TestRankZScore(t *testing.T) {
	entries := []Entry{{ID: "e1"}, {ID: "e2"}, {ID: "e3"}}
	// Criterion a: j1 gives 60, 80 (μ 70, σ 10 → 40, 60); j2 gives 90, 90, 60
	// (μ 80, σ √200 → 50 ± 10·10/√200 = 57.0711, 57.0711, 35.8579); j3 only
	// scores e3 (σ 0 → 50). Criterion b: every judge gives 70 (σ 0 → 50).
	// a per entry: e1 (40 + 57.0711)/2 = 45 + 2.5√2 = 48.5355;
	// e2 55 + 2.5√2 = 58.5355; e3 (35.8579 + 50)/2 = 50 − 5√2 = 42.9289.
	// Score (3a + b)/4: e1 (145.6066 + 50)/4 = 48.90165 → 48.9017,
	// e2 (175.6066 + 50)/4 = 56.40165 → 56.4017, e3 (128.7868 + 50)/4 = 44.6967.
	scores := []Score{
		sc("e1", "j1", 60, 70), sc("e2", "j1", 80, 70),
		sc("e1", "j2", 90, 70), sc("e2", "j2", 90, 70), sc("e3", "j2", 60, 70),
		sc("e3", "j3", 75, 70),
	}
	got, err := Rank(ab, entries, scores, MethodZScore)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		entry string
		score float64
		a     float64
	}{
		{"e2", 56.4017, 58.5355},
		{"e1", 48.9017, 48.5355},
		{"e3", 44.6967, 42.9289},
	}
	for i, w := range want {
		g := got[i]
		if g.Entry != w.entry || g.Rank != i+1 || g.Score != w.score || g.Criteria["a"] != w.a || g.Criteria["b"] != 50 {
			t.Errorf("result %d = %s rank %d score %v criteria %v; want %s rank %d score %v a %v b 50",
				i, g.Entry, g.Rank, g.Score, g.Criteria, w.entry, i+1, w.score, w.a)
		}
	}
	l := got[1].Explanation.Judges // e1: j1, j2
	if l[0].Normalised["a"] != 40 || l[1].Normalised["a"] != 57.0711 || l[0].Normalised["b"] != 50 || l[0].Total != 42.5 {
		t.Errorf("e1 judge lines = %+v", l)
	}
}

func TestRankTies(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	entries := []Entry{
		{ID: "P", UnitPrice: 1000, Submitted: t0},
		{ID: "Q", UnitPrice: 1000, Submitted: t0},
		{ID: "R", UnitPrice: 900, Submitted: t0.Add(time.Hour)},
		{ID: "S", UnitPrice: 1000, Submitted: t0.Add(-time.Hour)},
	}
	// All score 75: P (a 70, b 90), Q (75, 75), R and S (75, 75).
	// Q, R, S beat P on a (the heaviest); R beats Q and S on price; S beats Q
	// by its earlier submission.
	scores := []Score{
		sc("P", "j1", 70, 90), sc("P", "j2", 70, 90),
		sc("Q", "j1", 75, 75), sc("Q", "j2", 75, 75),
		sc("R", "j1", 75, 75), sc("R", "j2", 75, 75),
		sc("S", "j1", 75, 75), sc("S", "j2", 75, 75),
	}
	got, err := Rank(ab, entries, scores, MethodTrimmed)
	if err != nil {
		t.Fatal(err)
	}
	order := ""
	for _, g := range got {
		order += g.Entry
	}
	if order != "RSQP" {
		t.Errorf("order = %s, want RSQP", order)
	}
	wantTie := []string{"above it by lower unit price", "above it by earlier submission", "above it by higher 쓰임새 (a)", "below it by higher 쓰임새 (a)"}
	for i, w := range wantTie {
		if !strings.Contains(got[i].Explanation.Tie, w) {
			t.Errorf("%s tie = %q, want it to contain %q", got[i].Entry, got[i].Explanation.Tie, w)
		}
	}
}

func TestRankInvalid(t *testing.T) {
	entries := []Entry{{ID: "e1"}}
	tests := []struct {
		name     string
		criteria []Criterion
		scores   []Score
		method   Method
		want     string
	}{
		{"method", ab, nil, "median", "scoring method"},
		{"no criteria", nil, nil, MethodTrimmed, "no criteria"},
		{"zero weight", []Criterion{{Key: "a"}}, nil, MethodTrimmed, "weight 0"},
		{"duplicate criterion", []Criterion{{Key: "a", Weight: 1}, {Key: "a", Weight: 1}}, nil, MethodTrimmed, "twice"},
		{"unknown entry", ab, []Score{sc("e9", "j1", 1, 1)}, MethodTrimmed, `unknown entry "e9"`},
		{"missing criterion", ab, []Score{sc("e1", "j1", 1)}, MethodTrimmed, `no score for "b"`},
		{"out of range", ab, []Score{sc("e1", "j1", 101, 1)}, MethodTrimmed, "101 is not within 0–100"},
		{"unknown criterion", ab, []Score{{Entry: "e1", Judge: "j1", Values: map[string]int{"a": 1, "b": 1, "c": 1}}}, MethodTrimmed, `unknown criterion "c"`},
		{"twice", ab, []Score{sc("e1", "j1", 1, 1), sc("e1", "j1", 2, 2)}, MethodZScore, "scored twice by j1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Rank(tt.criteria, entries, tt.scores, tt.method)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}
