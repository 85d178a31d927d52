import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { type ReceivedWebhook, type Receiver, rejectionOf, setUpStripeSuite, waitFor } from './test-helpers';

const SECRET = 'whsec_refund_settlement';

let emu: StripeEmulator;
let stripe: Stripe;
let receiver: Receiver;

setUpStripeSuite((s) => ({ emu, stripe, receiver } = { ...s, receiver: s.receiver! }), {
  options: { refundSettleDelayMs: Infinity },
  webhooks: { secret: SECRET },
  beforeEach: (s) => s.emu.setRefundSettleDelay(Infinity),
});

const verify = (w: ReceivedWebhook) => stripe.webhooks.constructEvent(w.body, w.headers['stripe-signature'] as string, SECRET);
const types = () => emu.events().map((e) => e.type);

async function paid(amount = 10000) {
  return stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
}

async function settle(refundId: string, body: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/_emulator/refunds/${refundId}/settle`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('Refund status changes', () => {
  it('pending → succeeded through the control API: refund.updated and charge.refund.updated, delivered as webhooks', async () => {
    const pi = await paid(5000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 2000, metadata: { ledger: 'le_1' } });
    expect(refund).toMatchObject({ status: 'pending', amount: 2000 });
    // A pending refund already counts on the charge and on the balance.
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 2000, refunded: false });
    expect(await stripe.balanceTransactions.retrieve(refund.balance_transaction as string)).toMatchObject({ amount: -2000, net: -2000, type: 'refund', source: refund.id });
    expect(types().slice(-2)).toEqual(['refund.created', 'charge.refunded']);

    const settled = await settle(refund.id, { status: 'succeeded' });
    expect(settled.status).toBe(200);
    expect(settled.json).toMatchObject({ id: refund.id, status: 'succeeded' });
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ status: 'succeeded', metadata: { ledger: 'le_1' } });
    expect(types().slice(-2)).toEqual(['refund.updated', 'charge.refund.updated']);
    for (const e of emu.events().slice(-2)) {
      expect(e.data.object).toMatchObject({ id: refund.id, object: 'refund', status: 'succeeded' });
      expect(e.data.previous_attributes).toEqual({ status: 'pending' });
      expect(e.request).toEqual({ id: null, idempotency_key: null });
    }
    // Only a pending refund can succeed.
    expect((await settle(refund.id, { status: 'succeeded' })).status).toBe(400);

    await emu.waitForWebhooks();
    const delivered = receiver.received.map(verify).filter((e) => e.type.startsWith('refund.') || e.type === 'charge.refund.updated');
    expect(delivered.map((e) => [e.type, (e.data.object as Stripe.Refund).status])).toEqual([
      ['refund.created', 'pending'],
      ['refund.updated', 'succeeded'],
      ['charge.refund.updated', 'succeeded'],
    ]);
    expect(new Set(delivered.map((e) => e.id)).size).toBe(3);
  });

  it('pending → failed: the money comes back (refund_failure balance transaction) and leaves amount_refunded', async () => {
    const pi = await paid(5000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 5000, refunded: true });
    const failed = emu.settleRefund(refund.id, 'failed', 'expired_or_canceled_card');
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const fetched = await stripe.refunds.retrieve(refund.id, { expand: ['failure_balance_transaction'] });
    expect(fetched.failure_balance_transaction).toMatchObject({ object: 'balance_transaction', amount: 5000, net: 5000, type: 'adjustment', reporting_category: 'refund_failure', source: refund.id });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    expect(charge.refunds?.data[0]).toMatchObject({ id: refund.id, status: 'failed' });
    expect(types().slice(-3)).toEqual(['refund.updated', 'charge.refund.updated', 'refund.failed']);
    expect(emu.events().at(-2)?.data.previous_attributes).toEqual({ status: 'pending', failure_balance_transaction: null, failure_reason: null });
    // The charge can be refunded again; a failed refund cannot be settled again.
    expect((await settle(refund.id, { status: 'failed' })).status).toBe(400);
    expect((await stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(5000);
  });

  it('a succeeded refund can still fail later (as on Stripe); bad control input is rejected', async () => {
    emu.setRefundSettleDelay(0);
    const pi = await paid(3000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(refund.status).toBe('succeeded');
    const res = await settle(refund.id, { status: 'failed' });
    expect(res.json).toMatchObject({ status: 'failed', failure_reason: 'unknown' });
    expect((await settle(refund.id, { status: 'maybe' })).status).toBe(400);
    expect((await settle('re_missing', { status: 'succeeded' })).status).toBe(404);
    const pi2 = await paid(3000);
    const r2 = await stripe.refunds.create({ payment_intent: pi2.id, amount: 1000 });
    expect((await settle(r2.id, { status: 'failed', failure_reason: 'because' })).status).toBe(400);
    expect(emu.state().counts.refunds_by_status).toEqual({ failed: 1, succeeded: 1 });
  });

  it('with refundSettleDelayMs > 0 pending refunds succeed on their own', async () => {
    const settings = await fetch(`${emu.url}/_emulator/refunds/settle_delay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: 100 }) });
    expect(await settings.json()).toEqual({ ms: 100 });
    const pi = await paid(3000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(refund.status).toBe('pending');
    await waitFor(() => types().includes('charge.refund.updated'), 3000, 'the refund to settle');
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ status: 'succeeded' });
    // reset() cancels refunds still waiting.
    const pi2 = await paid(3000);
    await stripe.refunds.create({ payment_intent: pi2.id });
    emu.reset();
    await new Promise((r) => setTimeout(r, 200));
    expect(emu.events()).toHaveLength(0);
    const manual = await fetch(`${emu.url}/_emulator/refunds/settle_delay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ms: 'manual' }) });
    expect(await manual.json()).toEqual({ ms: 'manual' });
  });

  it('a chargeback makes pending refunds of the charge fail (charge_for_pending_refund_disputed)', async () => {
    const pi = await paid(8000);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 3000 });
    const dp = emu.createDispute({ payment_intent: pi.id });
    expect(dp.amount).toBe(8000);
    expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({ status: 'failed', failure_reason: 'charge_for_pending_refund_disputed' });
    expect(types().slice(-5)).toEqual(['refund.updated', 'charge.refund.updated', 'refund.failed', 'charge.dispute.created', 'charge.dispute.funds_withdrawn']);
  });
});

describe('Refund made directly in the emulator (a difference the app does not know about)', () => {
  it('a plain POST /v1/refunds without metadata is a normal refund with the usual events and webhooks', async () => {
    emu.setRefundSettleDelay(0);
    const pi = await paid(4000);
    const res = await fetch(`${emu.url}/v1/refunds`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_someone_in_the_dashboard', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `payment_intent=${pi.id}&amount=1500`,
    });
    expect(res.status).toBe(200);
    const refund = (await res.json()) as Stripe.Refund;
    expect(refund).toMatchObject({ object: 'refund', amount: 1500, status: 'succeeded', metadata: {}, reason: null, payment_intent: pi.id });
    expect(types().slice(-2)).toEqual(['refund.created', 'charge.refunded']);
    expect(emu.events().at(-1)?.request.id).toBe(res.headers.get('request-id'));
    await emu.waitForWebhooks();
    const delivered = receiver.received.map(verify);
    expect(delivered.find((e) => e.type === 'refund.created')?.data.object).toMatchObject({ id: refund.id, metadata: {} });
    expect((delivered.find((e) => e.type === 'charge.refunded')?.data.object as Stripe.Charge).amount_refunded).toBe(1500);
    // It shows up in the lists the app reconciles against.
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data.map((r) => r.id)).toEqual([refund.id]);
  });

  it('metadata stays optional on the SDK too', async () => {
    emu.setRefundSettleDelay(0);
    const pi = await paid(4000);
    const r = await stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(r.metadata).toEqual({});
    expect((await rejectionOf(stripe.refunds.create({ charge: pi.latest_charge as string }))).code).toBe('charge_already_refunded');
  });
});
