#!/usr/bin/env bash
# Fusion throughput: `sangsaeng fuse` of N card-sales rows and N foot-traffic
# rows (Parquet, one year of dates, 300,000 merchants in the real polygons,
# the 100 m grid over the districts), side by side in one hyperfine run with
# the floor: the same aggregation as one DuckDB SQL statement per dataset
# over the feeds pre-joined with the merchant→district and cell→district
# mappings (bench/fusefeeds floor). Peak memory of every run from
# /usr/bin/time -v.
#
#   bench/fuse.sh                      # N = 100 million, 3 runs each
#   ROWS=10000000 RUNS=5 bench/fuse.sh
#
# Needs: go, hyperfine, GNU time, jq (apt-get install -y hyperfine time jq)
# and the published polygons (SANGSAENG_SEOUL_DATA, default
# ../shared/data/seoul next to the repository).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
rows=${ROWS:-100000000}
runs=${RUNS:-3}
memory=${MEMORY_LIMIT:-2GB}
out=$bench/results
bin=$bench/bin
areas=$data/published/areas_trdar_polygons.shp

for tool in go hyperfine jq /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "fuse.sh: $tool is missing (apt-get install -y hyperfine time jq)" >&2; exit 1; }
done
[ -f "$areas" ] || { echo "fuse.sh: no $areas; set SANGSAENG_SEOUL_DATA" >&2; exit 1; }
mkdir -p "$bin" "$out"
. "$repo/bench/lib.sh"

echo "== build"
(cd "$repo" && go build -o "$bin/sangsaeng" ./cmd/sangsaeng && go build -o "$bin/fusefeeds" ./bench/fusefeeds)

feeds=$bench/feeds-$rows
if [ ! -s "$feeds/foot_joined.parquet" ]; then
	echo "== generate $rows sales and $rows foot-traffic rows (cached in $feeds)"
	rm -rf "$feeds"
	"$bin/fusefeeds" gen -areas "$areas" -dir "$feeds.tmp" -sales "$rows" -foot "$rows"
	mv "$feeds.tmp" "$feeds"
fi
ls -l "$feeds"
describe "$repo" >"$out/fuse-$rows-env.txt"

rm -f "$out"/rss-fuse-*.txt
timed() { echo "/usr/bin/time -v -a -o $out/rss-fuse-$1.txt ${*:2}"; }
echo "== hyperfine: $rows + $rows rows, runs $runs"
hyperfine --runs "$runs" --time-unit second \
	--export-json "$out/fuse-$rows.json" --export-markdown "$out/fuse-$rows.md" \
	--command-name "floor: one DuckDB statement per dataset over pre-joined Parquet" \
	--prepare "rm -rf $bench/floor-out" \
	"$(timed floor "$bin/fusefeeds" floor -dir "$feeds" -out "$bench/floor-out" -memory-limit "$memory")" \
	--command-name "sangsaeng fuse" \
	--prepare "rm -rf $bench/fuse-out" \
	"$(timed fuse "$bin/sangsaeng" fuse --memory-limit "$memory" --merchants "$feeds/merchants.csv" \
		--sales "$feeds/sales.parquet" --foot "$feeds/foot.parquet" --areas "$areas" --out "$bench/fuse-out")"

echo "== peak memory (maximum resident set size, KB, per run)"
for f in "$out"/rss-fuse-*.txt; do
	echo "$(basename "$f" .txt): $(grep 'Maximum resident' "$f" | awk '{print $NF}' | tr '\n' ' ')"
done | tee "$out/fuse-$rows-rss.txt"
jq -r '.results[] | "\(.command): median \(.median) s"' "$out/fuse-$rows.json"

echo "== where fuse's time goes (one more run, SANGSAENG_FUSE_TRACE=1)"
rm -rf "$bench/fuse-out"
SANGSAENG_FUSE_TRACE=1 /usr/bin/time -f "wall %e s, user %U s, system %S s, peak RSS %M KB" \
	"$bin/sangsaeng" fuse --memory-limit "$memory" --merchants "$feeds/merchants.csv" \
	--sales "$feeds/sales.parquet" --foot "$feeds/foot.parquet" --areas "$areas" --out "$bench/fuse-out" \
	2>&1 | tee "$out/fuse-$rows-trace.txt"
