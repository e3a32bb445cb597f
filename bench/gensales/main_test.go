package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/ingest"
	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

const testAreas = `"상권_구분_코드","상권_구분_코드_명","상권_코드","상권_코드_명","엑스좌표_값","와이좌표_값","자치구_코드","자치구_코드_명","행정동_코드","행정동_코드_명","영역_면적"
"A","골목상권","3110055","황학동벼룩시장","201642","452260","11140","중구","11140670","황학동","27575"
"D","발달상권","3120191","천왕역 3번(오류2동주민센터, 서울오류남초등학교)","186544","441770","11530","구로구","11530800","오류2동","60218"
"R","전통시장","3130001","똠방각하 시장 ""가""","197093","453418","11110","종로구","11110515","청운효자동","149264"
`

// TestGenerateIngests checks that both encodings of a generated file are
// accepted by ingest whole, with every key unique and no sum warning.
func TestGenerateIngests(t *testing.T) {
	dir := t.TempDir()
	areas := filepath.Join(dir, "areas.csv")
	if err := os.WriteFile(areas, []byte(testAreas), 0o644); err != nil {
		t.Fatal(err)
	}
	o := options{areas: areas, size: 300_000, out: filepath.Join(dir, "sales.utf8.csv"), cp949: filepath.Join(dir, "sales.cp949.csv"), seed: 7}
	st, err := generate(o)
	if err != nil {
		t.Fatal(err)
	}
	if n := int64(len(industries)); st.rows%n != 0 || st.rows <= 3*n || st.quarters < 2 {
		t.Fatalf("got %d rows in %d quarters, want a multiple of %d over more than one quarter", st.rows, st.quarters, n)
	}
	if st.cp949Bytes >= st.utf8Bytes {
		t.Errorf("CP949 file has %d bytes, UTF-8 %d: want it smaller (Korean names)", st.cp949Bytes, st.utf8Bytes)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(dir, "t.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	in := &ingest.Ingester{DB: db}
	if _, err := in.File(ctx, areas); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, encoding string }{{o.out, seoul.UTF8}, {o.cp949, seoul.CP949}} {
		out, err := in.File(ctx, tc.path)
		if err != nil {
			t.Fatal(err)
		}
		r := out.Release
		if r.Dataset != seoul.Sales || r.Encoding != tc.encoding || r.Rows != st.rows || len(r.Quarters) != st.quarters {
			t.Errorf("%s: got %s, %s, %d rows, %d quarters; want sales, %s, %d rows, %d quarters",
				filepath.Base(tc.path), r.Dataset, r.Encoding, r.Rows, len(r.Quarters), tc.encoding, st.rows, st.quarters)
		}
		if len(r.Warnings) != 0 {
			t.Errorf("%s: warnings %+v, want none", filepath.Base(tc.path), r.Warnings)
		}
	}
}
