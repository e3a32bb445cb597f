#!/usr/bin/env bash
# Latencies of the analyses over all 1,650 districts of Seoul's real data
# (internal/analysis/bench_test.go: area, rankings, similar, hot spots,
# roll-ups, the cold snapshot), and, in the same session, the PostGIS
# reference for the area analysis (bench/postgis/: pgbench of the area
# weights query on the same circles). Medians over COUNT runs of CALLS calls
# each; pgbench percentiles from its per-transaction log.
#
#   bench/analysis.sh                      # as root: installs PostGIS if missing
#   COUNT=3 PG_TIME=10 bench/analysis.sh   # quicker
#
# Needs: go, a C compiler (DuckDB), Debian 12 with apt (PostgreSQL 15,
# PostGIS 3, pgbench, shp2pgsql), root to install and to run as postgres.
# Before every timed step it waits (30 s at a time) until the 1-minute load
# average is below LOAD_MAX, so that other work on the machine does not
# pollute the numbers; load.txt records the load of every step.
#
# Environment: SANGSAENG_SEOUL_DATA (default ../shared/data/seoul next to the
# repository), OUT (default /tmp/sangsaeng-bench-analysis), COUNT (5), CALLS
# (200 per run), COLD_CALLS (20 per run, for the cold snapshot), PG_TIME
# (30 s per pgbench run), PG_MODES ("simple prepared"), PG_CLIENTS ("1 2"),
# LOAD_MAX (1.5), LOAD_WAIT_MAX (3600 s, then it goes on and says so);
# SUMMARY_ONLY=1 rebuilds summary.md from the results already in OUT.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}" && pwd)
out=${OUT:-/tmp/sangsaeng-bench-analysis}
count=${COUNT:-5}
calls=${CALLS:-200}
cold_calls=${COLD_CALLS:-20}
pg_time=${PG_TIME:-30}
pg_modes=${PG_MODES:-simple prepared}
pg_clients=${PG_CLIENTS:-1 2}
load_max=${LOAD_MAX:-1.5}
load_wait_max=${LOAD_WAIT_MAX:-3600}
radii="500 1000 3000"
export PG_VERSION=${PG_VERSION:-15} PG_DB=${PG_DB:-sangsaeng_bench}
benchstat_version=v0.0.0-20260908200009-22c9c6c9d4da # golang.org/x/perf

mkdir -p "$out"
cd "$repo"
. bench/lib.sh
as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }

# waitload LABEL: wait until the 1-minute load average is below LOAD_MAX,
# then record the load the step starts at.
waitload() {
	local waited=0 l
	while l=$(cut -d' ' -f1 /proc/loadavg) && awk -v l="$l" -v m="$load_max" 'BEGIN { exit !(l >= m) }'; do
		if [ "$waited" -ge "$load_wait_max" ]; then
			echo "$(date -u +%H:%M:%S) $1: load still $l after ${waited}s; going on" | tee -a "$out/load.txt" >&2
			break
		fi
		echo "   load $l >= $load_max; waiting 30 s" >&2
		sleep 30
		waited=$((waited + 30))
	done
	echo "$(date -u +%H:%M:%S) $1: load $(cut -d' ' -f1-3 /proc/loadavg) (waited ${waited}s)" >>"$out/load.txt"
}

# noteload LABEL: record the load at the end of a step (it includes the
# step's own work: pgbench -c 2 alone brings it towards 2).
noteload() { echo "$(date -u +%H:%M:%S) $1: load $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/load.txt"; }

# measure: every timed step, from a fresh OUT.
measure() {
	rm -rf "$out"
	mkdir -p "$out/bin" "$out/pgbench" "$out/crosscheck" "$out/tmp"
	# The benchmarks' DuckDB database (about 30 MB per run) goes to $out/tmp,
	# emptied after every run.
	export TMPDIR=$out/tmp
	chmod 755 "$out" "$out/crosscheck"
	echo "== PostGIS: install, start, load the district polygons"
	waitload setup
	started=$(bench/postgis/setup.sh "$data/published/areas_trdar_polygons.shp" 2> >(tee "$out/postgis-setup.txt" >&2))
	stop_pg() { case $started in *started*) pg_ctlcluster "$PG_VERSION" main stop ;; esac; }
	trap stop_pg EXIT
	{
		describe "$repo"
		echo "postgresql: $(as_postgres psql -X -At -d "$PG_DB" -c 'SHOW server_version')"
		echo "postgis: $(as_postgres psql -X -At -d "$PG_DB" -c 'SELECT postgis_full_version()')"
		echo "pgbench: $(pgbench --version)"
		echo "postgresql settings: $(as_postgres psql -X -At -F= -d "$PG_DB" -c "SELECT name, setting FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'jit', 'max_parallel_workers_per_gather')" | tr '\n' ' ')"
	} >"$out/env.txt"

	echo "== build the benchmark binary"
	go test -c -o "$out/bin/analysis.test" ./internal/analysis/
	export SANGSAENG_SEOUL_DATA=$data

	echo "== cross-check: sangsaeng's area weights against PostGIS's, same circles"
	SANGSAENG_AREA_WEIGHTS_OUT=$out/crosscheck "$out/bin/analysis.test" -test.run '^TestWriteAreaWeights$' -test.v >"$out/crosscheck/go.txt"
	rm -rf "${out:?}/tmp/"*
	chmod -R a+rX "$out/crosscheck"
	as_postgres psql -X -q -d "$PG_DB" -v dir="$out/crosscheck" -f "$repo/bench/postgis/crosscheck.sql" 2>/dev/null | tee "$out/crosscheck.txt"

	gobench() { # file, -test.bench regex, benchtime
		waitload "go $2"
		"$out/bin/analysis.test" -test.run '^$' -test.bench "$2" -test.benchtime "$3" -test.count "$count" \
			-test.timeout 60m | tee -a "$out/$1"
		rm -rf "${out:?}/tmp/"*
		noteload "end of go $2"
	}

	echo "== Go: area analysis ($count runs of $calls calls)"
	gobench go.txt '^Benchmark(Area|AreaWeightsOnly|AreaParallel|AreaPolygon)$' "${calls}x"

	echo "== PostGIS: pgbench of bench/postgis/area.sql, $pg_time s per radius, mode and clients"
	cp bench/postgis/area.sql "$out/pgbench/area.sql"
	chown -R postgres "$out/pgbench"
	for mode in $pg_modes; do
		# Warm up: the first transactions of a session load PostGIS.
		as_postgres pgbench -n -M "$mode" -d "$PG_DB" -f "$out/pgbench/area.sql" -D r=1000 -t 20 >/dev/null 2>&1
		for c in $pg_clients; do
			for r in $radii; do
				name=r$r-c$c-$mode
				waitload "pgbench $name"
				as_postgres pgbench -n -M "$mode" -c "$c" -j "$c" -T "$pg_time" -D r="$r" -d "$PG_DB" \
					-f "$out/pgbench/area.sql" --log --log-prefix="$out/pgbench/$name" >"$out/pgbench/$name.txt" 2>&1
				noteload "end of pgbench $name"
				# Per-transaction latencies (3rd field, µs) → mean, p50, p99 (nearest rank).
				awk '{ print $3 / 1000 }' "$out/pgbench/$name".[0-9]* | sort -g | awk -v name="$name" \
					-v tps="$(awk '/^tps/ { print $3 }' "$out/pgbench/$name.txt")" '
					{ a[NR] = $1; s += $1 }
					function rank(p,  k) { k = int(p * NR); if (k < p * NR) k++; return a[k < 1 ? 1 : k] }
					END { printf "%s\t%d\t%.3f\t%.3f\t%.3f\t%s\n", name, NR, s / NR, rank(0.5), rank(0.99), tps }' |
					tee -a "$out/pgbench.tsv"
			done
		done
	done

	echo "== Go: rankings, similar, hot spots, roll-ups ($count runs of $calls calls)"
	gobench go.txt '^Benchmark(Rankings|Similar|Hotspots|Rollups)$' "${calls}x"
	echo "== Go: cold snapshot ($count runs of $cold_calls calls)"
	gobench go.txt '^BenchmarkSnapshotCold$' "${cold_calls}x"

	echo "== CPU profile of Service.Area, 500 m circles ($calls calls; where the time goes)"
	waitload "go cpu profile"
	"$out/bin/analysis.test" -test.run '^$' -test.bench '^BenchmarkArea$/^radius=500$' -test.benchtime "${calls}x" \
		-test.cpuprofile "$out/cpu-area-500.pprof" | grep Benchmark
	rm -rf "${out:?}/tmp/"*
	go tool pprof -top -cum -nodecount 100000 -focus 'analysis\.\(\*Service\)\.Area$' "$out/bin/analysis.test" \
		"$out/cpu-area-500.pprof" 2>/dev/null | awk '
		function sec(v) { return v ~ /ms$/ ? v / 1000 : v ~ /us$|µs$/ ? v / 1e6 : v + 0 }
		/analysis\.\(\*Service\)\.Area$/ { total = sec($4) }
		/orb\.MultiPolygon\.Bound$|geo\.IntersectionArea$|geo\.Area$|indicator\.Compute$|analysis\.aggregate$|store\.\(\*DB\)\.Version$|\.project$/ { part[$NF] = sec($4) }
		END {
			printf "Service.Area: %.2fs CPU, of which:\n", total
			for (p in part) printf "  %-70s %6.2fs %5.1f%%\n", p, part[p], 100 * part[p] / total
		}' | tee "$out/profile-area-500.txt"

	echo "== benchstat"
	if ! go run "golang.org/x/perf/cmd/benchstat@$benchstat_version" "$out/go.txt" >"$out/benchstat.txt" 2>"$out/benchstat.err"; then
		echo "benchstat unavailable (see benchstat.err); medians by awk only" | tee "$out/benchstat.txt"
	fi
}

# summarize: medians and tables from the results in OUT.
summarize() {
	# Medians over the runs of every Go benchmark and unit → go.tsv
	# (benchmark, unit, median, runs).
	awk '/^Benchmark/ {
			for (i = 3; i < NF; i += 2) { k = $1 SUBSEP $(i + 1); n[k]++; v[k, n[k]] = $i }
		}
		END {
			for (k in n) {
				m = n[k]
				for (i = 1; i <= m; i++) x[i] = v[k, i]
				for (i = 2; i <= m; i++) for (j = i; j > 1 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
				med = m % 2 ? x[(m + 1) / 2] : (x[m / 2] + x[m / 2 + 1]) / 2
				split(k, p, SUBSEP)
				printf "%s\t%s\t%.6g\t%d\n", p[1], p[2], med, m
			}
		}' "$out/go.txt" | sort >"$out/go.tsv"

	# summary.md: the tables of docs/benchmarks.md. The PostGIS reference of
	# each row is the faster of its protocols (by p50), named in the table.
	{
		med() { awk -F'\t' -v b="$1" -v u="$2" '$1 == b && $2 == u { print $3 }' "$out/go.tsv"; }
		pg() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n { print $c }' "$out/pgbench.tsv"; }
		best() { # clients, radius → the pgbench.tsv name with the lowest p50
			awk -F'\t' -v c="$1" -v r="$2" 'index($1, "r" r "-c" c "-") == 1 && (b == "" || $4 < min) { b = $1; min = $4 } END { print b }' "$out/pgbench.tsv"
		}
		cpus=$(awk '/^Benchmark/ { n = split($1, a, "-"); print a[n]; exit }' "$out/go.tsv")
		echo "### Area analysis, one client: p50 / p99 ms (ratio: sangsaeng p50 ÷ PostGIS p50)"
		echo
		echo "| circle | districts hit | sangsaeng Area | sangsaeng weights only | PostGIS, simple protocol | PostGIS, prepared | Area ÷ PostGIS | weights only ÷ PostGIS |"
		echo "|---|---|---|---|---|---|---|---|"
		for r in $radii; do
			b=$(best 1 "$r")
			awk -v r="$r" -v nd="$(med "BenchmarkArea/radius=$r-$cpus" districts/op)" \
				-v a50="$(med "BenchmarkArea/radius=$r-$cpus" p50-ms)" -v a99="$(med "BenchmarkArea/radius=$r-$cpus" p99-ms)" \
				-v w50="$(med "BenchmarkAreaWeightsOnly/radius=$r-$cpus" p50-ms)" -v w99="$(med "BenchmarkAreaWeightsOnly/radius=$r-$cpus" p99-ms)" \
				-v s50="$(pg "r$r-c1-simple" 4)" -v s99="$(pg "r$r-c1-simple" 5)" \
				-v p50="$(pg "r$r-c1-prepared" 4)" -v p99="$(pg "r$r-c1-prepared" 5)" -v b50="$(pg "$b" 4)" -v bm="${b##*-}" 'BEGIN {
				printf "| %s m | %.1f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | **%.2f** (vs %s) | %.2f |\n",
					r, nd, a50, a99, w50, w99, s50, s99, p50, p99, (b50 > 0 ? a50 / b50 : 0), bm, (b50 > 0 ? w50 / b50 : 0) }'
		done
		echo
		echo "### Area analysis, two concurrent clients: calls/s; p50 / p99 ms per call (ratio: throughput)"
		echo
		echo "| circle | sangsaeng Area, 2 goroutines | PostGIS, simple, pgbench -c 2 | PostGIS, prepared, pgbench -c 2 | sangsaeng ÷ PostGIS, calls/s |"
		echo "|---|---|---|---|---|"
		for r in $radii; do
			b="BenchmarkAreaParallel/radius=$r-$cpus" best2=$(best 2 "$r")
			awk -v r="$r" -v ns="$(med "$b" ns/op)" -v a50="$(med "$b" p50-ms)" -v a99="$(med "$b" p99-ms)" \
				-v stps="$(pg "r$r-c2-simple" 6)" -v s50="$(pg "r$r-c2-simple" 4)" -v s99="$(pg "r$r-c2-simple" 5)" \
				-v ptps="$(pg "r$r-c2-prepared" 6)" -v p50="$(pg "r$r-c2-prepared" 4)" -v p99="$(pg "r$r-c2-prepared" 5)" \
				-v btps="$(pg "$best2" 6)" -v bm="${best2##*-}" 'BEGIN {
				printf "| %s m | %.0f/s; %.2f / %.2f | %.0f/s; %.2f / %.2f | %.0f/s; %.2f / %.2f | **%.2f** (vs %s) |\n",
					r, (ns > 0 ? 1e9 / ns : 0), a50, a99, stps, s50, s99, ptps, p50, p99, (ns > 0 && btps > 0 ? 1e9 / ns / btps : 0), bm }'
		done
		echo
		echo "### Every Go benchmark: medians over the runs"
		echo
		echo "| benchmark | p50 ms | p99 ms | mean ms | runs |"
		echo "|---|---|---|---|---|"
		awk -F'\t' '$2 == "p50-ms" { p50[$1] = $3; n[$1] = $4 } $2 == "p99-ms" { p99[$1] = $3 } $2 == "ns/op" { ns[$1] = $3 }
			END { for (b in p50) printf "| %s | %.3f | %.3f | %.3f | %d |\n", b, p50[b], p99[b], ns[b] / 1e6, n[b] }' "$out/go.tsv" | sort
		echo
		echo "### pgbench runs"
		echo
		echo "| run (radius, clients, protocol) | transactions | mean ms | p50 ms | p99 ms | tps |"
		echo "|---|---|---|---|---|---|"
		awk -F'\t' '{ printf "| %s | %d | %.2f | %.2f | %.2f | %.0f |\n", $1, $2, $3, $4, $5, $6 }' "$out/pgbench.tsv"
		echo
		echo "Load average (1, 5, 15 min) at the start and end of each step:"
		echo
		sed 's/^/    /' "$out/load.txt"
	} >"$out/summary.md"
	cat "$out/summary.md"
	echo "== results in $out"
}

[ -n "${SUMMARY_ONLY:-}" ] || measure
summarize
