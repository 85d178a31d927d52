// Checkout end to end below HTTP: real Postgres, real pg-boss, the real Stripe SDK against the
// Stripe emulator. The three failures that must never happen are asserted here.
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { inventory } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { startStripeEmulator, type StripeEmulator } from '../../../emulators/stripe/server';
import { createBoss } from '../../platform/boss';
import { createQueues, queues } from '../../platform/queues';
import { addToCart, createCart, getCart } from '../cart';
import { checkoutIdempotently, confirmPayment, fanOutAuthorizedOrders, PaymentStillUnavailable, recoverPendingOrder, resumeAfterAuthentication, sweepPendingOrders, type CheckoutDeps, type CheckoutInput } from './place-order';
import { IdempotencyConflictError } from './idempotency';
import { createLogger } from '../../platform/logger';
import { createOutbox } from '../../platform/outbox';
import { createStripeClient } from '../../integrations/stripe/client';
import { insertTestVariant } from '../../testing/catalog-fixture';
import { createLocalPurgeAdapter } from '../../platform/purge';

let t: TestDatabase;
let emulator: StripeEmulator;
let boss: PgBoss;
let deps: CheckoutDeps;

beforeAll(async () => {
  t = await createTestDatabase('checkout');
  emulator = await startStripeEmulator({ port: 0 });
  boss = createBoss(t.url, createLogger('silent'), { max: 3 });
  await boss.start();
  await createQueues(boss);
  deps = {
    db: t.primary,
    stripe: createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_checkout', STRIPE_API_BASE: emulator.url }, { maxNetworkRetries: 0 }),
    outbox: createOutbox(boss),
    publicUrl: 'http://shop.test',
    paymentTimeoutSeconds: 900,
  };
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await emulator?.close();
  await t?.drop();
});

const address = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Springfield', postalCode: '62701', region: 'IL', country: 'US' };

async function cartWith(sku: string, qty = 1) {
  const cartId = await createCart(t.primary, 'us');
  await addToCart(t.primary, cartId, sku, qty);
  return cartId;
}
const input = (cartId: string, paymentMethod = 'pm_card_visa'): CheckoutInput => ({ cartId, region: 'us', email: 'ada@example.com', shippingAddress: address, shippingMethod: 'standard', paymentMethod });
const reserved = async (variantId: number) => (await t.primary.select().from(inventory).where(eq(inventory.variantId, variantId)))[0];
const jobsFor = async (queue: string, orderId: string) =>
  (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queue} and data->>'orderId' = ${orderId}`))[0].n;
const piCountFor = async (orderId: string) => (await deps.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'` })).data.length;

describe('checkout', () => {
  it('authorizes with manual capture, reserves stock, and enqueues email + Shopify push in the same transaction', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'HAPPY-1', available: 5, usd: 10000 });
    const cartId = await cartWith(v.sku, 2);
    const res = await checkoutIdempotently(deps, 'key-happy-1', input(cartId));
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({ status: 'authorized', currency: 'USD', total: 20000 + 0 + 1250 });
    const orderId = res.body.order!.id;
    const [o] = await t.primary.select().from(orders).where(eq(orders.id, orderId));
    const pi = await deps.stripe.paymentIntents.retrieve(o.paymentIntentId!);
    expect(pi).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount: 21250, currency: 'usd' });
    expect((await reserved(v.variantId)).reserved).toBe(2);
    // One outbox row in the authorization's transaction; no per-order recovery job any more.
    expect(await jobsFor(queues.orderAuthorized, orderId)).toBe(1);
    expect(await jobsFor(queues.recoverPendingOrder, orderId)).toBe(0);
    expect((await getCart(t.primary, cartId, 'us'))!.checkedOut).toBe(true);
    // Its worker fans it out: email, Shopify push and the day-6 safety capture, once however often it runs.
    await fanOutAuthorizedOrders(deps, [orderId]);
    await fanOutAuthorizedOrders(deps, [orderId]);
    expect(await jobsFor(queues.sendOrderConfirmation, orderId)).toBe(1);
    expect(await jobsFor(queues.pushOrderToShopify, orderId)).toBe(1);
    const [capture] = await t.primary.execute<{ singleton_key: string; delayed_days: number }>(
      sql`select singleton_key, round(extract(epoch from start_after - now()) / 86400)::int as delayed_days from pgboss.job where name = ${queues.safetyCapture} and data->>'orderId' = ${orderId}`,
    );
    expect(capture).toEqual({ singleton_key: `safety-capture:${orderId}`, delayed_days: 6 });
  });

  it('a sale that leaves a product low or sold out purges its cached pages; one that leaves plenty does not', async () => {
    const low = await insertTestVariant(t.primary, { sku: 'BADGE-LOW', available: 6, usd: 10000 });
    const plenty = await insertTestVariant(t.primary, { sku: 'BADGE-PLENTY', available: 50, usd: 10000 });
    const purger = createLocalPurgeAdapter();
    const place = async (sku: string, qty: number) => {
      const res = await checkoutIdempotently(deps, `key-badge-${sku}-${qty}`, input(await cartWith(sku, qty)));
      expect(res.status).toBe(201);
      return res.body.order!.id;
    };
    await fanOutAuthorizedOrders({ ...deps, purger }, [await place(plenty.sku, 1)]);
    expect(purger.purgedKeys()).toEqual([]);
    // 6 → 4 sellable: "Only 4 left" now, so every page showing it is purged (with the other order's, once).
    const lowOrder = await place(low.sku, 2);
    await fanOutAuthorizedOrders({ ...deps, purger }, [lowOrder, await place(plenty.sku, 1)]);
    expect(purger.purgedKeys()).toEqual([`product:p-badge-low`]);
  });

  it('the same key sent 5× in parallel gives one order and one PaymentIntent', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'IDEM-1', available: 10 });
    const cartId = await cartWith(v.sku);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkoutIdempotently(deps, 'key-idem-5x', input(cartId))));
    const ids = new Set(results.map((r) => r.body.order?.id));
    expect(ids.size).toBe(1);
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from orders where cart_id = ${cartId}::uuid`);
    expect(n).toBe(1);
    expect(await piCountFor([...ids][0]!)).toBe(1);
    expect((await reserved(v.variantId)).reserved).toBe(1);
  });

  it('the same key with a different request is refused with 422', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'IDEM-2', available: 10 });
    const cartId = await cartWith(v.sku);
    await checkoutIdempotently(deps, 'key-idem-422', input(cartId));
    const err = await checkoutIdempotently(deps, 'key-idem-422', { ...input(cartId), email: 'other@example.com' }).catch((e) => e);
    expect(err).toBeInstanceOf(IdempotencyConflictError);
    expect(err.status).toBe(422);
  });

  it('N parallel checkouts for stock K give exactly K orders and never oversell', async () => {
    const K = 5;
    const N = 25;
    const v = await insertTestVariant(t.primary, { sku: 'FLASH-SALE', available: K });
    const carts = await Promise.all(Array.from({ length: N }, () => createCart(t.primary, 'us')));
    // Everyone put one in the bag while it was still in stock.
    for (const c of carts) await t.primarySql`insert into cart_lines (cart_id, variant_id, quantity) values (${c}, ${v.variantId}, 1)`;
    const results = await Promise.all(carts.map((c, i) => checkoutIdempotently(deps, `flash-${i}`, input(c))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(K);
    expect(results.filter((r) => r.status === 409 && r.body.error?.code === 'out_of_stock')).toHaveLength(N - K);
    const inv = await reserved(v.variantId);
    expect(inv.reserved).toBe(K);
    expect(inv.sellable).toBe(0);
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from order_lines where sku = 'FLASH-SALE'`);
    expect(n).toBe(K);
  });

  it('a decline releases the stock, reopens the bag, and answers 402 card_declined', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'DECLINE-1', available: 3 });
    const cartId = await cartWith(v.sku, 2);
    const res = await checkoutIdempotently(deps, 'key-decline', input(cartId, 'pm_card_chargeDeclined'));
    expect(res.status).toBe(402);
    expect(res.body.error?.code).toBe('card_declined');
    expect(res.body.order?.status).toBe('payment_failed');
    expect((await reserved(v.variantId)).reserved).toBe(0);
    expect((await getCart(t.primary, cartId, 'us'))!.checkedOut).toBe(false);
    expect(await jobsFor(queues.sendOrderConfirmation, res.body.order!.id)).toBe(0);
    // …and the shopper can then pay with a good card.
    const retry = await checkoutIdempotently(deps, 'key-decline-retry', input(cartId));
    expect(retry.status).toBe(201);
  });

  it('3-D Secure: requires_action with a redirect, then the same order continues after approval', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'SCA-1', available: 3 });
    const cartId = await cartWith(v.sku);
    const res = await checkoutIdempotently(deps, 'key-3ds', input(cartId, 'pm_card_threeDSecure2Required'));
    expect(res.status).toBe(202);
    expect(res.body.next_action?.redirect_url).toMatch(/^http/);
    const orderId = res.body.order!.id;
    const [o] = await t.primary.select().from(orders).where(eq(orders.id, orderId));
    emulator.completeThreeDSecure(o.paymentIntentId!, 'approve');
    const resumed = await resumeAfterAuthentication(deps, orderId);
    expect(resumed?.outcome?.kind).toBe('authorized');
    expect((await reserved(v.variantId)).reserved).toBe(1);
  });

  it('3-D Secure failure fails the order and releases the stock', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'SCA-2', available: 3 });
    const cartId = await cartWith(v.sku);
    const res = await checkoutIdempotently(deps, 'key-3ds-fail', input(cartId, 'pm_card_threeDSecure2Required'));
    const [o] = await t.primary.select().from(orders).where(eq(orders.id, res.body.order!.id));
    emulator.completeThreeDSecure(o.paymentIntentId!, 'fail');
    const resumed = await resumeAfterAuthentication(deps, o.id);
    expect(resumed?.outcome?.kind).toBe('declined');
    expect((await reserved(v.variantId)).reserved).toBe(0);
  });

  it('Stripe unreachable: the order stays pending_payment, and recovery converges by asking Stripe', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'DOWN-1', available: 3 });
    const cartId = await cartWith(v.sku);
    emulator.setFaults({ failNext: 1, status: 500 });
    const res = await checkoutIdempotently(deps, 'key-down', input(cartId));
    emulator.clearFaults();
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('payment_unavailable');
    const orderId = res.body.order!.id;
    expect((await reserved(v.variantId)).reserved).toBe(1);
    // Stripe never saw a PaymentIntent: the recovery job cancels the order and releases stock.
    expect(await recoverPendingOrder(deps, orderId, { abandonIncomplete: false })).toBe('pending_payment');
    expect(await recoverPendingOrder(deps, orderId, { abandonIncomplete: true })).toBe('cancelled');
    expect((await reserved(v.variantId)).reserved).toBe(0);
  });

  it('a crash between creating the order and recording the authorization is converged from Stripe', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'CRASH-1', available: 3 });
    const cartId = await cartWith(v.sku);
    // Simulate: the authorization reached Stripe, then the process died before recording it.
    // The SDK retries a closed connection once (same idempotency key), so drop both answers.
    emulator.setFaults({ dropNext: 2, phase: 'after', method: 'POST' });
    const res = await checkoutIdempotently(deps, 'key-crash', input(cartId));
    emulator.clearFaults();
    const orderId = res.body.order!.id;
    expect(res.status).toBe(503);
    const pis = await deps.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'` });
    expect(pis.data.map((p) => p.status)).toEqual(['requires_capture']);
    const status = await recoverPendingOrder(deps, orderId, { abandonIncomplete: false });
    expect(status).toBe('authorized');
    const [o] = await t.primary.select().from(orders).where(eq(orders.id, orderId));
    expect(o.paymentIntentId).toBe(pis.data[0].id);
    expect(await jobsFor(queues.orderAuthorized, orderId)).toBe(1);
    // Running recovery again changes nothing and enqueues nothing twice.
    expect(await recoverPendingOrder(deps, orderId, { abandonIncomplete: true })).toBe('authorized');
    expect(await jobsFor(queues.orderAuthorized, orderId)).toBe(1);
  });

  it('a sold-out line rolls the whole order back: no order, no job, the bag is adjusted', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'GONE-1', available: 2 });
    const cartId = await cartWith(v.sku, 2);
    await t.primarySql`update inventory set available = 1 where variant_id = ${v.variantId}`;
    const before = (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queues.recoverPendingOrder}`))[0].n;
    const res = await checkoutIdempotently(deps, 'key-gone', input(cartId));
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'out_of_stock', skus: ['GONE-1'] });
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from orders where cart_id = ${cartId}::uuid`);
    expect(n).toBe(0);
    const after = (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queues.recoverPendingOrder}`))[0].n;
    expect(after).toBe(before);
    const cart = await getCart(t.primary, cartId, 'us');
    expect(cart!.lines[0].quantity).toBe(1);
  });
});

describe('losing the last unit (the flash sale)', () => {
  const lastNumber = async () => (await t.primary.execute<{ n: string }>(sql`select last_value::text as n from order_number_seq`))[0].n;
  const ordersOf = async (cartId: string) => (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from orders where cart_id = ${cartId}::uuid`))[0].n;

  it('fails on the reservation before anything is written: no order, no order number, no hold, no job', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'LAST-UNIT-1', available: 1 });
    const winner = await cartWith(v.sku);
    const loser = await cartWith(v.sku);
    expect((await checkoutIdempotently(deps, 'key-last-winner', input(winner))).status).toBe(201);
    const numberBefore = await lastNumber();
    const jobsBefore = (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job`))[0].n;
    const lost = await checkoutIdempotently(deps, 'key-last-loser', input(loser));
    expect(lost.status).toBe(409);
    expect(lost.body.error).toMatchObject({ code: 'out_of_stock', skus: ['LAST-UNIT-1'] });
    expect(await ordersOf(loser)).toBe(0);
    expect(await lastNumber()).toBe(numberBefore);
    expect((await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job`))[0].n).toBe(jobsBefore);
    expect((await reserved(v.variantId)).reserved).toBe(1);
  });

  it('12 shoppers racing for 3 units: 3 orders, exactly 3 order numbers taken, 9 clean 409s', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'RACE-3', available: 3 });
    const carts = await Promise.all(Array.from({ length: 12 }, () => cartWith(v.sku)));
    const numberBefore = Number(await lastNumber());
    const results = await Promise.all(carts.map((c, i) => checkoutIdempotently(deps, `key-race-${i}`, input(c))));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
    expect(Number(await lastNumber()) - numberBefore).toBe(3);
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from orders o join order_lines l on l.order_id = o.id where l.sku = 'RACE-3'`);
    expect(n).toBe(3);
    expect((await reserved(v.variantId)).reserved).toBe(3);
  });
});

describe('the pending-order sweep (instead of a recovery job per checkout)', () => {
  it('re-checks orders pending for 2+ minutes and gives up those past the payment timeout', async () => {
    const placePending = async (sku: string, key: string) => {
      const v = await insertTestVariant(t.primary, { sku, available: 2 });
      const cartId = await cartWith(v.sku);
      emulator.setFaults({ failNext: 1, status: 500 });
      const res = await checkoutIdempotently(deps, key, input(cartId));
      emulator.clearFaults();
      expect(res.status).toBe(503);
      return { orderId: res.body.order!.id, variantId: v.variantId };
    };
    const young = await placePending('SWEEP-YOUNG', 'key-sweep-young');
    const old = await placePending('SWEEP-OLD', 'key-sweep-old');
    await t.primarySql`update orders set created_at = now() - interval '5 minutes' where id = ${young.orderId}::uuid`;
    await t.primarySql`update orders set created_at = now() - interval '20 minutes' where id = ${old.orderId}::uuid`;
    expect(await sweepPendingOrders(deps)).toBeGreaterThanOrEqual(2);
    const status = async (id: string) => (await t.primary.select({ s: orders.status }).from(orders).where(eq(orders.id, id)))[0].s;
    expect(await status(young.orderId)).toBe('pending_payment');
    expect(await status(old.orderId)).toBe('cancelled');
    expect((await reserved(old.variantId)).reserved).toBe(0);
    expect((await reserved(young.variantId)).reserved).toBe(1);
  });
});

describe('retrying after "payment unavailable"', () => {
  it('retries the authorization of the same order instead of replaying the 503, and never charges twice', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'RETRY-503', available: 3 });
    const cartId = await cartWith(v.sku);
    emulator.setFaults({ failNext: 1, status: 500 });
    const first = await checkoutIdempotently(deps, 'key-retry-503', input(cartId));
    emulator.clearFaults();
    expect(first.status).toBe(503);
    const second = await checkoutIdempotently(deps, 'key-retry-503', input(cartId));
    expect(second.status).toBe(201);
    expect(second.body.order?.id).toBe(first.body.order?.id);
    const third = await checkoutIdempotently(deps, 'key-retry-503', input(cartId));
    expect(third).toMatchObject({ status: 201, replayed: true });
    expect(await piCountFor(first.body.order!.id)).toBe(1);
    expect((await reserved(v.variantId)).reserved).toBe(1);
  });
});

describe('Stripe slower than its timeout during checkout (issue 11 §2.3)', () => {
  it('answers at once with the placed order, confirms the payment in the background, and makes one PaymentIntent', async () => {
    const v = await insertTestVariant(t.primary, { sku: 'SLOW-STRIPE-1', available: 3 });
    const cartId = await cartWith(v.sku);
    // The web's client: one try, a short timeout. Stripe answers after the client has given up.
    const impatient: CheckoutDeps = { ...deps, stripe: createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_checkout', STRIPE_API_BASE: emulator.url }, { maxNetworkRetries: 0, timeoutMs: 300 }) };
    emulator.setFaults({ scope: '/v1/payment_intents', method: 'POST', latencyMs: 1200, count: 1 });
    const res = await checkoutIdempotently(impatient, 'key-slow-stripe-1', input(cartId));
    expect(res.status).toBe(503);
    expect(res.body.error?.code).toBe('payment_unavailable');
    const orderId = res.body.order!.id;
    expect(res.body.error?.message).toContain(res.body.order!.number);
    expect(res.body.order!.status).toBe('pending_payment');
    // The background confirmation is queued with the order, and only once.
    expect(await jobsFor(queues.confirmPayment, orderId)).toBe(1);
    const [job] = await t.primary.execute<{ data: { paymentMethod: string } }>(sql`select data from pgboss.job where name = ${queues.confirmPayment} and data->>'orderId' = ${orderId}`);
    expect(job.data.paymentMethod).toBe('pm_card_visa');

    // While Stripe is still down the job throws (and pg-boss retries it with backoff).
    emulator.setFaults({ scope: '/v1/payment_intents', method: 'POST', failNext: 1, status: 500 });
    await expect(confirmPayment(impatient, orderId, 'pm_card_visa')).rejects.toBeInstanceOf(PaymentStillUnavailable);
    // Stripe is back: the same idempotency key replays the PaymentIntent the slow request created.
    await new Promise((r) => setTimeout(r, 1300));
    expect(await confirmPayment(deps, orderId, 'pm_card_visa')).toBe('authorized');
    expect(await piCountFor(orderId)).toBe(1);
    expect(await jobsFor(queues.orderAuthorized, orderId)).toBe(1);
    // Running it again (a duplicate job) changes nothing.
    expect(await confirmPayment(deps, orderId, 'pm_card_visa')).toBe('authorized');
    expect(await piCountFor(orderId)).toBe(1);
    // A retry of the client's own request answers with the authorized order, still one PaymentIntent.
    const retry = await checkoutIdempotently(deps, 'key-slow-stripe-1', input(cartId));
    expect(retry.status).toBe(201);
    expect(retry.body.order?.id).toBe(orderId);
  });
});

