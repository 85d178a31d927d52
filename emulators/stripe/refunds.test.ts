import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { rejectionOf, setUpStripeSuite } from './test-helpers';

let emu: StripeEmulator;
let stripe: Stripe;

setUpStripeSuite((s) => ({ emu, stripe } = s));

async function capturedPayment(amount = 10000, captureAmount?: number) {
  const pi = await stripe.paymentIntents.create({ amount, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
  return stripe.paymentIntents.capture(pi.id, captureAmount ? { amount_to_capture: captureAmount } : {});
}

describe('Refunds', () => {
  it('partial then full (remaining) refund by payment_intent; charge tracks amount_refunded/refunded', async () => {
    const pi = await capturedPayment(10000);
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 2500, reason: 'requested_by_customer', metadata: { ledger_entry: 'le_1' } });
    expect(r1).toMatchObject({ object: 'refund', amount: 2500, status: 'succeeded', payment_intent: pi.id, charge: pi.latest_charge, reason: 'requested_by_customer', metadata: { ledger_entry: 'le_1' }, currency: 'usd' });
    expect(r1.id).toMatch(/^re_/);
    let charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 2500, refunded: false });

    const r2 = await stripe.refunds.create({ payment_intent: pi.id });
    expect(r2.amount).toBe(7500);
    charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 10000, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([r2.id, r1.id]);

    const list = await stripe.refunds.list({ payment_intent: pi.id });
    expect(list.data.map((r) => r.id)).toEqual([r2.id, r1.id]);
    const res = await fetch(`${emu.url}/v1/charges/${charge.id}/refunds?limit=1`, { headers: { Authorization: 'Bearer sk_test_x' } });
    const byCharge = (await res.json()) as { data: { id: string }[]; has_more: boolean; url: string };
    expect(byCharge).toMatchObject({ has_more: true, url: `/v1/charges/${charge.id}/refunds` });
    expect(byCharge.data.map((r) => r.id)).toEqual([r2.id]);
    expect(await stripe.refunds.retrieve(r1.id)).toMatchObject({ id: r1.id, amount: 2500 });

    const types = emu.events().map((e) => e.type);
    expect(types.filter((t) => t === 'refund.created')).toHaveLength(2);
    expect(types.filter((t) => t === 'charge.refunded')).toHaveLength(2);
    const chargeRefunded = emu.events().filter((e) => e.type === 'charge.refunded').at(-1);
    expect(chargeRefunded?.data.previous_attributes).toEqual({ amount_refunded: 2500, refunded: false });
  });

  it('rejects refunding more than remains, and refunding a fully refunded charge', async () => {
    const pi = await capturedPayment(5000);
    const tooMuch = await rejectionOf(stripe.refunds.create({ payment_intent: pi.id, amount: 5001 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });
    expect(tooMuch.message).toBe('Refund amount ($50.01) is greater than unrefunded amount on charge ($50.00)');
    await stripe.refunds.create({ charge: pi.latest_charge as string });
    const again = await rejectionOf(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(again).toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
    expect(emu.state().counts.refunds).toBe(1);
  });

  it('after a partial capture only the captured amount is refundable', async () => {
    const pi = await capturedPayment(10000, 6000);
    const over = await rejectionOf(stripe.refunds.create({ payment_intent: pi.id, amount: 6001 }));
    expect(over.code).toBe('amount_too_large');
    const all = await stripe.refunds.create({ payment_intent: pi.id });
    expect(all.amount).toBe(6000);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 10000, refunded: true });
  });

  it('refuses to refund an uncaptured authorization (cancel it instead) or a PaymentIntent without a charge', async () => {
    const auth = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    expect((await rejectionOf(stripe.refunds.create({ payment_intent: auth.id }))).code).toBe('charge_not_refundable');
    const bare = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
    expect((await rejectionOf(stripe.refunds.create({ payment_intent: bare.id }))).code).toBe('charge_not_refundable');
    expect((await rejectionOf(stripe.refunds.create({ payment_intent: 'pi_missing' }))).code).toBe('resource_missing');
    expect((await rejectionOf(stripe.refunds.create({}))).code).toBe('parameter_missing');
  });

  it('updating refund metadata records refund.updated', async () => {
    const pi = await capturedPayment(3000);
    const r = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    const updated = await stripe.refunds.update(r.id, { metadata: { note: 'goodwill' } });
    expect(updated.metadata).toEqual({ note: 'goodwill' });
    const ev = emu.events().at(-1);
    expect(ev?.type).toBe('refund.updated');
    expect(ev?.data.previous_attributes).toEqual({ metadata: {} });
  });

  it('refunds with the same idempotency key are created once', async () => {
    const pi = await capturedPayment(3000);
    const a = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 }, { idempotencyKey: 'refund-ord-1' });
    const b = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 }, { idempotencyKey: 'refund-ord-1' });
    expect(b.id).toBe(a.id);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).amount_refunded).toBe(1000);
  });
});
