package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/duckbatch"
	"github.com/sangsaeng/sangsaeng/internal/fusion"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// runSales is `sangsaeng sales import`: the card-sales feed and its merchant
// master into the database, as daily sales per business number, the
// outcomes a program's effect is measured on.
func runSales(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "import" {
		fmt.Fprintln(env.Stderr, "Usage: sangsaeng sales import --sales FEED --merchants MASTER [--areas SHP] [--db FILE]")
		return errUsage
	}
	var cfg Config
	fs := flagSet(env, "sales import", "", &cfg, "db")
	sales := fs.String("sales", "", "card-sales feed (docs/fusion.md, CSV or Parquet)")
	merchants := fs.String("merchants", "", "merchant master (docs/fusion.md) with its business_no column")
	areas := fs.String("areas", "", "영역-상권 Shapefile placing the merchants in districts (to leave out controls of a treated 상권)")
	memory := fs.String("memory-limit", "", "the batch engine's memory, e.g. 2GB (default: DuckDB's)")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	if *sales == "" || *merchants == "" || fs.NArg() > 0 {
		fmt.Fprintln(env.Stderr, "sangsaeng sales import: give --sales FEED and --merchants MASTER, and no other arguments")
		fs.Usage()
		return errUsage
	}
	imp := &store.SalesImport{SalesFile: filepath.Base(*sales), MerchantsFile: filepath.Base(*merchants)}
	var err error
	if imp.SalesSHA256, err = fileSHA256(*sales); err != nil {
		return err
	}
	if imp.MerchantsSHA256, err = fileSHA256(*merchants); err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if prev, err := db.SalesImportOf(ctx, imp.SalesSHA256, imp.MerchantsSHA256); err == nil {
		fmt.Fprintf(env.Stdout, "%s and %s: already imported (import %d, %s); nothing changed\n",
			*sales, *merchants, prev.ID, prev.ImportedAt.Format("2006-01-02 15:04 UTC"))
		return nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	ds, err := fusion.OpenDailySales(ctx, fusion.PanelOptions{Merchants: *merchants, Sales: *sales, Areas: *areas, MemoryLimit: *memory})
	if err != nil {
		return err
	}
	defer ds.Close()
	if !ds.HasBusinessNo {
		return fmt.Errorf("%s: no business_no column: sales are stored per 사업자등록번호, the key the programs know merchants by", *merchants)
	}
	businesses := salesBusinesses(ds.Merchants)
	imp.Rows = ds.Rows
	err = db.ImportMerchantSales(ctx, imp, businesses, func(add func(store.MerchantSale) error) error {
		skipped, err := ds.Each(ctx, func(d duckbatch.BusinessDay) error {
			return add(store.MerchantSale{BusinessNo: d.BusinessNo, Day: d.Day, Amount: d.Amount, Count: d.Count})
		})
		imp.Skipped = skipped
		return err
	})
	if errors.Is(err, store.ErrAlreadyImported) {
		fmt.Fprintf(env.Stdout, "%s and %s: already imported; nothing changed\n", *sales, *merchants)
		return nil
	}
	if err != nil {
		return err
	}
	if err := auditCLI(ctx, db, "sales import", fmt.Sprintf("/api/v1/sales-imports/%d", imp.ID)); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "imported %s and %s (import %d): %d sales rows, %d business-days of %d businesses (%d with no sales)\n",
		*sales, *merchants, imp.ID, imp.Rows, imp.Days, len(businesses), len(businesses)-int(imp.Businesses))
	if imp.Skipped > 0 {
		fmt.Fprintf(env.Stdout, "left out: %d sales rows of merchants without a business_no\n", imp.Skipped)
	}
	return nil
}

// salesBusinesses groups the master's merchants by business number (those
// without one are left out): a business's industry and 상권 are its stores'
// most common (ties: the one of the store with the smallest id).
func salesBusinesses(ms []duckbatch.PanelMerchant) []store.SalesBusiness {
	type tally struct {
		stores     int64
		industries map[string]int
		districts  map[string]int
		firstInd   []string
		firstDist  []string
	}
	by := map[string]*tally{}
	for _, m := range ms { // by merchant id
		if m.BusinessNo == "" {
			continue
		}
		t := by[m.BusinessNo]
		if t == nil {
			t = &tally{industries: map[string]int{}, districts: map[string]int{}}
			by[m.BusinessNo] = t
		}
		t.stores++
		if t.industries[m.Industry]++; t.industries[m.Industry] == 1 {
			t.firstInd = append(t.firstInd, m.Industry)
		}
		if m.District != "" {
			if t.districts[m.District]++; t.districts[m.District] == 1 {
				t.firstDist = append(t.firstDist, m.District)
			}
		}
	}
	mostCommon := func(order []string, n map[string]int) string {
		best := ""
		for _, v := range order {
			if best == "" || n[v] > n[best] {
				best = v
			}
		}
		return best
	}
	out := make([]store.SalesBusiness, 0, len(by))
	for _, bn := range slices.Sorted(maps.Keys(by)) {
		t := by[bn]
		out = append(out, store.SalesBusiness{BusinessNo: bn, Industry: mostCommon(t.firstInd, t.industries),
			District: mostCommon(t.firstDist, t.districts), Stores: t.stores})
	}
	return out
}

// fileSHA256 returns the hex SHA-256 of the file's content.
func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
