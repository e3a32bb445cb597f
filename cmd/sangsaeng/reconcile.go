package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/sangsaeng/sangsaeng/internal/reconcile"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// reconcileOptions are the flags of sangsaeng reconcile.
type reconcileOptions struct {
	format   string
	measures []string
	top      int
}

func runReconcile(ctx context.Context, env *Env, args []string) error {
	var cfg Config
	fs := flagSet(env, "reconcile", "RELEASE_A RELEASE_B", &cfg, "db", "memory")
	format := fs.String("format", "text", "text (summary and largest differences), csv or json (every key, and for json the summary)")
	measure := fs.String("measure", "", "measures to compare, comma-separated column names or published headers, e.g. amount,count (default: every numeric column)")
	top := fs.Int("top", 10, "largest differences listed per measure, and keys held by one release only")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		fmt.Fprintln(env.Stderr, "sangsaeng reconcile: name two releases by number or file name (sangsaeng datasets --releases lists them)")
		fs.Usage()
		return errUsage
	}
	if *format != "text" && *format != "csv" && *format != "json" {
		return fmt.Errorf("--format %q: want text, csv or json", *format)
	}
	if *top < 0 {
		return fmt.Errorf("--top %d: want 0 or more", *top)
	}
	opt := reconcileOptions{format: *format, top: *top}
	for _, m := range strings.Split(*measure, ",") {
		if m = strings.TrimSpace(m); m != "" {
			opt.measures = append(opt.measures, m)
		}
	}
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	var ids [2]int64
	for i, p := range pos {
		if ids[i], err = findRelease(ctx, db, p); err != nil {
			return err
		}
	}
	return reconcileReleases(ctx, db, ids[0], ids[1], opt, env.Stdout)
}

// findRelease resolves a release named by its number or by the name of the
// file it was ingested from (a path is read as its base name): the one
// release of that exact name, else the one whose name contains arg. Several
// releases of one name are an error listing them, so that the choice does
// not depend on the order of ingest.
func findRelease(ctx context.Context, db *store.DB, arg string) (int64, error) {
	if id, err := strconv.ParseInt(arg, 10, 64); err == nil {
		if id <= 0 {
			return 0, fmt.Errorf("release %q: a release is a number such as 3 or a file name", arg)
		}
		return id, nil
	}
	rels, err := db.Releases(ctx)
	if err != nil {
		return 0, err
	}
	name := filepath.Base(arg)
	var exact, part []store.Release
	for _, r := range rels {
		switch {
		case r.File == name:
			exact = append(exact, r)
		case strings.Contains(r.File, name):
			part = append(part, r)
		}
	}
	found := exact
	if len(found) == 0 {
		found = part
	}
	switch len(found) {
	case 0:
		return 0, fmt.Errorf("no release was ingested from a file named like %q (sangsaeng datasets --releases lists them)", arg)
	case 1:
		return found[0].ID, nil
	}
	var names []string
	for _, r := range found {
		names = append(names, fmt.Sprintf("%d %s (%s, %s)", r.ID, r.File, r.Dataset, r.IngestedAt.Format("2006-01-02 15:04")))
	}
	return 0, fmt.Errorf("%q names %d releases: %s; give the release number", arg, len(found), strings.Join(names, ", "))
}

// parseInterspersed parses flags placed before, between or after the
// positional arguments, and returns those.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// comparison is what reconcile compares: two releases of one dataset.
type comparison struct {
	a, b     *store.Release
	schema   *seoul.Schema
	measures []reconcile.Measure
}

func reconcileReleases(ctx context.Context, db *store.DB, idA, idB int64, opt reconcileOptions, w io.Writer) error {
	var c comparison
	for _, r := range []struct {
		id  int64
		dst **store.Release
	}{{idA, &c.a}, {idB, &c.b}} {
		rel, err := db.ReleaseByID(ctx, r.id)
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("release %d does not exist (sangsaeng datasets --releases lists them)", r.id)
		}
		if err != nil {
			return err
		}
		*r.dst = rel
	}
	if c.a.Dataset != c.b.Dataset {
		return fmt.Errorf("release %d is %s and release %d is %s: reconcile compares two releases of the same dataset",
			c.a.ID, c.a.Dataset, c.b.ID, c.b.Dataset)
	}
	if c.schema = seoul.SchemaOf(c.a.Dataset); c.schema == nil {
		return fmt.Errorf("%s has no numeric measures to compare", c.a.Dataset)
	}
	var err error
	if c.measures, err = reconcile.Measures(c.schema, opt.measures); err != nil {
		return err
	}
	if len(c.measures) == 0 {
		return fmt.Errorf("%s has no numeric measures to compare", c.a.Dataset)
	}
	cols := make([]string, len(c.measures))
	for i, m := range c.measures {
		cols[i] = m.Name
	}
	acc := reconcile.NewAccumulator(c.measures, opt.top)
	bw := bufio.NewWriter(w)
	var rows rowWriter
	switch opt.format {
	case "csv":
		rows = newReconcileCSV(bw, c)
	case "json":
		rows = newReconcileJSON(bw, c)
	}
	err = db.PairRows(ctx, c.a.Dataset, c.a.ID, c.b.ID, cols, func(key []string, a, b []float64) error {
		p := reconcile.Pair{Key: key, A: a, B: b}
		acc.Add(p)
		if rows != nil {
			return rows.row(p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sum := acc.Summary()
	if rows != nil {
		err = rows.end(sum)
	} else {
		err = writeReconcileText(bw, c, sum, opt.top)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

// rowWriter writes every compared key, then the summary.
type rowWriter interface {
	row(reconcile.Pair) error
	end(reconcile.Summary) error
}

// formatMeasure writes a measure's value: integers without decimals,
// decimals in the shortest exact form; "" for no value.
func formatMeasure(m reconcile.Measure, x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	if m.Integer && x == math.Trunc(x) && math.Abs(x) < 1<<53 {
		return strconv.FormatInt(int64(x), 10)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// reconcileCSV writes one line per key and measure.
type reconcileCSV struct {
	w *csv.Writer
	c comparison
}

func newReconcileCSV(w io.Writer, c comparison) *reconcileCSV {
	cw := csv.NewWriter(w)
	cw.Write(append(append([]string(nil), c.schema.Key...), "in", "measure", "a", "b", "diff", "ratio"))
	return &reconcileCSV{w: cw, c: c}
}

func (r *reconcileCSV) row(p reconcile.Pair) error {
	deltas := p.Deltas()
	for i, m := range r.c.measures {
		a, b, diff, ratio := "", "", "", ""
		switch p.Presence() {
		case reconcile.OnlyA:
			a = formatMeasure(m, p.A[i])
		case reconcile.OnlyB:
			b = formatMeasure(m, p.B[i])
		default:
			d := deltas[i]
			a, b = formatMeasure(m, d.A), formatMeasure(m, d.B)
			if d.OK {
				diff = formatMeasure(m, d.Diff)
			}
			if d.RatioOK {
				ratio = strconv.FormatFloat(d.Ratio, 'g', -1, 64)
			}
		}
		if err := r.w.Write(append(append([]string(nil), p.Key...), string(p.Presence()), m.Name, a, b, diff, ratio)); err != nil {
			return err
		}
	}
	return nil
}

func (r *reconcileCSV) end(reconcile.Summary) error {
	r.w.Flush()
	return r.w.Error()
}

// reconcileJSON writes {"dataset","a","b","key","measures","rows":[...],"summary"},
// streaming the rows.
type reconcileJSON struct {
	w   io.Writer
	c   comparison
	n   int
	err error
}

// jnum is a number in JSON, null when NaN.
type jnum float64

func (x jnum) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(x)) {
		return []byte("null"), nil
	}
	return []byte(strconv.FormatFloat(float64(x), 'f', -1, 64)), nil
}

type jsonDelta struct {
	A     jnum  `json:"a"`
	B     jnum  `json:"b"`
	Diff  *jnum `json:"diff"`
	Ratio *jnum `json:"ratio"`
}

func newReconcileJSON(w io.Writer, c comparison) *reconcileJSON {
	r := &reconcileJSON{w: w, c: c}
	head := struct {
		Dataset  seoul.Dataset       `json:"dataset"`
		A        *store.Release      `json:"a"`
		B        *store.Release      `json:"b"`
		Key      []string            `json:"key"`
		Measures []reconcile.Measure `json:"measures"`
	}{c.a.Dataset, c.a, c.b, c.schema.Key, c.measures}
	b, err := json.Marshal(head)
	if err != nil {
		r.err = err
		return r
	}
	_, r.err = fmt.Fprintf(w, "%s,\"rows\":[", b[:len(b)-1])
	return r
}

func (r *reconcileJSON) row(p reconcile.Pair) error {
	if r.err != nil {
		return r.err
	}
	var b strings.Builder
	key, _ := json.Marshal(p.Key)
	if r.n > 0 {
		b.WriteString(",")
	}
	fmt.Fprintf(&b, "\n{\"key\":%s,\"in\":%q,\"values\":{", key, p.Presence())
	deltas := p.Deltas()
	for i, m := range r.c.measures {
		d := jsonDelta{A: jnum(math.NaN()), B: jnum(math.NaN())}
		switch p.Presence() {
		case reconcile.OnlyA:
			d.A = jnum(p.A[i])
		case reconcile.OnlyB:
			d.B = jnum(p.B[i])
		default:
			x := deltas[i]
			d.A, d.B = jnum(x.A), jnum(x.B)
			if x.OK {
				diff := jnum(x.Diff)
				d.Diff = &diff
			}
			if x.RatioOK {
				ratio := jnum(x.Ratio)
				d.Ratio = &ratio
			}
		}
		v, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "%q:%s", m.Name, v)
	}
	b.WriteString("}}")
	r.n++
	_, err := io.WriteString(r.w, b.String())
	return err
}

func (r *reconcileJSON) end(s reconcile.Summary) error {
	if r.err != nil {
		return r.err
	}
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(r.w, "],\"summary\":%s}\n", b)
	return err
}

// writeReconcileText prints the summary, a table of the measures and the
// largest differences of each.
func writeReconcileText(w io.Writer, c comparison, s reconcile.Summary, top int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "reconcile %s: release %d (%s) → release %d (%s)\n", c.a.Dataset, c.a.ID, c.a.File, c.b.ID, c.b.File)
	fmt.Fprintf(&b, "keys (%s): %s in either, %s in both, %s only in A, %s only in B; %s in both with every measure equal\n",
		strings.Join(c.schema.Key, ", "), groupDigits(int64(s.Keys)), groupDigits(int64(s.Both)),
		groupDigits(int64(s.OnlyA)), groupDigits(int64(s.OnlyB)), groupDigits(int64(s.Exact)))
	for _, only := range []struct {
		label string
		n     int
		keys  [][]string
	}{{"only in A", s.OnlyA, s.OnlyAKeys}, {"only in B", s.OnlyB, s.OnlyBKeys}} {
		if len(only.keys) == 0 {
			continue
		}
		var ks []string
		for _, k := range only.keys {
			ks = append(ks, strings.Join(k, "/"))
		}
		more := ""
		if only.n > len(only.keys) {
			more = fmt.Sprintf(" … and %s more", groupDigits(int64(only.n-len(only.keys))))
		}
		fmt.Fprintf(&b, "%s: %s%s\n", only.label, strings.Join(ks, ", "), more)
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "MEASURE\tCOMPARED\tEQUAL\tA=0≠B\tΣ A\tΣ B\tB/A P10\tMEDIAN\tP90\t")
	for i, st := range s.Measures {
		m := c.measures[i]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", m.Name, groupDigits(int64(st.Compared)), groupDigits(int64(st.Exact)),
			groupDigits(int64(st.AZero)), textValue(m, st.SumA), textValue(m, st.SumB), ratioText(st.P10), ratioText(st.Median), ratioText(st.P90))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if top > 0 {
		fmt.Fprintf(&b, "\nlargest differences (|B − A|, top %d per measure):\n", top)
		none := true
		for i, st := range s.Measures {
			if len(st.Largest) == 0 {
				continue
			}
			none = false
			m := c.measures[i]
			fmt.Fprintf(&b, "%s (%s)\n", m.Name, m.Header)
			tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
			for _, l := range st.Largest {
				diff := textValue(m, l.Diff)
				if l.Diff > 0 {
					diff = "+" + diff
				}
				fmt.Fprintf(tw, "  %s\tA %s\tB %s\tB−A %s\tB/A %s\t\n", strings.Join(l.Key, "/"), textValue(m, l.A), textValue(m, l.B), diff, ratioText(l.Ratio))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		if none {
			b.WriteString("  none: every key in both releases has equal values\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// textValue is a value for people: integers with thousands separators,
// decimals to 2 places.
func textValue(m reconcile.Measure, x float64) string {
	if math.IsNaN(x) {
		return "-"
	}
	if m.Integer && math.Abs(x) < 1<<53 {
		return groupDigits(int64(math.Round(x)))
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

func ratioText(r *float64) string {
	if r == nil {
		return "-"
	}
	return strconv.FormatFloat(*r, 'g', 9, 64)
}
