#!/usr/bin/env bash
# Ledger throughput of issue 11, in one session: 64 clients, one transfer per
# request, every transfer between two of 10 hot accounts.
#
#  - floor: pgbench -c 64 running bench/ledger-floor.sql, the plain
#    one-transfer-per-transaction SQL (lock, check, move two sums, insert),
#    on the ledger's own tables in a database migrated by sangsaeng, on a
#    PostgreSQL cluster of the script's own at its default settings (fsync
#    and synchronous_commit on);
#  - sangsaeng on PostgreSQL: BenchmarkTransfers64/postgres (the writer,
#    internal/store) on a fresh database of the same cluster;
#  - sangsaeng embedded: BenchmarkTransfers64/duckdb and, over HTTP with
#    Bearer tokens and the audit log, BenchmarkTransfersHTTP64 (DuckDB).
#
# Each round runs all four, one after the other; the ratio to the floor is
# taken per round. Run as root (the cluster runs as the postgres user).
#
#   bench/ledger.sh                 # 3 rounds
#   ROUNDS=5 SECONDS_FLOOR=20 bench/ledger.sh
#
# Environment: BENCH_DIR (default /tmp/sangsaeng-bench), ROUNDS (3),
# SECONDS_FLOOR (pgbench -T, 15), N_PG (transfers per PostgreSQL run,
# 50000), N_DUCK (transfers per DuckDB run, 20000).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
rounds=${ROUNDS:-3}
floor_s=${SECONDS_FLOOR:-15}
n_pg=${N_PG:-50000}
n_duck=${N_DUCK:-20000}
out=$bench/results/ledger
bin=$bench/bin
mkdir -p "$bin" "$out"
. "$repo/bench/lib.sh"

echo "== build"
(cd "$repo" && go build -o "$bin/sangsaeng" ./cmd/sangsaeng &&
	go test -c -o "$bin/store.test" ./internal/store && go test -c -o "$bin/httpapi.test" ./internal/httpapi)

echo "== a PostgreSQL cluster of our own"
pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
pg_dir="$(mktemp -d /tmp/sangsaeng-ledgerbench.XXXXXX)"
as_pg=()
if [ "$(id -u)" = 0 ]; then
	chown postgres "$pg_dir"
	as_pg=(runuser -u postgres --)
fi
pg_port=56532
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
cleanup() {
	"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
	rm -rf "$pg_dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 >/dev/null
# max_connections: pgbench's 64 clients and the benchmark's pool.
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
	-o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
psql=("$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres)
admin="postgres://postgres@127.0.0.1:$pg_port/postgres?sslmode=disable"
{
	describe "$repo"
	echo "postgresql: $("$pg_bin/postgres" --version), default settings but listen_addresses, max_connections=200"
	"${psql[@]}" -d postgres -At -c "SELECT name || ' = ' || setting || coalesce(' ' || unit, '') FROM pg_settings
		WHERE name IN ('shared_buffers', 'fsync', 'synchronous_commit', 'wal_level', 'max_connections')" | sed 's/^/  /'
	echo "pgbench: $(pgbench --version)"
} >"$out/env.txt"
cat "$out/env.txt"

# floor_db: a fresh database "floor" migrated by sangsaeng, with the 10 hot
# accounts and the floor's sequence.
floor_db() {
	"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS floor" -c "CREATE DATABASE floor"
	"$bin/sangsaeng" datasets --db "postgres://postgres@127.0.0.1:$pg_port/floor?sslmode=disable" >/dev/null
	"${psql[@]}" -d floor -c "INSERT INTO orgs (id, kind, name, created_at) VALUES ('kt', 'operator', 'KT', now())" \
		-c "INSERT INTO ledger_accounts SELECT 'hot' || i, 'hot', 'kt', false, false, 0, 0, 0, 0, now() FROM generate_series(0, 9) i" \
		-c "CREATE SEQUENCE floor_seq" -c CHECKPOINT
}

summary=$out/ledger-summary.txt
printf '%-5s %-16s %10s %9s %9s %12s\n' round path transfers/s p50_ms p99_ms load_1_5_15 >"$summary"
row() { printf '%-5s %-16s %10.0f %9.2f %9.2f %12s\n' "$@" | tee -a "$summary"; }
load() { cut -d' ' -f1-3 /proc/loadavg | tr ' ' /; }
# gobench NAME BINARY BENCH N: runs one Go benchmark of 64 clients, prints its row.
gobench() {
	local l
	l=$(load)
	(cd "$repo/internal/$(basename "$2" .test)" && "$2" -test.run XXX -test.bench "$3" -test.benchtime "${4}x") >"$out/go-last.txt" 2>&1 ||
		{ cat "$out/go-last.txt" >&2; exit 1; }
	cat "$out/go-last.txt" >>"$out/go-raw.txt"
	awk -v r="$r" -v name="$1" -v l="$l" '/^Benchmark/ {
		for (i = 1; i <= NF; i++) { if ($i == "transfers/s") t = $(i-1); if ($i == "p50_ms") a = $(i-1); if ($i == "p99_ms") b = $(i-1) }
		printf "%s %s %s %s %s %s\n", r, name, t, a, b, l }' "$out/go-last.txt" | while read -r a b c d e f; do row "$a" "$b" "$c" "$d" "$e" "$f"; done
}
: >"$out/go-raw.txt"
: >"$out/pgbench-raw.txt"
for r in $(seq "$rounds"); do
	floor_db
	l=$(load)
	pgbench -n -c 64 -j 2 -T "$floor_s" -r -f "$repo/bench/ledger-floor.sql" -h 127.0.0.1 -p "$pg_port" -U postgres floor >"$out/pgbench-last.txt" 2>&1
	cat "$out/pgbench-last.txt" >>"$out/pgbench-raw.txt"
	tps=$(awk '/^tps = / { print $3 }' "$out/pgbench-last.txt")
	lat=$(awk '/^latency average = / { print $4 }' "$out/pgbench-last.txt")
	# pgbench reports the average latency; p99 would need its log (-l).
	row "$r" pgbench-floor "$tps" "$lat" 0 "$l"
	"${psql[@]}" -d postgres -c "DROP DATABASE floor"
	SANGSAENG_TEST_PG=$admin gobench writer-postgres "$bin/store.test" 'Transfers64/postgres' "$n_pg"
	SANGSAENG_TEST_PG= gobench writer-duckdb "$bin/store.test" 'Transfers64/duckdb' "$n_duck"
	gobench http-duckdb "$bin/httpapi.test" 'TransfersHTTP64' "$n_duck"
done
echo "== medians; PostgreSQL writer ÷ floor per round"
{
	for p in pgbench-floor writer-postgres writer-duckdb http-duckdb; do
		awk -v p="$p" '$2 == p { print $3, $5 }' "$summary" | sort -n |
			awk -v p="$p" '{ t[NR] = $1; q[NR] = $2 } END { m = int((NR + 1) / 2); printf "%-16s median %8.0f transfers/s (p99 of that run %s ms)\n", p, t[m], q[m] }'
	done
	awk '$2 == "pgbench-floor" { f[$1] = $3 } $2 == "writer-postgres" { w[$1] = $3 } END { for (r in f) printf "round %s: writer-postgres %.2fx the floor\n", r, w[r] / f[r] }' "$summary" | sort
} | tee -a "$summary"
echo "results in $out"
