-- 0006: the product contest (issue 13) and early payment of suppliers.
-- Portable SQL: BIGINT, VARCHAR, BOOLEAN, TIMESTAMP, BLOB (BYTEA on
-- PostgreSQL). Money is BIGINT won. JSON documents are VARCHAR.

-- A contest run by an operator. criteria: JSON [{key,name,weight}].
-- jury_at: when the jury was assigned (entries end then, at the latest);
-- published_at: when the results were published (final from then on).
CREATE TABLE contests (
    id           VARCHAR PRIMARY KEY,
    operator     VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    criteria     VARCHAR NOT NULL,
    budget       BIGINT NOT NULL,
    opens_at     TIMESTAMP NOT NULL,
    closes_at    TIMESTAMP NOT NULL,
    per_entry    BIGINT NOT NULL,
    method       VARCHAR NOT NULL,
    jury_at      TIMESTAMP,
    published_at TIMESTAMP,
    created_at   TIMESTAMP NOT NULL
);

-- A product entered by a supplier; id is e1, e2 … within the contest.
CREATE TABLE contest_entries (
    contest_id   VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    seq          BIGINT NOT NULL,
    supplier     VARCHAR NOT NULL,
    product      VARCHAR NOT NULL,
    unit_price   BIGINT NOT NULL,
    min_units    BIGINT NOT NULL,
    max_units    BIGINT NOT NULL,
    sme_cert     VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    user_id      VARCHAR NOT NULL,
    PRIMARY KEY (contest_id, id),
    UNIQUE (contest_id, seq)
);

CREATE TABLE contest_attachments (
    contest_id VARCHAR NOT NULL,
    entry_id   VARCHAR NOT NULL,
    n          BIGINT NOT NULL,
    name       VARCHAR NOT NULL,
    media_type VARCHAR NOT NULL, -- from the content, never the name
    size       BIGINT NOT NULL,
    data       BYTEA NOT NULL,
    PRIMARY KEY (contest_id, entry_id, n)
);

-- Which judge scores which entry.
CREATE TABLE contest_judges (
    contest_id VARCHAR NOT NULL,
    entry_id   VARCHAR NOT NULL,
    user_id    VARCHAR NOT NULL,
    PRIMARY KEY (contest_id, entry_id, user_id)
);

-- A conflict a judge declared: target is an entry id or a supplier org id.
CREATE TABLE contest_conflicts (
    contest_id VARCHAR NOT NULL,
    user_id    VARCHAR NOT NULL,
    target     VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, user_id, target)
);

-- A judge's scores of an entry: JSON {criterion: 0–100}.
CREATE TABLE contest_scores (
    contest_id VARCHAR NOT NULL,
    entry_id   VARCHAR NOT NULL,
    user_id    VARCHAR NOT NULL,
    scores     VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (contest_id, entry_id, user_id)
);

-- The distribution made of a published contest's purchase: JSON of the
-- request and of the shares.
CREATE TABLE contest_distributions (
    contest_id VARCHAR PRIMARY KEY,
    online_bp  BIGINT NOT NULL,
    stores     VARCHAR NOT NULL,
    shares     VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- An early-payment run of an operator. run_key: the id its execution was
-- asked under (replays answer the same); state: open, planned, paid.
CREATE TABLE early_payments (
    id          VARCHAR PRIMARY KEY,
    operator    VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    pay_date    TIMESTAMP NOT NULL,
    within_days BIGINT NOT NULL,
    budget      BIGINT NOT NULL,
    mode        VARCHAR NOT NULL,
    apr_bp      BIGINT NOT NULL,
    state       VARCHAR NOT NULL,
    run_key     VARCHAR,
    report      VARCHAR,
    created_at  TIMESTAMP NOT NULL,
    run_at      TIMESTAMP
);

-- The operator's suppliers as its ERP knows them: SME certificate and the
-- account payments go to.
CREATE TABLE operator_suppliers (
    operator    VARCHAR NOT NULL,
    business_no VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    sme_cert    VARCHAR NOT NULL, -- '' when not a certified SME
    bank        VARCHAR NOT NULL,
    account_no  VARCHAR NOT NULL,
    holder      VARCHAR NOT NULL,
    PRIMARY KEY (operator, business_no)
);

-- The operator's invoices, each imported once. paid_by: the run that pays
-- it early; cash and discount what it paid.
CREATE TABLE invoices (
    operator             VARCHAR NOT NULL,
    supplier_business_no VARCHAR NOT NULL,
    invoice_no           VARCHAR NOT NULL,
    issued_on            TIMESTAMP NOT NULL,
    due_on               TIMESTAMP NOT NULL,
    amount               BIGINT NOT NULL,
    imported_by          VARCHAR NOT NULL, -- the run it was imported into
    line                 BIGINT NOT NULL,
    paid_by              VARCHAR,
    discount             BIGINT,
    cash                 BIGINT,
    PRIMARY KEY (operator, supplier_business_no, invoice_no)
);
CREATE INDEX invoices_paid_by ON invoices (paid_by);
