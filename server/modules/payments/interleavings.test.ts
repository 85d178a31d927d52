// Issue 11 §3.1: the safety capture and an admin cancel of the same order, interleaved on purpose
// (the capture held at its Stripe call while the cancel runs), against real Postgres and the
// Stripe emulator. A cancelled order is never left charged.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { refunds } from '../../../db/payments-schema';
import { orderPaymentState } from './ledger';
import { cancelOrder, captureOrder, sendRefundToStripe, voidOrderAuthorization, type Actor } from './payments';
import { authorizedOrder, startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';
import { gate, gatedStripe, settledOrBlocked } from '../../testing/interleave';

let w: PaymentsWorld;
beforeAll(async () => {
  w = await startPaymentsWorld('pay-interleave');
});
afterAll(async () => w?.close());

const admin: Actor = { actorType: 'admin', actorId: '1', actorLabel: 'owner@dotshop.local' };
const pd = () => ({ db: w.t.primary, stripe: w.deps.stripe, outbox: w.deps.outbox });
const orderRow = async (id: string) => (await w.t.primary.select().from(orders).where(eq(orders.id, id)))[0];

/** What Stripe kept of the order's money: captured minus refunded. */
async function keptAtStripe(orderId: string) {
  const pi = await w.deps.stripe.paymentIntents.retrieve((await orderRow(orderId)).paymentIntentId!);
  const rs = await w.deps.stripe.refunds.list({ payment_intent: pi.id });
  return pi.amount_received - rs.data.filter((r) => r.status === 'succeeded' || r.status === 'pending').reduce((n, r) => n + r.amount, 0);
}

async function settleRefunds(orderId: string) {
  for (const r of await w.t.primary.select().from(refunds).where(eq(refunds.orderId, orderId))) await sendRefundToStripe(pd(), r.id);
}

describe('§3.1 safety capture vs admin cancel', () => {
  it('an admin cancel while the safety capture is at Stripe never leaves a cancelled order charged', async () => {
    const o = await authorizedOrder(w);
    const g = gate();
    const capture = captureOrder({ ...pd(), stripe: gatedStripe(w.deps.stripe, 'paymentIntents', 'capture', g) }, o.orderId, { safety: true });
    await g.reached; // the job has read the order and the PaymentIntent; its capture call waits
    const cancel = cancelOrder(pd(), o.orderId, admin);
    await settledOrBlocked(w.t.primary, cancel); // the cancel either ran or waits for the capture
    g.open();
    const [captured, cancelled] = await Promise.allSettled([capture, cancel]);
    expect(captured.status).toBe('fulfilled');
    // The void job runs after the cancel (if the cancel went through), then any refund it asked for.
    await voidOrderAuthorization(pd(), o.orderId);
    await settleRefunds(o.orderId);

    const after = await orderRow(o.orderId);
    const state = await orderPaymentState(w.t.primary, o.orderId);
    if (after.status === 'cancelled') {
      expect(await keptAtStripe(o.orderId)).toBe(0);
      expect(state.captured - state.refunded).toBe(0);
    } else {
      // The capture got the order first: the cancel was refused, nothing refunded, all booked.
      expect(cancelled.status).toBe('rejected');
      expect(after.status).toBe('captured');
      expect(await keptAtStripe(o.orderId)).toBe(o.total);
      expect(state).toMatchObject({ captured: o.total, refunded: 0, openAuthorization: 0 });
    }
  });

  it('a cancelled order that Stripe captured anyway (capture committed at Stripe, lost here) is refunded in full', async () => {
    const o = await authorizedOrder(w);
    expect(await cancelOrder(pd(), o.orderId, admin)).toBe('cancelled');
    // Stripe captured it (e.g. a capture whose transaction here was lost in a crash).
    await w.deps.stripe.paymentIntents.capture((await orderRow(o.orderId)).paymentIntentId!);
    await voidOrderAuthorization(pd(), o.orderId);
    await voidOrderAuthorization(pd(), o.orderId); // the job ran twice
    await settleRefunds(o.orderId);
    expect((await orderRow(o.orderId)).status).toBe('cancelled');
    expect(await keptAtStripe(o.orderId)).toBe(0);
    const state = await orderPaymentState(w.t.primary, o.orderId);
    expect(state).toMatchObject({ authorized: o.total, captured: o.total, refunded: o.total, openAuthorization: 0 });
    expect(await w.t.primary.select().from(refunds).where(eq(refunds.orderId, o.orderId))).toHaveLength(1);
  });
});
