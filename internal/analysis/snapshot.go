package analysis

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/paulmach/orb"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// Snapshot is every live district's published figures and indicators for
// one quarter and industry ("" for all industries summed).
type Snapshot struct {
	Quarter, Industry string
	Districts         []store.District
	Facts             []indicator.District // parallel to Districts
	Indicators        []indicator.Set      // parallel to Districts
	City              indicator.City
	Polygons          map[string]orb.MultiPolygon // EPSG:5181; empty when not loaded
	Bounds            map[string]orb.Bound        // of Polygons

	index       map[string]int
	shapesOnce  sync.Once
	shapesCache *districtShapes // see shapes
}

// Index returns the position of the district with code, or -1.
func (s *Snapshot) Index(code string) int {
	if i, ok := s.index[code]; ok {
		return i
	}
	return -1
}

// PrevQuarter returns the quarter before q ("20251" → "20244").
func PrevQuarter(q string) string {
	y, _ := strconv.Atoi(q[:4])
	n := int(q[4] - '0')
	if n == 1 {
		return fmt.Sprintf("%d4", y-1)
	}
	return fmt.Sprintf("%d%d", y, n-1)
}

// PrevYear returns the same quarter a year before q ("20251" → "20241").
func PrevYear(q string) string {
	y, _ := strconv.Atoi(q[:4])
	return fmt.Sprintf("%d%c", y-1, q[4])
}

// load reads what q needs from the store and computes every district's
// indicators against the city of all districts.
func load(ctx context.Context, db *store.DB, q Query, polys map[string]orb.MultiPolygon, bounds map[string]orb.Bound) (*Snapshot, error) {
	districts, err := db.Districts(ctx, store.DistrictFilter{})
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Quarter: q.Quarter, Industry: q.Industry, Districts: districts, Polygons: polys, Bounds: bounds,
		Facts: make([]indicator.District, len(districts)), index: make(map[string]int, len(districts))}
	for i, d := range districts {
		snap.index[d.Code] = i
		snap.Facts[i] = indicator.District{Code: d.Code, AreaM2: float64(d.AreaM2)}
	}
	// Summed over industries, which industries each district's sales and
	// stores rows cover in the quarter, numbered in the order met.
	industryNo := map[string]int{}
	note := func(set *indicator.IndustrySet, r store.Record) {
		if q.Industry != "" {
			return
		}
		code := str(r, "industry_code")
		n, ok := industryNo[code]
		if !ok {
			n = len(industryNo)
			industryNo[code] = n
		}
		*set = set.With(n)
	}
	quarters := map[string]string{"cur": q.Quarter, "prevq": PrevQuarter(q.Quarter), "prevy": PrevYear(q.Quarter)}
	for _, which := range []string{"cur", "prevq", "prevy"} {
		quarter := quarters[which]
		if err := snap.each(ctx, db, seoul.Sales, quarter, func(f *indicator.District, r store.Record) {
			if q.Industry != "" && str(r, "industry_code") != q.Industry {
				return
			}
			p := pick(which, &f.Sales, &f.SalesPrevQuarter, &f.SalesPrevYear)
			*p = addSales(*p, salesOf(r), 1)
			if which == "cur" {
				note(&f.SalesIndustries, r)
			}
		}); err != nil {
			return nil, err
		}
		if err := snap.each(ctx, db, seoul.Stores, quarter, func(f *indicator.District, r store.Record) {
			if q.Industry != "" && str(r, "industry_code") != q.Industry {
				return
			}
			p := pick(which, &f.Stores, &f.StoresPrevQuarter, &f.StoresPrevYear)
			if which == "cur" {
				note(&f.StoresIndustries, r)
			}
			if q.Industry != "" {
				*p = storesOf(r)
			} else {
				*p = addStores(*p, storesOf(r), 1)
			}
		}); err != nil {
			return nil, err
		}
		if err := snap.each(ctx, db, seoul.FootTraffic, quarter, func(f *indicator.District, r store.Record) {
			*pick(which, &f.Foot, &f.FootPrevQuarter, &f.FootPrevYear) = footOf(r)
		}); err != nil {
			return nil, err
		}
	}
	steps := []struct {
		d   seoul.Dataset
		set func(*indicator.District, store.Record)
	}{
		{seoul.ChangeIndex, func(f *indicator.District, r store.Record) { f.Change = changeOf(r) }},
		{seoul.Workers, func(f *indicator.District, r store.Record) { f.Workers = populationOf(r) }},
		{seoul.Residents, func(f *indicator.District, r store.Record) { f.Residents = populationOf(r) }},
		{seoul.Income, func(f *indicator.District, r store.Record) { f.Income = incomeOf(r) }},
		{seoul.Facilities, func(f *indicator.District, r store.Record) { n := i64(r, "total"); f.Facilities = &n }},
	}
	for _, st := range steps {
		if err := snap.each(ctx, db, st.d, q.Quarter, st.set); err != nil {
			return nil, err
		}
	}
	if err := snap.loadVitality(ctx, db, q.Quarter); err != nil {
		return nil, err
	}
	for i := range snap.Facts {
		snap.Facts[i].IndustriesDiffer = industriesDiffer(snap.Facts[i].SalesIndustries, snap.Facts[i].StoresIndustries)
	}
	snap.City = indicator.NewCity(snap.Facts)
	snap.Indicators = make([]indicator.Set, len(snap.Facts))
	for i := range snap.Facts {
		snap.Indicators[i] = indicator.Compute(snap.Facts[i], snap.City)
	}
	return snap, nil
}

func pick[T any](which string, cur, prevq, prevy *T) *T {
	switch which {
	case "prevq":
		return prevq
	case "prevy":
		return prevy
	}
	return cur
}

// each calls set for every live row of d in quarter whose district is known.
func (s *Snapshot) each(ctx context.Context, db *store.DB, d seoul.Dataset, quarter string, set func(*indicator.District, store.Record)) error {
	recs, err := db.QuarterAll(ctx, d, quarter)
	if err != nil {
		return fmt.Errorf("load %s %s: %w", d, quarter, err)
	}
	for _, r := range recs {
		if i, ok := s.index[str(r, "code")]; ok {
			set(&s.Facts[i], r)
		}
	}
	return nil
}

// industriesDiffer reports whether sales and stores rows are both there and
// cover different industries.
func industriesDiffer(sales, stores indicator.IndustrySet) bool {
	return !sales.Empty() && !stores.Empty() && !sales.Equal(stores)
}
