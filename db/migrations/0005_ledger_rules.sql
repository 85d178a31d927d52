-- The ledger's rules, enforced by Postgres itself (not only by server/ledger.server.ts).

-- 1. Append-only: entries and transactions can be neither updated nor deleted.
CREATE OR REPLACE FUNCTION ledger_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only: % on % is not allowed', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON "ledger_entries"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON "ledger_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON "ledger_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint

-- 2. Every transaction balances: its entries sum to zero, all in the transaction's currency,
--    checked at COMMIT (deferred), so a transaction is written entry by entry and judged whole.
CREATE OR REPLACE FUNCTION ledger_transaction_balances() RETURNS trigger AS $$
DECLARE
  total bigint;
  n integer;
  wrong_currency integer;
  tx_currency varchar(3);
BEGIN
  SELECT currency INTO tx_currency FROM ledger_transactions WHERE id = NEW.transaction_id;
  SELECT coalesce(sum(amount), 0), count(*), count(*) FILTER (WHERE currency <> tx_currency)
    INTO total, n, wrong_currency
    FROM ledger_entries WHERE transaction_id = NEW.transaction_id;
  IF wrong_currency > 0 THEN
    RAISE EXCEPTION 'ledger transaction % mixes currencies (transaction is %)', NEW.transaction_id, tx_currency
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_single_currency';
  END IF;
  IF n < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced: % entries summing to %', NEW.transaction_id, n, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_balanced';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_transaction_balances();
--> statement-breakpoint

-- 3. Never refund more than was captured (per order, net of reversals), checked at COMMIT with
--    the order row locked, so two admins refunding at once are serialised and the second sees
--    the first.
CREATE OR REPLACE FUNCTION ledger_refunds_within_captured() RETURNS trigger AS $$
DECLARE
  captured bigint;
  refunded bigint;
BEGIN
  IF NEW.order_id IS NULL OR NEW.account NOT IN ('refunds', 'stripe_clearing') THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM orders WHERE id = NEW.order_id FOR UPDATE;
  SELECT coalesce(sum(e.amount) FILTER (WHERE e.account = 'stripe_clearing' AND t.kind = 'capture'), 0),
         coalesce(sum(e.amount) FILTER (WHERE e.account = 'refunds'), 0)
    INTO captured, refunded
    FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
    WHERE e.order_id = NEW.order_id;
  IF refunded > captured THEN
    RAISE EXCEPTION 'refunds (%) would exceed the captured amount (%) for order %', refunded, captured, NEW.order_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_refund_within_captured';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_entries_refund_limit AFTER INSERT ON "ledger_entries"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_refunds_within_captured();
