import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { rejectionOf, sdkFor, setUpStripeSuite } from './test-helpers';

let emu: StripeEmulator;

setUpStripeSuite((s) => ({ emu } = s));

const create = (stripe: Stripe) => stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });

async function postFault(body: Record<string, unknown>) {
  const res = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

describe('API faults', () => {
  it('failNext: the SDK sees a 500 StripeAPIError (maxNetworkRetries: 0) and nothing is created', async () => {
    await postFault({ failNext: 1 });
    const err = await rejectionOf(create(sdkFor(emu, { maxNetworkRetries: 0 })));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(err.statusCode).toBe(500);
    expect(emu.state().counts.payment_intents).toBe(0);
    // Only the next request fails.
    await create(sdkFor(emu, { maxNetworkRetries: 0 }));
    expect(emu.state().counts.payment_intents).toBe(1);
  });

  it('failNext with the SDK’s retries: retried with the same Idempotency-Key and succeeds once', async () => {
    emu.setFaults({ failNext: 2, status: 503 });
    const pi = await create(sdkFor(emu, { maxNetworkRetries: 2 }));
    expect(pi.id).toMatch(/^pi_/);
    expect(emu.state().counts.payment_intents).toBe(1);
  });

  it('status 429 surfaces as StripeRateLimitError; scope limits the rule to a path prefix', async () => {
    emu.setFaults({ failNext: 1, status: 429, scope: '/v1/refunds' });
    const stripe = sdkFor(emu, { maxNetworkRetries: 0 });
    await create(stripe); // not in scope
    const err = await rejectionOf(stripe.refunds.create({ payment_intent: 'pi_x' }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
  });

  it('latencyMs delays matching requests until the rule is cleared', async () => {
    const stripe = sdkFor(emu, { maxNetworkRetries: 0 });
    await postFault({ latencyMs: 250 });
    let t = Date.now();
    await create(stripe);
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    t = Date.now();
    await stripe.paymentIntents.list();
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
    await fetch(`${emu.url}/_emulator/faults`, { method: 'DELETE' });
    t = Date.now();
    await stripe.paymentIntents.list();
    expect(Date.now() - t).toBeLessThan(200);
  });

  it('latency beyond the SDK timeout is a StripeConnectionError — and the request still runs on the server', async () => {
    emu.setFaults({ latencyMs: 300, count: 1 });
    const err = await rejectionOf(create(sdkFor(emu, { maxNetworkRetries: 0, timeout: 100 })));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(emu.state().faults).toHaveLength(0);
    expect(emu.state().counts.payment_intents).toBe(0);
    await new Promise((r) => setTimeout(r, 350));
    // Like real Stripe: a client timeout says nothing about whether the request took effect.
    expect(emu.state().counts.payment_intents).toBe(1);
  });

  it('dropNext destroys the connection; the SDK retries a closed connection once even with maxNetworkRetries: 0', async () => {
    const stripe = sdkFor(emu, { maxNetworkRetries: 0 });
    emu.setFaults({ dropNext: 2 });
    const err = await rejectionOf(create(stripe));
    expect(err).toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(emu.state().counts.payment_intents).toBe(0);

    emu.setFaults({ dropNext: 1 });
    const pi = await create(stripe);
    expect(pi.id).toMatch(/^pi_/);
    expect(emu.state().counts.payment_intents).toBe(1);
  });

  it('phase "after": the request runs, the response is lost, and the SDK’s retry replays the saved result', async () => {
    const stripe = sdkFor(emu, { maxNetworkRetries: 0 });
    emu.setFaults({ dropNext: 1, phase: 'after', scope: '/v1/payment_intents' });
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    expect(pi.status).toBe('requires_capture');
    expect(pi.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(emu.state().counts.payment_intents).toBe(1);
    expect(emu.state().counts.charges).toBe(1);

    // Without a retry the caller sees the failure, although the capture happened.
    emu.setFaults({ failNext: 1, phase: 'after', scope: `/v1/payment_intents/${pi.id}/capture` });
    const err = await rejectionOf(stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: `capture-${pi.id}` }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
    const replay = await stripe.paymentIntents.capture(pi.id, {}, { idempotencyKey: `capture-${pi.id}` });
    expect(replay.status).toBe('succeeded');
  });

  it('rejects malformed fault rules', async () => {
    const res = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 200, failNext: 1 }) });
    expect(res.status).toBe(400);
    const empty = await fetch(`${emu.url}/_emulator/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(empty.status).toBe(400);
  });
});
