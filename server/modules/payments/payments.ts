// After authorization: capture on fulfilment (and a safety capture before the hold expires),
// void on cancellation, refunds. State changes and their Stripe calls are split by the outbox:
// the transaction records the decision and enqueues a job; the job calls Stripe with an
// idempotency key derived from the order/refund and records the result on the ledger.
import { and, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db, Tx } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';
import { refunds } from '../../../db/payments-schema';
import { writeAudit } from '../admin';
import { queues } from '../../platform/queues';
import { changeOrderStatus, formatMoney, type OrderStatus } from '../orders';
import { releaseReservations } from '../checkout';
import { orderPaymentState, postAuthorizationRelease, postCapture, postRefund, postRefundReversal } from './ledger';
import type { Outbox } from '../../platform/outbox';
import { DomainError } from '../../platform/errors';

export type PaymentDeps = { db: Db; stripe: Stripe; outbox: Outbox };
export type Actor = { actorType: 'admin' | 'system' | 'webhook'; actorId?: string | null; actorLabel: string; requestId?: string | null; ip?: string | null };

export class PaymentActionError extends DomainError {}

async function lockOrder(tx: Tx, orderId: string) {
  const [o] = await tx.execute<{ id: string; status: OrderStatus; currency: string; total: number; payment_intent_id: string | null }>(
    sql`select id, status, currency, total, payment_intent_id from orders where id = ${orderId}::uuid for update`,
  );
  return o ?? null;
}

/**
 * Fulfilment (Shopify's fulfilment webhook, or the admin's "mark fulfilled"): the order moves to
 * fulfilled and a capture job is enqueued in the same transaction.
 */
export async function markOrderFulfilled(deps: Pick<PaymentDeps, 'db' | 'outbox'>, orderId: string, actor: Actor): Promise<'fulfilled' | 'already'> {
  return deps.db.transaction(async (tx) => {
    const o = await lockOrder(tx, orderId);
    if (!o) throw new PaymentActionError('not_found', 'order_not_found', 'Order not found.');
    if (o.status === 'fulfilled' || o.status === 'captured') return 'already';
    if (o.status !== 'authorized') throw new PaymentActionError('conflict', 'not_fulfillable', `An order that is ${o.status.replace('_', ' ')} cannot be fulfilled.`);
    await changeOrderStatus(tx, orderId, 'authorized', 'fulfilled', 'Fulfilled; capturing payment', actor);
    await deps.outbox.send(tx, queues.captureOrder, { orderId }, { singletonKey: `capture:${orderId}` });
    return 'fulfilled';
  });
}

/**
 * Captures the order's authorization at Stripe (idempotency key from the order id) and records
 * the capture on the ledger. Safe to run any number of times. `safety` captures an order that
 * is still only authorized (the hold is about to expire).
 *
 * The order row stays locked from the status check through the Stripe call to the ledger entry
 * (ADR 021): an admin cancel of the same order waits for it and then finds it captured, instead of
 * cancelling an order whose money is being taken. One row, one job; the lock is held for one
 * Stripe round trip, bounded by the SDK's timeout.
 */
export async function captureOrder(deps: PaymentDeps, orderId: string, opts: { safety?: boolean } = {}): Promise<OrderStatus | 'skipped'> {
  const label = opts.safety ? 'safety-capture' : 'capture';
  return deps.db.transaction(async (tx) => {
    const o = await lockOrder(tx, orderId);
    if (!o || !o.payment_intent_id) return 'skipped';
    const capturable = o.status === 'fulfilled' || (opts.safety && o.status === 'authorized');
    if (!capturable && o.status !== 'captured') return 'skipped';
    let pi = await deps.stripe.paymentIntents.retrieve(o.payment_intent_id);
    if (pi.status === 'requires_capture' && capturable) {
      pi = await deps.stripe.paymentIntents.capture(o.payment_intent_id, {}, { idempotencyKey: `dotshop-order-${orderId}-capture` });
    }
    if (pi.status !== 'succeeded') return o.status;
    await bookCapture(tx, deps.outbox, o, pi, label);
    const [after] = await tx.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
    return after.status;
  });
}

/** Records a capture Stripe reports (from a webhook): ledger + status, once. */
export async function recordCapture(deps: Pick<PaymentDeps, 'db' | 'outbox'>, orderId: string, pi: Stripe.PaymentIntent, label: string): Promise<OrderStatus> {
  await deps.db.transaction(async (tx) => {
    const locked = await lockOrder(tx, orderId);
    if (locked) await bookCapture(tx, deps.outbox, locked, pi, label);
  });
  const [after] = await deps.db.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
  return after.status;
}

type LockedOrder = NonNullable<Awaited<ReturnType<typeof lockOrder>>>;

/**
 * Books a capture Stripe made, with the order row locked by the caller. Money that moved is always
 * booked; a cancelled (or failed) order's capture is refunded in full at once (ADR 021) — a
 * cancelled order is never left charged.
 */
async function bookCapture(tx: Tx, outbox: Outbox, o: LockedOrder, pi: Stripe.PaymentIntent, label: string): Promise<void> {
  const captured = pi.amount_received;
  const state = await orderPaymentState(tx, o.id);
  if (state.authorized === 0) return; // authorization not recorded yet: the authorization path records first
  await postCapture(tx, { id: o.id, currency: o.currency }, pi.id, captured, Math.max(0, state.authorized - captured - state.released));
  const actor: Actor = { actorType: 'system', actorLabel: label };
  if (o.status === 'authorized') await changeOrderStatus(tx, o.id, 'authorized', 'captured', label === 'safety-capture' ? 'Captured before the authorization expired (safety capture)' : `Payment of ${formatMoney(captured, o.currency)} captured`, actor);
  else if (o.status === 'fulfilled') await changeOrderStatus(tx, o.id, 'fulfilled', 'captured', `Payment of ${formatMoney(captured, o.currency)} captured`, actor);
  else if (o.status === 'cancelled' || o.status === 'payment_failed') await refundCaptureOfDeadOrder(tx, outbox, o, captured);
}

/** Stripe captured an order that is cancelled here: refund what is still unrefunded, once (the request key is per order). */
async function refundCaptureOfDeadOrder(tx: Tx, outbox: Outbox, o: LockedOrder, captured: number): Promise<void> {
  const state = await orderPaymentState(tx, o.id);
  const amount = Math.min(captured, state.refundable);
  if (amount <= 0) return;
  const [r] = await tx
    .insert(refunds)
    .values({ orderId: o.id, amount, currency: o.currency, reason: `captured after the order was ${o.status.replace('_', ' ')}`, requestKey: `dead-order-capture:${o.id}`, requestedBy: 'system' })
    .onConflictDoNothing()
    .returning({ id: refunds.id });
  if (!r) return;
  await postRefund(tx, { id: o.id, currency: o.currency }, r.id, amount, `Captured after the order was ${o.status.replace('_', ' ')}: refunded in full`);
  await writeAudit(tx, {
    actorType: 'system',
    actorLabel: 'payments',
    action: 'refund.requested',
    entityType: 'order',
    entityId: o.id,
    before: { status: o.status, refunded: state.refunded },
    after: { refundId: r.id, amount, reason: 'capture of a cancelled order' },
  });
  await outbox.send(tx, queues.sendRefund, { refundId: r.id }, { singletonKey: `refund:${r.id}` });
}

/** Cancelling an unfulfilled order: cancelled + stock released now, the authorization voided by a job. */
export async function cancelOrder(deps: Pick<PaymentDeps, 'db' | 'outbox'>, orderId: string, actor: Actor): Promise<'cancelled' | 'already'> {
  return deps.db.transaction(async (tx) => {
    const o = await lockOrder(tx, orderId);
    if (!o) throw new PaymentActionError('not_found', 'order_not_found', 'Order not found.');
    if (o.status === 'cancelled') return 'already';
    if (o.status !== 'authorized') throw new PaymentActionError('conflict', 'not_cancellable', `An order that is ${o.status.replace('_', ' ')} cannot be cancelled here.`);
    await changeOrderStatus(tx, orderId, 'authorized', 'cancelled', 'Cancelled before fulfilment; authorization voided', actor);
    await releaseReservations(tx, orderId);
    await deps.outbox.send(tx, queues.voidOrder, { orderId }, { singletonKey: `void:${orderId}` });
    // Its push may already have reached Shopify (or be on its way): cancel it there too.
    await deps.outbox.send(tx, queues.cancelShopifyOrder, { orderId }, { singletonKey: `shopify-cancel:${orderId}` });
    return 'cancelled';
  });
}

/**
 * Voids the authorization at Stripe and releases it on the ledger. Idempotent. If Stripe captured
 * the order anyway, the capture is booked and refunded in full (then sent to Stripe here; its job
 * is the retry). With `paymentIntentId`: a late authorization of an order that was already given
 * up (cancelled or failed before the authorize call returned) is voided too.
 */
export async function voidOrderAuthorization(deps: PaymentDeps, orderId: string, paymentIntentId?: string): Promise<void> {
  const [o] = await deps.db.select().from(orders).where(eq(orders.id, orderId));
  if (!o || (o.status !== 'cancelled' && o.status !== 'payment_failed')) return;
  const piId = paymentIntentId ?? o.paymentIntentId;
  if (!piId) return;
  let pi = await deps.stripe.paymentIntents.retrieve(piId);
  if (pi.status === 'requires_capture') {
    const key = piId === o.paymentIntentId ? `dotshop-order-${orderId}-void` : `dotshop-order-${orderId}-void-${piId}`;
    pi = await deps.stripe.paymentIntents.cancel(piId, { cancellation_reason: 'requested_by_customer' }, { idempotencyKey: key });
  }
  if (pi.status === 'succeeded') {
    await recordCapture(deps, orderId, pi, 'capture-after-cancel');
    const pending = await deps.db.select({ id: refunds.id }).from(refunds).where(and(eq(refunds.orderId, orderId), eq(refunds.requestKey, `dead-order-capture:${orderId}`), eq(refunds.status, 'pending')));
    for (const r of pending) await sendRefundToStripe(deps, r.id);
    return;
  }
  if (pi.status !== 'canceled') return;
  await deps.db.transaction(async (tx) => {
    const state = await orderPaymentState(tx, orderId);
    if (state.openAuthorization > 0) await postAuthorizationRelease(tx, { id: orderId, currency: o.currency }, `${pi.id}:void`, state.openAuthorization);
  });
}

/**
 * Requests a refund: validated against what is refundable, written to the ledger at once (the
 * database refuses more than captured − refunded, even for two admins at the same moment), and
 * sent to Stripe by an outbox job. The admin form's key makes a double click one refund.
 */
export async function requestRefund(
  deps: Pick<PaymentDeps, 'db' | 'outbox'>,
  input: { orderId: string; amount: number; reason: string; requestKey: string },
  actor: Actor,
): Promise<{ refundId: string; created: boolean }> {
  if (!Number.isSafeInteger(input.amount) || input.amount <= 0) throw new PaymentActionError('invalid_input', 'invalid_amount', 'Enter a whole amount in cents above zero.', 'amount');
  try {
    return await deps.db.transaction(async (tx) => {
      const [existing] = await tx.select({ id: refunds.id, orderId: refunds.orderId, amount: refunds.amount }).from(refunds).where(eq(refunds.requestKey, input.requestKey));
      if (existing) return { refundId: existing.id, created: false };
      const o = await lockOrder(tx, input.orderId);
      if (!o) throw new PaymentActionError('not_found', 'order_not_found', 'Order not found.');
      const state = await orderPaymentState(tx, input.orderId);
      if (state.captured === 0) throw new PaymentActionError('conflict', 'not_captured', 'Nothing has been captured on this order yet; cancel it instead.');
      if (input.amount > state.refundable) throw new PaymentActionError('invalid_input', 'amount_too_large', `At most ${state.refundable} can be refunded.`, 'amount');
      const [r] = await tx
        .insert(refunds)
        .values({ orderId: input.orderId, amount: input.amount, currency: o.currency, reason: input.reason, requestKey: input.requestKey, requestedBy: actor.actorLabel })
        .returning({ id: refunds.id });
      await postRefund(tx, { id: input.orderId, currency: o.currency }, r.id, input.amount, `Refund requested by ${actor.actorLabel}`);
      await writeAudit(tx, {
        actorType: actor.actorType,
        actorId: actor.actorId ?? null,
        actorLabel: actor.actorLabel,
        action: 'refund.requested',
        entityType: 'order',
        entityId: input.orderId,
        before: { refunded: state.refunded },
        after: { refunded: state.refunded + input.amount, refundId: r.id, amount: input.amount, reason: input.reason },
        requestId: actor.requestId ?? null,
        ip: actor.ip ?? null,
      });
      await deps.outbox.send(tx, queues.sendRefund, { refundId: r.id }, { singletonKey: `refund:${r.id}` });
      return { refundId: r.id, created: true };
    });
  } catch (err) {
    // The database's own limit (a concurrent refund got there first): same answer as the check above.
    const cause = (err as { cause?: { constraint_name?: string } }).cause ?? (err as { constraint_name?: string });
    if ((cause as { constraint_name?: string }).constraint_name === 'ledger_refund_within_captured')
      throw new PaymentActionError('invalid_input', 'amount_too_large', 'That is more than can still be refunded.', 'amount');
    if ((cause as { constraint_name?: string }).constraint_name === 'refunds_request_key_unique') {
      const [existing] = await deps.db.select({ id: refunds.id }).from(refunds).where(eq(refunds.requestKey, input.requestKey));
      if (existing) return { refundId: existing.id, created: false };
    }
    throw err;
  }
}

/** Sends a requested refund to Stripe (idempotency key = our refund id) and follows its status. */
export async function sendRefundToStripe(deps: PaymentDeps, refundId: string): Promise<'pending' | 'succeeded' | 'failed'> {
  const [r] = await deps.db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!r) throw new Error(`refund ${refundId} not found`);
  if (r.status !== 'pending' && r.stripeRefundId) return r.status;
  const [o] = await deps.db.select().from(orders).where(eq(orders.id, r.orderId));
  const sr = await deps.stripe.refunds.create(
    { payment_intent: o.paymentIntentId!, amount: r.amount, reason: 'requested_by_customer', metadata: { dotshop_refund_id: r.id, order_id: r.orderId } },
    { idempotencyKey: `dotshop-refund-${r.id}` },
  );
  await applyStripeRefund(deps.db, sr);
  const [after] = await deps.db.select({ status: refunds.status }).from(refunds).where(eq(refunds.id, refundId));
  return after.status;
}

/** Records what Stripe says about a refund (from the job or a webhook). Idempotent. */
export async function applyStripeRefund(db: Db, sr: Stripe.Refund): Promise<void> {
  const ourId = sr.metadata?.dotshop_refund_id;
  await db.transaction(async (tx) => {
    const [r] = ourId
      ? await tx.select().from(refunds).where(eq(refunds.id, ourId))
      : await tx.select().from(refunds).where(eq(refunds.stripeRefundId, sr.id));
    if (!r) return; // a refund DotShop did not ask for: recorded by recordExternalRefund / reconciliation
    const status = sr.status === 'succeeded' ? 'succeeded' : sr.status === 'failed' || sr.status === 'canceled' ? 'failed' : 'pending';
    const changed = await tx
      .update(refunds)
      .set({ stripeRefundId: sr.id, status, updatedAt: sql`now()` })
      .where(and(eq(refunds.id, r.id), sql`(${refunds.status} <> ${status} or ${refunds.stripeRefundId} is null)`, sql`${refunds.status} <> 'failed'`))
      .returning({ id: refunds.id });
    if (!changed.length) return;
    if (status === 'failed') await postRefundReversal(tx, { id: r.orderId, currency: r.currency }, r.id, r.amount);
    if (status !== r.status)
      await writeAudit(tx, {
        actorType: 'system',
        actorLabel: 'stripe',
        action: `refund.${status}`,
        entityType: 'order',
        entityId: r.orderId,
        before: { refundId: r.id, status: r.status },
        after: { refundId: r.id, status, stripeRefundId: sr.id },
      });
  });
}
