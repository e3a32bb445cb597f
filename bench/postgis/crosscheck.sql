-- Cross-check of sangsaeng's area weights with PostGIS, on the circles of
-- internal/analysis/bench_test.go. Run with psql -v dir=FOLDER, where FOLDER
-- holds weights.csv and circles.csv as TestWriteAreaWeights writes them
-- (SANGSAENG_AREA_WEIGHTS_OUT=FOLDER go test -run TestWriteAreaWeights
-- ./internal/analysis/). Two PostGIS circles per centre and radius:
--   buffer:  ST_Buffer(point, r, 64), what bench/postgis/area.sql times
--            (256 vertices inscribed in the circle, area 0.01% below πr²);
--   same:    sangsaeng's own 256-vertex polygon (circles.csv, as WKT), so that
--            only the intersection arithmetic differs.
-- A district present on one side only counts with weight 0 on the other.
\set ON_ERROR_STOP on
DROP TABLE IF EXISTS xc_circles, xc_sangsaeng;
CREATE TEMP TABLE xc_circles (centre text, lon float8, lat float8, x float8, y float8, radius_m float8, wkt text);
CREATE TEMP TABLE xc_sangsaeng (centre text, radius_m float8, trdar_cd text, weight float8);
\set circles :dir '/circles.csv'
\set weights :dir '/weights.csv'
COPY xc_circles FROM :'circles' WITH (FORMAT csv, HEADER true);
COPY xc_sangsaeng FROM :'weights' WITH (FORMAT csv, HEADER true);

CREATE TEMP TABLE xc_postgis AS
SELECT 'buffer' AS circle, c.centre, c.radius_m, a.trdar_cd,
       ST_Area(ST_Intersection(a.geom, g.c)) / ST_Area(a.geom) AS weight
FROM xc_circles c
CROSS JOIN LATERAL (SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(c.x, c.y), 5181), c.radius_m, 64) AS c) g
JOIN areas a ON ST_Intersects(a.geom, g.c)
UNION ALL
SELECT 'same', c.centre, c.radius_m, a.trdar_cd,
       ST_Area(ST_Intersection(a.geom, g.c)) / ST_Area(a.geom)
FROM xc_circles c
CROSS JOIN LATERAL (SELECT ST_GeomFromText(c.wkt, 5181) AS c) g
JOIN areas a ON ST_Intersects(a.geom, g.c);

-- sangsaeng leaves out weights of 1e-9 or less; so does the comparison.
DELETE FROM xc_postgis WHERE weight <= 1e-9;

CREATE TEMP VIEW xc_pairs AS
SELECT k.circle, centre, radius_m, trdar_cd, p.weight AS postgis, s.weight AS sangsaeng
FROM (VALUES ('buffer'), ('same')) k (circle)
CROSS JOIN LATERAL (
  SELECT centre, radius_m, trdar_cd, p.weight, s.weight
  FROM (SELECT * FROM xc_postgis WHERE circle = k.circle) p
  FULL JOIN xc_sangsaeng s USING (centre, radius_m, trdar_cd)
) j (centre, radius_m, trdar_cd, pw, sw)
CROSS JOIN LATERAL (SELECT j.pw AS weight) p
CROSS JOIN LATERAL (SELECT j.sw AS weight) s;

SELECT circle, coalesce(radius_m::text, 'all') AS radius, count(*) AS districts,
       count(*) FILTER (WHERE postgis IS NULL) AS only_sangsaeng,
       count(*) FILTER (WHERE sangsaeng IS NULL) AS only_postgis,
       max(abs(coalesce(postgis, 0) - coalesce(sangsaeng, 0))) AS max_abs_diff
FROM xc_pairs
GROUP BY GROUPING SETS ((circle, radius_m), (circle))
ORDER BY circle, radius_m NULLS LAST;

-- The districts where the two differ most, for each circle.
SELECT DISTINCT ON (circle) circle, centre, radius_m, trdar_cd, postgis, sangsaeng,
       abs(coalesce(postgis, 0) - coalesce(sangsaeng, 0)) AS abs_diff
FROM xc_pairs
ORDER BY circle, abs(coalesce(postgis, 0) - coalesce(sangsaeng, 0)) DESC;
