package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

const changeHeader = "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,상권_변화_지표,상권_변화_지표_명,운영_영업_개월_평균,폐업_영업_개월_평균,서울_운영_영업_개월_평균,서울_폐업_영업_개월_평균\n"

// TestPartialFilesAndReleaseHistory runs the commands a user meets when a
// sample would replace a full file: the refusal with its numbers and what to
// do, --replace, the live releases and drops in datasets, re-ingesting the
// full file (reactivated), releases activate, undo and history; on each
// engine.
func TestPartialFilesAndReleaseHistory(t *testing.T) {
	noDefaultDB(t)
	storetest.Each(t, func(t *testing.T, db string) {
		dir := t.TempDir()
		write := func(name, body string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		areas := write("areas.csv", syntheticAreas)
		data := filepath.Join(dir, "data")
		os.Mkdir(data, 0o755)
		full := write("data/change_full.csv", changeHeader+
			"20241,A,골목상권,3999001,x,LL,다이나믹,10,5,100,52\n20241,D,발달상권,3999002,x,HH,정체,20,5,100,52\n")
		sample := write("data/change_sample.csv", changeHeader+"20241,A,골목상권,3999001,x,HL,상권축소,99,5,100,52\n")
		getenv := envOf("SANGSAENG_DB", db, "SANGSAENG_PROGRESS", "never")
		mustRun := func(want int, args ...string) (string, string) {
			t.Helper()
			code, stdout, stderr := sangsaeng(t, getenv, args...)
			if code != want {
				t.Fatalf("sangsaeng %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, stdout, stderr)
			}
			return stdout, stderr
		}
		has := func(what, out string, wants ...string) {
			t.Helper()
			for _, w := range wants {
				if !strings.Contains(out, w) {
					t.Errorf("%s does not say %q:\n%s", what, w, out)
				}
			}
		}

		// The folder: the full file lands first, the sample is refused.
		stdout, stderr := mustRun(1, "ingest", areas, data)
		has("ingest of the folder", stderr, "refused "+sample, "20241: would drop 1 of 2 districts", "ingest it again with --replace")
		has("ingest of the folder", stdout, "3 files: 2 ingested, 0 unchanged, 1 refused")

		stdout, _ = mustRun(0, "ingest", "--replace", sample)
		m := regexp.MustCompile(`change_index release (\d+),`).FindStringSubmatch(stdout)
		if m == nil {
			t.Fatalf("ingest --replace names no release:\n%s", stdout)
		}
		sampleID := m[1]
		has("ingest --replace", stdout, "change_index release", "replaced: dropped 1 districts in 1 slice (20241 1 of 2)")
		stdout, _ = mustRun(0, "datasets")
		has("datasets", stdout, "live change_index:\n  release", "(change_sample.csv): quarters 20241",
			"dropped by releases ingested with --replace:\n  change_index release", "(change_sample.csv): 20241 1 of 2 districts")
		if rows, _ := datasetsLine(t, stdout, "change_index"); rows != "1" {
			t.Errorf("change_index has %s live rows after the sample replaced it, want 1", rows)
		}

		stdout, _ = mustRun(0, "ingest", full)
		has("re-ingest of the full file", stdout, "reactivated "+full, "live again for 1 slice", "1 files: 0 ingested, 1 reactivated, 0 unchanged, 0 refused")
		stdout, _ = mustRun(0, "ingest", full)
		has("third ingest of the full file", stdout, "unchanged "+full)
		stdout, _ = mustRun(0, "datasets")
		if rows, _ := datasetsLine(t, stdout, "change_index"); rows != "2" {
			t.Errorf("change_index has %s live rows after the reactivation, want 2", rows)
		}

		stdout, _ = mustRun(0, "releases", "undo")
		has("undo", stdout, "undid act", "1 slice back to the releases live before it")
		stdout, _ = mustRun(0, "datasets")
		if rows, _ := datasetsLine(t, stdout, "change_index"); rows != "1" {
			t.Errorf("change_index has %s live rows after undoing the reactivation, want the sample's 1", rows)
		}
		stdout, _ = mustRun(0, "releases", "activate", "2")
		has("activate the full release", stdout, "activated release 2 (change_index): live for 1 slice more")
		_, stderr = mustRun(1, "releases", "activate", sampleID)
		has("activate the sample", stderr, "release "+sampleID+" not activated", "20241: would drop 1 of 2 districts", "add --replace")
		stdout, _ = mustRun(0, "releases", "activate", "--replace", sampleID)
		has("activate --replace the sample", stdout, "activated release "+sampleID, "replaced: dropped 1 districts")
		stdout, _ = mustRun(0, "releases", "history")
		has("history", stdout, "ACT", "ingest", "reactivate", "undo ")
		mustRun(2, "releases", "activate", "x")
		mustRun(2, "releases", "frobnicate")
	})
}
