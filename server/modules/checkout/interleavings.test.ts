// Issue 11 §3.2, §3.5 and the suspected interleavings (a), (b): each side run against real
// Postgres and the Stripe emulator, one held at a chosen call while the other runs.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { inventory } from '../../../db/schema';
import { addToCart, createCart } from '../cart';
import { voidOrderAuthorization } from '../payments';
import { convergePaymentIntent } from '../payments/stripe-webhooks';
import { checkoutIdempotently, checkoutResponse, placeOrder, recoverPendingOrder, resumeAfterAuthentication, type CheckoutInput } from './place-order';
import { fingerprint } from './idempotency';
import { releaseReservations } from './inventory';
import { startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';
import { insertTestVariant } from '../../testing/catalog-fixture';
import { deferred, gate, gatedStripe, settledOrBlocked } from '../../testing/interleave';

let w: PaymentsWorld;
beforeAll(async () => {
  w = await startPaymentsWorld('checkout-interleave');
});
afterAll(async () => w?.close());

const address = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Springfield', postalCode: '62701', region: 'IL', country: 'US' };
const input = (cartId: string, paymentMethod = 'pm_card_visa'): CheckoutInput => ({ cartId, region: 'us', email: 'ada@example.com', shippingAddress: address, shippingMethod: 'standard', paymentMethod });
const orderRow = async (id: string) => (await w.t.primary.select().from(orders).where(eq(orders.id, id)))[0];
const pd = () => ({ db: w.t.primary, stripe: w.deps.stripe, outbox: w.deps.outbox });
let n = 0;
async function cartWithNew(qty = 1) {
  const v = await insertTestVariant(w.t.primary, { sku: `IL-${process.pid}-${++n}`, available: 5 });
  const cartId = await createCart(w.t.primary, 'us');
  await addToCart(w.t.primary, cartId, v.sku, qty);
  return { cartId, ...v };
}
/** Runs the void jobs queued for an order, as the worker would. */
async function runVoidJobs(orderId: string) {
  const jobs = await w.t.primary.execute<{ data: { orderId: string; paymentIntentId?: string } }>(sql`select data from pgboss.job where name = 'payments.void-order' and data->>'orderId' = ${orderId}`);
  for (const j of jobs) await voidOrderAuthorization(pd(), j.data.orderId, j.data.paymentIntentId);
}

describe('§3.2 recovery job vs 3-D Secure completion', () => {
  it('the recovery never voids an authorization that the 3-D Secure return recorded meanwhile', async () => {
    const { cartId, variantId } = await cartWithNew();
    const res = await checkoutIdempotently(w.deps, `3ds-race-${cartId}`, input(cartId, 'pm_card_threeDSecure2Required'));
    expect(res.status).toBe(202);
    const orderId = res.body.order!.id;
    const piId = (await orderRow(orderId)).paymentIntentId!;

    // The recovery job has looked at Stripe (requires_action) and is about to cancel.
    const g = gate();
    const recovery = recoverPendingOrder({ ...pd(), stripe: gatedStripe(w.deps.stripe, 'paymentIntents', 'cancel', g) }, orderId, { abandonIncomplete: true });
    await g.reached;
    // The shopper approves 3-D Secure and comes back to the return URL.
    w.emulator.completeThreeDSecure(piId, 'approve');
    const resumed = resumeAfterAuthentication(pd(), orderId);
    await settledOrBlocked(w.t.primary, resumed);
    g.open();
    const [rec, back] = await Promise.allSettled([recovery, resumed]);
    expect(rec.status).toBe('fulfilled');
    expect(back.status).toBe('fulfilled');
    // Stripe's webhook for whatever happened to the PaymentIntent.
    await convergePaymentIntent(pd(), piId);

    const o = await orderRow(orderId);
    const pi = await w.deps.stripe.paymentIntents.retrieve(piId);
    const shopperSaw = back.status === 'fulfilled' ? back.value?.outcome?.kind : undefined;
    // Never: the shopper told "authorized" (email + push queued) and then the hold voided.
    if (pi.status === 'canceled') {
      expect(o.status).toBe('cancelled');
      expect(shopperSaw).not.toBe('authorized');
      expect((await w.t.primary.select().from(inventory).where(eq(inventory.variantId, variantId)))[0].reserved).toBe(0);
    } else {
      expect(pi.status).toBe('requires_capture');
      expect(o.status).toBe('authorized');
    }
    const pushes = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'checkout.order-authorized' and data->>'orderId' = ${orderId}`);
    if (o.status !== 'authorized') expect(pushes[0].n).toBe(0);
  });

  it("a payment_intent.canceled webhook does not cancel an authorized order: the hold is released and the order flagged", async () => {
    const { cartId, variantId } = await cartWithNew();
    const res = await checkoutIdempotently(w.deps, `ext-cancel-${cartId}`, input(cartId));
    expect(res.status).toBe(201);
    const orderId = res.body.order!.id;
    const piId = (await orderRow(orderId)).paymentIntentId!;
    // Cancelled at Stripe by someone else (the dashboard, say), not by DotShop.
    await w.deps.stripe.paymentIntents.cancel(piId, { cancellation_reason: 'fraudulent' });
    await convergePaymentIntent(pd(), piId);
    expect((await orderRow(orderId)).status).toBe('authorized');
    expect((await w.t.primary.select().from(inventory).where(eq(inventory.variantId, variantId)))[0].reserved).toBe(1);
    const flags = await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from audit_log where entity_id = ${orderId} and action = 'order.flagged'`);
    expect(flags[0].n).toBe(1);
  });
});

describe('suspected (a): recovery while the authorize call is still in flight', () => {
  it('an authorization that lands after the recovery cancelled the order is voided, and the shopper is not told it was placed', async () => {
    const { cartId } = await cartWithNew();
    const g = gate();
    // The checkout committed its order; its call to Stripe is in flight (held at the gate).
    const checkout = checkoutIdempotently({ ...w.deps, stripe: gatedStripe(w.deps.stripe, 'paymentIntents', 'create', g) }, `inflight-${cartId}`, input(cartId));
    await g.reached;
    const [{ id: orderId }] = await w.t.primary.execute<{ id: string }>(sql`select id from orders where cart_id = ${cartId}::uuid`);
    // The recovery finds no PaymentIntent for the order and gives it up.
    expect(await recoverPendingOrder(pd(), orderId, { abandonIncomplete: true })).toBe('cancelled');
    g.open();
    const answer = await checkout;
    await runVoidJobs(orderId);
    const found = await w.deps.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'` });
    expect(found.data).toHaveLength(1);
    expect(found.data[0].status).toBe('canceled'); // not left holding the shopper's money
    expect((await orderRow(orderId)).status).toBe('cancelled');
    expect(answer.status).not.toBe(201);
  });
});

describe('§3.5 a checkout whose process died after its order committed', () => {
  /** The first request's key, left `running` by a process that died, its heartbeat long stopped. */
  async function crashedKey(cartId: string, key: string, request: CheckoutInput) {
    await w.t.primarySql`
      insert into idempotency_keys (scope, key, fingerprint, state, created_at, heartbeat_at, expires_at)
      values (${`checkout:${cartId}`}, ${key}, ${fingerprint(request)}, 'running', now() - interval '61 seconds', now() - interval '61 seconds', now() + interval '24 hours')`;
  }

  it('died after authorizing: the retry that takes the key over answers 201 with the same order, not 409 cart_closed', async () => {
    const { cartId } = await cartWithNew();
    const req = input(cartId);
    // What the first request did before its process died: the whole checkout, minus storing the answer.
    const first = await placeOrder(w.deps, req);
    expect(first.kind).toBe('authorized');
    await crashedKey(cartId, 'died-after-auth', req);
    const retry = await checkoutIdempotently(w.deps, 'died-after-auth', req);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(checkoutResponse(first).body);
    // …and that is the answer stored for the key from now on.
    expect(await checkoutIdempotently(w.deps, 'died-after-auth', req)).toMatchObject({ status: 201, replayed: true, body: checkoutResponse(first).body });
  });

  it('died after committing the order, before Stripe answered: the retry authorizes that order once', async () => {
    const { cartId } = await cartWithNew();
    const req = input(cartId);
    w.emulator.setFaults({ failNext: 1, status: 500 });
    const first = await placeOrder(w.deps, req); // stands for "committed, then died before the Stripe call"
    w.emulator.clearFaults();
    expect(first.kind).toBe('payment_unavailable');
    await crashedKey(cartId, 'died-before-stripe', req);
    const retry = await checkoutIdempotently(w.deps, 'died-before-stripe', req);
    expect(retry.status).toBe(201);
    const orderId = (first as { order: { id: string } }).order.id;
    expect(retry.body.order).toMatchObject({ id: orderId, status: 'authorized' });
    expect((await w.deps.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'` })).data).toHaveLength(1);
  });
});

describe('suspected (b): releaseReservations and reserveStock lock inventory rows in one order', () => {
  it('releasing waits for the lowest variant first and holds no other inventory row meanwhile', async () => {
    const a = await insertTestVariant(w.t.primary, { sku: `LOCK-A-${process.pid}`, available: 5 });
    const b = await insertTestVariant(w.t.primary, { sku: `LOCK-B-${process.pid}`, available: 5 });
    const [lo, hi] = a.variantId < b.variantId ? [a, b] : [b, a];
    const cartId = await createCart(w.t.primary, 'us');
    await addToCart(w.t.primary, cartId, lo.sku, 1);
    await addToCart(w.t.primary, cartId, hi.sku, 1);
    const res = await checkoutIdempotently(w.deps, `locks-${cartId}`, input(cartId));
    const orderId = res.body.order!.id;
    // Rows are rewritten all the time (every reservation and stock level updates its inventory row),
    // so their physical order no longer follows the variant ids: the low ones were rewritten last.
    await w.t.primarySql`update reservations set quantity = quantity where order_id = ${orderId} and variant_id = ${lo.variantId}`;
    await w.t.primarySql`update inventory set updated_at = now() where variant_id = ${lo.variantId}`;

    // A checkout holds the low variant's row (reserveStock locks in variant-id order: low, then high).
    const holding = deferred();
    const locked = deferred();
    const checkoutTx = w.t.primarySql.begin(async (tx) => {
      await tx`select 1 from inventory where variant_id = ${lo.variantId} for update`;
      locked.resolve();
      await holding.promise;
    });
    await locked.promise;
    const release = w.t.primary.transaction(async (tx) => {
      // Scan order as on a large table (no index order to lean on).
      await tx.execute(sql`set local enable_indexscan = off`);
      await tx.execute(sql`set local enable_bitmapscan = off`);
      return releaseReservations(tx, orderId);
    });
    expect(await settledOrBlocked(w.t.primary, release)).toBe('blocked');
    // While it waits for the low row, the high row must be free — or reserveStock (low → high)
    // and this release (high → low) deadlock.
    const free = await w.t.primarySql`select variant_id from inventory where variant_id = ${hi.variantId} for update skip locked`;
    holding.resolve();
    await checkoutTx;
    expect(await release).toBe(2);
    expect(free).toHaveLength(1);
  });
});
