package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// A FileColumn names a column of a CSV file and its DuckDB type.
type FileColumn struct {
	Name, Type string
}

// CSVToParquet converts a UTF-8 CSV file with a header row into a Parquet
// file (zstd), reading the columns as the given types; empty cells become
// NULL. It uses a private in-memory DuckDB and streams, whatever the size.
func CSVToParquet(ctx context.Context, csvPath, parquetPath string, cols []FileColumn, memoryLimit string) error {
	if memoryLimit != "" && !validSize(memoryLimit) {
		return fmt.Errorf("memory limit %q: want a size such as 256MB or 2GB", memoryLimit)
	}
	connector, err := duckdb.NewConnector("", nil)
	if err != nil {
		return err
	}
	defer connector.Close()
	db := sql.OpenDB(connector)
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if memoryLimit != "" {
		if _, err := conn.ExecContext(ctx, "SET memory_limit = '"+memoryLimit+"'"); err != nil {
			return err
		}
	}
	// COPY takes no parameters: names and types are quoted here.
	var spec []string
	for _, c := range cols {
		spec = append(spec, quote(c.Name)+": "+quote(c.Type))
	}
	q := fmt.Sprintf(`COPY (SELECT * FROM read_csv(%s, header = true, delim = ',', quote = '"', nullstr = '', columns = {%s}))
		TO %s (FORMAT parquet, COMPRESSION zstd)`, quote(csvPath), strings.Join(spec, ", "), quote(parquetPath))
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("convert %s to Parquet: %w", csvPath, err)
	}
	return nil
}

// quote returns s as an SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
