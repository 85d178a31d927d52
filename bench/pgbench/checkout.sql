-- The database work of ONE API checkout (POST /api/v1/carts/{id}/checkout, 1-line cart, card
-- authorized) as bare SQL, statement for statement in the order the app sends it (ADR 026):
-- server/modules/checkout/idempotency.ts (claim), place-order.ts placeOrder (read the bag; place
-- the order in ONE statement: lock the cart, re-check the bag, reserve all or nothing, order +
-- lines + holds + first event + close the cart), then after Stripe recordAuthorization (one
-- transaction: lock the order; changeOrderStatus as one statement = status + event + audit; the
-- ledger posting as one statement = transaction + two entries, judged once at COMMIT; ONE outbox
-- row, checkout.order-authorized, which the worker fans out; the idempotent answer, stored in the
-- same transaction). Only the Stripe call and HTTP are missing. Mirrors the code as of 2026-12-04
-- (branch lean): when the checkout path changes, change this script with it (log_statement =
-- 'all' on the bench database shows exactly what one checkout sends).
--
-- Run by `npm run bench:checkout` (bench/checkout.ts), which first creates the carts this script
-- checks out: cart number n (from the sequence bench_pgbench_cart_seq) has the id
-- b0000000-0000-4000-8000-<n, 12 digits> and one line of a bench SKU. By hand, once that exists:
--   pgbench -n -M prepared -c 16 -j 2 -T 20 -f bench/pgbench/checkout.sql <bench database url>
-- -M prepared is the app's protocol (ADR 014). The first two SELECTs (which cart, a fresh key) are
-- the bench's own. The job insert is pg-boss 12's own INSERT (plans.insertJobs, job_common).

SELECT nextval('bench_pgbench_cart_seq') AS n \gset
SELECT ('b0000000-0000-4000-8000-' || lpad(:n::text, 12, '0')) AS cart_id, gen_random_uuid()::text AS idem_key, gen_random_uuid()::text AS owner \gset

-- withIdempotency: claim the key (autocommit).
INSERT INTO idempotency_keys (scope, key, fingerprint, state, owner, heartbeat_at, created_at, completed_at, expires_at, response_status, response_body)
VALUES ('checkout:' || :cart_id, :idem_key, md5(:idem_key::text) || md5(:cart_id::text), 'running', :owner, now(), default, default, now() + make_interval(hours => 24), default, default)
ON CONFLICT DO NOTHING RETURNING key;

-- placeOrder: read the bag with its prices (autocommit, one statement).
SELECT c.checked_out_at IS NOT NULL AS checked_out, cl.variant_id, cl.quantity AS qty, vp.amount, v.sku, p.title, v.title AS variant_title
FROM carts c
LEFT JOIN (cart_lines cl
  JOIN variants v ON v.id = cl.variant_id
  JOIN products p ON p.id = v.product_id
  JOIN variant_prices vp ON vp.variant_id = cl.variant_id AND vp.currency = 'USD') ON cl.cart_id = c.id
WHERE c.id = :cart_id::uuid
ORDER BY cl.added_at, cl.variant_id \gset

-- placeOrder: the order in ONE statement (autocommit). A loser of the last unit writes nothing.
WITH wanted AS (
  SELECT * FROM jsonb_to_recordset(json_build_array(json_build_object('variant_id', :variant_id::int, 'qty', :qty::int, 'amount', :amount::int,
      'sku', :sku::text, 'title', :title::text, 'variant_title', :variant_title::text))::jsonb)
    AS w(variant_id int, qty int, amount int, sku text, title text, variant_title text)
),
cart AS (
  SELECT id FROM carts WHERE id = :cart_id::uuid AND checked_out_at IS NULL FOR UPDATE
),
unchanged AS (
  SELECT (SELECT count(*) FROM cart_lines cl
            JOIN variant_prices vp ON vp.variant_id = cl.variant_id AND vp.currency = 'USD'
            JOIN wanted w ON w.variant_id = cl.variant_id AND w.qty = cl.quantity AND w.amount = vp.amount
          WHERE cl.cart_id = :cart_id::uuid) = 1
     AND (SELECT count(*) FROM cart_lines cl
            JOIN variant_prices vp ON vp.variant_id = cl.variant_id AND vp.currency = 'USD'
          WHERE cl.cart_id = :cart_id::uuid) = 1 AS ok
),
locked AS (
  SELECT i.variant_id FROM inventory i JOIN wanted w USING (variant_id)
  WHERE EXISTS (SELECT 1 FROM cart) AND (SELECT ok FROM unchanged)
    AND i.available - i.reserved >= w.qty
    AND EXISTS (SELECT 1 FROM variants v JOIN products p ON p.id = v.product_id WHERE v.id = i.variant_id AND v.removed_at IS NULL AND p.status = 'active')
  ORDER BY i.variant_id
  FOR UPDATE OF i
),
updated AS (
  UPDATE inventory i SET reserved = i.reserved + w.qty, updated_at = now()
  FROM wanted w
  WHERE (SELECT count(*) FROM locked) = 1 AND i.variant_id = w.variant_id AND i.available - i.reserved >= w.qty
  RETURNING i.variant_id
),
placed AS (
  INSERT INTO orders (cart_id, email, region, currency, subtotal, shipping_amount, tax_amount, tax_included, total, shipping_method, shipping_address)
  SELECT c.id, 'bench@example.com', 'us', 'USD', :amount::int, 800, (:amount::int * 625 + 5000) / 10000, 0,
         :amount::int + 800 + (:amount::int * 625 + 5000) / 10000, 'standard',
         '{"name":"Bench Shopper","line1":"1 Main St","city":"Austin","postalCode":"78701","region":"TX","country":"US"}'::jsonb
  FROM cart c WHERE (SELECT count(*) FROM updated) = 1
  RETURNING id, number, status, total, currency
),
order_lines_written AS (
  INSERT INTO order_lines (order_id, variant_id, sku, title, variant_title, quantity, unit_amount, line_total)
  SELECT p.id, w.variant_id, w.sku, w.title, w.variant_title, w.qty, w.amount, w.amount * w.qty FROM placed p CROSS JOIN wanted w
),
held AS (
  INSERT INTO reservations (order_id, variant_id, quantity) SELECT p.id, w.variant_id, w.qty FROM placed p CROSS JOIN wanted w
),
first_event AS (
  INSERT INTO order_events (order_id, from_status, to_status, note) SELECT id, null, 'pending_payment', 'Order placed; stock reserved' FROM placed
),
closed AS (
  UPDATE carts SET checked_out_at = now() WHERE id = :cart_id::uuid AND EXISTS (SELECT 1 FROM placed)
)
SELECT p.id AS order_id, p.number, p.status, p.total, p.currency,
       EXISTS (SELECT 1 FROM cart) AS cart_open,
       (SELECT ok FROM unchanged) AS unchanged,
       array(SELECT variant_id FROM locked) AS reservable
FROM (SELECT 1) one LEFT JOIN placed p ON true \gset

-- (the app calls Stripe here: paymentIntents.create, confirm, capture_method=manual)

-- recordAuthorization: one transaction.
BEGIN;
SELECT status, currency FROM orders WHERE id = :order_id::uuid FOR UPDATE;
WITH moved AS (
  UPDATE orders SET payment_intent_id = 'pi_bench_' || replace(:order_id::text, '-', ''), authorized_at = now(), status = 'authorized'
  WHERE id = :order_id::uuid AND status = 'pending_payment' RETURNING id
),
timeline AS (
  INSERT INTO order_events (order_id, from_status, to_status, note)
  SELECT id, 'pending_payment'::order_status, 'authorized'::order_status, ('Payment of $' || to_char(:total::int / 100.0, 'FM999990.00') || ' authorized')::text FROM moved
),
audited AS (
  INSERT INTO audit_log (actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
  SELECT 'system'::text, null::text, 'checkout'::text, 'order.authorized'::text, 'order'::text, :order_id::text,
         '{"status":"pending_payment"}'::jsonb, json_build_object('status', 'authorized', 'paymentIntentId', 'pi_bench_' || replace(:order_id::text, '-', ''))::jsonb, null::text, null::text
  FROM moved
)
SELECT count(*)::int AS n FROM moved;
WITH posted AS (
  INSERT INTO ledger_transactions (order_id, kind, currency, external_ref, memo)
  VALUES (:order_id::uuid, 'authorization'::ledger_kind, 'USD', 'pi_bench_' || replace(:order_id::text, '-', ''), 'Card authorized (manual capture)')
  ON CONFLICT DO NOTHING
  RETURNING id
),
entries AS (
  INSERT INTO ledger_entries (transaction_id, order_id, account, amount, currency)
  SELECT posted.id, :order_id::uuid, e.account, e.amount, 'USD'
  FROM posted CROSS JOIN jsonb_to_recordset(json_build_array(json_build_object('account', 'stripe_authorized', 'amount', :total::int),
                                                              json_build_object('account', 'shopper_receivable', 'amount', -:total::int))::jsonb) AS e(account ledger_account, amount bigint)
)
SELECT id FROM posted;
INSERT INTO pgboss.job_common ( id, name, data, priority, start_after, created_on, singleton_key, singleton_on, group_id, group_tier, expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter, heartbeat_seconds, blocked, blocking, pending_dependencies, trace_context )
 SELECT COALESCE(id, gen_random_uuid()) as id, 'checkout.order-authorized' as name, data, COALESCE(priority, 0) as priority, j.start_after, pgboss.job_now() as created_on, "singletonKey", CASE WHEN "singletonSeconds" IS NOT NULL THEN 'epoch'::timestamp + '1s'::interval * ("singletonSeconds"::float8 * floor(( date_part('epoch', pgboss.job_now()) + COALESCE("singletonOffset",0)::float8) / "singletonSeconds"::float8 )) ELSE NULL END as singleton_on, "groupId" as group_id, "groupTier" as group_tier, COALESCE("expireInSeconds", q.expire_seconds, 900) as expire_seconds, COALESCE("deleteAfterSeconds", q.deletion_seconds, 604800) as deletion_seconds, j.start_after + (COALESCE("retentionSeconds", q.retention_seconds, 1209600) * interval '1s') as keep_until, COALESCE("retryLimit", q.retry_limit, 2) as retry_limit, COALESCE("retryDelay", q.retry_delay, 0) as retry_delay, COALESCE("retryBackoff", q.retry_backoff, false) as retry_backoff, COALESCE("retryDelayMax", q.retry_delay_max) as retry_delay_max, q.policy, COALESCE("deadLetter", q.dead_letter) as dead_letter, COALESCE("heartbeatSeconds", q.heartbeat_seconds) as heartbeat_seconds, COALESCE(blocked, false) as blocked, COALESCE(blocking, false) as blocking, COALESCE("pendingDependencies", 0) as pending_dependencies, "__traceContext" as trace_context
 FROM ( SELECT *, CASE WHEN (right("startAfter", 1) = 'Z' OR "startAfter" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST("startAfter" as timestamp with time zone) ELSE pgboss.job_now() + CAST(COALESCE("startAfter",'0') as interval) END as start_after
 FROM json_to_recordset(json_build_array(json_build_object('id', null, 'name', 'checkout.order-authorized', 'data', json_build_object('orderId', :order_id::text), 'singletonKey', null, 'singletonOffset', 0, 'groupId', null, 'groupTier', null, 'deadLetter', null))::text::json) as x ( id uuid, priority integer, data jsonb, "startAfter" text, "retryLimit" integer, "retryDelay" integer, "retryDelayMax" integer, "retryBackoff" boolean, "singletonKey" text, "singletonSeconds" integer, "singletonOffset" integer, "groupId" text, "groupTier" text, "expireInSeconds" integer, "deleteAfterSeconds" integer, "retentionSeconds" integer, "deadLetter" text, "heartbeatSeconds" integer, blocked boolean, blocking boolean, "pendingDependencies" integer, "__traceContext" jsonb )
 ) j LEFT JOIN pgboss.queue q ON q.name = 'checkout.order-authorized'
 ON CONFLICT DO NOTHING RETURNING id;
UPDATE idempotency_keys SET state = 'completed', response_status = 201,
  response_body = json_build_object('order', json_build_object('id', :order_id::text, 'number', :number::text, 'status', 'authorized', 'total', :total::int, 'currency', :currency::text))::jsonb,
  completed_at = now()
WHERE scope = 'checkout:' || :cart_id AND key = :idem_key AND owner = :owner::uuid
RETURNING key;
COMMIT;
