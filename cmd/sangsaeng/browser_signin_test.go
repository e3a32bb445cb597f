package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The signed-in pages' browser tests share these hooks: #account[data-user]
// (the signed-in user's id, "" for a visitor), #nav-signin, #nav-<page> for
// each page the roles open, #whoami, #signout, #page-<page> with
// [data-loaded] once its records are drawn, and the forms' ids below.

// person is a user the tests sign in as.
type person struct {
	email, password, name, id string
}

// roleWorld is the installation the signed-in pages are tested on: an
// admin made with the CLI, the rest through the API with the admin's token.
type roleWorld struct {
	a       *webApp
	token   string // the admin's API token
	admin   person
	manager person // a manager of the operator kt
}

// startRoleWorld serves the fixture with a first admin (the CLI's way to
// start an installation) and returns the admin's API token with it.
func startRoleWorld(t *testing.T) *roleWorld {
	t.Helper()
	w := &roleWorld{admin: person{email: "root@example.com", password: "root-password-long", name: "관리자"}}
	w.a = startWebApp(t, func(db string) {
		if code, _, stderr := cli(t, w.admin.password+"\n", "users", "add", "--db", db, "--email", w.admin.email, "--name", w.admin.name, "--role", "admin", "--password-stdin"); code != 0 {
			t.Fatalf("users add admin: %s", stderr)
		}
		code, stdout, stderr := cli(t, "", "users", "token", "--db", db, "--email", w.admin.email, "--expires", "1d")
		if code != 0 {
			t.Fatalf("users token: %s", stderr)
		}
		lines := strings.Split(strings.TrimSpace(stdout), "\n")
		w.token = lines[len(lines)-1]
	})
	return w
}

// call sends a JSON request with a Bearer token and decodes the answer into
// v (if not nil); an answer other than want fails the test.
func call(t *testing.T, method, url, token string, body any, want int, v any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	ans, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, url, resp.StatusCode, want, ans)
	}
	if v != nil {
		if err := json.Unmarshal(ans, v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, url, err, ans)
		}
	}
}

// org makes an organisation through the API as the admin.
func (w *roleWorld) org(t *testing.T, body map[string]any) {
	t.Helper()
	call(t, "POST", w.a.url+"/api/v1/orgs", w.token, body, http.StatusCreated, nil)
}

// user makes a user with one role in org through the API as the admin.
func (w *roleWorld) user(t *testing.T, email, name, org, role string) person {
	t.Helper()
	p := person{email: email, password: "password-of-" + strings.Split(email, "@")[0], name: name}
	var ans struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	call(t, "POST", w.a.url+"/api/v1/users", w.token, map[string]any{"email": email, "name": name, "password": p.password,
		"memberships": []map[string]string{{"org": org, "role": role}}}, http.StatusCreated, &ans)
	p.id = ans.User.ID
	return p
}

// screen is a window the pages are tested in.
type screen struct {
	name string
	w, h int64
	// phone emulates a mobile device (touch, mobile viewport).
	phone bool
}

var screens = []screen{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}}

// open opens a tab of the screen's size on path and waits until the app
// has started (the map is drawn, the account corner knows who is there).
func (w *roleWorld) open(t *testing.T, s screen, path string) context.Context {
	t.Helper()
	a := w.a
	ctx := a.tab(t, s.w, s.h)
	if s.phone {
		a.do(t, ctx, "emulate a phone", chromedp.EmulateViewport(s.w, s.h, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	}
	a.open(t, ctx, path)
	return ctx
}

// signIn signs in through the sign-in page as p and waits until the first
// page the roles open has drawn its records; it returns that page.
func (w *roleWorld) signIn(t *testing.T, ctx context.Context, p person) string {
	t.Helper()
	a := w.a
	a.do(t, ctx, "open the sign-in page", chromedp.Click(chromedp.CSS("#nav-signin")))
	poll[bool](t, a, ctx, "the sign-in form", `!!document.querySelector('#page-signin:not([hidden]) #signin-form')`)
	a.fill(t, ctx, "#signin-email", p.email)
	a.fill(t, ctx, "#signin-password", p.password)
	a.do(t, ctx, "sign in", chromedp.Click(chromedp.CSS("#signin-run")))
	return poll[string](t, a, ctx, p.email+" signed in",
		`(() => { const page = document.body.dataset.page, el = document.getElementById('page-' + page);
			return document.getElementById('account').dataset.user === `+js(p.id)+` && page !== 'signin' && (!el || el.dataset.loaded === 'true') && page; })()`)
}

// TestBrowserRoles drives the signed-in pages, one server and browser for
// all: signing in, the support programs' three roles and the contest's three
// roles with an early-payment run, each on a desktop and a phone.
func TestBrowserRoles(t *testing.T) {
	w := startRoleWorld(t)
	facts := loadFacts(t, w.a.url)
	if len(facts.picked) < 3 {
		t.Fatalf("the fixture has %d districts with figures, want 3 to place merchants in", len(facts.picked))
	}
	home := facts.picked[0]
	w.org(t, map[string]any{"id": "kt", "kind": "operator", "name": "KT 광화문", "lon": home.Lon, "lat": home.Lat})
	w.manager = w.user(t, "manager@kt.example", "김매니저", "kt", "manager")
	// A program made today has no card sales after its start: its effect
	// cannot be measured yet (422), and the program page says why.
	w.a.expected = noEffectYet
	t.Run("signin", func(t *testing.T) { browserSignIn(t, w) })
	t.Run("programs", func(t *testing.T) { browserPrograms(t, w, facts) })
	t.Run("contests", func(t *testing.T) { browserContest(t, w) })
}

// browserSignIn: a visitor sees the public map and a sign-in button; a
// wrong password is refused in words; the right one opens the pages of the
// user's role, survives a reload (GET /api/v1/auth/me), and signing out
// ends the session on the server too.
func browserSignIn(t *testing.T, w *roleWorld) {
	a := w.a
	manager := w.manager
	a.expected = func(url string, status int64) bool {
		return noEffectYet(url, status) || strings.HasSuffix(url, "/api/v1/auth/login") && status == http.StatusUnauthorized
	}
	defer func() { a.expected = noEffectYet }()
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			ctx := w.open(t, s, "/")
			if user := eval[string](t, a, ctx, `document.getElementById('account').dataset.user`); user != "" {
				t.Fatalf("a visitor's page says user %q is signed in", user)
			}
			if n := eval[int](t, a, ctx, `document.querySelectorAll('#map .district').length`); n == 0 {
				t.Errorf("a visitor sees no district on the map: the analysis must stay public")
			}
			a.do(t, ctx, "open the sign-in page", chromedp.Click(chromedp.CSS("#nav-signin")))
			poll[bool](t, a, ctx, "the sign-in form", `!!document.querySelector('#page-signin:not([hidden]) #signin-form')`)
			if hash := eval[string](t, a, ctx, `location.hash`); !strings.Contains(hash, "view=signin") {
				t.Errorf("the sign-in page's hash is %q, want view=signin", hash)
			}
			a.fill(t, ctx, "#signin-email", manager.email)
			a.fill(t, ctx, "#signin-password", "not-the-password")
			a.do(t, ctx, "sign in wrongly", chromedp.Click(chromedp.CSS("#signin-run")))
			msg := poll[string](t, a, ctx, "the refusal", `(() => { const e = document.getElementById('signin-error'); return e && !e.hidden && e.textContent; })()`)
			if !strings.Contains(msg, "비밀번호가 틀렸습니다") {
				t.Errorf("after a wrong password the page says %q, want it to say the email or password is wrong", msg)
			}
			if user := eval[string](t, a, ctx, `document.getElementById('account').dataset.user`); user != "" {
				t.Errorf("after a wrong password user %q is signed in", user)
			}
			a.shot(t, ctx, "signin-"+s.name)

			a.fill(t, ctx, "#signin-password", manager.password)
			a.do(t, ctx, "sign in", chromedp.Click(chromedp.CSS("#signin-run")))
			want := managerPages(t, a.url)
			home := "map"
			if len(want) > 0 {
				home = want[0]
			}
			poll[bool](t, a, ctx, "the manager's first page", `document.getElementById('account').dataset.user === `+js(manager.id)+` && document.body.dataset.page === `+js(home))
			nav := eval[[]string](t, a, ctx, `[...document.querySelectorAll('#account [data-view]')].map((b) => b.dataset.view)`)
			if strings.Join(nav, ",") != strings.Join(want, ",") {
				t.Errorf("a manager's pages are %v, want %v", nav, want)
			}
			if s.phone {
				who := eval[string](t, a, ctx, `document.getElementById('whoami').title`)
				if who != manager.email {
					t.Errorf("#whoami's title is %q, want %s", who, manager.email)
				}
			} else if who := eval[string](t, a, ctx, `document.getElementById('whoami').textContent`); !strings.Contains(who, manager.name) || !strings.Contains(who, "운영 담당자") {
				t.Errorf("#whoami reads %q, want the name %s and the role 운영 담당자", who, manager.name)
			}
			checkFits(t, a, ctx, s)

			// A reload keeps the session: the shell asks the server.
			a.do(t, ctx, "reload", chromedp.Reload())
			poll[bool](t, a, ctx, "the session after a reload", `document.body.dataset.ready === 'true' && document.getElementById('account').dataset.user === `+js(manager.id)+` && document.body.dataset.page === `+js(home))

			a.do(t, ctx, "sign out", chromedp.Click(chromedp.CSS("#signout")))
			poll[bool](t, a, ctx, "the visitor's page again", `document.getElementById('account').dataset.user === '' && !!document.getElementById('nav-signin') && document.body.dataset.page === 'map'`)
			me := await[string](t, a, ctx, `fetch('/api/v1/auth/me').then((r) => r.text())`)
			if !strings.Contains(me, `"user":null`) {
				t.Errorf("after signing out GET /api/v1/auth/me answers %s, want user null", me)
			}
		})
	}
}

// managerPages are the pages a manager's menu holds on this server: the
// programs' and the contests' pages, each when the server documents its
// route (a server without it shows no page for it).
func managerPages(t *testing.T, base string) []string {
	t.Helper()
	var doc struct {
		Paths map[string]any `json:"paths"`
	}
	call(t, "GET", base+"/api/v1/openapi.json", "", nil, http.StatusOK, &doc)
	var out []string
	for _, p := range []struct{ page, path string }{{"programs", "/api/v1/programs"}, {"contests", "/api/v1/contests"}} {
		if _, ok := doc.Paths[p.path]; ok {
			out = append(out, p.page)
		}
	}
	return out
}

// noEffectYet tells the effect's 422 answer for a program without sales
// after its start, which the program page turns into words.
func noEffectYet(url string, status int64) bool {
	return status == http.StatusUnprocessableEntity && strings.Contains(url, "/effect?")
}

// checkFits fails when the page scrolls sideways on the screen.
func checkFits(t *testing.T, a *webApp, ctx context.Context, s screen) {
	t.Helper()
	wide := eval[[]string](t, a, ctx, `[...document.querySelectorAll('body *')].filter((el) => {
		const r = el.getBoundingClientRect();
		return r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !el.closest('.leaflet-container, .table-scroll');
	}).slice(0, 5).map((el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.'))`)
	if len(wide) > 0 {
		t.Errorf("on the %s screen (%d px) these reach past the right edge: %s", s.name, s.w, strings.Join(wide, ", "))
	}
}

// await evaluates a JavaScript expression whose value is a promise and
// decodes what it resolves to.
func await[T any](t *testing.T, a *webApp, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		a.fail(t, ctx, "evaluate "+expr, err)
	}
	return v
}
