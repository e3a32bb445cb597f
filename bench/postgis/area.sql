-- pgbench script: the PostGIS reference for sangsaeng's area weights
-- (Service.Area, internal/analysis/area.go). Per transaction: one of the ten
-- circle centres of internal/analysis/bench_test.go (benchCentres), in
-- EPSG:5181 as geo.ToEPSG5181 gives them, and the radius :r in metres
-- (pgbench -D r=500). ST_Buffer with 64 segments per quarter circle makes a
-- 256-vertex polygon, the resolution of sangsaeng's circle. Each row is a
-- district the circle overlaps and the share of its area inside the circle.
\set i random(0, 9)
\set x CASE WHEN :i = 0 THEN 202440.61062931956 WHEN :i = 1 THEN 198727.7560697885 WHEN :i = 2 THEN 193258.27902073384 WHEN :i = 3 THEN 208858.65893626265 WHEN :i = 4 THEN 193334.65091422567 WHEN :i = 5 THEN 199293.27057054962 WHEN :i = 6 THEN 206195.28287802308 WHEN :i = 7 THEN 193782.3812924166 WHEN :i = 8 THEN 205435.72111323522 ELSE 191297.21813736556 END
\set y CASE WHEN :i = 0 THEN 444271.40858375607 WHEN :i = 1 THEN 451574.1334147984 WHEN :i = 2 THEN 450844.25023014843 WHEN :i = 3 THEN 445984.9696960645 WHEN :i = 4 THEN 446915.2177980505 WHEN :i = 5 THEN 452428.6760156872 WHEN :i = 6 THEN 448990.3244019309 WHEN :i = 7 THEN 442752.85188451037 WHEN :i = 8 THEN 461720.22463985253 ELSE 442866.0652081035 END
SELECT trdar_cd, ST_Area(ST_Intersection(geom, c)) / ST_Area(geom) AS weight
FROM areas, (SELECT ST_Buffer(ST_SetSRID(ST_MakePoint(:x, :y), 5181), :r, 64) AS c) q
WHERE ST_Intersects(geom, c);
