-- 0007: card sales per business (사업자등록번호) and day, loaded from the
-- card-sales feed and merchant master of the fusion contract by
-- `sangsaeng sales import`; the outcome panels of a program's effect are
-- built from them. Money is BIGINT won. A day is a TIMESTAMP at midnight.

-- One row per import of a pair of files; the same pair (by content) is
-- imported once.
CREATE TABLE merchant_sales_imports (
    id               BIGINT PRIMARY KEY,
    sales_file       VARCHAR NOT NULL, -- base names, for messages
    merchants_file   VARCHAR NOT NULL,
    sales_sha256     VARCHAR NOT NULL,
    merchants_sha256 VARCHAR NOT NULL,
    rows_read        BIGINT NOT NULL,  -- sales rows of the feed
    businesses       BIGINT NOT NULL,  -- business numbers with sales
    days             BIGINT NOT NULL,  -- business-days stored
    skipped_rows     BIGINT NOT NULL,  -- rows of merchants without business_no
    imported_at      TIMESTAMP NOT NULL,
    UNIQUE (sales_sha256, merchants_sha256)
);

-- A business as the last import's master describes it: its stores'
-- industry and 상권 (the most common among its stores; '' when unplaced).
CREATE TABLE sales_businesses (
    business_no   VARCHAR PRIMARY KEY, -- 10 digits
    industry_code VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    stores        BIGINT NOT NULL,
    import_id     BIGINT NOT NULL
);

-- A business's card sales on one day, summed over its stores; a later
-- import's day replaces an earlier one's.
CREATE TABLE merchant_sales (
    business_no VARCHAR NOT NULL,
    sale_day    TIMESTAMP NOT NULL,
    amount      BIGINT NOT NULL,
    count       BIGINT NOT NULL,
    import_id   BIGINT NOT NULL,
    PRIMARY KEY (business_no, sale_day)
);

-- Rows of an import in progress, emptied before it commits.
CREATE TABLE merchant_sales_stage (
    import_id   BIGINT NOT NULL,
    business_no VARCHAR NOT NULL,
    sale_day    TIMESTAMP NOT NULL,
    amount      BIGINT NOT NULL,
    count       BIGINT NOT NULL
);

CREATE TABLE sales_businesses_stage (
    import_id     BIGINT NOT NULL,
    business_no   VARCHAR NOT NULL,
    industry_code VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    stores        BIGINT NOT NULL
);
