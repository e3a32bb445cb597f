#!/usr/bin/env bash
# Fuzzing: runs each fuzz target of the readers, the geometry check and the
# HTTP API with go test -fuzz for SECONDS seconds, one after the other, and
# prints what each found. A failing input is written to the package's
# testdata/fuzz/<Target>/ and from then on runs in every plain go test (the
# seed corpora run there anyway); fix the code, keep the file.
#
#   bench/fuzz.sh                    # 60 s per target, one worker each
#   SECONDS_PER_TARGET=10 bench/fuzz.sh
#   PARALLEL=2 bench/fuzz.sh FuzzCSV FuzzAPI   # only these targets
#
# Environment: SECONDS_PER_TARGET (default 60), PARALLEL (fuzz workers,
# default 1: the machine is shared), MINIMIZE_SECONDS (default 10: the time
# spent shrinking each new input; go's default of 60 s can outlast a short
# run, and a crash found late is then lost), BENCH_DIR (default /tmp/sangsaeng-bench;
# the log goes to $BENCH_DIR/results/fuzz.txt).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH_DIR:-/tmp/sangsaeng-bench}
secs=${SECONDS_PER_TARGET:-60}
parallel=${PARALLEL:-1}
minimize=${MINIMIZE_SECONDS:-10}
out=$bench/results
mkdir -p "$out"
cd "$repo"
. bench/lib.sh

# package target: every fuzz target of the project.
targets=(
	"./internal/seoul FuzzCSV"
	"./internal/seoul FuzzJSON"
	"./internal/seoul FuzzRecords"
	"./internal/seoul FuzzPolygons"
	"./internal/geo FuzzDecode"
	"./internal/geo FuzzValidate"
	"./internal/httpapi FuzzAPI"
	"./internal/store FuzzCSVCopy"
)

{
	describe "$repo"
	echo "seconds per target: $secs, workers: $parallel"
} | tee "$out/fuzz.txt"
failed=0
for t in "${targets[@]}"; do
	pkg=${t% *} name=${t#* }
	if [ $# -gt 0 ] && ! printf '%s\n' "$@" | grep -qx "$name"; then
		continue
	fi
	echo "== $name ($pkg)" | tee -a "$out/fuzz.txt"
	start=$(date +%s)
	# The fuzzing binary is built first, so that the CPU time counted is the
	# fuzzing's: user + system of the test process and its workers.
	go test -c -o "$bench/fuzz.test" "$pkg"
	dir=$(go list -f "{{.Dir}}" "$pkg") cache=$(go env GOCACHE)/fuzz/$(go list "$pkg")
	if (cd "$dir" && TIMEFORMAT='%U %S' && { time "$bench/fuzz.test" -test.run '^$' -test.fuzz "^$name\$" -test.fuzztime "${secs}s" \
		-test.fuzzminimizetime "${minimize}s" -test.parallel "$parallel" -test.fuzzcachedir "$cache" >"$out/fuzz-$name.log" 2>&1; } 2>"$out/fuzz-$name.cpu"); then
		result=ok
	else
		result=FAILED
		failed=1
	fi
	execs=$(grep -o 'execs: [0-9]*' "$out/fuzz-$name.log" | tail -1 | cut -d' ' -f2)
	cpu=$(tail -1 "$out/fuzz-$name.cpu" | awk '{ printf "%.1f", ($1 + $2) / 60 }')
	echo "$name: $result, ${execs:-0} execs, $cpu CPU-minutes in $(($(date +%s) - start)) s" | tee -a "$out/fuzz.txt"
	[ "$result" = ok ] || grep -A8 -- '--- FAIL' "$out/fuzz-$name.log" | tee -a "$out/fuzz.txt"
done
exit $failed
