-- The database work of ONE API checkout (POST /api/v1/carts/{id}/checkout, 1-line cart, card
-- authorized) as bare SQL, statement for statement in the order the app sends it:
-- server/idempotency.server.ts (claim, store the answer), server/checkout.server.ts placeOrder
-- (tx 1, with server/cart.server.ts getCart and server/inventory.server.ts reserveStock) and
-- recordAuthorization (tx 2, with server/ledger.server.ts postAuthorization), and pg-boss send()
-- through server/outbox.server.ts. Only the Stripe call between the two transactions, and HTTP,
-- are missing. It mirrors the code as of 2026-11-24 17:00 (ledger + safety-capture job included):
-- when the checkout path changes, change this script with it (log_statement = 'all' on the bench
-- database shows exactly what one checkout sends).
--
-- Run by `npm run bench:checkout` (bench/checkout.ts), which first creates the carts this script
-- checks out: cart number n (from the sequence bench_pgbench_cart_seq) has the id
-- b0000000-0000-4000-8000-<n, 12 digits> and one line of a bench SKU. By hand, once that exists:
--   pgbench -n -M extended -c 16 -j 2 -T 20 -f bench/pgbench/checkout.sql <bench database url>
-- -M extended is the app's protocol: postgres.js through Drizzle sends unnamed extended-protocol
-- statements, so each one is parsed and planned every time. -M prepared shows what named prepared
-- statements would give. The first two SELECTs (which cart, a fresh key) are the bench's own.
--
-- The pg-boss job inserts are pg-boss 12's own INSERT (plans.insertJobs for the job_common table,
-- notify off, as the queues are configured), with the JSON payload send() binds as $1.

SELECT nextval('bench_pgbench_cart_seq') AS n \gset
SELECT ('b0000000-0000-4000-8000-' || lpad(:n::text, 12, '0')) AS cart_id, gen_random_uuid()::text AS idem_key \gset

-- withIdempotency: claim the key (autocommit).
INSERT INTO idempotency_keys (scope, key, fingerprint, state, created_at, completed_at, expires_at, response_status, response_body)
VALUES ('checkout:' || :cart_id, :idem_key, md5(:idem_key::text) || md5(:cart_id::text), 'running', default, default, now() + make_interval(hours => 24), default, default)
ON CONFLICT DO NOTHING RETURNING key;

-- placeOrder, transaction 1: order, lines, stock, event, cart, abandoned-payment job.
BEGIN;
SELECT id, checked_out_at FROM carts WHERE id = :cart_id::uuid FOR UPDATE;
SELECT id, checked_out_at FROM carts WHERE id = :cart_id::uuid;
SELECT cl.variant_id, cl.quantity, v.sku, v.title AS variant_title, p.handle, p.title AS product_title, vp.amount, i.sellable,
       (SELECT url FROM images WHERE images.product_id = p.id ORDER BY images.position LIMIT 1) AS image_url
FROM cart_lines cl
JOIN variants v ON v.id = cl.variant_id
JOIN products p ON p.id = v.product_id
JOIN variant_prices vp ON vp.variant_id = v.id AND vp.currency = 'USD'
LEFT JOIN inventory i ON i.variant_id = v.id
WHERE cl.cart_id = :cart_id::uuid
ORDER BY cl.added_at, cl.variant_id \gset
INSERT INTO orders (id, number, cart_id, email, region, currency, subtotal, shipping_amount, tax_amount, tax_included, total, shipping_method, shipping_address,
                    status, payment_intent_id, payment_failure_code, payment_failure_message, created_at, updated_at, authorized_at)
VALUES (default, default, :cart_id::uuid, 'bench@example.com', 'us', 'USD', :amount::int, 800, (:amount::int * 625 + 5000) / 10000, 0,
        :amount::int + 800 + (:amount::int * 625 + 5000) / 10000, 'standard',
        '{"name":"Bench Shopper","line1":"1 Main St","city":"Austin","postalCode":"78701","region":"TX","country":"US"}'::jsonb,
        default, default, default, default, default, default, default)
RETURNING id AS order_id, number, status, total, currency \gset
INSERT INTO order_lines (order_id, variant_id, sku, title, variant_title, quantity, unit_amount, line_total)
VALUES (:order_id::uuid, :variant_id::int, :sku::text, :product_title::text, :variant_title::text, :quantity::int, :amount::int, :amount::int * :quantity::int);
WITH wanted AS (
  SELECT * FROM unnest(ARRAY[:variant_id::int]::int[], ARRAY[:quantity::int]::int[]) AS w(variant_id, qty)
),
locked AS (
  SELECT i.variant_id FROM inventory i JOIN wanted w USING (variant_id)
  WHERE i.available - i.reserved >= w.qty
  ORDER BY i.variant_id
  FOR UPDATE OF i
),
updated AS (
  UPDATE inventory i SET reserved = i.reserved + w.qty, updated_at = now()
  FROM wanted w, locked l
  WHERE i.variant_id = w.variant_id AND l.variant_id = w.variant_id AND i.available - i.reserved >= w.qty
  RETURNING i.variant_id
),
held AS (
  INSERT INTO reservations (order_id, variant_id, quantity)
  SELECT :order_id::uuid, w.variant_id, w.qty FROM wanted w JOIN updated u USING (variant_id)
  RETURNING variant_id
)
SELECT variant_id FROM held;
INSERT INTO order_events (id, order_id, at, from_status, to_status, note)
VALUES (default, :order_id::uuid, default, null, 'pending_payment', 'Order placed; stock reserved');
UPDATE carts SET checked_out_at = now() WHERE id = :cart_id::uuid;
INSERT INTO pgboss.job_common ( id, name, data, priority, start_after, created_on, singleton_key, singleton_on, group_id, group_tier, expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter, heartbeat_seconds, blocked, blocking, pending_dependencies, trace_context )
 SELECT COALESCE(id, gen_random_uuid()) as id, 'checkout.recover-pending-order' as name, data, COALESCE(priority, 0) as priority, j.start_after, pgboss.job_now() as created_on, "singletonKey", CASE WHEN "singletonSeconds" IS NOT NULL THEN 'epoch'::timestamp + '1s'::interval * ("singletonSeconds"::float8 * floor(( date_part('epoch', pgboss.job_now()) + COALESCE("singletonOffset",0)::float8) / "singletonSeconds"::float8 )) ELSE NULL END as singleton_on, "groupId" as group_id, "groupTier" as group_tier, COALESCE("expireInSeconds", q.expire_seconds, 900) as expire_seconds, COALESCE("deleteAfterSeconds", q.deletion_seconds, 604800) as deletion_seconds, j.start_after + (COALESCE("retentionSeconds", q.retention_seconds, 1209600) * interval '1s') as keep_until, COALESCE("retryLimit", q.retry_limit, 2) as retry_limit, COALESCE("retryDelay", q.retry_delay, 0) as retry_delay, COALESCE("retryBackoff", q.retry_backoff, false) as retry_backoff, COALESCE("retryDelayMax", q.retry_delay_max) as retry_delay_max, q.policy, COALESCE("deadLetter", q.dead_letter) as dead_letter, COALESCE("heartbeatSeconds", q.heartbeat_seconds) as heartbeat_seconds, COALESCE(blocked, false) as blocked, COALESCE(blocking, false) as blocking, COALESCE("pendingDependencies", 0) as pending_dependencies, "__traceContext" as trace_context
 FROM ( SELECT *, CASE WHEN (right("startAfter", 1) = 'Z' OR "startAfter" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST("startAfter" as timestamp with time zone) ELSE pgboss.job_now() + CAST(COALESCE("startAfter",'0') as interval) END as start_after
 FROM json_to_recordset(json_build_array(json_build_object('id', null, 'name', 'checkout.recover-pending-order', 'data', json_build_object('orderId', :order_id::text), 'startAfter', '900', 'singletonKey', :order_id::text, 'singletonOffset', 0, 'groupId', null, 'groupTier', null, 'deadLetter', null))::text::json) as x ( id uuid, priority integer, data jsonb, "startAfter" text, "retryLimit" integer, "retryDelay" integer, "retryDelayMax" integer, "retryBackoff" boolean, "singletonKey" text, "singletonSeconds" integer, "singletonOffset" integer, "groupId" text, "groupTier" text, "expireInSeconds" integer, "deleteAfterSeconds" integer, "retentionSeconds" integer, "deadLetter" text, "heartbeatSeconds" integer, blocked boolean, blocking boolean, "pendingDependencies" integer, "__traceContext" jsonb )
 ) j LEFT JOIN pgboss.queue q ON q.name = 'checkout.recover-pending-order'
 ON CONFLICT DO NOTHING RETURNING id;

COMMIT;

-- (the app calls Stripe here: paymentIntents.create, confirm, capture_method=manual)

-- recordAuthorization, transaction 2: lock the order, order -> authorized (status trigger fires),
-- event, audit, the ledger posting (server/ledger.server.ts postAuthorization: one
-- transaction, two entries; the balance and refund-limit constraint triggers run at COMMIT), then
-- the confirmation-email, Shopify-push and day-6 safety-capture jobs.
BEGIN;
SELECT status, currency FROM orders WHERE id = :order_id::uuid FOR UPDATE;
UPDATE orders SET payment_intent_id = 'pi_bench_' || replace(:order_id::text, '-', ''), authorized_at = now(), status = 'authorized'
WHERE id = :order_id::uuid AND status = 'pending_payment' RETURNING id;
INSERT INTO order_events (id, order_id, at, from_status, to_status, note)
VALUES (default, :order_id::uuid, default, 'pending_payment', 'authorized', 'Payment of $' || to_char(:total::int / 100.0, 'FM999990.00') || ' authorized');
INSERT INTO audit_log (id, at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, request_id, ip)
VALUES (default, default, 'system', null, 'checkout', 'order.authorized', 'order', :order_id::text,
        '{"status":"pending_payment"}'::jsonb, json_build_object('status', 'authorized', 'paymentIntentId', 'pi_bench_' || replace(:order_id::text, '-', ''))::jsonb, null, null);
INSERT INTO ledger_transactions (id, order_id, kind, currency, external_ref, memo, created_at)
VALUES (default, :order_id::uuid, 'authorization', 'USD', 'pi_bench_' || replace(:order_id::text, '-', ''), 'Card authorized (manual capture)', default)
ON CONFLICT DO NOTHING RETURNING id AS ledger_tx_id \gset
INSERT INTO ledger_entries (id, transaction_id, order_id, account, amount, currency, created_at)
VALUES (default, :ledger_tx_id::bigint, :order_id::uuid, 'stripe_authorized', :total::int, 'USD', default),
       (default, :ledger_tx_id::bigint, :order_id::uuid, 'shopper_receivable', -:total::int, 'USD', default);
INSERT INTO pgboss.job_common ( id, name, data, priority, start_after, created_on, singleton_key, singleton_on, group_id, group_tier, expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter, heartbeat_seconds, blocked, blocking, pending_dependencies, trace_context )
 SELECT COALESCE(id, gen_random_uuid()) as id, 'orders.send-confirmation-email' as name, data, COALESCE(priority, 0) as priority, j.start_after, pgboss.job_now() as created_on, "singletonKey", CASE WHEN "singletonSeconds" IS NOT NULL THEN 'epoch'::timestamp + '1s'::interval * ("singletonSeconds"::float8 * floor(( date_part('epoch', pgboss.job_now()) + COALESCE("singletonOffset",0)::float8) / "singletonSeconds"::float8 )) ELSE NULL END as singleton_on, "groupId" as group_id, "groupTier" as group_tier, COALESCE("expireInSeconds", q.expire_seconds, 900) as expire_seconds, COALESCE("deleteAfterSeconds", q.deletion_seconds, 604800) as deletion_seconds, j.start_after + (COALESCE("retentionSeconds", q.retention_seconds, 1209600) * interval '1s') as keep_until, COALESCE("retryLimit", q.retry_limit, 2) as retry_limit, COALESCE("retryDelay", q.retry_delay, 0) as retry_delay, COALESCE("retryBackoff", q.retry_backoff, false) as retry_backoff, COALESCE("retryDelayMax", q.retry_delay_max) as retry_delay_max, q.policy, COALESCE("deadLetter", q.dead_letter) as dead_letter, COALESCE("heartbeatSeconds", q.heartbeat_seconds) as heartbeat_seconds, COALESCE(blocked, false) as blocked, COALESCE(blocking, false) as blocking, COALESCE("pendingDependencies", 0) as pending_dependencies, "__traceContext" as trace_context
 FROM ( SELECT *, CASE WHEN (right("startAfter", 1) = 'Z' OR "startAfter" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST("startAfter" as timestamp with time zone) ELSE pgboss.job_now() + CAST(COALESCE("startAfter",'0') as interval) END as start_after
 FROM json_to_recordset(json_build_array(json_build_object('id', null, 'name', 'orders.send-confirmation-email', 'data', json_build_object('orderId', :order_id::text), 'singletonKey', null, 'singletonOffset', 0, 'groupId', null, 'groupTier', null, 'deadLetter', null))::text::json) as x ( id uuid, priority integer, data jsonb, "startAfter" text, "retryLimit" integer, "retryDelay" integer, "retryDelayMax" integer, "retryBackoff" boolean, "singletonKey" text, "singletonSeconds" integer, "singletonOffset" integer, "groupId" text, "groupTier" text, "expireInSeconds" integer, "deleteAfterSeconds" integer, "retentionSeconds" integer, "deadLetter" text, "heartbeatSeconds" integer, blocked boolean, blocking boolean, "pendingDependencies" integer, "__traceContext" jsonb )
 ) j LEFT JOIN pgboss.queue q ON q.name = 'orders.send-confirmation-email'
 ON CONFLICT DO NOTHING RETURNING id;
INSERT INTO pgboss.job_common ( id, name, data, priority, start_after, created_on, singleton_key, singleton_on, group_id, group_tier, expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter, heartbeat_seconds, blocked, blocking, pending_dependencies, trace_context )
 SELECT COALESCE(id, gen_random_uuid()) as id, 'shopify.push-order' as name, data, COALESCE(priority, 0) as priority, j.start_after, pgboss.job_now() as created_on, "singletonKey", CASE WHEN "singletonSeconds" IS NOT NULL THEN 'epoch'::timestamp + '1s'::interval * ("singletonSeconds"::float8 * floor(( date_part('epoch', pgboss.job_now()) + COALESCE("singletonOffset",0)::float8) / "singletonSeconds"::float8 )) ELSE NULL END as singleton_on, "groupId" as group_id, "groupTier" as group_tier, COALESCE("expireInSeconds", q.expire_seconds, 900) as expire_seconds, COALESCE("deleteAfterSeconds", q.deletion_seconds, 604800) as deletion_seconds, j.start_after + (COALESCE("retentionSeconds", q.retention_seconds, 1209600) * interval '1s') as keep_until, COALESCE("retryLimit", q.retry_limit, 2) as retry_limit, COALESCE("retryDelay", q.retry_delay, 0) as retry_delay, COALESCE("retryBackoff", q.retry_backoff, false) as retry_backoff, COALESCE("retryDelayMax", q.retry_delay_max) as retry_delay_max, q.policy, COALESCE("deadLetter", q.dead_letter) as dead_letter, COALESCE("heartbeatSeconds", q.heartbeat_seconds) as heartbeat_seconds, COALESCE(blocked, false) as blocked, COALESCE(blocking, false) as blocking, COALESCE("pendingDependencies", 0) as pending_dependencies, "__traceContext" as trace_context
 FROM ( SELECT *, CASE WHEN (right("startAfter", 1) = 'Z' OR "startAfter" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST("startAfter" as timestamp with time zone) ELSE pgboss.job_now() + CAST(COALESCE("startAfter",'0') as interval) END as start_after
 FROM json_to_recordset(json_build_array(json_build_object('id', null, 'name', 'shopify.push-order', 'data', json_build_object('orderId', :order_id::text), 'singletonKey', null, 'singletonOffset', 0, 'groupId', null, 'groupTier', null, 'deadLetter', null))::text::json) as x ( id uuid, priority integer, data jsonb, "startAfter" text, "retryLimit" integer, "retryDelay" integer, "retryDelayMax" integer, "retryBackoff" boolean, "singletonKey" text, "singletonSeconds" integer, "singletonOffset" integer, "groupId" text, "groupTier" text, "expireInSeconds" integer, "deleteAfterSeconds" integer, "retentionSeconds" integer, "deadLetter" text, "heartbeatSeconds" integer, blocked boolean, blocking boolean, "pendingDependencies" integer, "__traceContext" jsonb )
 ) j LEFT JOIN pgboss.queue q ON q.name = 'shopify.push-order'
 ON CONFLICT DO NOTHING RETURNING id;

INSERT INTO pgboss.job_common ( id, name, data, priority, start_after, created_on, singleton_key, singleton_on, group_id, group_tier, expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter, heartbeat_seconds, blocked, blocking, pending_dependencies, trace_context )
 SELECT COALESCE(id, gen_random_uuid()) as id, 'payments.safety-capture' as name, data, COALESCE(priority, 0) as priority, j.start_after, pgboss.job_now() as created_on, "singletonKey", CASE WHEN "singletonSeconds" IS NOT NULL THEN 'epoch'::timestamp + '1s'::interval * ("singletonSeconds"::float8 * floor(( date_part('epoch', pgboss.job_now()) + COALESCE("singletonOffset",0)::float8) / "singletonSeconds"::float8 )) ELSE NULL END as singleton_on, "groupId" as group_id, "groupTier" as group_tier, COALESCE("expireInSeconds", q.expire_seconds, 900) as expire_seconds, COALESCE("deleteAfterSeconds", q.deletion_seconds, 604800) as deletion_seconds, j.start_after + (COALESCE("retentionSeconds", q.retention_seconds, 1209600) * interval '1s') as keep_until, COALESCE("retryLimit", q.retry_limit, 2) as retry_limit, COALESCE("retryDelay", q.retry_delay, 0) as retry_delay, COALESCE("retryBackoff", q.retry_backoff, false) as retry_backoff, COALESCE("retryDelayMax", q.retry_delay_max) as retry_delay_max, q.policy, COALESCE("deadLetter", q.dead_letter) as dead_letter, COALESCE("heartbeatSeconds", q.heartbeat_seconds) as heartbeat_seconds, COALESCE(blocked, false) as blocked, COALESCE(blocking, false) as blocking, COALESCE("pendingDependencies", 0) as pending_dependencies, "__traceContext" as trace_context
 FROM ( SELECT *, CASE WHEN (right("startAfter", 1) = 'Z' OR "startAfter" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN CAST("startAfter" as timestamp with time zone) ELSE pgboss.job_now() + CAST(COALESCE("startAfter",'0') as interval) END as start_after
 FROM json_to_recordset(json_build_array(json_build_object('id', null, 'name', 'payments.safety-capture', 'data', json_build_object('orderId', :order_id::text), 'startAfter', '518400', 'singletonKey', 'safety-capture:' || :order_id::text, 'singletonOffset', 0, 'groupId', null, 'groupTier', null, 'deadLetter', null))::text::json) as x ( id uuid, priority integer, data jsonb, "startAfter" text, "retryLimit" integer, "retryDelay" integer, "retryDelayMax" integer, "retryBackoff" boolean, "singletonKey" text, "singletonSeconds" integer, "singletonOffset" integer, "groupId" text, "groupTier" text, "expireInSeconds" integer, "deleteAfterSeconds" integer, "retentionSeconds" integer, "deadLetter" text, "heartbeatSeconds" integer, blocked boolean, blocking boolean, "pendingDependencies" integer, "__traceContext" jsonb )
 ) j LEFT JOIN pgboss.queue q ON q.name = 'payments.safety-capture'
 ON CONFLICT DO NOTHING RETURNING id;
COMMIT;

-- withIdempotency: store the response (autocommit).
UPDATE idempotency_keys SET state = 'completed', response_status = 201,
  response_body = json_build_object('order', json_build_object('id', :order_id::text, 'number', :number::text, 'status', 'authorized', 'total', :total::int, 'currency', :currency::text))::jsonb,
  completed_at = now()
WHERE scope = 'checkout:' || :cart_id AND key = :idem_key;
