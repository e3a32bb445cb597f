package analysis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

// TestQuarterRowsFollowNewReleases checks the cache of quarter rows: a
// revised release is served once it lands (at the next recheck), and unknown
// districts and quarters are not found.
func TestQuarterRowsFollowNewReleases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, src string) {
		dir := t.TempDir()
		db, err := store.Open(context.Background(), src)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		write := func(name, body string) string {
			p := filepath.Join(dir, name)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}
		in := &ingest.Ingester{DB: db}
		head := "기준_년분기_코드,상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,상권_변화_지표,상권_변화_지표_명,운영_영업_개월_평균,폐업_영업_개월_평균,서울_운영_영업_개월_평균,서울_폐업_영업_개월_평균\n"
		for _, f := range []string{
			write("areas.csv", "상권_구분_코드,상권_구분_코드_명,상권_코드,상권_코드_명,엑스좌표_값,와이좌표_값,자치구_코드,자치구_코드_명,행정동_코드,행정동_코드_명,영역_면적\nA,골목상권,3110001,가,197000,453000,11110,종로구,11110515,청운효자동,1000\n"),
			write("c1.csv", head+"20241,A,골목상권,3110001,가,LL,다이나믹,10,20,30,40\n"),
		} {
			if _, err := in.File(context.Background(), f); err != nil {
				t.Fatal(err)
			}
		}
		svc := New(db)
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		svc.now = func() time.Time { return now }
		ctx := context.Background()
		months := func() int64 {
			t.Helper()
			rep, err := svc.QuarterRows(ctx, []seoul.Dataset{seoul.ChangeIndex}, "3110001", "20241")
			if err != nil {
				t.Fatal(err)
			}
			return rep.Rows[seoul.ChangeIndex][0]["operating_months_avg"].(int64)
		}
		if m := months(); m != 10 {
			t.Fatalf("operating months %d, want 10", m)
		}
		if _, err := in.File(ctx, write("c2.csv", head+"20241,A,골목상권,3110001,가,HL,상권축소,99,20,30,40\n")); err != nil {
			t.Fatal(err)
		}
		if m := months(); m != 10 {
			t.Fatalf("before the recheck: %d months, want the cached 10", m)
		}
		now = now.Add(liveRecheck)
		if m := months(); m != 99 {
			t.Fatalf("after the recheck: %d months, want the revision's 99", m)
		}
		// A recheck that finds the same data keeps all of it: the quarters
		// of each dataset too, which the default quarter is chosen from.
		now = now.Add(liveRecheck)
		if m := months(); m != 99 {
			t.Fatalf("after a recheck of the same data: %d months, want 99", m)
		}
		if q, err := svc.DefaultQuarter(ctx, "change_index"); err != nil || q != "20241" {
			t.Errorf("default quarter after a recheck of the same data = %q, %v; want 20241", q, err)
		}
		for _, tc := range []struct{ code, quarter string }{{"3119999", "20241"}, {"3110001", "20251"}} {
			_, err := svc.QuarterRows(ctx, []seoul.Dataset{seoul.ChangeIndex}, tc.code, tc.quarter)
			if err == nil || !strings.Contains(err.Error(), "not found") {
				t.Errorf("%s %s: error %v, want not found", tc.code, tc.quarter, err)
			}
		}
	})
}
