package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/stats"
)

// RecommendQuery asks where to open a business of one industry, optionally
// for target customers.
type RecommendQuery struct {
	Query        // Industry is required
	Age   string // one of seoul.Ages, or ""
	Sex   string // male, female or ""
	Time  string // one of seoul.TimeBands, or ""
	Limit int    // 1–100; 0 means 10
}

// Reason is one factor of a recommendation, in both languages.
type Reason struct {
	Key        string  `json:"key"`
	Value      float64 `json:"value"`      // the district's figure
	Percentile float64 `json:"percentile"` // 0–100, higher is better for opening
	TextKo     string  `json:"text_ko"`
	TextEn     string  `json:"text_en"`
}

// Recommendation is a district to open in, with its score and reasons.
type Recommendation struct {
	Rank    int      `json:"rank"`
	Code    string   `json:"code"`
	Name    string   `json:"name"`
	Score   float64  `json:"score"` // 0–100
	Reasons []Reason `json:"reasons"`
}

// RecommendResult is the ranked answer.
type RecommendResult struct {
	Industry        string           `json:"industry"`
	Quarter         string           `json:"quarter"`
	Candidates      int              `json:"candidates"`
	Recommendations []Recommendation `json:"recommendations"`
}

// factor is one criterion of the recommendation score (docs/indicators.md,
// "Where to open").
type factor struct {
	key            string
	higherIsBetter bool
	ko, en         string // what the factor is, for the reasons
	value          func(f *indicator.District, set indicator.Set) (float64, bool)
}

func indicatorFactor(key string, higher bool, ko, en string) factor {
	return factor{key, higher, ko, en, func(_ *indicator.District, set indicator.Set) (float64, bool) { return number(set, key) }}
}

// shareFactor is the share of the industry's sales from one customer group.
func shareFactor(key, ko, en string, part func(*indicator.Sales) int64) factor {
	return factor{key, true, ko, en, func(f *indicator.District, _ indicator.Set) (float64, bool) {
		if f.Sales == nil || f.Sales.Amount <= 0 {
			return 0, false
		}
		return 100 * float64(part(f.Sales)) / float64(f.Sales.Amount), true
	}}
}

// Recommend ranks the districts that have sales of the industry by a score:
// the mean percentile, among those districts, of the industry's sales, sales
// per store, sales growth (year on year), foot traffic per km², low
// saturation, low close rate and — for each target given — the share of the
// industry's sales from the target customers. Factors a district lacks are
// left out of its mean.
func (s *Service) Recommend(ctx context.Context, rq RecommendQuery) (*RecommendResult, error) {
	if rq.Industry == "" {
		return nil, invalid("name an industry, e.g. industry=CS100001")
	}
	if rq.Limit == 0 {
		rq.Limit = 10
	}
	if rq.Limit < 1 || rq.Limit > 100 {
		return nil, invalid("limit must be 1 to 100, got %d", rq.Limit)
	}
	factors := []factor{
		indicatorFactor("sales_amount", true, "업종 매출 규모", "the industry's sales"),
		indicatorFactor("sales_per_store", true, "점포당 매출", "sales per store"),
		indicatorFactor("sales_yoy_pct", true, "매출 증가율(전년 동기 대비)", "sales growth, year on year"),
		indicatorFactor("foot_traffic_per_km2", true, "면적당 유동인구", "foot traffic per km²"),
		indicatorFactor("saturation", false, "과밀도(유동인구 1만 명당 점포)", "stores per 10,000 foot traffic"),
		indicatorFactor("close_rate", false, "폐업률", "close rate"),
	}
	if rq.Age == "60" || rq.Age == "60 " { // "60+" arrives as "60 " when the + is not escaped
		rq.Age = "60+"
	}
	if rq.Age != "" {
		i := slices.Index(seoul.Ages, rq.Age)
		if i < 0 {
			return nil, invalid("age must be one of %v", seoul.Ages)
		}
		factors = append(factors, shareFactor("target_age_share", rq.Age+"대 고객 매출 비중", "share of sales from customers in their "+rq.Age,
			func(s *indicator.Sales) int64 { return s.AmountByAge[i] }))
	}
	if rq.Sex != "" {
		i := slices.Index(seoul.Sexes, rq.Sex)
		if i < 0 {
			return nil, invalid("sex must be male or female")
		}
		ko := map[string]string{"male": "남성", "female": "여성"}[rq.Sex]
		factors = append(factors, shareFactor("target_sex_share", ko+" 고객 매출 비중", "share of sales from "+rq.Sex+" customers",
			func(s *indicator.Sales) int64 { return s.AmountBySex[i] }))
	}
	if rq.Time != "" {
		i := slices.Index(seoul.TimeBands, rq.Time)
		if i < 0 {
			return nil, invalid("time must be one of %v", seoul.TimeBands)
		}
		factors = append(factors, shareFactor("target_time_share", rq.Time+"시 매출 비중", "share of sales at "+rq.Time,
			func(s *indicator.Sales) int64 { return s.AmountByTime[i] }))
	}
	snap, err := s.Snapshot(ctx, rq.Query)
	if err != nil {
		return nil, err
	}
	var cand []int
	for i := range snap.Facts {
		if f := snap.Facts[i].Sales; f != nil && f.Amount > 0 {
			cand = append(cand, i)
		}
	}
	// Each factor's values over the candidates, sorted, for percentiles.
	vals := make([][]float64, len(factors))
	has := make([][]bool, len(factors))
	sorted := make([][]float64, len(factors))
	for k, f := range factors {
		vals[k], has[k] = make([]float64, len(cand)), make([]bool, len(cand))
		for j, i := range cand {
			vals[k][j], has[k][j] = f.value(&snap.Facts[i], snap.Indicators[i])
			if has[k][j] {
				sorted[k] = append(sorted[k], vals[k][j])
			}
		}
		slices.Sort(sorted[k])
	}
	var out []Recommendation
	for j, i := range cand {
		r := Recommendation{Code: snap.Districts[i].Code, Name: snap.Districts[i].Name}
		sum, n := 0.0, 0
		for k, f := range factors {
			if !has[k][j] {
				continue
			}
			p := stats.PercentRank(sorted[k], vals[k][j])
			if !f.higherIsBetter {
				p = 1 - p
			}
			sum += p
			n++
			r.Reasons = append(r.Reasons, reason(f, vals[k][j], p))
		}
		if n == 0 {
			continue
		}
		r.Score = math.Round(1000*sum/float64(n)) / 10
		slices.SortStableFunc(r.Reasons, func(a, b Reason) int { return cmp.Compare(b.Percentile, a.Percentile) })
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(a, b Recommendation) int { return cmp.Compare(b.Score, a.Score) })
	res := &RecommendResult{Industry: rq.Industry, Quarter: snap.Quarter, Candidates: len(out), Recommendations: []Recommendation{}}
	for i := range out {
		if i == rq.Limit {
			break
		}
		out[i].Rank = i + 1
		res.Recommendations = append(res.Recommendations, out[i])
	}
	return res, nil
}

func reason(f factor, v, p float64) Reason {
	pct := math.Round(100 * p)
	r := Reason{Key: f.key, Value: v, Percentile: pct}
	if p >= 0.5 {
		r.TextKo = fmt.Sprintf("%s: 상위 %.0f%%", f.ko, math.Max(1, 100-pct))
		r.TextEn = fmt.Sprintf("%s: top %.0f%%", f.en, math.Max(1, 100-pct))
	} else {
		r.TextKo = fmt.Sprintf("%s: 하위 %.0f%%", f.ko, math.Max(1, pct))
		r.TextEn = fmt.Sprintf("%s: bottom %.0f%%", f.en, math.Max(1, pct))
	}
	return r
}
