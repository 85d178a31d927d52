// Stripe webhooks: verified with the real SDK before anything is stored, recorded once in the
// inbox (a redelivery is acknowledged and ignored), answered at once; a job applies them. The
// job re-reads the object from Stripe, so events converge to the same state in any order.
import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';
import { disputes, refunds, webhookInbox } from '../../../db/payments-schema';
import { writeAudit } from '../admin';
import { queues } from '../../platform/queues';
import { markPaymentFailed, recordAuthorization } from '../checkout';
import { orderPaymentState, postAuthorizationRelease, postDisputeFee, postDisputeReinstatement, postDisputeWithdrawal, postRefund } from './ledger';
import type { Outbox } from '../../platform/outbox';
import { applyStripeRefund, recordCapture, voidOrderAuthorization } from './payments';
import { flagOrder } from '../orders';

export type StripeWebhookDeps = { db: Db; stripe: Stripe; outbox: Outbox; webhookSecret: string };

// The event types the worker acts on. Others (payment_intent.created, charge.succeeded, …) are
// recorded in the inbox as already processed, with no job: they were ~2 of every 3 deliveries
// per checkout (bench/README.md, finding 2).
const HANDLED = /^(payment_intent\.(amount_capturable_updated|succeeded|payment_failed|canceled)|charge\.refunded|charge\.refund\.updated|refund\.(created|updated)|charge\.dispute\.(created|updated|closed|funds_withdrawn|funds_reinstated))$/;

/** Stripe's own default: a signature older (or, here, newer) than 5 minutes is refused. */
const SIGNATURE_TOLERANCE_SECONDS = 300;

export async function receiveStripeWebhook(deps: StripeWebhookDeps, rawBody: string, signature: string | null): Promise<{ status: number; body: object }> {
  if (!signature) return { status: 400, body: { error: { code: 'missing_signature', message: 'Stripe-Signature header is required.' } } };
  let event: Stripe.Event;
  try {
    event = deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret, SIGNATURE_TOLERANCE_SECONDS);
  } catch {
    return { status: 400, body: { error: { code: 'invalid_signature', message: 'Webhook signature verification failed.' } } };
  }
  // The SDK refuses only timestamps too far in the past; one too far in the future is as suspect
  // (a signature minted ahead to be replayed later), so the window applies both ways.
  const signedAt = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  if (!Number.isFinite(signedAt) || signedAt - Date.now() / 1000 > SIGNATURE_TOLERANCE_SECONDS) {
    return { status: 400, body: { error: { code: 'invalid_signature', message: 'Webhook signature timestamp is outside the tolerance.' } } };
  }
  const handled = HANDLED.test(event.type);
  const inserted = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .insert(webhookInbox)
      .values({ provider: 'stripe', eventId: event.id, type: event.type, payload: event as unknown as object, processedAt: handled ? null : sql`now()` })
      .onConflictDoNothing()
      .returning({ eventId: webhookInbox.eventId });
    if (rows.length && handled) await deps.outbox.send(tx, queues.processStripeEvent, { eventId: event.id });
    return rows.length > 0;
  });
  return { status: 200, body: { received: true, duplicate: !inserted } };
}

/** Applies one inbox event. Safe to run twice and in any order relative to other events. */
export async function processStripeEvent(deps: Omit<StripeWebhookDeps, 'webhookSecret'>, eventId: string): Promise<'applied' | 'ignored' | 'unknown'> {
  const [row] = await deps.db.select().from(webhookInbox).where(and(eq(webhookInbox.provider, 'stripe'), eq(webhookInbox.eventId, eventId)));
  if (!row) return 'unknown';
  const event = row.payload as Stripe.Event;
  let result: 'applied' | 'ignored' = 'ignored';
  if (HANDLED.test(event.type)) {
    const obj = event.data.object as { id: string; object: string; payment_intent?: string | { id: string } | null };
    if (obj.object === 'payment_intent') await convergePaymentIntent(deps, obj.id);
    else if (obj.object === 'dispute') await convergeDispute(deps, obj.id);
    else {
      const pi = typeof obj.payment_intent === 'string' ? obj.payment_intent : obj.payment_intent?.id;
      if (pi) await convergeRefunds(deps, pi);
    }
    result = 'applied';
  }
  await deps.db.update(webhookInbox).set({ processedAt: sql`now()` }).where(and(eq(webhookInbox.provider, 'stripe'), eq(webhookInbox.eventId, eventId)));
  return result;
}

async function orderForPaymentIntent(db: Db, pi: Stripe.PaymentIntent) {
  const byMeta = pi.metadata?.order_id;
  const [o] = byMeta && /^[0-9a-f-]{36}$/.test(byMeta)
    ? await db.select().from(orders).where(eq(orders.id, byMeta))
    : await db.select().from(orders).where(eq(orders.paymentIntentId, pi.id));
  return o ?? null;
}

/** Brings the order in line with the PaymentIntent as Stripe reports it now. */
export async function convergePaymentIntent(deps: Omit<StripeWebhookDeps, 'webhookSecret'>, paymentIntentId: string) {
  const pi = await deps.stripe.paymentIntents.retrieve(paymentIntentId);
  const order = await orderForPaymentIntent(deps.db, pi);
  if (!order) return;
  if (order.status === 'pending_payment') {
    if (pi.status === 'requires_capture' || pi.status === 'succeeded') await recordAuthorization(deps, order.id, pi.id, pi.amount_capturable || pi.amount);
    else if (pi.status === 'canceled') await markPaymentFailed(deps.db, order.id, pi.id, 'payment_canceled', 'The payment was cancelled; you have not been charged.', 'cancelled');
    else if (pi.status === 'requires_payment_method' && pi.last_payment_error)
      await markPaymentFailed(deps.db, order.id, pi.id, pi.last_payment_error.code ?? 'card_declined', 'Your card was declined; you have not been charged.');
  }
  if (pi.status === 'succeeded' && pi.amount_received > 0) await recordCapture(deps, order.id, pi, 'stripe-webhook');
  // A hold on an order that is already given up (an authorization that landed after the order was
  // cancelled or failed): void it.
  if (pi.status === 'requires_capture' && (order.status === 'cancelled' || order.status === 'payment_failed')) await voidOrderAuthorization(deps, order.id, pi.id);
  if (pi.status === 'canceled') {
    await deps.db.transaction(async (tx) => {
      const [locked] = await tx.execute<{ status: string }>(sql`select status from orders where id = ${order.id}::uuid for update`);
      const state = await orderPaymentState(tx, order.id);
      if (locked?.status === 'authorized' && state.openAuthorization > 0) {
        // DotShop cancels a PaymentIntent only for an order it has already cancelled (void) or given
        // up (abandoned, under the order's lock). An authorized order whose hold Stripe cancelled
        // (expiry, the dashboard) is not cancelled behind the shopper's back: the hold is released
        // on the ledger, because it is gone, and a person decides (ADR 021).
        await flagOrder(tx, {
          orderId: order.id,
          reason: 'authorization_cancelled_at_stripe',
          message: `Stripe cancelled the authorization of this confirmed order (${pi.cancellation_reason ?? 'no reason given'}); it can no longer be captured. Ask the shopper to pay again or cancel the order.`,
          detail: { paymentIntentId: pi.id, cancellationReason: pi.cancellation_reason ?? null },
          actorLabel: 'stripe',
        });
      }
      if (state.openAuthorization > 0) await postAuthorizationRelease(tx, { id: order.id, currency: order.currency }, `${pi.id}:canceled`, state.openAuthorization);
    });
  }
}

/** Every refund Stripe has for the PaymentIntent: ours get their status; unknown ones are recorded. */
export async function convergeRefunds(deps: Omit<StripeWebhookDeps, 'webhookSecret'>, paymentIntentId: string) {
  // Whatever arrived first, the authorization and capture are recorded before any refund.
  await convergePaymentIntent(deps, paymentIntentId);
  const pi = await deps.stripe.paymentIntents.retrieve(paymentIntentId);
  const order = await orderForPaymentIntent(deps.db, pi);
  if (!order) return;
  for await (const sr of deps.stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) {
    const ours = sr.metadata?.dotshop_refund_id || (await deps.db.select({ id: refunds.id }).from(refunds).where(eq(refunds.stripeRefundId, sr.id)))[0]?.id;
    if (ours) {
      await applyStripeRefund(deps.db, sr);
      continue;
    }
    if (sr.status !== 'succeeded' && sr.status !== 'pending') continue;
    // Made outside DotShop (e.g. in the Stripe dashboard): the money left, so the ledger says so.
    await deps.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(refunds)
        .values({ orderId: order.id, amount: sr.amount, currency: order.currency, status: sr.status === 'succeeded' ? 'succeeded' : 'pending', reason: 'made outside DotShop', stripeRefundId: sr.id, requestKey: `stripe:${sr.id}`, requestedBy: 'stripe' })
        .onConflictDoNothing()
        .returning({ id: refunds.id });
      if (!created) return;
      await postRefund(tx, { id: order.id, currency: order.currency }, sr.id, sr.amount, 'Refund made outside DotShop (recorded from Stripe)');
      await writeAudit(tx, { actorType: 'webhook', actorLabel: 'stripe', action: 'refund.recorded_from_stripe', entityType: 'order', entityId: order.id, after: { stripeRefundId: sr.id, amount: sr.amount } });
    });
  }
}

/** Disputes: the withdrawal when we first see one, reinstatement when it is won. */
export async function convergeDispute(deps: Omit<StripeWebhookDeps, 'webhookSecret'>, disputeId: string) {
  const d = await deps.stripe.disputes.retrieve(disputeId);
  const piId = typeof d.payment_intent === 'string' ? d.payment_intent : d.payment_intent?.id;
  if (piId) await convergePaymentIntent(deps, piId);
  const pi = piId ? await deps.stripe.paymentIntents.retrieve(piId) : null;
  const order = pi ? await orderForPaymentIntent(deps.db, pi) : null;
  const dueBy = d.evidence_details?.due_by ? new Date(d.evidence_details.due_by * 1000) : null;
  await deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(disputes).where(eq(disputes.id, d.id));
    await tx
      .insert(disputes)
      .values({ id: d.id, orderId: order?.id ?? null, paymentIntentId: piId ?? null, amount: d.amount, currency: d.currency.toUpperCase(), status: d.status, reason: d.reason ?? '', evidenceDueBy: dueBy, stripeCreatedAt: new Date(d.created * 1000) })
      .onConflictDoUpdate({ target: disputes.id, set: { status: d.status, evidenceDueBy: dueBy, orderId: order?.id ?? null, updatedAt: sql`now()` } });
    if (!order) return;
    const ref = { id: order.id, currency: order.currency };
    // Inquiries (warning_*) withdraw nothing; every other dispute withdrew its amount when opened.
    if (!d.status.startsWith('warning_')) await postDisputeWithdrawal(tx, ref, d.id, d.amount);
    if (d.status === 'won') await postDisputeReinstatement(tx, ref, d.id, d.amount);
    // Stripe's dispute fee rides on the dispute's balance transactions (issue 11 §2.9): book each
    // fee it carries, once per balance transaction.
    for (const bt of d.balance_transactions ?? []) {
      if (typeof bt === 'object' && bt && bt.fee) await postDisputeFee(tx, order.id, bt.currency.toUpperCase(), d.id, bt.id, bt.fee);
    }
    if (before?.status !== d.status)
      await writeAudit(tx, { actorType: 'webhook', actorLabel: 'stripe', action: `dispute.${d.status}`, entityType: 'order', entityId: order.id, before: before ? { status: before.status } : null, after: { disputeId: d.id, status: d.status, amount: d.amount } });
  });
}
