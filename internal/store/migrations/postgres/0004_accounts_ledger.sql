-- 0004: who acts (organisations, users, memberships, sessions, API tokens),
-- the double-entry ledger (accounts and append-only transfers) and the audit
-- log. Portable SQL: BIGINT, VARCHAR, DOUBLE PRECISION, BOOLEAN, TIMESTAMP. Money is
-- BIGINT won. Tokens and sessions are stored as SHA-256 hashes only.

CREATE TABLE orgs (
    id            VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,  -- operator, merchant, supplier, public
    name          VARCHAR NOT NULL,
    business_no   VARCHAR,           -- 10 digits, check digit verified
    lon           DOUBLE PRECISION,
    lat           DOUBLE PRECISION,
    district_code VARCHAR,
    dong_code     VARCHAR,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id            VARCHAR PRIMARY KEY,
    email         VARCHAR NOT NULL UNIQUE, -- lower case
    name          VARCHAR NOT NULL,
    password_hash VARCHAR NOT NULL,        -- argon2id PHC string, parameters included
    created_at    TIMESTAMP NOT NULL
);

-- A user's roles; org_id is '' for admin (the whole installation).
CREATE TABLE memberships (
    user_id VARCHAR NOT NULL,
    org_id  VARCHAR NOT NULL,
    role    VARCHAR NOT NULL,
    PRIMARY KEY (user_id, org_id, role)
);

CREATE TABLE sessions (
    token_hash VARCHAR PRIMARY KEY,
    user_id    VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id         VARCHAR PRIMARY KEY,
    token_hash VARCHAR NOT NULL UNIQUE,
    user_id    VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

-- The four sums are kept here and moved in the same transaction as the
-- transfers that move them; GET /api/v1/ledger/check recomputes them from
-- ledger_transfers alone.
CREATE TABLE ledger_accounts (
    id                             VARCHAR PRIMARY KEY,
    name                           VARCHAR NOT NULL,
    owner                          VARCHAR NOT NULL,
    debits_must_not_exceed_credits BOOLEAN NOT NULL,
    credits_must_not_exceed_debits BOOLEAN NOT NULL,
    debits_posted                  BIGINT NOT NULL,
    credits_posted                 BIGINT NOT NULL,
    debits_pending                 BIGINT NOT NULL,
    credits_pending                BIGINT NOT NULL,
    created_at                     TIMESTAMP NOT NULL
);

-- Append-only: never updated, never deleted; a correction is a new transfer.
-- seq is the ledger's order. id is the client's idempotency key, NULL for
-- an expiry (the ledger releasing a reservation whose timeout passed).
-- kind: transfer, pending, post_pending, void_pending, expire.
CREATE TABLE ledger_transfers (
    seq            BIGINT PRIMARY KEY,
    id             VARCHAR UNIQUE,
    kind           VARCHAR NOT NULL,
    debit_account  VARCHAR NOT NULL,
    credit_account VARCHAR NOT NULL,
    amount         BIGINT NOT NULL,
    memo           VARCHAR NOT NULL,
    pending_id     VARCHAR,
    timeout_s      BIGINT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    user_id        VARCHAR,
    request_id     VARCHAR
);
CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account, seq);
CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account, seq);
CREATE INDEX ledger_transfers_pending ON ledger_transfers (pending_id);

CREATE SEQUENCE audit_ids START 1;

-- Every write through the API: who, when, what, from which request.
CREATE TABLE audit_log (
    id         BIGINT PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    user_id    VARCHAR,
    action     VARCHAR NOT NULL, -- method and route pattern
    resource   VARCHAR NOT NULL, -- the path
    status     BIGINT NOT NULL,
    request_id VARCHAR NOT NULL
);
