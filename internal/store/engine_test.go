package store

import (
	"context"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/sangsaeng/sangsaeng/internal/store/storetest"
)

func TestDollarPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"SELECT 1", "SELECT 1"},
		{"SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{"SELECT '?', \"a?\" FROM t WHERE b = ?", "SELECT '?', \"a?\" FROM t WHERE b = $1"},
		{"SELECT 'it''s ?' WHERE x = ?", "SELECT 'it''s ?' WHERE x = $1"},
		{"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2"},
		{"SELECT 'open ?", "SELECT 'open ?"},
	} {
		if got := dollarPlaceholders(c.in); got != c.want {
			t.Errorf("dollarPlaceholders(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestRebindOnlyOnPostgres(t *testing.T) {
	q := "SELECT x FROM t WHERE a = ? AND b = ?"
	if got := (&dialect{name: DuckDB}).rebind(q); got != q {
		t.Errorf("DuckDB rebind = %q, want the query as it is", got)
	}
	pg := &dialect{name: Postgres, dollar: true}
	want := "SELECT x FROM t WHERE a = $1 AND b = $2"
	for range 2 { // the second time from the cache
		if got := pg.rebind(q); got != want {
			t.Errorf("Postgres rebind = %q, want %q", got, want)
		}
	}
}

// TestEnginesHaveTheSameMigrations: every migration is written for both
// engines, under the same name.
func TestEnginesHaveTheSameMigrations(t *testing.T) {
	var names [2][]string
	for i, e := range []string{DuckDB, Postgres} {
		files, err := migrationFiles(e)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			names[i] = append(names[i], path.Base(f))
		}
	}
	if len(names[0]) == 0 || !slices.Equal(names[0], names[1]) {
		t.Fatalf("migrations/duckdb has %v, migrations/postgres %v; want the same files", names[0], names[1])
	}
	if loose, _ := fs.Glob(migrationFS, "migrations/*.sql"); len(loose) > 0 {
		t.Fatalf("%v in migrations/: a migration goes in both engines' folders", loose)
	}
}

// column is one column of a table as information_schema tells it, with the
// type named as DuckDB names it.
type column struct{ table, name, typ, nullable string }

// pgTypes are PostgreSQL's names for the types the migrations use, as
// DuckDB names them.
var pgTypes = map[string]string{
	"character varying": "VARCHAR", "text": "VARCHAR", "bigint": "BIGINT", "integer": "INTEGER",
	"double precision": "DOUBLE", "bytea": "BLOB", "boolean": "BOOLEAN", "timestamp without time zone": "TIMESTAMP",
}

func columns(t *testing.T, db *DB) []column {
	t.Helper()
	rows, err := db.db.QueryContext(context.Background(), `SELECT table_name, column_name, data_type, is_nullable
		FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, column_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []column
	for rows.Next() {
		var c column
		if err := rows.Scan(&c.table, &c.name, &c.typ, &c.nullable); err != nil {
			t.Fatal(err)
		}
		if db.Engine() == Postgres {
			if d, ok := pgTypes[c.typ]; ok {
				c.typ = d
			}
		}
		c.typ = strings.ToUpper(c.typ)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEnginesHaveTheSameColumns: after the migrations both engines have the
// same tables, columns, types and nullability.
func TestEnginesHaveTheSameColumns(t *testing.T) {
	duck := columns(t, openAt(t, storetest.Fresh(t, DuckDB)))
	pg := columns(t, openAt(t, storetest.Postgres(t)))
	if len(duck) == 0 {
		t.Fatal("DuckDB has no columns")
	}
	for i := 0; i < max(len(duck), len(pg)); i++ {
		var d, p column
		if i < len(duck) {
			d = duck[i]
		}
		if i < len(pg) {
			p = pg[i]
		}
		if d != p {
			t.Fatalf("column %d: DuckDB has %+v, PostgreSQL %+v", i, d, p)
		}
	}
}

func TestEngineAndSchemaVersion(t *testing.T) {
	eachEngine(t, func(t *testing.T, db *DB, src string) {
		want := DuckDB
		if strings.HasPrefix(src, "postgres") {
			want = Postgres
		}
		if db.Engine() != want {
			t.Errorf("Engine() = %q, want %q", db.Engine(), want)
		}
		// The newest migration's number (numbers may skip one another
		// branch takes).
		files, _ := migrationFiles(want)
		newest, _ := strconv.Atoi(strings.SplitN(path.Base(files[len(files)-1]), "_", 2)[0])
		v, err := db.SchemaVersion(context.Background())
		if err != nil || v != newest || newest < len(files) {
			t.Errorf("SchemaVersion() = %d, %v; want %d", v, err, newest)
		}
	})
}

// TestServersStartingAtOnceMigrateOnce: several stores opened at once on a
// fresh PostgreSQL database all open, and each migration is applied once.
func TestServersStartingAtOnceMigrateOnce(t *testing.T) {
	src := storetest.Postgres(t)
	const n = 4
	errs := make(chan error, n)
	dbs := make(chan *DB, n)
	for range n {
		go func() {
			db, err := Open(context.Background(), src)
			errs <- err
			dbs <- db
		}()
	}
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("open: %v", err)
		}
		if db := <-dbs; db != nil {
			defer db.Close()
		}
	}
	db := openAt(t, src)
	files, _ := migrationFiles(Postgres)
	var rows int
	if err := db.db.QueryRowContext(context.Background(), "SELECT count(*) FROM schema_migrations").Scan(&rows); err != nil || rows != len(files) {
		t.Errorf("schema_migrations has %d rows (%v), want %d", rows, err, len(files))
	}
}
