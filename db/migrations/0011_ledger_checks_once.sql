-- The ledger's COMMIT-time checks (0005_ledger_rules.sql) judge each ledger transaction ONCE per
-- database transaction, not once per entry (ADR 026). Both constraint triggers stay FOR EACH ROW
-- and deferred (Postgres has no deferred statement-level trigger), but the work moves into a
-- judging function that runs only when the row's ledger transaction (or order) has not been judged
-- yet in this database transaction *with this entry in it*: the judgement records the highest entry
-- id it saw, and a later entry (only possible after SET CONSTRAINTS … IMMEDIATE) is judged again.
-- The memo is a transaction-local setting keyed by the database transaction's own id, so a session
-- cannot pre-load it and it vanishes at COMMIT/ROLLBACK.

-- 1. Balance and single currency, judged once per ledger transaction.
CREATE OR REPLACE FUNCTION ledger_judge_transaction(ledger_tx bigint) RETURNS bigint AS $$
DECLARE
  total bigint;
  n integer;
  wrong_currency integer;
  tx_currency varchar(3);
  newest bigint;
BEGIN
  SELECT currency INTO tx_currency FROM ledger_transactions WHERE id = ledger_tx;
  SELECT coalesce(sum(amount), 0), count(*), count(*) FILTER (WHERE currency <> tx_currency), max(id)
    INTO total, n, wrong_currency, newest
    FROM ledger_entries WHERE transaction_id = ledger_tx;
  IF wrong_currency > 0 THEN
    RAISE EXCEPTION 'ledger transaction % mixes currencies (transaction is %)', ledger_tx, tx_currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_single_currency';
  END IF;
  IF n < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', ledger_tx, n, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_balanced';
  END IF;
  RETURN newest;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- The newest entry id already judged for `key` in this database transaction (NULL: not judged).
CREATE OR REPLACE FUNCTION ledger_judged_upto(memo text, key text) RETURNS bigint AS $$
  SELECT substring(coalesce(current_setting(memo, true), '') FROM ',' || txid_current() || '/' || key || ':(\d+),')::bigint;
$$ LANGUAGE sql;
--> statement-breakpoint

CREATE OR REPLACE FUNCTION ledger_remember_judged(memo text, key text, upto bigint) RETURNS void AS $$
  SELECT set_config(memo,
    regexp_replace(coalesce(current_setting(memo, true), ''), ',' || txid_current() || '/' || key || ':\d+,', '')
      || ',' || txid_current() || '/' || key || ':' || upto || ',',
    true);
$$ LANGUAGE sql;
--> statement-breakpoint

-- 2. Refunds within captured, judged once per order, and only queued for the entries that can
--    change the answer (an authorization's entries no longer fire it at all).
CREATE OR REPLACE FUNCTION ledger_judge_refunds(order_ref uuid) RETURNS bigint AS $$
DECLARE
  captured bigint;
  refunded bigint;
  newest bigint;
BEGIN
  PERFORM 1 FROM orders WHERE id = order_ref FOR UPDATE;
  SELECT coalesce(sum(e.amount) FILTER (WHERE e.account = 'stripe_clearing' AND t.kind = 'capture'), 0),
         coalesce(sum(e.amount) FILTER (WHERE e.account = 'refunds'), 0),
         max(e.id)
    INTO captured, refunded, newest
    FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
    WHERE e.order_id = order_ref;
  IF refunded > captured THEN
    RAISE EXCEPTION 'refunds (%) would exceed the captured amount (%) for order %', refunded, captured, order_ref
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_refund_within_captured';
  END IF;
  RETURN newest;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

-- One trigger function for both checks (TG_ARGV[0]: 'balanced' per ledger transaction, 'refunds'
-- per order): skip an entry already covered by this database transaction's judgement, else judge.
CREATE OR REPLACE FUNCTION ledger_judge_once() RETURNS trigger AS $$
DECLARE
  memo text := 'dotshop.ledger_' || TG_ARGV[0];
  key text := CASE TG_ARGV[0] WHEN 'balanced' THEN NEW.transaction_id::text ELSE NEW.order_id::text END;
  judged bigint := ledger_judged_upto(memo, key);
BEGIN
  IF judged IS NOT NULL AND NEW.id <= judged THEN
    RETURN NULL; -- judged already, with this entry in it
  END IF;
  PERFORM ledger_remember_judged(memo, key,
    CASE TG_ARGV[0] WHEN 'balanced' THEN ledger_judge_transaction(NEW.transaction_id) ELSE ledger_judge_refunds(NEW.order_id) END);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint

DROP TRIGGER IF EXISTS ledger_entries_balanced ON "ledger_entries";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_judge_once('balanced');
--> statement-breakpoint
DROP TRIGGER IF EXISTS ledger_entries_refund_limit ON "ledger_entries";
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_refund_limit AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (NEW.order_id IS NOT NULL AND NEW.account IN ('refunds', 'stripe_clearing'))
  EXECUTE FUNCTION ledger_judge_once('refunds');
--> statement-breakpoint
DROP FUNCTION IF EXISTS ledger_transaction_balances();
--> statement-breakpoint
DROP FUNCTION IF EXISTS ledger_refunds_within_captured();
