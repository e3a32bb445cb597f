// Command duckcsv is the reference of the ingest benchmarks: DuckDB's own
// CSV reader loading a UTF-8 file into a table of a fresh database, through
// the same DuckDB library sangsaeng links (the duckdb CLI is not installed).
//
//	duckcsv -db ref.duckdb sales.utf8.csv
//	duckcsv -db ref.duckdb -types sales sales.utf8.csv
//	duckcsv -db ref.duckdb -memory-limit 128MB sales.utf8.csv
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	db := flag.String("db", "ref.duckdb", "DuckDB database file (created if missing)")
	table := flag.String("table", "sales", "table to create")
	memory := flag.String("memory-limit", "", "DuckDB memory_limit, e.g. 128MB; empty for DuckDB's default (80% of RAM)")
	types := flag.String("types", "auto", "column types: auto (DuckDB's sniffer) or sales (the store's types: the 7 key and name columns VARCHAR, the rest BIGINT)")
	flag.Parse()
	if flag.NArg() != 1 || (*types != "auto" && *types != "sales") {
		fmt.Fprintln(os.Stderr, "usage: duckcsv [-db FILE] [-table NAME] [-types auto|sales] [-memory-limit SIZE] FILE.csv")
		os.Exit(2)
	}
	dsn := *db
	if *memory != "" {
		dsn += "?memory_limit=" + url.QueryEscape(*memory)
	}
	if err := run(context.Background(), dsn, *table, *types, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "duckcsv:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dsn, table, types, csvPath string) error {
	// The dialect is given: the sniffer's sample may hold no quoted field.
	opts := "header = true, delim = ',', quote = '\"', escape = '\"'"
	if types == "sales" {
		cols, err := salesColumns(csvPath)
		if err != nil {
			return err
		}
		opts += ", columns = " + cols
	}
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	q := fmt.Sprintf("CREATE TABLE %s AS SELECT * FROM read_csv(%s, %s)", quoteIdent(table), quote(csvPath), opts)
	if _, err := db.ExecContext(ctx, q); err != nil {
		return err
	}
	elapsed := time.Since(start)
	var n int64
	var limit string
	if err := db.QueryRowContext(ctx, "SELECT count(*), current_setting('memory_limit') FROM "+quoteIdent(table)).Scan(&n, &limit); err != nil {
		return err
	}
	fmt.Printf("%s: %d rows into %s (table %s, memory_limit %s) in %.2f s\n", csvPath, n, dsn, table, limit, elapsed.Seconds())
	return db.Close()
}

// salesColumns is a read_csv columns struct for a sales file's header: the
// types sangsaeng's sales table has.
func salesColumns(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil {
		return "", fmt.Errorf("%s: header: %w", path, err)
	}
	var parts []string
	for i, h := range strings.Split(strings.TrimRight(line, "\r\n"), ",") {
		typ := "BIGINT"
		if i < 7 {
			typ = "VARCHAR"
		}
		parts = append(parts, fmt.Sprintf("%s: '%s'", quote(h), typ))
	}
	return "{" + strings.Join(parts, ", ") + "}", nil
}

func quote(s string) string      { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
