-- 0009: the accounts a program opens (a support program's "<program>:…",
-- a contest's "ct-<contest>-…", an early-payment run's "ep-<run>-…") are
-- managed: only the program's own writes move their money; the generic
-- POST /api/v1/ledger/transfers refuses to touch them (docs/ledger.md).
-- Accounts opened before this migration are marked by their ids: those of
-- an existing program, contest or run.
ALTER TABLE ledger_accounts ADD COLUMN managed BOOLEAN DEFAULT FALSE;
UPDATE ledger_accounts SET managed = TRUE
WHERE EXISTS (SELECT 1 FROM programs p WHERE substr(ledger_accounts.id, 1, length(p.id) + 1) = p.id || ':')
   OR id IN (SELECT 'ct-' || id || '-purchases' FROM contests)
   OR id IN (SELECT 'ct-' || id || '-payable' FROM contests)
   OR id IN (SELECT 'ep-' || id || '-payable' FROM early_payments)
   OR id IN (SELECT 'ep-' || id || '-bank' FROM early_payments)
   OR id IN (SELECT 'ep-' || id || '-discount' FROM early_payments);
