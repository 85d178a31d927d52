// The outbound half of the Shopify sync: an authorized DotShop order becomes one Shopify order.
//
// - Idempotent: the DotShop order id is the lookup key (tag `dotshop-order-<id>`, also
//   sourceIdentifier and a custom attribute). Before `orderCreate` we look for the tag; the create
//   itself carries `@idempotent(key: "dotshop-order-<id>")` for the window in which Shopify's
//   search has not indexed an order it just created. A push that already succeeded in our database
//   never calls Shopify again.
// - In order per SKU: an order is created on Shopify only after every earlier-authorized order that
//   shares a variant with it has been acknowledged. `pushOrderInSkuOrder` pushes that per-SKU past
//   first (oldest first), so an order with several SKUs cannot overtake an older order of any of them,
//   whichever queue key its job carries (see ADR 012).
// - inventoryBehaviour DECREMENT_IGNORING_POLICY: Shopify's count must come to include the order, or
//   the reservation could never be released honestly; a sale DotShop already authorized is a fact
//   Shopify must record even if its count has meanwhile gone to zero (that shows as oversell risk).
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { queues } from '../../platform/queues';
import { writeAudit, type AuditActor } from '../admin';
import { failedJobs, lockFailedJob } from '../../platform/job-state';
import { flagOrder } from '../orders';
import type { Logger } from '../../platform/logger';


import type { Outbox } from '../../platform/outbox';
import { type ShopifyClient } from '../../integrations/shopify/client';
import { withSpan } from '../../platform/tracing';


export type PushDeps = { db: Db; shopify: Pick<ShopifyClient, 'graphql'> };

/** Shopify refused the order itself (unknown variant, invalid input): retrying the same input will not help. */
export class ShopifyOrderRejected extends Error {
  constructor(
    message: string,
    readonly userErrors: unknown,
  ) {
    super(message);
    this.name = 'ShopifyOrderRejected';
  }
}

export const orderTag = (orderId: string) => `dotshop-order-${orderId}`;
export const INVENTORY_BEHAVIOUR = 'DECREMENT_IGNORING_POLICY' as const;

type OrderRow = {
  id: string;
  number: string;
  email: string;
  currency: string;
  shipping_amount: number;
  tax_amount: number;
  tax_included: number;
  shipping_method: string;
  shipping_address: Record<string, string>;
};
type LineRow = { variant_id: number; sku: string; title: string; variant_title: string; quantity: number; unit_amount: number; shopify_id: string | null };

const money = (minor: number, currency: string) => ({ shopMoney: { amount: (minor / 100).toFixed(2), currencyCode: currency } });

const FIND_ORDER = `query FindDotShopOrder($q: String!) { orders(first: 1, query: $q) { nodes { id name } } }`;
const FIND_VARIANT = `query FindVariantBySku($q: String!) { productVariants(first: 1, query: $q) { nodes { id sku } } }`;
const createOrderMutation = (key: string) => `mutation PushDotShopOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) @idempotent(key: ${JSON.stringify(key)}) {
    order { id name }
    userErrors { field message code }
  }
}`;

/** The Shopify order already created for this DotShop order, by its tag (eventually consistent). */
export async function findShopifyOrder(shopify: PushDeps['shopify'], orderId: string): Promise<{ id: string; name: string } | null> {
  const { data } = await shopify.graphql<{ orders: { nodes: { id: string; name: string }[] } }>(FIND_ORDER, { q: `tag:'${orderTag(orderId)}'` });
  return data.orders.nodes[0] ?? null;
}

async function shopifyVariantId(shopify: PushDeps['shopify'], line: LineRow): Promise<string> {
  if (line.shopify_id) return line.shopify_id;
  const { data } = await shopify.graphql<{ productVariants: { nodes: { id: string; sku: string }[] } }>(FIND_VARIANT, { q: `sku:'${line.sku.replace(/'/g, "\\'")}'` });
  const hit = data.productVariants.nodes.find((n) => n.sku === line.sku);
  if (!hit) throw new ShopifyOrderRejected(`SKU ${line.sku} is not on Shopify`, null);
  return hit.id;
}

/** The orderCreate input, built from stored data only (so the idempotency key always sees the same arguments). */
export async function buildOrderInput(shopify: PushDeps['shopify'], o: OrderRow, lines: LineRow[]) {
  const addr = o.shipping_address ?? {};
  const [firstName, ...rest] = String(addr.name ?? '').split(' ');
  return {
    lineItems: await Promise.all(
      lines.map(async (l) => ({ variantId: await shopifyVariantId(shopify, l), quantity: l.quantity, priceSet: money(l.unit_amount, o.currency) })),
    ),
    currency: o.currency,
    presentmentCurrency: o.currency,
    email: o.email,
    name: o.number,
    tags: [orderTag(o.id), 'dotshop'],
    sourceIdentifier: o.id,
    sourceName: 'dotshop',
    customAttributes: [
      { key: 'dotshop_order_id', value: o.id },
      { key: 'dotshop_order_number', value: o.number },
    ],
    financialStatus: 'AUTHORIZED',
    taxesIncluded: o.tax_included === 1,
    shippingLines: [{ title: o.shipping_method, code: o.shipping_method, priceSet: money(o.shipping_amount, o.currency) }],
    ...(o.tax_amount > 0 ? { taxLines: [{ title: o.tax_included === 1 ? 'VAT' : 'Sales tax', priceSet: money(o.tax_amount, o.currency) }] } : {}),
    shippingAddress: {
      firstName: firstName || undefined,
      lastName: rest.join(' ') || undefined,
      address1: addr.line1,
      address2: addr.line2 || undefined,
      city: addr.city,
      zip: addr.postalCode,
      provinceCode: addr.region || undefined,
      countryCode: addr.country,
    },
  };
}

export type PushOutcome = { orderId: string; result: 'acknowledged' | 'already_acknowledged' | 'found_on_shopify' | 'not_live'; shopifyOrderId: string | null };

/** Orders whose sale stands: pushed to Shopify. A cancelled or failed order never is (ADR 021). */
export const LIVE_ORDER_STATUSES = ['authorized', 'fulfilled', 'captured', 'refunded'] as const;

/**
 * Pushes ONE order (no ordering check: see pushOrderInSkuOrder). Serialised per order by a
 * transaction-level advisory lock held across the Shopify call, so two workers never both create.
 */
export function pushOrder(deps: PushDeps, orderId: string): Promise<PushOutcome> {
  return withSpan('shopify push order', { 'dotshop.order_id': orderId }, async (span) => {
    const outcome = await pushOrderUntraced(deps, orderId);
    span?.setAttribute('dotshop.shopify.result', outcome.result);
    return outcome;
  });
}

async function pushOrderUntraced(deps: PushDeps, orderId: string): Promise<PushOutcome> {
  try {
    return await deps.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`shopify-push:${orderId}`}, 0))`);
      const [state] = await tx.execute<{ status: string; shopify_order_id: string | null }>(
        sql`select status, shopify_order_id from shopify_order_pushes where order_id = ${orderId}::uuid`,
      );
      if (state?.status === 'acknowledged' && state.shopify_order_id) return { orderId, result: 'already_acknowledged' as const, shopifyOrderId: state.shopify_order_id };
      // FOR SHARE: an admin cancel waits for this push (Shopify call included) and then queues the
      // cancellation on Shopify, which takes this same advisory lock; a cancel that committed first
      // is seen here and the order is not pushed (issue 11 §3.3).
      const [o] = await tx.execute<OrderRow & { authorized_at: Date | null; status: string }>(
        sql`select id, number, email, currency, shipping_amount, tax_amount, tax_included, shipping_method, shipping_address, authorized_at, status from orders where id = ${orderId}::uuid for share`,
      );
      if (!o) throw new Error(`order ${orderId} not found`);
      if (!o.authorized_at) throw new Error(`order ${orderId} is not authorized`);
      if (!(LIVE_ORDER_STATUSES as readonly string[]).includes(o.status)) {
        await tx.execute(sql`
          insert into shopify_order_pushes (order_id, status, attempts, last_error, updated_at) values (${orderId}::uuid, 'not_pushed', 1, ${`order ${o.status}`}, now())
          on conflict (order_id) do update set status = 'not_pushed', last_error = excluded.last_error, updated_at = now()`);
        return { orderId, result: 'not_live' as const, shopifyOrderId: null };
      }
      const lines = await tx.execute<LineRow>(sql`
        select l.variant_id, l.sku, l.title, l.variant_title, l.quantity, l.unit_amount, v.shopify_id
        from order_lines l join variants v on v.id = l.variant_id
        where l.order_id = ${orderId}::uuid order by l.sku`);

      let result: PushOutcome['result'] = 'found_on_shopify';
      let shopifyOrder = await findShopifyOrder(deps.shopify, orderId);
      if (!shopifyOrder) {
        const input = await buildOrderInput(deps.shopify, o, [...lines]);
        const { data } = await withSpan('shopify orderCreate', { 'dotshop.order_id': orderId }, () =>
          deps.shopify.graphql<{
            orderCreate: { order: { id: string; name: string } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] };
          }>(createOrderMutation(orderTag(orderId)), { order: input, options: { inventoryBehaviour: INVENTORY_BEHAVIOUR, sendReceipt: false } }),
        );
        if (data.orderCreate.userErrors.length || !data.orderCreate.order) {
          throw new ShopifyOrderRejected(`Shopify refused the order: ${data.orderCreate.userErrors.map((e) => `${e.code ?? ''} ${e.message}`).join('; ')}`, data.orderCreate.userErrors);
        }
        shopifyOrder = data.orderCreate.order;
        result = 'acknowledged';
      }
      // clock_timestamp(), not now(): the acknowledgement happened after the Shopify call, and the
      // release rule compares stock levels against this instant.
      const acknowledged = shopifyOrder;
      await withSpan('shopify acknowledgement', { 'dotshop.order_id': orderId, 'dotshop.shopify.order_id': acknowledged.id }, async () => {
        await tx.execute(sql`
          insert into shopify_order_pushes (order_id, status, attempts, shopify_order_id, acknowledged_at, last_error, updated_at)
          values (${orderId}::uuid, 'acknowledged', 1, ${acknowledged.id}, clock_timestamp(), null, clock_timestamp())
          on conflict (order_id) do update set status = 'acknowledged', attempts = shopify_order_pushes.attempts + 1,
            shopify_order_id = excluded.shopify_order_id, acknowledged_at = excluded.acknowledged_at, last_error = null, updated_at = excluded.updated_at`);
        await tx.execute(sql`
          insert into sync_lag_samples (direction, topic, ref, started_at, acknowledged_at)
          select 'outbound', 'orders/create', o.id::text, o.authorized_at, p.acknowledged_at
          from orders o join shopify_order_pushes p on p.order_id = o.id where o.id = ${orderId}::uuid`);
      });
      return { orderId, result, shopifyOrderId: shopifyOrder.id };
    });
  } catch (err) {
    const status = err instanceof ShopifyOrderRejected ? 'rejected' : 'failing';
    const message = err instanceof Error ? err.message : String(err);
    await deps.db.execute(sql`
      insert into shopify_order_pushes (order_id, status, attempts, last_error)
      values (${orderId}::uuid, ${status}, 1, ${message.slice(0, 2000)})
      on conflict (order_id) do update set status = case when shopify_order_pushes.status = 'acknowledged' then shopify_order_pushes.status else excluded.status end,
        attempts = shopify_order_pushes.attempts + 1, last_error = excluded.last_error, updated_at = now()`);
    throw err;
  }
}

/**
 * The order's per-SKU past that Shopify has not acknowledged yet, oldest first, ending with the
 * order itself: every earlier-authorized order sharing a variant with it, transitively (an older
 * order's own older orders come first too). Orders Shopify rejected outright are skipped — one bad
 * order does not stop a SKU; it waits in the dead-letter list for an admin.
 */
export async function unacknowledgedSkuPast(db: Db, orderId: string): Promise<string[]> {
  const rows = await db.execute<{ id: string }>(sql`
    with recursive need(id, authorized_at) as (
      select o.id, o.authorized_at from orders o where o.id = ${orderId}::uuid
      union
      select p.id, p.authorized_at
      from need n
      join order_lines nl on nl.order_id = n.id
      join order_lines pl on pl.variant_id = nl.variant_id and pl.order_id <> n.id
      join orders p on p.id = pl.order_id
      left join shopify_order_pushes s on s.order_id = p.id
      where p.authorized_at is not null
        and p.status in ('authorized', 'fulfilled', 'captured', 'refunded')
        and (p.authorized_at, p.id) < (n.authorized_at, n.id)
        and coalesce(s.status, '') not in ('acknowledged', 'rejected', 'not_pushed', 'cancelled')
    )
    select id from need order by authorized_at, id`);
  return rows.map((r) => r.id);
}

/** Pushes the order after its unacknowledged per-SKU past, oldest first; stops at the first failure. */
export async function pushOrderInSkuOrder(deps: PushDeps, orderId: string): Promise<PushOutcome[]> {
  const chain = await unacknowledgedSkuPast(deps.db, orderId);
  if (!chain.includes(orderId)) chain.push(orderId);
  const out: PushOutcome[] = [];
  for (const id of chain) out.push(await pushOrder(deps, id));
  return out;
}

const CANCEL_ORDER = `mutation CancelDotShopOrder($orderId: ID!) {
  orderCancel(orderId: $orderId, reason: STAFF, refund: false, restock: true, notifyCustomer: false, staffNote: "Cancelled in DotShop") {
    job { id done }
    orderCancelUserErrors { field message code }
  }
}`;

export type CancelOnShopifyOutcome = 'cancelled' | 'already_cancelled' | 'not_on_shopify' | 'not_cancelled_here' | 'refused';

/**
 * An order cancelled here that reached Shopify is cancelled there too, restocking its units, so
 * Shopify's count and DotShop's agree again (issue 11 §3.3). Serialised with the push by its
 * advisory lock: a push in flight finishes first, then this finds its Shopify order. Shopify
 * refusing (e.g. the order is already fulfilled there) flags the order for a person.
 */
export async function cancelOrderOnShopify(deps: PushDeps & { logger?: Pick<Logger, 'warn'> }, orderId: string): Promise<CancelOnShopifyOutcome> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`shopify-push:${orderId}`}, 0))`);
    const [o] = await tx.execute<{ status: string; shopify_order_id: string | null; push_status: string | null }>(sql`
      select o.status, p.shopify_order_id, p.status as push_status from orders o left join shopify_order_pushes p on p.order_id = o.id where o.id = ${orderId}::uuid`);
    if (!o) throw new Error(`order ${orderId} not found`);
    if (o.status !== 'cancelled' && o.status !== 'payment_failed') return 'not_cancelled_here';
    if (o.push_status === 'cancelled') return 'already_cancelled';
    const shopifyOrderId = o.shopify_order_id ?? (await findShopifyOrder(deps.shopify, orderId))?.id ?? null;
    if (!shopifyOrderId) return 'not_on_shopify';
    const { data } = await deps.shopify.graphql<{ orderCancel: { job: { id: string; done: boolean } | null; orderCancelUserErrors: { field: string[] | null; message: string; code: string | null }[] } }>(CANCEL_ORDER, { orderId: shopifyOrderId });
    const errors = data.orderCancel.orderCancelUserErrors;
    const already = errors.some((e) => /already been cancel/i.test(e.message));
    if (errors.length && !already) {
      const message = errors.map((e) => `${e.code ?? ''} ${e.message}`.trim()).join('; ');
      await tx.execute(sql`update shopify_order_pushes set status = 'cancel_refused', last_error = ${message.slice(0, 2000)}, updated_at = now() where order_id = ${orderId}::uuid`);
      await flagOrder(tx, { orderId, reason: 'cancel_on_shopify_failed', message: `Shopify refused to cancel the order cancelled here: ${message}`, detail: { shopifyOrderId }, actorLabel: 'shopify-sync' }, deps.logger);
      return 'refused';
    }
    await tx.execute(sql`
      insert into shopify_order_pushes (order_id, status, attempts, shopify_order_id, updated_at) values (${orderId}::uuid, 'cancelled', 1, ${shopifyOrderId}, now())
      on conflict (order_id) do update set status = 'cancelled', shopify_order_id = excluded.shopify_order_id, last_error = null, updated_at = now()`);
    return already ? 'already_cancelled' : 'cancelled';
  });
}

/** The SKU an order's push job is keyed by (the smallest of its SKUs; see ADR 012). */
export async function pushKeyForOrder(db: Tx, orderId: string): Promise<string | null> {
  const [row] = await db.execute<{ sku: string | null }>(sql`select min(sku) as sku from order_lines where order_id = ${orderId}::uuid`);
  return row?.sku ?? null;
}

// ── Admin: dead-lettered pushes and their Retry ─────────────────────────────────────────────────

export const SHOPIFY_PUSH_QUEUES = [queues.pushOrderToShopify, queues.pushOrderToShopifyBySku] as const;

export type DeadLetteredPush = {
  jobId: string;
  queue: string;
  orderId: string | null;
  orderNumber: string | null;
  singletonKey: string | null;
  retries: number;
  failedAt: Date | null;
  error: string | null;
};

/** Push jobs that exhausted their retries (state 'failed'; a copy sits in shopify.dead-letter). A failed by-SKU job holds back its SKU. */
export async function listDeadLetteredPushes(db: Db, limit = 100): Promise<DeadLetteredPush[]> {
  const jobs = await failedJobs(db, SHOPIFY_PUSH_QUEUES, limit);
  const orderIds = [...new Set(jobs.map((j) => j.orderId).filter((id): id is string => id !== null))];
  const rows = orderIds.length
    ? await db.execute<{ id: string; number: string; last_error: string | null }>(sql`
        select o.id::text as id, o.number, p.last_error from orders o left join shopify_order_pushes p on p.order_id = o.id
        where o.id::text in (${sql.join(orderIds.map((id) => sql`${id}`), sql`, `)})`)
    : [];
  const byOrder = new Map(rows.map((r) => [r.id, r]));
  return jobs.map((j) => {
    const out = j.output as { message?: string } | null;
    const order = j.orderId ? byOrder.get(j.orderId) : undefined;
    return {
      jobId: j.id,
      queue: j.name,
      orderId: j.orderId,
      orderNumber: order?.number ?? null,
      singletonKey: j.singletonKey,
      retries: j.retryCount,
      failedAt: j.completedOn,
      error: order?.last_error ?? out?.message ?? null,
    };
  });
}

/** Queues the pg-boss retry of a dead-lettered push (run by the worker) and audit-logs it, in one transaction. */
export async function requestPushRetry(deps: { db: Db; outbox: Outbox }, jobId: string, actor: AuditActor): Promise<{ ok: true; queue: string } | { ok: false; message: string }> {
  return deps.db.transaction(async (tx) => {
    const job = await lockFailedJob(tx, jobId, SHOPIFY_PUSH_QUEUES);
    if (!job) return { ok: false as const, message: 'That push is no longer dead-lettered (already retried, or gone).' };
    await deps.outbox.send(tx, queues.retryShopifyDeadLetter, { queue: job.name, jobId });
    await writeAudit(tx as Db, { ...actor, action: 'shopify.push_retry_requested', entityType: 'order', entityId: job.orderId, after: { queue: job.name, jobId } });
    return { ok: true as const, queue: job.name };
  });
}

