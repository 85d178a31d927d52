-- Human order numbers: DS-100001, DS-100002, … (the column default is set in the next migration).
CREATE SEQUENCE IF NOT EXISTS order_number_seq START WITH 100001;
--> statement-breakpoint
-- The order status machine, enforced by the database as well as by server/order-status.ts.
CREATE OR REPLACE FUNCTION enforce_order_status_transition() RETURNS trigger AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
    (OLD.status = 'pending_payment' AND NEW.status IN ('authorized', 'payment_failed', 'cancelled')) OR
    (OLD.status = 'authorized' AND NEW.status IN ('fulfilled', 'captured', 'cancelled')) OR
    (OLD.status = 'fulfilled' AND NEW.status IN ('captured')) OR
    (OLD.status = 'captured' AND NEW.status IN ('refunded'))
  ) THEN
    RAISE EXCEPTION 'illegal order status transition % -> %', OLD.status, NEW.status
      USING ERRCODE = 'check_violation', CONSTRAINT = 'order_status_transition';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER orders_status_transition BEFORE UPDATE ON "orders"
  FOR EACH ROW EXECUTE FUNCTION enforce_order_status_transition();
--> statement-breakpoint
