package contest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestDistribute(t *testing.T) {
	// Stores given as s2, s1, s3 with weights 1, 1, 2 (by id: s1 1, s2 1, s3 2).
	stores := []Store{{"s2", 1}, {"s1", 1}, {"s3", 2}}
	tests := []struct {
		name       string
		lot        Lot
		bp         int64
		online     int64
		wantStores []int64 // in the order given
	}{
		// 100 at 25%: online 25; 75 over 1:1:2 = 18.75, 18.75, 37.5 → 18, 18, 37
		// and the 2 left to the .75s (s1, s2): s2 19, s1 19, s3 37.
		{"hundred", Lot{"X", 100}, 2_500, 25, []int64{19, 19, 37}},
		// 7 at 25%: 1.75 / 5.25 → online 2, stores 5; 1.25, 1.25, 2.5 →
		// 1, 1, 2 and the one left to s3 (.5): 1, 1, 3.
		{"seven", Lot{"Y", 7}, 2_500, 2, []int64{1, 1, 3}},
		// An exact half unit goes online.
		{"half", Lot{"Z", 1}, 5_000, 1, []int64{0, 0, 0}},
		// 2 among stores of equal quota .5 (s1, s2) and 1 (s3): s3 1, then s1
		// (smaller id) — whatever the order given.
		{"tie by id", Lot{"T", 2}, 0, 0, []int64{0, 1, 1}},
		{"all online", Lot{"O", 9}, 10_000, 9, []int64{0, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Distribute([]Lot{tt.lot}, tt.bp, stores)
			if err != nil {
				t.Fatal(err)
			}
			if got[0].Online != tt.online || !slices.Equal(got[0].Stores, tt.wantStores) {
				t.Errorf("online %d stores %v, want %d %v", got[0].Online, got[0].Stores, tt.online, tt.wantStores)
			}
		})
	}
	for _, bad := range []struct {
		name   string
		bp     int64
		stores []Store
		lot    Lot
	}{
		{"share", 10_001, stores, Lot{"A", 1}},
		{"duplicate store", 0, []Store{{"s", 1}, {"s", 1}}, Lot{"A", 1}},
		{"negative weight", 0, []Store{{"s", -1}}, Lot{"A", 1}},
		{"no weight", 0, []Store{{"s", 0}}, Lot{"A", 1}},
		{"negative units", 0, stores, Lot{"A", -1}},
	} {
		if _, err := Distribute([]Lot{bad.lot}, bad.bp, bad.stores); err == nil {
			t.Errorf("%s: no error", bad.name)
		}
	}
}

// billion: 20 products worth 1,000,000,000 KRW in all over 2,700 stores
// weighted by seeded sales.
func billion() ([]Lot, []Store) {
	r := rand.New(rand.NewPCG(5, 6))
	lots := make([]Lot, 20)
	for i := range lots {
		price := 1_000 * (5 + r.Int64N(60))
		lots[i] = Lot{fmt.Sprintf("p%02d", i), 50_000_000 / price}
	}
	stores := make([]Store, 2_700)
	for i := range stores {
		stores[i] = Store{fmt.Sprintf("store-%04d", i), 1 + r.Int64N(500_000_000)}
	}
	return lots, stores
}

func TestDistributeBillion(t *testing.T) {
	lots, stores := billion()
	got, err := Distribute(lots, 1_500, stores)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got {
		sum := s.Online
		for _, u := range s.Stores {
			sum += u
		}
		if sum != s.Units {
			t.Errorf("product %s: %d units placed of %d", s.Entry, sum, s.Units)
		}
	}
}

func BenchmarkDistributeBillion(b *testing.B) {
	lots, stores := billion()
	for b.Loop() {
		if _, err := Distribute(lots, 1_500, stores); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTable(t *testing.T) {
	stores := []Store{{"s2", 1}, {"s1", 1}, {"s3", 2}}
	shares, err := Distribute([]Lot{{"X", 100}, {"Y", 7}}, 2_500, stores)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"store", "X", "Y"},
		{"online", "25", "2"},
		{"s2", "19", "1"},
		{"s1", "19", "1"},
		{"s3", "37", "3"},
		{"total", "100", "7"},
	}
	if got := Table(shares, stores); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("Table = %v, want %v", got, want)
	}
}
