#!/usr/bin/env bash
# Sets up the PostGIS reference for sangsaeng's area analysis on Debian 12:
# installs PostgreSQL 15 and PostGIS 3 if missing, starts the Debian cluster,
# and loads the district polygons (영역-상권 Shapefile, EPSG:5181) into the
# table areas of database $PG_DB, with a GiST index, exactly as shp2pgsql
# writes them. Run as root (the cluster runs as postgres).
#
#   bench/postgis/setup.sh /work/shared/data/seoul/published/areas_trdar_polygons.shp
#
# Environment: PG_VERSION (default 15), PG_DB (default sangsaeng_bench).
# Prints "started" when it started the cluster, so a caller can stop it.
set -euo pipefail

shp=$1
pg_version=${PG_VERSION:-15}
pg_db=${PG_DB:-sangsaeng_bench}
as_postgres() { (cd /tmp && runuser -u postgres -- "$@"); }

if ! command -v shp2pgsql >/dev/null || [ ! -d "/usr/share/postgresql/$pg_version/extension" ] ||
	! ls "/usr/share/postgresql/$pg_version/extension/postgis.control" >/dev/null 2>&1; then
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql "postgresql-$pg_version-postgis-3" postgis >&2
fi
# With PGHOST/PGPORT set, a server already runs there (bench/analysis.sh
# starts its own on a private socket): the Debian cluster is left alone.
if [ -n "${PGPORT:-}" ]; then
	:
elif ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" && $4 == "online" { found = 1 } END { exit !found }'; then
	pg_ctlcluster "$pg_version" main start
	echo started
fi
as_postgres dropdb --if-exists "$pg_db" >&2
as_postgres createdb "$pg_db"
as_postgres psql -X -q -v ON_ERROR_STOP=1 -d "$pg_db" -c 'CREATE EXTENSION postgis'
# -s 5181: the Shapefile's CRS; -W UTF-8: its dbf encoding; -I: a GiST index.
shp2pgsql -s 5181 -W UTF-8 -I "$shp" areas 2>/dev/null | as_postgres psql -X -q -v ON_ERROR_STOP=1 -d "$pg_db" >/dev/null
as_postgres psql -X -q -v ON_ERROR_STOP=1 -d "$pg_db" -c 'VACUUM ANALYZE areas' 2>/dev/null
as_postgres psql -X -At -F ' ' -d "$pg_db" -c \
	"SELECT count(*) || ' districts, ' || sum(ST_NPoints(geom)) || ' vertices, ' || count(*) FILTER (WHERE NOT ST_IsValid(geom)) || ' invalid (ST_IsValid)' FROM areas" >&2 2>/dev/null
