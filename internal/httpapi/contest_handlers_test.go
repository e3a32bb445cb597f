package httpapi_test

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/auth"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// addPrincipal adds a user with the memberships, and an API token, to w
// under name.
func addPrincipal(t *testing.T, w *world, name string, ms ...auth.Membership) {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword("password-"+name, fastParams)
	if err != nil {
		t.Fatal(err)
	}
	u := &store.User{Email: name + "@example.com", Name: name, Memberships: ms}
	if err := w.db.CreateUser(ctx, u, hash); err != nil {
		t.Fatal(err)
	}
	tok, th, _ := auth.NewToken(auth.APITokenPrefix)
	if _, err := w.db.CreateToken(ctx, th, u.ID, w.clock().Add(365*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.tokens[name], w.users[name] = tok, u.ID
}

func addOrg(t *testing.T, w *world, id, kind, bn string) {
	t.Helper()
	o := store.Org{ID: id, Kind: kind, Name: id}
	if bn != "" {
		o.BusinessNo = &bn
	}
	if err := w.db.CreateOrg(context.Background(), &o); err != nil {
		t.Fatal(err)
	}
}

type resultsJSON struct {
	Published bool `json:"published"`
	Entries   []struct {
		Entry         string             `json:"entry"`
		Supplier      string             `json:"supplier"`
		SupplierName  string             `json:"supplier_name"`
		Rank          int                `json:"rank"`
		Score         float64            `json:"score"`
		Criteria      map[string]float64 `json:"criteria"`
		SelectedUnits int64              `json:"selected_units"`
		Cost          int64              `json:"cost"`
		OptimumUnits  *int64             `json:"optimum_units"`
		Raw           []struct {
			Judge      string             `json:"judge"`
			Raw        map[string]int     `json:"raw"`
			Normalised map[string]float64 `json:"normalised"`
			Total      float64            `json:"total"`
			Dropped    string             `json:"dropped"`
		} `json:"raw"`
		Explanation struct {
			Method  string `json:"method"`
			Formula string `json:"formula"`
		} `json:"explanation"`
	} `json:"entries"`
	Budget       int64  `json:"budget"`
	Spent        int64  `json:"spent"`
	OptimumSpent *int64 `json:"optimum_spent"`
	Difference   *int64 `json:"difference"`
}

var criteriaJSON = `[{"key":"use","name":"쓰임새","weight":30},{"key":"quality","name":"품질","weight":25},{"key":"price","name":"가격","weight":20},{"key":"innovation","name":"혁신","weight":15},{"key":"green","name":"지속가능성","weight":10}]`

// scoreBody is a judge's scores: base on every criterion, nudged by the
// judge's number so that judges differ.
func scoreBody(base, judge int) string {
	return fmt.Sprintf(`{"scores":{"use":%d,"quality":%d,"price":%d,"innovation":%d,"green":%d}}`,
		base+judge, base-judge, base, min(100, base+2*judge), base)
}

// TestContestScenario runs a whole contest through the API on both
// engines: entries with a late one and a disguised attachment refused,
// the jury assigned around the three kinds of conflict, judges' 403s,
// the trimmed-mean ranking with its explanation, greedy selection beside
// the optimum, publication, distribution and the purchase orders in the
// ledger.
func TestContestScenario(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := newWorldAt(t, src)
		addOrg(t, w, "sup2", "supplier", "220-81-62517")
		addOrg(t, w, "sup3", "supplier", "120-81-47521")
		addOrg(t, w, "lab", "public", "120-81-47521") // sup3's 사업자등록번호
		addPrincipal(t, w, "sup2-owner", auth.Membership{Org: "sup2", Role: auth.Supplier})
		addPrincipal(t, w, "sup3-owner", auth.Membership{Org: "sup3", Role: auth.Supplier})
		addPrincipal(t, w, "j1", auth.Membership{Org: "kt", Role: auth.Jury})
		addPrincipal(t, w, "j2", auth.Membership{Org: "kt", Role: auth.Jury})
		addPrincipal(t, w, "jmember", auth.Membership{Org: "sup2", Role: auth.Jury}) // member of sup2
		addPrincipal(t, w, "jbizno", auth.Membership{Org: "lab", Role: auth.Jury})   // same 사업자등록번호 as sup3
		addPrincipal(t, w, "jdeclared", auth.Membership{Org: "kt", Role: auth.Jury}) // declares sup1
		judges := []string{"j1", "j2", "jmember", "jbizno", "jdeclared"}
		now := w.clock()

		body := fmt.Sprintf(`{"id":"kt2027","operator":"kt","name":"쓰임새 있는 제품 공모전","criteria":%s,"budget":100000,"opens_at":%q,"closes_at":%q,"per_entry":3,"method":"trimmed"}`,
			criteriaJSON, now.Add(-time.Hour).Format(time.RFC3339), now.Add(2*time.Hour).Format(time.RFC3339))
		for _, tc := range []struct {
			who    string
			status int
		}{{"supplier", 403}, {"other manager", 403}, {"", 401}, {"manager", 201}, {"manager", 409}} {
			if rec := w.do(t, tc.who, "POST", "/api/v1/contests", body, nil); rec.Code != tc.status {
				t.Fatalf("create contest as %q: status %d, want %d; %s", tc.who, rec.Code, tc.status, rec.Body)
			}
		}

		png := base64.StdEncoding.EncodeToString([]byte("\x89PNG\r\n\x1a\n rest of the image"))
		entry := func(who, supplier string, price, lo, hi int64, attach string) string {
			return fmt.Sprintf(`{"supplier":%q,"product":"제품 %s","unit_price":%d,"min_units":%d,"max_units":%d,"sme_cert":"0012-2026-%s","attachments":[%s]}`,
				supplier, who, price, lo, hi, who, attach)
		}
		steps := []struct {
			name, who, body string
			status          int
			code            string
		}{
			{"A by sup1", "supplier", entry("a", "sup1", 30_000, 1, 2, `{"name":"a.png","data":"`+png+`"}`), 201, ""},
			{"B by sup1", "supplier", entry("b", "sup1", 25_000, 2, 4, ""), 201, ""},
			{"C by sup2", "sup2-owner", entry("c", "sup2", 15_000, 1, 3, ""), 201, ""},
			{"D by sup3", "sup3-owner", entry("d", "sup3", 1_000_000, 1, 1, ""), 201, ""},
			{"for another supplier", "supplier", entry("x", "sup2", 1_000, 1, 1, ""), 403, "forbidden"},
			{"by a manager", "manager", entry("x", "sup1", 1_000, 1, 1, ""), 403, "forbidden"},
			{"text disguised as a PNG", "supplier", entry("x", "sup1", 1_000, 1, 1, `{"name":"x.png","data":"`+base64.StdEncoding.EncodeToString([]byte("MZ not an image"))+`"}`), 422, "invalid_attachment"},
			{"min above max", "supplier", entry("x", "sup1", 1_000, 3, 2, ""), 422, "invalid"},
			{"no certificate", "supplier", `{"supplier":"sup1","product":"x","unit_price":1,"min_units":1,"max_units":1}`, 400, "bad_request"},
		}
		for _, s := range steps {
			rec := w.do(t, s.who, "POST", "/api/v1/contests/kt2027/entries", s.body, nil)
			if rec.Code != s.status {
				t.Fatalf("entry %s: status %d, want %d; %s", s.name, rec.Code, s.status, rec.Body)
			}
			if s.code != "" {
				wantError(t, rec, s.status, s.code)
			}
		}
		var detail struct {
			Entries []store.Entry `json:"entries"`
		}
		w.do(t, "supplier", "GET", "/api/v1/contests/kt2027", "", &detail)
		if len(detail.Entries) != 2 || detail.Entries[0].ID != "e1" || len(detail.Entries[0].Attachments) != 1 || detail.Entries[0].Attachments[0].MediaType != "image/png" {
			t.Fatalf("sup1 sees %+v, want its two entries e1 (with a PNG) and e2", detail.Entries)
		}
		// The attachment, to its supplier, not to another.
		if rec := w.do(t, "supplier", "GET", "/api/v1/contests/kt2027/entries/e1/attachments/1", "", nil); rec.Code != 200 ||
			rec.Header().Get("Content-Type") != "image/png" || rec.Body.String() != "\x89PNG\r\n\x1a\n rest of the image" {
			t.Errorf("attachment: status %d, %s, %q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
		if rec := w.do(t, "sup2-owner", "GET", "/api/v1/contests/kt2027/entries/e1/attachments/1", "", nil); rec.Code != 403 {
			t.Errorf("another supplier reads the attachment: status %d, want 403", rec.Code)
		}
		w.do(t, "manager", "GET", "/api/v1/contests/kt2027", "", &detail)
		if len(detail.Entries) != 4 {
			t.Fatalf("the manager sees %d entries, want 4", len(detail.Entries))
		}

		// After the closing instant: refused.
		w.advance(3 * time.Hour)
		if rec := w.do(t, "supplier", "POST", "/api/v1/contests/kt2027/entries", entry("late", "sup1", 1_000, 1, 1, ""), nil); rec.Code != 422 {
			t.Fatalf("late entry: status %d, want 422", rec.Code)
		} else {
			wantError(t, rec, 422, "contest_closed")
		}

		// The declared conflict, then the jury.
		if rec := w.do(t, "jdeclared", "POST", "/api/v1/contests/kt2027/conflicts", `{"target":"sup1"}`, nil); rec.Code != 201 {
			t.Fatalf("declare: status %d; %s", rec.Code, rec.Body)
		}
		users := make([]string, len(judges))
		for i, j := range judges {
			users[i] = fmt.Sprintf("%q", w.users[j])
		}
		jury := func(perEntry int) string {
			return fmt.Sprintf(`{"users":[%s],"per_entry":%d}`, strings.Join(users, ","), perEntry)
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/jury", jury(5), nil); rec.Code != 422 {
			t.Fatalf("5 judges per entry: status %d, want 422; %s", rec.Code, rec.Body)
		} else {
			wantCode(t, rec, 422, "jury_infeasible")
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/jury", fmt.Sprintf(`{"users":[%q],"per_entry":1}`, w.users["staff"]), nil); rec.Code != 422 {
			t.Fatalf("a jury of staff: status %d, want 422", rec.Code)
		}
		if rec := w.do(t, "jury", "POST", "/api/v1/contests/kt2027/jury", jury(3), nil); rec.Code != 403 {
			t.Fatalf("a judge assigns the jury: status %d, want 403", rec.Code)
		}
		var assigned struct {
			Assignment map[string][]string `json:"assignment"`
			Loads      map[string]int      `json:"loads"`
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/jury", jury(3), &assigned); rec.Code != 200 {
			t.Fatalf("jury: status %d; %s", rec.Code, rec.Body)
		}
		name := map[string]string{}
		for _, j := range judges {
			name[w.users[j]] = j
		}
		conflicted := map[string][]string{"e1": {"jdeclared"}, "e2": {"jdeclared"}, "e3": {"jmember"}, "e4": {"jbizno"}}
		for _, e := range []string{"e1", "e2", "e3", "e4"} {
			js := assigned.Assignment[e]
			if len(js) != 3 {
				t.Errorf("%s has judges %v, want 3", e, js)
			}
			for _, j := range js {
				if slices.Contains(conflicted[e], name[j]) {
					t.Errorf("%s assigned to %s, who has a conflict with it", e, name[j])
				}
			}
		}
		lo, hi := 99, 0
		for _, j := range judges {
			lo, hi = min(lo, assigned.Loads[w.users[j]]), max(hi, assigned.Loads[w.users[j]])
		}
		if hi-lo > 1 {
			t.Errorf("loads %v: want 12 entries over 5 judges, 2 or 3 each", assigned.Loads)
		}

		// Each judge sees their entries only, with no one else's scores.
		for _, j := range judges {
			var mine struct {
				Entries []struct {
					ID     string         `json:"id"`
					Scores map[string]int `json:"scores"`
				} `json:"entries"`
			}
			w.do(t, j, "GET", "/api/v1/contests/kt2027/assigned", "", &mine)
			var got []string
			for _, e := range mine.Entries {
				got = append(got, e.ID)
				if e.Scores != nil {
					t.Errorf("%s sees scores %v before scoring", j, e.Scores)
				}
			}
			var wantIDs []string
			for _, e := range []string{"e1", "e2", "e3", "e4"} {
				if slices.Contains(assigned.Assignment[e], w.users[j]) {
					wantIDs = append(wantIDs, e)
				}
			}
			if !slices.Equal(got, wantIDs) {
				t.Errorf("%s sees %v, want %v", j, got, wantIDs)
			}
		}

		for _, j := range judges {
			want := 403
			if slices.Contains(assigned.Assignment["e1"], w.users[j]) {
				want = 200
			}
			if rec := w.do(t, j, "GET", "/api/v1/contests/kt2027/entries/e1/attachments/1", "", nil); rec.Code != want {
				t.Errorf("%s reads e1's attachment: status %d, want %d", j, rec.Code, want)
			}
		}

		// Scores: e1 best, then e2, e3, e4; judges differ a little.
		base := map[string]int{"e1": 90, "e2": 80, "e3": 70, "e4": 60}
		for _, e := range []string{"e1", "e2", "e3", "e4"} {
			for _, j := range assigned.Assignment[e] {
				k := slices.Index(judges, name[j]) + 1
				if rec := w.do(t, name[j], "PUT", "/api/v1/contests/kt2027/entries/"+e+"/scores", scoreBody(base[e], k), nil); rec.Code != 200 {
					t.Fatalf("%s scores %s: status %d; %s", name[j], e, rec.Code, rec.Body)
				}
			}
			var outsider string
			for _, j := range judges {
				if !slices.Contains(assigned.Assignment[e], w.users[j]) {
					outsider = j
				}
			}
			for _, who := range []string{outsider, "manager", "supplier", "jury"} {
				if rec := w.do(t, who, "PUT", "/api/v1/contests/kt2027/entries/"+e+"/scores", scoreBody(50, 0), nil); rec.Code != 403 {
					t.Errorf("%s scores %s: status %d, want 403", who, e, rec.Code)
				}
			}
		}
		j0 := name[assigned.Assignment["e1"][0]]
		if rec := w.do(t, j0, "PUT", "/api/v1/contests/kt2027/entries/e1/scores", `{"scores":{"use":101,"quality":1,"price":1,"innovation":1,"green":1}}`, nil); rec.Code != 400 {
			t.Errorf("a score of 101: status %d, want 400", rec.Code)
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/jury", jury(3), nil); rec.Code != 409 {
			t.Errorf("jury reassigned after scores: status %d, want 409", rec.Code)
		}

		// Results: the manager any time, suppliers once published.
		if rec := w.do(t, "supplier", "GET", "/api/v1/contests/kt2027/results", "", nil); rec.Code != 403 {
			t.Fatalf("supplier before publication: status %d, want 403", rec.Code)
		} else {
			wantError(t, rec, 403, "not_published")
		}
		if rec := w.do(t, "jury", "GET", "/api/v1/contests/kt2027/results", "", nil); rec.Code != 403 {
			t.Errorf("judge reads results: status %d, want 403", rec.Code)
		}
		var res resultsJSON
		if rec := w.do(t, "manager", "GET", "/api/v1/contests/kt2027/results", "", &res); rec.Code != 200 {
			t.Fatalf("results: status %d; %s", rec.Code, rec.Body)
		}
		var order []string
		weights := map[string]float64{"use": 30, "quality": 25, "price": 20, "innovation": 15, "green": 10}
		for _, l := range res.Entries {
			order = append(order, l.Entry)
			if o, err := w.db.Org(context.Background(), l.Supplier); err != nil || l.SupplierName != o.Name || o.Name == "" {
				t.Errorf("%s: supplier_name %q, want the organisation's name (%v)", l.Entry, l.SupplierName, err)
			}
			// The explanation recomputes the score: the judge totals from
			// the raw scores, the highest and lowest dropped, the rest averaged.
			var kept []float64
			dropped := map[string]int{}
			for _, j := range l.Raw {
				var tot float64
				for k, v := range j.Raw {
					tot += weights[k] * float64(v)
				}
				if got := math.Round(tot/100*1e4) / 1e4; got != j.Total {
					t.Errorf("%s, judge %s: total %v, want Σ weight·raw / 100 = %v", l.Entry, j.Judge, j.Total, got)
				}
				if j.Dropped == "" {
					kept = append(kept, j.Total)
				}
				dropped[j.Dropped]++
			}
			if len(l.Raw) != 3 || dropped["highest"] != 1 || dropped["lowest"] != 1 || len(kept) != 1 {
				t.Errorf("%s: raw %+v, want 3 judges, the highest and the lowest dropped", l.Entry, l.Raw)
			} else if math.Abs(kept[0]-l.Score) > 1e-9 {
				t.Errorf("%s: score %v, want the middle total %v", l.Entry, l.Score, kept[0])
			}
			if l.Explanation.Method != "trimmed" || l.Explanation.Formula == "" {
				t.Errorf("%s: explanation %+v", l.Entry, l.Explanation)
			}
		}
		if !slices.Equal(order, []string{"e1", "e2", "e3", "e4"}) {
			t.Errorf("ranking %v, want e1 e2 e3 e4", order)
		}
		// Greedy: e1 × 2 (60,000), e2's minimum 50,000 does not fit 40,000,
		// e3 × 2 (30,000): 90,000. The optimum is e2 × 4: 100,000.
		units := func(r resultsJSON) (g, o []int64) {
			for _, l := range r.Entries {
				g = append(g, l.SelectedUnits)
				if l.OptimumUnits != nil {
					o = append(o, *l.OptimumUnits)
				}
			}
			return
		}
		g, o := units(res)
		if res.Spent != 90_000 || res.OptimumSpent == nil || *res.OptimumSpent != 100_000 || *res.Difference != 10_000 ||
			!slices.Equal(g, []int64{2, 0, 2, 0}) || !slices.Equal(o, []int64{0, 4, 0, 0}) {
			t.Errorf("selection: spent %d, optimum %v, greedy units %v, optimum units %v; want 90,000 (2 0 2 0) beside 100,000 (0 4 0 0)", res.Spent, res.OptimumSpent, g, o)
		}

		// Distribution before publication is refused; publish.
		stores := `{"online_share":2500,"stores":[{"id":"s3","weight":2},{"id":"s1","weight":1},{"id":"s2","weight":1}]}`
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/distribution", stores, nil); rec.Code != 409 {
			t.Fatalf("distribution before publication: status %d, want 409", rec.Code)
		}
		if rec := w.do(t, "supplier", "POST", "/api/v1/contests/kt2027/publish", "", nil); rec.Code != 403 {
			t.Fatalf("supplier publishes: status %d, want 403", rec.Code)
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/publish", "", nil); rec.Code != 200 {
			t.Fatalf("publish: status %d; %s", rec.Code, rec.Body)
		}
		if rec := w.do(t, j0, "PUT", "/api/v1/contests/kt2027/entries/e1/scores", scoreBody(10, 1), nil); rec.Code != 409 {
			t.Errorf("a score after publication: status %d, want 409", rec.Code)
		}
		var mine resultsJSON
		w.do(t, "supplier", "GET", "/api/v1/contests/kt2027/results", "", &mine)
		if len(mine.Entries) != 2 || mine.Entries[0].Entry != "e1" || mine.Entries[1].Entry != "e2" || !mine.Published {
			t.Fatalf("sup1's results %+v, want its e1 and e2", mine.Entries)
		}
		if j := mine.Entries[0].Raw[0].Judge; j != "심사위원 1" {
			t.Errorf("a supplier sees judge %q, want 심사위원 1", j)
		}

		var dist struct {
			Stores   []string `json:"stores"`
			Products []struct {
				Entry  string  `json:"entry"`
				Units  int64   `json:"units"`
				Online int64   `json:"online"`
				Stores []int64 `json:"stores"`
			} `json:"products"`
			Orders []struct {
				Entry  string `json:"entry"`
				Amount int64  `json:"amount"`
			} `json:"purchase_orders"`
		}
		for range 2 { // the second time replays the purchase orders
			if rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/distribution", stores, &dist); rec.Code != 200 {
				t.Fatalf("distribution: status %d; %s", rec.Code, rec.Body)
			}
		}
		// 2 units at 25 %: 0.5 online, an exact half goes online → 1; the
		// stores' 1 unit goes to s3 (weight 2 of 4).
		got := fmt.Sprint(dist.Stores, dist.Products)
		if want := "[s3 s1 s2] [{e1 2 1 [1 0 0]} {e3 2 1 [1 0 0]}]"; got != want {
			t.Errorf("distribution %s, want %s", got, want)
		}
		if fmt.Sprint(dist.Orders) != "[{e1 60000} {e3 30000}]" {
			t.Errorf("purchase orders %v", dist.Orders)
		}
		payable, err := w.db.Account(context.Background(), "ct-kt2027-payable")
		if err != nil || payable.CreditsPosted != 90_000 || payable.Owner != "kt" {
			t.Errorf("the operator owes the winners %+v, %v; want 90,000 once", payable, err)
		}
		rec := w.do(t, "manager", "POST", "/api/v1/contests/kt2027/distribution?format=csv", stores, nil)
		rows, err := csv.NewReader(strings.NewReader(rec.Body.String())).ReadAll()
		if err != nil || rec.Code != 200 || fmt.Sprint(rows) != "[[store e1 e3] [online 1 1] [s3 1 1] [s1 0 0] [s2 0 0] [total 2 2]]" {
			t.Errorf("CSV: status %d, %v, %v", rec.Code, rows, err)
		}
		if rep, err := w.db.Check(context.Background()); err != nil || !rep.Balanced || len(rep.Problems) > 0 {
			t.Errorf("ledger check: %+v, %v", rep, err)
		}
	})
}

// TestContestJuryEndsEntries: the jury, assigned before the closing
// instant, ends the entries; it may be reassigned until the first score.
// The zscore rule explains each score with the normalised values.
func TestContestJuryEndsEntries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		w := newWorldAt(t, src)
		addPrincipal(t, w, "j2", auth.Membership{Org: "kt", Role: auth.Jury})
		now := w.clock()
		body := fmt.Sprintf(`{"id":"z","operator":"kt","name":"z","criteria":[{"key":"a","name":"가","weight":3},{"key":"b","name":"나","weight":1}],"budget":0,"opens_at":%q,"closes_at":%q,"per_entry":2,"method":"zscore"}`,
			now.Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339))
		if rec := w.do(t, "manager", "POST", "/api/v1/contests", body, nil); rec.Code != 201 {
			t.Fatalf("create: %d %s", rec.Code, rec.Body)
		}
		for range 2 {
			if rec := w.do(t, "supplier", "POST", "/api/v1/contests/z/entries", `{"product":"p","unit_price":100,"min_units":1,"max_units":1,"sme_cert":"1"}`, nil); rec.Code != 201 {
				t.Fatalf("entry: %d %s", rec.Code, rec.Body)
			}
		}
		jury := fmt.Sprintf(`{"users":[%q,%q]}`, w.users["jury"], w.users["j2"])
		for range 2 {
			if rec := w.do(t, "manager", "POST", "/api/v1/contests/z/jury", jury, nil); rec.Code != 200 {
				t.Fatalf("jury: %d %s", rec.Code, rec.Body)
			}
		}
		rec := w.do(t, "supplier", "POST", "/api/v1/contests/z/entries", `{"product":"p","unit_price":100,"min_units":1,"max_units":1,"sme_cert":"1"}`, nil)
		wantError(t, rec, 422, "contest_closed")
		for _, s := range []struct{ who, entry, body string }{
			{"jury", "e1", `{"scores":{"a":60,"b":70}}`}, {"jury", "e2", `{"scores":{"a":80,"b":70}}`},
			{"j2", "e1", `{"scores":{"a":90,"b":70}}`}, {"j2", "e2", `{"scores":{"a":90,"b":70}}`},
		} {
			if rec := w.do(t, s.who, "PUT", "/api/v1/contests/z/entries/"+s.entry+"/scores", s.body, nil); rec.Code != 200 {
				t.Fatalf("%s scores %s: %d %s", s.who, s.entry, rec.Code, rec.Body)
			}
		}
		if rec := w.do(t, "manager", "POST", "/api/v1/contests/z/jury", jury, nil); rec.Code != 409 {
			t.Errorf("jury after scores: status %d, want 409", rec.Code)
		} else {
			wantError(t, rec, 409, "scoring_started")
		}
		var res resultsJSON
		w.do(t, "manager", "GET", "/api/v1/contests/z/results", "", &res)
		// jury: a 60, 80 → 40, 60; j2: 90, 90 → 50, 50; b: 50 everywhere.
		// e2: a (60 + 50)/2 = 55 → (3·55 + 50)/4 = 53.75; e1: a 45 → 46.25.
		if len(res.Entries) != 2 || res.Entries[0].Entry != "e2" || res.Entries[0].Score != 53.75 || res.Entries[1].Score != 46.25 {
			t.Fatalf("zscore results %+v, want e2 53.75, e1 46.25", res.Entries)
		}
		for _, j := range res.Entries[0].Raw {
			if len(j.Normalised) != 2 {
				t.Errorf("judge %s: normalised %v, want both criteria", j.Judge, j.Normalised)
			}
		}
	})
}

// wantCode checks a JSON error's status and code, allowing members beside
// code and message (entry, rows).
func wantCode(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) {
	t.Helper()
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != status || body.Error.Code != code || body.Error.Message == "" {
		t.Errorf("status %d, body %s (%v); want %d with code %s", rec.Code, rec.Body, err, status, code)
	}
}
