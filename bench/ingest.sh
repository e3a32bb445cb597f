#!/usr/bin/env bash
# Ingest throughput of a synthetic sales file (default 1 GB), side by side in
# one hyperfine run with the reference, DuckDB's own read_csv of the same
# UTF-8 file; peak memory of every run from /usr/bin/time -v.
#
#   bench/ingest.sh                       # 1 GB, hyperfine --warmup 1 --runs 3
#   SIZE=200MB RUNS=5 bench/ingest.sh
#
# Needs: go, hyperfine, GNU time, jq (apt-get install -y hyperfine time jq).
# Environment: SANGSAENG_SEOUL_DATA (default ../shared/data/seoul next to the
# repository), BENCH_DIR (default /tmp/sangsaeng-bench; the generated files
# are cached there), SIZE, RUNS, MEMORY_LIMIT (DuckDB memory_limit of the
# third reference, default 256MB; read_csv of the 1 GB file fails with "Out
# of Memory" at 128MB, sangsaeng ingest's own default when this was written).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
size=${SIZE:-1GB}
runs=${RUNS:-3}
memory=${MEMORY_LIMIT:-256MB}
out=$bench/results
bin=$bench/bin
areas=$data/published/areas_trdar_2026-08.cp949.csv

for tool in go hyperfine jq /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "ingest.sh: $tool is missing (apt-get install -y hyperfine time jq)" >&2; exit 1; }
done
[ -f "$areas" ] || { echo "ingest.sh: no $areas; set SANGSAENG_SEOUL_DATA" >&2; exit 1; }
mkdir -p "$bin" "$out"
. "$repo/bench/lib.sh"

echo "== build"
(cd "$repo" && go build -o "$bin/sangsaeng" ./cmd/sangsaeng &&
	go build -o "$bin/gensales" ./bench/gensales &&
	go build -o "$bin/duckcsv" ./bench/duckcsv)

utf8=$bench/sales_$size.utf8.csv
cp949=$bench/sales_$size.cp949.csv
if [ ! -s "$utf8" ] || [ ! -s "$cp949" ]; then
	echo "== generate $size sales file (cached in $bench)"
	"$bin/gensales" -areas "$areas" -size "$size" -o "$utf8.tmp" -cp949 "$cp949.tmp"
	mv "$utf8.tmp" "$utf8"
	mv "$cp949.tmp" "$cp949"
fi
ls -l "$utf8" "$cp949"
{
	describe "$repo"
	echo "sangsaeng ingest flags:"
	"$bin/sangsaeng" ingest -h 2>&1 | sed 's/^/  /'
} >"$out/ingest-$size-env.txt"

db=$bench/ingest.duckdb
ref=$bench/ref.duckdb
rm -f "$out"/rss-*.txt
# Every run starts from a fresh database; sangsaeng's has the 영역-상권
# districts loaded first (the sales codes are checked against them).
fresh_db="rm -f $db $db.wal && $bin/sangsaeng ingest --db $db --progress never $areas >/dev/null"
fresh_ref="rm -f $ref $ref.wal"
timed() { echo "/usr/bin/time -v -a -o $out/rss-$1.txt ${*:2}"; }

echo "== hyperfine: $size, warmup 1, runs $runs"
hyperfine --warmup 1 --runs "$runs" --time-unit second \
	--export-json "$out/ingest-$size.json" --export-markdown "$out/ingest-$size.md" \
	--command-name "duckdb read_csv, UTF-8 (reference)" --prepare "$fresh_ref" \
	"$(timed ref "$bin/duckcsv" -db "$ref" "$utf8")" \
	--command-name "duckdb read_csv, UTF-8, store's column types" --prepare "$fresh_ref" \
	"$(timed reftyped "$bin/duckcsv" -db "$ref" -types sales "$utf8")" \
	--command-name "duckdb read_csv, UTF-8, memory_limit=$memory" --prepare "$fresh_ref" \
	"$(timed reflimit "$bin/duckcsv" -db "$ref" -memory-limit "$memory" "$utf8")" \
	--command-name "sangsaeng ingest, UTF-8" --prepare "$fresh_db" \
	"$(timed utf8 "$bin/sangsaeng" ingest --db "$db" --progress never "$utf8")" \
	--command-name "sangsaeng ingest, CP949" --prepare "$fresh_db" \
	"$(timed cp949 "$bin/sangsaeng" ingest --db "$db" --progress never "$cp949")"

echo "== what the last run stored"
"$bin/sangsaeng" datasets --db "$db" | grep -E '^(DATASET|sales )'
ls -l "$db" "$ref"

echo "== summary: wall-clock medians of $runs runs, ratio to the first reference;"
echo "   CPU (user+sys) and peak RSS from /usr/bin/time -v, medians over all runs, warmup included"
summary=$out/ingest-$size-summary.txt
{
	printf '%-48s %9s %9s %7s %9s %12s %12s\n' command median_s mean_s ratio cpu_s rss_med_MB rss_max_MB
	refmed=$(jq -r '.results[0].median' "$out/ingest-$size.json")
	i=0
	for key in ref reftyped reflimit utf8 cp949; do
		name=$(jq -r ".results[$i].command" "$out/ingest-$size.json")
		med=$(jq -r ".results[$i].median" "$out/ingest-$size.json")
		mean=$(jq -r ".results[$i].mean" "$out/ingest-$size.json")
		rss=$(grep 'Maximum resident set size' "$out/rss-$key.txt" | awk '{print $NF}' | sort -n)
		n=$(echo "$rss" | wc -l)
		rssmed=$(echo "$rss" | sed -n "$(((n + 1) / 2))p")
		rssmax=$(echo "$rss" | tail -1)
		cpu=$(awk '/User time/ { u = $NF } /System time/ { print u + $NF }' "$out/rss-$key.txt" | sort -n)
		cpumed=$(echo "$cpu" | sed -n "$(((n + 1) / 2))p")
		awk -v c="$name" -v m="$med" -v a="$mean" -v r="$refmed" -v cpu="$cpumed" -v k1="$rssmed" -v k2="$rssmax" \
			'BEGIN { printf "%-48s %9.2f %9.2f %6.2fx %9.1f %12.0f %12.0f\n", c, m, a, m / r, cpu, k1 / 1024, k2 / 1024 }'
		i=$((i + 1))
	done
} | tee "$summary"
echo "results in $out"
