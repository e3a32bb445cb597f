#!/usr/bin/env bash
# Latency of GET /api/v1/districts/{code}/quarters/{quarter} under 32
# concurrent clients on loopback, side by side in the same run, round by
# round, with the static-JSON floor (bench/staticjson: Go's net/http
# answering every request with the bytes of one real quarter answer, the
# sample below) and GET /healthz (routing, logging, a DuckDB ping).
#
#   bench/api.sh                 # 10 s warm-up, then 3 rounds of 20 s each endpoint
#   ROUNDS=3 DURATION=30s bench/api.sh
#
# Needs: go, wrk, curl, jq (apt-get install -y wrk curl jq).
# Environment: SANGSAENG_SEOUL_DATA (default ../shared/data/seoul next to the
# repository), BENCH_DIR (default /tmp/sangsaeng-bench), ROUNDS, DURATION,
# FLOOR_SAMPLE (the path whose answer the floor serves).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
rounds=${ROUNDS:-3}
duration=${DURATION:-20s}
out=$bench/results
bin=$bench/bin
db=$bench/api.duckdb

for tool in go wrk curl jq; do
	command -v "$tool" >/dev/null || { echo "api.sh: $tool is missing (apt-get install -y wrk curl jq)" >&2; exit 1; }
done
mkdir -p "$bin" "$out"
. "$repo/bench/lib.sh"
describe "$repo" >"$out/api-env.txt"

echo "== build"
(cd "$repo" && go build -o "$bin/sangsaeng" ./cmd/sangsaeng && go build -o "$bin/querycost" ./bench/querycost &&
	go build -o "$bin/staticjson" ./bench/staticjson)

echo "== load the real data ($data/published)"
rm -f "$db" "$db.wal"
# Exit code 1 is expected: the legacy (pre-2023) files are refused.
set +e
"$bin/sangsaeng" ingest --db "$db" --progress never "$data/published" >"$out/api-ingest.log" 2>&1
rc=$?
set -e
tail -1 "$out/api-ingest.log"
[ "$rc" -le 1 ] || { cat "$out/api-ingest.log" >&2; exit 1; }

echo "== serve on a free loopback port"
# The server logs every request (its default level, info) to a file outside
# the results; it is removed at the end.
log=$out/api-serve.log
"$bin/sangsaeng" serve --db "$db" --addr 127.0.0.1:0 >"$log" 2>"$bench/api-serve.stderr" &
pid=$!
floor_pid=
trap 'kill "$pid" $floor_pid 2>/dev/null; wait "$pid" $floor_pid 2>/dev/null || true' EXIT
base=
for _ in $(seq 100); do
	base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" || true)
	[ -n "$base" ] && curl -sf "$base/healthz" >/dev/null && break
	sleep 0.1
done
[ -n "$base" ] || { echo "api.sh: server did not start" >&2; cat "$bench/api-serve.stderr" >&2; exit 1; }
echo "serving at $base (pid $pid)"

echo "== request paths: every live district x every quarter of the quarterly datasets"
paths=$bench/quarter-paths.txt
curl -sf "$base/api/v1/districts" | jq -r '.districts[].code' >"$bench/codes.txt"
curl -sf "$base/api/v1/datasets" | jq -r '[.datasets[].quarters[]] | unique | .[]' >"$bench/quarters.txt"
while read -r q; do sed "s|.*|/api/v1/districts/&/quarters/$q|" "$bench/codes.txt"; done <"$bench/quarters.txt" |
	shuf --random-source=<(yes) >"$paths"
echo "$(wc -l <"$bench/codes.txt") districts x $(wc -l <"$bench/quarters.txt") quarters = $(wc -l <"$paths") paths"
echo /healthz >"$bench/healthz-paths.txt"
sample=/api/v1/districts/3001491/quarters/20251
# The floor's body: the sample's answer (30 kB, one of the largest), or with
# FLOOR_SAMPLE=PATH another answer's, e.g. one of the mean size (1.5 kB).
floor_sample=${FLOOR_SAMPLE:-$sample}
echo "sample $sample: $(curl -s -o /dev/null -w '%{http_code}, %{size_download} bytes, %{time_total} s' "$base$sample")"
echo "== the static-JSON floor: the sample's bytes from bench/staticjson"
curl -sf "$base$floor_sample" >"$bench/floor.json"
echo "floor body: $floor_sample, $(wc -c <"$bench/floor.json") bytes" | tee "$out/api-floor-body.txt"
"$bin/staticjson" -body "$bench/floor.json" -addr 127.0.0.1:0 >"$bench/floor-addr.txt" &
floor_pid=$!
floor=
for _ in $(seq 100); do
	floor=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$bench/floor-addr.txt" || true)
	[ -n "$floor" ] && curl -sf "$floor/" >/dev/null && break
	sleep 0.1
done
[ -n "$floor" ] || { echo "api.sh: the floor server did not start" >&2; exit 1; }

run() { # name, paths file, duration, base URL; prints wrk's report, appends it to api-wrk.txt
	echo "-- $1 ($(wc -l <"$2") paths, $4)" | tee -a "$out/api-wrk.txt"
	WRK_PATHS=$2 wrk -t2 -c32 -d"$3" --timeout 10s --latency -s "$repo/bench/rotate.lua" "$4" | tee -a "$out/api-wrk.txt"
}
: >"$out/api-wrk.txt"
echo "== wait until the server has warmed the quarter answers (it logs when it has)"
for _ in $(seq 600); do
	grep -q 'warmed the quarter answers' "$bench/api-serve.stderr" && break
	sleep 0.5
done
grep 'warmed the quarter answers' "$bench/api-serve.stderr" | tee "$out/api-warm.txt" || echo "not warmed after 300 s; going on" | tee "$out/api-warm.txt"
echo "== warm-up (10 s, not reported)"
WRK_PATHS=$paths wrk -t2 -c32 -d10s --timeout 10s -s "$repo/bench/rotate.lua" "$base" >/dev/null
summary=$out/api-summary.txt
: >"$summary"
for r in $(seq "$rounds"); do
	echo "== round $r: wrk -t2 -c32 -d$duration --timeout 10s --latency"
	echo "   load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/api-wrk.txt"
	for ep in quarters floor healthz; do
		file=$paths url=$base
		[ "$ep" = healthz ] && file=$bench/healthz-paths.txt
		[ "$ep" = floor ] && url=$floor
		run "$ep" "$file" "$duration" "$url" >"$bench/wrk-last.txt"
		grep -E 'Latency|50%|99%|Requests/sec|Non-2xx|Socket' "$bench/wrk-last.txt" || true
		grep RESULT "$bench/wrk-last.txt" | sed 's/^RESULT //' | jq -c --arg ep "$ep" --arg r "$r" '{round: ($r|tonumber), endpoint: $ep} + .' >>"$summary"
	done
done
echo "== server peak memory"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | tee "$out/api-server-memory.txt"
echo "== stop the servers; where one request's time goes (bench/querycost, one client)"
kill "$pid" "$floor_pid"
wait "$pid" "$floor_pid" 2>/dev/null || true
trap - EXIT
echo "server log: $(wc -l <"$bench/api-serve.stderr") lines, $(du -h "$bench/api-serve.stderr" | cut -f1)"
rm -f "$bench/api-serve.stderr"
"$bin/querycost" -db "$db" -code 3001491 -quarter 20251 | tee "$out/api-querycost.txt"
echo "== summary"
jq -r '[.round, .endpoint, .req_per_s, .p50_ms, .p99_ms, .non_2xx, .socket_errors] | @tsv' "$summary" |
	awk 'BEGIN { printf "%-5s %-9s %10s %9s %9s %7s %7s\n", "round", "endpoint", "req/s", "p50_ms", "p99_ms", "non2xx", "errors" }
		{ printf "%-5s %-9s %10.0f %9.2f %9.2f %7d %7d\n", $1, $2, $3, $4, $5, $6, $7 }' | tee "$out/api-summary.md.txt"
echo "== medians over the $rounds rounds"
jq -s -r 'group_by(.endpoint)[] | [.[0].endpoint,
		(map(.req_per_s) | sort | .[length / 2 | floor]),
		(map(.p50_ms) | sort | .[length / 2 | floor]),
		(map(.p99_ms) | sort | .[length / 2 | floor])] | @tsv' "$summary" |
	awk '{ printf "%-9s %10.0f req/s  p50 %8.2f ms  p99 %8.2f ms\n", $1, $2, $3, $4 }' | tee -a "$out/api-summary.md.txt"
echo "== per round: the quarter endpoint against the floor"
jq -s -r 'group_by(.round)[] | (map(select(.endpoint == "quarters"))[0]) as $q | (map(select(.endpoint == "floor"))[0]) as $f |
		[.[0].round, ($q.req_per_s / $f.req_per_s), ($q.p99_ms / $f.p99_ms)] | @tsv' "$summary" |
	awk '{ printf "round %s: %.2f of the floor'"'"'s req/s, p99 %.2f x the floor'"'"'s\n", $1, $2, $3 }' | tee -a "$out/api-summary.md.txt"
