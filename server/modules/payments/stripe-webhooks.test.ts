// Stripe webhooks: verified before anything is stored; every event recorded once; the same
// events delivered 3× and shuffled converge to one correct state on the ledger.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { webhookInbox } from '../../../db/payments-schema';
import { addToCart, createCart } from '../cart';
import { checkoutIdempotently } from '../checkout';
import { orderPaymentState } from './ledger';
import { processStripeEvent, receiveStripeWebhook, type StripeWebhookDeps } from './stripe-webhooks';
import { insertTestVariant } from '../../testing/catalog-fixture';
import { startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';

const SECRET = 'whsec_test_webhooks_secret';
let w: PaymentsWorld;
let deps: StripeWebhookDeps;
beforeAll(async () => {
  w = await startPaymentsWorld('webhooks');
  deps = { db: w.t.primary, stripe: w.deps.stripe, outbox: w.deps.outbox, webhookSecret: SECRET };
});
afterAll(async () => w?.close());

const sign = (payload: string, secret = SECRET) => w.deps.stripe.webhooks.generateTestHeaderString({ payload, secret });
const inboxCount = async () => (await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from webhook_inbox`))[0].n;
const jobCount = async () => (await w.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = 'stripe.process-event'`))[0].n;

function shuffle<T>(xs: T[], seed: number): T[] {
  const a = [...xs];
  let s = seed;
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

describe('receiving Stripe webhooks', () => {
  it('a forged, tampered or unsigned webhook is refused with 400 and writes nothing', async () => {
    const body = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_x', object: 'payment_intent' } } });
    const before = [await inboxCount(), await jobCount()];
    expect((await receiveStripeWebhook(deps, body, sign(body, 'whsec_someone_else'))).status).toBe(400);
    expect((await receiveStripeWebhook(deps, body.replace('pi_x', 'pi_y'), sign(body))).status).toBe(400);
    expect((await receiveStripeWebhook(deps, body, null)).status).toBe(400);
    expect((await receiveStripeWebhook(deps, body, 't=1,v1=deadbeef')).status).toBe(400);
    // Correctly signed, but 10 minutes in the past or in the future (issue 11 §2.6): outside the tolerance both ways.
    const at = (offsetSeconds: number) => w.deps.stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) + offsetSeconds });
    expect((await receiveStripeWebhook(deps, body, at(-600))).status).toBe(400);
    expect((await receiveStripeWebhook(deps, body, at(600))).status).toBe(400);
    expect([await inboxCount(), await jobCount()]).toEqual(before);
  });

  it('a redelivered event is acknowledged and ignored: one inbox row, one job', async () => {
    const body = JSON.stringify({ id: 'evt_dup_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_dup_1', object: 'payment_intent' } } });
    const jobsBefore = await jobCount();
    const answers = await Promise.all([1, 2, 3].map(() => receiveStripeWebhook(deps, body, sign(body))));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => (a.body as { duplicate: boolean }).duplicate)).toHaveLength(2);
    const rows = await w.t.primary.select().from(webhookInbox).where(eq(webhookInbox.eventId, 'evt_dup_1'));
    expect(rows).toHaveLength(1);
    expect(rows[0].processedAt).toBeNull();
    expect(await jobCount()).toBe(jobsBefore + 1);
  });

  it('an event type the worker does not act on is recorded as processed, with no job', async () => {
    const jobsBefore = await jobCount();
    for (const [id, type] of [
      ['evt_ignored_1', 'payment_intent.created'],
      ['evt_ignored_2', 'charge.succeeded'],
      ['evt_ignored_3', 'customer.created'],
    ]) {
      const body = JSON.stringify({ id, object: 'event', type, data: { object: { id: `obj_${id}`, object: type.split('.')[0] } } });
      expect((await receiveStripeWebhook(deps, body, sign(body))).status).toBe(200);
      const [row] = await w.t.primary.select().from(webhookInbox).where(eq(webhookInbox.eventId, id));
      expect(row.type).toBe(type);
      expect(row.processedAt).toBeInstanceOf(Date);
    }
    expect(await jobCount()).toBe(jobsBefore);
    expect(await processStripeEvent(deps, 'evt_ignored_3')).toBe('ignored');
  });
});

describe('converging from events alone', () => {
  it('the same events delivered 3× and shuffled converge to one correct state', async () => {
    // An order whose authorization reached Stripe but was never recorded (the answer was lost).
    const v = await insertTestVariant(w.t.primary, { sku: 'WH-CONVERGE', available: 5, usd: 10000 });
    const cartId = await createCart(w.t.primary, 'us');
    await addToCart(w.t.primary, cartId, v.sku, 2);
    w.emulator.setFaults({ dropNext: 2, phase: 'after', method: 'POST' });
    const res = await checkoutIdempotently(w.deps, 'wh-converge', {
      cartId,
      region: 'us',
      email: 'wh@example.com',
      shippingAddress: { name: 'W', line1: '1 St', city: 'Portland', postalCode: '97201', region: 'OR', country: 'US' },
      shippingMethod: 'standard',
      paymentMethod: 'pm_card_visa',
    });
    w.emulator.clearFaults();
    expect(res.status).toBe(503);
    const orderId = res.body.order!.id;
    const total = res.body.order!.total;
    const [pi] = (await w.deps.stripe.paymentIntents.search({ query: `metadata['order_id']:'${orderId}'` })).data;
    // Elsewhere: captured, then a partial refund made directly at Stripe.
    await w.deps.stripe.paymentIntents.capture(pi.id);
    await w.deps.stripe.refunds.create({ payment_intent: pi.id, amount: 3000 });

    const events = w.emulator.events().filter((e) => JSON.stringify(e.data.object).includes(pi.id));
    expect(events.length).toBeGreaterThanOrEqual(4);
    const deliveries = shuffle([...events, ...events, ...events], 7);
    for (const e of deliveries) {
      const body = JSON.stringify(e);
      expect((await receiveStripeWebhook(deps, body, sign(body))).status).toBe(200);
    }
    const ids = events.map((e) => e.id);
    const inbox = await w.t.primary.select().from(webhookInbox).where(sql`${webhookInbox.eventId} in ${ids}`);
    expect(inbox).toHaveLength(events.length);
    // The worker applies them in yet another order, and some twice.
    for (const id of shuffle([...ids, ...ids.slice(0, 2)], 11)) await processStripeEvent(deps, id);

    const [o] = await w.t.primary.select().from(orders).where(eq(orders.id, orderId));
    expect(o.status).toBe('captured');
    expect(await orderPaymentState(w.t.primary, orderId)).toMatchObject({ authorized: total, captured: total, refunded: 3000, openAuthorization: 0, refundable: total - 3000 });
  });
});

describe('disputes from webhooks', () => {
  async function capturedOrder() {
    const { authorizedOrder } = await import('../../testing/payments-fixture');
    const { captureOrder, markOrderFulfilled } = await import('./payments');
    const o = await authorizedOrder(w);
    const pd = { db: w.t.primary, stripe: w.deps.stripe, outbox: w.deps.outbox };
    await markOrderFulfilled(pd, o.orderId, { actorType: 'admin', actorLabel: 'ops@dotshop.local' });
    await captureOrder(pd, o.orderId);
    const [row] = await w.t.primary.select().from(orders).where(eq(orders.id, o.orderId));
    return { ...o, pi: row.paymentIntentId! };
  }
  async function deliverEventsFor(objectId: string) {
    const events = w.emulator.events().filter((e) => JSON.stringify(e.data.object).includes(objectId));
    for (const e of shuffle([...events, ...events], 3)) {
      const body = JSON.stringify(e);
      await receiveStripeWebhook(deps, body, sign(body));
    }
    for (const e of shuffle(events, 5)) await processStripeEvent(deps, e.id);
  }

  it('a full dispute lifecycle: opened withdraws the funds, won reinstates them; shown with its due date', async () => {
    const o = await capturedOrder();
    const dispute = w.emulator.createDispute({ payment_intent: o.pi, reason: 'fraudulent' });
    await deliverEventsFor(dispute.id);
    const { disputes } = await import('../../../db/payments-schema');
    let [d] = await w.t.primary.select().from(disputes).where(eq(disputes.id, dispute.id));
    expect(d).toMatchObject({ orderId: o.orderId, status: 'needs_response', amount: o.total });
    expect(d.evidenceDueBy).toBeInstanceOf(Date);
    expect((await orderPaymentState(w.t.primary, o.orderId)).disputed).toBe(o.total);
    const { listDisputes } = await import('../admin/disputes');
    const listed = (await listDisputes(w.t.primary, { open: true })).find((x) => x.id === dispute.id);
    expect(listed).toMatchObject({ orderNumber: o.number, status: 'needs_response' });

    w.emulator.resolveDispute(dispute.id, 'won');
    await deliverEventsFor(dispute.id);
    [d] = await w.t.primary.select().from(disputes).where(eq(disputes.id, dispute.id));
    expect(d.status).toBe('won');
    expect((await orderPaymentState(w.t.primary, o.orderId)).disputed).toBe(0);
    const audit = await w.t.primary.execute<{ action: string }>(sql`select action from audit_log where entity_id = ${o.orderId} and action like 'dispute.%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['dispute.needs_response', 'dispute.won']);
  });

  it('a lost dispute keeps the funds withdrawn', async () => {
    const o = await capturedOrder();
    const dispute = w.emulator.createDispute({ payment_intent: o.pi });
    w.emulator.resolveDispute(dispute.id, 'lost');
    await deliverEventsFor(dispute.id);
    expect((await orderPaymentState(w.t.primary, o.orderId)).disputed).toBe(o.total);
  });
});
