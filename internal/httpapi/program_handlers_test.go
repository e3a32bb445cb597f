package httpapi_test

import (
	"context"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// seedKits adds to the world a meal-kit program kt-kits (kt; shop1; 12,000
// won kits, 8,000 subsidy, 300 a day, 2 per employee, orders until 10:00,
// pick-up 17:30; funded 1,000,000) and an order o-seed of one kit for the
// world's day, placed by staff at 09:00 in Seoul, before the cut-off — so
// that at the world's 18:00 it can be picked up.
func seedKits(t testing.TB, w *world) {
	t.Helper()
	ctx := context.Background()
	p := &store.Program{ID: "kt-kits", Kind: program.KindMealKit, Name: "사랑의 밀키트", Operators: []program.Operator{{Org: "kt", Share: 1}},
		Budget: 1_000_000, Starts: "2026-12-01", Ends: "2026-12-31",
		Terms: program.Terms{Price: 12000, Subsidy: 8000, DailyQuota: 300, PerEmployeeDaily: 2, Cutoff: "10:00", Pickup: "17:30"}}
	if err := w.db.CreateProgram(ctx, p, w.users["manager"]); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.AddMerchants(ctx, p.ID, []store.Choice{{Org: "shop1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Fund(ctx, p.ID, "f1", "kt", 1_000_000, store.Meta{}); err != nil {
		t.Fatal(err)
	}
	day := program.Today(w.clock())
	saved := w.clock()
	w.mu.Lock()
	w.now = day.At(9 * 60)
	w.mu.Unlock()
	if _, err := w.db.PlaceOrder(ctx, p.ID, "o-seed", "shop1", day.String(), 1, w.users["staff"], store.Meta{}); err != nil {
		t.Fatal(err)
	}
	w.mu.Lock()
	w.now = saved
	w.mu.Unlock()
}
