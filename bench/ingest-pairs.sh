#!/usr/bin/env bash
# Ingest of the 1 GB sales file against the reference in alternating pairs:
# each round is one hyperfine run of DuckDB's read_csv of the UTF-8 file and
# then one of sangsaeng ingest of it, so that both see the same load on a
# shared machine; the ratio is taken per round, and its median reported.
# Run bench/ingest.sh first (it builds and generates the files).
#
#   ROUNDS=7 bench/ingest-pairs.sh
#
# Environment: SANGSAENG_SEOUL_DATA, BENCH_DIR, SIZE as for ingest.sh; ROUNDS
# (default 5); ENC=cp949 ingests the CP949 copy instead.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
size=${SIZE:-1GB}
rounds=${ROUNDS:-5}
enc=${ENC:-utf8}
out=$bench/results
bin=$bench/bin
areas=$data/published/areas_trdar_2026-08.cp949.csv
utf8=$bench/sales_$size.utf8.csv
file=$bench/sales_$size.$enc.csv
[ -x "$bin/sangsaeng" ] && [ -s "$file" ] || { echo "ingest-pairs.sh: run bench/ingest.sh first" >&2; exit 1; }
. "$repo/bench/lib.sh"
describe "$repo" >"$out/pairs-$size-$enc-env.txt"

db=$bench/ingest.duckdb
ref=$bench/ref.duckdb
summary=$out/pairs-$size-$enc.txt
printf '%-6s %10s %10s %7s %8s %8s %9s %9s\n' round ref_s ingest_s ratio ref_cpu ing_cpu ref_MB ing_MB >"$summary"
for r in $(seq "$rounds"); do
	rm -f "$out"/pair-*.txt
	hyperfine --runs 1 --time-unit second --export-json "$out/pair.json" \
		--command-name ref --prepare "rm -f $ref $ref.wal" \
		"/usr/bin/time -v -o $out/pair-ref.txt $bin/duckcsv -db $ref $utf8" \
		--command-name ingest --prepare "rm -f $db $db.wal && $bin/sangsaeng ingest --db $db --progress never $areas >/dev/null" \
		"/usr/bin/time -v -o $out/pair-ing.txt $bin/sangsaeng ingest --db $db --progress never $file" >/dev/null
	cpu() { awk '/User time/ { u = $NF } /System time/ { print u + $NF }' "$1"; }
	rss() { awk '/Maximum resident set size/ { print $NF / 1024 }' "$1"; }
	a=$(jq -r '.results[0].median' "$out/pair.json")
	b=$(jq -r '.results[1].median' "$out/pair.json")
	awk -v r="$r" -v a="$a" -v b="$b" -v ca="$(cpu "$out/pair-ref.txt")" -v cb="$(cpu "$out/pair-ing.txt")" \
		-v ma="$(rss "$out/pair-ref.txt")" -v mb="$(rss "$out/pair-ing.txt")" \
		'BEGIN { printf "%-6s %10.2f %10.2f %6.2fx %8.1f %8.1f %9.0f %9.0f\n", r, a, b, b / a, ca, cb, ma, mb }' | tee -a "$summary"
done
sort -k4 -n <(tail -n +2 "$summary") | awk -v n="$rounds" 'NR == int((n + 1) / 2) { print "median ratio " $4 " (round " $1 ")" }' | tee -a "$summary"
