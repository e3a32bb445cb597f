-- 0003: the history of the live slices, and what each release dropped.
-- An activation is one act that changed which release is live for some
-- slices: an ingest, the reactivation of a release by its same bytes, an
-- explicit activate, or the undo of an earlier act. The history is only
-- ever appended to; the slices table is its latest state.

CREATE SEQUENCE activation_ids START 1;

CREATE TABLE activations (
    id         BIGINT PRIMARY KEY,
    kind       VARCHAR NOT NULL,  -- ingest, reactivate, activate, undo
    dataset    VARCHAR NOT NULL,
    release_id BIGINT NOT NULL,   -- the release made live; for an undo, the one it took back
    undoes     BIGINT,            -- for an undo, the act it undid
    dropped    VARCHAR NOT NULL,  -- JSON array of {slice, districts, of}: live districts the act removed
    acted_at   TIMESTAMP NOT NULL
);

-- The slices one act changed: release_id is live after it (NULL: the slice
-- became empty), previous_id was live before it (NULL: it was empty).
CREATE TABLE activation_slices (
    activation_id BIGINT NOT NULL,
    dataset       VARCHAR NOT NULL,
    slice         VARCHAR NOT NULL,
    release_id    BIGINT,
    previous_id   BIGINT,
    PRIMARY KEY (activation_id, dataset, slice)
);

-- What a release dropped when it landed with --replace (JSON as above).
ALTER TABLE releases ADD COLUMN dropped VARCHAR DEFAULT '[]';

-- The district name the polygon file gives (TRDAR_CD_N): it keeps the '·'
-- that the CP949 영역-상권 file writes as '?', and repairs it.
ALTER TABLE area_polygons ADD COLUMN name VARCHAR DEFAULT '';
