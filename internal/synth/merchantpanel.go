package synth

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
	"github.com/sangsaeng/sangsaeng/internal/fusion"
)

// PanelSpec describes a synthetic program on card-sales feeds: Merchants
// merchants over Weeks weeks from Start (a Monday), Treated of them treated
// in Cohorts staggered rounds, each treated merchant's sales multiplied by
// 1 + Effect from its round's start on.
//
// A merchant's sales on day d (days since Start) are
//
//	L_i/7 · dow(d) · (1 + (Trend + s_i)·d/364 + 0.08·sin(2πd/364) + e_i,w(d)) · (1 + Effect·1{d ≥ g_i}) · (1 + 0.05·n_i,d),
//
// with the weekly level L_i log-normal (median 3,500,000 won), the market's
// yearly growth Trend, the merchant's own s_i ~ N(0, 0.01), e_i,w an AR(1)
// weekly shock (0.5, sd 0.03) and n_i,d daily noise, standard normal.
// Treated merchants are the Treated lowest of log L_i + N(0, 1): targeting
// picks small merchants, whose sales grow less in won (lower pre-trends), so
// a comparison with all other merchants is confounded by level and trend
// and the pre-trend check fails; matching on pre-period level and trend
// (sangsaeng effect --match) removes it. Because the effect is
// multiplicative, the ATT over the counterfactual mean is Effect.
type PanelSpec struct {
	Merchants, Treated, Weeks, Cohorts int
	Effect, Trend                      float64
	Start                              time.Time
	Seed                               uint64
	// Districts places the merchants inside these districts' polygons; nil
	// gives plain coordinates in central Seoul.
	Districts *fusion.Districts
}

// PanelCohort is one round of the program.
type PanelCohort struct {
	Start string `json:"start"` // YYYY-MM-DD
	Units int    `json:"units"`
}

// PanelTruth is what was put in, written as truth.json.
type PanelTruth struct {
	Effect    float64       `json:"effect"`
	Kind      string        `json:"kind"`
	Merchants int           `json:"merchants"`
	Treated   int           `json:"treated"`
	Weeks     int           `json:"weeks"`
	First     string        `json:"first_day"`
	Last      string        `json:"last_day"`
	Cohorts   []PanelCohort `json:"cohorts"`
	Trend     float64       `json:"trend"`
	Seed      uint64        `json:"seed"`
	Model     string        `json:"model"`
}

type panelMerchant struct {
	id, bizNo, industry string
	lon, lat            float64
	level, trend, tick  float64
	start               int // first treated day; -1 never
}

// MerchantPanel is a generated program: its merchants, sales and truth.
type MerchantPanel struct {
	spec      PanelSpec
	merchants []panelMerchant
	Truth     PanelTruth
}

var panelIndustries = []string{"CS100001", "CS100002", "CS100005", "CS100008", "CS100010"}

// NewMerchantPanel draws the merchants and the program's cohorts.
func NewMerchantPanel(s PanelSpec) (*MerchantPanel, error) {
	switch {
	case s.Merchants < 2 || s.Treated < 1 || s.Treated >= s.Merchants:
		return nil, fmt.Errorf("want 1 ≤ treated (%d) < merchants (%d)", s.Treated, s.Merchants)
	case s.Weeks < 8:
		return nil, fmt.Errorf("weeks %d: want at least 8", s.Weeks)
	case s.Cohorts < 1 || s.Cohorts > s.Treated:
		return nil, fmt.Errorf("cohorts %d: want 1 to treated (%d)", s.Cohorts, s.Treated)
	case s.Effect <= -1 || math.IsNaN(s.Effect) || math.IsInf(s.Effect, 0):
		return nil, fmt.Errorf("effect %g: want a finite multiple above −1", s.Effect)
	case s.Start.Weekday() != time.Monday:
		return nil, fmt.Errorf("start %s: want a Monday", s.Start.Format(time.DateOnly))
	}
	r := rng(s.Seed, "panel")
	mp := &MerchantPanel{spec: s, merchants: make([]panelMerchant, s.Merchants)}
	used := map[string]bool{}
	var codes []string
	var pl *placer
	if s.Districts != nil {
		codes = s.Districts.Codes()
		pl = newPlacer(s.Districts, s.Seed)
	}
	key := make([]float64, s.Merchants)
	for i := range mp.merchants {
		m := &mp.merchants[i]
		m.id = fmt.Sprintf("M%06d", i+1)
		for m.bizNo == "" || used[m.bizNo] {
			nine := fmt.Sprintf("%09d", 100_000_000+r.IntN(900_000_000))
			c, _ := bizno.CheckDigit(nine)
			m.bizNo = nine + string(c)
		}
		used[m.bizNo] = true
		m.industry = panelIndustries[r.IntN(len(panelIndustries))]
		m.level = 3_500_000 * math.Exp(0.5*r.NormFloat64())
		m.trend = s.Trend + 0.01*r.NormFloat64()
		m.tick = 9_000 + 8_000*r.Float64()
		m.start = -1
		key[i] = math.Log(m.level) + r.NormFloat64()
		placed := false
		for try := 0; pl != nil && try < 20 && !placed; try++ {
			m.lon, m.lat, placed = pl.point(r, codes[r.IntN(len(codes))], "")
		}
		if !placed {
			m.lon = roundCoord(126.95 + 0.1*r.Float64())
			m.lat = roundCoord(37.52 + 0.06*r.Float64())
		}
	}
	order := make([]int, s.Merchants)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case key[a] < key[b]:
			return -1
		case key[a] > key[b]:
			return 1
		}
		return 0
	})
	// Rounds start on the first of a month between 40% and 70% of the way.
	days := 7 * s.Weeks
	cut := 0
	for c := range s.Cohorts {
		frac := 0.4
		if s.Cohorts > 1 {
			frac += 0.3 * float64(c) / float64(s.Cohorts-1)
		}
		d := s.Start.AddDate(0, 0, int(frac*float64(days)))
		start := time.Date(d.Year(), d.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		n := s.Treated / s.Cohorts
		if c < s.Treated%s.Cohorts {
			n++
		}
		mp.Truth.Cohorts = append(mp.Truth.Cohorts, PanelCohort{Start: start.Format(time.DateOnly), Units: n})
		day := int(start.Sub(s.Start).Hours() / 24)
		for _, i := range order[cut : cut+n] {
			mp.merchants[i].start = day
		}
		cut += n
	}
	mp.Truth.Effect, mp.Truth.Kind = s.Effect, "multiplicative"
	mp.Truth.Merchants, mp.Truth.Treated, mp.Truth.Weeks = s.Merchants, s.Treated, s.Weeks
	mp.Truth.First = s.Start.Format(time.DateOnly)
	mp.Truth.Last = s.Start.AddDate(0, 0, days-1).Format(time.DateOnly)
	mp.Truth.Trend, mp.Truth.Seed = s.Trend, s.Seed
	mp.Truth.Model = "sales × (1 + effect) from each treated merchant's round start; treated chosen among the smaller merchants, whose sales grow less in won (internal/synth PanelSpec)"
	return mp, nil
}

// WriteMerchants writes the merchant master, with business_no.
func (mp *MerchantPanel) WriteMerchants(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("merchant_id,business_no,lon,lat,industry_code,franchise,opened_on,closed_on\n")
	for _, m := range mp.merchants {
		fmt.Fprintf(bw, "%s,%s,%s,%s,%s,false,,\n", m.id, m.bizNo,
			strconv.FormatFloat(m.lon, 'f', 8, 64), strconv.FormatFloat(m.lat, 'f', 8, 64), m.industry)
	}
	return bw.Flush()
}

// WriteCohort writes cohort.csv: each treated merchant's business number
// and its round's first day.
func (mp *MerchantPanel) WriteCohort(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString("unit,first_treated\n")
	for _, m := range mp.merchants {
		if m.start >= 0 {
			fmt.Fprintf(bw, "%s,%s\n", m.bizNo, mp.spec.Start.AddDate(0, 0, m.start).Format(time.DateOnly))
		}
	}
	return bw.Flush()
}

var (
	dowWeights = [7]float64{0.85, 0.9, 0.95, 1.0, 1.15, 1.2, 0.95} // Monday … Sunday
	panelBands = []string{"06-11", "11-14", "14-17", "17-21", "21-24"}
	panelAges  = []string{"20", "30", "40", "50", "60", ""}
)

// WriteSales writes the card-sales feed: one row per merchant and day, in
// the fusion contract (docs/fusion.md). It returns the rows written.
func (mp *MerchantPanel) WriteSales(w io.Writer) (int64, error) {
	s := mp.spec
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("merchant_id,date,time_band,sex,age,amount,count\n")
	days := 7 * s.Weeks
	dates := make([]string, days)
	for d := range dates {
		dates[d] = s.Start.AddDate(0, 0, d).Format(time.DateOnly)
	}
	var n int64
	buf := make([]byte, 0, 128)
	for i, m := range mp.merchants {
		r := rng(s.Seed, "sales", strconv.Itoa(i))
		var e float64
		for d := range days {
			if d%7 == 0 {
				e = 0.5*e + 0.03*r.NormFloat64()
			}
			y := m.level / 7 * dowWeights[d%7] * (1 + m.trend*float64(d)/364 + 0.08*math.Sin(2*math.Pi*float64(d)/364) + e)
			if m.start >= 0 && d >= m.start {
				y *= 1 + s.Effect
			}
			y *= 1 + 0.05*r.NormFloat64()
			amount := int64(math.Round(max(y, 0)))
			count := max(int64(math.Round(float64(amount)/m.tick)), 0)
			sex := ""
			switch r.IntN(5) {
			case 0, 1:
				sex = "M"
			case 2, 3:
				sex = "F"
			}
			buf = buf[:0]
			buf = append(buf, m.id...)
			buf = append(buf, ',')
			buf = append(buf, dates[d]...)
			buf = append(buf, ',')
			buf = append(buf, panelBands[r.IntN(len(panelBands))]...)
			buf = append(buf, ',')
			buf = append(buf, sex...)
			buf = append(buf, ',')
			buf = append(buf, panelAges[r.IntN(len(panelAges))]...)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, amount, 10)
			buf = append(buf, ',')
			buf = strconv.AppendInt(buf, count, 10)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, bw.Flush()
}
