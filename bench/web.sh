#!/usr/bin/env bash
# The web app in headless Chromium over the full real data: first load (cold
# and warm HTTP cache), bytes transferred, and the time to colour all 1,650
# districts after the indicator changes (bench/webperf), then one traced run
# (the DevTools Performance timeline, not in the statistics) and the API
# answers the page fetches timed alone with curl, without the browser.
#
#   bench/web.sh                 # 15 runs
#   RUNS=5 bench/web.sh
#
# Needs: go, chromium, curl, jq (apt-get install -y chromium curl jq).
# Environment: SANGSAENG_SEOUL_DATA (default ../shared/data/seoul next to the
# repository), BENCH_DIR (default /tmp/sangsaeng-bench; results go to
# $BENCH_DIR/results/web-*), RUNS (default 15), PORT (default 0: a free
# loopback port), MAXLOAD and MAXBUSY (default 1.5 and 0.25: before each
# run webperf waits, 20 s at a time for up to 5 minutes, until the 1-minute
# load average is below MAXLOAD and the CPUs were less than MAXBUSY busy over
# 2 s), CURL_RUNS (default 15), CHROMIUM (default: chromium on PATH).
# The binaries and the database go to a temporary folder, removed at the end.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
runs=${RUNS:-15}
port=${PORT:-0}
maxload=${MAXLOAD:-1.5}
maxbusy=${MAXBUSY:-0.25}
curl_runs=${CURL_RUNS:-15}
out=$bench/results

chromium=${CHROMIUM:-}
if [ -z "$chromium" ]; then
	for c in chromium chromium-browser google-chrome; do
		command -v "$c" >/dev/null && { chromium=$(command -v "$c"); break; }
	done
fi
[ -n "$chromium" ] || { echo "web.sh: no chromium on PATH (apt-get install -y chromium)" >&2; exit 1; }
for tool in go curl jq; do
	command -v "$tool" >/dev/null || { echo "web.sh: $tool is missing (apt-get install -y curl jq)" >&2; exit 1; }
done
[ -d "$data/published" ] || { echo "web.sh: no $data/published; set SANGSAENG_SEOUL_DATA" >&2; exit 1; }
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/sangsaeng-web.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

. "$repo/bench/lib.sh"
{
	describe "$repo"
	echo "chromium: $("$chromium" --version 2>/dev/null | head -1)"
} >"$out/web-env.txt"
cat "$out/web-env.txt"

echo "== build"
(cd "$repo" && go build -o "$work/sangsaeng" ./cmd/sangsaeng && go build -o "$work/webperf" ./bench/webperf)

echo "== load the real data ($data/published)"
db=$work/web.duckdb
# Exit code 1 is expected: 3 files are refused (legacy pre-2023 files, a GeoJSON).
set +e
"$work/sangsaeng" ingest --db "$db" --progress never "$data/published" >"$out/web-ingest.log" 2>&1
rc=$?
set -e
tail -1 "$out/web-ingest.log"
[ "$rc" -le 1 ] || { cat "$out/web-ingest.log" >&2; exit 1; }

echo "== serve on 127.0.0.1:$port"
"$work/sangsaeng" serve --db "$db" --addr "127.0.0.1:$port" --log-level warn >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
base=
for _ in $(seq 100); do
	base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.out" || true)
	[ -n "$base" ] && curl -sf "$base/healthz" >/dev/null && break
	sleep 0.1
done
[ -n "$base" ] || { echo "web.sh: server did not start" >&2; cat "$work/serve.err" >&2; exit 1; }
districts=$(curl -sf "$base/api/v1/districts" | jq '.districts | length')
polygons=$(curl -sf "$base/api/v1/geometry/districts" | jq '.features | length')
# the form the page draws, built once per data version like the GeoJSON
curl -sf -o /dev/null "$base/api/v1/geometry/districts?format=compact"
echo "serving at $base (pid $pid): $districts districts, $polygons polygons"

echo "== webperf: $runs runs, then one traced run"
"$work/webperf" -url "$base" -runs "$runs" -chromium "$chromium" -maxload "$maxload" -maxbusy "$maxbusy" \
	-out "$out/web-webperf.json" -trace "$out/web-trace.json" | tee "$out/web-summary.txt"

echo "== the API answers alone: curl, gzip and identity, $curl_runs times each, after one untimed request"
quarter=$(jq -r '[.runs[0].cold.requested[].path | select(startswith("/api/v1/map?"))][0] | capture("quarter=(?<q>[0-9]+)").q' "$out/web-webperf.json")
paths=(/ /api/v1/catalog /api/v1/datasets /api/v1/districts /api/v1/geometry/districts "/api/v1/geometry/districts?format=compact" /api/v1/geometry/gu)
for k in $(jq -r '.meta.indicators[]' "$out/web-webperf.json"); do paths+=("/api/v1/map?indicator=$k&quarter=$quarter"); done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
: >"$out/web-curl.tsv"
for p in "${paths[@]}"; do
	for enc in gzip identity; do
		curl -s -o /dev/null -H "Accept-Encoding: $enc" "$base$p"
		for _ in $(seq "$curl_runs"); do
			curl -s -o /dev/null -H "Accept-Encoding: $enc" -w "$p\t$enc\t%{size_download}\t%{time_starttransfer}\t%{time_total}\n" "$base$p" >>"$out/web-curl.tsv"
		done
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# median and p90 (nearest rank) of the time to the first byte and to the last, ms
awk -F'\t' '{ key = $1 "\t" $2; n[key]++; b[key] = $3; f[key, n[key]] = $4 * 1000; t[key, n[key]] = $5 * 1000; if (!(key in seen)) { seen[key] = 1; order[++k] = key } }
	function sortcol(a, p, m,   i, j, x) { for (i = 1; i <= m; i++) s[i] = a[p, i]; for (i = 2; i <= m; i++) { x = s[i]; for (j = i - 1; j >= 1 && s[j] > x; j--) s[j + 1] = s[j]; s[j + 1] = x } }
	function med(m) { return m % 2 ? s[(m + 1) / 2] : (s[m / 2] + s[m / 2 + 1]) / 2 }
	function p90(m) { return s[int(0.9 * m + 0.999999)] }
	END {
		printf "%-58s %-8s %9s %9s %9s %9s %9s %3s\n", "path", "encoding", "bytes", "ttfb_p50", "ttfb_p90", "total_p50", "total_p90", "n"
		for (i = 1; i <= k; i++) { key = order[i]; m = n[key]; split(key, kp, "\t")
			sortcol(f, key, m); a = med(m); c = p90(m); sortcol(t, key, m)
			printf "%-58s %-8s %9d %9.1f %9.1f %9.1f %9.1f %3d\n", kp[1], kp[2], b[key], a, c, med(m), p90(m), m }
	}' "$out/web-curl.tsv" | tee "$out/web-curl-summary.txt"

echo "== stop the server"
grep -E 'VmHWM|VmRSS' "/proc/$pid/status" | tee "$out/web-server-memory.txt"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
echo "results: $out/web-summary.txt, web-webperf.json, web-trace.json (open in DevTools' Performance panel), web-curl-summary.txt, web-env.txt"
