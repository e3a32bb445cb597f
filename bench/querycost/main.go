// Command querycost times, on one connection and one client, the queries of
// GET /api/v1/districts/{code}/quarters/{quarter} against a loaded database
// (stop the server first: DuckDB locks the file), and variants of them that
// leave one part out, to show where a request's time goes.
//
//	querycost -db api.duckdb -code 3120191 -quarter 20233
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/sangsaeng/sangsaeng/internal/seoul"
	"github.com/sangsaeng/sangsaeng/internal/store"
)

// datasets of a quarter report, as internal/httpapi asks them.
var datasets = []seoul.Dataset{
	seoul.Sales, seoul.FootTraffic, seoul.Stores, seoul.ChangeIndex, seoul.Workers,
	seoul.Residents, seoul.Income, seoul.Facilities, seoul.Apartments,
}

func main() {
	dbPath := flag.String("db", "api.duckdb", "database loaded by sangsaeng ingest")
	code := flag.String("code", "3120191", "district code")
	quarter := flag.String("quarter", "20233", "quarter")
	n := flag.Int("n", 30, "requests per variant (after as many warm-up requests)")
	flag.Parse()
	if err := run(context.Background(), *dbPath, *code, *quarter, *n); err != nil {
		fmt.Fprintln(os.Stderr, "querycost:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, path, code, quarter string, n int) error {
	st, err := store.Open(ctx, path)
	if err != nil {
		return err
	}
	per := make(map[seoul.Dataset]time.Duration)
	storeReq := func() error {
		if _, err := st.District(ctx, code); err != nil {
			return err
		}
		for _, d := range datasets {
			start := time.Now()
			if _, err := st.QuarterRecords(ctx, d, code, quarter); err != nil {
				return err
			}
			per[d] += time.Since(start)
		}
		return nil
	}
	fmt.Printf("one client, one request = 9 dataset queries (+1 district lookup for the store's own path); median of %d\n", n)
	if err := report("store.District + 9 x store.QuarterRecords (the handler's calls)", n, storeReq); err != nil {
		return err
	}
	for _, d := range datasets {
		fmt.Printf("    %-14s %6.2f ms mean\n", d, float64(per[d].Microseconds())/1000/float64(2*n))
	}
	if err := st.Close(); err != nil {
		return err
	}

	db, err := sql.Open("duckdb", path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	variants := []struct {
		name        string
		join, order bool
		cols        string
	}{
		{"same SQL by hand (join slices, ORDER BY release_id, line)", true, true, ""},
		{"without ORDER BY", true, false, ""},
		{"without the slices join", false, true, ""},
		{"without join and ORDER BY", false, false, ""},
		{"join and ORDER BY, 3 columns only", true, true, "t.code, t.quarter, t.line"},
	}
	for _, v := range variants {
		err := report(v.name, n, func() error {
			for _, d := range datasets {
				if err := drain(ctx, db, query(d, v.join, v.order, v.cols), code, quarter); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return report("9 x SELECT 1 (per-query floor of database/sql + DuckDB)", n, func() error {
		for range datasets {
			if err := drain(ctx, db, "SELECT 1"); err != nil {
				return err
			}
		}
		return nil
	})
}

// query is store.QuarterRecords's SQL (see internal/store), with parts left
// out on request.
func query(d seoul.Dataset, join, order bool, cols string) string {
	s := seoul.SchemaOf(d)
	if cols == "" {
		cols = "t." + strings.Join(store.Columns(d), ", t.")
	}
	q := "SELECT " + cols + " FROM " + string(d) + " t "
	if join {
		slice := "t.quarter"
		if d == seoul.Sales || d == seoul.Stores {
			slice = "t.quarter || '/' || t.industry_code"
		}
		q += fmt.Sprintf("JOIN slices l ON l.dataset = '%s' AND l.release_id = t.release_id AND l.slice = %s ", d, slice)
	}
	q += "WHERE t." + s.Columns[s.CodeCol()].Name + " = ? AND t.quarter = ?"
	if order {
		q += " ORDER BY t.release_id, t.line"
	}
	return q
}

func drain(ctx context.Context, db *sql.DB, q string, args ...any) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// report runs req n times to warm up, then n times timed, and prints the
// median.
func report(name string, n int, req func() error) error {
	times := make([]time.Duration, 0, n)
	for i := 0; i < 2*n; i++ {
		start := time.Now()
		if err := req(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if i >= n {
			times = append(times, time.Since(start))
		}
	}
	slices.Sort(times)
	fmt.Printf("  %-62s %7.2f ms median\n", name, float64(times[len(times)/2].Microseconds())/1000)
	return nil
}
