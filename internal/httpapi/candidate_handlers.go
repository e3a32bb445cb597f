package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/sangsaeng/sangsaeng/internal/analysis"
	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/program"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// assessment is why the analysis marks a merchant as in need, as it stood
// when assessed: the snapshot stored with a cohort merchant.
type assessment struct {
	Version      string           `json:"version"`
	Quarter      string           `json:"quarter"`
	DistrictCode *string          `json:"district_code"`
	Industry     *string          `json:"industry"`
	Criteria     program.Criteria `json:"criteria"`
	Signals      program.Signals  `json:"signals"`
	Reasons      []program.Reason `json:"reasons"`
}

// assess reads the indicators of an organisation's 상권 for its industry
// (all industries if it has none) in the latest quarter and the reasons of
// need they give under c. Without a 상권 or loaded data, no signals and no
// reasons.
func (a *API) assess(ctx context.Context, o *store.Org, c program.Criteria) (assessment, error) {
	as := assessment{Version: program.TargetingVersion, DistrictCode: o.DistrictCode, Industry: o.Industry, Criteria: c, Reasons: []program.Reason{}}
	if o.DistrictCode == nil {
		return as, nil
	}
	q := analysis.Query{}
	if o.Industry != nil {
		q.Industry = *o.Industry
	}
	di, err := a.analysis.Indicators(ctx, *o.DistrictCode, q)
	if errors.Is(err, store.ErrNotFound) {
		return as, nil
	}
	if err != nil {
		return as, err
	}
	as.Quarter = di.Quarter
	as.Signals = signalsOf(di.Indicators)
	as.Reasons = c.Reasons(as.Signals)
	return as, nil
}

// signalsOf reads the indicators the targeting rule weighs from a
// district's set; nil or "" where not computed.
func signalsOf(set indicator.Set) program.Signals {
	num := func(key string) *float64 {
		v, ok := set.Get(key)
		if !ok {
			return nil
		}
		switch x := v.Value.(type) {
		case float64:
			return &x
		case int64:
			f := float64(x)
			return &f
		}
		return nil
	}
	label := func(key string) string {
		if v, ok := set.Get(key); ok {
			if s, ok := v.Value.(string); ok {
				return s
			}
		}
		return ""
	}
	return program.Signals{SalesYoY: num(indicator.KeySalesYoY), CloseRate: num(indicator.KeyCloseRate),
		ChangeIndex: label(indicator.KeyChangeIndex), StartupRisk: label(indicator.KeyStartupRisk)}
}

// reasonsFor records with each chosen merchant the reasons of need as they
// stand now (program.DefaultCriteria), for the cohort to show later.
func (a *API) reasonsFor(r *http.Request, choices []store.Choice) error {
	for i := range choices {
		o, err := a.db.Org(r.Context(), choices[i].Org)
		if err != nil {
			return err
		}
		as, err := a.assess(r.Context(), o, program.DefaultCriteria)
		if err != nil {
			return err
		}
		if choices[i].Reasons, err = json.Marshal(as); err != nil {
			return err
		}
	}
	return nil
}

// candidate is a merchant the targeting lists.
type candidate struct {
	Org       string   `json:"org"`
	Name      string   `json:"name"`
	Lon       *float64 `json:"lon"`
	Lat       *float64 `json:"lat"`
	DistanceM *float64 `json:"distance_m"`
	assessment
}

// districtCandidate is a 상권 district the targeting of a public program
// lists: where it is (its centroid) and why it is in need, for industry
// ("" for all industries summed) in quarter.
type districtCandidate struct {
	Code      string           `json:"code"`
	Name      string           `json:"name"`
	TypeName  string           `json:"type_name"`
	GuName    string           `json:"gu_name"`
	Lon       float64          `json:"lon"`
	Lat       float64          `json:"lat"`
	DistanceM *float64         `json:"distance_m"`
	Quarter   string           `json:"quarter"`
	Industry  string           `json:"industry"`
	Signals   program.Signals  `json:"signals"`
	Reasons   []program.Reason `json:"reasons"`
}

// candidates lists the registered merchants the analysis marks as in
// need, ranked (program.Rank), with their reasons in words: within
// radius_m of lon, lat if given, of an industry if given, under the
// thresholds sales_yoy_below and close_rate_above (program.DefaultCriteria
// otherwise), up to limit (50, at most 1,000). For a public program it
// also lists, under districts, the 상권 districts in need by the same rule
// and filters (their centroid within the radius, their indicators for the
// industry), ranked alike, up to limit. To the operators' managers and
// staff, and auditors.
func (a *API) candidates(w http.ResponseWriter, r *http.Request) {
	p, ok := a.loadProgram(w, r, auth.ProgramReport)
	if !ok {
		return
	}
	qv := r.URL.Query()
	c := program.DefaultCriteria
	float := func(name string, dst *float64, lo, hi float64) bool {
		s := qv.Get(name)
		if s == "" {
			return true
		}
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || v < lo || v > hi {
			badParameter(w, name+": want a number in "+strconv.FormatFloat(lo, 'g', -1, 64)+"…"+strconv.FormatFloat(hi, 'g', -1, 64))
			return false
		}
		*dst = v
		return true
	}
	var radius, lon, lat float64
	if !float("sales_yoy_below", &c.SalesYoYBelow, -100, 1e6) || !float("close_rate_above", &c.CloseRateAbove, 0, 100) ||
		!float("radius_m", &radius, 1, 100000) || !float("lon", &lon, -180, 180) || !float("lat", &lat, -90, 90) {
		return
	}
	centre := qv.Get("lon") != "" || qv.Get("lat") != ""
	if centre && (qv.Get("lon") == "" || qv.Get("lat") == "") || qv.Get("radius_m") != "" && !centre {
		badParameter(w, "lon, lat: give both, and with radius_m")
		return
	}
	industry := qv.Get("industry")
	if industry != "" && !(len(industry) == 8 && industry[:2] == "CS") {
		badParameter(w, "industry: want a 서비스 업종 code such as CS100001")
		return
	}
	limit, err := queryInt(r, "limit", 50, 1, 1000)
	if err != nil {
		badParameter(w, err.Error())
		return
	}
	orgs, err := a.db.Orgs(r.Context(), "merchant")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	var ranked []program.Candidate
	byOrg := map[string]candidate{}
	for _, o := range orgs {
		if industry != "" && (o.Industry == nil || *o.Industry != industry) {
			continue
		}
		var dist *float64
		if centre {
			if o.Lon == nil {
				continue
			}
			d := program.DistanceM(lon, lat, *o.Lon, *o.Lat)
			if radius > 0 && d > radius {
				continue
			}
			dist = &d
		}
		as, err := a.assess(r.Context(), o, c)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if len(as.Reasons) == 0 {
			continue
		}
		ranked = append(ranked, program.Candidate{ID: o.ID, Signals: as.Signals, Reasons: as.Reasons, Distance: dist})
		byOrg[o.ID] = candidate{Org: o.ID, Name: o.Name, Lon: o.Lon, Lat: o.Lat, DistanceM: dist, assessment: as}
	}
	program.Rank(ranked)
	out := []candidate{}
	for _, rc := range ranked {
		if len(out) == int(limit) {
			break
		}
		out = append(out, byOrg[rc.ID])
	}
	resp := map[string]any{"program": p.ID, "public": p.Public, "criteria": c, "candidates": out}
	if p.Public {
		var ctr *[2]float64
		if centre {
			ctr = &[2]float64{lon, lat}
		}
		ds, err := a.districtCandidates(r.Context(), c, industry, ctr, radius, int(limit))
		if err != nil {
			a.fail(w, r, err)
			return
		}
		resp["districts"] = ds
	}
	writeJSON(w, http.StatusOK, resp)
}

// districtCandidates lists the districts whose indicators for industry
// ("" for all) in the latest quarter meet a ground of need under c, ranked
// (program.Rank), up to limit: with centre (lon, lat), those whose centroid
// lies within radius metres (any distance when radius is 0), with their
// distance. Without loaded data, none.
func (a *API) districtCandidates(ctx context.Context, c program.Criteria, industry string, centre *[2]float64, radius float64, limit int) ([]districtCandidate, error) {
	out := []districtCandidate{}
	snap, err := a.analysis.Snapshot(ctx, analysis.Query{Industry: industry})
	if errors.Is(err, store.ErrNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	var ranked []program.Candidate
	byCode := map[string]districtCandidate{}
	for i, d := range snap.Districts {
		var dist *float64
		if centre != nil {
			m := program.DistanceM(centre[0], centre[1], d.Lon, d.Lat)
			if radius > 0 && m > radius {
				continue
			}
			dist = &m
		}
		s := signalsOf(snap.Indicators[i])
		rs := c.Reasons(s)
		if len(rs) == 0 {
			continue
		}
		ranked = append(ranked, program.Candidate{ID: d.Code, Signals: s, Reasons: rs, Distance: dist})
		byCode[d.Code] = districtCandidate{Code: d.Code, Name: d.Name, TypeName: d.TypeName, GuName: d.GuName, Lon: d.Lon, Lat: d.Lat,
			DistanceM: dist, Quarter: snap.Quarter, Industry: snap.Industry, Signals: s, Reasons: rs}
	}
	program.Rank(ranked)
	for _, rc := range ranked {
		if len(out) == limit {
			break
		}
		out = append(out, byCode[rc.ID])
	}
	return out, nil
}
