// Reconciliation against real Postgres, real pg-boss and the Stripe emulator through the real SDK.
// Each test gets its own world (database + emulator) holding a clean mix of orders in every state,
// then plants one difference the way it happens in life and expects exactly that one to be found.
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { orders } from '../../../../db/commerce-schema';
import { reconciliationDifferences, reconciliationRuns } from '../../../../db/payments-schema';
import { queues } from '../../../platform/queues';
import { registerReconcileJobs, runReconcileJob } from '../../../../jobs/reconcile-jobs';
import { addToCart, createCart } from '../../cart';
import { checkoutIdempotently } from '../../checkout';
import { post } from '../ledger';
import { createLogger } from '../../../platform/logger';
import { registry, setReconciliationDifferencesSource } from '../../../platform/metrics';
import { cancelOrder, captureOrder, markOrderFulfilled, requestRefund, sendRefundToStripe, voidOrderAuthorization, type Actor } from '../payments';
import { reconcilePayments } from './run';
import { getReconciliationRun, latestReconciliationRun, listReconciliationRuns, pendingReconciliationJobs, reportReconciliationGaugeFrom, requestReconciliationRun } from './runs';
import { ReconciliationWindowError, SCHEDULED_SETTLE_SECONDS, SCHEDULED_WINDOW_HOURS } from './window';
import { runReconciliationWithForm } from '../../../web/admin/reconciliation-actions';
import { getReconciliationFlag } from '../../admin';
import { postForm, signedInAdmin, testContext, thrownResponse } from '../../../testing/admin';
import { convergeDispute } from '../stripe-webhooks';
import { insertTestVariant } from '../../../testing/catalog-fixture';
import { authorizedOrder, startPaymentsWorld, type PaymentsWorld } from '../../../testing/payments-fixture';

let w: PaymentsWorld;
let testStart: Date;
beforeEach(async () => {
  w = await startPaymentsWorld('reconcile');
  testStart = new Date(Date.now() - 2000);
});
afterEach(async () => {
  setReconciliationDifferencesSource(null);
  await w?.close();
});

const admin: Actor = { actorType: 'admin', actorId: '1', actorLabel: 'finance@dotshop.local' };
const pd = () => ({ db: w.t.primary, stripe: w.deps.stripe, outbox: w.deps.outbox });
const piOf = async (orderId: string) => (await w.t.primary.select().from(orders).where(eq(orders.id, orderId)))[0].paymentIntentId!;
const reconcile = (trigger: 'schedule' | 'admin' = 'admin') => reconcilePayments({ db: w.t.primary, stripe: w.deps.stripe }, { windowStart: testStart, windowEnd: new Date(Date.now() + 2000), trigger });
const gaugeValue = async () => {
  const text = await registry.getSingleMetricAsString('dotshop_reconciliation_differences');
  return Number(/^dotshop_reconciliation_differences (\S+)$/m.exec(text)?.[1]);
};

async function capturedOrder() {
  const o = await authorizedOrder(w);
  await markOrderFulfilled(pd(), o.orderId, admin);
  expect(await captureOrder(pd(), o.orderId)).toBe('captured');
  return o;
}

let declines = 0;
async function declinedOrder() {
  const sku = `RECON-DECLINE-${process.pid}-${++declines}`;
  await insertTestVariant(w.t.primary, { sku, available: 5, usd: 4000 });
  const cartId = await createCart(w.t.primary, 'us');
  await addToCart(w.t.primary, cartId, sku, 1);
  const res = await checkoutIdempotently(w.deps, `recon-${sku}`, {
    cartId,
    region: 'us',
    email: 'declined@example.com',
    shippingAddress: { name: 'D', line1: '1 St', city: 'Portland', postalCode: '97201', region: 'OR', country: 'US' },
    shippingMethod: 'standard',
    paymentMethod: 'pm_card_chargeDeclined',
  });
  expect(res.body.order?.status).toBe('payment_failed');
  return res.body.order!;
}

/** Orders in every state, all made through the domain functions: the ledger and Stripe agree on each. */
async function cleanMix() {
  const authorized = await authorizedOrder(w);
  const captured = await capturedOrder();
  const refunded = await capturedOrder();
  const { refundId } = await requestRefund(pd(), { orderId: refunded.orderId, amount: 2500, reason: 'damaged', requestKey: `rk-${refunded.orderId}` }, admin);
  expect(await sendRefundToStripe(pd(), refundId)).toBe('succeeded');
  const voided = await authorizedOrder(w);
  await cancelOrder(pd(), voided.orderId, admin);
  await voidOrderAuthorization(pd(), voided.orderId);
  const disputed = await capturedOrder();
  const dispute = w.emulator.createDispute({ payment_intent: await piOf(disputed.orderId), amount: 3000 });
  await convergeDispute(pd(), dispute.id);
  const declined = await declinedOrder();
  // Another integration's payment on the same Stripe account: not DotShop's, never counted.
  await w.deps.stripe.paymentIntents.create({ amount: 1234, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_visa', confirm: true, allowed_payment_method_types: ['card'], description: 'Gift card kiosk' });
  return { authorized, captured, refunded, voided, disputed, declined };
}

describe('reconcilePayments', () => {
  it('reports zero differences on clean data in every state, and records the run', async () => {
    await cleanMix();
    const r = await reconcile('schedule');
    expect(r.differences).toEqual([]);
    // 6 DotShop PaymentIntents (authorized, captured, refunded, voided, disputed, declined) + 1 refund + 1 dispute.
    expect(r.checked).toBe(8);
    expect(r.stripeListCalls).toBe(5); // one page each: PaymentIntents, charges, refunds, disputes, events
    expect(r.stripeLookups).toBe(0);
    const [run] = await w.t.primary.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, r.runId));
    expect(run).toMatchObject({ checked: 8, differences: 0, trigger: 'schedule', windowStart: testStart });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(await w.t.primary.select().from(reconciliationDifferences)).toHaveLength(0);
    expect(await gaugeValue()).toBe(0);
  });

  it("§2.9 a dispute's fee is on the ledger (balanced per currency) as Stripe's balance transactions have it, and a missing fee is reported", async () => {
    const { disputed } = await cleanMix();
    const [dp] = (await w.deps.stripe.disputes.list({ payment_intent: await piOf(disputed.orderId) })).data;
    const bts = (await w.deps.stripe.balanceTransactions.list({ source: dp.id } as never)).data;
    const stripeFees = bts.reduce((n, bt) => n + bt.fee, 0);
    expect(stripeFees).toBe(1500);
    const { orderPaymentState } = await import('../ledger');
    expect(await orderPaymentState(w.t.primary, disputed.orderId)).toMatchObject({ disputed: 3000, disputeFees: 1500 });
    // What left Stripe clearing for the dispute equals the net of its balance transactions.
    const [clearing] = await w.t.primary.execute<{ n: number }>(sql`
      select coalesce(sum(e.amount), 0)::int as n from ledger_entries e join ledger_transactions t on t.id = e.transaction_id
      where e.order_id = ${disputed.orderId} and e.account = 'stripe_clearing' and t.kind in ('dispute_withdrawal', 'dispute_fee')`);
    expect(clearing.n).toBe(bts.reduce((n, bt) => n + bt.net, 0));
    const unbalanced = await w.t.primary.execute(sql`select currency from ledger_entries group by currency having sum(amount) <> 0`);
    expect(unbalanced).toHaveLength(0);
    expect((await reconcile()).differences).toEqual([]);

    // A dispute booked the old way (withdrawal only, no fee): reconciliation names it.
    const o = await capturedOrder();
    const dispute = w.emulator.createDispute({ payment_intent: await piOf(o.orderId), amount: 2000 });
    await w.t.primary.transaction(async (tx) => {
      await tx.execute(sql`insert into disputes (id, order_id, payment_intent_id, amount, currency, status, stripe_created_at) values (${dispute.id}, ${o.orderId}, ${await piOf(o.orderId)}, 2000, 'USD', 'needs_response', now())`);
      await post(tx, { orderId: o.orderId, kind: 'dispute_withdrawal', currency: 'USD', externalRef: dispute.id, entries: [{ account: 'disputes', amount: 2000 }, { account: 'stripe_clearing', amount: -2000 }] });
    });
    const r = await reconcile();
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'missing_in_ledger', objectType: 'dispute', objectId: dispute.id, orderId: o.orderId })]);
    expect(r.differences[0].detail.message).toMatch(/1500 in dispute fees/);
  });

  it('a refund made directly at Stripe is exactly one missing_in_ledger', async () => {
    await cleanMix();
    const o = await capturedOrder();
    const re = await w.deps.stripe.refunds.create({ payment_intent: await piOf(o.orderId), amount: 500 });
    const r = await reconcile();
    expect(r.differences).toHaveLength(1);
    expect(r.differences[0]).toMatchObject({ kind: 'missing_in_ledger', objectType: 'refund', objectId: re.id, orderId: o.orderId, detail: { expected: 'refund 500', actual: 'none' } });
    const [row] = await w.t.primary.select().from(reconciliationDifferences).where(eq(reconciliationDifferences.runId, r.runId));
    expect(row).toMatchObject({ kind: 'missing_in_ledger', objectType: 'refund', objectId: re.id, orderId: o.orderId });
    expect((await latestReconciliationRun(w.t.primary))?.differences).toBe(1);
  });

  it('a wrong capture on the ledger is an amount_mismatch', async () => {
    await cleanMix();
    const o = await authorizedOrder(w);
    const pi = await piOf(o.orderId);
    await w.deps.stripe.paymentIntents.capture(pi); // Stripe captured the full amount…
    const wrong = o.total - 1000; // …the ledger says 10.00 less
    await w.t.primary.transaction(async (tx) => {
      await post(tx, {
        orderId: o.orderId,
        kind: 'capture',
        currency: 'USD',
        externalRef: pi,
        entries: [
          { account: 'stripe_clearing', amount: wrong },
          { account: 'stripe_authorized', amount: -wrong },
          { account: 'shopper_receivable', amount: wrong },
          { account: 'revenue', amount: -wrong },
        ],
      });
    });
    const r = await reconcile();
    expect(r.differences).toHaveLength(1);
    expect(r.differences[0]).toMatchObject({ kind: 'amount_mismatch', objectType: 'capture', objectId: pi, orderId: o.orderId, detail: { expected: `captured ${o.total}`, actual: `captured ${wrong}` } });
  });

  it('a PaymentIntent cancelled directly at Stripe while the order is authorized is a status_mismatch', async () => {
    await cleanMix();
    const o = await authorizedOrder(w);
    const pi = await piOf(o.orderId);
    await w.deps.stripe.paymentIntents.cancel(pi);
    const r = await reconcile();
    expect(r.differences).toHaveLength(1);
    expect(r.differences[0]).toMatchObject({ kind: 'status_mismatch', objectType: 'payment_intent', objectId: pi, orderId: o.orderId });
    expect(r.differences[0].detail.message).toContain('canceled');
    expect(r.differences[0].detail.actual).toBe(`order authorized, ${o.total} held`);
  });

  it('a refund pending in DotShop that succeeded at Stripe is a status_mismatch; one Stripe never received is missing_in_stripe', async () => {
    await cleanMix();
    const a = await capturedOrder();
    const sent = await requestRefund(pd(), { orderId: a.orderId, amount: 1500, reason: '', requestKey: `rk-lost-${a.orderId}` }, admin);
    // The job's call reached Stripe but its answer was lost (no webhook yet): DotShop still says pending.
    const re = await w.deps.stripe.refunds.create({ payment_intent: await piOf(a.orderId), amount: 1500, metadata: { dotshop_refund_id: sent.refundId, order_id: a.orderId } });
    const b = await capturedOrder();
    const stuck = await requestRefund(pd(), { orderId: b.orderId, amount: 700, reason: '', requestKey: `rk-stuck-${b.orderId}` }, admin); // its job never ran
    const r = await reconcile();
    expect(r.differences.map((d) => [d.kind, d.objectType, d.objectId]).sort()).toEqual(
      [
        ['status_mismatch', 'refund', re.id],
        ['missing_in_stripe', 'refund', stuck.refundId],
      ].sort(),
    );
    expect(r.differences.find((d) => d.kind === 'status_mismatch')!.detail).toMatchObject({ expected: 'succeeded', actual: 'pending' });
    expect(r.stripeLookups).toBe(1); // only the refund no list returned was looked up
  });

  it('a ledger capture Stripe never made, and a DotShop PaymentIntent with no order, are reported', async () => {
    const o = await authorizedOrder(w);
    const pi = await piOf(o.orderId);
    await w.t.primary.transaction(async (tx) => {
      await post(tx, {
        orderId: o.orderId,
        kind: 'capture',
        currency: 'USD',
        externalRef: pi,
        entries: [
          { account: 'stripe_clearing', amount: o.total },
          { account: 'stripe_authorized', amount: -o.total },
          { account: 'shopper_receivable', amount: o.total },
          { account: 'revenue', amount: -o.total },
        ],
      });
    });
    const orphan = await w.deps.stripe.paymentIntents.create({
      amount: 5000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
      confirm: true,
      allowed_payment_method_types: ['card'],
      metadata: { order_id: '00000000-0000-4000-8000-000000000000', order_number: 'DS-999999' },
      description: 'DotShop order DS-999999',
    });
    const r = await reconcile();
    expect(r.differences.map((d) => [d.kind, d.objectType, d.objectId]).sort()).toEqual(
      [
        ['missing_in_stripe', 'capture', pi],
        ['missing_in_ledger', 'payment_intent', orphan.id],
      ].sort(),
    );
  });

  it('a capture in the window of a PaymentIntent created before it is compared too (from its event)', async () => {
    const early = await authorizedOrder(w);
    const late = await authorizedOrder(w);
    const created = (await w.deps.stripe.paymentIntents.retrieve(await piOf(late.orderId))).created;
    const windowStart = new Date((created + 1) * 1000); // both PaymentIntents were created before the window
    while (Date.now() < windowStart.getTime() + 50) await new Promise((r) => setTimeout(r, 50));
    await markOrderFulfilled(pd(), early.orderId, admin);
    await captureOrder(pd(), early.orderId); // captured in the window, through DotShop: agrees
    await w.deps.stripe.paymentIntents.capture(await piOf(late.orderId)); // captured in the window at Stripe only
    const r = await reconcilePayments({ db: w.t.primary, stripe: w.deps.stripe }, { windowStart, windowEnd: new Date(Date.now() + 2000), trigger: 'admin' });
    expect(r.checked).toBe(2);
    expect(r.stripeLookups).toBe(0);
    expect(r.differences.map((d) => [d.kind, d.objectType, d.objectId])).toEqual([['missing_in_ledger', 'capture', await piOf(late.orderId)]]);
  });

  it('the gauge follows the latest run, also when read from the database at scrape time', async () => {
    const o = await capturedOrder();
    await w.deps.stripe.refunds.create({ payment_intent: await piOf(o.orderId), amount: 100 });
    const first = await reconcile();
    expect(first.differences).toHaveLength(1);
    expect(await gaugeValue()).toBe(1);
    // A later run over a quiet window (last week) is clean: the gauge goes back to 0.
    const quiet = await reconcilePayments({ db: w.t.primary, stripe: w.deps.stripe }, { windowStart: new Date(Date.now() - 8 * 86400_000), windowEnd: new Date(Date.now() - 7 * 86400_000), trigger: 'admin' });
    expect(quiet).toMatchObject({ checked: 0, differences: [] });
    expect(await gaugeValue()).toBe(0);
    // The web process never runs one: it reads the latest run when scraped.
    await w.t.primary.update(reconciliationRuns).set({ differences: 4 }).where(eq(reconciliationRuns.id, quiet.runId));
    reportReconciliationGaugeFrom(w.t.primary);
    expect(await gaugeValue()).toBe(4);
  });

  it('groups a run’s differences by kind with the order number; lists runs; flags the dashboard', async () => {
    const o = await capturedOrder();
    const re = await w.deps.stripe.refunds.create({ payment_intent: await piOf(o.orderId), amount: 100 });
    const r = await reconcile();
    const detail = await getReconciliationRun(w.t.primary, r.runId);
    expect(detail!.groups).toEqual([{ kind: 'missing_in_ledger', total: 1, items: [expect.objectContaining({ objectId: re.id, orderNumber: o.number, objectType: 'refund' })] }]);
    expect((await listReconciliationRuns(w.t.primary)).map((x) => x.id)).toEqual([r.runId]);
    expect(await getReconciliationRun(w.t.primary, r.runId + 999)).toBeNull();
    // The dashboard flags the latest run while it has differences; a clean run clears the flag.
    expect(await getReconciliationFlag(w.t.primary)).toMatchObject({ runId: r.runId, differences: 1 });
    await reconcilePayments({ db: w.t.primary, stripe: w.deps.stripe }, { windowStart: new Date(Date.now() - 8 * 86400_000), windowEnd: new Date(Date.now() - 7 * 86400_000), trigger: 'admin' });
    expect(await getReconciliationFlag(w.t.primary)).toBeNull();
  });

  it('refuses an empty, reversed or too long window', async () => {
    const now = new Date();
    const run = (windowStart: Date, windowEnd: Date) => reconcilePayments({ db: w.t.primary, stripe: w.deps.stripe }, { windowStart, windowEnd, trigger: 'admin' });
    await expect(run(now, now)).rejects.toBeInstanceOf(ReconciliationWindowError);
    await expect(run(now, new Date(now.getTime() - 1000))).rejects.toBeInstanceOf(ReconciliationWindowError);
    await expect(run(new Date(now.getTime() - 40 * 86400_000), now)).rejects.toBeInstanceOf(ReconciliationWindowError);
    expect(await w.t.primary.select().from(reconciliationRuns)).toHaveLength(0);
  });
});

describe('payments.reconcile job', () => {
  const logger = createLogger('silent');

  it('is scheduled hourly; the scheduled run covers the last 48 h up to two minutes ago', async () => {
    await registerReconcileJobs(w.boss, { db: w.t, logger, stripe: w.deps.stripe });
    const [schedule] = await w.t.primary.execute<{ cron: string; data: { trigger: string } }>(sql`select cron, data from pgboss.schedule where name = ${queues.reconcilePayments}`);
    expect(schedule).toMatchObject({ cron: '23 * * * *', data: { trigger: 'schedule' } });
    const before = Date.now();
    const r = await runReconcileJob({ db: w.t.primary, stripe: w.deps.stripe, logger }, { trigger: 'schedule' });
    expect(r.windowEnd.getTime() - r.windowStart.getTime()).toBe(SCHEDULED_WINDOW_HOURS * 3600_000);
    expect(Math.abs(r.windowEnd.getTime() - (before - SCHEDULED_SETTLE_SECONDS * 1000))).toBeLessThan(5000);
    const [run] = await w.t.primary.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, r.runId));
    expect(run.trigger).toBe('schedule');
  });

  it('"Run now" from the admin: owner and finance only (a refusal is audited), CSRF, a known window', async () => {
    const ctx = { ...testContext(w.t), outbox: w.deps.outbox };
    const finance = await signedInAdmin(ctx, w.t, 'finance');
    const support = await signedInAdmin(ctx, w.t, 'support');
    const form = (who: typeof finance, fields: Record<string, string>) => postForm('/admin/reconciliation', { csrf: who.csrfToken, ...fields }, { cookie: who.cookieHeader });
    expect(await runReconciliationWithForm(form(finance, { days: '7' }), ctx)).toMatchObject({ ok: true });
    expect(await runReconciliationWithForm(form(finance, { days: '5' }), ctx)).toMatchObject({ ok: false, status: 400 });
    expect(await runReconciliationWithForm(form(support, { days: '7' }), ctx)).toMatchObject({ ok: false, status: 403 });
    const noCsrf = postForm('/admin/reconciliation', { days: '7' }, { cookie: finance.cookieHeader });
    expect((await thrownResponse(() => runReconciliationWithForm(noCsrf, ctx))).status).toBe(403);
    expect(await pendingReconciliationJobs(w.t.primary)).toBe(1);
    const audit = await w.t.primary.execute<{ action: string; actor_label: string }>(sql`select action, actor_label from audit_log where action like 'reconciliation.%' order by id`);
    expect(audit.map((a) => [a.action, a.actor_label])).toEqual([
      ['reconciliation.run_requested', finance.user.email],
      ['reconciliation.run_denied', support.user.email],
    ]);
  });

  it('"Run now" enqueues the chosen window with an audit row; the worker runs it', async () => {
    await cleanMix();
    const { jobId, windowStart, windowEnd } = await requestReconciliationRun({ db: w.t.primary, outbox: w.deps.outbox }, 7, { actorType: 'admin', actorId: 1, actorLabel: 'finance@dotshop.local' });
    expect(windowEnd.getTime() - windowStart.getTime()).toBe(7 * 86400_000);
    expect(await pendingReconciliationJobs(w.t.primary)).toBe(1);
    const [audit] = await w.t.primary.execute<{ actor_label: string; entity_id: string }>(sql`select actor_label, entity_id from audit_log where action = 'reconciliation.run_requested'`);
    expect(audit).toMatchObject({ actor_label: 'finance@dotshop.local', entity_id: jobId });
    await registerReconcileJobs(w.boss, { db: w.t, logger, stripe: w.deps.stripe });
    let run: typeof reconciliationRuns.$inferSelect | undefined;
    for (let i = 0; i < 100 && !run?.finishedAt; i++) {
      await new Promise((r) => setTimeout(r, 200));
      [run] = await w.t.primary.select().from(reconciliationRuns).where(eq(reconciliationRuns.trigger, 'admin'));
    }
    expect(run).toMatchObject({ trigger: 'admin', checked: 8, differences: 0, windowStart, windowEnd });
  });
});
