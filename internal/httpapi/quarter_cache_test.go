package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/httpapi"
)

// TestQuarterBodyUnchanged checks that the quarter answer rendered from the
// cache of rendered parts is, byte for byte, the answer shaped from the rows
// as before: every quarter any dataset has, for every 7th district of the
// fixture (all of them take half a minute).
func TestQuarterBodyUnchanged(t *testing.T) {
	eachEngine(t, func(t *testing.T, engine string) {
		db := loadedStoreOn(t, engine)
		api := newAPI(db)
		ctx := context.Background()
		get := func(path string) *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			return rec
		}
		var districts struct {
			Districts []struct{ Code string } `json:"districts"`
		}
		var datasets struct {
			Datasets []struct{ Quarters []string } `json:"datasets"`
		}
		for path, v := range map[string]any{"/api/v1/districts": &districts, "/api/v1/datasets": &datasets} {
			if err := json.Unmarshal(get(path).Body.Bytes(), v); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
		}
		quarters := map[string]bool{}
		for _, d := range datasets.Datasets {
			for _, q := range d.Quarters {
				quarters[q] = true
			}
		}
		if len(districts.Districts) == 0 || len(quarters) == 0 {
			t.Fatalf("%d districts, %d quarters: the fixture did not load", len(districts.Districts), len(quarters))
		}
		compared := 0
		for q := range quarters {
			for i, d := range districts.Districts {
				if i%7 != 0 {
					continue
				}
				rec := get("/api/v1/districts/" + d.Code + "/quarters/" + q)
				want, err := httpapi.QuarterReportBody(api, ctx, d.Code, q)
				if err != nil {
					t.Fatalf("%s %s: %v", d.Code, q, err)
				}
				if rec.Code != http.StatusOK || !bytes.Equal(rec.Body.Bytes(), want) {
					t.Fatalf("%s %s: status %d, body\n%s\nwant\n%s", d.Code, q, rec.Code, rec.Body, want)
				}
				compared++
			}
		}
		t.Logf("%d answers compared", compared)
	})
}
