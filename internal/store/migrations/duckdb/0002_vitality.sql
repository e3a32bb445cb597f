-- 0002: vitality: the 상권 활력지수 feed of the Seoul Credit Guarantee
-- Foundation (서울신용보증재단). A row's code is a district (상권_코드, 7 digits)
-- or a 행정동 (행정동_코드, 8 digits); a release replaces the quarters it covers.
CREATE TABLE vitality (
    release_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    quarter VARCHAR NOT NULL,
    code VARCHAR NOT NULL,
    value DOUBLE NOT NULL
);
