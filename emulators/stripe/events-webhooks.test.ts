import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { type StripeEmulator } from './server';
import { closedPort, type ReceivedWebhook, type Receiver, sdkFor, setUpStripeSuite, startReceiver } from './test-helpers';

const SECRET = 'whsec_emulator_test_secret';

function verify(stripe: Stripe, w: ReceivedWebhook): Stripe.Event {
  return stripe.webhooks.constructEvent(w.body, w.headers['stripe-signature'] as string, SECRET);
}

async function authorize(stripe: Stripe, orderId: string) {
  return stripe.paymentIntents.create({ amount: 1500, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true, metadata: { order_id: orderId } });
}

describe('Events API', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  setUpStripeSuite((s) => ({ emu, stripe } = s));

  it('lists events newest first with pagination and type filters; retrieves one', async () => {
    emu.reset();
    for (let i = 0; i < 4; i++) await authorize(stripe, `ord_${i}`); // 3 events each
    const page = await stripe.events.list({ limit: 5 });
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/events' });
    expect(page.data).toHaveLength(5);
    expect(page.data[0].type).toBe('payment_intent.amount_capturable_updated');
    const next = await stripe.events.list({ limit: 5, starting_after: page.data[4].id });
    expect(next.data).toHaveLength(5);
    expect(next.data[0].id).not.toBe(page.data[4].id);
    const all = await stripe.events.list({ limit: 5 }).autoPagingToArray({ limit: 100 });
    expect(all).toHaveLength(12);
    expect(new Set(all.map((e) => e.id)).size).toBe(12);

    const created = await stripe.events.list({ type: 'payment_intent.created' });
    expect(created.data).toHaveLength(4);
    const piEvents = await stripe.events.list({ type: 'payment_intent.*', limit: 100 });
    expect(piEvents.data).toHaveLength(8);
    const charges = await stripe.events.list({ types: ['charge.succeeded', 'payment_intent.created'], limit: 100 });
    expect(charges.data).toHaveLength(8);

    const one = await stripe.events.retrieve(page.data[0].id);
    expect(one).toMatchObject({ id: page.data[0].id, object: 'event', livemode: false, api_version: Stripe.API_VERSION });
    expect((one.data.object as Stripe.PaymentIntent).object).toBe('payment_intent');
    expect(((await stripe.events.retrieve('evt_missing').catch((e: Error) => e)) as Stripe.errors.StripeError).code).toBe('resource_missing');
  });
});

describe('Webhook delivery', () => {
  let emu: StripeEmulator;
  let stripe: Stripe;
  let receiver: Receiver;
  let status: (n: number) => number = () => 200;

  setUpStripeSuite((s) => ({ emu, stripe, receiver } = { ...s, receiver: s.receiver! }), {
    options: { webhookRetrySchedule: [50, 100, 200] },
    webhooks: { secret: SECRET, respond: (n) => status(n) },
    beforeEach: () => (status = () => 200),
  });

  it('POSTs every event, signed so stripe.webhooks.constructEvent verifies it', async () => {
    const pi = await authorize(stripe, 'ord_wh');
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(3);
    const events = receiver.received.map((w) => verify(stripe, w));
    expect(events.map((e) => e.type).sort()).toEqual(['charge.succeeded', 'payment_intent.amount_capturable_updated', 'payment_intent.created'].sort());
    const authorized = events.find((e) => e.type === 'payment_intent.amount_capturable_updated') as Stripe.PaymentIntentAmountCapturableUpdatedEvent;
    expect(authorized.data.object).toMatchObject({ id: pi.id, status: 'requires_capture', metadata: { order_id: 'ord_wh' } });
    expect(receiver.received[0].headers['content-type']).toContain('application/json');
    expect(receiver.received[0].headers['user-agent']).toContain('Stripe/1.0');
    // A tampered body fails verification.
    expect(() => stripe.webhooks.constructEvent(receiver.received[0].body.replace('ord_wh', 'ord_xx'), receiver.received[0].headers['stripe-signature'] as string, SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    // Delivered events no longer count as pending.
    expect((await stripe.events.retrieve(authorized.id)).pending_webhooks).toBe(0);
  });

  it('retries after a 500 (and after a refused connection) on the backoff schedule', async () => {
    let calls = 0;
    status = () => (++calls === 1 ? 500 : 200);
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(2);
    const [a, b] = receiver.received.map((w) => verify(stripe, w));
    expect(a.id).toBe(b.id);
    expect(receiver.received[1].at - receiver.received[0].at).toBeGreaterThanOrEqual(45);
    const attempts = emu.webhookDeliveries();
    expect(attempts.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);

    // An endpoint that refuses connections is retried len(schedule) times, then given up.
    const port = await closedPort();
    emu.addWebhookEndpoint({ url: `http://127.0.0.1:${port}/unreachable`, secret: 'whsec_x', enabled_events: ['refund.created'] });
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true });
    await stripe.refunds.create({ payment_intent: pi.id });
    await emu.waitForWebhooks();
    const unreachable = emu.webhookDeliveries().filter((d) => d.url.includes(`:${port}/`));
    expect(unreachable).toHaveLength(4);
    expect(unreachable.every((d) => !d.ok && d.error?.startsWith('ECONNREFUSED'))).toBe(true);
  });

  it('gives up after the last retry', async () => {
    status = () => 503;
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(4);
    expect(emu.state().webhooks).toMatchObject({ outstanding: 0, delivered: 0, failed_attempts: 4 });
  });

  it('duplicates deliveries on request', async () => {
    const res = await fetch(`${emu.url}/_emulator/webhooks/faults`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ duplicate: 3 }) });
    expect(res.status).toBe(200);
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(3);
    const ids = receiver.received.map((w) => verify(stripe, w).id);
    expect(new Set(ids).size).toBe(1);
  });

  it('reorders a held batch, delays, and holds everything while paused', async () => {
    emu.setWebhookFaults({ reorder: 3, reorderWindowMs: 2000 });
    const pi = await authorize(stripe, 'ord_reorder'); // created, charge.succeeded, amount_capturable_updated
    await emu.waitForWebhooks();
    const order = emu.events().map((e) => e.id);
    const got = receiver.received.map((w) => verify(stripe, w).id);
    expect([...got].sort()).toEqual([...order].sort());
    expect(got).not.toEqual(order);

    emu.clearWebhookFaults();
    receiver.received.length = 0;
    await fetch(`${emu.url}/_emulator/webhooks/pause`, { method: 'POST' });
    await stripe.paymentIntents.capture(pi.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(0);
    expect(emu.state().webhooks.queued_while_paused).toBe(2);
    emu.setWebhookFaults({ delayMs: 100 });
    const resumedAt = Date.now();
    await fetch(`${emu.url}/_emulator/webhooks/resume`, { method: 'POST' });
    await emu.waitForWebhooks();
    expect(receiver.received).toHaveLength(2);
    expect(Math.min(...receiver.received.map((w) => w.at)) - resumedAt).toBeGreaterThanOrEqual(90);
  });

  it('endpoints can be added through the control API and events resent', async () => {
    const second = await startReceiver();
    try {
      const res = await fetch(`${emu.url}/_emulator/webhook-endpoints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: second.url, secret: 'whsec_second', enabled_events: ['payment_intent.*'] }),
      });
      expect(res.status).toBe(200);
      const endpoint = (await res.json()) as { id: string; secret: string };
      expect(endpoint.id).toMatch(/^we_/);
      await authorize(stripe, 'ord_two');
      await emu.waitForWebhooks();
      expect(second.received).toHaveLength(2);
      for (const w of second.received) expect(stripe.webhooks.constructEvent(w.body, w.headers['stripe-signature'] as string, 'whsec_second').type).toMatch(/^payment_intent\./);
      const first = emu.events()[0];
      const resent = await fetch(`${emu.url}/_emulator/events/${first.id}/resend`, { method: 'POST' });
      expect(((await resent.json()) as { endpoints: number }).endpoints).toBe(2);
      await emu.waitForWebhooks();
      expect(second.received.filter((w) => verify2(w) === first.id)).toHaveLength(2);
      // reset() drops endpoints added at runtime, keeps the one configured at start.
      emu.reset();
      expect(emu.state().webhooks.endpoints).toBe(1);
    } finally {
      await second.close();
    }
    function verify2(w: ReceivedWebhook) {
      return sdkFor(emu).webhooks.constructEvent(w.body, w.headers['stripe-signature'] as string, 'whsec_second').id;
    }
  });
});
