// Command webperf measures the web app of a running `sangsaeng serve` in
// headless Chromium: the first load (cold cache, then warm), the bytes it
// transfers, and the time to colour every district after the indicator
// changes. bench/web.sh builds, loads the real data, serves and runs it;
// docs/benchmarks-web.md has the results and how to read them.
//
//	webperf -url http://127.0.0.1:8080 [-runs 15] [-chromium /usr/bin/chromium] [-out webperf.json] [-trace trace.json]
//
// Each run opens a fresh browser context (its own empty HTTP cache and
// storage) in one browser started with a fresh user-data-dir, and:
//
//  1. cold load: navigates to the app and waits for body[data-ready=true];
//     first load = body[data-colored-at] − performance.timeOrigin (both
//     epoch milliseconds in the page), with the Navigation Timing's
//     domContentLoaded and loadEventEnd, the Go wall clock around navigate +
//     wait, a "painted" time (the end of the first frame after the
//     colouring: a MutationObserver on data-colored-at, then
//     requestAnimationFrame, then a task) and a "settled" time (the end of
//     the last long task after the colouring, once a second has passed
//     without one: Leaflet may redraw every path after the colouring);
//  2. the indicator changes, each indicator in turn, twice: t0 = Date.now()
//     in the page just before the change event on #indicator, then the wait
//     for data-colored-at ≥ t0 (a new colouring) and data-ready=true; colour
//     time = data-colored-at − t0. The first pass fetches /api/v1/map (unless
//     the page fetched it already); the second is served by the app's own
//     in-memory cache of answers;
//  3. warm load: about:blank, then the app again in the same context (the
//     HTTP cache holds what the cold load stored).
//
// Bytes come from the DevTools Network events: on the wire = the sum of
// Network.loadingFinished encodedDataLength (response headers and the
// compressed body), decoded = the sum of Network.dataReceived dataLength,
// per resource type. Per-request timings come from the page's Resource
// Timing entries (same clock as the page's own marks); main-thread time from
// Performance.getMetrics (ScriptDuration, LayoutDuration,
// RecalcStyleDuration, TaskDuration) and long tasks (PerformanceObserver).
// With -trace, one more run, left out of the statistics, records the
// DevTools Performance timeline and sums the main thread's time by kind.
//
// Before each run it waits until the 1-minute load average is below -maxload
// and the CPUs were less than -maxbusy busy over 2 s (checking every 20 s,
// up to -loadwait), and records the load it started at and how busy the
// CPUs were during the run. The numbers are timings of one machine: read
// them as such; nothing here asserts on them.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdpio "github.com/chromedp/cdproto/io"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

func main() {
	var cfg config
	flag.StringVar(&cfg.url, "url", "", "the app's URL: a running `sangsaeng serve`, e.g. http://127.0.0.1:8080 (required)")
	flag.IntVar(&cfg.runs, "runs", 15, "runs, each in a fresh browser context")
	flag.StringVar(&cfg.chromium, "chromium", "", "Chromium or Chrome executable (default: chromium, chromium-browser or google-chrome on PATH)")
	flag.StringVar(&cfg.out, "out", "webperf.json", "write every run and the summary as JSON here; empty: no file")
	flag.StringVar(&cfg.indicators, "indicators", "foot_traffic_per_km2,close_rate,evaluation_score,startup_risk,sales_amount", "indicators to colour the map by, in this order")
	flag.Float64Var(&cfg.maxLoad, "maxload", 1.5, "before each run wait until the 1-minute load average is below this; 0: do not wait")
	flag.Float64Var(&cfg.maxBusy, "maxbusy", 0.25, "and until the CPUs were less busy than this share over 2 s (all CPUs; 0: do not look)")
	flag.DurationVar(&cfg.loadWait, "loadwait", 5*time.Minute, "wait at most this long for the load before a run (then run anyway, and say so)")
	flag.DurationVar(&cfg.timeout, "timeout", 3*time.Minute, "time limit of one run")
	flag.StringVar(&cfg.trace, "trace", "", "after the timed runs, one more run (not in the statistics) with the DevTools Performance timeline recorded: write the trace here (open it in DevTools' Performance panel or ui.perfetto.dev) and sum the main thread's time by kind for the cold load and each colouring")
	flag.IntVar(&cfg.width, "width", 1280, "viewport width")
	flag.IntVar(&cfg.height, "height", 900, "viewport height")
	flag.Parse()
	if cfg.url == "" || cfg.runs < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(cfg); err != nil {
		fmt.Fprintln(os.Stderr, "webperf:", err)
		os.Exit(1)
	}
}

type config struct {
	url, chromium, out, indicators, trace string
	runs, width, height                   int
	maxLoad, maxBusy                      float64
	loadWait, timeout                     time.Duration
}

// ---- results ------------------------------------------------------------

// Report is the JSON webperf writes.
type Report struct {
	Meta    Meta      `json:"meta"`
	Runs    []Run     `json:"runs"`
	Summary []Summary `json:"summary"`
	Trace   *Trace    `json:"trace,omitempty"`
}

type Meta struct {
	URL         string   `json:"url"`
	Date        string   `json:"date"`
	Runs        int      `json:"runs"`
	Browser     string   `json:"browser"`
	UserAgent   string   `json:"user_agent"`
	Go          string   `json:"go"`
	CPUs        int      `json:"cpus"`
	Viewport    string   `json:"viewport"`
	Indicators  []string `json:"indicators"`
	MaxLoad     float64  `json:"max_load"`
	MaxBusy     float64  `json:"max_busy"`
	Percentiles string   `json:"percentiles"`
}

type Run struct {
	N         int       `json:"n"`
	LoadAvg   float64   `json:"load_avg_1m"` // when the run started
	LoadWait  float64   `json:"load_wait_s"` // how long it waited for the load to fall
	LoadOver  bool      `json:"load_over"`   // it gave up waiting
	CPUBusy   float64   `json:"cpu_busy"`    // share of all CPUs busy during the run (/proc/stat), this run's browser and server included
	Cold      Load      `json:"cold"`
	Warm      Load      `json:"warm"`
	Changes   []Change  `json:"changes"`
	Shapes    Shapes    `json:"shapes"`
	Exception []string  `json:"exceptions,omitempty"`
	Started   time.Time `json:"started"`
}

// Load is one navigation to the app until every district is coloured.
type Load struct {
	ReadyMS    float64 `json:"ready_ms"`   // data-colored-at − timeOrigin
	PaintedMS  float64 `json:"painted_ms"` // end of the first frame after the colouring
	WallMS     float64 `json:"wall_ms"`    // Go clock around navigate + wait (10 ms polling)
	ResponseMS float64 `json:"document_response_end_ms"`
	DCLMS      float64 `json:"dom_content_loaded_ms"` // domContentLoadedEventEnd
	LoadMS     float64 `json:"load_event_end_ms"`
	Traffic
	Fetches   []Fetch  `json:"fetches"`     // Resource Timing of every request, ms from navigation start
	Main      MainTime `json:"main"`        // main thread, navigation → network idle after the colouring
	LongTasks float64  `json:"longtask_ms"` // sum of long tasks (> 50 ms) before the colouring
	// Leaflet may still redraw every path after the colouring (the end of
	// the zoom animation of fitBounds): settled = the end of the last long
	// task after the colouring (or painted, if none), once the page has had
	// no long task for a second
	LongAfter float64 `json:"longtask_after_ms"`
	SettledMS float64 `json:"settled_ms"`
}

// Traffic sums the Network events of a phase.
type Traffic struct {
	Requests    int                `json:"requests"`
	FromCache   int                `json:"from_cache"` // memory or disk cache, no request sent
	NotModified int                `json:"not_modified"`
	WireBytes   float64            `json:"wire_bytes"`    // Σ loadingFinished.encodedDataLength
	BodyBytes   float64            `json:"body_bytes"`    // Σ loadingFinished.encodedBodyLength (compressed body)
	Decoded     float64            `json:"decoded_bytes"` // Σ dataReceived.dataLength
	ByType      map[string]*ByType `json:"by_type"`
	Requested   []RequestSummary   `json:"requested"`
}

type ByType struct {
	Requests int     `json:"requests"`
	Wire     float64 `json:"wire_bytes"`
	Decoded  float64 `json:"decoded_bytes"`
}

type RequestSummary struct {
	Path        string  `json:"path"`
	Type        string  `json:"type"`
	Status      int64   `json:"status"`
	NotModified bool    `json:"not_modified,omitempty"` // 304 on the wire
	FromCache   bool    `json:"from_cache"`
	Wire        float64 `json:"wire_bytes"`
	Decoded     float64 `json:"decoded_bytes"`
	Encoding    string  `json:"content_encoding,omitempty"`
}

// Fetch is a Resource Timing entry (or the navigation's), in ms since the
// navigation started.
type Fetch struct {
	Path      string  `json:"path"`
	Kind      string  `json:"kind"` // initiatorType
	Start     float64 `json:"start"`
	ReqStart  float64 `json:"request_start"`
	RespStart float64 `json:"response_start"`
	End       float64 `json:"end"`
	Transfer  float64 `json:"transfer_size"`
	Encoded   float64 `json:"encoded_body_size"`
	Decoded   float64 `json:"decoded_body_size"`
}

// MainTime is the growth of Performance.getMetrics over a phase, in ms.
type MainTime struct {
	Script      float64 `json:"script_ms"`
	Layout      float64 `json:"layout_ms"`
	RecalcStyle float64 `json:"recalc_style_ms"`
	Task        float64 `json:"task_ms"`
}

// Change is one change of #indicator.
type Change struct {
	Indicator string  `json:"indicator"`
	Pass      int     `json:"pass"`      // 1: first time in this page, 2: again
	Fetched   bool    `json:"fetched"`   // a /api/v1/map request went out
	ColourMS  float64 `json:"colour_ms"` // data-colored-at − t0 (Date.now, 1 ms resolution)
	SeenMS    float64 `json:"seen_ms"`   // the app's task ended (MutationObserver), performance.now − p0
	PaintedMS float64 `json:"painted_ms"`
	// the /api/v1/map request, when there was one (Resource Timing)
	FetchStartMS float64  `json:"fetch_start_ms,omitempty"` // after p0
	FetchMS      float64  `json:"fetch_ms,omitempty"`       // startTime → responseEnd
	FetchWaitMS  float64  `json:"fetch_wait_ms,omitempty"`  // requestStart → responseStart (the server)
	Wire         float64  `json:"wire_bytes,omitempty"`
	Decoded      float64  `json:"decoded_bytes,omitempty"`
	Main         MainTime `json:"main"`
	Coloured     int      `json:"coloured"` // districts with a value
	p0           float64  // performance.now() at the change
}

type Shapes struct {
	Districts int `json:"districts"` // .district on the map
	Polygons  int `json:"polygons"`  // .district:not(.centroid)
	Unfilled  int `json:"unfilled"`
}

// ---- the network recorder --------------------------------------------------

type request struct {
	url, typ, phase, encoding string
	status                    int64
	cached, notModified, done bool
	wire, body, decoded       float64
}

// recorder keeps the Network events of a tab, by phase.
type recorder struct {
	mu         sync.Mutex
	phase      string
	reqs       map[network.RequestID]*request
	order      []network.RequestID
	inflight   int
	lastChange time.Time
	exceptions []string
}

func newRecorder() *recorder {
	return &recorder{reqs: map[network.RequestID]*request{}, lastChange: time.Now()}
}

func (r *recorder) setPhase(p string) {
	r.mu.Lock()
	r.phase = p
	r.mu.Unlock()
}

func (r *recorder) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		if ev.Request == nil || strings.HasPrefix(ev.Request.URL, "data:") {
			return
		}
		if old, ok := r.reqs[ev.RequestID]; ok && !old.done { // a redirect reuses the id
			r.inflight--
		}
		if _, ok := r.reqs[ev.RequestID]; !ok {
			r.order = append(r.order, ev.RequestID)
		}
		r.reqs[ev.RequestID] = &request{url: ev.Request.URL, typ: string(ev.Type), phase: r.phase}
		r.inflight++
		r.lastChange = time.Now()
	case *network.EventRequestServedFromCache:
		if q := r.reqs[ev.RequestID]; q != nil {
			q.cached = true
		}
	case *network.EventResponseReceived:
		q := r.reqs[ev.RequestID]
		if q == nil || ev.Response == nil {
			return
		}
		if q.typ == "" {
			q.typ = string(ev.Type)
		}
		q.status = ev.Response.Status
		if ev.Response.FromDiskCache || ev.Response.FromPrefetchCache {
			q.cached = true
		}
		for k, v := range ev.Response.Headers {
			if strings.EqualFold(k, "content-encoding") {
				q.encoding = fmt.Sprint(v)
			}
		}
	case *network.EventResponseReceivedExtraInfo:
		// the status on the wire: a revalidated cache entry is a 200 in
		// responseReceived and a 304 here
		if q := r.reqs[ev.RequestID]; q != nil && ev.StatusCode == 304 {
			q.notModified = true
		}
	case *network.EventDataReceived:
		if q := r.reqs[ev.RequestID]; q != nil {
			q.decoded += float64(ev.DataLength)
		}
	case *network.EventLoadingFinished:
		if q := r.reqs[ev.RequestID]; q != nil && !q.done {
			q.done = true
			q.wire = ev.EncodedDataLength
			q.body = ev.EncodedBodyLength
			r.inflight--
			r.lastChange = time.Now()
		}
	case *network.EventLoadingFailed:
		if q := r.reqs[ev.RequestID]; q != nil && !q.done {
			q.done = true
			r.inflight--
			r.lastChange = time.Now()
			r.exceptions = append(r.exceptions, fmt.Sprintf("%s failed: %s", q.url, ev.ErrorText))
		}
	}
}

// idle waits until no request has been in flight for quiet (at most max).
func (r *recorder) idle(ctx context.Context, quiet, max time.Duration) {
	end := time.Now().Add(max)
	for time.Now().Before(end) {
		r.mu.Lock()
		ok := r.inflight <= 0 && time.Since(r.lastChange) >= quiet
		r.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// traffic sums the requests of a phase.
func (r *recorder) traffic(phase string) Traffic {
	r.mu.Lock()
	defer r.mu.Unlock()
	t := Traffic{ByType: map[string]*ByType{}}
	for _, id := range r.order {
		q := r.reqs[id]
		if q.phase != phase {
			continue
		}
		typ := strings.ToLower(q.typ)
		if typ == "xhr" {
			typ = "fetch" // the app uses fetch; one row for both
		}
		if typ == "" {
			typ = "other"
		}
		b := t.ByType[typ]
		if b == nil {
			b = &ByType{}
			t.ByType[typ] = b
		}
		t.Requests++
		b.Requests++
		if q.cached {
			t.FromCache++
		}
		if q.notModified {
			t.NotModified++
		}
		t.WireBytes += q.wire
		t.BodyBytes += q.body
		t.Decoded += q.decoded
		b.Wire += q.wire
		b.Decoded += q.decoded
		t.Requested = append(t.Requested, RequestSummary{Path: pathOf(q.url), Type: typ, Status: q.status, NotModified: q.notModified, FromCache: q.cached,
			Wire: q.wire, Decoded: q.decoded, Encoding: q.encoding})
	}
	return t
}

func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := u.Path
	if u.RawQuery != "" && !strings.HasPrefix(u.RawQuery, "v=") {
		p += "?" + u.RawQuery
	}
	return p
}

// ---- in the page -----------------------------------------------------------

// observer runs in every document before the app: it notes each colouring
// (a change of body[data-colored-at]) with performance.now() when the app's
// task is over (a MutationObserver runs at the end of it), at the next
// animation frame, and after that frame (a task queued from the frame's
// callback runs once the frame's style, layout and paint are done), and it
// keeps the long tasks.
const observer = `(() => {
  const log = [], long = [];
  window.__webperf = {log, long, sync: performance.mark('webperf:sync').startTime};
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) long.push([e.startTime, e.duration]); })
      .observe({type: 'longtask', buffered: true});
  } catch (e) {}
  new MutationObserver(() => {
    const b = document.body, at = b && +b.dataset.coloredAt;
    if (!at || (log.length && log[log.length - 1].at === at)) return;
    const e = {at, seen: performance.now(), frame: 0, painted: 0};
    log.push(e);
    requestAnimationFrame(() => { e.frame = performance.now(); setTimeout(() => { e.painted = performance.now(); performance.mark('webperf:painted'); }, 0); });
  }).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-colored-at']});
})()`

type colouring struct {
	At      float64 `json:"at"`
	Seen    float64 `json:"seen"`
	Frame   float64 `json:"frame"`
	Painted float64 `json:"painted"`
}

type pageState struct {
	TimeOrigin float64     `json:"timeOrigin"`
	Log        []colouring `json:"log"`
	Long       [][]float64 `json:"long"`
	Nav        struct {
		ResponseEnd float64 `json:"responseEnd"`
		DCL         float64 `json:"dcl"`
		Load        float64 `json:"load"`
	} `json:"nav"`
	Entries []Fetch `json:"entries"`
}

const readPage = `(() => {
  const n = performance.getEntriesByType('navigation')[0] || {};
  const w = window.__webperf || {log: [], long: []};
  const entry = (e) => ({path: e.name, kind: e.initiatorType || e.entryType, start: e.startTime, request_start: e.requestStart,
    response_start: e.responseStart, end: e.responseEnd, transfer_size: e.transferSize, encoded_body_size: e.encodedBodySize, decoded_body_size: e.decodedBodySize});
  return {timeOrigin: performance.timeOrigin, log: w.log, long: w.long,
    nav: {responseEnd: n.responseEnd || 0, dcl: n.domContentLoadedEventEnd || 0, load: n.loadEventEnd || 0},
    entries: [n, ...performance.getEntriesByType('resource')].filter((e) => e.name).map(entry)};
})()`

const readShapes = `(() => {
  const all = [...document.querySelectorAll('#map .district')];
  return {districts: all.length, polygons: all.filter((el) => !el.classList.contains('centroid')).length,
    unfilled: all.filter((el) => !el.getAttribute('fill') || el.getAttribute('fill') === 'none').length};
})()`

func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func eval[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr))
}

func poll(ctx context.Context, expr string, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	return err
}

func metrics(ctx context.Context) (map[string]float64, error) {
	res, err := chromedp.Call(ctx, performance.GetMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	m := map[string]float64{}
	for _, x := range res.Metrics {
		m[x.Name] = x.Value
	}
	return m, nil
}

func mainTime(before, after map[string]float64) MainTime {
	d := func(k string) float64 {
		v := after[k] - before[k]
		if v < 0 { // a new renderer process after a navigation starts from zero
			v = after[k]
		}
		return round(v*1000, 1)
	}
	return MainTime{Script: d("ScriptDuration"), Layout: d("LayoutDuration"), RecalcStyle: d("RecalcStyleDuration"), Task: d("TaskDuration")}
}

// ---- a run -------------------------------------------------------------------

type runner struct {
	cfg        config
	browser    context.Context
	indicators []string
}

func (rn *runner) load(ctx context.Context, rec *recorder, phase string) (Load, error) {
	var l Load
	before, err := metrics(ctx)
	if err != nil {
		return l, err
	}
	rec.setPhase(phase)
	start := time.Now()
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(rn.cfg.url)); err != nil {
		return l, fmt.Errorf("navigate: %w", err)
	}
	if err := poll(ctx, `document.body && document.body.dataset.ready === 'true' && !!document.body.dataset.coloredAt`, 90*time.Second); err != nil {
		return l, fmt.Errorf("wait for body[data-ready=true]: %w", err)
	}
	l.WallMS = ms(time.Since(start))
	// the end of the frame after the colouring, and the load event
	if err := poll(ctx, `(() => { const w = window.__webperf; const n = performance.getEntriesByType('navigation')[0];
		return !!(w && w.log.length && w.log[0].painted && n && n.loadEventEnd); })()`, 30*time.Second); err != nil {
		return l, fmt.Errorf("wait for the frame after the colouring: %w", err)
	}
	rec.idle(ctx, 500*time.Millisecond, 15*time.Second) // the 자치구 outlines come after the colouring
	if err := poll(ctx, `(() => { const w = window.__webperf, now = performance.now();
		const last = Math.max(w.log[w.log.length - 1].painted, ...w.long.map((t) => t[0] + t[1]));
		return now - last > 1000; })()`, 30*time.Second); err != nil {
		return l, fmt.Errorf("wait for a second without long tasks: %w", err)
	}
	after, err := metrics(ctx)
	if err != nil {
		return l, err
	}
	ps, err := eval[pageState](ctx, readPage)
	if err != nil {
		return l, err
	}
	if len(ps.Log) == 0 {
		return l, errors.New("no colouring noted in the page")
	}
	c := ps.Log[0]
	l.ReadyMS = round(c.At-ps.TimeOrigin, 1)
	l.PaintedMS = round(c.Painted, 1)
	l.ResponseMS = round(ps.Nav.ResponseEnd, 1)
	l.DCLMS = round(ps.Nav.DCL, 1)
	l.LoadMS = round(ps.Nav.Load, 1)
	for _, e := range ps.Entries {
		e.Path = pathOf(e.Path)
		for _, p := range []*float64{&e.Start, &e.ReqStart, &e.RespStart, &e.End} {
			*p = round(*p, 1)
		}
		l.Fetches = append(l.Fetches, e)
	}
	l.SettledMS = l.PaintedMS
	for _, t := range ps.Long {
		if len(t) != 2 {
			continue
		}
		if t[0] < c.Seen {
			l.LongTasks += t[1]
		} else {
			l.LongAfter += t[1]
			l.SettledMS = math.Max(l.SettledMS, round(t[0]+t[1], 1))
		}
	}
	l.LongTasks, l.LongAfter = round(l.LongTasks, 1), round(l.LongAfter, 1)
	l.Main = mainTime(before, after)
	l.Traffic = rec.traffic(phase)
	return l, nil
}

func (rn *runner) change(ctx context.Context, rec *recorder, key string, pass int) (Change, error) {
	ch := Change{Indicator: key, Pass: pass}
	phase := fmt.Sprintf("change %s %d", key, pass)
	before, err := metrics(ctx)
	if err != nil {
		return ch, err
	}
	rec.setPhase(phase)
	type mark struct {
		T0    float64 `json:"t0"`
		P0    float64 `json:"p0"`
		N     float64 `json:"n"`
		Found bool    `json:"found"`
	}
	m, err := eval[mark](ctx, `(() => {
		const el = document.getElementById('indicator');
		if (![...el.options].some((o) => o.value === `+js(key)+`)) return {found: false};
		const n = window.__webperf.log.length;
		el.value = `+js(key)+`;
		performance.mark('webperf:change');
		const t0 = Date.now(), p0 = performance.now();
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return {t0, p0, n, found: true};
	})()`)
	if err != nil {
		return ch, err
	}
	if !m.Found {
		return ch, fmt.Errorf("#indicator has no option %q", key)
	}
	n := strconv.Itoa(int(m.N))
	if err := poll(ctx, `(() => { const b = document.body, w = window.__webperf;
		return b.dataset.ready === 'true' && +b.dataset.coloredAt >= `+strconv.FormatFloat(m.T0, 'f', -1, 64)+` && w.log.length > `+n+` && w.log[`+n+`].painted > 0; })()`, 60*time.Second); err != nil {
		return ch, fmt.Errorf("wait for the colouring by %s: %w", key, err)
	}
	after, err := metrics(ctx)
	if err != nil {
		return ch, err
	}
	rec.idle(ctx, 200*time.Millisecond, 10*time.Second)
	type result struct {
		Log     []colouring `json:"log"`
		Entries []Fetch     `json:"entries"`
		Colored float64     `json:"colored"`
	}
	res, err := eval[result](ctx, `(() => ({log: window.__webperf.log.slice(`+n+`),
		entries: performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/map?') && e.startTime >= `+strconv.FormatFloat(m.P0, 'f', -1, 64)+`)
			.map((e) => ({path: e.name, start: e.startTime, request_start: e.requestStart, response_start: e.responseStart, end: e.responseEnd})),
		colored: document.querySelectorAll('#map .district[data-value]:not([data-value=""])').length}))()`)
	if err != nil {
		return ch, err
	}
	c := res.Log[0]
	ch.p0 = m.P0
	ch.ColourMS = c.At - m.T0
	ch.SeenMS = round(c.Seen-m.P0, 1)
	ch.PaintedMS = round(c.Painted-m.P0, 1)
	ch.Coloured = int(res.Colored)
	if len(res.Entries) > 0 {
		e := res.Entries[0]
		ch.FetchStartMS = round(e.Start-m.P0, 1)
		ch.FetchMS = round(e.End-e.Start, 1)
		ch.FetchWaitMS = round(e.RespStart-e.ReqStart, 1)
	}
	t := rec.traffic(phase)
	for _, q := range t.Requested {
		if strings.HasPrefix(q.Path, "/api/v1/map") {
			ch.Fetched = true
			ch.Wire += q.Wire
			ch.Decoded += q.Decoded
		}
	}
	ch.Main = mainTime(before, after)
	return ch, nil
}

func (rn *runner) run(n int, tracePath string) (r Run, tr *Trace, err error) {
	r.N = n
	r.Started = time.Now().UTC()
	rec := newRecorder()
	ctx, cancel := context.WithTimeout(rn.browser, rn.cfg.timeout)
	defer cancel()
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(rec.listen))
	defer cancelTab()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(rn.cfg.width), int64(rn.cfg.height))); err != nil {
		return r, nil, fmt.Errorf("open a tab: %w", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return r, nil, fmt.Errorf("Network.enable: %w", err)
	}
	if _, err := chromedp.Call(ctx, performance.Enable, performance.EnableParams{}); err != nil {
		return r, nil, fmt.Errorf("Performance.enable: %w", err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: observer}); err != nil {
		return r, nil, fmt.Errorf("Page.addScriptToEvaluateOnNewDocument: %w", err)
	}
	if tracePath != "" {
		if err := startTrace(ctx); err != nil {
			return r, nil, err
		}
	}
	if r.Cold, err = rn.load(ctx, rec, "cold"); err != nil {
		return r, nil, fmt.Errorf("cold load: %w", err)
	}
	if r.Shapes, err = eval[Shapes](ctx, readShapes); err != nil {
		return r, nil, err
	}
	var marks []window
	if tracePath != "" {
		marks = append(marks, window{Name: "cold load: navigation start → painted", From: 0, To: r.Cold.PaintedMS})
	}
	for pass := 1; pass <= 2; pass++ {
		for _, key := range rn.indicators {
			ch, err := rn.change(ctx, rec, key, pass)
			if err != nil {
				return r, nil, err
			}
			r.Changes = append(r.Changes, ch)
			if tracePath != "" {
				marks = append(marks, window{Name: fmt.Sprintf("colour %s pass %d: change → painted", key, pass), From: ch.p0, To: ch.p0 + ch.PaintedMS})
			}
		}
	}
	if tracePath != "" {
		// The warm load is left out: the trace covers one document.
		sync, err := eval[float64](ctx, `window.__webperf.sync`)
		if err != nil {
			return r, nil, err
		}
		tr, err := endTrace(ctx, tracePath, sync, marks)
		return r, tr, err
	}
	rec.setPhase("blank")
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		return r, nil, err
	}
	if r.Warm, err = rn.load(ctx, rec, "warm"); err != nil {
		return r, nil, fmt.Errorf("warm load: %w", err)
	}
	rec.mu.Lock()
	r.Exception = append(r.Exception, rec.exceptions...)
	rec.mu.Unlock()
	return r, nil, nil
}

// ---- the load average -------------------------------------------------------

func loadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return math.NaN()
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return math.NaN()
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}

// cpuTimes reads the busy and total jiffies of all CPUs from /proc/stat.
func cpuTimes() (busy, total float64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0, 0
	}
	for i, x := range f[1:] {
		v, _ := strconv.ParseFloat(x, 64)
		if i >= 8 { // guest time is counted in user time already
			break
		}
		total += v
		if i != 3 && i != 4 { // idle, iowait
			busy += v
		}
	}
	return busy, total
}

// waitLoad waits (20 s at a time, up to max) until the 1-minute load average
// is below limit and the CPUs were less than maxBusy busy over the last 2 s
// (the load average lags: another benchmark may have just started); it
// returns the load it measured last, how long it waited, and whether it gave
// up.
func waitLoad(limit, maxBusy float64, max time.Duration) (float64, time.Duration, bool) {
	start := time.Now()
	for {
		l := loadAvg()
		busy := 0.0
		if limit > 0 && l < limit && maxBusy > 0 {
			b0, t0 := cpuTimes()
			time.Sleep(2 * time.Second)
			b1, t1 := cpuTimes()
			if t1 > t0 {
				busy = (b1 - b0) / (t1 - t0)
			}
		}
		if limit <= 0 || math.IsNaN(l) || (l < limit && (maxBusy <= 0 || busy < maxBusy)) {
			return l, time.Since(start), false
		}
		if time.Since(start) >= max {
			return l, time.Since(start), true
		}
		if l >= limit {
			fmt.Fprintf(os.Stderr, "load average %.2f ≥ %.2f: waiting 20 s (%s so far)\n", l, limit, time.Since(start).Round(time.Second))
		} else {
			fmt.Fprintf(os.Stderr, "load average %.2f, but the CPUs were %.0f%% busy over 2 s: waiting 20 s (%s so far)\n", l, 100*busy, time.Since(start).Round(time.Second))
		}
		time.Sleep(20 * time.Second)
	}
}

// ---- main ------------------------------------------------------------------

func findChromium(p string) (string, error) {
	if p != "" {
		return exec.LookPath(p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium, chromium-browser or google-chrome on PATH (apt-get install chromium); or give -chromium")
}

func run(cfg config) error {
	exe, err := findChromium(cfg.chromium)
	if err != nil {
		return err
	}
	u, err := url.Parse(cfg.url)
	if err != nil || u.Host == "" {
		return fmt.Errorf("-url %q: want http://host:port", cfg.url)
	}
	u.Path, u.RawQuery, u.Fragment = "/", "", ""
	cfg.url = u.String()
	profile, err := os.MkdirTemp("", "webperf-profile-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(profile)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(cfg.width, cfg.height),
		// Nothing but the loopback: anything else goes to a proxy that is not there.
		chromedp.ProxyServer("http://127.0.0.1:9"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(bctx); err != nil {
		return fmt.Errorf("start %s: %w", exe, err)
	}
	ver, err := chromedp.CallBrowser(bctx, browser.GetVersion, cdp.Empty{})
	if err != nil {
		return err
	}
	rn := &runner{cfg: cfg, browser: bctx}
	for _, k := range strings.Split(cfg.indicators, ",") {
		if k = strings.TrimSpace(k); k != "" {
			rn.indicators = append(rn.indicators, k)
		}
	}
	rep := Report{Meta: Meta{
		URL: cfg.url, Date: time.Now().UTC().Format(time.RFC3339), Runs: cfg.runs, Browser: ver.Product, UserAgent: ver.UserAgent,
		Go: runtime.Version(), CPUs: runtime.NumCPU(), Viewport: fmt.Sprintf("%dx%d", cfg.width, cfg.height), Indicators: rn.indicators,
		MaxLoad: cfg.maxLoad, MaxBusy: cfg.maxBusy, Percentiles: "median: middle value (mean of the two middle ones for an even count); p90: nearest rank, the ceil(0.9 n)-th smallest",
	}}
	fmt.Fprintf(os.Stderr, "%s, %d runs of %s\n", ver.Product, cfg.runs, cfg.url)
	for i := 1; i <= cfg.runs; i++ {
		l, waited, over := waitLoad(cfg.maxLoad, cfg.maxBusy, cfg.loadWait)
		busy0, total0 := cpuTimes()
		r, _, err := rn.run(i, "")
		busy1, total1 := cpuTimes()
		r.LoadAvg, r.LoadWait, r.LoadOver = l, round(waited.Seconds(), 0), over
		if total1 > total0 {
			r.CPUBusy = round((busy1-busy0)/(total1-total0), 2)
		}
		if err != nil {
			return fmt.Errorf("run %d: %w", i, err)
		}
		rep.Runs = append(rep.Runs, r)
		fmt.Fprintf(os.Stderr, "run %2d (load %.2f%s, CPUs %.0f%% busy): cold %6.0f ms, warm %6.0f ms, %s on the wire; %d/%d districts/polygons; colour",
			i, l, map[bool]string{true: ", gave up waiting", false: ""}[over], 100*r.CPUBusy, r.Cold.ReadyMS, r.Warm.ReadyMS, kb(r.Cold.WireBytes), r.Shapes.Districts, r.Shapes.Polygons)
		for _, c := range r.Changes {
			fmt.Fprintf(os.Stderr, " %.0f", c.ColourMS)
		}
		fmt.Fprintln(os.Stderr)
		for _, e := range r.Exception {
			fmt.Fprintln(os.Stderr, "  ", e)
		}
	}
	rep.Summary = summarize(rep.Runs, rn.indicators)
	printTable(os.Stdout, rep)
	if cfg.trace != "" {
		l, waited, over := waitLoad(cfg.maxLoad, cfg.maxBusy, cfg.loadWait)
		fmt.Fprintf(os.Stderr, "traced run (load %.2f, waited %s, gave up %v): not in the statistics above\n", l, waited.Round(time.Second), over)
		r, tr, err := rn.run(0, cfg.trace)
		if err != nil {
			return fmt.Errorf("traced run: %w", err)
		}
		tr.LoadAvg = l
		tr.ColdReadyMS, tr.ColdPaintedMS = r.Cold.ReadyMS, r.Cold.PaintedMS
		rep.Trace = tr
		printTrace(os.Stdout, tr)
	}
	if cfg.out != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.out, append(b, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Fprintln(os.Stderr, "wrote", cfg.out)
	}
	return nil
}

// ---- summary ---------------------------------------------------------------

// Summary is one measure over the runs.
type Summary struct {
	Name   string  `json:"name"`
	Unit   string  `json:"unit"`
	N      int     `json:"n"`
	Median float64 `json:"median"`
	P90    float64 `json:"p90"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

func stat(name, unit string, xs []float64) Summary {
	s := Summary{Name: name, Unit: unit, N: len(xs)}
	if len(xs) == 0 {
		return s
	}
	x := slices.Clone(xs)
	sort.Float64s(x)
	n := len(x)
	if n%2 == 1 {
		s.Median = x[n/2]
	} else {
		s.Median = (x[n/2-1] + x[n/2]) / 2
	}
	s.P90 = x[int(math.Ceil(0.9*float64(n)))-1]
	s.Min, s.Max = x[0], x[n-1]
	s.Median, s.P90, s.Min, s.Max = round(s.Median, 1), round(s.P90, 1), round(s.Min, 1), round(s.Max, 1)
	return s
}

// fetchOf finds a request's Resource Timing in a load: the first whose path
// starts with prefix.
func fetchOf(l Load, prefix string) (Fetch, bool) {
	for _, f := range l.Fetches {
		if strings.HasPrefix(f.Path, prefix) {
			return f, true
		}
	}
	return Fetch{}, false
}

func summarize(runs []Run, indicators []string) []Summary {
	var out []Summary
	col := func(f func(Run) (float64, bool)) []float64 {
		var xs []float64
		for _, r := range runs {
			if v, ok := f(r); ok {
				xs = append(xs, v)
			}
		}
		return xs
	}
	for _, k := range []string{"cold", "warm"} {
		ld := func(r Run) Load {
			if k == "cold" {
				return r.Cold
			}
			return r.Warm
		}
		add := func(name, unit string, f func(Load) float64) {
			out = append(out, stat(k+" "+name, unit, col(func(r Run) (float64, bool) { return f(ld(r)), true })))
		}
		add("first load: data-ready", "ms", func(l Load) float64 { return l.ReadyMS })
		add("first load: painted", "ms", func(l Load) float64 { return l.PaintedMS })
		add("first load: Go wall clock", "ms", func(l Load) float64 { return l.WallMS })
		add("first load: settled", "ms", func(l Load) float64 { return l.SettledMS })
		add("long tasks after the colouring", "ms", func(l Load) float64 { return l.LongAfter })
		add("document responseEnd", "ms", func(l Load) float64 { return l.ResponseMS })
		add("domContentLoaded", "ms", func(l Load) float64 { return l.DCLMS })
		add("loadEventEnd", "ms", func(l Load) float64 { return l.LoadMS })
		add("requests", "", func(l Load) float64 { return float64(l.Requests) })
		add("from cache", "", func(l Load) float64 { return float64(l.FromCache) })
		add("304 not modified", "", func(l Load) float64 { return float64(l.NotModified) })
		add("on the wire", "bytes", func(l Load) float64 { return l.WireBytes })
		add("decoded", "bytes", func(l Load) float64 { return l.Decoded })
		for _, typ := range []string{"document", "script", "stylesheet", "fetch"} {
			add(typ+" on the wire", "bytes", func(l Load) float64 {
				if b := l.ByType[typ]; b != nil {
					return b.Wire
				}
				return 0
			})
			add(typ+" decoded", "bytes", func(l Load) float64 {
				if b := l.ByType[typ]; b != nil {
					return b.Decoded
				}
				return 0
			})
			add(typ+" requests", "", func(l Load) float64 {
				if b := l.ByType[typ]; b != nil {
					return float64(b.Requests)
				}
				return 0
			})
		}
		add("main thread: script", "ms", func(l Load) float64 { return l.Main.Script })
		add("main thread: style", "ms", func(l Load) float64 { return l.Main.RecalcStyle })
		add("main thread: layout", "ms", func(l Load) float64 { return l.Main.Layout })
		add("main thread: all tasks", "ms", func(l Load) float64 { return l.Main.Task })
		add("long tasks before the colouring", "ms", func(l Load) float64 { return l.LongTasks })
		// the critical path: document → app.js → catalog → datasets → districts + geometry → map → colour
		for _, p := range []string{"/", "/app.js", "/app.css", "/api/v1/catalog", "/api/v1/datasets", "/api/v1/districts", "/api/v1/geometry/districts", "/api/v1/map", "/api/v1/geometry/gu"} {
			out = append(out, stat(k+" fetch "+p+": start", "ms", col(func(r Run) (float64, bool) {
				f, ok := fetchOf(ld(r), p)
				if p == "/" {
					f, ok = ld(r).Fetches[0], len(ld(r).Fetches) > 0
				}
				return f.Start, ok
			})))
			out = append(out, stat(k+" fetch "+p+": duration", "ms", col(func(r Run) (float64, bool) {
				f, ok := fetchOf(ld(r), p)
				if p == "/" {
					f, ok = ld(r).Fetches[0], len(ld(r).Fetches) > 0
				}
				return f.End - f.Start, ok
			})))
			out = append(out, stat(k+" fetch "+p+": server wait", "ms", col(func(r Run) (float64, bool) {
				f, ok := fetchOf(ld(r), p)
				if p == "/" {
					f, ok = ld(r).Fetches[0], len(ld(r).Fetches) > 0
				}
				return f.RespStart - f.ReqStart, ok && f.ReqStart > 0
			})))
		}
		add("geometry responseEnd → map request", "ms", func(l Load) float64 {
			g, _ := fetchOf(l, "/api/v1/geometry/districts")
			m, _ := fetchOf(l, "/api/v1/map")
			return m.Start - g.End
		})
		add("map responseEnd → data-ready", "ms", func(l Load) float64 {
			m, _ := fetchOf(l, "/api/v1/map")
			return l.ReadyMS - m.End
		})
		add("data-ready → painted", "ms", func(l Load) float64 { return l.PaintedMS - l.ReadyMS })
	}
	for pass := 1; pass <= 2; pass++ {
		for _, key := range indicators {
			ch := func(f func(Change) (float64, bool)) []float64 {
				return col(func(r Run) (float64, bool) {
					for _, c := range r.Changes {
						if c.Indicator == key && c.Pass == pass {
							return f(c)
						}
					}
					return 0, false
				})
			}
			name := fmt.Sprintf("colour %s pass %d", key, pass)
			out = append(out,
				stat(name+": colour", "ms", ch(func(c Change) (float64, bool) { return c.ColourMS, true })),
				stat(name+": painted", "ms", ch(func(c Change) (float64, bool) { return c.PaintedMS, true })),
				stat(name+": fetched", "runs", ch(func(c Change) (float64, bool) { return b2f(c.Fetched), true })),
				stat(name+": fetch", "ms", ch(func(c Change) (float64, bool) { return c.FetchMS, c.Fetched && c.FetchMS > 0 })),
				stat(name+": fetch server wait", "ms", ch(func(c Change) (float64, bool) { return c.FetchWaitMS, c.Fetched && c.FetchMS > 0 })),
				stat(name+": after the fetch", "ms", ch(func(c Change) (float64, bool) {
					return c.ColourMS - (c.FetchStartMS + c.FetchMS), c.Fetched && c.FetchMS > 0
				})),
				stat(name+": wire", "bytes", ch(func(c Change) (float64, bool) { return c.Wire, c.Fetched })),
				stat(name+": decoded", "bytes", ch(func(c Change) (float64, bool) { return c.Decoded, c.Fetched })),
				stat(name+": main script", "ms", ch(func(c Change) (float64, bool) { return c.Main.Script, true })),
				stat(name+": main style+layout", "ms", ch(func(c Change) (float64, bool) { return c.Main.RecalcStyle + c.Main.Layout, true })),
				stat(name+": main all tasks", "ms", ch(func(c Change) (float64, bool) { return c.Main.Task, true })),
				stat(name+": coloured districts", "", ch(func(c Change) (float64, bool) { return float64(c.Coloured), true })),
			)
		}
	}
	out = append(out,
		stat("load average at the run's start", "", col(func(r Run) (float64, bool) { return r.LoadAvg, true })),
		stat("CPUs busy during the run", "%", col(func(r Run) (float64, bool) { return 100 * r.CPUBusy, true })),
		stat("districts on the map", "", col(func(r Run) (float64, bool) { return float64(r.Shapes.Districts), true })),
		stat("polygons on the map", "", col(func(r Run) (float64, bool) { return float64(r.Shapes.Polygons), true })),
	)
	return out
}

func printTable(w io.Writer, rep Report) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "%s, %d runs, %s, viewport %s\n", rep.Meta.Browser, len(rep.Runs), rep.Meta.URL, rep.Meta.Viewport)
	fmt.Fprintln(tw, "measure\tmedian\tp90\tmin\tmax\tunit\tn\t")
	for _, s := range rep.Summary {
		if s.N == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", s.Name, num(s.Median), num(s.P90), num(s.Min), num(s.Max), s.Unit, s.N)
	}
	tw.Flush()
}

// ---- small helpers -----------------------------------------------------------

func ms(d time.Duration) float64 { return round(float64(d.Microseconds())/1000, 1) }

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func num(x float64) string {
	if x == math.Trunc(x) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

func kb(b float64) string { return fmt.Sprintf("%.0f kB", b/1000) }

// ---- the Performance timeline ------------------------------------------------

// traceCategories are those of DevTools' Performance panel, less screenshots.
var traceCategories = []string{
	"-*", "devtools.timeline", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.frame",
	"v8.execute", "blink.user_timing", "loading", "latencyInfo", "toplevel", "blink.console",
}

func startTrace(ctx context.Context) error {
	_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
		TransferMode: tracing.StartTransferModeReturnAsStream,
		TraceConfig:  &tracing.TraceConfig{RecordMode: tracing.TraceConfigRecordModeRecordUntilFull, IncludedCategories: traceCategories},
	})
	if err != nil {
		return fmt.Errorf("Tracing.start: %w", err)
	}
	return nil
}

// window is a span of the page's clock (performance.now(), ms).
type window struct {
	Name     string
	From, To float64
}

// Trace is the main thread's time in each window, by kind, in ms: the sum
// of the self time of the trace events on the renderer's main thread
// (CrRendererMain of the page), as DevTools' Performance panel sums them.
type Trace struct {
	File          string        `json:"file"`
	LoadAvg       float64       `json:"load_avg_1m"`
	ColdReadyMS   float64       `json:"cold_ready_ms"`
	ColdPaintedMS float64       `json:"cold_painted_ms"`
	Windows       []TraceWindow `json:"windows"`
	DataLoss      bool          `json:"data_loss"`
}

type TraceWindow struct {
	Name   string             `json:"name"`
	WallMS float64            `json:"wall_ms"`
	Busy   float64            `json:"busy_ms"`
	ByKind map[string]float64 `json:"by_kind_ms"`
	Top    []NameMS           `json:"top_events"` // the event names with the most self time
	Tasks  []Task             `json:"long_tasks"` // the top-level tasks of 30 ms or more
}

// Task is a top-level task of the main thread, with what took most of it.
type Task struct {
	Start float64  `json:"start_ms"` // the page's clock
	MS    float64  `json:"ms"`
	What  []string `json:"what"` // descendants taking 15 % of it or more
}

type NameMS struct {
	Name string  `json:"name"`
	MS   float64 `json:"ms"`
}

// kinds groups trace event names as the Performance panel's summary does.
var kinds = map[string]string{
	"EvaluateScript": "scripting", "v8.compile": "scripting", "v8.compileModule": "scripting", "v8.evaluateModule": "scripting",
	"FunctionCall": "scripting", "TimerFire": "scripting", "FireAnimationFrame": "scripting", "EventDispatch": "scripting",
	"RunMicrotasks": "scripting", "v8.run": "scripting", "V8.Execute": "scripting", "v8.callFunction": "scripting",
	"XHRReadyStateChange": "scripting", "XHRLoad": "scripting", "v8.produceCache": "scripting", "v8.produceModuleCache": "scripting",
	"CompileScript": "scripting", "CompileCode": "scripting", "OptimizeCode": "scripting", "v8.parseOnBackground": "scripting",
	"v8.deserializeOnBackground": "scripting", "EventTiming": "scripting", "TimeStamp": "scripting", "ConsoleTime": "scripting",
	"FireIdleCallback": "scripting", "v8.batchedDeoptimization": "scripting", "CacheScript": "scripting", "CacheModule": "scripting",
	"MinorGC": "gc", "MajorGC": "gc", "BlinkGC.AtomicPhase": "gc", "ThreadState::performIdleLazySweep": "gc", "ThreadState::completeSweep": "gc",
	"BlinkGCMarking": "gc", "CppGC.AtomicPhase": "gc", "V8.GC_MC_BACKGROUND_EVACUATE_COPY": "gc", "GCEvent": "gc", "V8.GCCompactor": "gc",
	"V8.GCFinalizeMC": "gc", "V8.GCFinalizeMCReduceMemory": "gc", "V8.GCIncrementalMarking": "gc", "V8.GCScavenger": "gc",
	"V8.GCIncrementalMarkingStart": "gc", "V8.GCIncrementalMarkingFinalize": "gc", "V8.GC_MARK_COMPACTOR": "gc", "V8.GC_SCAVENGER": "gc",
	"UpdateLayoutTree": "style", "RecalculateStyles": "style", "ScheduleStyleRecalculation": "style", "ParseAuthorStyleSheet": "style",
	"Layout": "layout", "InvalidateLayout": "layout", "UpdateLayerTree": "layout", "HitTest": "layout", "IntersectionObserverController::computeIntersections": "layout",
	"PrePaint": "paint", "Paint": "paint", "PaintImage": "paint", "Layerize": "paint", "UpdateLayer": "paint", "CompositeLayers": "paint",
	"Commit": "paint", "PaintSetup": "paint", "Decode Image": "paint", "Rasterize": "paint", "RasterTask": "paint",
	"ParseHTML": "loading", "ResourceReceivedData": "loading", "ResourceReceiveResponse": "loading", "ResourceFinish": "loading",
	"ResourceSendRequest": "loading", "ResourceWillSendRequest": "loading", "ResourceChangePriority": "loading",
}

// wrappers are the trace events that only wrap a task's work.
var wrappers = map[string]bool{
	"ThreadControllerImpl::RunTask": true, "RunTask": true, "Receive mojo message": true, "BlinkScheduler_PerformMicrotaskCheckpoint": true,
	"V8.GC_SCAVENGER": true, "V8.GC_SCAVENGER_SCAVENGE": true, "V8.GC_SCAVENGER_SCAVENGE_PARALLEL_PHASE": true, "V8.GC_SCAVENGER_SCAVENGE_PARALLEL": true,
	"V8.StackGuard": true, "V8.HandleInterrupts": true,
}

func kindOf(name string) string {
	if k, ok := kinds[name]; ok {
		return k
	}
	if strings.HasPrefix(name, "V8.GC") || strings.HasPrefix(name, "BlinkGC") || strings.HasPrefix(name, "CppGC") {
		return "gc"
	}
	return "other"
}

type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`
	Dur  float64         `json:"dur"`
	Pid  int64           `json:"pid"`
	Tid  int64           `json:"tid"`
	Args json.RawMessage `json:"args"`
}

// endTrace stops the trace, writes it to path and sums the main thread's
// time in each window. sync is the startTime of the page's
// performance.mark('webperf:sync'): the trace holds the same mark with its
// own timestamp, which converts the page's clock to the trace's.
func endTrace(ctx context.Context, path string, sync float64, wins []window) (*Trace, error) {
	done, err := chromedp.Run(ctx, chromedp.WaitEvent(tracing.TracingComplete, nil, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, tracing.End, cdp.Empty{})
		return err
	})))
	if err != nil {
		return nil, fmt.Errorf("Tracing.end: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf []byte
	for {
		r, err := chromedp.Call(ctx, cdpio.Read, cdpio.ReadParams{Handle: done.Stream, Size: 1 << 20})
		if err != nil {
			return nil, fmt.Errorf("IO.read: %w", err)
		}
		buf = append(buf, r.Data...)
		if r.EOF {
			break
		}
	}
	_, _ = chromedp.Call(ctx, cdpio.Close, cdpio.CloseParams{Handle: done.Stream})
	if _, err := f.Write(buf); err != nil {
		return nil, err
	}
	var doc struct {
		TraceEvents []traceEvent `json:"traceEvents"`
	}
	if err := json.Unmarshal(buf, &doc); err != nil {
		return nil, fmt.Errorf("read the trace: %w", err)
	}
	// the page's main thread: where the sync mark is
	var pid, tid int64
	var syncTs float64
	found := false
	for _, e := range doc.TraceEvents {
		if e.Name == "webperf:sync" && strings.Contains(e.Cat, "blink.user_timing") {
			pid, tid, syncTs, found = e.Pid, e.Tid, e.Ts, true
			break
		}
	}
	if !found {
		return nil, errors.New("the trace has no webperf:sync mark")
	}
	// the mark may be an async pair on another tid: take the thread named CrRendererMain of that process
	for _, e := range doc.TraceEvents {
		if e.Ph == "M" && e.Name == "thread_name" && e.Pid == pid {
			var a struct{ Name string }
			if json.Unmarshal(e.Args, &a) == nil && a.Name == "CrRendererMain" {
				tid = e.Tid
			}
		}
	}
	var evs []traceEvent
	for _, e := range doc.TraceEvents {
		if e.Pid == pid && e.Tid == tid && e.Ph == "X" && e.Dur > 0 {
			evs = append(evs, e)
		}
	}
	sort.Slice(evs, func(i, j int) bool {
		if evs[i].Ts != evs[j].Ts {
			return evs[i].Ts < evs[j].Ts
		}
		return evs[i].Dur > evs[j].Dur
	})
	// self time: an event's duration less its children's
	self := make([]float64, len(evs))
	top := make([]bool, len(evs))
	var stack []int
	for i, e := range evs {
		for len(stack) > 0 {
			top := evs[stack[len(stack)-1]]
			if top.Ts+top.Dur <= e.Ts {
				stack = stack[:len(stack)-1]
				continue
			}
			break
		}
		self[i] = e.Dur
		top[i] = len(stack) == 0
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			self[p] -= math.Min(e.Dur, evs[p].Ts+evs[p].Dur-e.Ts)
		}
		stack = append(stack, i)
	}
	tr := &Trace{File: path}
	toTs := func(pageMS float64) float64 { return syncTs + (pageMS-sync)*1000 }
	for _, w := range wins {
		from, to := toTs(w.From), toTs(w.To)
		tw := TraceWindow{Name: w.Name, WallMS: round(w.To-w.From, 1), ByKind: map[string]float64{}}
		byName := map[string]float64{}
		for i, e := range evs {
			lo, hi := math.Max(e.Ts, from), math.Min(e.Ts+e.Dur, to)
			if hi <= lo || self[i] <= 0 {
				continue
			}
			part := self[i] * (hi - lo) / e.Dur / 1000 // ms, pro rata of the part inside the window
			tw.ByKind[kindOf(e.Name)] += part
			byName[e.Name] += part
			tw.Busy += part
		}
		for k, v := range tw.ByKind {
			tw.ByKind[k] = round(v, 1)
		}
		tw.Busy = round(tw.Busy, 1)
		for n, v := range byName {
			tw.Top = append(tw.Top, NameMS{n, round(v, 1)})
		}
		sort.Slice(tw.Top, func(i, j int) bool { return tw.Top[i].MS > tw.Top[j].MS })
		for i, e := range evs {
			if !top[i] || e.Dur < 30000 || e.Ts+e.Dur <= from || e.Ts >= to {
				continue
			}
			t := Task{Start: round(sync+(e.Ts-syncTs)/1000, 1), MS: round(e.Dur/1000, 1)}
			seen := map[string]bool{}
			for j := i + 1; j < len(evs) && evs[j].Ts < e.Ts+e.Dur; j++ {
				d := evs[j]
				if d.Dur < 0.15*e.Dur || wrappers[d.Name] {
					continue
				}
				label := d.Name
				var a struct {
					Data struct {
						Type, URL, FunctionName string
					} `json:"data"`
				}
				if json.Unmarshal(d.Args, &a) == nil {
					switch {
					case a.Data.Type != "":
						label += " " + a.Data.Type
					case a.Data.URL != "":
						label += " " + pathOf(a.Data.URL)
					}
				}
				if !seen[label] && len(t.What) < 4 {
					seen[label] = true
					t.What = append(t.What, fmt.Sprintf("%s %s ms", label, num(round(d.Dur/1000, 0))))
				}
			}
			tw.Tasks = append(tw.Tasks, t)
		}
		if len(tw.Top) > 8 {
			tw.Top = tw.Top[:8]
		}
		tr.Windows = append(tr.Windows, tw)
	}
	tr.DataLoss = done.DataLossOccurred
	return tr, nil
}

func printTrace(w io.Writer, tr *Trace) {
	fmt.Fprintf(w, "\nmain thread by kind (ms), one traced run at load %.2f (cold data-ready %.0f ms, painted %.0f ms with tracing on); trace in %s\n",
		tr.LoadAvg, tr.ColdReadyMS, tr.ColdPaintedMS, tr.File)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	ks := []string{"scripting", "gc", "style", "layout", "paint", "loading", "other"}
	fmt.Fprintf(tw, "window\twall\tbusy\t%s\t\n", strings.Join(ks, "\t"))
	for _, x := range tr.Windows {
		fmt.Fprintf(tw, "%s\t%s\t%s", x.Name, num(x.WallMS), num(x.Busy))
		for _, k := range ks {
			fmt.Fprintf(tw, "\t%s", num(x.ByKind[k]))
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()
	for _, x := range tr.Windows {
		var parts []string
		for _, t := range x.Top {
			parts = append(parts, fmt.Sprintf("%s %s", t.Name, num(t.MS)))
		}
		fmt.Fprintf(w, "  %s: %s\n", x.Name, strings.Join(parts, ", "))
	}
	for _, x := range tr.Windows {
		if len(x.Tasks) == 0 {
			continue
		}
		fmt.Fprintf(w, "tasks of 30 ms or more, %s:\n", x.Name)
		for _, t := range x.Tasks {
			fmt.Fprintf(w, "  at %6.0f ms  %5.0f ms  %s\n", t.Start, t.MS, strings.Join(t.What, "; "))
		}
	}
}
