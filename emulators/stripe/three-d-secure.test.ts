import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { setUpStripeSuite } from './test-helpers';

let emu: StripeEmulator;
let stripe: Stripe;

setUpStripeSuite((s) => ({ emu, stripe } = s));

const RETURN_URL = 'https://shop.test/checkout/return?order=ord_3ds';

async function startChallenge(captureMethod: 'manual' | 'automatic' = 'manual') {
  const pi = await stripe.paymentIntents.create({
    amount: 8900,
    currency: 'eur',
    capture_method: captureMethod,
    payment_method: 'pm_card_threeDSecure2Required',
    confirm: true,
    return_url: RETURN_URL,
    metadata: { order_id: 'ord_3ds' },
  });
  expect(pi.status).toBe('requires_action');
  expect(pi.next_action?.type).toBe('redirect_to_url');
  const redirect = pi.next_action?.redirect_to_url;
  expect(redirect?.return_url).toBe(RETURN_URL);
  expect(redirect?.url).toContain(`${emu.url}/_emulator/3ds/${pi.id}`);
  return { pi, challengeUrl: redirect?.url as string };
}

/** What the shopper's browser does: open the issuer page, then submit one of its forms. */
async function answer(challengeUrl: string, action: 'approve' | 'fail') {
  const page = await fetch(challengeUrl);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  expect(html).toContain('Complete authentication');
  expect(html).toContain('Fail authentication');
  expect(html).toContain('test issuer page');
  const attempt = /name="attempt" value="([^"]+)"/.exec(html)?.[1];
  const formAction = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(attempt).toBeTruthy();
  const res = await fetch(new URL(formAction as string, emu.url), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ action, attempt: attempt as string }).toString(),
    redirect: 'manual',
  });
  return res;
}

describe('3D Secure', () => {
  it('approve: requires_capture, then a 303 back to return_url with Stripe’s query parameters', async () => {
    const { pi, challengeUrl } = await startChallenge('manual');
    expect(emu.events().map((e) => e.type)).toEqual(['payment_intent.created', 'payment_intent.requires_action']);
    const res = await answer(challengeUrl, 'approve');
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('https://shop.test/checkout/return');
    expect(location.searchParams.get('order')).toBe('ord_3ds');
    expect(location.searchParams.get('payment_intent')).toBe(pi.id);
    expect(location.searchParams.get('payment_intent_client_secret')).toBe(pi.client_secret);
    expect(location.searchParams.get('redirect_status')).toBe('succeeded');

    const after = await stripe.paymentIntents.retrieve(pi.id, { expand: ['latest_charge'] });
    expect(after.status).toBe('requires_capture');
    expect(after.next_action).toBeNull();
    expect(after.amount_capturable).toBe(8900);
    expect((after.latest_charge as Stripe.Charge).payment_method_details?.card?.three_d_secure).toMatchObject({ result: 'authenticated', version: '2.2.0' });
    const authEvents = emu.events().filter((e) => e.type === 'payment_intent.amount_capturable_updated');
    expect(authEvents).toHaveLength(1);
    expect(authEvents[0].request).toEqual({ id: null, idempotency_key: null });

    // A second submit of the same page (double click) changes nothing and lands on the same result.
    const again = await fetch(challengeUrl.replace(/\?.*/, ''), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `action=fail&attempt=${new URL(challengeUrl).searchParams.get('attempt')}`,
      redirect: 'manual',
    });
    expect(again.status).toBe(303);
    expect(new URL(again.headers.get('location') as string).searchParams.get('redirect_status')).toBe('succeeded');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');
  });

  it('approve with automatic capture: succeeded', async () => {
    const { pi, challengeUrl } = await startChallenge('automatic');
    const res = await answer(challengeUrl, 'approve');
    expect(res.status).toBe(303);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('succeeded');
  });

  it('fail: requires_payment_method with payment_intent_authentication_failure, redirect_status=failed', async () => {
    const { pi, challengeUrl } = await startChallenge('manual');
    const res = await answer(challengeUrl, 'fail');
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get('location') as string).searchParams.get('redirect_status')).toBe('failed');
    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).toBe('requires_payment_method');
    expect(after.payment_method).toBeNull();
    expect(after.last_payment_error?.code).toBe('payment_intent_authentication_failure');
    expect(after.latest_charge).toBeNull();
    expect(emu.events().map((e) => e.type).at(-1)).toBe('payment_intent.payment_failed');

    // The shopper retries with another card on the same PaymentIntent.
    const retry = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa', return_url: RETURN_URL });
    expect(retry.status).toBe('requires_capture');
  });

  it('a stale challenge page (after re-confirming) cannot complete the new attempt', async () => {
    const { pi, challengeUrl } = await startChallenge('manual');
    const second = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_threeDSecure2Required', return_url: RETURN_URL });
    expect(second.next_action?.redirect_to_url?.url).not.toBe(challengeUrl);
    const stalePage = await (await fetch(challengeUrl)).text();
    expect(stalePage).toContain('This authentication link has expired');
    const res = await fetch(challengeUrl.replace(/\?.*/, ''), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `action=approve&attempt=${new URL(challengeUrl).searchParams.get('attempt')}`,
      redirect: 'manual',
    });
    expect(new URL(res.headers.get('location') as string).searchParams.get('redirect_status')).toBe('failed');
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_action');
  });

  it('off-session or error_on_requires_action: declined with authentication_required', async () => {
    const err = await stripe.paymentIntents
      .create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', allowed_payment_method_types: ['card'], confirm: true, error_on_requires_action: true })
      .catch((e: Stripe.errors.StripeError) => e);
    expect(err).toMatchObject({ type: 'StripeCardError', code: 'authentication_required' });
  });

  it('without return_url (card-only PaymentIntent) next_action is use_stripe_sdk, and the page completes in place', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur', payment_method: 'pm_card_threeDSecure2Required', allowed_payment_method_types: ['card'], confirm: true });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.type).toBe('use_stripe_sdk');
    const done = emu.completeThreeDSecure(pi.id, 'approve');
    expect(done?.status).toBe('succeeded');
  });
});
