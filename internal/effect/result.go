package effect

import "strconv"

// Options tune an estimate. The zero value asks for never-treated controls,
// the default privacy threshold and no resampling.
type Options struct {
	Control  Control
	MinUnits int // smallest cohort or control group; 0 means DefaultMinUnits
	// Bootstrap is the number of multiplier-bootstrap draws (Callaway &
	// Sant'Anna) or placebo replications (synthetic DiD); 0: none.
	Bootstrap int
	Seed      uint64
	Weights   Multiplier
	// Label formats a period label for the result (cohorts, cells, time
	// weights); nil prints the number.
	Label func(period int) string
}

func (o Options) label(p int) string {
	if o.Label == nil {
		return strconv.Itoa(p)
	}
	return o.Label(p)
}

func (o Options) minUnits() int {
	if o.MinUnits <= 0 {
		return DefaultMinUnits
	}
	return o.MinUnits
}

// Result is an estimate as the CLI prints it and the API serves it: only
// aggregates over at least MinUnits units, never one unit's outcome.
type Result struct {
	Method  string     `json:"method"`
	Control string     `json:"control"`
	ATT     float64    `json:"att"`
	SE      float64    `json:"se"`
	CI      [2]float64 `json:"ci"`
	// BootSE is the multiplier bootstrap's (or the placebo's) standard error
	// when resampling ran; CI then uses it.
	BootSE float64 `json:"boot_se,omitempty"`
	// Counterfactual is the treated units' mean outcome over the estimate's
	// post-treatment periods had they not been treated (observed − ATT).
	Counterfactual float64     `json:"counterfactual_mean"`
	ByEventTime    []Effect    `json:"by_event_time"`
	ByGroup        []Effect    `json:"by_group"`
	Aggregations   []Aggregate `json:"aggregations,omitempty"`
	Cells          []Cell      `json:"cells,omitempty"`
	TimeWeights    []Weight    `json:"time_weights,omitempty"`
	PreTrend       PreTrend    `json:"pre_trend"`
	// Balance is set when controls were matched first (MatchPanel).
	Balance     []Balance `json:"balance,omitempty"`
	Treated     int       `json:"treated"`
	Controls    int       `json:"controls"`
	Periods     int       `json:"periods"`
	PostPeriods int       `json:"post_periods"`
	// Band says how ByEventTime's lo and hi were made: "uniform" (sup-t
	// bootstrap band) or "pointwise" (±1.96 analytic SE).
	Band      string   `json:"band,omitempty"`
	CritValue float64  `json:"crit_value,omitempty"`
	Draws     int      `json:"draws,omitempty"`
	Seed      uint64   `json:"seed"`
	Algorithm string   `json:"algorithm"`
	Notes     []string `json:"notes,omitempty"`
}

// Effect is one point of the event study (E, periods since treatment) or one
// cohort's effect (Group, its first treated period).
type Effect struct {
	E     *int    `json:"e,omitempty"`
	Group string  `json:"group,omitempty"`
	Units int     `json:"units,omitempty"`
	ATT   float64 `json:"att"`
	SE    float64 `json:"se"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// Aggregate is one of Callaway & Sant'Anna's overall summaries.
type Aggregate struct {
	Name   string  `json:"name"` // simple, group, dynamic
	ATT    float64 `json:"att"`
	SE     float64 `json:"se"`
	BootSE float64 `json:"boot_se,omitempty"`
}

// Cell is one group-time effect ATT(g,t), an aggregate over the cohort and
// its control group.
type Cell struct {
	Group    string  `json:"group"`
	Period   string  `json:"period"`
	ATT      float64 `json:"att"`
	SE       float64 `json:"se"`
	BootSE   float64 `json:"boot_se,omitempty"`
	Controls int     `json:"controls"`
}

// Weight is a period's weight in synthetic DiD's pre-period comparison.
type Weight struct {
	Period string  `json:"period"`
	Weight float64 `json:"weight"`
}

// PreTrend is the check of parallel pre-trends: the pre-period group-time
// effects (which are zero when trends were parallel) and their joint Wald
// test. P is nil when there is no pre-period to test or their covariance is
// singular.
type PreTrend struct {
	Tested  int      `json:"tested"`
	Wald    float64  `json:"wald,omitempty"`
	P       *float64 `json:"p"`
	Warning string   `json:"warning,omitempty"`
	// Caution says when the test is unreliable: too few units in a cohort
	// for the number of pre-periods tested (the χ² approximation then
	// over-rejects).
	Caution string `json:"caution,omitempty"`
	// ByEventTime holds, for did and sdid, the event-study effects before
	// treatment (Callaway & Sant'Anna against the never-treated) that the
	// test is about; for cs they are in Result.ByEventTime.
	ByEventTime []Effect `json:"by_event_time,omitempty"`
}

// z975 is the standard normal's 97.5% quantile.
const z975 = 1.959963984540054
