#!/usr/bin/env bash
# Area analysis of a circle against PostGIS in alternating rounds: each
# round runs pgbench of bench/postgis/area.sql (one client, simple protocol)
# and then sangsaeng's two Go benchmarks on the same 10 centres and radius:
# Service.Area (internal/analysis) and the whole POST /api/v1/analysis/area
# request in-process (internal/httpapi). The ratio of each round is
# PostGIS's p50 ÷ sangsaeng's; the result is the median of the rounds'
# ratios, so that a burst of other work on a shared machine lands on one
# round, not on one side.
#
#   bench/area-pairs.sh                  # as root: 5 rounds, 1000 m
#   ROUNDS=7 RADIUS=500 bench/area-pairs.sh
#
# PostGIS: with PGHOST and PGPORT set, the server there (as set up by
# bench/postgis/setup.sh, database $PG_DB); otherwise a private cluster is
# created in $OUT/pg and served on a Unix socket only (port PG_PORT, 54981),
# then stopped. Needs PostgreSQL 15 and PostGIS 3 installed (setup.sh
# installs them), go, a C compiler.
#
# Environment: SANGSAENG_SEOUL_DATA (default ../shared/data/seoul), OUT
# (default /tmp/sangsaeng-bench-area-pairs), ROUNDS (5), RADIUS (1000),
# PG_TIME (10 s per pgbench run), CALLS (2000 Go calls per run).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
data=$(cd "${SANGSAENG_SEOUL_DATA:-$repo/../shared/data/seoul}" && pwd)
out=${OUT:-/tmp/sangsaeng-bench-area-pairs}
rounds=${ROUNDS:-5}
radius=${RADIUS:-1000}
pg_time=${PG_TIME:-10}
calls=${CALLS:-2000}
export PG_DB=${PG_DB:-sangsaeng_bench}
pgbin=/usr/lib/postgresql/${PG_VERSION:-15}/bin
as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }

mkdir -p "$out/bin" "$out/tmp" "$out/pgbench"
cd "$repo"
. bench/lib.sh
describe "$repo" >"$out/env.txt"

stop_pg=
if [ -z "${PGPORT:-}" ]; then
	export PGHOST=$out/pg PGPORT=${PG_PORT:-54981}
	mkdir -p "$PGHOST"
	chown postgres "$PGHOST"
	[ -d "$PGHOST/data" ] || as_postgres "$pgbin/initdb" -D "$PGHOST/data" -A trust -U postgres >"$out/initdb.txt"
	as_postgres "$pgbin/pg_ctl" -D "$PGHOST/data" -o "-p $PGPORT -k $PGHOST -c listen_addresses=''" -l "$PGHOST/log.txt" -w start >/dev/null
	stop_pg=1
fi
cleanup() { [ -z "$stop_pg" ] || as_postgres "$pgbin/pg_ctl" -D "$PGHOST/data" -m fast stop >/dev/null; }
trap cleanup EXIT
bench/postgis/setup.sh "$data/published/areas_trdar_polygons.shp" 2>"$out/postgis-setup.txt" >/dev/null
echo "postgresql: $(as_postgres psql -X -At -d "$PG_DB" -c 'SHOW server_version'); $(as_postgres psql -X -At -d "$PG_DB" -c 'SELECT postgis_full_version()')" >>"$out/env.txt"

echo "== build the benchmark binaries"
go test -c -o "$out/bin/analysis.test" ./internal/analysis/
go test -c -o "$out/bin/httpapi.test" ./internal/httpapi/
cp bench/postgis/area.sql "$out/pgbench/area.sql"
chown -R postgres "$out/pgbench"
as_postgres pgbench -n -M simple -d "$PG_DB" -f "$out/pgbench/area.sql" -D r="$radius" -t 20 >/dev/null 2>&1 # loads PostGIS

export SANGSAENG_SEOUL_DATA=$data TMPDIR=$out/tmp
tsv=$out/rounds.tsv
printf 'round\tload\tpostgis_p50_ms\tpostgis_p99_ms\tarea_p50_ms\tarea_p99_ms\trequest_p50_ms\trequest_p99_ms\n' >"$tsv"
metric() { awk -v u="$2" '/^Benchmark/ { for (i = 3; i < NF; i++) if ($(i + 1) == u) print $i }' "$1"; }
for r in $(seq "$rounds"); do
	load=$(cut -d' ' -f1 /proc/loadavg)
	echo "== round $r (load $load)"
	name=r$radius-round$r
	as_postgres pgbench -n -M simple -c 1 -j 1 -T "$pg_time" -D r="$radius" -d "$PG_DB" -f "$out/pgbench/area.sql" \
		--log --log-prefix="$out/pgbench/$name" >"$out/pgbench/$name.txt" 2>&1
	read -r pg50 pg99 < <(awk '{ print $3 / 1000 }' "$out/pgbench/$name".[0-9]* | sort -g |
		awk '{ a[NR] = $1 } function rank(p,  k) { k = int(p * NR); if (k < p * NR) k++; return a[k < 1 ? 1 : k] }
			END { print rank(0.5), rank(0.99) }')
	"$out/bin/analysis.test" -test.run '^$' -test.bench "^BenchmarkArea\$/^radius=$radius\$" -test.benchtime "${calls}x" \
		-test.benchmem >"$out/go-area-$r.txt"
	"$out/bin/httpapi.test" -test.run '^$' -test.bench "^BenchmarkAreaRequest\$/^radius=$radius\$" -test.benchtime "${calls}x" \
		-test.benchmem >"$out/go-request-$r.txt"
	rm -rf "${out:?}/tmp/"*
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$load" "$pg50" "$pg99" \
		"$(metric "$out/go-area-$r.txt" p50-ms)" "$(metric "$out/go-area-$r.txt" p99-ms)" \
		"$(metric "$out/go-request-$r.txt" p50-ms)" "$(metric "$out/go-request-$r.txt" p99-ms)" | tee -a "$tsv"
done
echo "== per round: PostGIS p50 ÷ sangsaeng p50; medians"
awk -F'\t' 'NR > 1 { a[NR - 1] = $3 / $5; q[NR - 1] = $3 / $7; n = NR - 1
		printf "round %d (load %s): PostGIS %.3f ms; Service.Area %.3f ms, %.1fx; the request %.3f ms, %.1fx\n", $1, $2, $3, $5, a[n], $7, q[n] }
	function median(x, n,  i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && x[j - 1] > x[j]; j--) { t = x[j]; x[j] = x[j - 1]; x[j - 1] = t }
		return n % 2 ? x[(n + 1) / 2] : (x[n / 2] + x[n / 2 + 1]) / 2 }
	END { printf "median ratio: Service.Area %.1fx, the whole request %.1fx as fast as PostGIS (p50)\n", median(a, n), median(q, n) }' "$tsv" |
	tee "$out/summary.txt"
