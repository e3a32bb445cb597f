package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// BenchmarkDistribution2700 is issue 13's distribution end to end through
// the API: a published contest whose greedy selection buys 1,000,000,000
// won of 20 products, split 30 % online and the rest over 2,700 weighted
// stores, with the purchase orders in the ledger (replays after the first
// request). Both engines (PostgreSQL when SANGSAENG_TEST_PG is set).
//
//	go test -run XXX -bench Distribution2700 -benchtime 3x ./internal/httpapi
func BenchmarkDistribution2700(b *testing.B) {
	for _, engine := range storetest.Engines {
		b.Run(engine, func(b *testing.B) {
			w := newWorldAt(b, storetest.Fresh(b, engine))
			now := w.clock()
			body := fmt.Sprintf(`{"id":"big","operator":"kt","name":"공모전","criteria":[{"key":"use","name":"쓰임새","weight":1}],"budget":1000000000,"opens_at":%q,"closes_at":%q,"per_entry":1,"method":"trimmed"}`,
				now.Add(-time.Hour).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339))
			steps := []struct{ who, method, target, body string }{{"manager", "POST", "/api/v1/contests", body}}
			for i := range 20 {
				// 20 products of 50,000 won, up to 1,000 units each: 1e9 won in all.
				steps = append(steps, struct{ who, method, target, body string }{"supplier", "POST", "/api/v1/contests/big/entries",
					fmt.Sprintf(`{"product":"제품 %d","unit_price":50000,"min_units":10,"max_units":1000,"sme_cert":"c"}`, i)})
			}
			steps = append(steps, struct{ who, method, target, body string }{"manager", "POST", "/api/v1/contests/big/jury", `{"users":["jury@example.com"]}`})
			for i := range 20 {
				steps = append(steps, struct{ who, method, target, body string }{"jury", "PUT", fmt.Sprintf("/api/v1/contests/big/entries/e%d/scores", i+1),
					fmt.Sprintf(`{"scores":{"use":%d}}`, 50+i)})
			}
			steps = append(steps, struct{ who, method, target, body string }{"manager", "POST", "/api/v1/contests/big/publish", ""})
			for _, s := range steps {
				if rec := benchDo(b, w, s.who, s.method, s.target, s.body, nil); rec.Code >= 300 {
					b.Fatalf("%s %s: %d %s", s.method, s.target, rec.Code, rec.Body)
				}
			}
			var sb strings.Builder
			sb.WriteString(`{"online_share":3000,"stores":[`)
			for i := range 2700 {
				if i > 0 {
					sb.WriteString(",")
				}
				fmt.Fprintf(&sb, `{"id":"store-%04d","weight":%d}`, i, 1+(i*7919)%500)
			}
			sb.WriteString("]}")
			b.ResetTimer()
			for range b.N {
				var out struct {
					Products []struct {
						Units int64 `json:"units"`
					} `json:"products"`
				}
				if rec := benchDo(b, w, "manager", "POST", "/api/v1/contests/big/distribution", sb.String(), &out); rec.Code != 200 || len(out.Products) != 20 || out.Products[0].Units != 1000 {
					b.Fatalf("distribution: %d %.300s", rec.Code, rec.Body)
				}
			}
		})
	}
}
