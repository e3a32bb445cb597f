package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/sangsaeng/sangsaeng/internal/bizno"
)

// apiSession is a user signed in over HTTP with the session cookie, as the
// browser is; for the steps of a flow the browser does not take.
type apiSession struct {
	base string
	c    *http.Client
	csrf string
}

// login signs p in over HTTP.
func login(t *testing.T, base string, p person) *apiSession {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &apiSession{base: base, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	var ans struct {
		CSRF string `json:"csrf_token"`
	}
	s.do(t, "POST", "/api/v1/auth/login", map[string]string{"email": p.email, "password": p.password}, http.StatusOK, &ans)
	s.csrf = ans.CSRF
	return s
}

// do sends a JSON request and decodes the answer; another status than want
// fails the test.
func (s *apiSession) do(t *testing.T, method, path string, body any, want int, v any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.base+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", s.csrf)
	resp, err := s.c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	ans, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, want, ans)
	}
	if v != nil {
		if err := json.Unmarshal(ans, v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, ans)
		}
	}
}

// businessNo makes a valid 사업자등록번호 from nine digits.
func businessNo(t *testing.T, nine string) string {
	t.Helper()
	d, ok := bizno.CheckDigit(nine)
	if !ok {
		t.Fatalf("CheckDigit(%s): not nine digits", nine)
	}
	return fmt.Sprintf("%s-%s-%s%c", nine[:3], nine[3:5], nine[5:], d)
}

// pngFile writes a small PNG to dir and returns its path.
func pngFile(t *testing.T, dir string) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	p := filepath.Join(dir, "product.png")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return p
}

// goTo opens a signed-in page from its menu button and waits until it has
// drawn its records.
func goTo(t *testing.T, a *webApp, ctx context.Context, page string) {
	t.Helper()
	a.do(t, ctx, "open the "+page+" page", chromedp.Click(chromedp.CSS("#nav-"+page)))
	poll[bool](t, a, ctx, "the "+page+" page", `document.body.dataset.page === `+js(page)+` && document.getElementById('page-`+page+`').dataset.loaded === 'true'`)
}

// loaded waits until page has drawn its records again after an action.
func loaded(t *testing.T, a *webApp, ctx context.Context, page, what, cond string) {
	t.Helper()
	poll[bool](t, a, ctx, what, `document.getElementById('page-`+page+`').dataset.loaded === 'true' && (`+cond+`)`)
}

// contestResult is a line of GET /api/v1/contests/{id}/results.
type contestResult struct {
	Entry         string  `json:"entry"`
	Rank          int     `json:"rank"`
	Score         float64 `json:"score"`
	SelectedUnits int64   `json:"selected_units"`
	Cost          int64   `json:"cost"`
}

// browserContest drives a product contest and an early-payment run
// through the pages of their three roles, on a desktop and on a phone: the
// manager opens the contest; a supplier applies with a product and a
// picture; the manager assigns the jury; a judge scores the entries and
// declares a conflict; the manager publishes; the supplier reads the rank,
// the score and how it was made; the manager distributes the purchase and
// runs an early payment over an imported invoice file. Every number the
// pages show is checked against the API's answer.
func browserContest(t *testing.T, w *roleWorld) {
	a := w.a
	dir := t.TempDir()
	picture := pngFile(t, dir)
	w.org(t, map[string]any{"id": "jury-pool", "kind": "public", "name": "심사단"})
	manager := w.manager
	var judges []person
	for i := 1; i <= 3; i++ {
		judges = append(judges, w.user(t, fmt.Sprintf("judge%d@jury.example", i), fmt.Sprintf("심사위원%d", i), "jury-pool", "jury"))
	}

	for n, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			bnA, bnB := businessNo(t, fmt.Sprintf("1208%d1234", n)), businessNo(t, fmt.Sprintf("2208%d5678", n))
			supA, supB := "sme-a-"+s.name, "sme-b-"+s.name
			w.org(t, map[string]any{"id": supA, "kind": "supplier", "name": "튼튼공방 " + s.name, "business_no": bnA})
			w.org(t, map[string]any{"id": supB, "kind": "supplier", "name": "바른식품 " + s.name, "business_no": bnB})
			supplier := w.user(t, "a-"+s.name+"@sme.example", "이공급", supA, "supplier")
			contestName := "쓰임새 있는 제품 공모전 " + s.name

			// The manager opens the contest.
			ctx := w.open(t, s, "/")
			w.signIn(t, ctx, manager)
			goTo(t, a, ctx, "contests")
			if !eval[bool](t, a, ctx, `document.getElementById('contest-new').open`) {
				a.do(t, ctx, "open the new contest's form", chromedp.Click(chromedp.CSS("#contest-new summary")))
			}
			a.fill(t, ctx, "#contest-name", contestName)
			a.fill(t, ctx, "#contest-budget", "1000000")
			a.fill(t, ctx, "#contest-per-entry", "3")
			a.do(t, ctx, "create the contest", chromedp.Click(chromedp.CSS("#contest-run")))
			id := poll[string](t, a, ctx, "the new contest", `document.getElementById('page-contests').dataset.loaded === 'true' && (document.querySelector('#contest-detail') || {dataset: {}}).dataset.id`)
			ms := login(t, a.url, manager)
			var detail struct {
				Contest struct {
					Name     string `json:"name"`
					Budget   int64  `json:"budget"`
					Criteria []struct {
						Key string `json:"key"`
					} `json:"criteria"`
				} `json:"contest"`
			}
			ms.do(t, "GET", "/api/v1/contests/"+id, nil, http.StatusOK, &detail)
			if detail.Contest.Name != contestName || detail.Contest.Budget != 1000000 || len(detail.Contest.Criteria) != 5 {
				t.Fatalf("the contest made on the page is %+v, want %s, budget 1,000,000 and the five criteria", detail.Contest, contestName)
			}

			// The supplier applies from the page, with a picture; a second
			// product and another supplier's come through the API.
			sctx := w.open(t, s, "/")
			if page := w.signIn(t, sctx, supplier); page != "supplier" {
				t.Fatalf("a supplier lands on page %q, want supplier", page)
			}
			a.choose(t, sctx, "#contest-select", id)
			loaded(t, a, sctx, "supplier", "the contest "+id, `!!document.getElementById('entry-form')`)
			a.fill(t, sctx, "#entry-product", "접이식 텀블러")
			a.fill(t, sctx, "#entry-price", "15000")
			a.fill(t, sctx, "#entry-min", "10")
			a.fill(t, sctx, "#entry-max", "40")
			a.fill(t, sctx, "#entry-cert", "0012-2025-"+s.name)
			a.do(t, sctx, "attach a picture", chromedp.SetUploadFiles(chromedp.CSS("#entry-files"), []string{picture}))
			a.do(t, sctx, "apply", chromedp.Click(chromedp.CSS("#entry-run")))
			loaded(t, a, sctx, "supplier", "the entry in the list", `document.querySelectorAll('#my-entries li[data-entry]').length === 1`)
			var mine struct {
				Entries []struct {
					ID          string `json:"id"`
					Product     string `json:"product"`
					Attachments []struct {
						MediaType string `json:"media_type"`
					} `json:"attachments"`
				} `json:"entries"`
			}
			ss := login(t, a.url, supplier)
			ss.do(t, "GET", "/api/v1/contests/"+id, nil, http.StatusOK, &mine)
			if len(mine.Entries) != 1 || mine.Entries[0].Product != "접이식 텀블러" || len(mine.Entries[0].Attachments) != 1 || mine.Entries[0].Attachments[0].MediaType != "image/png" {
				t.Fatalf("the supplier's entries are %+v, want the tumbler with one PNG", mine.Entries)
			}
			entryA := mine.Entries[0].ID
			if st := eval[string](t, a, sctx, `document.querySelector('#my-entries li').dataset.status`); st != "submitted" {
				t.Errorf("the new entry's status is %q, want submitted", st)
			}
			a.shot(t, sctx, "contest-supplier-apply-"+s.name)
			var eb struct {
				Entry struct {
					ID string `json:"id"`
				} `json:"entry"`
			}
			call(t, "POST", a.url+"/api/v1/contests/"+id+"/entries", w.token, map[string]any{"supplier": supA, "product": "대나무 칫솔", "unit_price": 3000, "min_units": 50, "max_units": 200, "sme_cert": "0012-2025-x"}, http.StatusCreated, &eb)
			entryA2 := eb.Entry.ID
			call(t, "POST", a.url+"/api/v1/contests/"+id+"/entries", w.token, map[string]any{"supplier": supB, "product": "저당 그래놀라", "unit_price": 8000, "min_units": 20, "max_units": 60, "sme_cert": "0099-2025-y"}, http.StatusCreated, &eb)
			entryB := eb.Entry.ID

			// The manager assigns the three judges.
			a.do(t, ctx, "reload", chromedp.Reload())
			poll[bool](t, a, ctx, "the contest page", `document.body.dataset.ready === 'true' && document.getElementById('page-contests').dataset.loaded === 'true' && !!document.getElementById('jury-users')`)
			a.fill(t, ctx, "#jury-users", judges[0].id+" "+judges[1].id+" "+judges[2].id)
			a.do(t, ctx, "assign the jury", chromedp.Click(chromedp.CSS("#jury-run")))
			loaded(t, a, ctx, "contests", "the assignment", `!document.getElementById('jury-form-msg') || document.getElementById('jury-form-msg').dataset.error !== 'true'`)

			// The first judge scores two entries on the page and declares a
			// conflict with the third; the others score through the API.
			jctx := w.open(t, s, "/")
			if page := w.signIn(t, jctx, judges[0]); page != "judge" {
				t.Fatalf("a judge lands on page %q, want judge", page)
			}
			a.choose(t, jctx, "#contest-select", id)
			loaded(t, a, jctx, "judge", "the contest "+id, `document.getElementById('contest-select').value === `+js(id))
			if n := eval[int](t, a, jctx, `document.querySelectorAll('#assigned-entries li[data-entry]').length`); n != 3 {
				t.Fatalf("the judge sees %d entries, want the 3 assigned", n)
			}
			scores := map[string][]int{entryA: {90, 85, 70, 80, 60}, entryB: {60, 70, 90, 50, 80}}
			for _, e := range []string{entryA, entryB} {
				for i, v := range scores[e] {
					a.fill(t, jctx, fmt.Sprintf(`#assigned-entries li[data-entry=%q] input[data-criterion=%q]`, e, detail.Contest.Criteria[i].Key), fmt.Sprint(v))
				}
				a.do(t, jctx, "save the scores of "+e, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#assigned-entries li[data-entry=%q] .save-scores`, e))))
				poll[bool](t, a, jctx, "the scores of "+e+" saved", fmt.Sprintf(`document.querySelector('#assigned-entries li[data-entry=%q]').dataset.scored === 'true'`, e))
			}
			a.do(t, jctx, "declare a conflict", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#assigned-entries li[data-entry=%q] .declare-conflict`, entryA2))))
			loaded(t, a, jctx, "judge", "the conflict", fmt.Sprintf(`document.querySelector('#assigned-entries li[data-entry=%q]')?.dataset.conflict === 'true' || !document.querySelector('#assigned-entries li[data-entry=%q]')`, entryA2, entryA2))
			a.shot(t, jctx, "contest-judge-"+s.name)
			js1 := login(t, a.url, judges[0])
			var got struct {
				Entries []struct {
					ID     string         `json:"id"`
					Scores map[string]int `json:"scores"`
				} `json:"entries"`
				Conflicts []string `json:"conflicts"`
			}
			js1.do(t, "GET", "/api/v1/contests/"+id+"/assigned", nil, http.StatusOK, &got)
			for _, e := range got.Entries {
				want, ok := scores[e.ID]
				if !ok {
					continue
				}
				for i, v := range want {
					if k := detail.Contest.Criteria[i].Key; e.Scores[k] != v {
						t.Errorf("entry %s, %s: the API holds %d, the judge typed %d", e.ID, k, e.Scores[k], v)
					}
				}
			}
			if strings.Join(got.Conflicts, ",") != entryA2 {
				t.Errorf("the judge's conflicts are %v, want [%s]", got.Conflicts, entryA2)
			}
			for k, j := range judges[1:] {
				js := login(t, a.url, j)
				for e, base := range map[string]int{entryA: 70, entryA2: 60, entryB: 75} {
					sc := map[string]int{}
					for i, c := range detail.Contest.Criteria {
						sc[c.Key] = base + 5*k - 3*i
					}
					js.do(t, "PUT", "/api/v1/contests/"+id+"/entries/"+e+"/scores", map[string]any{"scores": sc}, http.StatusOK, nil)
				}
			}

			// The manager reads the results against the API and publishes
			// (a fresh tab bounds each one's time).
			ctx = w.open(t, s, "/#view=contests&contest="+id)
			w.signIn(t, ctx, manager)
			goTo(t, a, ctx, "contests")
			loaded(t, a, ctx, "contests", "the results", `document.querySelectorAll('#contest-results tbody tr').length === 3`)
			var res struct {
				Entries      []contestResult `json:"entries"`
				Budget       int64           `json:"budget"`
				Spent        int64           `json:"spent"`
				OptimumSpent *int64          `json:"optimum_spent"`
			}
			ms.do(t, "GET", "/api/v1/contests/"+id+"/results", nil, http.StatusOK, &res)
			type row struct {
				Entry, Rank, Score, Units, Cost string
			}
			rows := eval[[]row](t, a, ctx, `[...document.querySelectorAll('#contest-results tbody tr')].map((tr) => ({
				Entry: tr.dataset.entry, Rank: tr.querySelector('[data-key=rank]').dataset.raw, Score: tr.querySelector('[data-key=score]').textContent,
				Units: tr.querySelector('[data-key=selected_units]').dataset.raw, Cost: tr.querySelector('[data-key=cost]').dataset.raw}))`)
			for i, r := range res.Entries {
				want := row{r.Entry, fmt.Sprint(r.Rank), fmt.Sprintf("%.2f", r.Score), fmt.Sprint(r.SelectedUnits), fmt.Sprint(r.Cost)}
				if i >= len(rows) || rows[i] != want {
					t.Errorf("results line %d: the page shows %+v, the API %+v", i+1, rows[min(i, len(rows)-1)], want)
				}
			}
			if spent := eval[string](t, a, ctx, `document.querySelector('#contest-figures [data-key=spent]').dataset.raw`); spent != fmt.Sprint(res.Spent) {
				t.Errorf("the page shows %s spent by rank, the API %d", spent, res.Spent)
			}
			if res.OptimumSpent != nil {
				if opt := eval[string](t, a, ctx, `document.querySelector('#contest-figures [data-key=optimum_spent]').dataset.raw`); opt != fmt.Sprint(*res.OptimumSpent) {
					t.Errorf("the page shows %s spent by the optimum, the API %d", opt, *res.OptimumSpent)
				}
			}
			a.shotFull(t, ctx, "contest-manager-results-"+s.name)
			a.do(t, ctx, "publish", chromedp.Click(chromedp.CSS("#publish-run")))
			loaded(t, a, ctx, "contests", "the published contest", `document.getElementById('contest-detail')?.dataset.published === 'true' && !!document.getElementById('distribution-form')`)

			// The supplier reads the published rank, score and how it was made.
			sctx = w.open(t, s, "/#view=supplier&contest="+id) // a fresh tab bounds each one's time
			w.signIn(t, sctx, supplier)
			loaded(t, a, sctx, "supplier", "the published result", `document.querySelector('#my-entries li')?.dataset.status === 'published'`)
			var pub struct {
				Entries []contestResult `json:"entries"`
			}
			ss.do(t, "GET", "/api/v1/contests/"+id+"/results", nil, http.StatusOK, &pub)
			for _, r := range pub.Entries {
				sel := fmt.Sprintf(`#my-entries li[data-entry=%q]`, r.Entry)
				if got := eval[string](t, a, sctx, `(document.querySelector(`+js(sel+" .rank")+`)||{dataset:{}}).dataset.raw || ''`); got != fmt.Sprint(r.Rank) {
					t.Errorf("entry %s: the supplier's page shows rank %q, the API %d", r.Entry, got, r.Rank)
				}
				if got := eval[string](t, a, sctx, `(document.querySelector(`+js(sel+" .score")+`)||{}).textContent || ''`); got != fmt.Sprintf("%.2f", r.Score) {
					t.Errorf("entry %s: the supplier's page shows score %q, the API %.2f", r.Entry, got, r.Score)
				}
				if n := eval[int](t, a, sctx, `document.querySelectorAll(`+js(sel+" .explain-table tbody tr")+`).length`); n == 0 {
					t.Errorf("entry %s: the supplier's page does not show how the score was computed", r.Entry)
				}
			}
			checkFits(t, a, sctx, s)
			a.shotFull(t, sctx, "contest-supplier-result-"+s.name)

			// The manager distributes the purchase over two stores and the shop.
			a.fill(t, ctx, "#dist-online", "30")
			a.fill(t, ctx, "#dist-stores", "store-1,3\nstore-2,1")
			a.do(t, ctx, "distribute", chromedp.Click(chromedp.CSS("#distribution-run")))
			loaded(t, a, ctx, "contests", "the distribution", `!!document.querySelector('#distribution-table tbody tr')`)
			type dist struct {
				Entry                         string
				Units, Online, Store1, Store2 int64
			}
			ds := eval[[]dist](t, a, ctx, `[...document.querySelectorAll('#distribution-table tbody tr')].map((tr) => ({Entry: tr.dataset.entry,
				Units: +tr.querySelector('[data-key=units]').dataset.raw, Online: +tr.querySelector('[data-key=online]').dataset.raw,
				Store1: +tr.querySelector('[data-key=s0]').dataset.raw, Store2: +tr.querySelector('[data-key=s1]').dataset.raw}))`)
			units := map[string]int64{}
			for _, r := range res.Entries {
				if r.SelectedUnits > 0 {
					units[r.Entry] = r.SelectedUnits
				}
			}
			if len(ds) != len(units) {
				t.Errorf("the distribution shows %d products, the results select %d", len(ds), len(units))
			}
			for _, d := range ds {
				if d.Units != units[d.Entry] || d.Online+d.Store1+d.Store2 != d.Units {
					t.Errorf("distribution of %s: %d units = %d online + %d + %d; the results select %d", d.Entry, d.Units, d.Online, d.Store1, d.Store2, units[d.Entry])
				}
			}
			a.shotFull(t, ctx, "contest-manager-distribution-"+s.name)

			// An early-payment run over an imported invoice file.
			ctx = w.open(t, s, "/")
			w.signIn(t, ctx, manager)
			goTo(t, a, ctx, "contests")
			a.do(t, ctx, "open the run form", chromedp.Click(chromedp.CSS("#run-new summary")))
			a.fill(t, ctx, "#run-name", "설 조기 지급 "+s.name)
			a.fill(t, ctx, "#run-budget", "5000000")
			a.fill(t, ctx, "#run-within", "90")
			a.do(t, ctx, "suppliers", chromedp.Evaluate[chromedp.Void](`document.getElementById('run-suppliers').value = `+js(strings.ReplaceAll(bnA, "-", "")+",튼튼공방,0012-2025,국민은행,123-45-678901,튼튼공방\n"+strings.ReplaceAll(bnB, "-", "")+",바른식품,0099-2025,신한은행,110-222-333444,바른식품")))
			a.do(t, ctx, "create the run", chromedp.Click(chromedp.CSS("#run-run")))
			runID := poll[string](t, a, ctx, "the new run", `document.getElementById('page-contests').dataset.loaded === 'true' && (document.getElementById('run-detail') || {dataset: {}}).dataset.id`)
			payDate := eval[string](t, a, ctx, `document.getElementById('run-detail').querySelector('h3').textContent.split(' · ')[1]`)
			if got := eval[string](t, a, ctx, `document.getElementById('run-id').value`); got != runID {
				t.Errorf("the list of runs selects %q, want the new run %q", got, runID)
			}
			pd, err := time.Parse("2006-01-02", payDate)
			if err != nil {
				t.Fatalf("the run's pay date %q: %v", payDate, err)
			}
			day := func(d int) string { return pd.AddDate(0, 0, d).Format("2006-01-02") }
			csv := "supplier_business_no,invoice_no,issued_on,due_on,amount\n" +
				strings.ReplaceAll(bnA, "-", "") + ",INV-1," + day(-70) + "," + day(10) + ",2000000\n" +
				strings.ReplaceAll(bnB, "-", "") + ",INV-2," + day(-20) + "," + day(30) + ",1500000\n" +
				strings.ReplaceAll(bnA, "-", "") + ",INV-3," + day(-5) + "," + day(50) + ",2500000\n"
			invoices := filepath.Join(dir, "invoices-"+s.name+".csv")
			if err := os.WriteFile(invoices, []byte(csv), 0o644); err != nil {
				t.Fatal(err)
			}
			a.do(t, ctx, "choose the invoice file", chromedp.SetUploadFiles(chromedp.CSS("#invoices-file"), []string{invoices}))
			a.do(t, ctx, "import", chromedp.Click(chromedp.CSS("#invoices-run")))
			if got := poll[string](t, a, ctx, "the import", `document.getElementById('invoices-msg').dataset.imported || (document.getElementById('invoices-msg').dataset.error === 'true' && 'error: ' + document.getElementById('invoices-msg').textContent)`); got != "3" {
				t.Fatalf("the import says %q, want 3 invoices imported", got)
			}
			a.do(t, ctx, "run", chromedp.Click(chromedp.CSS("#pay-run")))
			if got := poll[string](t, a, ctx, "the run's report", `document.getElementById('page-contests').dataset.loaded === 'true' && (document.getElementById('run-figures') ? 'report' : document.getElementById('pay-form-msg')?.textContent)`); got != "report" {
				t.Fatalf("the run shows no report but %q", got)
			}
			var rep struct {
				Report struct {
					Suppliers int     `json:"suppliers"`
					Invoices  int     `json:"invoices"`
					Total     int64   `json:"total"`
					Cash      int64   `json:"cash"`
					Days      float64 `json:"weighted_days_early"`
					Over60    []any   `json:"over_60_days"`
				} `json:"report"`
			}
			ms.do(t, "GET", "/api/v1/early-payments/"+runID+"/report", nil, http.StatusOK, &rep)
			shown := eval[map[string]string](t, a, ctx, `Object.fromEntries([...document.querySelectorAll('#run-figures [data-key]')].map((f) => [f.dataset.key, f.dataset.raw]))`)
			for k, v := range map[string]string{"suppliers": fmt.Sprint(rep.Report.Suppliers), "invoices": fmt.Sprint(rep.Report.Invoices), "total": fmt.Sprint(rep.Report.Total), "cash": fmt.Sprint(rep.Report.Cash)} {
				if shown[k] != v {
					t.Errorf("the run's %s: the page shows %q, the API %s", k, shown[k], v)
				}
			}
			if rep.Report.Total != 3500000 || rep.Report.Invoices != 2 {
				t.Errorf("the run paid %d won in %d invoices, want the two earliest due (2,000,000 + 1,500,000 = 3,500,000 of a 5,000,000 budget; the third does not fit)", rep.Report.Total, rep.Report.Invoices)
			}
			if n := eval[int](t, a, ctx, `document.querySelectorAll('#run-over60 tbody tr').length`); n != len(rep.Report.Over60) {
				t.Errorf("the page lists %d invoices past 60 days, the API %d", n, len(rep.Report.Over60))
			}
			file := await[string](t, a, ctx, `fetch(document.querySelector('#run-detail a.payment-file[data-encoding="utf-8"]').href).then((r) => r.status + ' ' + r.headers.get('content-type'))`)
			if !strings.HasPrefix(file, "200 text/csv") {
				t.Errorf("the payment file link answers %q, want 200 text/csv", file)
			}
			checkFits(t, a, ctx, s)
			a.shotFull(t, ctx, "earlypay-manager-"+s.name)
		})
	}
}
