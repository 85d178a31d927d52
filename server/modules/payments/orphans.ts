// Money left behind by a lost order (issue 12). After a failover to an asynchronous standby the
// primary's last commits can be gone: an order (and its ledger) vanished while its PaymentIntent at
// Stripe still holds the shopper's money. Every PaymentIntent names its order in
// `metadata.order_id` (checkout writes the order first, then asks Stripe), so one whose order does
// not exist is an orphan: voided when only authorized, refunded in full when already captured. The
// same Idempotency-Key per PaymentIntent makes a second run a no-op. Read the orders on the primary.
import type Stripe from 'stripe';
import type { Db } from '../../../db/client';
import { existingOrderIds } from '../orders';

export interface OrphanedPaymentIntent {
  id: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  currency: string;
  orderId: string | null;
  /** What was (or, in a dry run, would be) done. */
  action: 'voided' | 'refunded' | 'none';
}

/** Statuses in which Stripe still holds (or may still take) the shopper's money. */
const CANCELLABLE: Stripe.PaymentIntent.Status[] = ['requires_capture', 'requires_confirmation', 'requires_action', 'requires_payment_method', 'processing'];

export async function findAndVoidOrphanedPaymentIntents(deps: { db: Db; stripe: Stripe }, opts: { since: Date; apply: boolean }): Promise<{ examined: number; orphans: OrphanedPaymentIntent[] }> {
  const candidates: Stripe.PaymentIntent[] = [];
  let examined = 0;
  for await (const pi of deps.stripe.paymentIntents.list({ created: { gte: Math.floor(opts.since.getTime() / 1000) }, limit: 100 })) {
    examined++;
    if (pi.status === 'canceled') continue;
    if (pi.status === 'succeeded' && pi.amount_received === 0) continue;
    candidates.push(pi);
  }
  const existing = await existingOrderIds(deps.db, candidates.map((pi) => pi.metadata.order_id).filter((id): id is string => /^[0-9a-f-]{36}$/i.test(id ?? '')));
  const orphans: OrphanedPaymentIntent[] = [];
  for (const pi of candidates) {
    const orderId = pi.metadata.order_id ?? null;
    if (orderId && existing.has(orderId)) continue;
    let action: OrphanedPaymentIntent['action'] = 'none';
    if (opts.apply) {
      if (CANCELLABLE.includes(pi.status)) {
        await deps.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' }, { idempotencyKey: `void-orphan-${pi.id}` });
        action = 'voided';
      } else if (pi.status === 'succeeded') {
        await deps.stripe.refunds.create({ payment_intent: pi.id, reason: 'requested_by_customer', metadata: { reason: 'order lost in a failover' } }, { idempotencyKey: `refund-orphan-${pi.id}` });
        action = 'refunded';
      }
    }
    orphans.push({ id: pi.id, status: pi.status, amount: pi.amount, currency: pi.currency, orderId, action });
  }
  return { examined, orphans };
}
