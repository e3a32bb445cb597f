#!/usr/bin/env bash
# Go benchmark harness: BenchmarkIngest (internal/ingest/bench_test.go) on the
# largest real files and on a synthetic sales file in UTF-8 and CP949, each
# side by side with DuckDB's read_csv of the same data as UTF-8; benchstat
# medians with the reference as base; then a CPU profile of sangsaeng's
# ingest of the synthetic file, summarised by where the time goes.
#
#   bench/gobench.sh                 # COUNT=6 runs of each, 100MB synthetic file
#   COUNT=10 SIZE=200MB bench/gobench.sh
#
# Environment: SANGSAENG_SEOUL_DATA (default ../shared/data/seoul next to the
# repository), BENCH_DIR (default /tmp/sangsaeng-bench), COUNT, SIZE.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}" && pwd)
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
count=${COUNT:-6}
size=${SIZE:-100MB}
out=$bench/results
bin=$bench/bin
benchstat_version=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf
mkdir -p "$bin" "$out"
cd "$repo"
. bench/lib.sh
describe "$repo" >"$out/gobench-env.txt"

utf8=$bench/sales_$size.utf8.csv
cp949=$bench/sales_$size.cp949.csv
if [ ! -s "$utf8" ] || [ ! -s "$cp949" ]; then
	echo "== generate $size sales file (cached in $bench)"
	go run ./bench/gensales -areas "$data/published/areas_trdar_2026-08.cp949.csv" -size "$size" -o "$utf8" -cp949 "$cp949"
fi

export SANGSAENG_SEOUL_DATA=$data
export SANGSAENG_BENCH_SALES=$utf8:$cp949

echo "== go test -bench BenchmarkIngest -benchtime 1x -count $count"
go test -c -o "$bin/ingest.test" ./internal/ingest/
"$bin/ingest.test" -test.run '^$' -test.bench '^BenchmarkIngest$' -test.benchtime 1x -test.count "$count" \
	-test.timeout 60m | tee "$out/gobench.txt"

echo "== benchstat -col /impl (base: duckdb_read_csv)"
go run "golang.org/x/perf/cmd/benchstat@$benchstat_version" -col /impl "$out/gobench.txt" | tee "$out/gobench-benchstat.txt"

for enc in utf8 cp949; do
	name=synthetic_sales_$size.$enc
	echo "== CPU profile: sangsaeng ingest of $name (3 iterations)"
	"$bin/ingest.test" -test.run '^$' -test.bench "^BenchmarkIngest\$/^file=$name\$/^impl=sangsaeng\$" \
		-test.benchtime 3x -test.cpuprofile "$out/cpu-$enc.pprof" | grep Benchmark
	go tool pprof -top -nodecount 40 "$bin/ingest.test" "$out/cpu-$enc.pprof" >"$out/pprof-top-$enc.txt" 2>/dev/null
	# Where the time goes: CPU seconds of the samples whose stack matches.
	share() { # label, focus regex, ignore regex
		go tool pprof -top -nodecount 100000 -focus "$2" ${3:+-ignore "$3"} "$bin/ingest.test" "$out/cpu-$enc.pprof" 2>/dev/null |
			awk -v l="$1" '/Showing nodes accounting for/ { gsub(",", ""); printf "  %-58s %8s %7s\n", l, $5, $6 }'
	}
	{
		echo "CPU profile of sangsaeng ingest, $name, 3 iterations (samples of Go threads; DuckDB's own threads appear only as runtime._ExternalCode)"
		go tool pprof -top -nodecount 1 "$bin/ingest.test" "$out/cpu-$enc.pprof" 2>/dev/null | grep -E '^Duration'
		share "Ingester.File's goroutine (the hash and the rewrite run on their own)" 'ingest.\(\*Ingester\).File$'
		share "  sha256 of the file (fileHash)" 'ingest.fileHash'
		share "  checking and rewriting the rows (seoul preparer workers)" 'seoul.\(\*preparer\).block'
		share "    CP949 -> UTF-8 transcoding (x/text)" 'golang.org/x/text'
		share "    splitting lines, plain numbers (preparer.scan)" 'seoul.\(\*preparer\).scan'
		share "    quoted lines (encoding/csv)" 'encoding/csv'
		share "    text, codes, quarters (rowParser.text)" 'seoul.\(\*rowParser\).text'
		share "  reading the file, writing the rewritten one (prepareBlocks)" 'seoul.prepareBlocks' 'seoul.\(\*preparer\)'
		share "  DuckDB read_csv INSERT (store.IngestCSV, Go side + cgo)" 'store.\(\*DB\).IngestCSV.func1'
		share "  duplicate keys, SQL GROUP BY (store.checkKeys)" 'store.checkKeys'
		share "  BEGIN, COMMIT (store.inRelease exec)" 'store.\(\*DB\).inRelease$' 'IngestCSV|appendRows|recordRelease|checkKeys'
		share "  recording the release and its slices (recordRelease)" 'store.recordRelease'
		share "closing the database (checkpoint; timed too)" 'store.\(\*DB\).Close'
		share "GC background marking (gcBgMarkWorker)" 'gcBgMarkWorker'
		share "DuckDB's own threads, under-sampled (runtime._ExternalCode)" '_ExternalCode'
	} | tee "$out/pprof-summary-$enc.txt"
done
echo "results in $out"
