package demo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/synth"
)

// ImportCardSales draws the daily card sales of the businesses with the
// model (treated[bn] is the day business bn was first treated; absent:
// never) and stores them as one import named name, through the store's
// bulk import, as `sangsaeng sales import` would store a card company's
// feed. The import's fingerprint is the model's and the businesses', so the
// same call on the same database imports nothing the second time.
func ImportCardSales(ctx context.Context, db *store.DB, m synth.SalesModel, bs []store.SalesBusiness, treated map[string]time.Time, name string) (*store.SalesImport, error) {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s %g %g %g %d\n", m.First.Format(time.DateOnly), m.Last.Format(time.DateOnly), m.Effect, m.Trend, m.Season, m.Seed)
	model := make([]synth.Business, len(bs))
	for i, b := range bs {
		model[i] = synth.Business{BusinessNo: b.BusinessNo, Treated: treated[b.BusinessNo]}
		fmt.Fprintf(h, "%s %s %s %s\n", b.BusinessNo, b.Industry, b.District, treated[b.BusinessNo].Format(time.RFC3339))
	}
	sum := hex.EncodeToString(h.Sum(nil))
	imp := &store.SalesImport{SalesFile: name, MerchantsFile: name, SalesSHA256: sum, MerchantsSHA256: sum}
	err := db.ImportMerchantSales(ctx, imp, bs, func(add func(store.MerchantSale) error) error {
		return m.Each(model, func(b int, day time.Time, amount, count int64) error {
			imp.Rows++
			return add(store.MerchantSale{BusinessNo: bs[b].BusinessNo, Day: day, Amount: amount, Count: count})
		})
	})
	if err != nil {
		return nil, err
	}
	return imp, nil
}
