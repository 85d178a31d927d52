import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { rejectionOf, sdkFor, setUpStripeSuite, TEST_KEY } from './test-helpers';

let emu: StripeEmulator;
let stripe: Stripe;

setUpStripeSuite((s) => ({ emu, stripe } = s));

const params: Stripe.PaymentIntentCreateParams = {
  amount: 3100,
  currency: 'usd',
  capture_method: 'manual',
  payment_method: 'pm_card_visa',
  allowed_payment_method_types: ['card'],
  confirm: true,
  metadata: { order_id: 'ord_idem' },
};

function rawCreate(key: string, body: string, apiKey = TEST_KEY) {
  return fetch(`${emu.url}/v1/payment_intents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': key },
    body,
  });
}

describe('Idempotency-Key', () => {
  it('same key + same parameters replays the first response byte for byte', async () => {
    const body = 'amount=3100&currency=usd&capture_method=manual&payment_method=pm_card_visa&allowed_payment_method_types[0]=card&confirm=true';
    const first = await rawCreate('order-1', body);
    const firstText = await first.text();
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same parameters in a different order are the same request.
    const second = await rawCreate('order-1', 'confirm=true&allowed_payment_method_types[0]=card&payment_method=pm_card_visa&capture_method=manual&currency=usd&amount=3100');
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(second.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    expect(await second.text()).toBe(firstText);
    expect(emu.state().counts.payment_intents).toBe(1);
    // Keys are scoped per API key: another key runs the request again.
    const other = await rawCreate('order-1', body, 'sk_test_other_account');
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(emu.state().counts.payment_intents).toBe(2);
  });

  it('through the SDK: the replay returns the same PaymentIntent', async () => {
    const a = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-2' });
    const b = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-2' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(emu.state().counts.payment_intents).toBe(1);
    expect(emu.events().filter((e) => e.type === 'payment_intent.created')).toHaveLength(1);
  });

  it('5 parallel identical requests with one key create exactly one PaymentIntent (no SDK retries: one wins, the rest replay or get 409)', async () => {
    emu.setFaults({ latencyMs: 300, scope: '/v1/payment_intents' });
    const noRetry = sdkFor(emu, { maxNetworkRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => noRetry.paymentIntents.create(params, { idempotencyKey: 'order-3' })));
    const ok = results.filter((r): r is PromiseFulfilledResult<Stripe.Response<Stripe.PaymentIntent>> => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.value.id)).size).toBe(1);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const f of failed) {
      expect(f.reason).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use' });
      expect((f.reason as Stripe.errors.StripeError).raw).toMatchObject({ type: 'idempotency_error' });
    }
    expect(emu.state().counts.payment_intents).toBe(1);
  });

  it('5 parallel identical requests with the SDK’s default retries all resolve to the same PaymentIntent', async () => {
    emu.setFaults({ latencyMs: 150, scope: '/v1/payment_intents' });
    const results = await Promise.all(Array.from({ length: 5 }, () => stripe.paymentIntents.create(params, { idempotencyKey: 'order-4' })));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(emu.state().counts.payment_intents).toBe(1);
    expect(emu.state().counts.charges).toBe(1);
  });

  it('same key + different parameters → StripeIdempotencyError (400)', async () => {
    await stripe.paymentIntents.create(params, { idempotencyKey: 'order-5' });
    const err = await rejectionOf(stripe.paymentIntents.create({ ...params, amount: 3200 }, { idempotencyKey: 'order-5' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.message).toContain('same parameters');
    const endpoint = await rejectionOf(stripe.refunds.create({ payment_intent: 'pi_x' }, { idempotencyKey: 'order-5' }));
    expect(endpoint).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(endpoint.message).toContain('same endpoint');
    expect(emu.state().counts.payment_intents).toBe(1);
  });

  it('a decline is saved and replayed; a parameter error is not saved', async () => {
    const declined = { ...params, payment_method: 'pm_card_chargeDeclined' };
    const e1 = await rejectionOf(stripe.paymentIntents.create(declined, { idempotencyKey: 'order-6' }));
    const e2 = await rejectionOf(stripe.paymentIntents.create(declined, { idempotencyKey: 'order-6' }));
    expect(e1).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(e2).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((e2.raw as { payment_intent: { id: string } }).payment_intent.id).toBe((e1.raw as { payment_intent: { id: string } }).payment_intent.id);
    expect(emu.state().counts.payment_intents).toBe(1);

    const invalid = await rejectionOf(stripe.paymentIntents.create({ ...params, amount: 1 }, { idempotencyKey: 'order-7' }));
    expect(invalid.code).toBe('amount_too_small');
    // Not saved: the same key now works with corrected parameters.
    const fixed = await stripe.paymentIntents.create(params, { idempotencyKey: 'order-7' });
    expect(fixed.status).toBe('requires_capture');
  });

  it('confirm and capture are idempotent too', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', allowed_payment_method_types: ['card'] });
    const c1 = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, { idempotencyKey: `confirm-${pi.id}` });
    const c2 = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' }, { idempotencyKey: `confirm-${pi.id}` });
    expect(c2.latest_charge).toBe(c1.latest_charge);
    const k1 = await stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: `capture-${pi.id}` });
    const k2 = await stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: `capture-${pi.id}` });
    expect(k2.status).toBe('succeeded');
    expect(k1.amount_received).toBe(k2.amount_received);
    expect(emu.state().counts.charges).toBe(1);
  });
});
