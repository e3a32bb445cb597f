package analysis

import (
	"context"
	"slices"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
)

// TestAggregateIndustriesDiffer: an area or roll-up summed over industries
// is flagged when the industries of all its sales rows are not those of all
// its store rows, even where no single district is.
func TestAggregateIndustriesDiffer(t *testing.T) {
	set := func(is ...int) indicator.IndustrySet {
		var s indicator.IndustrySet
		for _, i := range is {
			s = s.With(i)
		}
		return s
	}
	district := func(sales, stores indicator.IndustrySet) indicator.District {
		d := indicator.District{AreaM2: 1000, SalesIndustries: sales, StoresIndustries: stores}
		if sales != nil {
			d.Sales = &indicator.Sales{Amount: 1000, Count: 10}
		}
		if stores != nil {
			d.Stores = &indicator.Stores{Similar: 5}
		}
		d.IndustriesDiffer = industriesDiffer(sales, stores)
		return d
	}
	tests := []struct {
		name    string
		facts   []indicator.District
		weights []float64
		want    bool
	}{
		{"same industries", []indicator.District{district(set(0, 1), set(0, 1)), district(set(0), set(0))}, []float64{1, 1}, false},
		{"one district's sales without stores", []indicator.District{district(set(0), set(0)), district(set(1), nil)}, []float64{1, 0.5}, true},
		{"the other district's stores make up the set", []indicator.District{district(set(0, 1), set(0)), district(nil, set(1))}, []float64{1, 1}, false},
		{"a district left out by its weight", []indicator.District{district(set(0), set(0)), district(set(1), nil)}, []float64{1, 0}, false},
		{"one district differs", []indicator.District{district(set(0), set(1))}, []float64{1}, true},
		{"one industry asked: no sets", []indicator.District{district(nil, nil)}, []float64{1}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			agg := aggregate("x", tt.facts, tt.weights)
			if agg.IndustriesDiffer != tt.want {
				t.Errorf("IndustriesDiffer = %v, want %v (sales %v, stores %v)", agg.IndustriesDiffer, tt.want, agg.SalesIndustries, agg.StoresIndustries)
			}
			v, _ := indicator.Compute(agg, indicator.City{}).Get(indicator.KeySalesPerStore)
			if got := slices.Contains(v.Flags, indicator.FlagIndustriesDiffer); got != tt.want && agg.Sales != nil && agg.Stores != nil {
				t.Errorf("sales_per_store flags %v, want industries_differ %v", v.Flags, tt.want)
			}
		})
	}
}

// TestRankingsMinStores: rankings of an indicator read from the stores
// dataset leave out the districts under the minimum base and count them;
// every ranked value carries its flags.
func TestRankingsMinStores(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, _ := demoService(t, engine)
		ctx := context.Background()
		q := Query{Quarter: "20252", Industry: "CS100001"}
		snap, err := svc.Snapshot(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		under := map[string]bool{}
		valued := 0
		for i, d := range snap.Districts {
			if _, ok := number(snap.Indicators[i], indicator.KeyCloseRate); !ok {
				continue
			}
			valued++
			if st := snap.Facts[i].Stores; st == nil || st.Similar < DefaultMinStores {
				under[d.Code] = true
			}
		}
		if len(under) == 0 || len(under) == valued {
			t.Fatalf("the demo city has %d of %d districts under %d stores in %s: the test needs some of each", len(under), valued, DefaultMinStores, q.Industry)
		}
		zero, ten := 0, 10
		tests := []struct {
			name       string
			min        *int
			key        string
			wantMin    int
			wantRanked int
			wantBelow  int
		}{
			{"default base", nil, indicator.KeyCloseRate, DefaultMinStores, valued - len(under), len(under)},
			{"no base", &zero, indicator.KeyCloseRate, 0, valued, 0},
			{"no stores read: no base", nil, indicator.KeySalesAmount, 0, -1, 0},
			{"a higher base", &ten, indicator.KeyCloseRate, 10, -1, -1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, err := svc.Rankings(ctx, RankingQuery{Query: q, Indicator: tt.key, Limit: 1650, MinStores: tt.min})
				if err != nil {
					t.Fatal(err)
				}
				if res.MinStores != tt.wantMin || (tt.wantRanked >= 0 && len(res.Rankings) != tt.wantRanked) || (tt.wantBelow >= 0 && res.BelowMinStores != tt.wantBelow) {
					t.Errorf("min %d, %d ranked, %d below; want %d, %d, %d", res.MinStores, len(res.Rankings), res.BelowMinStores, tt.wantMin, tt.wantRanked, tt.wantBelow)
				}
				for _, r := range res.Rankings {
					i := snap.index[r.Code]
					v, _ := snap.Indicators[i].Get(tt.key)
					if r.Flags == nil || !slices.Equal(r.Flags, v.Flags) && !(len(r.Flags) == 0 && len(v.Flags) == 0) {
						t.Errorf("%s ranked with flags %v, its value has %v", r.Code, r.Flags, v.Flags)
					}
					if st := snap.Facts[i].Stores; res.MinStores > 0 && (st == nil || st.Similar < int64(res.MinStores)) {
						t.Errorf("%s ranked with %v similar stores, under the base %d", r.Code, st, res.MinStores)
					}
				}
			})
		}
		neg := -1
		if _, err := svc.Rankings(ctx, RankingQuery{Query: q, Indicator: indicator.KeyCloseRate, MinStores: &neg}); err == nil {
			t.Errorf("min_stores -1 accepted")
		}
	})
}

// TestMapCarriesFlags: the map serves the flags of every value that has any.
func TestMapCarriesFlags(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, _ := demoService(t, engine)
		ctx := context.Background()
		q := Query{Quarter: "20252", Industry: "CS100001"}
		m, err := svc.Map(ctx, indicator.KeyCloseRate, q)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := svc.Snapshot(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		flagged := 0
		for i, d := range snap.Districts {
			v, _ := snap.Indicators[i].Get(indicator.KeyCloseRate)
			want := v.Flags
			if v.Value == nil || len(want) == 0 {
				want = nil
			} else {
				flagged++
			}
			if got := m.Flags[d.Code]; !slices.Equal(got, want) {
				t.Errorf("%s: map flags %v, want %v", d.Code, got, want)
			}
		}
		if flagged == 0 {
			t.Errorf("no close rate of the demo city is flagged: the test proves nothing")
		}
	})
}
