package analysis

import (
	"context"
	"errors"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/store"
)

func TestRankingsAreOrderedAndFiltered(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, _ := demoService(t, engine)
		ctx := context.Background()
		q := Query{Quarter: "20252"}
		res, err := svc.Rankings(ctx, RankingQuery{Query: q, Indicator: "sales_amount", Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		top := res.Rankings
		if len(top) != 5 {
			t.Fatalf("%d rankings, want 5", len(top))
		}
		for i, r := range top {
			d, _ := svc.Indicators(ctx, r.Code, q)
			if r.Rank != i+1 || r.Value != num(t, d, "sales_amount") || (i > 0 && r.Value > top[i-1].Value) {
				t.Errorf("ranking %d = %+v: want rank %d, the district's value, descending", i, r, i+1)
			}
		}
		res, _ = svc.Rankings(ctx, RankingQuery{Query: q, Indicator: "sales_amount", Ascending: true, Limit: 1650})
		bottom := res.Rankings
		if bottom[0].Value > bottom[len(bottom)-1].Value || bottom[len(bottom)-1].Value != top[0].Value {
			t.Errorf("ascending ranking does not end with the top value")
		}
		res, _ = svc.Rankings(ctx, RankingQuery{Query: q, Indicator: "foot_traffic_total", Type: "D", Limit: 1650})
		for _, r := range res.Rankings {
			d, _ := svc.Indicators(ctx, r.Code, q)
			if d.District.TypeCode != "D" {
				t.Errorf("type filter D let %s (%s) through", r.Code, d.District.TypeCode)
			}
		}
		for _, bad := range []RankingQuery{{Query: q}, {Query: q, Indicator: "nope"}, {Query: q, Indicator: "peak_day"},
			{Query: q, Indicator: "sales_amount", Limit: 5000}, {Query: Query{Quarter: "2025Q1"}, Indicator: "sales_amount"}} {
			if _, err := svc.Rankings(ctx, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("Rankings(%+v) error %v, want ErrInvalid", bad, err)
			}
		}
	})
}

func TestRollupsSumTheirDistricts(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, db := demoService(t, engine)
		ctx := context.Background()
		q := Query{Quarter: "20252"}
		rollups, err := svc.Rollups(ctx, "gu", q)
		if err != nil {
			t.Fatal(err)
		}
		ds, _ := db.Districts(ctx, store.DistrictFilter{})
		want := map[string]float64{}
		count := map[string]int{}
		for _, d := range ds {
			if d.TypeCode == "U" {
				continue // 관광특구 overlap other districts and are not rolled up
			}
			di, _ := svc.Indicators(ctx, d.Code, q)
			if v, ok := number(di.Indicators, "sales_amount"); ok {
				want[d.GuCode] += v
			}
			count[d.GuCode]++
		}
		if len(rollups) != len(count) {
			t.Fatalf("%d 자치구 roll-ups, want %d", len(rollups), len(count))
		}
		for _, r := range rollups {
			v, _ := number(r.Indicators, "sales_amount")
			if v != want[r.Code] || r.Districts != count[r.Code] {
				t.Errorf("자치구 %s: sales_amount %v over %d districts, want %v over %d", r.Code, v, r.Districts, want[r.Code], count[r.Code])
			}
		}
		if _, err := svc.Rollups(ctx, "city", q); !errors.Is(err, ErrInvalid) {
			t.Errorf("roll-up to city: %v, want ErrInvalid", err)
		}
	})
}

func TestSimilarDistricts(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, _ := demoService(t, engine)
		ctx := context.Background()
		twins, err := svc.Similar(ctx, "3190001", Query{Quarter: "20252"}, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(twins) != 4 {
			t.Fatalf("%d twins, want 4", len(twins))
		}
		for i, tw := range twins {
			if tw.Code == "3190001" || (i > 0 && tw.Distance < twins[i-1].Distance) || len(tw.Features) == 0 {
				t.Errorf("twin %d = %+v: want another district, nearest first, with features", i, tw)
			}
			for j := 1; j < len(tw.Features); j++ {
				if tw.Features[j].Diff < tw.Features[j-1].Diff {
					t.Errorf("twin %s features not closest first: %+v", tw.Code, tw.Features)
				}
			}
		}
		if _, err := svc.Similar(ctx, "3999999", Query{Quarter: "20252"}, 4); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("twins of an unknown district: %v, want ErrNotFound", err)
		}
		if _, err := svc.Similar(ctx, "3190001", Query{Quarter: "20252"}, 50); !errors.Is(err, ErrInvalid) {
			t.Errorf("k=50: %v, want ErrInvalid", err)
		}
	})
}

func TestHotspots(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		svc, _ := demoService(t, engine)
		ctx := context.Background()
		res, err := svc.Hotspots(ctx, HotspotQuery{Query: Query{Quarter: "20252"}, Indicator: "foot_traffic_per_km2", BandM: 1500})
		if err != nil {
			t.Fatal(err)
		}
		hs := res.Hotspots
		if len(hs) != 120 {
			t.Fatalf("%d results, want one per demo district (120)", len(hs))
		}
		for _, h := range hs {
			wantClass := "none"
			if h.Q < Alpha {
				wantClass = map[bool]string{true: "hot", false: "cold"}[h.Z > 0]
			}
			if h.Q < h.P-1e-12 || h.Class != wantClass || h.P < 0 || h.P > 1 {
				t.Errorf("%+v: want q >= p, p in [0,1], class %s", h, wantClass)
			}
		}
		if _, err := svc.Hotspots(ctx, HotspotQuery{Query: Query{Quarter: "20252"}, Indicator: "sales_amount", BandM: 50}); !errors.Is(err, ErrInvalid) {
			t.Errorf("band 50 m: %v, want ErrInvalid", err)
		}
	})
}

func TestQuarterHelpers(t *testing.T) {
	for _, tt := range []struct{ q, prev, year string }{{"20251", "20244", "20241"}, {"20243", "20242", "20233"}} {
		if PrevQuarter(tt.q) != tt.prev || PrevYear(tt.q) != tt.year {
			t.Errorf("%s: prev %s, year-ago %s; want %s, %s", tt.q, PrevQuarter(tt.q), PrevYear(tt.q), tt.prev, tt.year)
		}
	}
}
