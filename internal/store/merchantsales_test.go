package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// importSales imports the businesses and sales as files with the given
// sums.
func importSales(t *testing.T, db *DB, sum string, bs []SalesBusiness, sales []MerchantSale) (*SalesImport, error) {
	t.Helper()
	imp := &SalesImport{SalesFile: "sales-" + sum + ".csv", MerchantsFile: "merchants.csv", SalesSHA256: sum, MerchantsSHA256: "m", Rows: int64(len(sales))}
	err := db.ImportMerchantSales(context.Background(), imp, bs, func(add func(MerchantSale) error) error {
		for _, s := range sales {
			if err := add(s); err != nil {
				return err
			}
		}
		return nil
	})
	return imp, err
}

func TestMerchantSales(t *testing.T) {
	const (
		a, b, c, d, e, z = "1010000001", "1010000002", "1010000003", "1010000004", "1010000005", "1019999999"
	)
	businesses := []SalesBusiness{
		{a, "CS100001", "3110001", 2}, {b, "CS100001", "3110002", 1}, {c, "CS100001", "3110001", 1},
		{d, "CS200001", "3110002", 1}, {e, "CS100001", "", 1},
	}
	// 2025-03-30 is a Sunday (ISO week 13), 03-31 a Monday (week 14).
	first := []MerchantSale{
		{a, day("2025-03-30"), 100, 1}, {a, day("2025-03-30"), 50, 1}, // two stores: summed
		{a, day("2025-03-31"), 10, 1}, {b, day("2025-04-02"), 7, 2},
		{c, day("2025-03-31"), 3, 1}, {d, day("2025-04-01"), 1000, 9}, {e, day("2025-04-14"), 5, 1},
	}
	eachEngine(t, func(t *testing.T, db *DB, _ string) {
		ctx := context.Background()
		imp, err := importSales(t, db, "s1", businesses, first)
		if err != nil {
			t.Fatal(err)
		}
		if imp.ID != 1 || imp.Days != 6 || imp.Businesses != 5 {
			t.Errorf("first import: id %d, %d days, %d businesses; want 1, 6, 5", imp.ID, imp.Days, imp.Businesses)
		}
		if _, err := importSales(t, db, "s1", businesses, first); !errors.Is(err, ErrAlreadyImported) {
			t.Errorf("the same files again: %v, want ErrAlreadyImported", err)
		}
		got, err := db.SalesImportOf(ctx, "s1", "m")
		if err != nil || got.ID != 1 || got.Rows != 7 {
			t.Fatalf("SalesImportOf: %+v, %v", got, err)
		}
		// A failed import (a sale of a business not described) leaves the
		// first one's data.
		if _, err := importSales(t, db, "bad", businesses[:1], []MerchantSale{{a, day("2025-03-30"), 1, 1}, {z, day("2025-03-30"), 1, 1}}); err == nil {
			t.Fatal("an import with sales of an unknown business succeeded")
		}
		// A second file replaces the days it has and adds new ones.
		if _, err := importSales(t, db, "s2", businesses[:1], []MerchantSale{{a, day("2025-03-31"), 20, 2}, {a, day("2025-05-01"), 1, 1}}); err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name          string
			q             SalesPanelQuery
			units         []string
			treated       []bool
			starts        []string
			amount, count []int64
			missing       []string
			own           int
		}{
			{
				name: "month", q: SalesPanelQuery{Treated: []string{a, z}, Period: "month"},
				units: []string{a, b, c, e}, treated: []bool{true, false, false, false},
				starts: []string{"2025-03-01", "2025-04-01", "2025-05-01"},
				amount: []int64{170, 0, 1, 0, 7, 0, 3, 0, 0, 0, 5, 0}, count: []int64{4, 0, 1, 0, 2, 0, 1, 0, 0, 0, 1, 0},
				missing: []string{z},
			},
			{
				name: "week, own districts out", q: SalesPanelQuery{Treated: []string{a}, Period: "week", ExcludeOwnDistricts: true},
				units: []string{a, b, e}, treated: []bool{true, false, false},
				starts: []string{"2025-03-24", "2025-03-31", "2025-04-07", "2025-04-14", "2025-04-21", "2025-04-28"},
				amount: []int64{150, 20, 0, 0, 0, 1, 0, 7, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0},
				count:  []int64{2, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0},
				own:    1,
			},
			{
				name: "one control left out", q: SalesPanelQuery{Treated: []string{a}, Period: "month", Exclude: []string{b, e, a}},
				units: []string{a, c}, treated: []bool{true, false},
				starts: []string{"2025-03-01", "2025-04-01", "2025-05-01"},
				amount: []int64{170, 0, 1, 3, 0, 0}, count: []int64{4, 0, 1, 1, 0, 0},
			},
			{name: "nothing found", q: SalesPanelQuery{Treated: []string{z}, Period: "month"}, missing: []string{z}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p, err := db.MerchantSalesPanel(ctx, tt.q)
				if err != nil {
					t.Fatal(err)
				}
				var units, starts []string
				for _, u := range p.Units {
					units = append(units, u.BusinessNo)
				}
				for _, s := range p.Starts {
					starts = append(starts, s.Format(time.DateOnly))
				}
				if !slices.Equal(units, tt.units) || !slices.Equal(p.Treated, tt.treated) {
					t.Errorf("units %v treated %v, want %v %v", units, p.Treated, tt.units, tt.treated)
				}
				if !slices.Equal(starts, tt.starts) {
					t.Errorf("starts %v, want %v", starts, tt.starts)
				}
				if !slices.Equal(p.Amount, tt.amount) || !slices.Equal(p.Count, tt.count) {
					t.Errorf("amount %v count %v, want %v %v", p.Amount, p.Count, tt.amount, tt.count)
				}
				if !slices.Equal(p.Missing, tt.missing) || p.OwnDistrict != tt.own {
					t.Errorf("missing %v, own district %d; want %v, %d", p.Missing, p.OwnDistrict, tt.missing, tt.own)
				}
			})
		}
		if _, err := db.MerchantSalesPanel(ctx, SalesPanelQuery{Treated: []string{a}, Period: "day"}); err == nil {
			t.Error("period day: no error")
		}
	})
}
