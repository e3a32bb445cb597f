-- The floor of issue 11: the plain one-transfer-per-transaction SQL on the
-- ledger's own tables, as pgbench runs it (bench/ledger.sh): lock the two
-- accounts (in id order, so no deadlock), check the debit account may go
-- below zero, move both sums, insert the transfer. Every transfer is between
-- two of 10 hot accounts, hot0 … hot9, as in internal/ledgerbench.
\set d random(0, 9)
\set c (:d + random(1, 9)) % 10
\set amount random(1, 1000)
BEGIN;
SELECT id, debits_must_not_exceed_credits AND debits_posted + debits_pending + :amount > credits_posted AS refused
  FROM ledger_accounts WHERE id IN ('hot' || :d, 'hot' || :c) ORDER BY id FOR UPDATE;
UPDATE ledger_accounts SET debits_posted = debits_posted + :amount WHERE id = 'hot' || :d;
UPDATE ledger_accounts SET credits_posted = credits_posted + :amount WHERE id = 'hot' || :c;
INSERT INTO ledger_transfers (seq, id, kind, debit_account, credit_account, amount, memo, pending_id, timeout_s, created_at, user_id, request_id)
  SELECT s, 'floor-' || s, 'transfer', 'hot' || :d, 'hot' || :c, :amount, '', NULL, 0, now(), NULL, 'pgbench'
  FROM nextval('floor_seq') AS s;
COMMIT;
