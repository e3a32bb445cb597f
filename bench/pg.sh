#!/usr/bin/env bash
# The PostgreSQL engine measured beside its references, in one session, on a
# PostgreSQL cluster of the script's own (Debian's server, at its default
# settings, on a free loopback port, in a temporary folder, run as the
# postgres user as .ci/run does; stopped and removed at exit):
#
#  1. ingest: sangsaeng ingest --db postgres://… of the synthetic sales file
#     (UTF-8) against the floor, psql's \copy of the same file into
#     sales_floor, a table created LIKE sales INCLUDING ALL (its columns, NOT
#     NULLs and both indexes) with release_id defaulting to 1 and line an
#     identity column: the release's bookkeeping aside, what COPY alone costs
#     for the same rows into the same table shape. Alternating pairs: each
#     round runs the floor, then sangsaeng, each from an empty table
#     (TRUNCATE; a fresh database with the 영역-상권 loaded for sangsaeng);
#     the ratio is taken per round and its median reported.
#  2. api: GET /api/v1/districts/{code}/quarters/{quarter} under 32 clients
#     (wrk, bench/rotate.lua, every district x quarter) on two servers at once,
#     one on PostgreSQL and one on DuckDB, both loaded with all of
#     published/, and the static-JSON floor (bench/staticjson, one real
#     answer's bytes), in alternating rounds.
#
#   bench/pg.sh                       # both, 1 GB file, 5 ingest pairs, 3 api rounds
#   SIZE=250MB ROUNDS=3 bench/pg.sh ingest
#
# Needs: go, psql and PostgreSQL's server (/usr/lib/postgresql/*/bin),
# hyperfine, wrk, curl, jq, /usr/bin/time; root (the cluster runs as the
# postgres user) or the postgres user itself.
# Environment: SANGSAENG_SEOUL_DATA, BENCH_DIR (default /tmp/sangsaeng-bench;
# the generated file is cached there), SIZE (default 1GB), ROUNDS (ingest
# pairs, default 5), API_ROUNDS (default 3), DURATION (default 20s).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
size=${SIZE:-1GB}
rounds=${ROUNDS:-5}
api_rounds=${API_ROUNDS:-3}
duration=${DURATION:-20s}
phases=${*:-ingest api}
out=$bench/results/pg
bin=$bench/bin
areas=$data/published/areas_trdar_2026-08.cp949.csv

for tool in go hyperfine wrk curl jq /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "pg.sh: $tool is missing (apt-get install -y hyperfine wrk curl jq time)" >&2; exit 1; }
done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { echo "pg.sh: no PostgreSQL server (apt-get install -y postgresql)" >&2; exit 1; }
[ -f "$areas" ] || { echo "pg.sh: no $areas; set SANGSAENG_SEOUL_DATA" >&2; exit 1; }
mkdir -p "$bin" "$out"
. "$repo/bench/lib.sh"

echo "== build"
(cd "$repo" && go build -o "$bin/sangsaeng" ./cmd/sangsaeng && go build -o "$bin/gensales" ./bench/gensales &&
	go build -o "$bin/staticjson" ./bench/staticjson)

echo "== a PostgreSQL cluster of our own"
pg_bin="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"
pg_dir="$(mktemp -d /tmp/sangsaeng-pgbench.XXXXXX)"
as_pg=()
if [ "$(id -u)" = 0 ]; then
	chown postgres "$pg_dir"
	as_pg=(runuser -u postgres --)
fi
pg_port=56432
while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true
	rm -rf "$pg_dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
	-o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
psql=("$pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U postgres)
url() { echo "postgres://postgres@127.0.0.1:$pg_port/$1?sslmode=disable"; }
{
	describe "$repo"
	echo "postgresql: $("$pg_bin/postgres" --version), default settings but listen_addresses"
	"${psql[@]}" -d postgres -At -c "SELECT name || ' = ' || setting || coalesce(' ' || unit, '') FROM pg_settings
		WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'fsync', 'synchronous_commit', 'wal_level')" | sed 's/^/  /'
} >"$out/env.txt"
cat "$out/env.txt"

# fresh_db NAME: an empty database NAME, migrated by sangsaeng, with the
# 영역-상권 districts loaded (the sales codes are checked against them).
fresh_db() {
	"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"
	"$bin/sangsaeng" ingest --db "$(url "$1")" --progress never "$areas" >/dev/null
}

ingest() {
	utf8=$bench/sales_$size.utf8.csv
	if [ ! -s "$utf8" ]; then
		echo "== generate $size sales file (cached in $bench)"
		"$bin/gensales" -areas "$areas" -size "$size" -o "$utf8.tmp"
		mv "$utf8.tmp" "$utf8"
	fi
	ls -l "$utf8"
	echo "== the floor's table: sales_floor, LIKE sales INCLUDING ALL, in database floor"
	fresh_db floor
	"${psql[@]}" -d floor -c "CREATE TABLE sales_floor (LIKE sales INCLUDING ALL)" \
		-c "ALTER TABLE sales_floor ALTER release_id SET DEFAULT 1, ALTER line ADD GENERATED BY DEFAULT AS IDENTITY"
	cols=$("${psql[@]}" -d floor -At -c "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position)
		FROM information_schema.columns WHERE table_name = 'sales' AND column_name NOT IN ('release_id', 'line')")
	"${psql[@]}" -d floor -c '\d sales_floor' >"$out/ingest-floor-table.txt"
	floor_copy="\\copy sales_floor($cols) FROM '$utf8' WITH (FORMAT csv, HEADER)"
	echo "$floor_copy" >"$out/ingest-floor-command.txt"
	summary=$out/ingest-$size-pairs.txt
	printf '%-6s %9s %9s %7s %8s %8s %8s %13s\n' round floor_s ingest_s ratio ing_cpu floor_MB ing_MB load_1_5_15 >"$summary"
	for r in $(seq "$rounds"); do
		load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)
		hyperfine --runs 1 --time-unit second --shell bash --export-json "$out/pair.json" \
			--command-name floor --prepare "${psql[*]} -d floor -c 'TRUNCATE sales_floor RESTART IDENTITY' -c CHECKPOINT" \
			"/usr/bin/time -v -o $out/pair-floor.txt ${psql[*]} -d floor -c \"$floor_copy\"" \
			--command-name ingest --prepare "${psql[*]} -d postgres -c 'DROP DATABASE IF EXISTS ing' -c 'CREATE DATABASE ing' &&
				$bin/sangsaeng ingest --db '$(url ing)' --progress never $areas >/dev/null && ${psql[*]} -d ing -c CHECKPOINT" \
			"/usr/bin/time -v -o $out/pair-ing.txt $bin/sangsaeng ingest --db $(url ing) --progress never $utf8" >/dev/null
		cp "$out/pair-ing.txt" "$out/ingest-$size-time-v-round$r.txt"
		cpu() { awk '/User time/ { u = $NF } /System time/ { print u + $NF }' "$1"; }
		rss() { awk '/Maximum resident set size/ { print $NF / 1024 }' "$1"; }
		a=$(jq -r '.results[0].median' "$out/pair.json")
		b=$(jq -r '.results[1].median' "$out/pair.json")
		awk -v r="$r" -v a="$a" -v b="$b" -v cb="$(cpu "$out/pair-ing.txt")" \
			-v ma="$(rss "$out/pair-floor.txt")" -v mb="$(rss "$out/pair-ing.txt")" -v l="$load" \
			'BEGIN { printf "%-6s %9.2f %9.2f %6.2fx %8.1f %8.0f %8.0f %13s\n", r, a, b, b / a, cb, ma, mb, l }' | tee -a "$summary"
	done
	rm -f "$out"/pair.json "$out"/pair-*.txt
	{
		echo "rows: floor $("${psql[@]}" -d floor -At -c 'SELECT count(*) FROM sales_floor'), sangsaeng $("${psql[@]}" -d ing -At -c 'SELECT count(*) FROM sales')"
		tail -n +2 "$summary" | head -n "$rounds" | sort -k4 -n | awk -v n="$rounds" 'NR == int((n + 1) / 2) { print "median ratio " $4 " (round " $1 ")" }'
		for k in 2 3; do
			tail -n +2 "$summary" | head -n "$rounds" | awk -v k=$k '{ print $k }' | sort -n |
				awk -v k=$k '{ v[NR] = $1 } END { printf "median %s %.2f s\n", (k == 2 ? "floor" : "ingest"), v[int((NR + 1) / 2)] }'
		done
		tail -n +2 "$summary" | head -n "$rounds" | awk '{ print $7 }' | sort -n | tail -1 | sed 's/^/sangsaeng peak RSS max MB: /'
	} | tee -a "$summary"
	"${psql[@]}" -d postgres -c "DROP DATABASE floor" -c "DROP DATABASE ing"
}

# start NAME CMD...: runs a server logging to $bench/NAME.log and
# $bench/NAME.stderr; sets started to its base URL and spid to its pid.
start() {
	local name=$1
	shift
	"$@" >"$bench/$name.log" 2>"$bench/$name.stderr" &
	spid=$!
	pids+=("$spid")
	started=
	for _ in $(seq 200); do
		started=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$bench/$name.log" || true)
		[ -n "$started" ] && curl -sf "$started${health:-/healthz}" >/dev/null && return
		sleep 0.1
	done
	echo "pg.sh: $name did not start" >&2
	cat "$bench/$name.stderr" >&2
	exit 1
}

api() {
	echo "== load all of published/ on both engines (exit 1 expected: 3 files are refused)"
	duck=$bench/pgapi.duckdb
	rm -f "$duck" "$duck.wal"
	"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS api" -c "CREATE DATABASE api"
	for db in "$duck" "$(url api)"; do
		set +e
		/usr/bin/time -f '%e s, %M KB' "$bin/sangsaeng" ingest --db "$db" --progress never "$data/published" >"$out/api-ingest-$([ "$db" = "$duck" ] && echo duckdb || echo postgres).log" 2>&1
		rc=$?
		set -e
		[ "$rc" -le 1 ] || { cat "$out"/api-ingest-*.log >&2; exit 1; }
	done
	tail -n 2 "$out"/api-ingest-*.log
	start pgserve "$bin/sangsaeng" serve --db "$(url api)" --addr 127.0.0.1:0
	pg_base=$started pg_pid=$spid
	start duckserve "$bin/sangsaeng" serve --db "$duck" --addr 127.0.0.1:0
	duck_base=$started duck_pid=$spid
	curl -sf "$pg_base/healthz" | tee "$out/api-healthz-postgres.json"
	echo
	paths=$bench/quarter-paths.txt
	curl -sf "$duck_base/api/v1/districts" | jq -r '.districts[].code' >"$bench/codes.txt"
	curl -sf "$duck_base/api/v1/datasets" | jq -r '[.datasets[].quarters[]] | unique | .[]' >"$bench/quarters.txt"
	while read -r q; do sed "s|.*|/api/v1/districts/&/quarters/$q|" "$bench/codes.txt"; done <"$bench/quarters.txt" |
		shuf --random-source=<(yes) >"$paths"
	echo "$(wc -l <"$bench/codes.txt") districts x $(wc -l <"$bench/quarters.txt") quarters = $(wc -l <"$paths") paths"
	sample=/api/v1/districts/3001491/quarters/20251
	curl -sf "$duck_base$sample" >"$bench/floor.json"
	# The two engines answer byte for byte alike (issue 10); check the sample.
	cmp "$bench/floor.json" <(curl -sf "$pg_base$sample") && echo "sample $sample: same bytes on both engines, $(wc -c <"$bench/floor.json") bytes" | tee "$out/api-floor-body.txt"
	health=/ start floor "$bin/staticjson" -body "$bench/floor.json" -addr 127.0.0.1:0
	floor_base=$started floor_pid=$spid
	echo "== wait until both servers have warmed the quarter answers"
	for s in pgserve duckserve; do
		for _ in $(seq 600); do
			grep -q 'warmed the quarter answers' "$bench/$s.stderr" && break
			sleep 0.5
		done
		grep 'warmed the quarter answers' "$bench/$s.stderr" | sed "s/^/$s: /" | tee -a "$out/api-warm.txt" || echo "$s: not warmed after 300 s" | tee -a "$out/api-warm.txt"
	done
	echo "== warm-up (10 s each server, not reported)"
	for b in "$pg_base" "$duck_base"; do
		WRK_PATHS=$paths wrk -t2 -c32 -d10s --timeout 10s -s "$repo/bench/rotate.lua" "$b" >/dev/null
	done
	summary=$out/api-summary.jsonl
	: >"$summary"
	: >"$out/api-wrk.txt"
	for r in $(seq "$api_rounds"); do
		echo "== round $r: wrk -t2 -c32 -d$duration --timeout 10s --latency; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/api-wrk.txt"
		for ep in postgres duckdb floor; do
			case $ep in postgres) b=$pg_base ;; duckdb) b=$duck_base ;; floor) b=$floor_base ;; esac
			echo "-- $ep" >>"$out/api-wrk.txt"
			load=$(cut -d' ' -f1 /proc/loadavg)
			WRK_PATHS=$paths wrk -t2 -c32 -d"$duration" --timeout 10s --latency -s "$repo/bench/rotate.lua" "$b" >"$bench/wrk-last.txt"
			cat "$bench/wrk-last.txt" >>"$out/api-wrk.txt"
			grep RESULT "$bench/wrk-last.txt" | sed 's/^RESULT //' |
				jq -c --arg ep "$ep" --arg r "$r" --arg l "$load" '{round: ($r|tonumber), endpoint: $ep, load1: ($l|tonumber)} + .' | tee -a "$summary"
		done
	done
	echo "== servers' peak memory (the Go processes; PostgreSQL's own not counted)"
	{
		echo "postgres engine: $(grep VmHWM /proc/$pg_pid/status)"
		echo "duckdb engine:   $(grep VmHWM /proc/$duck_pid/status)"
		echo "floor:           $(grep VmHWM /proc/$floor_pid/status)"
	} | tee "$out/api-server-memory.txt"
	grep -ciE 'level=(warn|error)' "$bench/pgserve.stderr" | sed 's/^/postgres server warnings+errors logged: /' | tee -a "$out/api-server-memory.txt" || true
	{
		echo "== per round: req/s, p50, p99 (ms); ratios to the floor"
		jq -s -r 'group_by(.round)[] | (map(select(.endpoint == "floor"))[0]) as $f | .[] |
			[.round, .endpoint, .load1, .req_per_s, .p50_ms, .p99_ms, (.req_per_s / $f.req_per_s), (.p99_ms / $f.p99_ms), .non_2xx, .socket_errors] | @tsv' "$summary" |
			awk 'BEGIN { printf "%-5s %-9s %5s %9s %8s %8s %9s %9s %6s %6s\n", "round", "engine", "load", "req/s", "p50", "p99", "rps/floor", "p99/floor", "non2xx", "errors" }
				{ printf "%-5s %-9s %5.1f %9.0f %8.2f %8.2f %8.2fx %8.2fx %6d %6d\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
		echo "== medians over the $api_rounds rounds"
		jq -s -r 'group_by(.endpoint)[] | [.[0].endpoint,
				(map(.req_per_s) | sort | .[length / 2 | floor]),
				(map(.p50_ms) | sort | .[length / 2 | floor]),
				(map(.p99_ms) | sort | .[length / 2 | floor])] | @tsv' "$summary" |
			awk '{ printf "%-9s %9.0f req/s  p50 %8.2f ms  p99 %8.2f ms\n", $1, $2, $3, $4 }'
	} | tee "$out/api-summary.txt"
	rm -f "$duck" "$duck.wal"
}

for phase in $phases; do
	echo "== phase $phase ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
	"$phase"
done
echo "results in $out"
