// The outbound Shopify push and honest stock against real Postgres, real pg-boss, the Shopify
// emulator and the real @shopify/shopify-api SDK; orders are authorized through the real checkout
// (Stripe emulator).
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reservations, shopifyOrderPushes } from '../../../db/commerce-schema';
import { inventory, variants } from '../../../db/schema';
import { type ShopifyEmulator, startShopifyEmulator } from '../../../emulators/shopify/server';
import { queues } from '../../platform/queues';
import { registerShopifyPushJobs } from '../../../jobs/shopify-push-jobs';
import { addToCart, createCart } from '../cart';
import { checkoutIdempotently, fanOutAuthorizedOrders } from '../checkout';
import { createLogger } from '../../platform/logger';
import { findShopifyOrder, pushOrder, pushOrderInSkuOrder } from './push';
import { findAndCancelOrphanedShopifyOrders } from './orphans';
import { createShopifyClient, type ShopifyClient } from '../../integrations/shopify/client';
import { confirmCountsAfterAck, findOversellRisks, oversellRiskGauge, releaseCommittedReservations, runStockLifecycle } from './stock-lifecycle';
import { insertTestVariant } from '../../testing/catalog-fixture';
import { authorizedOrder, type PaymentsWorld, startPaymentsWorld } from '../../testing/payments-fixture';

let w: PaymentsWorld;
let emu: ShopifyEmulator;
let shopify: ShopifyClient;
const variantIds = new Map<string, number>();

beforeAll(async () => {
  w = await startPaymentsWorld('shopifypush');
  emu = await startShopifyEmulator({ port: 0 });
  shopify = createShopifyClient({
    SHOPIFY_SHOP_DOMAIN: emu.shopDomain,
    SHOPIFY_ACCESS_TOKEN: emu.accessToken,
    SHOPIFY_API_KEY: 'dotshop-test',
    SHOPIFY_API_SECRET: emu.apiSecret,
    SHOPIFY_API_BASE: emu.url,
  });
}, 60_000);
afterAll(async () => {
  await emu?.close();
  await w?.close();
});

let seq = 0;
/** A SKU that exists in DotShop AND on Shopify (same SKU, Shopify's variant gid stored), both with `available`. */
async function sku(available = 50): Promise<string> {
  const s = `PUSH-${process.pid}-${++seq}`;
  const v = await insertTestVariant(w.t.primary, { sku: s, available, usd: 10000 });
  const made = emu.createProduct({ title: `Push ${s}`, variants: [{ sku: s, price: '100.00', available }] });
  await w.t.primary.update(variants).set({ shopifyId: made.variants[0].variant_id, shopifyInventoryItemId: made.variants[0].inventory_item_id }).where(eq(variants.id, v.variantId));
  variantIds.set(s, v.variantId);
  return s;
}

/** An order authorized through the real checkout (Stripe emulator); Shopify is never called. */
async function placeOrder(lines: { sku: string; qty: number }[]) {
  const cartId = await createCart(w.t.primary, 'us');
  for (const l of lines) await addToCart(w.t.primary, cartId, l.sku, l.qty);
  const res = await checkoutIdempotently(w.deps, `push-${cartId}`, {
    cartId,
    region: 'us',
    email: 'push@example.com',
    shippingAddress: { name: 'Ada Lovelace', line1: '1 St', city: 'Portland', postalCode: '97201', region: 'OR', country: 'US' },
    shippingMethod: 'standard',
    paymentMethod: 'pm_card_visa',
  });
  if (res.status !== 201 || !res.body.order) throw new Error(`checkout failed: ${JSON.stringify(res.body)}`);
  await fanOutAuthorizedOrders(w.deps, [res.body.order.id]); // the order-authorized worker's part
  return res.body.order.id as string;
}

const inv = async (s: string) => {
  const [row] = await w.t.primary.select().from(inventory).where(eq(inventory.variantId, variantIds.get(s)!));
  return row;
};
const pushRow = async (orderId: string) => (await w.t.primary.select().from(shopifyOrderPushes).where(eq(shopifyOrderPushes.orderId, orderId)))[0];
const shopifyOrdersFor = (orderId: string) => emu.orders().filter((o) => o.tags.includes(`dotshop-order-${orderId}`));

async function waitUntil(what: string, ok: () => Promise<boolean>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('outbound push', () => {
  it('creates exactly one Shopify order however often the push runs, even when Shopify created it and the answer was lost', async () => {
    const s = await sku();
    const orderId = await placeOrder([{ sku: s, qty: 2 }]);
    // Shopify creates the order, then the response is lost ("created, the app never heard").
    emu.setFaults({ failNext: 1, status: 502, operation: 'orderCreate', phase: 'after' });
    await expect(pushOrder({ db: w.t.primary, shopify }, orderId)).rejects.toThrow();
    expect(shopifyOrdersFor(orderId)).toHaveLength(1);
    expect((await pushRow(orderId)).status).toBe('failing');

    const again = await pushOrder({ db: w.t.primary, shopify }, orderId);
    expect(again.result).toBe('found_on_shopify');
    expect(await pushOrder({ db: w.t.primary, shopify }, orderId)).toMatchObject({ result: 'already_acknowledged' });
    // Forget our own record: the job runs again from scratch and still finds it by tag.
    await w.t.primary.update(shopifyOrderPushes).set({ status: 'failing', shopifyOrderId: null }).where(eq(shopifyOrderPushes.orderId, orderId));
    expect((await pushOrder({ db: w.t.primary, shopify }, orderId)).result).toBe('found_on_shopify');
    await Promise.all([pushOrderInSkuOrder({ db: w.t.primary, shopify }, orderId), pushOrderInSkuOrder({ db: w.t.primary, shopify }, orderId)]);

    const created = shopifyOrdersFor(orderId);
    expect(created).toHaveLength(1);
    expect(created[0].source_identifier).toBe(orderId);
    expect(created[0].line_items).toEqual([expect.objectContaining({ sku: s, quantity: 2 })]);
    expect(await findShopifyOrder(shopify, orderId)).toMatchObject({ id: created[0].id });
    const push = await pushRow(orderId);
    expect(push).toMatchObject({ status: 'acknowledged', shopifyOrderId: created[0].id, lastError: null });
    expect(push.acknowledgedAt).toBeInstanceOf(Date);
    // DECREMENT_IGNORING_POLICY: Shopify's count now includes the order.
    expect(emu.stock(s).available).toBe(48);
    const samples = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from sync_lag_samples where direction = 'outbound' and ref = ${orderId}`);
    expect(samples[0].n).toBeGreaterThanOrEqual(1);
  });

  it('with Shopify down, checkout keeps authorizing; the pushes retry and drain in per-SKU authorization order', async () => {
    const [x, y, z] = [await sku(), await sku(), await sku()];
    emu.setDown(true);
    // A multi-SKU order in the middle: its job is keyed by one SKU, yet it must not overtake older orders of the other.
    const plan: { sku: string; qty: number }[][] = [[{ sku: y, qty: 1 }], [{ sku: x, qty: 1 }], [{ sku: x, qty: 1 }, { sku: y, qty: 1 }], [{ sku: y, qty: 2 }], [{ sku: z, qty: 1 }, { sku: x, qty: 1 }], [{ sku: x, qty: 3 }]];
    const authorized: { orderId: string; skus: string[] }[] = [];
    for (const lines of plan) authorized.push({ orderId: await placeOrder(lines), skus: lines.map((l) => l.sku) });

    await registerShopifyPushJobs(w.boss, { db: w.t, logger: createLogger('silent'), shopify, schedule: false, pollingIntervalSeconds: 0.5, concurrency: 3 });
    // While down: every push fails and is retried; nothing reaches Shopify; nothing is acknowledged.
    await waitUntil('first failed attempts', async () => {
      const rows = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from shopify_order_pushes where status = 'failing'`);
      return rows[0].n >= 1;
    });
    const ids = authorized.map((a) => a.orderId);
    expect(emu.orders().filter((o) => ids.includes(o.source_identifier ?? ''))).toHaveLength(0);

    emu.setDown(false);
    await waitUntil('all pushes acknowledged', async () => {
      const rows = await w.t.primary.execute<{ n: number }>(
        sql`select count(*)::int as n from shopify_order_pushes where status = 'acknowledged' and order_id = any(${sql.raw(`'{${ids.join(',')}}'::uuid[]`)})`,
      );
      return rows[0].n === ids.length;
    }, 60_000);

    // Shopify's creation order (emu.orders() is in creation order), per SKU, equals DotShop's authorization order.
    const shopifyOrder = emu.orders().filter((o) => ids.includes(o.source_identifier ?? '')).map((o) => o.source_identifier);
    expect(new Set(shopifyOrder).size).toBe(ids.length);
    for (const s of [x, y, z]) {
      const dotshop = authorized.filter((a) => a.skus.includes(s)).map((a) => a.orderId);
      expect(shopifyOrder.filter((id) => dotshop.includes(id!))).toEqual(dotshop);
    }
    expect(emu.stock(x).available).toBe(50 - 6);
    expect(emu.stock(y).available).toBe(50 - 4);
    await w.boss.offWork(queues.pushOrderToShopify);
    await w.boss.offWork(queues.pushOrderToShopifyBySku);
    // The tests below drive the release pass themselves.
    await w.boss.offWork(queues.releaseCommittedReservations);
  }, 90_000);
});

describe('honest stock: the double-sell gap', () => {
  it('keeps the reservation until a stock level at or after the acknowledgement is seen, then commits it exactly once', async () => {
    const s = await sku(10);
    const orderId = await placeOrder([{ sku: s, qty: 3 }]);
    expect(await inv(s)).toMatchObject({ available: 10, reserved: 3, sellable: 7 });

    // Not pushed yet: nothing to release.
    expect(await releaseCommittedReservations(w.t.primary)).toEqual([]);

    await pushOrder({ db: w.t.primary, shopify }, orderId);
    const { acknowledgedAt } = await pushRow(orderId);
    expect(emu.stock(s).available).toBe(7);

    // Acknowledged, but DotShop's last level is older than the ack: Shopify's count as DotShop knows
    // it (10) does not include the order. Releasing now would make sellable 10 — three units sold twice.
    expect(await releaseCommittedReservations(w.t.primary)).toEqual([]);
    // A level that was produced before the ack arrives late (e.g. a reordered webhook): still held.
    await w.t.primary
      .update(inventory)
      .set({ available: 10, availableAt: new Date(acknowledgedAt!.getTime() - 1) })
      .where(eq(inventory.variantId, variantIds.get(s)!));
    expect(await releaseCommittedReservations(w.t.primary)).toEqual([]);
    const [held] = await w.t.primary.select().from(reservations).where(eq(reservations.orderId, orderId));
    expect(held.status).toBe('held');
    expect(await inv(s)).toMatchObject({ available: 10, reserved: 3, sellable: 7 });

    // The inbound applier stores Shopify's level seen after the ack (7, which includes the order) and releases.
    await w.t.primary.transaction(async (tx) => {
      await tx.update(inventory).set({ available: emu.stock(s).available, availableAt: sql`clock_timestamp()` as unknown as Date }).where(eq(inventory.variantId, variantIds.get(s)!));
      expect(await releaseCommittedReservations(tx)).toEqual([{ variantId: variantIds.get(s)!, quantity: 3 }]);
    });
    // Exactly once, and sellable never counts the units twice: 10 − 3 before, 7 − 0 after.
    expect(await releaseCommittedReservations(w.t.primary)).toEqual([]);
    expect(await inv(s)).toMatchObject({ available: 7, reserved: 0, sellable: 7 });
    const [committed] = await w.t.primary.select().from(reservations).where(eq(reservations.orderId, orderId));
    expect(committed.status).toBe('committed');
    expect(committed.releasedAt).toBeInstanceOf(Date);
  });

  it('a pass scoped to one variant (the inbound webhook path) commits only that variant’s due holds', async () => {
    const a = await sku(10);
    const b = await sku(10);
    const orderA = await placeOrder([{ sku: a, qty: 2 }]);
    const orderB = await placeOrder([{ sku: b, qty: 1 }]);
    await pushOrder({ db: w.t.primary, shopify }, orderA);
    await pushOrder({ db: w.t.primary, shopify }, orderB);
    // Both variants now have a level seen after their acknowledgement: both holds are due.
    for (const s of [a, b]) {
      await w.t.primary.update(inventory).set({ available: emu.stock(s).available, availableAt: sql`clock_timestamp()` as unknown as Date }).where(eq(inventory.variantId, variantIds.get(s)!));
    }
    expect(await releaseCommittedReservations(w.t.primary, [variantIds.get(a)!])).toEqual([{ variantId: variantIds.get(a)!, quantity: 2 }]);
    const [heldB] = await w.t.primary.select().from(reservations).where(eq(reservations.orderId, orderB));
    expect(heldB.status).toBe('held');
    // The unscoped (periodic) pass picks up the rest.
    expect(await releaseCommittedReservations(w.t.primary)).toEqual([{ variantId: variantIds.get(b)!, quantity: 1 }]);
  });

  it('the order’s own inventory webhook (Shopify stamps seconds) never proves the count includes it; the confirmation read does, then it is released', async () => {
    const s = await sku(10);
    const orderId = await placeOrder([{ sku: s, qty: 3 }]);
    await pushOrder({ db: w.t.primary, shopify }, orderId);
    const { acknowledgedAt } = await pushRow(orderId);
    // The inbound applier stores the decrement's level as Shopify sent it: 7, stamped with Shopify's updated_at (whole seconds).
    const level = emu.stock(s);
    expect(level.available).toBe(7);
    await w.t.primary.update(inventory).set({ available: level.available, availableAt: new Date(level.updated_at) }).where(eq(inventory.variantId, variantIds.get(s)!));
    expect(new Date(level.updated_at).getTime()).toBeLessThanOrEqual(acknowledgedAt!.getTime());
    // Not provably after the ack: held (safe), and sellable is 7 − 3 = 4 meanwhile (under-sold, never over-sold).
    expect(await releaseCommittedReservations(w.t.primary)).toEqual([]);
    expect(await inv(s)).toMatchObject({ available: 7, reserved: 3, sellable: 4 });
    // Too soon after the ack for a read to be stamped after it.
    await confirmCountsAfterAck(w.t.primary, shopify);
    expect((await inv(s)).availableAt.getTime()).toBe(new Date(level.updated_at).getTime());
    await new Promise((r) => setTimeout(r, 2100));
    const pass = await runStockLifecycle(w.t.primary, shopify);
    expect(pass.confirmed).toBeGreaterThanOrEqual(1);
    expect(pass.released).toContainEqual({ variantId: variantIds.get(s)!, quantity: 3 });
    const after = await inv(s);
    expect(after).toMatchObject({ available: 7, reserved: 0, sellable: 7 });
    expect(after.availableAt.getTime()).toBeGreaterThanOrEqual(acknowledgedAt!.getTime());
    expect(after.availableAt.getMilliseconds()).toBe(0); // on Shopify's second grid: later webhooks still apply
    expect((await runStockLifecycle(w.t.primary, shopify)).released.find((r) => r.variantId === variantIds.get(s))).toBeUndefined();
  });

  it('a pass while Shopify is down does not fail: it skips the confirmation read, and the next pass confirms and releases', async () => {
    const s = await sku(12);
    const orderId = await placeOrder([{ sku: s, qty: 2 }]);
    await pushOrder({ db: w.t.primary, shopify }, orderId);
    await new Promise((r) => setTimeout(r, 2100)); // late enough after the ack for a confirmation read
    const down = { graphql: async () => Promise.reject(new Error('Shopify internal error:\n{ "networkStatusCode": 503 }')) };
    const pass = await runStockLifecycle(w.t.primary, down as never);
    expect(pass.confirmError).toBe('Shopify internal error:');
    expect(pass.confirmed).toBe(0);
    expect(pass.released.find((r) => r.variantId === variantIds.get(s))).toBeUndefined();
    const next = await runStockLifecycle(w.t.primary, shopify);
    expect(next.confirmError).toBeNull();
    expect(next.released).toContainEqual({ variantId: variantIds.get(s)!, quantity: 2 });
  });

  it('releases concurrently called passes once (set-based, SKIP LOCKED)', async () => {
    const s = await sku(20);
    const ids = [await placeOrder([{ sku: s, qty: 1 }]), await placeOrder([{ sku: s, qty: 2 }])];
    for (const id of ids) await pushOrder({ db: w.t.primary, shopify }, id);
    await w.t.primary.update(inventory).set({ available: 17, availableAt: sql`clock_timestamp()` as unknown as Date }).where(eq(inventory.variantId, variantIds.get(s)!));
    const passes = await Promise.all([1, 2, 3].map(() => releaseCommittedReservations(w.t.primary)));
    expect(passes.flat().filter((r) => r.variantId === variantIds.get(s)).reduce((n, r) => n + r.quantity, 0)).toBe(3);
    expect(await inv(s)).toMatchObject({ available: 17, reserved: 0, sellable: 17 });
  });

  it('flags oversell risk when Shopify’s available falls below DotShop’s open reservations', async () => {
    const s = await sku(5);
    await placeOrder([{ sku: s, qty: 4 }]);
    expect((await findOversellRisks(w.t.primary)).find((r) => r.sku === s)).toBeUndefined();
    // Sold elsewhere: Shopify now has 2 of the 4 units DotShop promised (order not pushed yet).
    await w.t.primary.update(inventory).set({ available: 2, availableAt: sql`clock_timestamp()` as unknown as Date }).where(eq(inventory.variantId, variantIds.get(s)!));
    const risk = (await findOversellRisks(w.t.primary)).find((r) => r.sku === s);
    expect(risk).toMatchObject({ available: 2, openReservations: 4, shortBy: 2 });
    const { risks } = await runStockLifecycle(w.t.primary);
    expect(risks.length).toBeGreaterThanOrEqual(1);
    expect((await oversellRiskGauge.get()).values[0].value).toBe(risks.length);
  });

  it('an order authorized by the payments fixture is pushed by SKU lookup when the variant has no Shopify id yet', async () => {
    const o = await authorizedOrder(w, { qty: 1 });
    const [line] = await w.t.primary.execute<{ sku: string }>(sql`select sku from order_lines where order_id = ${o.orderId}::uuid`);
    emu.createProduct({ title: 'Fixture', variants: [{ sku: line.sku, price: '100.00', available: 50 }] });
    expect((await pushOrder({ db: w.t.primary, shopify }, o.orderId)).result).toBe('acknowledged');
    expect(emu.stock(line.sku).available).toBe(49);
  });

  it('after a lossy failover, an open Shopify order whose DotShop order is gone is cancelled with restock; live orders and other shops\' orders are left alone', async () => {
    const since = new Date(Date.now() - 2000);
    const s = await sku(10);
    const live = await placeOrder([{ sku: s, qty: 2 }]);
    expect((await pushOrder({ db: w.t.primary, shopify }, live)).result).toBe('acknowledged');
    // What a lost commit leaves on Shopify: the push of an order the new primary never saw, made
    // exactly as pushOrder makes it (tag, sourceIdentifier, DECREMENT_IGNORING_POLICY).
    const lostId = crypto.randomUUID();
    const [{ shopifyId }] = await w.t.primary.select({ shopifyId: variants.shopifyId }).from(variants).where(eq(variants.sku, s));
    const create = async (order: Record<string, unknown>) => {
      const { data } = await shopify.graphql<{ orderCreate: { order: { id: string } | null; userErrors: unknown[] } }>(
        `mutation M($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) { orderCreate(order: $order, options: $options) { order { id } userErrors { message } } }`,
        { order: { currency: 'USD', lineItems: [{ variantId: shopifyId, quantity: 3, priceSet: { shopMoney: { amount: '100.00', currencyCode: 'USD' } } }], ...order }, options: { inventoryBehaviour: 'DECREMENT_IGNORING_POLICY' } },
      );
      expect(data.orderCreate.userErrors).toEqual([]);
      return data.orderCreate.order!.id;
    };
    const lost = await create({ tags: [`dotshop-order-${lostId}`, 'dotshop'], sourceIdentifier: lostId, sourceName: 'dotshop' });
    const pos = await create({ tags: ['pos'], sourceName: 'pos' }); // not DotShop's: never touched
    expect(emu.stock(s).available).toBe(2);
    const deps = { db: w.t.primary, shopify };

    const dry = await findAndCancelOrphanedShopifyOrders(deps, { since, apply: false });
    expect(dry.orphans).toEqual([expect.objectContaining({ shopifyOrderId: lost, orderId: lostId, action: 'none' })]);
    expect(emu.stock(s).available).toBe(2);

    const run = await findAndCancelOrphanedShopifyOrders(deps, { since, apply: true });
    expect(run.orphans).toEqual([expect.objectContaining({ shopifyOrderId: lost, action: 'cancelled' })]);
    expect(emu.stock(s).available).toBe(5); // the lost order's 3 units are back
    expect(emu.findOrder(lost)?.cancelled_at).toBeTruthy();
    expect(emu.findOrder(pos)?.cancelled_at).toBeNull();
    expect(shopifyOrdersFor(live).map((o) => o.cancelled_at)).toEqual([null]);

    // Looking only at named orders (the orphaned PaymentIntents' orders) finds the same one, by tag.
    const lost2Id = crypto.randomUUID();
    const lost2 = await create({ tags: [`dotshop-order-${lost2Id}`, 'dotshop'], sourceIdentifier: lost2Id, sourceName: 'dotshop' });
    const named = await findAndCancelOrphanedShopifyOrders(deps, { since, apply: false, orderIds: [live, lost2Id, crypto.randomUUID()] });
    expect(named).toMatchObject({ examined: 2, orphans: [expect.objectContaining({ shopifyOrderId: lost2, orderId: lost2Id, action: 'none' })] });
    expect((await findAndCancelOrphanedShopifyOrders(deps, { since, apply: false, orderIds: [] })).examined).toBe(0);
    expect((await findAndCancelOrphanedShopifyOrders(deps, { since, apply: true, orderIds: [lost2Id] })).orphans).toEqual([expect.objectContaining({ action: 'cancelled' })]);

    // A second run finds nothing: the cancelled order is no longer open.
    expect((await findAndCancelOrphanedShopifyOrders(deps, { since, apply: true })).orphans).toEqual([]);
    expect(emu.stock(s).available).toBe(5);
  });
});

describe('dead letters and the admin sync actions', () => {
  it('a push that exhausts its retries is listed, holds back its SKU, and an owner’s Retry (CSRF, audited) runs it again', async () => {
    const { listDeadLetteredPushes } = await import('./push');
    const { syncPageAction } = await import('../../web/admin/sync-actions');
    const { postForm, signedInAdmin, testContext, thrownResponse } = await import('../../testing/admin');
    // A SKU DotShop sells but Shopify does not know (yet): Shopify refuses the order.
    const s = `LOST-${process.pid}`;
    await insertTestVariant(w.t.primary, { sku: s, available: 5, usd: 10000 });
    const orderId = await placeOrder([{ sku: s, qty: 1 }]);
    const jobId = await w.boss.send(queues.pushOrderToShopifyBySku, { orderId }, { singletonKey: s, retryLimit: 0 });
    await registerShopifyPushJobs(w.boss, { db: w.t, logger: createLogger('silent'), shopify, schedule: false, pollingIntervalSeconds: 0.5 });
    await waitUntil('the push to dead-letter', async () => (await listDeadLetteredPushes(w.t.primary)).some((d) => d.jobId === jobId));
    const dead = (await listDeadLetteredPushes(w.t.primary)).find((d) => d.jobId === jobId)!;
    expect(dead).toMatchObject({ queue: queues.pushOrderToShopifyBySku, orderId, singletonKey: s });
    expect(dead.error).toMatch(/not on Shopify/);
    expect((await pushRow(orderId)).status).toBe('rejected');
    const copies = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queues.shopifyDeadLetter} and source_id = ${jobId}::uuid`);
    expect(copies[0].n).toBe(1);
    // key_strict_fifo: the outbox's own job for this order (same SKU key) waits behind the failed head.
    const successors = () =>
      w.t.primary.execute<{ state: string }>(sql`select state from pgboss.job where name = ${queues.pushOrderToShopifyBySku} and singleton_key = ${s} and id <> ${jobId}::uuid`);
    await waitUntil('the outbox job to be forwarded', async () => (await successors()).length === 1);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await successors()).map((j) => j.state)).toEqual(['created']);

    const ctx = { ...testContext(w.t), outbox: w.deps.outbox };
    const owner = await signedInAdmin(ctx, w.t, 'owner');
    const support = await signedInAdmin(ctx, w.t, 'support');
    const form = (who: typeof owner, fields: Record<string, string>) => postForm('/admin/sync', { csrf: who.csrfToken, ...fields }, { cookie: who.cookieHeader });
    expect(await syncPageAction(form(support, { intent: 'retry', jobId: jobId! }), ctx)).toMatchObject({ ok: false, status: 403 });
    expect((await thrownResponse(() => syncPageAction(postForm('/admin/sync', { intent: 'retry', jobId: jobId! }, { cookie: owner.cookieHeader }), ctx))).status).toBe(403);
    expect(await syncPageAction(form(owner, { intent: 'retry', jobId: 'nope' }), ctx)).toMatchObject({ ok: false, status: 400 });

    // The catalog is fixed on Shopify's side; the owner retries.
    emu.createProduct({ title: 'Found', variants: [{ sku: s, price: '100.00', available: 5 }] });
    expect(await syncPageAction(form(owner, { intent: 'retry', jobId: jobId! }), ctx)).toMatchObject({ ok: true, intent: 'retry' });
    const audit = await w.t.primary.execute<{ action: string }>(sql`select action from audit_log where action like 'shopify.push_retry%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['shopify.push_retry_denied', 'shopify.push_retry_requested']);
    await waitUntil('the retried push to be acknowledged', async () => (await pushRow(orderId)).status === 'acknowledged');
    expect(shopifyOrdersFor(orderId)).toHaveLength(1);
    expect((await listDeadLetteredPushes(w.t.primary)).some((d) => d.jobId === jobId)).toBe(false);
    // A second Retry of the same job is refused: it is no longer dead-lettered.
    expect(await syncPageAction(form(owner, { intent: 'retry', jobId: jobId! }), ctx)).toMatchObject({ ok: false, status: 409 });

    await w.boss.offWork(queues.pushOrderToShopify);
    await w.boss.offWork(queues.pushOrderToShopifyBySku);
    await w.boss.offWork(queues.retryShopifyDeadLetter);
    await w.boss.offWork(queues.releaseCommittedReservations);
  }, 90_000);
});
