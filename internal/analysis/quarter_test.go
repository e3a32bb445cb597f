package analysis

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/demo"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

func TestLatestWith(t *testing.T) {
	have := map[seoul.Dataset][]string{
		seoul.Sales:       {"20244", "20251", "20252", "20253", "20254"},
		seoul.Stores:      {"20241", "20242", "20243", "20244", "20251"},
		seoul.FootTraffic: {"20233", "20234", "20241", "20251", "20252", "20253"},
		seoul.ChangeIndex: {"20191", "20252"},
	}
	tests := []struct {
		name string
		want []seoul.Dataset
		q    string
	}{
		{"one dataset: its latest", []seoul.Dataset{seoul.Sales}, "20254"},
		{"two: the latest both have", []seoul.Dataset{seoul.Sales, seoul.Stores}, "20251"},
		{"three", []seoul.Dataset{seoul.Sales, seoul.FootTraffic, seoul.Stores}, "20251"},
		{"none has all four: the latest with three", reportDatasets, "20252"},
		{"a dataset without data is no constraint to meet", []seoul.Dataset{seoul.Income, seoul.Stores}, "20251"},
		{"nothing loaded", []seoul.Dataset{seoul.Income}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := latestWith(have, tt.want); got != tt.q {
				t.Errorf("latestWith(%v) = %q, want %q", tt.want, got, tt.q)
			}
		})
	}
}

// TestDefaultQuarterHasTheData: when the sales of two later quarters are
// loaded before the other datasets have them, a report and the maps of
// store indicators stay on the latest quarter with all their data, while a
// sales map goes to the latest sales.
func TestDefaultQuarterHasTheData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		ctx := context.Background()
		dir := t.TempDir()
		early, err := demo.Generate(filepath.Join(dir, "early"), demo.Options{Seed: 3, Districts: 12, Quarters: []string{"20243", "20244"}})
		if err != nil {
			t.Fatal(err)
		}
		late, err := demo.Generate(filepath.Join(dir, "late"), demo.Options{Seed: 3, Districts: 12, Quarters: []string{"20251", "20252"}})
		if err != nil {
			t.Fatal(err)
		}
		db, err := store.Open(ctx, src)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		in := &ingest.Ingester{DB: db}
		var load []string
		for _, f := range early {
			for _, p := range []string{"areas_trdar.", "sales_trdar.", "foot_traffic_trdar.", "stores_trdar.", "change_index_trdar."} {
				if strings.HasPrefix(filepath.Base(f), p) {
					load = append(load, f)
				}
			}
		}
		for _, f := range late {
			if strings.HasPrefix(filepath.Base(f), "sales_trdar.") {
				load = append(load, f)
			}
		}
		for _, f := range load {
			if _, err := in.File(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
		svc := New(db)
		for _, tt := range []struct {
			keys []string
			want string
		}{
			{nil, "20244"},
			{[]string{"sales_amount"}, "20252"},
			{[]string{"close_rate"}, "20244"},
			{[]string{"sales_per_store"}, "20244"},
			{[]string{"evaluation_score"}, "20244"},
		} {
			if got, err := svc.DefaultQuarter(ctx, tt.keys...); err != nil || got != tt.want {
				t.Errorf("DefaultQuarter(%v) = %q, %v; want %q", tt.keys, got, err, tt.want)
			}
		}
		ds, err := db.Districts(ctx, store.DistrictFilter{})
		if err != nil || len(ds) == 0 {
			t.Fatalf("districts: %v, %v", len(ds), err)
		}
		rep, err := svc.Indicators(ctx, ds[0].Code, Query{})
		if err != nil || rep.Quarter != "20244" {
			t.Errorf("a report without a quarter is of %q (%v), want 20244, the latest with sales, stores, foot traffic and change index", rep.Quarter, err)
		}
		for key, want := range map[string]string{"sales_amount": "20252", "close_rate": "20244"} {
			m, err := svc.Map(ctx, key, Query{})
			if err != nil || m.Quarter != want {
				t.Errorf("the map of %s without a quarter is of %q (%v), want %s", key, m.Quarter, err, want)
			}
			r, err := svc.Rankings(ctx, RankingQuery{Indicator: key})
			if err != nil || len(r.Rankings) == 0 {
				t.Errorf("rankings of %s without a quarter: %+v (%v), want some districts", key, r, err)
			}
		}
	})
}
