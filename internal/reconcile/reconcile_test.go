package reconcile

import (
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
)

func TestCompare(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name        string
		a, b        float64
		diff, ratio float64
		ok, ratioOK bool
	}{
		{"equal", 100, 100, 0, 1, true, true},
		{"both zero agree", 0, 0, 0, 1, true, true},
		{"B larger", 80, 100, 20, 1.25, true, true},
		{"B smaller", 200, 50, -150, 0.25, true, true},
		{"A zero: no ratio", 0, 7, 7, 0, true, false},
		{"B zero", 7, 0, -7, 0, true, true},
		{"A without a value", nan, 5, 0, 0, false, false},
		{"B without a value", 5, nan, 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Compare(tt.a, tt.b)
			if d.OK != tt.ok || d.RatioOK != tt.ratioOK || d.Diff != tt.diff || d.Ratio != tt.ratio {
				t.Errorf("Compare(%v, %v) = %+v, want diff %v ratio %v ok %v ratioOK %v", tt.a, tt.b, d, tt.diff, tt.ratio, tt.ok, tt.ratioOK)
			}
		})
	}
}

func TestQuantile(t *testing.T) {
	x := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	// h = 9q: p10 → h 0.9 → 1 + 0.9 × 1 = 1.9; median → h 4.5 → 5.5;
	// p90 → h 8.1 → 9 + 0.1 × 1 = 9.1.
	for _, tt := range []struct{ q, want float64 }{{0.1, 1.9}, {0.5, 5.5}, {0.9, 9.1}, {0, 1}, {1, 10}} {
		if got := quantile(x, tt.q); got == nil || math.Abs(*got-tt.want) > 1e-12 {
			t.Errorf("quantile(1..10, %v) = %v, want %v", tt.q, deref(got), tt.want)
		}
	}
	if got := quantile([]float64{0.8}, 0.9); got == nil || *got != 0.8 {
		t.Errorf("quantile of one value = %v, want it", deref(got))
	}
	if got := quantile(nil, 0.5); got != nil {
		t.Errorf("quantile of nothing = %v, want nil", *got)
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestAccumulator sums up six keys over two measures, worked out by hand.
func TestAccumulator(t *testing.T) {
	nan := math.NaN()
	ms := []Measure{{Name: "amount", Integer: true}, {Name: "count", Integer: true}}
	acc := NewAccumulator(ms, 2)
	for _, p := range []Pair{
		{Key: []string{"20251", "3110001"}, A: []float64{100, 10}, B: []float64{100, 10}},  // exact
		{Key: []string{"20251", "3110002"}, A: []float64{200, 20}, B: []float64{250, 20}},  // amount +50, ×1.25
		{Key: []string{"20251", "3110003"}, A: []float64{0, 5}, B: []float64{40, 4}},       // amount from 0: no ratio; count ×0.8
		{Key: []string{"20251", "3110004"}, A: []float64{400, 8}},                          // only in A
		{Key: []string{"20251", "3110005"}, B: []float64{1, 1}},                            // only in B
		{Key: []string{"20251", "3110006"}, A: []float64{100, nan}, B: []float64{50, nan}}, // amount −50, ×0.5; count has no value
	} {
		acc.Add(p)
	}
	s := acc.Summary()
	if s.Keys != 6 || s.Both != 4 || s.OnlyA != 1 || s.OnlyB != 1 || s.Exact != 1 {
		t.Errorf("keys %d, both %d, only A %d, only B %d, exact %d; want 6, 4, 1, 1, 1", s.Keys, s.Both, s.OnlyA, s.OnlyB, s.Exact)
	}
	if !reflect.DeepEqual(s.OnlyAKeys, [][]string{{"20251", "3110004"}}) || !reflect.DeepEqual(s.OnlyBKeys, [][]string{{"20251", "3110005"}}) {
		t.Errorf("only-A keys %v, only-B keys %v", s.OnlyAKeys, s.OnlyBKeys)
	}
	amount, count := s.Measures[0], s.Measures[1]
	// amount: compared 4 (100→100, 200→250, 0→40, 100→50), exact 1, A zero
	// 1; ratios 0.5, 1, 1.25 → p10 0.5 + 0.2 × 0.5 = 0.6, median 1,
	// p90 1 + 0.8 × 0.25 = 1.2; Σ A 400, Σ B 440.
	if amount.Compared != 4 || amount.Exact != 1 || amount.AZero != 1 || amount.SumA != 400 || amount.SumB != 440 {
		t.Errorf("amount = %+v, want 4 compared, 1 exact, 1 from zero, sums 400 and 440", amount)
	}
	for _, q := range []struct {
		name string
		got  *float64
		want float64
	}{{"p10", amount.P10, 0.6}, {"median", amount.Median, 1}, {"p90", amount.P90, 1.2}} {
		if q.got == nil || math.Abs(*q.got-q.want) > 1e-12 {
			t.Errorf("amount ratio %s = %v, want %v", q.name, deref(q.got), q.want)
		}
	}
	// |diff| 50 (3110002), 40 (3110003), 50 (3110006): top 2 keeps the two
	// 50s in key order.
	var got []string
	for _, l := range amount.Largest {
		got = append(got, l.Key[1]+":"+ftoa(l.Diff))
	}
	if want := []string{"3110002:50", "3110006:-50"}; !slices.Equal(got, want) {
		t.Errorf("amount largest = %v, want %v", got, want)
	}
	if r := amount.Largest[0].Ratio; r == nil || *r != 1.25 {
		t.Errorf("largest ratio = %v, want 1.25", deref(r))
	}
	// count: compared 3 (10→10, 20→20, 5→4), exact 2, ratios 0.8, 1, 1.
	if count.Compared != 3 || count.Exact != 2 || count.AZero != 0 || *count.Median != 1 || len(count.Largest) != 1 || count.Largest[0].Diff != -1 {
		t.Errorf("count = %+v, want 3 compared, 2 exact, median 1, one difference of −1", count)
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func TestKeepLargest(t *testing.T) {
	var list []Largest
	for i, d := range []float64{3, -7, 7, 1, 5, -3} {
		list = keepLargest(list, Largest{Key: []string{string(rune('a' + i))}, Diff: d}, 4)
	}
	var got []string
	for _, l := range list {
		got = append(got, l.Key[0])
	}
	// |7| b then c (key order kept), 5 e, then |3| a before f.
	if want := []string{"b", "c", "e", "a"}; !slices.Equal(got, want) {
		t.Errorf("kept %v, want %v", got, want)
	}
}

func TestMeasures(t *testing.T) {
	s := seoul.SchemaOf(seoul.Stores)
	all, err := Measures(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range all {
		names = append(names, m.Name)
	}
	if want := []string{"stores", "similar_stores", "open_rate", "opened", "close_rate", "closed", "franchise_stores"}; !slices.Equal(names, want) {
		t.Errorf("stores measures %v, want %v", names, want)
	}
	picked, err := Measures(s, []string{"폐업_점포_수", "stores"})
	if err != nil || len(picked) != 2 || picked[0].Name != "closed" || picked[1].Name != "stores" || !picked[0].Integer {
		t.Errorf("Measures(폐업_점포_수, stores) = %+v, %v; want closed then stores", picked, err)
	}
	if _, err := Measures(s, []string{"amount"}); err == nil || !strings.Contains(err.Error(), `stores has no measure "amount"; it has stores, similar_stores`) {
		t.Errorf("unknown measure: %v", err)
	}
	if _, err := Measures(s, []string{"stores", "점포_수"}); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("a measure twice: %v", err)
	}
}
