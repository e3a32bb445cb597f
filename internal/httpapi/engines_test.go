package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/indicator"
	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// publishedStore ingests every published Seoul file, in Expand's order,
// into a fresh database of the engine, stamped with ingestedAt; it returns
// the API over it and what each file's ingest gave (its release's dataset
// and rows, or its error).
func publishedStore(t *testing.T, engine, dir string) (http.Handler, []string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, storetest.Fresh(t, engine))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Now = func() time.Time { return ingestedAt }
	files, err := ingest.Expand([]string{filepath.Join(dir, "published")})
	if err != nil {
		t.Fatal(err)
	}
	in := ingest.Ingester{DB: db}
	var outcomes []string
	for _, f := range files {
		out, err := in.File(ctx, f)
		if err != nil {
			outcomes = append(outcomes, fmt.Sprintf("%s: %v", filepath.Base(f), err))
			continue
		}
		outcomes = append(outcomes, fmt.Sprintf("%s: release %d, %s, %d rows", filepath.Base(f), out.Release.ID, out.Release.Dataset, out.Release.Rows))
	}
	return newAPI(db), outcomes
}

// TestEnginesAnswerTheSameJSON loads the real published files into DuckDB
// and into PostgreSQL and checks that, for every district and quarter, the
// quarter report, the indicators, the rankings of every indicator and the
// area analysis of every gu's districts answer byte for byte the same.
func TestEnginesAnswerTheSameJSON(t *testing.T) {
	dir := os.Getenv("SANGSAENG_SEOUL_DATA")
	if dir == "" {
		t.Skip("SANGSAENG_SEOUL_DATA not set: the engines are compared on the real published files")
	}
	if os.Getenv(storetest.EnvPG) == "" {
		t.Skip(storetest.EnvPG + " not set: no PostgreSQL server to compare DuckDB with")
	}
	duck, duckOut := publishedStore(t, "duckdb", dir)
	pg, pgOut := publishedStore(t, "postgres", dir)
	if got, want := strings.Join(pgOut, "\n"), strings.Join(duckOut, "\n"); got != want {
		t.Fatalf("ingest on PostgreSQL:\n%s\nwant, as on DuckDB:\n%s", got, want)
	}

	compared := 0
	same := func(method, target, body string) []byte {
		t.Helper()
		// Both engines answer at once: the comparison takes half the time.
		var answers [2]*httptest.ResponseRecorder
		var wg sync.WaitGroup
		for i, h := range []http.Handler{duck, pg} {
			rec := httptest.NewRecorder()
			answers[i] = rec
			req := httptest.NewRequest(method, target, strings.NewReader(body))
			wg.Go(func() { h.ServeHTTP(rec, req) })
		}
		wg.Wait()
		d, p := answers[0], answers[1]
		if d.Code != p.Code || !bytes.Equal(d.Body.Bytes(), p.Body.Bytes()) {
			t.Fatalf("%s %s %s:\nDuckDB %d %.600s\nPostgreSQL %d %.600s", method, target, body, d.Code, d.Body, p.Code, p.Body)
		}
		if d.Code == http.StatusOK {
			compared++
		}
		return d.Body.Bytes()
	}
	var list struct {
		Districts []struct {
			Code   string  `json:"code"`
			GuName string  `json:"gu_name"`
			Lon    float64 `json:"lon"`
			Lat    float64 `json:"lat"`
		} `json:"districts"`
	}
	decode(t, same("GET", "/api/v1/districts", ""), &list)
	districts := list.Districts
	var catalog struct {
		Datasets []struct {
			Quarters []string `json:"quarters"`
		} `json:"datasets"`
	}
	decode(t, same("GET", "/api/v1/datasets", ""), &catalog)
	datasets := catalog.Datasets
	quarterSet := map[string]bool{}
	for _, d := range datasets {
		for _, q := range d.Quarters {
			quarterSet[q] = true
		}
	}
	if len(districts) < 1000 || len(quarterSet) < 20 {
		t.Fatalf("%d districts, %d quarters: want the published files' 1,650 districts over 20-odd quarters", len(districts), len(quarterSet))
	}
	// The area analysed per gu: 3 km around its first district.
	centres := map[string]string{}
	for _, d := range districts {
		same("GET", "/api/v1/districts/"+d.Code+"/indicators", "")
		for q := range quarterSet {
			same("GET", "/api/v1/districts/"+d.Code+"/quarters/"+q, "")
		}
		if _, ok := centres[d.GuName]; !ok {
			centres[d.GuName] = fmt.Sprintf(`{"lon":%v,"lat":%v,"radius_m":3000}`, d.Lon, d.Lat)
		}
	}
	for q := range quarterSet {
		for _, def := range indicator.Definitions() {
			if def.Unit != indicator.UnitLabel {
				same("GET", "/api/v1/rankings?indicator="+def.Key+"&quarter="+q+"&limit=1650", "")
			}
		}
		for _, c := range centres {
			same("POST", "/api/v1/analysis/area", fmt.Sprintf(`{"circle":%s,"quarter":"%s"}`, c, q))
		}
	}
	// Most answers are answers, not errors that would agree anyway.
	if min := len(districts) * len(quarterSet); compared < min {
		t.Fatalf("%d answers with status 200, want at least %d", compared, min)
	}
	t.Logf("%d answers the same on both engines", compared)
}

func decode(t *testing.T, body []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("decode %.200s: %v", body, err)
	}
}

func TestHealthNamesTheEngine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		db, err := store.Open(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		want, _ := db.SchemaVersion(context.Background())
		var got struct {
			Status        string `json:"status"`
			Engine        string `json:"engine"`
			SchemaVersion int    `json:"schema_version"`
		}
		getJSON(t, newAPI(db), "/healthz", &got)
		engine := "duckdb"
		if strings.HasPrefix(src, "postgres") {
			engine = "postgres"
		}
		if got.Status != "ok" || got.Engine != engine || got.SchemaVersion != want || want < 2 {
			t.Errorf("GET /healthz = %+v, want ok, %s, schema version %d", got, engine, want)
		}
	})
}
