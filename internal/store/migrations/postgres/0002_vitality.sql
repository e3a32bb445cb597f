-- 0002 (PostgreSQL): vitality: the 상권 활력지수 feed of the Seoul Credit Guarantee
-- Foundation (서울신용보증재단). A row's code is a district (상권_코드, 7 digits)
-- or a 행정동 (행정동_코드, 8 digits); a release replaces the quarters it covers.
CREATE TABLE vitality (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    value DOUBLE PRECISION NOT NULL
);

CREATE INDEX vitality_quarter ON vitality (quarter, release_id);
CREATE INDEX vitality_code ON vitality (code, quarter);
