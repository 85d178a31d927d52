import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { paymentMethodForCardNumber, testCardNumbers } from '../../server/integrations/stripe/test-cards';
import { rejectionOf, sdkFor, setUpStripeSuite, startForTest } from './test-helpers';

let emu: StripeEmulator;
let stripe: Stripe;

setUpStripeSuite((s) => ({ emu, stripe } = s));

const eventTypes = () => emu.events().map((e) => e.type);

describe('PaymentIntents: manual capture', () => {
  it('authorizes with pm_card_visa, then captures in full', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 4200,
      currency: 'eur',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      allowed_payment_method_types: ['card'],
      confirm: true,
      metadata: { order_id: 'ord_1' },
      description: 'Order ord_1',
      receipt_email: 'shopper@example.com',
    });
    expect(pi.id).toMatch(/^pi_/);
    expect(pi.object).toBe('payment_intent');
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    expect(pi.livemode).toBe(false);
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(4200);
    expect(pi.amount_received).toBe(0);
    expect(pi.metadata).toEqual({ order_id: 'ord_1' });
    expect(pi.payment_method).toMatch(/^pm_/);
    expect(pi.payment_method).not.toBe('pm_card_visa');
    expect(typeof pi.latest_charge).toBe('string');
    expect(pi.lastResponse.requestId).toMatch(/^req_/);

    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ object: 'charge', captured: false, amount: 4200, amount_captured: 0, paid: true, status: 'succeeded', payment_intent: pi.id });
    expect(charge.payment_method_details?.card).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(charge.payment_method_details?.card?.capture_before).toBeGreaterThan(charge.created);

    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(4200);
    expect(captured.amount_capturable).toBe(0);
    const after = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(after).toMatchObject({ captured: true, amount_captured: 4200, amount_refunded: 0, refunded: false });
    expect(after.balance_transaction).toMatch(/^txn_/);

    expect(eventTypes()).toEqual(['payment_intent.created', 'charge.succeeded', 'payment_intent.amount_capturable_updated', 'charge.captured', 'payment_intent.succeeded']);
    const [created] = emu.events();
    expect(created.request.id).toBe(pi.lastResponse.requestId);
    expect(created.request.idempotency_key).toMatch(/^stripe-node-retry-/);
  });

  it('partially captures: amount_received is the captured amount, the rest is released', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 10000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_mastercard', allowed_payment_method_types: ['card'], confirm: true });
    expect(pi.status).toBe('requires_capture');
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 6000 });
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(6000);
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({ amount: 10000, amount_captured: 6000, amount_refunded: 4000, refunded: false, captured: true });
    expect(charge.payment_method_details?.card?.brand).toBe('mastercard');
  });

  it('rejects capturing more than is capturable, and capturing twice', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    const tooMuch = await rejectionOf(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1001 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(tooMuch.code).toBe('amount_too_large');
    await stripe.paymentIntents.capture(pi.id);
    const twice = await rejectionOf(stripe.paymentIntents.capture(pi.id));
    expect(twice).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(twice.code).toBe('payment_intent_unexpected_state');
    expect((twice.raw as { payment_intent?: { id: string } }).payment_intent?.id).toBe(pi.id);
  });

  it('cancels an authorization (void): status canceled, the charge shows the hold released', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'gbp', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellation_reason).toBe('requested_by_customer');
    expect(canceled.canceled_at).toBeTypeOf('number');
    expect(canceled.amount_capturable).toBe(0);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ captured: false, refunded: true, amount_refunded: 2500 });
    expect(eventTypes().slice(-2)).toEqual(['charge.refunded', 'payment_intent.canceled']);
    const again = await rejectionOf(stripe.paymentIntents.cancel(pi.id));
    expect(again.code).toBe('payment_intent_unexpected_state');
    const capture = await rejectionOf(stripe.paymentIntents.capture(pi.id));
    expect(capture.code).toBe('payment_intent_unexpected_state');
  });

  it('expires an authorization through the control API', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    const res = await fetch(`${emu.url}/_emulator/payment_intents/${pi.id}/expire_authorization`, { method: 'POST' });
    expect(res.status).toBe(200);
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic' });
    expect(eventTypes().slice(-2)).toEqual(['charge.expired', 'payment_intent.canceled']);
  });
});

describe('PaymentIntents: automatic capture and the two-step flow', () => {
  it('create, then confirm separately; automatic capture succeeds immediately', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1999, currency: 'usd', allowed_payment_method_types: ['card'] });
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.capture_method).toBe('automatic_async');
    const withPm = await stripe.paymentIntents.update(pi.id, { payment_method: 'pm_card_visa', metadata: { cart: 'c1' } });
    expect(withPm.status).toBe('requires_confirmation');
    const confirmed = await stripe.paymentIntents.confirm(pi.id);
    expect(confirmed.status).toBe('succeeded');
    expect(confirmed.amount_received).toBe(1999);
    expect(confirmed.metadata).toEqual({ cart: 'c1' });
    const charge = await stripe.charges.retrieve(confirmed.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount_captured: 1999, metadata: { cart: 'c1' } });
    const again = await rejectionOf(stripe.paymentIntents.confirm(pi.id));
    expect(again.code).toBe('payment_intent_unexpected_state');
  });

  it('requires return_url when automatic_payment_methods allow redirects (as Stripe does)', async () => {
    const err = await rejectionOf(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.param).toBe('return_url');
    expect(emu.state().counts.payment_intents).toBe(0);
    const ok = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, return_url: 'https://shop.test/return' });
    expect(ok.status).toBe('succeeded');
    expect(ok.automatic_payment_methods).toEqual({ allow_redirects: 'always', enabled: true });
  });

  it('updates metadata (merge, unset with empty string) in any state', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'], metadata: { a: '1', b: '2' } });
    const updated = await stripe.paymentIntents.update(pi.id, { metadata: { b: '', c: '3' }, description: 'hello' });
    expect(updated.metadata).toEqual({ a: '1', c: '3' });
    expect(updated.description).toBe('hello');
  });

  it('validates parameters like Stripe', async () => {
    const noAmount = await rejectionOf(stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams));
    expect(noAmount).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(noAmount).toMatchObject({ code: 'parameter_missing', param: 'amount', statusCode: 400 });
    const small = await rejectionOf(stripe.paymentIntents.create({ amount: 10, currency: 'usd' }));
    expect(small.code).toBe('amount_too_small');
    const unknown = await rejectionOf(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', colour: 'red' } as Stripe.PaymentIntentCreateParams));
    expect(unknown).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const missing = await rejectionOf(stripe.paymentIntents.retrieve('pi_doesnotexist'));
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ code: 'resource_missing', statusCode: 404 });
    expect(missing.message).toBe("No such payment_intent: 'pi_doesnotexist'");
  });
});

describe('PaymentIntents: declines', () => {
  it('pm_card_chargeDeclined raises StripeCardError card_declined/generic_decline and leaves requires_payment_method', async () => {
    const err = await rejectionOf(
      stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_chargeDeclined', allowed_payment_method_types: ['card'], confirm: true, metadata: { order_id: 'ord_d' } }),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ type: 'StripeCardError', statusCode: 402, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' });
    const raw = err.raw as { payment_intent: Stripe.PaymentIntent; charge: string; request_log_url: string };
    expect(raw.payment_intent.status).toBe('requires_payment_method');
    expect(raw.charge).toMatch(/^ch_/);
    expect(raw.request_log_url).toContain('/_emulator/logs/req_');
    const pi = await stripe.paymentIntents.retrieve(raw.payment_intent.id);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.payment_method).toBeNull();
    expect(pi.last_payment_error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', charge: raw.charge });
    const charge = await stripe.charges.retrieve(raw.charge);
    expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });
    expect(eventTypes()).toEqual(['payment_intent.created', 'charge.failed', 'payment_intent.payment_failed']);

    // The shopper tries another card on the same PaymentIntent.
    const retry = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    expect(retry.status).toBe('requires_capture');
    expect(retry.last_payment_error).toBeNull();
  });

  it('pm_card_chargeDeclinedInsufficientFunds gives decline_code insufficient_funds', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', allowed_payment_method_types: ['card'] });
    const err = await rejectionOf(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('an unknown PaymentMethod is a 400 resource_missing and creates nothing', async () => {
    const err = await rejectionOf(stripe.paymentIntents.create({ amount: 5000, currency: 'usd', payment_method: 'pm_card_nope', allowed_payment_method_types: ['card'], confirm: true }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 400, code: 'resource_missing', param: 'payment_method' });
    expect(emu.state().counts.payment_intents).toBe(0);
  });

  it('maps documented test card numbers to test PaymentMethods', () => {
    expect(testCardNumbers['4242424242424242']).toBe('pm_card_visa');
    expect(testCardNumbers['5555555555554444']).toBe('pm_card_mastercard');
    expect(testCardNumbers['4000000000000002']).toBe('pm_card_chargeDeclined');
    expect(testCardNumbers['4000000000009995']).toBe('pm_card_chargeDeclinedInsufficientFunds');
    expect(testCardNumbers['4000000000003220']).toBe('pm_card_threeDSecure2Required');
    expect(paymentMethodForCardNumber('4242 4242 4242 4242')).toBe('pm_card_visa');
    expect(paymentMethodForCardNumber('1234')).toBeUndefined();
  });
});

describe('PaymentIntents: list, search, expand, payment methods', () => {
  it('lists newest first with cursors and created filters', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', allowed_payment_method_types: ['card'] })).id);
    const page1 = await stripe.paymentIntents.list({ limit: 2 });
    expect(page1.object).toBe('list');
    expect(page1.url).toBe('/v1/payment_intents');
    expect(page1.data.map((p) => p.id)).toEqual([ids[4], ids[3]]);
    expect(page1.has_more).toBe(true);
    const page2 = await stripe.paymentIntents.list({ limit: 2, starting_after: ids[3] });
    expect(page2.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const back = await stripe.paymentIntents.list({ limit: 2, ending_before: ids[1] });
    expect(back.data.map((p) => p.id)).toEqual([ids[3], ids[2]]);
    const all = await stripe.paymentIntents.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((p) => p.id)).toEqual([...ids].reverse());
    const now = Math.floor(Date.now() / 1000);
    expect((await stripe.paymentIntents.list({ created: { gte: now - 60 } })).data).toHaveLength(5);
    expect((await stripe.paymentIntents.list({ created: { gt: now + 60 } })).data).toHaveLength(0);
  });

  it('searches by metadata and status (crash recovery finds the PI by order id)', async () => {
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true, metadata: { order_id: 'ord_A' } });
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'], metadata: { order_id: 'ord_B' } });
    const found = await stripe.paymentIntents.search({ query: "metadata['order_id']:'ord_A'" });
    expect(found.object).toBe('search_result');
    expect(found.data.map((p) => p.id)).toEqual([a.id]);
    const both = await stripe.paymentIntents.search({ query: "status:'requires_capture' AND metadata['order_id']:'ord_A'" });
    expect(both.data).toHaveLength(1);
    const none = await stripe.paymentIntents.search({ query: "status:'succeeded' AND metadata['order_id']:'ord_A'" });
    expect(none.data).toHaveLength(0);
    const either = await stripe.paymentIntents.search({ query: 'metadata["order_id"]:"ord_A" OR metadata["order_id"]:"ord_B"', limit: 1 });
    expect(either.has_more).toBe(true);
    expect(either.next_page).toBeTruthy();
    const all = await stripe.paymentIntents.search({ query: 'amount>=1000', limit: 1 }).autoPagingToArray({ limit: 10 });
    expect(all).toHaveLength(2);
    const bad = await rejectionOf(stripe.paymentIntents.search({ query: "colour:'red'" }));
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const charges = await stripe.charges.search({ query: "metadata['order_id']:'ord_A'" });
    expect(charges.data.map((c) => c.payment_intent)).toEqual([a.id]);
  });

  it('searchLagMs emulates Stripe search being eventually consistent', async () => {
    const { emu: lagged, stripe: s2 } = await startForTest({ searchLagMs: 200 });
    try {
      await s2.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'], metadata: { order_id: 'ord_lag' } });
      expect((await s2.paymentIntents.search({ query: "metadata['order_id']:'ord_lag'" })).data).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 250));
      expect((await s2.paymentIntents.search({ query: "metadata['order_id']:'ord_lag'" })).data).toHaveLength(1);
    } finally {
      await lagged.close();
    }
  });

  it('expands latest_charge and payment_method; lists charges by payment_intent', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true }, { idempotencyKey: 'expand-test' });
    const expanded = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge', 'payment_method'] });
    expect((expanded.latest_charge as Stripe.Charge).object).toBe('charge');
    expect((expanded.payment_method as Stripe.PaymentMethod).card?.last4).toBe('4242');
    const charges = await stripe.charges.list({ payment_intent: pi.id, expand: ['data.payment_intent'] });
    expect(charges.data).toHaveLength(1);
    expect((charges.data[0].payment_intent as Stripe.PaymentIntent).id).toBe(pi.id);
    const pm = await stripe.paymentMethods.retrieve(pi.payment_method as string);
    expect(pm).toMatchObject({ object: 'payment_method', type: 'card', card: { brand: 'visa', last4: '4242' } });
    const bad = await rejectionOf(stripe.paymentIntents.retrieve(pi.id, { expand: ['amount'] }));
    expect(bad.message).toContain('cannot be expanded');
  });
});

describe('authentication and wire format', () => {
  it('401 without a key, with a bad key, and with a live key', async () => {
    const noKey = await fetch(`${emu.url}/v1/payment_intents`);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('request-id')).toMatch(/^req_/);
    const body = (await noKey.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('You did not provide an API key');

    const bad = await rejectionOf(sdkFor(emu, {}, 'sk_nope').paymentIntents.list());
    expect(bad).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const live = await rejectionOf(sdkFor(emu, {}, 'sk_live_123456').paymentIntents.list());
    expect(live).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('accepts curl-style bodies: Basic auth, `[]` arrays, nested metadata', async () => {
    const res = await fetch(`${emu.url}/v1/payment_intents`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from('sk_test_curl:').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=2000&currency=usd&allowed_payment_method_types[]=card&metadata[order_id]=ord%2042&capture_method=manual',
    });
    expect(res.status).toBe(200);
    const pi = (await res.json()) as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ amount: 2000, payment_method_types: ['card'], allowed_payment_method_types: ['card'], automatic_payment_methods: null, metadata: { order_id: 'ord 42' }, capture_method: 'manual' });
    const unknownUrl = await fetch(`${emu.url}/v1/nothing_here`, { headers: { Authorization: 'Bearer sk_test_x' } });
    expect(unknownUrl.status).toBe(404);
    expect(((await unknownUrl.json()) as { error: { message: string } }).error.message).toContain('Unrecognized request URL');
  });

  it('payment_method_types is rejected on the SDK’s API version (2026-09-30.endive) and accepted on older versions', async () => {
    const legacy = (version?: string) =>
      fetch(`${emu.url}/v1/payment_intents`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sk_test_x', 'Content-Type': 'application/x-www-form-urlencoded', ...(version ? { 'Stripe-Version': version } : {}) },
        body: 'amount=2000&currency=usd&payment_method_types[0]=card',
      });
    const current = await legacy();
    expect(current.status).toBe(400);
    expect(((await current.json()) as { error: { code: string } }).error.code).toBe('payment_method_types_no_longer_supported');
    const sdkErr = await rejectionOf(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method_types: ['card'] } as Stripe.PaymentIntentCreateParams));
    expect(sdkErr.code).toBe('payment_method_types_no_longer_supported');
    const old = await legacy('2025-03-31.basil');
    expect(old.status).toBe(200);
    expect(old.headers.get('stripe-version')).toBe('2025-03-31.basil');
    expect(((await old.json()) as Stripe.PaymentIntent).payment_method_types).toEqual(['card']);
  });

  it('GET /_emulator/state counts objects', async () => {
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as { counts: { payment_intents: number; charges: number; events: number; refunds: number } };
    expect(state.counts).toMatchObject({ payment_intents: 1, charges: 1, refunds: 0, events: 3 });
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST' });
    expect(emu.state().counts.payment_intents).toBe(0);
  });
});
