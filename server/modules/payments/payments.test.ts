// Capture on fulfilment, safety capture, cancel + void, refunds — real Postgres, real pg-boss,
// the real Stripe SDK against the emulator. Money is checked on the ledger AND at Stripe.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { refunds } from '../../../db/payments-schema';
import { inventory } from '../../../db/schema';
import { orderPaymentState } from './ledger';
import { applyStripeRefund, cancelOrder, captureOrder, markOrderFulfilled, PaymentActionError, requestRefund, sendRefundToStripe, voidOrderAuthorization, type Actor } from './payments';
import { fanOutAuthorizedOrders } from '../checkout';
import { authorizedOrder, startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';

let w: PaymentsWorld;
beforeAll(async () => {
  w = await startPaymentsWorld('payments');
});
afterAll(async () => w?.close());

const admin: Actor = { actorType: 'admin', actorId: '1', actorLabel: 'finance@dotshop.local' };
const pd = () => ({ db: w.t.primary, stripe: w.deps.stripe, outbox: w.deps.outbox });
const piOf = async (orderId: string) => (await w.t.primary.select().from(orders).where(eq(orders.id, orderId)))[0].paymentIntentId!;
const jobs = async (queue: string, key: string, value: string) =>
  (await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queue} and data->>${key} = ${value}`))[0].n;

describe('capture', () => {
  it('fulfilment enqueues a capture; the capture is recorded on the ledger and at Stripe, once', async () => {
    const o = await authorizedOrder(w);
    expect(await orderPaymentState(w.t.primary, o.orderId)).toMatchObject({ authorized: o.total, openAuthorization: o.total, captured: 0 });
    // The authorization's one outbox row fans out to the day-6 safety capture (among others).
    expect(await jobs('checkout.order-authorized', 'orderId', o.orderId)).toBe(1);
    await fanOutAuthorizedOrders(pd(), [o.orderId]);
    expect(await jobs('payments.safety-capture', 'orderId', o.orderId)).toBe(1);
    expect(await markOrderFulfilled(pd(), o.orderId, admin)).toBe('fulfilled');
    expect(await markOrderFulfilled(pd(), o.orderId, admin)).toBe('already');
    expect(await jobs('payments.capture-order', 'orderId', o.orderId)).toBe(1);
    expect(await captureOrder(pd(), o.orderId)).toBe('captured');
    expect(await captureOrder(pd(), o.orderId)).toBe('captured'); // the job ran twice
    const pi = await w.deps.stripe.paymentIntents.retrieve(await piOf(o.orderId));
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: o.total });
    expect(await orderPaymentState(w.t.primary, o.orderId)).toMatchObject({ captured: o.total, openAuthorization: 0, refundable: o.total });
  });

  it('the safety capture captures an order that was never fulfilled, and skips one already captured', async () => {
    const o = await authorizedOrder(w);
    expect(await captureOrder(pd(), o.orderId)).toBe('skipped'); // not fulfilled, not a safety run
    expect(await captureOrder(pd(), o.orderId, { safety: true })).toBe('captured');
    expect((await orderPaymentState(w.t.primary, o.orderId)).captured).toBe(o.total);
  });
});

describe('cancel', () => {
  it('cancelling an unfulfilled order releases stock now and voids the authorization at Stripe', async () => {
    const o = await authorizedOrder(w, { qty: 3 });
    const reserved = async () => (await w.t.primary.select().from(inventory).where(eq(inventory.variantId, o.variantId)))[0].reserved;
    expect(await reserved()).toBe(3);
    expect(await cancelOrder(pd(), o.orderId, admin)).toBe('cancelled');
    expect(await reserved()).toBe(0);
    await voidOrderAuthorization(pd(), o.orderId);
    await voidOrderAuthorization(pd(), o.orderId);
    expect((await w.deps.stripe.paymentIntents.retrieve(await piOf(o.orderId))).status).toBe('canceled');
    expect(await orderPaymentState(w.t.primary, o.orderId)).toMatchObject({ authorized: o.total, released: o.total, openAuthorization: 0, captured: 0 });
  });

  it('a fulfilled order cannot be cancelled', async () => {
    const o = await authorizedOrder(w);
    await markOrderFulfilled(pd(), o.orderId, admin);
    await expect(cancelOrder(pd(), o.orderId, admin)).rejects.toMatchObject({ category: 'conflict' });
  });
});

describe('refunds', () => {
  async function capturedOrder() {
    const o = await authorizedOrder(w);
    await markOrderFulfilled(pd(), o.orderId, admin);
    await captureOrder(pd(), o.orderId);
    return o;
  }

  it('a partial refund goes on the ledger at once and to Stripe by its job; a double click is one refund', async () => {
    const o = await capturedOrder();
    const a = await requestRefund(pd(), { orderId: o.orderId, amount: 2500, reason: 'damaged', requestKey: 'rk-double' }, admin);
    const b = await requestRefund(pd(), { orderId: o.orderId, amount: 2500, reason: 'damaged', requestKey: 'rk-double' }, admin);
    expect(b).toEqual({ refundId: a.refundId, created: false });
    expect(await jobs('payments.send-refund', 'refundId', a.refundId)).toBe(1);
    expect(await orderPaymentState(w.t.primary, o.orderId)).toMatchObject({ refunded: 2500, refundable: o.total - 2500 });
    expect(await sendRefundToStripe(pd(), a.refundId)).toBe('succeeded');
    expect(await sendRefundToStripe(pd(), a.refundId)).toBe('succeeded');
    const stripeRefunds = await w.deps.stripe.refunds.list({ payment_intent: await piOf(o.orderId) });
    expect(stripeRefunds.data.map((r) => r.amount)).toEqual([2500]);
  });

  it('two admins refunding the same order at once cannot exceed the captured amount', async () => {
    const o = await capturedOrder();
    const attempts = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => requestRefund(pd(), { orderId: o.orderId, amount: Math.floor(o.total * 0.6), reason: 'race', requestKey: `rk-race-${i}` }, admin)),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const a of attempts) if (a.status === 'rejected') expect(a.reason).toBeInstanceOf(PaymentActionError);
    const state = await orderPaymentState(w.t.primary, o.orderId);
    expect(state.refunded).toBe(Math.floor(o.total * 0.6));
    expect(state.refunded).toBeLessThanOrEqual(state.captured);
  });

  it('bad amounts are refused with a field error and nothing is written', async () => {
    const o = await capturedOrder();
    for (const amount of [0, -5, 12.5, o.total + 1]) {
      await expect(requestRefund(pd(), { orderId: o.orderId, amount, reason: '', requestKey: `rk-bad-${amount}` }, admin)).rejects.toMatchObject({ category: 'invalid_input', field: 'amount' });
    }
    const rows = await w.t.primary.select().from(refunds).where(eq(refunds.orderId, o.orderId));
    expect(rows).toHaveLength(0);
    expect((await orderPaymentState(w.t.primary, o.orderId)).refunded).toBe(0);
  });

  it('a refund that fails at Stripe is reversed on the ledger', async () => {
    const o = await capturedOrder();
    const { refundId } = await requestRefund(pd(), { orderId: o.orderId, amount: 1000, reason: '', requestKey: 'rk-fail' }, admin);
    await sendRefundToStripe(pd(), refundId);
    const [r] = await w.t.primary.select().from(refunds).where(eq(refunds.id, refundId));
    const sr = await w.deps.stripe.refunds.retrieve(r.stripeRefundId!);
    await applyStripeRefund(w.t.primary, { ...sr, status: 'failed' });
    await applyStripeRefund(w.t.primary, { ...sr, status: 'failed' });
    expect(await orderPaymentState(w.t.primary, o.orderId)).toMatchObject({ refunded: 0, refundable: o.total });
  });

  it('refusing to refund an order that was never captured', async () => {
    const o = await authorizedOrder(w);
    await expect(requestRefund(pd(), { orderId: o.orderId, amount: 100, reason: '', requestKey: 'rk-uncaptured' }, admin)).rejects.toMatchObject({ category: 'conflict' });
  });
});
