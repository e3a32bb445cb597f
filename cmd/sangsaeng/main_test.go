package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/seoultest"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// fixtureDir returns the compact real fixture folder, or skips the test
// when SANGSAENG_SEOUL_DATA is not set.
func fixtureDir(t *testing.T) string {
	t.Helper()
	dir := seoultest.Dir(t, "run sangsaeng over the real fixture")
	return filepath.Join(dir, "fixture")
}

// fixtureFiles are the fixture files an end-to-end run loads.
var fixtureFiles = []string{
	"area_trdar_all.csv",
	"area_trdar_shp/area_trdar.shp",
	"sales_trdar_convenience.csv",
	"foottraffic_trdar.csv",
	"stores_trdar_chicken.csv",
	"change_index_trdar.csv",
	"workers_trdar.csv",
	"income_trdar.csv",
	"facilities_trdar.csv",
	"apartments_trdar.csv",
}

// copyFixture copies fixture files (a Shapefile with its companions) into
// dst, keeping their relative paths.
func copyFixture(t *testing.T, dst string, names ...string) {
	t.Helper()
	src := fixtureDir(t)
	for _, name := range names {
		files := []string{name}
		if base, ok := strings.CutSuffix(name, ".shp"); ok {
			for _, ext := range []string{".dbf", ".prj", ".shx", ".cpg"} {
				files = append(files, base+ext)
			}
		}
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(src, f))
			if err != nil {
				t.Fatal(err)
			}
			to := filepath.Join(dst, f)
			if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(to, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// envOf is a getenv over kv pairs; the process environment is never read,
// so a SANGSAENG_DB set outside cannot leak into a test.
func envOf(kv ...string) func(string) string {
	m := make(map[string]string)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines to write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// sangsaeng runs the command to completion and returns its exit code and
// output.
func sangsaeng(t *testing.T, getenv func(string) string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, getenv, &out, &errOut)
	return code, out.String(), errOut.String()
}

// noDefaultDB fails if a command wrote the default database into the
// package folder: tests must always name a temporary one.
func noDefaultDB(t *testing.T) {
	t.Helper()
	_, err := os.Stat("sangsaeng.duckdb")
	existed := err == nil
	t.Cleanup(func() {
		if _, err := os.Stat("sangsaeng.duckdb"); err == nil && !existed {
			t.Errorf("a command created sangsaeng.duckdb in the package folder")
		}
	})
}

func TestUsage(t *testing.T) {
	noDefaultDB(t)
	db := filepath.Join(t.TempDir(), "t.duckdb")
	getenv := envOf("SANGSAENG_DB", db)
	tests := []struct {
		name     string
		args     []string
		code     int
		stderr   []string
		noDBFile bool // the command must fail before opening the database
	}{
		{"no command", nil, 2, []string{"Usage: sangsaeng <command>", "Commands:", "ingest", "serve"}, true},
		{"unknown command", []string{"frobnicate"}, 2, []string{`sangsaeng: unknown command "frobnicate"`, "Usage: sangsaeng <command>"}, true},
		{"help", []string{"help"}, 0, []string{"Usage: sangsaeng <command>"}, true},
		{"-h", []string{"-h"}, 0, []string{"Commands:"}, true},
		{"ingest -h", []string{"ingest", "-h"}, 0, []string{"Usage: sangsaeng ingest [flags] PATH...", "-db"}, true},
		{"ingest without paths", []string{"ingest"}, 2, []string{"name at least one file or folder", "Usage: sangsaeng ingest"}, true},
		{"serve with an unknown flag", []string{"serve", "--bogus"}, 2, []string{"flag provided but not defined: -bogus", "Usage: sangsaeng serve"}, true},
		{"bad log level", []string{"serve", "--log-level", "loud"}, 1, []string{`sangsaeng serve: log level "loud"`}, true},
		{"bad progress mode", []string{"ingest", "--progress", "sometimes", "x.csv"}, 1, []string{`sangsaeng ingest: --progress "sometimes"`}, true},
		{"missing file", []string{"ingest", "--progress", "never", filepath.Join(t.TempDir(), "nothing.csv")}, 1, []string{"sangsaeng ingest:", "nothing.csv"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(db)
			code, stdout, stderr := sangsaeng(t, getenv, tc.args...)
			if code != tc.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tc.code, stderr)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not contain %q:\n%s", want, stderr)
				}
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing: usage and errors go to stderr", stdout)
			}
			if _, err := os.Stat(db); tc.noDBFile && err == nil {
				t.Errorf("the command opened the database before refusing its arguments")
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, stdout, stderr := sangsaeng(t, envOf(), "version")
	if code != 0 {
		t.Fatalf("exit code %d; stderr:\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^sangsaeng \S.*\n$`).MatchString(stdout) {
		t.Errorf("stdout = %q, want one line \"sangsaeng <version>\"", stdout)
	}
}

// syntheticAreas is a made-up 영역-상권 file of two districts.
const syntheticAreas = `상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,엑스좌표_값,와이좌표_값,자치구_코드,자치구_코드_명,행정동_코드,행정동_코드_명,영역_면적
A,골목상권,3999001,시험상권 하나,199498,448311,11170,용산구,11170650,이태원1동,10000
D,발달상권,3999002,시험상권 둘,201642,452260,11140,중구,11140670,황학동,20000
`

// datasetsLine finds a dataset's line in the output of sangsaeng datasets
// and returns its live rows and releases.
func datasetsLine(t *testing.T, out, dataset string) (rows, releases string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + dataset + `\s.*\s(\d+)\s+\S+\s+(\d+)$`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no %s line in the datasets output:\n%s", dataset, out)
	}
	return m[1], m[2]
}

// TestDBFromEnv checks that SANGSAENG_DB is the default of --db, and that
// the flag wins over it.
func TestDBFromEnv(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		noDefaultDB(t)
		dir := t.TempDir()
		areas := filepath.Join(dir, "areas.csv")
		if err := os.WriteFile(areas, []byte(syntheticAreas), 0o644); err != nil {
			t.Fatal(err)
		}
		envDB := db
		getenv := envOf("SANGSAENG_DB", envDB, "SANGSAENG_PROGRESS", "never")

		code, stdout, stderr := sangsaeng(t, getenv, "ingest", areas)
		if code != 0 {
			t.Fatalf("ingest: exit code %d; stderr:\n%s", code, stderr)
		}
		if !strings.Contains(stdout, "areas release 1, 2 rows") {
			t.Errorf("ingest stdout does not report the 2 rows of areas release 1:\n%s", stdout)
		}
		if _, err := os.Stat(envDB); err != nil && store.EngineOf(envDB) == store.DuckDB {
			t.Fatalf("ingest did not write the database SANGSAENG_DB names: %v", err)
		}

		code, stdout, stderr = sangsaeng(t, getenv, "datasets")
		if code != 0 {
			t.Fatalf("datasets: exit code %d; stderr:\n%s", code, stderr)
		}
		if rows, releases := datasetsLine(t, stdout, "areas"); rows != "2" || releases != "1" {
			t.Errorf("datasets over SANGSAENG_DB: areas has %s rows in %s releases, want 2 in 1", rows, releases)
		}

		other := storetest.Fresh(t, store.EngineOf(envDB))
		empty, err := store.Open(context.Background(), other)
		if err != nil {
			t.Fatal(err)
		}
		empty.Close()
		code, stdout, stderr = sangsaeng(t, getenv, "datasets", "--db", other)
		if code != 0 {
			t.Fatalf("datasets --db: exit code %d; stderr:\n%s", code, stderr)
		}
		if rows, _ := datasetsLine(t, stdout, "areas"); rows != "0" {
			t.Errorf("datasets --db %s read %s rows of areas: the flag must win over SANGSAENG_DB", other, rows)
		}
	})
}

func TestIngestLegacy(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		noDefaultDB(t)
		const name = "legacy_area_trdar_202112_oldcodes.csv"
		dir := t.TempDir()
		copyFixture(t, dir, "edge_cases/"+name)
		getenv := envOf("SANGSAENG_DB", db)

		code, stdout, stderr := sangsaeng(t, getenv, "ingest", "--progress", "never", filepath.Join(dir, "edge_cases", name))
		if code != 1 {
			t.Errorf("exit code %d, want 1; stderr:\n%s", code, stderr)
		}
		refused := ""
		for _, line := range strings.Split(stderr, "\n") {
			if strings.HasPrefix(line, "refused ") {
				refused = line
			}
		}
		if !strings.Contains(refused, name) || !strings.Contains(refused, "legacy") {
			t.Errorf("stderr has no \"refused\" line naming %s and saying legacy:\n%s", name, stderr)
		}
		if !strings.Contains(stdout, "1 files: 0 ingested, 0 unchanged, 1 refused") {
			t.Errorf("stdout does not sum up one refused file:\n%s", stdout)
		}

		_, stdout, _ = sangsaeng(t, getenv, "datasets")
		if rows, releases := datasetsLine(t, stdout, "areas"); rows != "0" || releases != "0" {
			t.Errorf("after the refusal areas has %s rows in %s releases, want nothing stored", rows, releases)
		}
	})
}

// server is a `sangsaeng serve` running in the test.
type server struct {
	url    string
	cancel context.CancelFunc
	done   chan int
	stderr *syncBuffer
	before string // what it printed before the URL

	once sync.Once
	code int
}

var servingLine = regexp.MustCompile(`^sangsaeng serving on (http://127\.0\.0\.1:([0-9]+))\n$`)

// startServe runs `sangsaeng serve args...` until stop (or the test's end),
// and returns once it printed the URL it serves on.
func startServe(t *testing.T, getenv func(string) string, args ...string) *server {
	t.Helper()
	return start(t, getenv, append([]string{"serve"}, args...)...)
}

// start runs `sangsaeng args...` (serve or demo) until stop, and returns once
// it printed the URL it serves on; the lines before it are in s.before.
func start(t *testing.T, getenv func(string) string, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	s := &server{cancel: cancel, done: make(chan int, 1), stderr: &syncBuffer{}}
	go func() {
		code := run(ctx, args, getenv, pw, s.stderr)
		pw.Close()
		s.done <- code
	}()
	t.Cleanup(func() { s.stop(t) })

	first := make(chan string, 1)
	br := bufio.NewReader(pr)
	go func() {
		var before strings.Builder
		for {
			line, err := br.ReadString('\n')
			if servingLine.MatchString(line) || err != nil {
				s.before = before.String()
				first <- line
				break
			}
			before.WriteString(line)
		}
		io.Copy(io.Discard, br) // nothing more is expected; never block the server
	}()
	var line string
	select {
	case line = <-first:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s printed no URL within 60s; stderr:\n%s", args[0], s.stderr)
	}
	m := servingLine.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("%s printed %q, want \"sangsaeng serving on http://127.0.0.1:<port>\"; stderr:\n%s", args[0], line, s.stderr)
	}
	if m[2] == "0" {
		t.Fatalf("serve printed port 0, want the port it listens on")
	}
	s.url = m[1]
	return s
}

// stop cancels the server's context and returns run's exit code.
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.once.Do(func() {
		s.cancel()
		select {
		case s.code = <-s.done:
		case <-time.After(15 * time.Second):
			t.Fatalf("serve did not return within 15s of its context ending; stderr:\n%s", s.stderr)
		}
	})
	return s.code
}

var client = &http.Client{Timeout: 10 * time.Second}

// getJSON GETs url over TCP, wants status and decodes the JSON body into v.
func getJSON(t *testing.T, url string, status int, v any) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d; body %s", url, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("GET %s: Content-Type %q, want application/json", url, ct)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
}

// checkStopped stops the server, wants exit code 0 after a graceful
// shutdown, and wants the port closed.
func checkStopped(t *testing.T, s *server) {
	t.Helper()
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited with %d after its context ended, want 0; stderr:\n%s", code, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), "shutting down") {
		t.Errorf("serve did not log its shutdown; stderr:\n%s", s.stderr)
	}
	client.CloseIdleConnections()
	if resp, err := client.Get(s.url + "/healthz"); err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after shutdown")
	}
}

// TestServeEmpty starts the real server over an empty database, its address
// and database taken from the environment.
func TestServeEmpty(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		noDefaultDB(t)
		empty, err := store.Open(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		empty.Close()
		s := startServe(t, envOf("SANGSAENG_DB", db, "SANGSAENG_ADDR", "127.0.0.1:0"))

		var health map[string]any
		getJSON(t, s.url+"/healthz", http.StatusOK, &health)
		if health["status"] != "ok" || health["engine"] != store.EngineOf(db) {
			t.Errorf("GET /healthz = %v", health)
		}
		var ds struct{ Datasets []map[string]any }
		getJSON(t, s.url+"/api/v1/datasets", http.StatusOK, &ds)
		if len(ds.Datasets) != 15 {
			t.Errorf("GET /api/v1/datasets lists %d datasets, want 15", len(ds.Datasets))
		}
		var e struct {
			Error struct{ Code, Message string }
		}
		getJSON(t, s.url+"/api/v1/districts/3999999", http.StatusNotFound, &e)
		if e.Error.Code != "not_found" {
			t.Errorf("GET an unknown district: error %+v, want not_found", e.Error)
		}
		checkStopped(t, s)
		if _, err := os.Stat(db); err != nil && store.EngineOf(db) == store.DuckDB {
			t.Errorf("serve did not use the database SANGSAENG_DB names: %v", err)
		}
	})
}

// TestIngestAndServe is sangsaeng end to end: ingest a folder of real
// published files, serve them on a random port, read them back over TCP,
// and shut down gracefully.
func TestIngestAndServe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db string) {
		noDefaultDB(t)
		dir := t.TempDir()
		data := filepath.Join(dir, "data")
		copyFixture(t, data, fixtureFiles...)
		getenv := envOf()

		code, stdout, stderr := sangsaeng(t, getenv, "ingest", "--db", db, "--progress", "never", data)
		if code != 0 {
			t.Fatalf("ingest: exit code %d; stderr:\n%s", code, stderr)
		}
		for _, want := range []string{
			"10 files: 10 ingested, 0 unchanged, 0 refused",
			"area_trdar_all.csv: areas release 1, 1650 rows",
			"area_trdar.shp: area_polygons release 2, 102 rows",
			"sales_trdar_convenience.csv: sales release",
			"warnings: ",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("ingest stdout does not contain %q:\n%s", want, stdout)
			}
		}
		code, stdout, stderr = sangsaeng(t, getenv, "ingest", "--db", db, "--progress", "never", data)
		if code != 0 || !strings.Contains(stdout, "10 files: 0 ingested, 10 unchanged, 0 refused") {
			t.Errorf("second ingest of the same files: exit code %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}

		s := startServe(t, getenv, "--addr", "127.0.0.1:0", "--db", db, "--log-format", "json")

		var ds struct {
			Datasets []struct {
				Name     string
				Rows     int64
				Releases []map[string]any
			}
		}
		getJSON(t, s.url+"/api/v1/datasets", http.StatusOK, &ds)
		rows := make(map[string]int64)
		for _, d := range ds.Datasets {
			rows[d.Name] = d.Rows
		}
		for _, f := range fixtureFiles {
			if strings.HasSuffix(f, ".shp") {
				continue
			}
			name := datasetOf(f)
			if want := csvRows(t, filepath.Join(data, f)); rows[name] != want {
				t.Errorf("%s: %d live rows, want %d, the rows of %s", name, rows[name], want, f)
			}
		}
		if rows["area_polygons"] != 102 {
			t.Errorf("area_polygons: %d live rows, want 102", rows["area_polygons"])
		}

		var d struct {
			Code     string
			Name     string
			Geometry struct{ Type string }
		}
		getJSON(t, s.url+"/api/v1/districts/3001491", http.StatusOK, &d)
		if d.Code != "3001491" || d.Name != "이태원 관광특구" || d.Geometry.Type != "Polygon" {
			t.Errorf("GET /api/v1/districts/3001491 = %+v, want 이태원 관광특구 with its Polygon", d)
		}

		var report struct {
			Quarter string
			Sales   []struct {
				IndustryCode string         `json:"industry_code"`
				Amount       json.Number    `json:"amount"`
				CountByTime  map[string]any `json:"count_by_time"`
			}
			FootTraffic *struct{ Total json.Number } `json:"foot_traffic"`
			Residents   *struct{}                    `json:"residents"`
		}
		getJSON(t, s.url+"/api/v1/districts/3001491/quarters/20251", http.StatusOK, &report)
		sales := sourceRow(t, filepath.Join(data, "sales_trdar_convenience.csv"), "3001491", "20251")
		foot := sourceRow(t, filepath.Join(data, "foottraffic_trdar.csv"), "3001491", "20251")
		switch {
		case report.Quarter != "20251":
			t.Errorf("report quarter %q, want 20251", report.Quarter)
		case len(report.Sales) != 1:
			t.Errorf("report has %d sales items, want 1", len(report.Sales))
		case report.Sales[0].Amount.String() != sales["당월_매출_금액"]:
			t.Errorf("sales amount %s, want %s as published", report.Sales[0].Amount, sales["당월_매출_금액"])
		case report.Sales[0].CountByTime["00-06"] != json.Number(sales["시간대_건수~06_매출_건수"]):
			t.Errorf("sales count 00-06 = %v, want %s as published (under the header 시간대_건수~06_매출_건수)",
				report.Sales[0].CountByTime["00-06"], sales["시간대_건수~06_매출_건수"])
		case report.FootTraffic == nil || report.FootTraffic.Total.String() != strings.TrimSuffix(foot["총_유동인구_수"], ".0"):
			t.Errorf("foot traffic %+v, want total %s as published (written 126315.0 in this file)", report.FootTraffic, foot["총_유동인구_수"])
		case report.Residents != nil:
			t.Errorf("residents = %+v, want null: none were loaded", report.Residents)
		}

		var e struct {
			Error struct{ Code, Message string }
		}
		getJSON(t, s.url+"/api/v1/districts/3001491/quarters/2025Q1", http.StatusBadRequest, &e)
		if e.Error.Code != "bad_request" {
			t.Errorf("bad quarter: error %+v, want bad_request", e.Error)
		}

		checkStopped(t, s)
		if n := strings.Count(s.stderr.String(), `"msg":"request"`); n != 4 {
			t.Errorf("serve logged %d requests as JSON, want one per request (4)", n)
		}
	})
}

// datasetOf names the dataset of a fixture file.
func datasetOf(file string) string {
	for prefix, name := range map[string]string{
		"area_trdar_all": "areas", "sales_trdar": "sales", "foottraffic_trdar": "foot_traffic",
		"stores_trdar": "stores", "change_index_trdar": "change_index", "workers_trdar": "workers",
		"income_trdar": "income", "facilities_trdar": "facilities", "apartments_trdar": "apartments",
	} {
		if strings.HasPrefix(file, prefix) {
			return name
		}
	}
	return ""
}

// readCSV reads a UTF-8 fixture CSV: its header and records.
func readCSV(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s: empty", path)
	}
	return recs[0], recs[1:]
}

func csvRows(t *testing.T, path string) int64 {
	_, recs := readCSV(t, path)
	return int64(len(recs))
}

// sourceRow returns the cells by header of a district's row for a quarter.
func sourceRow(t *testing.T, path, code, quarter string) map[string]string {
	t.Helper()
	header, recs := readCSV(t, path)
	for _, rec := range recs {
		row := make(map[string]string)
		for i, h := range header {
			row[h] = rec[i]
		}
		if row["상권_코드"] == code && row["기준_년분기_코드"] == quarter {
			return row
		}
	}
	t.Fatalf("%s has no row for %s in %s", path, code, quarter)
	return nil
}

// TestDemo runs the README's first command: the demo city is generated,
// every dataset of it ingests, the sample operator's programs run, and the
// server answers with it.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	s := start(t, envOf(), "demo", "--addr", "127.0.0.1:0", "--dir", dir)
	if !strings.Contains(s.before, "15 files: 15 ingested, 0 unchanged, 0 refused") {
		t.Fatalf("demo did not ingest its 15 files; it printed:\n%s\nstderr:\n%s", s.before, s.stderr)
	}
	var ds struct {
		Datasets []struct {
			Name     string
			Rows     json.Number
			Quarters []string
		}
	}
	getJSON(t, s.url+"/api/v1/datasets", http.StatusOK, &ds)
	for _, d := range ds.Datasets {
		if n, _ := d.Rows.Int64(); n == 0 {
			t.Errorf("demo dataset %s has no live rows", d.Name)
		}
	}
	var dist struct {
		Districts []struct{ Code string }
	}
	getJSON(t, s.url+"/api/v1/districts", http.StatusOK, &dist)
	if len(dist.Districts) != 120 {
		t.Fatalf("demo has %d districts, want 120", len(dist.Districts))
	}
	var report map[string]any
	getJSON(t, s.url+"/api/v1/districts/"+dist.Districts[0].Code+"/quarters/20251", http.StatusOK, &report)
	for _, k := range []string{"sales", "foot_traffic", "stores", "change_index", "workers", "residents", "income", "facilities", "vitality"} {
		if report[k] == nil {
			t.Errorf("demo quarter report has no %s", k)
		}
	}
	var one map[string]any
	getJSON(t, s.url+"/api/v1/districts/"+dist.Districts[0].Code, http.StatusOK, &one)
	if one["geometry"] == nil {
		t.Error("demo district has no geometry")
	}
	checkDemoPrograms(t, s)
	checkStopped(t, s)
}

// TestFuseUsage checks fuse's refusals before it reads anything.
func TestFuseUsage(t *testing.T) {
	noDefaultDB(t)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fuse"}, 1, "name the 영역-상권 Shapefile (--areas)"},
		{[]string{"fuse", "--areas", "a.shp"}, 1, "name the output folder (--out)"},
		{[]string{"fuse", "--areas", "a.shp", "--out", "o", "--sales", "s.csv"}, 1, "needs the merchant master"},
		{[]string{"fuse", "--areas", "a.shp", "--out", "o", "--foot", "f.csv", "--k", "0"}, 1, "k must be at least 1"},
		{[]string{"fuse", "--areas", "a.shp", "--out", "o", "--foot", "f.csv", "--quarters", "20245"}, 2, "quarter 20245"},
		{[]string{"fuse", "feeds/"}, 2, `unexpected argument "feeds/"`},
	}
	for _, tt := range tests {
		code, _, errOut := sangsaeng(t, envOf(), tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and %q", tt.args, code, errOut, tt.code, tt.want)
		}
	}
}
