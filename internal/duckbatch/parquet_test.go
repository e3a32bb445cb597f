package duckbatch

import (
	"context"
	"database/sql"
	"io"
	"path/filepath"
	"slices"
	"testing"
)

func TestParquetFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.parquet")
	eng, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if _, err := eng.Exec(`COPY (SELECT * FROM (VALUES (20251, '3110001', 72.5::DOUBLE), (20251, '11110515', NULL))
		t(quarter, code, value)) TO '` + path + `' (FORMAT parquet)`); err != nil {
		t.Fatal(err)
	}
	p, err := OpenParquet(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !slices.Equal(p.Header(), []string{"quarter", "code", "value"}) {
		t.Errorf("header %v", p.Header())
	}
	var got [][]string
	for {
		cells, err := p.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, cells)
	}
	// An integer quarter reads as its digits; a null as "".
	want := [][]string{{"20251", "3110001", "72.5"}, {"20251", "11110515", ""}}
	if len(got) != 2 || !slices.Equal(got[0], want[0]) || !slices.Equal(got[1], want[1]) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if _, err := OpenParquet(context.Background(), filepath.Join(t.TempDir(), "none.parquet")); err == nil {
		t.Error("opened a file that does not exist")
	}
}
