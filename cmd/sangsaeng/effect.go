package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/effect"
)

// effectOptions are the flags of sangsaeng effect.
type effectOptions struct {
	panel, cohort string
	// A merchant panel from the feeds (effect_feeds.go).
	sales, merchants, areas string
	period, memory          string
	sameIndustry            bool
	excludeOwn              bool
	// A district panel from the store (effect_district.go).
	db, districtCohort, industry string
	method, control              string
	outcome, format              string
	k, draws, match              int
	drawsSet                     bool
	seed                         uint64
}

// runEffect runs sangsaeng effect: it reads a panel and a cohort file,
// estimates the effect and prints it.
func runEffect(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "effect", "", &cfg, "db")
	var o effectOptions
	fs.StringVar(&o.panel, "panel", "", "CSV with a header naming unit, period and the outcome column (period: an integer, YYYY-MM or YYYY-Www)")
	fs.StringVar(&o.cohort, "cohort", "", "CSV with a header naming unit and first_treated (empty or 0: never treated); panel units not listed are never treated")
	fs.StringVar(&o.sales, "sales", "", "card-sales feed (docs/fusion.md, CSV or Parquet): build the panel per merchant and period from it, with --merchants")
	fs.StringVar(&o.merchants, "merchants", "", "merchant master of the feeds (docs/fusion.md); the cohort links by business_no when its units are 10-digit business numbers and the master has the column, else by merchant_id")
	fs.StringVar(&o.areas, "areas", "", "영역-상권 Shapefile placing the merchants in districts (for --exclude-own-district)")
	fs.StringVar(&o.period, "period", "month", "with --sales: month (calendar) or week (ISO)")
	fs.BoolVar(&o.sameIndustry, "same-industry", false, "with --sales: controls of the treated units' industries only")
	fs.BoolVar(&o.excludeOwn, "exclude-own-district", false, "with --sales and --areas: leave out controls in a treated unit's 상권 (spill-overs)")
	fs.StringVar(&o.districtCohort, "district-cohort", "", "CSV naming district_code and first_treated (a quarter yyyyq, e.g. 20253): estimate on the published 추정매출 per district and quarter in --db")
	fs.StringVar(&o.industry, "industry", "", "with --district-cohort: one industry's sales (서비스_업종_코드, e.g. CS300002); default all")
	fs.StringVar(&o.memory, "memory-limit", "", "with --sales: the batch engine's memory, e.g. 2GB (default: DuckDB's)")
	fs.StringVar(&o.method, "method", "cs", "cs (Callaway & Sant'Anna), did (plain difference in differences) or sdid (synthetic DiD)")
	fs.StringVar(&o.control, "control", "never", "comparison units for cs: never (never treated) or notyet (also those treated later)")
	fs.StringVar(&o.outcome, "outcome", "value", "the panel's outcome column (e.g. amount or count), else its name in the text for a column called value")
	fs.IntVar(&o.k, "k", effect.DefaultMinUnits, "smallest cohort or comparison group reported (privacy)")
	fs.IntVar(&o.draws, "bootstrap", 999, "multiplier-bootstrap draws for cs (0: none); placebo replications for sdid (default 200)")
	var seed int64
	fs.Int64Var(&seed, "seed", 1, "random seed of the bootstrap or placebo draws")
	fs.StringVar(&o.format, "format", "text", "text, markdown or json (the API's object)")
	fs.IntVar(&o.match, "match", 0, "match first: keep the N never-treated units nearest each treated unit on pre-period level and trend (0: keep all)")
	if err := parse(fs, args); err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "bootstrap" {
			o.drawsSet = true
		}
	})
	o.seed = uint64(seed)
	o.db = cfg.DB
	feeds := o.sales != "" || o.merchants != ""
	if o.districtCohort != "" {
		if fs.NArg() > 0 || o.panel != "" || o.cohort != "" || feeds {
			fmt.Fprintln(env.Stderr, "sangsaeng effect: --district-cohort takes its panel from --db; give no --panel, --cohort, --sales or --merchants")
			fs.Usage()
			return errUsage
		}
		if o.outcome == "value" {
			o.outcome = "amount"
		}
		if o.outcome != "amount" && o.outcome != "count" {
			return fmt.Errorf("--outcome %q: with --district-cohort want amount or count", o.outcome)
		}
	} else if o.industry != "" {
		return fmt.Errorf("--industry applies to --district-cohort")
	} else if fs.NArg() > 0 || o.cohort == "" || (o.panel == "") == !feeds || (feeds && (o.sales == "" || o.merchants == "")) {
		fmt.Fprintln(env.Stderr, "sangsaeng effect: give --panel PANEL or --sales FEED --merchants MASTER, with --cohort COHORT, and no other arguments")
		fs.Usage()
		return errUsage
	}
	if feeds {
		if o.outcome == "value" {
			o.outcome = "amount"
		}
		switch {
		case o.outcome != "amount" && o.outcome != "count":
			return fmt.Errorf("--outcome %q: with --sales want amount or count", o.outcome)
		case o.period != "month" && o.period != "week":
			return fmt.Errorf("--period %q: want month or week", o.period)
		case o.excludeOwn && o.areas == "":
			return fmt.Errorf("--exclude-own-district needs --areas to place the merchants in districts")
		}
	} else if o.districtCohort == "" && (o.sameIndustry || o.excludeOwn || o.areas != "") {
		return fmt.Errorf("--same-industry, --exclude-own-district and --areas apply to panels built with --sales")
	}
	if !slices.Contains([]string{"cs", "did", "sdid"}, o.method) {
		return fmt.Errorf("--method %q: want cs, did or sdid", o.method)
	}
	if o.control != "never" && o.control != "notyet" {
		return fmt.Errorf("--control %q: want never or notyet", o.control)
	}
	if o.control == "notyet" && o.method != "cs" {
		return fmt.Errorf("--control notyet applies to --method cs; did and sdid compare one cohort with the never treated")
	}
	if !slices.Contains([]string{"text", "markdown", "json"}, o.format) {
		return fmt.Errorf("--format %q: want text, markdown or json", o.format)
	}
	if o.k < 1 || o.draws < 0 || o.match < 0 {
		return fmt.Errorf("--k %d, --bootstrap %d, --match %d: want k ≥ 1, bootstrap ≥ 0 and match ≥ 0", o.k, o.draws, o.match)
	}
	if o.match > 0 && o.control == "notyet" {
		return fmt.Errorf("--match keeps never-treated units only; use it with --control never")
	}
	res, axis, err := estimateEffect(ctx, o)
	if err != nil {
		return err
	}
	return writeEffect(env.Stdout, res, axis, o)
}

// estimateEffect reads the files and runs the method o names.
func estimateEffect(ctx context.Context, o effectOptions) (*effect.Result, periodKind, error) {
	var in *effectInput
	var err error
	switch {
	case o.districtCohort != "":
		in, err = readDistrictInput(ctx, o.db, o)
	case o.sales != "":
		in, err = readFeedInput(ctx, o)
	default:
		in, err = readPanelFiles(o)
	}
	if err != nil {
		return nil, 0, err
	}
	opt := effect.Options{MinUnits: o.k, Bootstrap: o.draws, Seed: o.seed, Label: in.kind.format}
	if o.control == "notyet" {
		opt.Control = effect.NotYetTreated
	}
	var balance []effect.Balance
	if o.match > 0 {
		m, err := effect.MatchPanel(in.panel, o.match, opt)
		if err != nil {
			return nil, 0, err
		}
		in.panel, balance = m.Panel, m.Balance
		in.notes = append(in.notes, fmt.Sprintf("matched: %d of %d never-treated units kept, the %d nearest each treated unit on pre-period level and trend", m.Kept, m.Of, o.match))
	}
	var res *effect.Result
	switch o.method {
	case "cs":
		res, err = effect.CallawaySantAnna(in.panel, opt)
	case "did":
		res, err = effect.DiD(in.panel, opt)
	case "sdid":
		if !o.drawsSet {
			opt.Bootstrap = effect.DefaultPlacebo
		}
		res, err = effect.Synthetic(in.panel, effect.SynthDiD, opt)
	}
	if err != nil {
		return nil, 0, err
	}
	res.Notes = append(in.notes, res.Notes...)
	res.Balance = balance
	return res, in.kind, nil
}

// readPanelFiles reads --panel and --cohort.
func readPanelFiles(o effectOptions) (*effectInput, error) {
	pf, err := os.Open(o.panel)
	if err != nil {
		return nil, err
	}
	defer pf.Close()
	cf, err := os.Open(o.cohort)
	if err != nil {
		return nil, err
	}
	defer cf.Close()
	return readEffectInput(o.panel, pf, o.cohort, cf, o.outcome)
}

// periodKind is the form of a panel's periods.
type periodKind int

const (
	periodNone periodKind = iota
	periodInt
	periodMonth
	periodWeek
	periodQuarter // yyyyq, labelled y·4 + q − 1
)

var (
	reInt   = regexp.MustCompile(`^-?[0-9]+$`)
	reMonth = regexp.MustCompile(`^([0-9]{4})-([0-9]{2})$`)
	reWeek  = regexp.MustCompile(`^([0-9]{4})-W([0-9]{2})$`)
)

// weekZero is the Monday that week number 0 starts on.
var weekZero = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) // a Monday

// parsePeriod returns the label of s (integers as they are, months
// numbered y·12+m−1, ISO weeks numbered from weekZero) and its form.
func parsePeriod(s string) (int, periodKind, error) {
	switch {
	case reInt.MatchString(s):
		v, err := strconv.Atoi(s)
		return v, periodInt, err
	case reMonth.MatchString(s):
		m := reMonth.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return 0, 0, fmt.Errorf("%q: month %d is not 01–12", s, mo)
		}
		return y*12 + mo - 1, periodMonth, nil
	case reWeek.MatchString(s):
		m := reWeek.FindStringSubmatch(s)
		y, _ := strconv.Atoi(m[1])
		w, _ := strconv.Atoi(m[2])
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
		monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(w-1))
		if yy, ww := monday.ISOWeek(); w < 1 || yy != y || ww != w {
			return 0, 0, fmt.Errorf("%q: %d has no ISO week %d", s, y, w)
		}
		return int((monday.Unix()-weekZero.Unix())/86400) / 7, periodWeek, nil
	}
	return 0, 0, fmt.Errorf("%q: want an integer, YYYY-MM or YYYY-Www", s)
}

// format prints a period label in the panel's form.
func (k periodKind) format(l int) string {
	switch k {
	case periodMonth:
		return fmt.Sprintf("%04d-%02d", l/12, l%12+1)
	case periodWeek:
		y, w := weekZero.AddDate(0, 0, 7*l).ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case periodQuarter:
		return fmt.Sprintf("%04d%d", l/4, l%4+1)
	}
	return strconv.Itoa(l)
}

// unitWord is what one period is called in the text.
func (k periodKind) unitWord(n int) string {
	w := map[periodKind]string{periodMonth: "month", periodWeek: "week", periodQuarter: "quarter"}[k]
	if w == "" {
		w = "period"
	}
	if n != 1 {
		w += "s"
	}
	return w
}

// effectInput is a panel read from files, with what was noted on the way.
type effectInput struct {
	panel effect.Panel
	kind  periodKind
	notes []string
}

// csvTable reads a CSV file's header and returns the columns named want
// (case-insensitive; "a|b" takes a, else b) in that order and a reader
// positioned after it.
func csvTable(name string, r io.Reader, want ...string) (*csv.Reader, []int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: line 1: %w", name, err)
	}
	idx := make([]int, len(want))
	for j, w := range want {
		idx[j] = -1
		for _, alt := range strings.Split(w, "|") {
			for i, h := range head {
				if idx[j] < 0 && strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), alt) {
					idx[j] = i
				}
			}
		}
		if idx[j] < 0 {
			return nil, nil, fmt.Errorf("%s: line 1: no column \"%s\" in the header (want columns %s)", name,
				strings.ReplaceAll(w, "|", `" or "`), strings.ReplaceAll(strings.Join(want, ", "), "|", " or "))
		}
	}
	return cr, idx, nil
}

// readEffectInput reads PANEL (unit, period, outcome) and COHORT (unit,
// first_treated) into a balanced panel. Bad rows are named by file, line and
// column; mixed period forms, duplicate rows and missing unit-periods are
// refused.
func readEffectInput(panelName string, panel io.Reader, cohortName string, cohort io.Reader, outcome string) (*effectInput, error) {
	in := &effectInput{}
	// --outcome names the value column, or only the outcome when the column
	// is called value.
	cr, col, err := csvTable(panelName, panel, "unit", "period", outcome+"|value")
	if err != nil {
		return nil, err
	}
	type obs struct {
		unit, period int
		v            float64
		line         int
	}
	var rows []obs
	unitIdx := map[string]int{}
	var units []string
	periodSet := map[int]bool{}
	kindLine := 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", panelName, err)
		}
		field := func(j int) (string, error) {
			if col[j] >= len(rec) {
				return "", fmt.Errorf("%s: line %d: column %q missing", panelName, line, []string{"unit", "period", outcome}[j])
			}
			return strings.TrimSpace(rec[col[j]]), nil
		}
		u, err := field(0)
		if err != nil {
			return nil, err
		}
		if u == "" {
			return nil, fmt.Errorf("%s: line %d: column \"unit\": empty", panelName, line)
		}
		ps, err := field(1)
		if err != nil {
			return nil, err
		}
		p, k, err := parsePeriod(ps)
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: column \"period\": %w", panelName, line, err)
		}
		if in.kind == periodNone {
			in.kind, kindLine = k, line
		} else if k != in.kind {
			return nil, fmt.Errorf("%s: line %d: column \"period\": %q mixes period forms with line %d's %s", panelName, line, ps, kindLine, in.kind.format(rows[0].period))
		}
		vs, err := field(2)
		if err != nil {
			return nil, err
		}
		v, err := strconv.ParseFloat(vs, 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: line %d: column %q: %q is not a number", panelName, line, outcome, vs)
		}
		ui, ok := unitIdx[u]
		if !ok {
			ui = len(units)
			unitIdx[u] = ui
			units = append(units, u)
		}
		periodSet[p] = true
		rows = append(rows, obs{ui, p, v, line})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", panelName)
	}
	periods := make([]int, 0, len(periodSet))
	for p := range periodSet {
		periods = append(periods, p)
	}
	slices.Sort(periods)
	for t := 1; t < len(periods); t++ {
		if periods[t] != periods[t-1]+1 {
			return nil, fmt.Errorf("%s: periods must be consecutive: no unit has %s (between %s and %s)", panelName,
				in.kind.format(periods[t-1]+1), in.kind.format(periods[t-1]), in.kind.format(periods[t]))
		}
	}
	T := len(periods)
	y := make([]float64, len(units)*T)
	seen := make([]int, len(units)*T) // line number + 1
	for _, r := range rows {
		k := r.unit*T + r.period - periods[0]
		if seen[k] != 0 {
			return nil, fmt.Errorf("%s: line %d: unit %q, period %s already given on line %d", panelName, r.line, units[r.unit], in.kind.format(r.period), seen[k])
		}
		seen[k] = r.line
		y[k] = r.v
	}
	var missing []string
	var nMissing int
	for k, s := range seen {
		if s == 0 {
			nMissing++
			if len(missing) < 5 {
				missing = append(missing, fmt.Sprintf("%s %s", units[k/T], in.kind.format(periods[k%T])))
			}
		}
	}
	if nMissing > 0 {
		return nil, fmt.Errorf("%s: the panel is not balanced: %d unit-period(s) missing, e.g. %s; give every unit a value in every period from %s to %s", panelName,
			nMissing, strings.Join(missing, ", "), in.kind.format(periods[0]), in.kind.format(periods[T-1]))
	}

	given, err := readCohort(cohortName, cohort, in.kind, periods[0])
	if err != nil {
		return nil, err
	}
	first := make([]int, len(units))
	var absent int
	for u, f := range given {
		ui, ok := unitIdx[u]
		if !ok {
			absent++
			continue
		}
		first[ui] = f
	}
	if absent > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d unit(s) of %s have no rows in %s and were left out", absent, cohortName, panelName))
	}
	if n := len(units) - countGiven(units, given); n > 0 {
		in.notes = append(in.notes, fmt.Sprintf("%d unit(s) of the panel are not in %s and count as never treated", n, cohortName))
	}
	in.panel = effect.Panel{Periods: periods, First: first, Y: y}
	return in, nil
}

// readCohort reads COHORT (unit, first_treated) into the first treated
// period label of each unit given (effect.Never for empty or 0). Periods are
// in the panel's form (kind; example is a label printed in errors); for
// month and week panels a date YYYY-MM-DD also names the period holding it.
// A unit given twice is an error naming both lines.
func readCohort(name string, r io.Reader, kind periodKind, example int) (map[string]int, error) {
	return readFirstTreated(name, r, "unit", "unit", "unit", func(fs string) (int, error) {
		f, k, err := parsePeriod(fs)
		if d, derr := time.Parse(time.DateOnly, fs); err != nil && derr == nil && (kind == periodMonth || kind == periodWeek) {
			f, k, err = dateLabel(d, kind), kind, nil
		}
		if err != nil {
			return 0, err
		}
		if k != kind {
			return 0, fmt.Errorf("%q is not in the panel's period form (e.g. %s)", fs, kind.format(example))
		}
		return f, nil
	})
}

// readFirstTreated reads a cohort file: a key column (keyCol, a csvTable
// name spec; keyName in messages, noun for a key given twice) and
// first_treated, parsed by parse unless empty or 0 (effect.Never). Errors
// name the file, line and column; a key given twice names both lines.
func readFirstTreated(name string, r io.Reader, keyCol, keyName, noun string, parse func(string) (int, error)) (map[string]int, error) {
	cr, col, err := csvTable(name, r, keyCol, "first_treated")
	if err != nil {
		return nil, err
	}
	given := map[string]int{}
	lines := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return given, nil
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if col[0] >= len(rec) || col[1] >= len(rec) {
			return nil, fmt.Errorf("%s: line %d: want columns %s and first_treated", name, line, keyName)
		}
		k, fs := strings.TrimSpace(rec[col[0]]), strings.TrimSpace(rec[col[1]])
		if prev, ok := lines[k]; ok {
			return nil, fmt.Errorf("%s: line %d: %s %q already given on line %d", name, line, noun, k, prev)
		}
		lines[k] = line
		f := effect.Never
		if fs != "" && fs != "0" {
			if f, err = parse(fs); err != nil {
				return nil, fmt.Errorf("%s: line %d: column \"first_treated\": %w", name, line, err)
			}
		}
		given[k] = f
	}
}

// dateLabel is the label of the month or ISO week holding d.
func dateLabel(d time.Time, kind periodKind) int {
	if kind == periodMonth {
		return d.Year()*12 + int(d.Month()) - 1
	}
	monday := d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	return int((monday.Unix()-weekZero.Unix())/86400) / 7
}

func countGiven[V any](units []string, given map[string]V) int {
	var n int
	for _, u := range units {
		if _, ok := given[u]; ok {
			n++
		}
	}
	return n
}

// writeEffect prints the result in the format o asks for.
func writeEffect(w io.Writer, res *effect.Result, kind periodKind, o effectOptions) error {
	if o.format == "json" {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	md := o.format == "markdown"
	var b strings.Builder
	methods := map[string]string{
		"cs":   "Callaway & Sant'Anna (2021) difference in differences",
		"did":  "plain difference in differences",
		"sdid": "synthetic difference in differences (Arkhangelsky et al. 2021)",
	}
	title := fmt.Sprintf("Effect on %s — %s", o.outcome, methods[res.Method])
	if md {
		fmt.Fprintf(&b, "## %s\n\n", title)
	} else {
		fmt.Fprintf(&b, "%s\n\n", title)
	}
	b.WriteString(headline(res, kind, o.outcome))
	b.WriteString("\n\n")
	b.WriteString(preTrendWords(res))
	if res.Method == "cs" {
		band := "95% pointwise intervals"
		if res.Band == "uniform" {
			band = fmt.Sprintf("95%% uniform band over all %s (bootstrap, %d draws)", kind.unitWord(2), res.Draws)
		}
		fmt.Fprintf(&b, "\nBy %s since treatment began (negative: before; %s):\n\n", kind.unitWord(1), band)
		rows := [][]string{{"since", "effect", "low", "high"}}
		for _, e := range res.ByEventTime {
			rows = append(rows, []string{strconv.Itoa(*e.E), num(e.ATT), num(e.Lo), num(e.Hi)})
		}
		table(&b, rows, md)
		b.WriteString("\nBy cohort (first treated in):\n\n")
		rows = [][]string{{"cohort", "units", "effect", "low", "high"}}
		for _, g := range res.ByGroup {
			rows = append(rows, []string{g.Group, strconv.Itoa(g.Units), num(g.ATT), num(g.Lo), num(g.Hi)})
		}
		table(&b, rows, md)
	}
	if pre := res.PreTrend.ByEventTime; len(pre) > 0 {
		fmt.Fprintf(&b, "\nBefore treatment, by %s (difference against the never-treated, Callaway & Sant'Anna; 95%% pointwise intervals):\n\n", kind.unitWord(1))
		rows := [][]string{{"since", "difference", "low", "high"}}
		for _, e := range pre {
			rows = append(rows, []string{strconv.Itoa(*e.E), num(e.ATT), num(e.Lo), num(e.Hi)})
		}
		table(&b, rows, md)
	}
	if len(res.Balance) > 0 {
		b.WriteString("\nBalance of the matching (standardised difference: treated − controls, in treated SDs):\n\n")
		rows := [][]string{{"feature", "treated", "controls before", "SMD before", "controls after", "SMD after"}}
		for _, x := range res.Balance {
			rows = append(rows, []string{x.Feature, num(x.Treated), num(x.ControlsAll), fmt.Sprintf("%.3f", x.SMDBefore), num(x.ControlsKept), fmt.Sprintf("%.3f", x.SMDAfter)})
		}
		table(&b, rows, md)
	}
	if len(res.TimeWeights) > 0 {
		var tw []string
		for _, w := range res.TimeWeights {
			tw = append(tw, fmt.Sprintf("%s %.3f", w.Period, w.Weight))
		}
		fmt.Fprintf(&b, "\nPre-treatment %s weighed: %s.\n", kind.unitWord(2), strings.Join(tw, ", "))
	}
	if len(res.Notes) > 0 {
		b.WriteString("\nNotes:\n")
		for _, n := range res.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	fmt.Fprintf(&b, "\n%s; seed %d.\n", res.Algorithm, res.Seed)
	_, err := io.WriteString(w, b.String())
	return err
}

// headline says the effect in a program manager's words: the percentage
// against the treated units' counterfactual mean, and its 95% interval.
func headline(res *effect.Result, kind periodKind, outcome string) string {
	who := outcome
	if who == "value" {
		who = "the outcome"
	}
	comparison := "comparable units'"
	if res.Control == "notyet" {
		comparison = "comparable units' (never or not yet treated)"
	}
	after := fmt.Sprintf("in the %d %s after treatment began", res.PostPeriods, kind.unitWord(res.PostPeriods))
	var s string
	if cf := res.Counterfactual; cf > 0 {
		pct := 100 * res.ATT / cf
		dir := "higher"
		if pct < 0 {
			dir = "lower"
		}
		s = fmt.Sprintf("%s of the %d treated units averaged %.1f%% %s than %s %s (%s per unit and %s); 95%% interval %.1f%% to %.1f%%.",
			capitalise(who), res.Treated, math.Abs(pct), dir, comparison, after, signed(res.ATT), kind.unitWord(1), 100*res.CI[0]/cf, 100*res.CI[1]/cf)
	} else {
		s = fmt.Sprintf("%s of the %d treated units changed by %s per unit and %s against %s %s; 95%% interval %s to %s.",
			capitalise(who), res.Treated, signed(res.ATT), kind.unitWord(1), comparison, after, num(res.CI[0]), num(res.CI[1]))
	}
	s += fmt.Sprintf(" Compared with %d units over %d %s.", res.Controls, res.Periods, kind.unitWord(res.Periods))
	if res.CI[0] <= 0 && res.CI[1] >= 0 {
		s += " The interval includes no effect at all: these data cannot tell the effect apart from chance."
	}
	return s
}

func preTrendWords(res *effect.Result) string {
	pt := res.PreTrend
	var s string
	switch {
	case pt.P == nil:
		s = "Pre-trend check: " + pt.Warning + "."
	case pt.Warning != "":
		s = "WARNING: " + pt.Warning + "."
	default:
		s = fmt.Sprintf("Pre-trend check: before treatment the treated and comparison units moved alike (joint test of %d pre-treatment cohort-periods, p = %.3f).", pt.Tested, *pt.P)
	}
	if pt.Caution != "" {
		s += " Caution: " + pt.Caution + "."
	}
	return s + "\n"
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// num prints a figure with 4 significant digits and thousands separators
// for large ones.
func num(v float64) string {
	if math.Abs(v) >= 1000 {
		s := strconv.FormatInt(int64(math.Round(math.Abs(v))), 10)
		var b strings.Builder
		for i, c := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		if v < 0 {
			return "-" + b.String()
		}
		return b.String()
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

func signed(v float64) string {
	if v >= 0 {
		return "+" + num(v)
	}
	return num(v)
}

// table writes rows as aligned text or a markdown table.
func table(b *strings.Builder, rows [][]string, md bool) {
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for j, c := range r {
			width[j] = max(width[j], len([]rune(c)))
		}
	}
	for i, r := range rows {
		if md {
			b.WriteString("| " + strings.Join(r, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|" + strings.Repeat("---|", len(r)) + "\n")
			}
			continue
		}
		for j, c := range r {
			fmt.Fprintf(b, "  %*s", width[j], c)
		}
		b.WriteString("\n")
	}
}
