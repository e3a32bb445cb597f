// Command duckcsv is the reference of the ingest benchmarks: DuckDB's own
// CSV reader loading a UTF-8 file into a table of a fresh database, through
// the same DuckDB library sangsaeng links (the duckdb CLI is not installed).
//
//	duckcsv -db ref.duckdb sales.utf8.csv
//	duckcsv -db ref.duckdb -types sales sales.utf8.csv
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

func main() {
	db := flag.String("db", "ref.duckdb", "DuckDB database file (created if missing)")
	table := flag.String("table", "sales", "table to create")
	types := flag.String("types", "auto", "column types: auto (DuckDB's sniffer) or sales (the store's types: the 7 key and name columns VARCHAR, the rest BIGINT)")
	flag.Parse()
	if flag.NArg() != 1 || (*types != "auto" && *types != "sales") {
		fmt.Fprintln(os.Stderr, "usage: duckcsv [-db FILE] [-table NAME] [-types auto|sales] FILE.csv")
		os.Exit(2)
	}
	if err := run(context.Background(), *db, *table, *types, flag.Arg(0)); err != nil {
		fmt.Fprintln(os.Stderr, "duckcsv:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, dbPath, table, types, csvPath string) error {
	// The dialect is given: the sniffer's sample may hold no quoted field.
	opts := "header = true, delim = ',', quote = '\"', escape = '\"'"
	if types == "sales" {
		cols, err := salesColumns(csvPath)
		if err != nil {
			return err
		}
		opts += ", columns = " + cols
	}
	db, err := sql.Open("duckdb", dbPath)
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
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(table)).Scan(&n); err != nil {
		return err
	}
	fmt.Printf("%s: %d rows into %s.%s in %.2f s\n", csvPath, n, dbPath, table, elapsed.Seconds())
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
