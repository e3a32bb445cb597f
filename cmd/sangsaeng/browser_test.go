package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// The browser tests drive Chromium headless over the web app served by
// `sangsaeng serve` with the real fixture loaded. They rely on the hooks the
// app keeps stable for them: .district[data-code] on the map (circle markers
// also carry .centroid), body[data-ready] and data-colored-at, #report with
// [data-indicator] cells whose .value[data-key] button holds data-raw (the
// API's JSON value), the views' forms and results, #lang, and the state in
// the URL hash.

// browserTimeout bounds each browser test: one tab, start to end.
const browserTimeout = 60 * time.Second

// chromium finds the browser, or skips the test saying why.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: the browser tests need one (CI: apt-get install chromium fonts-nanum)")
	return ""
}

// webApp is the server with the real fixture loaded and a browser to look at
// it, shared by the subtests of TestBrowser.
type webApp struct {
	url     string
	browser context.Context // a chromedp context whose browser is running
	shots   string          // folder for the screenshots

	mu       sync.Mutex
	external []string // requests any tab made outside the server's origin
	// expected tells failed answers a test provokes on purpose (a wrong
	// password, a refused order) from failures; nil expects none.
	expected func(url string, status int64) bool
	// listen, if set, hears every event of the tabs too.
	listen func(ev any)
}

// startWebApp ingests the fixture, runs setup on the database (users and
// organisations made with the CLI before the server opens it), serves it and
// starts the browser. On DuckDB only: the browser tests the web app, and the
// API it reads answers the same JSON on both engines (httpapi's
// TestEnginesAnswerTheSameJSON).
func startWebApp(t *testing.T, setup ...func(db string)) *webApp {
	t.Helper()
	fixtureDir(t) // skips without SANGSAENG_SEOUL_DATA
	exe := chromium(t)
	noDefaultDB(t)

	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	copyFixture(t, data, fixtureFiles...)
	db := filepath.Join(dir, "sangsaeng.duckdb")
	env := envOf()
	if code, _, stderr := sangsaeng(t, env, "ingest", "--db", db, "--progress", "never", data); code != 0 {
		t.Fatalf("ingest: exit code %d; stderr:\n%s", code, stderr)
	}
	for _, f := range setup {
		f(db)
	}
	s := start(t, env, "serve", "--addr", "127.0.0.1:0", "--db", db, "--log-level", "warn")

	shots := os.Getenv("SANGSAENG_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		// The network is cut: whatever is not on the loopback (which Chrome
		// never sends through a proxy) goes to a proxy that is not there.
		chromedp.ProxyServer("http://127.0.0.1:9"),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil { // starts the browser, with no timeout
		t.Fatalf("start %s: %v", exe, err)
	}
	return &webApp{url: s.url, browser: browser, shots: shots}
}

// tab opens a fresh tab (in its own browser context, so no storage is
// shared) for one test, sized w×h, with a deadline of browserTimeout. It
// records every request outside the server's origin, uncaught exceptions
// and failed API answers, and reports them as errors when the test ends.
func (a *webApp) tab(t *testing.T, w, h int64) context.Context {
	t.Helper()
	origin, err := url.Parse(a.url)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var problems []string
	note := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	listener := func(ev any) {
		if a.listen != nil {
			a.listen(ev)
		}
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			if ev.Request == nil {
				return
			}
			u := ev.Request.URL
			if strings.HasPrefix(u, "data:") || strings.HasPrefix(u, "blob:") {
				return
			}
			if p, err := url.Parse(u); err != nil || p.Scheme != origin.Scheme || p.Host != origin.Host {
				a.mu.Lock()
				a.external = append(a.external, u)
				a.mu.Unlock()
				note("the page requested %s, outside the server %s", u, a.url)
			}
		case *network.EventResponseReceived:
			if r := ev.Response; r != nil && r.Status >= 400 && !strings.HasSuffix(r.URL, "/favicon.ico") && (a.expected == nil || !a.expected(r.URL, r.Status)) {
				note("%s answered %d %s", r.URL, r.Status, r.StatusText)
			}
		case *runtime.EventExceptionThrown:
			if d := ev.ExceptionDetails; d != nil {
				text := d.Text
				if d.Exception != nil && d.Exception.Description != "" {
					text = d.Exception.Description
				}
				note("uncaught exception in the page at %s:%d: %s", d.URL, d.LineNumber+1, text)
			}
		}
	}
	ctx, cancel := context.WithTimeout(a.browser, browserTimeout)
	t.Cleanup(cancel)
	ctx, cancelTab := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(listener))
	t.Cleanup(cancelTab)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h)); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("Network.enable: %v", err)
	}
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, p := range problems {
			t.Error(p)
		}
	})
	return ctx
}

// shot saves a PNG of the viewport as name.png in the screenshot folder,
// once the map has stopped moving.
func (a *webApp) shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	settle(ctx)
	a.save(t, ctx, name, chromedp.CaptureScreenshot())
}

// shotFull saves a PNG of the whole page, scrolled parts included.
func (a *webApp) shotFull(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	a.save(t, ctx, name, chromedp.FullScreenshot(100))
}

func (a *webApp) save(t *testing.T, ctx context.Context, name string, capture chromedp.Action[[]byte]) {
	t.Helper()
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(a.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s", path)
}

// do runs browser actions and fails the test (with a screenshot and the
// page's status line) when one fails.
func (a *webApp) do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		a.fail(t, ctx, what, err)
	}
}

// fail ends the test over err, after a screenshot of the page as it is.
func (a *webApp) fail(t *testing.T, ctx context.Context, what string, err error) {
	t.Helper()
	// A fresh deadline: ctx may be the one that ran out.
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	status, _ := chromedp.Run(c, chromedp.Evaluate[string](`(document.getElementById('status')||{}).textContent||''`))
	hash, _ := chromedp.Run(c, chromedp.Evaluate[string](`location.hash`))
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + "-failed"
	a.shot(t, c, name)
	t.Fatalf("%s: %v (page %s, status line %q)", what, err, hash, status)
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, a *webApp, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		a.fail(t, ctx, "evaluate "+expr, err)
	}
	return v
}

// poll waits until a JavaScript expression is truthy and returns its value.
func poll[T any](t *testing.T, a *webApp, ctx context.Context, what, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[T](expr, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(45*time.Second)))
	if err != nil {
		a.fail(t, ctx, "wait for "+what, err)
	}
	return v
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// open navigates to the app at path (with its hash) and waits until every
// district is drawn and coloured; it returns body[data-colored-at].
func (a *webApp) open(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(a.url+path))
	if err != nil {
		a.fail(t, ctx, "navigate to "+path, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("GET %s answered %d %s: the server serves no web app there", a.url+path, resp.Status, resp.StatusText)
	}
	return poll[string](t, a, ctx, "the map to be drawn and coloured (body[data-ready=true])",
		`document.body.dataset.ready === 'true' && document.body.dataset.coloredAt`)
}

// recoloured waits until the colouring completed again after since.
func (a *webApp) recoloured(t *testing.T, ctx context.Context, since string) string {
	t.Helper()
	return poll[string](t, a, ctx, "the map to be coloured again",
		`document.body.dataset.ready === 'true' && document.body.dataset.coloredAt !== `+js(since)+` && document.body.dataset.coloredAt`)
}

// settle waits (up to 5 s) until the map has stopped moving: no zoom or
// pan animation for a quarter of a second.
func settle(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`new Promise((resolve) => {
		let calm = 0;
		const tick = () => {
			calm = document.querySelector('.leaflet-zoom-anim, .leaflet-pan-anim') ? 0 : calm + 1;
			if (calm >= 15) resolve(true); else requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	})`, chromedp.EvalAwaitPromise))
	return err
}

// choose selects value in a <select> as a user does: the change event fires.
func (a *webApp) choose(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	ok := eval[bool](t, a, ctx, `(() => {
		const el = document.querySelector(`+js(sel)+`);
		if (!el || ![...el.options].some((o) => o.value === `+js(value)+`)) return false;
		el.value = `+js(value)+`;
		el.dispatchEvent(new Event('input', {bubbles: true}));
		el.dispatchEvent(new Event('change', {bubbles: true}));
		return true;
	})()`)
	if !ok {
		opts := eval[[]string](t, a, ctx, `[...(document.querySelector(`+js(sel)+`)||{options:[]}).options].map((o) => o.value)`)
		a.fail(t, ctx, "choose "+value+" in "+sel, fmt.Errorf("no such option; the options are %q", opts))
	}
}

// fill types value into an input, replacing what it held.
func (a *webApp) fill(t *testing.T, ctx context.Context, sel, value string) {
	t.Helper()
	a.do(t, ctx, "fill "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector(`+js(sel)+`); el.value = ''; el.dispatchEvent(new Event('input', {bubbles: true})); })()`),
		chromedp.Focus(chromedp.CSS(sel)),
		chromedp.SendKeys(chromedp.CSS(sel), value))
	if got := eval[string](t, a, ctx, `document.querySelector(`+js(sel)+`).value`); got != value {
		a.fail(t, ctx, "fill "+sel, fmt.Errorf("it holds %q after typing %q", got, value))
	}
}

// clickDistrict clicks a district's shape on the map with the mouse: it
// zooms in with the wheel over the district until the shape is big enough,
// then clicks a point where the shape is on top.
func (a *webApp) clickDistrict(t *testing.T, ctx context.Context, code string) {
	t.Helper()
	type spot struct {
		W, H, CX, CY float64
		InMap        bool `json:"inMap"`
		Hit          *struct{ X, Y float64 }
	}
	find := `(() => {
		const el = document.querySelector(` + js(`.district[data-code="`+code+`"]`) + `);
		if (!el) return null;
		const r = el.getBoundingClientRect(), m = document.getElementById('map').getBoundingClientRect();
		const x0 = Math.max(r.left, m.left), x1 = Math.min(r.right, m.right), y0 = Math.max(r.top, m.top), y1 = Math.min(r.bottom, m.bottom);
		const out = {W: r.width, H: r.height, CX: (r.left + r.right) / 2, CY: (r.top + r.bottom) / 2, inMap: x1 > x0 && y1 > y0, Hit: null};
		if (!out.inMap) return out;
		const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, pts = [];
		for (let y = y0 + 1; y < y1; y += 2) for (let x = x0 + 1; x < x1; x += 2) pts.push([x, y]);
		pts.sort((p, q) => Math.hypot(p[0] - cx, p[1] - cy) - Math.hypot(q[0] - cx, q[1] - cy));
		for (const [x, y] of pts) {
			const hit = document.elementFromPoint(x, y);
			if (hit && hit.closest && hit.closest('.district') === el) { out.Hit = {X: x, Y: y}; break; }
		}
		return out;
	})()`
	// Input.dispatchMouseEvent wants deltaX and deltaY on a wheel event, and
	// input.DispatchMouseEventParams leaves out a zero deltaX (omitzero): send
	// the command untyped.
	wheel := func(x, y float64) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			return tg.Call(ctx, "Input.dispatchMouseEvent", map[string]any{
				"type": "mouseWheel", "x": x, "y": y, "deltaX": 0, "deltaY": -120,
			}, nil)
		})
	}
	for range 8 {
		s := eval[*spot](t, a, ctx, find)
		if s == nil {
			a.fail(t, ctx, "click district "+code, fmt.Errorf("no .district[data-code=%q] on the map", code))
		}
		if !s.InMap {
			a.fail(t, ctx, "click district "+code, fmt.Errorf("its shape (%+v) is outside the map", *s))
		}
		if s.Hit != nil && s.W >= 30 && s.H >= 30 {
			a.do(t, ctx, "click district "+code, chromedp.MouseClickXY(s.Hit.X, s.Hit.Y))
			return
		}
		// Zoom in around the district; Leaflet keeps the point under the mouse.
		a.do(t, ctx, "zoom in over district "+code,
			chromedp.MouseEvent(chromedp.MouseMoved, s.CX, s.CY),
			wheel(s.CX, s.CY),
			chromedp.Sleep(700*time.Millisecond))
	}
	a.fail(t, ctx, "click district "+code, fmt.Errorf("its shape never got big enough to click after 8 wheel zooms"))
}

// cell is an indicator as the page shows it: the key, the raw JSON value
// and the text of the formatted number.
type cell struct {
	Key  string  `json:"key"`
	Code string  `json:"code"`
	Raw  *string `json:"raw"`
	Text string  `json:"text"`
}

// cellsJS lists the [data-indicator] elements sel selects as cells; code is
// the data-code of the closest element that has one (a compare column).
func cellsJS(sel string) string {
	return `[...document.querySelectorAll(` + js(sel) + `)].map((el) => {
		const key = el.dataset.indicator;
		const v = el.querySelector('.value[data-key="' + key + '"]') || el.querySelector('[data-raw]') || el;
		const holder = el.closest('[data-code]');
		return {key, code: holder ? holder.dataset.code : '', raw: v.dataset.raw === undefined ? null : v.dataset.raw, text: v.textContent.trim()};
	})`
}

// checkContained fails for every [data-indicator] card under root whose
// contents (a number, a unit, a flag) stick out of it: the text would run
// over the next card or off the panel.
func (a *webApp) checkContained(t *testing.T, ctx context.Context, root string) {
	t.Helper()
	out := eval[[]string](t, a, ctx, `[...document.querySelectorAll(`+js(root+` .figure[data-indicator]`)+`)].flatMap((card) => {
		const box = card.getBoundingClientRect();
		return [...card.querySelectorAll('*')].filter((el) => {
			const r = el.getBoundingClientRect();
			return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
		}).filter((el) => !el.children.length).map((el) => card.dataset.indicator + ': "' + el.textContent.trim() + '" (' + (el.className || el.tagName.toLowerCase()) +
			') reaches x = ' + Math.round(el.getBoundingClientRect().right) + ' px, its card ends at ' + Math.round(box.right) + ' px');
	})`)
	for _, o := range out {
		t.Errorf("in %s a card's content sticks out of it: %s", root, o)
	}
}

// shownIndicator is one indicator of an API answer.
type shownIndicator struct {
	Value any
	Unit  string
}

// sameValue reports whether a value from the page's data-raw equals the API's
// value: the same number, the same string, or both null.
func sameValue(raw string, api any) bool {
	dec := json.NewDecoder(strings.NewReader(raw))
	dec.UseNumber()
	var page any
	if err := dec.Decode(&page); err != nil {
		return false
	}
	switch p := page.(type) {
	case nil:
		return api == nil
	case string:
		s, ok := api.(string)
		return ok && s == p
	case json.Number:
		n, ok := api.(json.Number)
		if !ok {
			return false
		}
		x, err1 := p.Float64()
		y, err2 := n.Float64()
		return err1 == nil && err2 == nil && x == y
	}
	return false
}

// checkCells compares the cells the page shows with the API's indicators:
// data-raw exactly, and the formatted number (grouping separators removed)
// as the value rounded to the 3 decimals the app shows.
func checkCells(t *testing.T, where string, cells []cell, api map[string]shownIndicator) {
	t.Helper()
	for _, c := range cells {
		want, ok := api[c.Key]
		switch {
		case !ok:
			t.Errorf("%s shows indicator %q, which the API does not have", where, c.Key)
			continue
		case c.Raw == nil:
			t.Errorf("%s: indicator %s has no data-raw", where, c.Key)
			continue
		case !sameValue(*c.Raw, want.Value):
			t.Errorf("%s: %s data-raw = %s, the API says %v", where, c.Key, *c.Raw, want.Value)
			continue
		}
		n, isNum := want.Value.(json.Number)
		if !isNum {
			if want.Value == nil && c.Text != "–" {
				t.Errorf("%s: %s shows %q for no value, want –", where, c.Key, c.Text)
			}
			continue
		}
		v, _ := n.Float64()
		shown, err := strconv.ParseFloat(strings.ReplaceAll(c.Text, ",", ""), 64)
		if err != nil || math.Abs(shown-math.Round(v*1000)/1000) > 1e-9*math.Max(1, math.Abs(v)) {
			t.Errorf("%s: %s shows %q, want the number %v", where, c.Key, c.Text, n)
		}
	}
}

// apiIndicators GETs a district's indicators.
func apiIndicators(t *testing.T, base, code, quarter, industry string) map[string]shownIndicator {
	t.Helper()
	var ans struct{ Indicators map[string]shownIndicator }
	getJSON(t, base+"/api/v1/districts/"+code+"/indicators?"+url.Values{"quarter": {quarter}, "industry": {industry}}.Encode(), http.StatusOK, &ans)
	return ans.Indicators
}

// postJSON POSTs body as JSON, wants status 200 and decodes the answer.
func postJSON(t *testing.T, url string, body, v any) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Post(url, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	ans, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST %s %s: status %d; body %s", url, b, resp.StatusCode, ans)
	}
	dec := json.NewDecoder(bytes.NewReader(ans))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("POST %s: %v in %s", url, err, ans)
	}
}

// getGeoJSON GETs a GeoJSON answer (application/geo+json) and decodes it.
func getGeoJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", url, resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

// district is a district of the API.
type district struct {
	Code     string
	Name     string
	Lon, Lat float64
}

// fixtureFacts are what the tests pick from the API: the quarter with sales,
// foot traffic and stores, and districts with a polygon and those figures.
type fixtureFacts struct {
	districts []district
	polygons  []string // codes of the districts with a polygon
	quarter   string
	picked    []district // polygon districts with sales, foot traffic and a non-zero close rate in quarter
}

func loadFacts(t *testing.T, base string) *fixtureFacts {
	t.Helper()
	f := &fixtureFacts{}
	var list struct{ Districts []district }
	getJSON(t, base+"/api/v1/districts", http.StatusOK, &list)
	f.districts = list.Districts
	var geo struct {
		Features []struct {
			Properties struct{ Code string }
		}
	}
	getGeoJSON(t, base+"/api/v1/geometry/districts", &geo)
	for _, ft := range geo.Features {
		f.polygons = append(f.polygons, ft.Properties.Code)
	}
	slices.Sort(f.polygons)

	var ds struct {
		Datasets []struct {
			Name     string
			Quarters []string
		}
	}
	getJSON(t, base+"/api/v1/datasets", http.StatusOK, &ds)
	quarters := map[string]int{}
	for _, d := range ds.Datasets {
		if d.Name == "sales" || d.Name == "foot_traffic" || d.Name == "stores" {
			for _, q := range d.Quarters {
				quarters[q]++
			}
		}
	}
	for q, n := range quarters {
		if n == 3 && q > f.quarter {
			f.quarter = q
		}
	}
	if f.quarter == "" {
		t.Fatal("no quarter has sales, foot traffic and stores in the fixture")
	}
	byCode := map[string]district{}
	for _, d := range f.districts {
		byCode[d.Code] = d
	}
	for _, code := range f.polygons {
		ind := apiIndicators(t, base, code, f.quarter, "")
		ok := true
		for _, k := range []string{"sales_amount", "ticket_avg", "foot_traffic_total", "close_rate"} {
			if ind[k].Value == nil {
				ok = false
			}
		}
		if ok && ind["close_rate"].Value != json.Number("0") {
			f.picked = append(f.picked, byCode[code])
			if len(f.picked) == 3 {
				break
			}
		}
	}
	if len(f.picked) < 3 {
		t.Fatalf("fewer than 3 polygon districts have sales, foot traffic and closings in %s: %v", f.quarter, f.picked)
	}
	return f
}

// TestBrowser drives the web app in Chromium over the real fixture: the map,
// a district's report, an area analysis, a comparison, the language, a
// phone-sized screen, and no request outside the server.
func TestBrowser(t *testing.T) {
	a := startWebApp(t)
	facts := loadFacts(t, a.url)
	target := facts.picked[0]
	t.Logf("server %s; quarter %s; districts %s, %s, %s; screenshots in %s",
		a.url, facts.quarter, facts.picked[0].Code, facts.picked[1].Code, facts.picked[2].Code, a.shots)

	t.Run("map", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		a.open(t, ctx, "/")
		type drawn struct {
			Codes     []string `json:"codes"`
			Centroids []string `json:"centroids"`
			Unfilled  []string `json:"unfilled"`
		}
		got := eval[drawn](t, a, ctx, `(() => {
			const all = [...document.querySelectorAll('#map .district')];
			return {
				codes: all.map((el) => el.getAttribute('data-code') || ''),
				centroids: all.filter((el) => el.classList.contains('centroid')).map((el) => el.getAttribute('data-code') || ''),
				unfilled: all.filter((el) => !el.getAttribute('fill') || el.getAttribute('fill') === 'none').map((el) => el.getAttribute('data-code') || ''),
			};
		})()`)
		if len(got.Codes) != len(facts.districts) {
			t.Errorf("the map has %d .district shapes, want one per district of GET /api/v1/districts (%d)", len(got.Codes), len(facts.districts))
		}
		seen := map[string]int{}
		for _, c := range got.Codes {
			seen[c]++
		}
		for _, d := range facts.districts {
			if seen[d.Code] != 1 {
				t.Errorf("district %s has %d shapes on the map, want 1", d.Code, seen[d.Code])
			}
			delete(seen, d.Code)
		}
		for c := range seen {
			t.Errorf("the map has a shape with data-code %q, which is no district of the API", c)
		}
		if polys := len(got.Codes) - len(got.Centroids); polys != len(facts.polygons) {
			t.Errorf("the map has %d polygons (.district:not(.centroid)), want one per feature of GET /api/v1/geometry/districts (%d)", polys, len(facts.polygons))
		}
		for _, c := range got.Centroids {
			if _, ok := slices.BinarySearch(facts.polygons, c); ok {
				t.Errorf("district %s is drawn as a centroid marker, but its polygon is loaded", c)
			}
		}
		if len(got.Unfilled) > 0 {
			t.Errorf("%d shapes have no fill colour, e.g. %v", len(got.Unfilled), got.Unfilled[:min(5, len(got.Unfilled))])
		}
		t.Logf("%d shapes: %d polygons, %d centroid markers", len(got.Codes), len(got.Codes)-len(got.Centroids), len(got.Centroids))
		a.shot(t, ctx, "1-map")
	})

	t.Run("report", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		since := a.open(t, ctx, "/")
		a.choose(t, ctx, "#quarter", facts.quarter)
		a.recoloured(t, ctx, since)
		a.clickDistrict(t, ctx, target.Code)
		poll[bool](t, a, ctx, "the report of "+target.Code,
			`(() => { const r = document.getElementById('report'); return !!r && !r.hidden && r.dataset.code === `+js(target.Code)+` && r.dataset.loaded === 'true'; })()`)
		a.shot(t, ctx, "2-report")

		quarter := eval[string](t, a, ctx, `document.getElementById('report').dataset.quarter || document.getElementById('quarter').value`)
		industry := eval[string](t, a, ctx, `document.getElementById('industry').value`)
		if quarter != facts.quarter {
			t.Errorf("the report is of quarter %q, want %s as chosen", quarter, facts.quarter)
		}
		if hash := eval[string](t, a, ctx, `location.hash`); !strings.Contains(hash, "district="+target.Code) {
			t.Errorf("after the click the URL hash is %q, want district=%s in it", hash, target.Code)
		}
		cells := eval[[]cell](t, a, ctx, cellsJS("#report [data-indicator]"))
		shown := map[string]bool{}
		for _, c := range cells {
			shown[c.Key] = true
		}
		for _, k := range []string{"sales_amount", "sales_count", "ticket_avg", "foot_traffic_total", "close_rate", "evaluation_score"} {
			if !shown[k] {
				t.Errorf("the report shows no [data-indicator=%s]", k)
			}
		}
		checkCells(t, "report of "+target.Code, cells, apiIndicators(t, a.url, target.Code, quarter, industry))
		a.checkContained(t, ctx, "#report")
		t.Logf("report of %s (%s, %s, industry %q): %d indicator cells checked", target.Code, target.Name, quarter, industry, len(cells))
	})

	t.Run("area", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		since := a.open(t, ctx, "/")
		a.choose(t, ctx, "#quarter", facts.quarter)
		a.recoloured(t, ctx, since)
		a.do(t, ctx, "open the area view", chromedp.Click(chromedp.CSS("#nav-area")), chromedp.WaitVisible(chromedp.CSS("#area-form")))
		lon := strconv.FormatFloat(target.Lon, 'f', 6, 64)
		lat := strconv.FormatFloat(target.Lat, 'f', 6, 64)
		a.fill(t, ctx, "#area-lon", lon)
		a.fill(t, ctx, "#area-lat", lat)
		a.fill(t, ctx, "#area-radius", "1000")
		a.do(t, ctx, "run the area analysis", chromedp.Click(chromedp.CSS("#area-run")))
		poll[bool](t, a, ctx, "the area result",
			`document.getElementById('area-result').dataset.loaded === 'true' && !!document.querySelector('#area-result [data-indicator="sales_amount"]')`)
		a.shot(t, ctx, "3-area")

		quarter := eval[string](t, a, ctx, `document.getElementById('quarter').value`)
		industry := eval[string](t, a, ctx, `document.getElementById('industry').value`)
		x, _ := strconv.ParseFloat(lon, 64)
		y, _ := strconv.ParseFloat(lat, 64)
		var ans struct {
			Indicators map[string]shownIndicator
			Districts  []struct {
				Code   string
				Weight json.Number
			}
		}
		postJSON(t, a.url+"/api/v1/analysis/area", map[string]any{
			"circle": map[string]any{"lon": x, "lat": y, "radius_m": 1000}, "quarter": quarter, "industry": industry,
		}, &ans)
		var want []string
		for _, d := range ans.Districts {
			want = append(want, d.Code)
		}
		slices.Sort(want)
		got := eval[[]string](t, a, ctx, `(() => {
			const els = [...document.querySelectorAll('#area-districts [data-code]')];
			return (els.length ? els : [...document.querySelectorAll('#area-districts li')]).map((el) => el.dataset.code || el.textContent.trim());
		})()`)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("the area lists %d districts %v, the API %d %v", len(got), got, len(want), want)
		}
		cells := eval[[]cell](t, a, ctx, cellsJS("#area-result [data-indicator]"))
		checkCells(t, "area result", cells, ans.Indicators)
		a.checkContained(t, ctx, "#area-result")
		t.Logf("area of 1000 m around %s,%s (%s): %d districts, %d indicator cells checked", lon, lat, quarter, len(got), len(cells))
	})

	t.Run("compare", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		since := a.open(t, ctx, "/")
		a.choose(t, ctx, "#quarter", facts.quarter)
		a.recoloured(t, ctx, since)
		codes := []string{facts.picked[0].Code, facts.picked[1].Code, facts.picked[2].Code}
		a.do(t, ctx, "open the compare view", chromedp.Click(chromedp.CSS("#nav-compare")), chromedp.WaitVisible(chromedp.CSS("#compare-codes")))
		a.fill(t, ctx, "#compare-codes", strings.Join(codes, ","))
		a.do(t, ctx, "run the comparison", chromedp.Click(chromedp.CSS("#compare-run")))
		poll[bool](t, a, ctx, "the comparison table", `document.getElementById('compare-result').dataset.loaded === 'true' && !!document.querySelector('#compare-result table td[data-indicator]')`)
		a.shot(t, ctx, "4-compare")

		quarter := eval[string](t, a, ctx, `document.getElementById('quarter').value`)
		industry := eval[string](t, a, ctx, `document.getElementById('industry').value`)
		var ans struct {
			Districts []struct {
				District   struct{ Code string }
				Indicators map[string]shownIndicator
			}
		}
		getJSON(t, a.url+"/api/v1/compare?"+url.Values{"codes": {strings.Join(codes, ",")}, "quarter": {quarter}, "industry": {industry}}.Encode(), http.StatusOK, &ans)
		if len(ans.Districts) != len(codes) {
			t.Fatalf("GET /api/v1/compare answered %d districts, want %d", len(ans.Districts), len(codes))
		}
		heads := eval[[]string](t, a, ctx, `[...document.querySelectorAll('#compare-result table thead [data-code]')].map((el) => el.dataset.code)`)
		if !slices.Equal(heads, codes) {
			t.Errorf("the comparison's columns are %v, want %v in the order given", heads, codes)
		}
		cells := eval[[]cell](t, a, ctx, cellsJS("#compare-result table td[data-indicator]"))
		perCode := map[string][]cell{}
		for _, c := range cells {
			perCode[c.Code] = append(perCode[c.Code], c)
		}
		for _, d := range ans.Districts {
			cs := perCode[d.District.Code]
			if len(cs) == 0 {
				t.Errorf("the comparison shows no value of %s (cells carry data-code through their column)", d.District.Code)
				continue
			}
			checkCells(t, "comparison, "+d.District.Code, cs, d.Indicators)
		}
		if len(perCode[""]) > 0 {
			t.Errorf("%d comparison cells belong to no district (no [data-code] above them)", len(perCode[""]))
		}
		t.Logf("comparison of %v (%s): %d cells checked", codes, quarter, len(cells))
	})

	t.Run("search", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		a.open(t, ctx, "/")
		d := facts.picked[1]
		a.fill(t, ctx, "#search", d.Name)
		sel := `#search-results [data-code="` + d.Code + `"]`
		poll[bool](t, a, ctx, "a search result for "+d.Name, `!!document.querySelector(`+js(sel)+`)`)
		a.shot(t, ctx, "2-search")
		a.do(t, ctx, "pick the search result", chromedp.Click(chromedp.CSS(sel)))
		poll[bool](t, a, ctx, "the report of "+d.Code+" from the search",
			`(() => { const r = document.getElementById('report'); return !!r && !r.hidden && r.dataset.code === `+js(d.Code)+` && r.dataset.loaded === 'true'; })()`)
		if title := eval[string](t, a, ctx, `document.getElementById('report-title').textContent`); title != d.Name {
			t.Errorf("the report opened from the search is titled %q, want %q", title, d.Name)
		}
	})

	t.Run("language", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		a.open(t, ctx, "/#quarter="+facts.quarter+"&district="+target.Code)
		reportOpen := `(() => { const r = document.getElementById('report'); return !!r && !r.hidden && r.dataset.code === ` + js(target.Code) + ` && r.dataset.loaded === 'true'; })()`
		poll[bool](t, a, ctx, "the report of "+target.Code+" from the URL", reportOpen)
		type texts struct {
			Lang   string `json:"lang"`
			Button string `json:"button"`
			Nav    string `json:"nav"`
			Label  string `json:"label"`
		}
		read := `({lang: document.documentElement.lang, button: document.getElementById('lang').textContent.trim(),
			nav: document.getElementById('nav-map').textContent.trim(),
			label: (document.querySelector('#report [data-indicator="sales_amount"] .name') || {textContent: ''}).textContent.trim()})`
		ko := eval[texts](t, a, ctx, read)
		if ko.Lang != "ko" || ko.Button != "English" || ko.Nav != "지도" {
			t.Errorf("before the switch: html lang %q, #lang %q, #nav-map %q; want ko, English, 지도", ko.Lang, ko.Button, ko.Nav)
		}
		a.do(t, ctx, "switch the language", chromedp.Click(chromedp.CSS("#lang")))
		en := poll[texts](t, a, ctx, "html lang=en and the report again", `document.documentElement.lang === 'en' && `+reportOpen+` && `+read)
		if en.Button != "한국어" || en.Nav != "Map" {
			t.Errorf("after the switch: #lang %q, #nav-map %q; want 한국어, Map", en.Button, en.Nav)
		}
		if en.Label == "" || en.Label == ko.Label {
			t.Errorf("the report's sales_amount label is %q after the switch, %q before: want it in English", en.Label, ko.Label)
		}
		a.shot(t, ctx, "5-language-en")

		hash := eval[string](t, a, ctx, `location.hash`)
		for _, want := range []string{"lang=en", "district=" + target.Code} {
			if !strings.Contains(hash, want) {
				t.Errorf("the URL hash %q has no %s", hash, want)
			}
		}
		// A reload keeps the state: it is all in the URL.
		a.do(t, ctx, "reload", chromedp.Reload())
		poll[bool](t, a, ctx, "the map after the reload", `document.body.dataset.ready === 'true'`)
		poll[bool](t, a, ctx, "the report of "+target.Code+" after the reload", reportOpen)
		again := eval[texts](t, a, ctx, read)
		if again != en {
			t.Errorf("after a reload the page reads %+v, want %+v as before it", again, en)
		}
		if q := eval[string](t, a, ctx, `document.getElementById('quarter').value`); q != facts.quarter {
			t.Errorf("after a reload the quarter is %q, want %s", q, facts.quarter)
		}
		a.shot(t, ctx, "5-language-reloaded")
	})

	t.Run("phone", func(t *testing.T) {
		ctx := a.tab(t, 390, 844)
		a.do(t, ctx, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
		a.open(t, ctx, "/#quarter="+facts.quarter+"&district="+target.Code)
		poll[bool](t, a, ctx, "the report of "+target.Code,
			`(() => { const r = document.getElementById('report'); return !!r && !r.hidden && r.dataset.loaded === 'true'; })()`)
		a.shot(t, ctx, "6-phone")
		type box struct {
			ScrollWidth float64 `json:"scrollWidth"`
			MapW        float64 `json:"mapW"`
			MapH        float64 `json:"mapH"`
		}
		b := eval[box](t, a, ctx, `(() => { const m = document.getElementById('map').getBoundingClientRect();
			return {scrollWidth: document.documentElement.scrollWidth, mapW: m.width, mapH: m.height}; })()`)
		if b.ScrollWidth > 390 {
			wide := eval[[]string](t, a, ctx, `[...document.querySelectorAll('body *')].filter((el) => {
				const r = el.getBoundingClientRect();
				if (!(r.width > 0 && r.right > document.documentElement.clientWidth + 0.5) || el.closest('.leaflet-pane')) return false;
				for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
					if (getComputedStyle(p).overflowX !== 'visible') return false; // scrolls or clips inside its box
				}
				return true;
			}).slice(0, 8).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
				(typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
				' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)')`)
			t.Errorf("on a 390 px wide phone the page is %v px wide: it scrolls sideways; past the edge: %s", b.ScrollWidth, strings.Join(wide, ", "))
		}
		if b.MapW < 300 || b.MapH < 200 {
			t.Errorf("on a phone the map is %v×%v px, want at least 300×200", b.MapW, b.MapH)
		}
		a.shotFull(t, ctx, "6-phone-full")
	})

	// A ranking of close rates shows each value's flags and says how many
	// districts its minimum base left out, as the API answers.
	t.Run("rankings", func(t *testing.T) {
		ctx := a.tab(t, 1280, 900)
		a.open(t, ctx, "/#indicator=close_rate&quarter="+facts.quarter)
		a.do(t, ctx, "open the rankings view", chromedp.Click(chromedp.CSS("#nav-rankings")), chromedp.WaitVisible(chromedp.CSS("#rankings-form")))
		a.do(t, ctx, "rank", chromedp.Click(chromedp.CSS("#rankings-run")))
		poll[bool](t, a, ctx, "the ranking", `document.getElementById('rankings-result').dataset.loaded === 'true'`)
		a.shot(t, ctx, "8-rankings")
		var ans struct {
			Rankings []struct {
				Code  string
				Flags []string
			}
			MinStores      int `json:"min_stores"`
			BelowMinStores int `json:"below_min_stores"`
		}
		getJSON(t, a.url+"/api/v1/rankings?"+url.Values{"indicator": {"close_rate"}, "quarter": {facts.quarter}, "limit": {"20"}}.Encode(), http.StatusOK, &ans)
		type row struct{ Code, Flags string }
		rows := eval[[]row](t, a, ctx, `[...document.querySelectorAll('#rankings-result tbody tr')].map((tr) => ({code: tr.dataset.code, flags: tr.querySelector('[data-flags]').dataset.flags}))`)
		if len(rows) != len(ans.Rankings) {
			t.Fatalf("the page ranks %d districts, the API %d", len(rows), len(ans.Rankings))
		}
		for i, r := range ans.Rankings {
			if rows[i].Code != r.Code || rows[i].Flags != strings.Join(r.Flags, " ") {
				t.Errorf("rank %d: the page shows %s with flags %q, the API %s with %v", i+1, rows[i].Code, rows[i].Flags, r.Code, r.Flags)
			}
		}
		note := eval[string](t, a, ctx, `(document.getElementById('rankings-base') || {textContent: ''}).textContent`)
		if ans.BelowMinStores > 0 && !strings.Contains(note, strconv.Itoa(ans.BelowMinStores)) {
			t.Errorf("the ranking left out %d districts under %d stores; the page says %q", ans.BelowMinStores, ans.MinStores, note)
		}
		t.Logf("close rates: %d ranked, %d under the base of %d stores", len(ans.Rankings), ans.BelowMinStores, ans.MinStores)
	})

	// On a phone every view's button is on the screen (the menu wraps), and
	// the comparison of four districts is all on the screen or in a frame
	// that scrolls sideways, with nothing cut off.
	t.Run("phone menu and compare", func(t *testing.T) {
		ctx := a.tab(t, 390, 844)
		a.do(t, ctx, "emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
		a.open(t, ctx, "/#quarter="+facts.quarter)
		off := eval[[]string](t, a, ctx, `(() => {
			const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
			return [...document.querySelectorAll('.views button')].filter((b) => {
				const r = b.getBoundingClientRect();
				return !(r.width > 0 && r.left >= -0.5 && r.right <= vw + 0.5 && r.top >= -0.5 && r.bottom <= vh);
			}).map((b) => b.textContent.trim() + ' (' + Math.round(b.getBoundingClientRect().left) + '–' + Math.round(b.getBoundingClientRect().right) + ' px)');
		})()`)
		if len(off) > 0 {
			t.Errorf("on a 390 px wide phone these menu buttons are not on the screen: %s", strings.Join(off, ", "))
		}
		codes := []string{facts.picked[0].Code, facts.picked[1].Code, facts.picked[2].Code}
		for _, c := range facts.polygons {
			if len(codes) < 4 && !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
		a.do(t, ctx, "open the compare view", chromedp.Click(chromedp.CSS("#nav-compare")), chromedp.WaitVisible(chromedp.CSS("#compare-codes")))
		a.fill(t, ctx, "#compare-codes", strings.Join(codes, ","))
		a.do(t, ctx, "run the comparison", chromedp.Click(chromedp.CSS("#compare-run")))
		poll[bool](t, a, ctx, "the comparison table", `document.getElementById('compare-result').dataset.loaded === 'true' && !!document.querySelector('#compare-result table td[data-indicator]')`)
		a.do(t, ctx, "scroll to the table", chromedp.ScrollIntoView(chromedp.CSS("#compare-result table")))
		a.shot(t, ctx, "7-phone-compare")
		cut := eval[[]string](t, a, ctx, `(() => {
			const vw = document.documentElement.clientWidth;
			const table = document.querySelector('#compare-result table');
			const out = [];
			if (document.documentElement.scrollWidth > vw + 0.5) out.push('the page is ' + document.documentElement.scrollWidth + ' px wide; past the edge: ' +
				[...document.querySelectorAll('body *')].filter((el) => {
					const r = el.getBoundingClientRect();
					if (!(r.width > 0 && r.right > vw + 0.5) || el.closest('.leaflet-pane')) return false;
					for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return false;
					return true;
				}).slice(0, 6).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
					' (' + Math.round(el.getBoundingClientRect().right) + ' px)').join(', '));
			// The nearest box around the table that clips sideways must scroll, and be on the screen.
			let frame = table.parentElement;
			while (frame && frame !== document.body && getComputedStyle(frame).overflowX === 'visible') frame = frame.parentElement;
			const fr = frame && frame !== document.body ? frame.getBoundingClientRect() : {left: 0, right: vw};
			const scrolls = frame && frame !== document.body && ['auto', 'scroll'].includes(getComputedStyle(frame).overflowX);
			if (fr.left < -0.5 || fr.right > vw + 0.5) out.push('the table\'s frame spans ' + Math.round(fr.left) + '–' + Math.round(fr.right) + ' px, past the screen');
			for (const cell of table.querySelectorAll('th, td')) {
				const r = cell.getBoundingClientRect();
				if (r.width === 0) continue;
				const inside = r.left >= fr.left - 0.5 && r.right <= fr.right + 0.5;
				if (!inside && !scrolls) out.push('"' + cell.textContent.trim().slice(0, 30) + '" at ' + Math.round(r.left) + '–' + Math.round(r.right) + ' px is cut off');
				for (const el of cell.querySelectorAll('*')) {
					const e = el.getBoundingClientRect();
					if (!el.children.length && e.width > 0 && (e.right > r.right + 1 || e.left < r.left - 1)) out.push('"' + el.textContent.trim().slice(0, 30) + '" sticks out of its cell');
				}
			}
			if (scrolls && frame.scrollWidth < table.getBoundingClientRect().width - 0.5) out.push('the frame scrolls ' + frame.scrollWidth + ' px of a ' + table.getBoundingClientRect().width + ' px table');
			return out.slice(0, 10);
		})()`)
		for _, c := range cut {
			t.Errorf("the comparison of 4 districts on a 390 px wide phone: %s", c)
		}
		heads := eval[[]string](t, a, ctx, `[...document.querySelectorAll('#compare-result table thead [data-code]')].map((el) => el.dataset.code)`)
		if !slices.Equal(heads, codes) {
			t.Errorf("the comparison's columns are %v, want %v", heads, codes)
		}
	})

	t.Run("offline", func(t *testing.T) {
		a.mu.Lock()
		defer a.mu.Unlock()
		if len(a.external) > 0 {
			t.Errorf("the page requested %d URLs outside the server, e.g. %q", len(a.external), a.external[:min(5, len(a.external))])
		}
	})
}
