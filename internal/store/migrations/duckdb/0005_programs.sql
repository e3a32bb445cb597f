-- 0005: the support programs for merchants (issue 12). A program's money
-- lives in ledger accounts it creates (see docs/programs.md); these tables
-- hold what the ledger does not: terms, operators, the cohort and why each
-- merchant is in it, the client ids of every write (replays), orders,
-- redemptions, lunchbox days and settlements. Rows that go with ledger
-- transfers are written in the ledger writer's transaction. Money is BIGINT
-- won; dates are YYYY-MM-DD in Seoul.

-- What a merchant sells (the 서비스 업종 code, e.g. CS100001), for targeting.
ALTER TABLE orgs ADD COLUMN industry VARCHAR;

-- Where a program pays an organisation. Never logged, never in a URL.
CREATE TABLE org_payees (
    org_id     VARCHAR PRIMARY KEY,
    bank       VARCHAR NOT NULL,
    account_no VARCHAR NOT NULL,
    holder     VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE programs (
    id         VARCHAR PRIMARY KEY,
    kind       VARCHAR NOT NULL, -- prepayment, meal_kit, lunchbox
    name       VARCHAR NOT NULL,
    budget     BIGINT NOT NULL,
    starts     VARCHAR NOT NULL,
    ends       VARCHAR NOT NULL,
    terms      VARCHAR NOT NULL, -- the kind's fields, JSON
    created_by VARCHAR,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE program_operators (
    program_id VARCHAR NOT NULL,
    org_id     VARCHAR NOT NULL,
    pos        BIGINT NOT NULL, -- 0 for the first listed
    share      BIGINT NOT NULL,
    PRIMARY KEY (program_id, org_id)
);

-- The cohort. seq numbers the merchant's accounts; reasons is the
-- targeting snapshot (JSON) when the merchant was chosen.
CREATE TABLE program_merchants (
    program_id VARCHAR NOT NULL,
    org_id     VARCHAR NOT NULL,
    seq        BIGINT NOT NULL,
    capacity   BIGINT NOT NULL,
    reasons    VARCHAR NOT NULL,
    added_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, org_id)
);

-- Every client-chosen id of a program's writes, with the request's body
-- and the answer given: the same id and body get the same answer.
CREATE TABLE program_ops (
    program_id VARCHAR NOT NULL,
    id         VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    body       VARCHAR NOT NULL,
    answer     VARCHAR NOT NULL,
    user_id    VARCHAR,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, id)
);

CREATE TABLE program_redemptions (
    program_id VARCHAR NOT NULL,
    id         VARCHAR NOT NULL,
    merchant   VARCHAR NOT NULL,
    amount     BIGINT NOT NULL,
    employee   VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, id)
);

-- Meal-kit orders. status: placed, picked_up, cancelled, expired.
CREATE TABLE kit_orders (
    program_id    VARCHAR NOT NULL,
    id            VARCHAR NOT NULL,
    merchant      VARCHAR NOT NULL,
    employee      VARCHAR NOT NULL, -- the ordering user's id
    day           VARCHAR NOT NULL,
    quantity      BIGINT NOT NULL,
    subsidy       BIGINT NOT NULL,
    employee_pays BIGINT NOT NULL,
    status        VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (program_id, id)
);
CREATE INDEX kit_orders_day ON kit_orders (program_id, merchant, day);

-- A lunchbox day: the boxes each merchant makes (the rotation's k-th day).
CREATE TABLE lunchbox_lines (
    program_id VARCHAR NOT NULL,
    day        VARCHAR NOT NULL,
    k          BIGINT NOT NULL,
    merchant   VARCHAR NOT NULL,
    boxes      BIGINT NOT NULL,
    PRIMARY KEY (program_id, day, merchant)
);

-- A settlement's lines: what one operator owes one merchant. status:
-- payable until confirmed, then paid.
CREATE TABLE settlements (
    program_id   VARCHAR NOT NULL,
    id           VARCHAR NOT NULL,
    until_day    VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    PRIMARY KEY (program_id, id)
);
CREATE TABLE settlement_lines (
    program_id    VARCHAR NOT NULL,
    settlement_id VARCHAR NOT NULL,
    n             BIGINT NOT NULL,
    merchant      VARCHAR NOT NULL,
    operator      VARCHAR NOT NULL,
    amount        BIGINT NOT NULL,
    PRIMARY KEY (program_id, settlement_id, n)
);
