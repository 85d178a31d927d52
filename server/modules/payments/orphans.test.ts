// Issue 12: after a lossy failover, a PaymentIntent whose order is gone is found by its
// metadata.order_id and voided (authorized) or refunded (captured); PaymentIntents of live orders
// are untouched; a dry run changes nothing; a second run is a no-op. Real Postgres, the Stripe
// emulator through the real SDK.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { orders } from '../../../db/commerce-schema';
import { authorizedOrder, startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';
import { findAndVoidOrphanedPaymentIntents } from './orphans';

let w: PaymentsWorld;
let since: Date;
beforeEach(async () => {
  w = await startPaymentsWorld('orphans');
  since = new Date(Date.now() - 2000);
});
afterEach(async () => {
  await w?.close();
});

const lostOrderId = '7d0a3c52-0f7e-4d52-9c2b-1f6a2b3c4d5e';

describe('findAndVoidOrphanedPaymentIntents', () => {
  it('voids the authorization and refunds the capture of orders that do not exist, and leaves live orders alone', async () => {
    const live = await authorizedOrder(w);
    const [liveRow] = await w.t.primary.select().from(orders).where(eq(orders.id, live.orderId));
    // What a lost commit leaves at Stripe: an authorized PI and a captured one naming orders that are gone.
    const authorized = await w.deps.stripe.paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, return_url: 'http://shop.test/return', capture_method: 'manual', metadata: { order_id: lostOrderId } });
    const captured = await w.deps.stripe.paymentIntents.create({ amount: 1500, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, return_url: 'http://shop.test/return', capture_method: 'automatic', metadata: { order_id: crypto.randomUUID() } });
    expect(authorized.status).toBe('requires_capture');
    expect(captured.status).toBe('succeeded');
    const deps = { db: w.t.primary, stripe: w.deps.stripe };

    const dry = await findAndVoidOrphanedPaymentIntents(deps, { since, apply: false });
    expect(dry.examined).toBe(3);
    expect(dry.orphans.map((o) => [o.id, o.action]).sort()).toEqual([[authorized.id, 'none'], [captured.id, 'none']].sort());
    expect((await w.deps.stripe.paymentIntents.retrieve(authorized.id)).status).toBe('requires_capture');

    const run = await findAndVoidOrphanedPaymentIntents(deps, { since, apply: true });
    expect(run.orphans.find((o) => o.id === authorized.id)).toMatchObject({ action: 'voided', orderId: lostOrderId, amount: 4200, currency: 'usd' });
    expect(run.orphans.find((o) => o.id === captured.id)).toMatchObject({ action: 'refunded' });
    expect((await w.deps.stripe.paymentIntents.retrieve(authorized.id)).status).toBe('canceled');
    const refunds = await w.deps.stripe.refunds.list({ payment_intent: captured.id });
    expect(refunds.data.map((r) => r.amount)).toEqual([1500]);
    // The live order's authorization is untouched.
    expect((await w.deps.stripe.paymentIntents.retrieve(liveRow.paymentIntentId!)).status).toBe('requires_capture');

    // Again: the voided one is no longer a candidate; the refunded one is refunded once only.
    const again = await findAndVoidOrphanedPaymentIntents(deps, { since, apply: true });
    expect(again.orphans.map((o) => o.id)).toEqual([captured.id]);
    expect((await w.deps.stripe.refunds.list({ payment_intent: captured.id })).data).toHaveLength(1);
  });
});
