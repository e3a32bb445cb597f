package analysis

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

var storeAll = store.DistrictFilter{}

// QuarterFigures is a district's headline figures in one quarter; nil where
// the dataset has no row.
type QuarterFigures struct {
	Quarter            string  `json:"quarter"`
	SalesAmount        *int64  `json:"sales_amount"`
	SalesCount         *int64  `json:"sales_count"`
	Stores             *int64  `json:"stores"`
	SimilarStores      *int64  `json:"similar_stores"`
	Opened             *int64  `json:"opened"`
	Closed             *int64  `json:"closed"`
	FootTrafficTotal   *int64  `json:"foot_traffic_total"`
	ChangeIndex        *string `json:"change_index"`
	OperatingMonthsAvg *int64  `json:"operating_months_avg"`
	ClosedMonthsAvg    *int64  `json:"closed_months_avg"`
}

// History is a district's figures over every live quarter.
type History struct {
	Code     string           `json:"code"`
	Industry string           `json:"industry"`
	Quarters []QuarterFigures `json:"quarters"`
}

// History returns the district's headline figures per quarter: sales and
// stores of one industry (or summed over all), foot traffic and the change
// index, as published.
func (s *Service) History(ctx context.Context, code, industry string) (*History, error) {
	if industry != "" && !validIndustry(industry) {
		return nil, invalid("industry must be a 서비스_업종_코드 such as CS100001, got %q", industry)
	}
	if _, err := s.db.District(ctx, code); err != nil {
		return nil, err
	}
	byQ := map[string]*QuarterFigures{}
	at := func(q string) *QuarterFigures {
		if byQ[q] == nil {
			byQ[q] = &QuarterFigures{Quarter: q}
		}
		return byQ[q]
	}
	add := func(p **int64, v int64) {
		if *p == nil {
			*p = new(int64)
		}
		**p += v
	}
	for _, d := range []seoul.Dataset{seoul.Sales, seoul.Stores, seoul.FootTraffic, seoul.ChangeIndex} {
		recs, err := s.db.DistrictRecords(ctx, d, code)
		if err != nil {
			return nil, fmt.Errorf("history of %s: %w", code, err)
		}
		for _, r := range recs {
			f := at(str(r, "quarter"))
			switch d {
			case seoul.Sales:
				if industry == "" || str(r, "industry_code") == industry {
					add(&f.SalesAmount, i64(r, "amount"))
					add(&f.SalesCount, i64(r, "count"))
				}
			case seoul.Stores:
				if industry == "" || str(r, "industry_code") == industry {
					add(&f.Stores, i64(r, "stores"))
					add(&f.SimilarStores, i64(r, "similar_stores"))
					add(&f.Opened, i64(r, "opened"))
					add(&f.Closed, i64(r, "closed"))
				}
			case seoul.FootTraffic:
				add(&f.FootTrafficTotal, i64(r, "total"))
			case seoul.ChangeIndex:
				label := str(r, "index_code")
				f.ChangeIndex = &label
				add(&f.OperatingMonthsAvg, i64(r, "operating_months_avg"))
				add(&f.ClosedMonthsAvg, i64(r, "closed_months_avg"))
			}
		}
	}
	out := &History{Code: code, Industry: industry, Quarters: []QuarterFigures{}}
	for _, f := range byQ {
		out.Quarters = append(out.Quarters, *f)
	}
	slices.SortFunc(out.Quarters, func(a, b QuarterFigures) int { return cmp.Compare(a.Quarter, b.Quarter) })
	return out, nil
}
