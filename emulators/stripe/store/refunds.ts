// Refunds: create (pending or succeeded at once), settle or fail later (by timer or by the control
// API), update, retrieve and list; their `/v1/refunds` routes and `/_emulator/refunds` controls.
import type Stripe from 'stripe';
import { type ControlRoute, ControlError } from '../../kit/control';
import { invalidParam, invalidRequest, newId, nowSeconds, randomToken } from '../errors';
import { type ParamObject } from '../form';
import { type ListEnvelope } from '../lists';
import { allowOnly, applyMetadata, optEnum, optInt, optString } from '../params';
import { formatAmount } from './amounts';
import { addBalanceTransaction } from './balance';
import { type ApiRoute, ID, type Keyed, listByChargeOrIntent, type RequestContext, type StripeStore } from './core';

const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
export const REFUND_FAILURE_REASONS = ['charge_for_pending_refund_disputed', 'declined', 'expired_or_canceled_card', 'insufficient_funds', 'lost_or_stolen_card', 'merchant_request', 'unknown'] as const;
const REFUND_CREATE_PARAMS = ['amount', 'charge', 'currency', 'expand', 'instructions_email', 'metadata', 'payment_intent', 'reason', 'refund_application_fee', 'reverse_transfer'];

export function createRefund(s: StripeStore, params: ParamObject, ctx: RequestContext): Stripe.Refund {
  allowOnly(params, REFUND_CREATE_PARAMS);
  const piId = optString(params, 'payment_intent');
  const chargeId = optString(params, 'charge');
  const amountParam = optInt(params, 'amount', { min: 1 });
  const reason = optEnum(params, 'reason', REFUND_REASONS);
  const metadata = applyMetadata({}, params.metadata);
  if (!piId && !chargeId) throw invalidParam('One of the following params should be provided for this request: payment_intent or charge.', 'charge', 'parameter_missing');
  let charge: Stripe.Charge;
  if (piId) {
    const rec = s.pi(piId);
    const pi = rec.obj;
    if (pi.status === 'requires_capture') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) has not been captured yet. Cancel the PaymentIntent to release the authorization instead of refunding it.`, {
        code: 'charge_not_refundable',
        param: 'payment_intent',
      });
    }
    const latest = typeof pi.latest_charge === 'string' ? s.charges.get(pi.latest_charge) : undefined;
    if (!latest || latest.obj.status !== 'succeeded') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable', param: 'payment_intent' });
    }
    charge = latest.obj;
    if (chargeId && chargeId !== charge.id) throw invalidParam(`The charge ${chargeId} does not belong to PaymentIntent ${pi.id}.`, 'charge');
  } else {
    charge = s.charge(chargeId as string, 'charge').obj;
    if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable', param: 'charge' });
  }
  if (!charge.captured && !charge.refunded) {
    throw invalidRequest(`Charge ${charge.id} has not been captured yet. Cancel its PaymentIntent to release the authorization instead of refunding it.`, { code: 'charge_not_refundable', param: 'charge' });
  }
  const dispute = s.disputeOf(charge.id);
  if (dispute && dispute.status !== 'won') {
    // The chargeback already returned the money to the cardholder (a won dispute gave it back).
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded', param: piId ? 'payment_intent' : 'charge' });
  }
  const amount = amountParam ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(`Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`, {
      code: 'amount_too_large',
      param: 'amount',
    });
  }
  const refund: Stripe.Refund = {
    id: newId('re'),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    customer: null,
    customer_account: null,
    destination_details: { card: { reference: randomToken(12), reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' }, type: 'card' },
    metadata,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method: typeof charge.payment_method === 'string' ? charge.payment_method : null,
    reason: reason ?? null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: s.getRefundSettleDelay() > 0 ? 'pending' : 'succeeded',
    transfer_reversal: null,
  };
  // The balance is debited when the refund is created, pending or not.
  refund.balance_transaction = addBalanceTransaction(s, {
    kind: 'refund',
    amount: -amount,
    currency: charge.currency,
    source: refund.id,
    description: `REFUND FOR CHARGE (${charge.description ?? charge.id})`,
  }).id;
  const rec = { obj: refund, seq: s.nextSeq(), createdMs: Date.now() };
  s.refunds.set(refund.id, rec);
  s.refundOrder.add(rec);
  s.refundsByCharge.add(charge.id, rec);
  s.refundsByPi.add(refund.payment_intent as string | null, rec);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded >= charge.amount;
  if (charge.refunds) charge.refunds.data.unshift(refund);
  s.emit('refund.created', refund, ctx);
  s.emit('charge.refunded', charge, ctx, previous);
  if (refund.status === 'pending') scheduleRefundSettlement(s, refund);
  return refund;
}

export function scheduleRefundSettlement(s: StripeStore, refund: Stripe.Refund): void {
  const delay = s.getRefundSettleDelay();
  if (!Number.isFinite(delay)) return; // stays pending until settleRefund
  const timer = setTimeout(
    () => {
      s.refundTimers.delete(refund.id);
      if (s.refunds.get(refund.id)?.obj === refund && refund.status === 'pending') settleRefund(s, refund.id, 'succeeded');
    },
    Math.min(delay, 2 ** 31 - 1),
  );
  timer.unref();
  s.refundTimers.set(refund.id, timer);
}

export function clearRefundTimer(s: StripeStore, id: string): void {
  const timer = s.refundTimers.get(id);
  if (timer) clearTimeout(timer);
  s.refundTimers.delete(id);
}

/**
 * The outcome of a refund at the card network (control API): a `pending` refund `succeeded`, or a
 * pending or succeeded refund `failed` — its amount returns to the balance (a `refund_failure`
 * balance transaction) and no longer counts in the charge's `amount_refunded`.
 * Emits `refund.updated` and `charge.refund.updated` (and `refund.failed`).
 */
export function settleRefund(s: StripeStore, id: string, outcome: 'succeeded' | 'failed', failureReason = 'unknown'): Stripe.Refund {
  const rec = s.refund(id);
  const refund = rec.obj;
  const ctx = s.controlContext(refund.payment_intent);
  if (outcome === 'succeeded') {
    if (refund.status !== 'pending') throw invalidRequest(`Refund ${id} has status ${refund.status}; only a pending refund can succeed.`, { param: 'status' });
    clearRefundTimer(s, id);
    const previous = { status: refund.status };
    refund.status = 'succeeded';
    s.emit('refund.updated', refund, ctx, previous);
    s.emit('charge.refund.updated', refund, ctx, previous);
    return refund;
  }
  if (!(REFUND_FAILURE_REASONS as readonly string[]).includes(failureReason)) {
    throw invalidParam(`Invalid failure_reason: must be one of ${REFUND_FAILURE_REASONS.join(', ')}`, 'failure_reason', 'parameter_invalid_string_enum');
  }
  if (refund.status !== 'pending' && refund.status !== 'succeeded') {
    throw invalidRequest(`Refund ${id} has status ${refund.status}; only a pending or succeeded refund can fail.`, { param: 'status' });
  }
  failRefund(s, rec, failureReason, ctx);
  return refund;
}

export function failRefund(s: StripeStore, rec: Keyed<Stripe.Refund>, failureReason: string, ctx: RequestContext): void {
  const refund = rec.obj;
  clearRefundTimer(s, refund.id);
  const previous = { status: refund.status, failure_balance_transaction: null, failure_reason: null };
  refund.status = 'failed';
  refund.failure_reason = failureReason;
  refund.failure_balance_transaction = addBalanceTransaction(s, {
    kind: 'refund_failure',
    amount: refund.amount,
    currency: refund.currency,
    source: refund.id,
    description: `REFUND FAILURE FOR ${refund.id}`,
  }).id;
  const charge = s.charges.get(refund.charge as string)?.obj;
  if (charge) {
    charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
    charge.refunded = charge.amount_refunded >= charge.amount;
  }
  s.emit('refund.updated', refund, ctx, previous);
  s.emit('charge.refund.updated', refund, ctx, previous);
  s.emit('refund.failed', refund, ctx);
}

export function retrieveRefund(s: StripeStore, id: string, params: ParamObject): Stripe.Refund {
  allowOnly(params, ['expand']);
  return s.refund(id).obj;
}

export function updateRefund(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.Refund {
  allowOnly(params, ['expand', 'metadata']);
  const refund = s.refund(id).obj;
  const previous = { metadata: { ...refund.metadata } };
  refund.metadata = applyMetadata(refund.metadata ?? {}, params.metadata);
  s.emit('refund.updated', refund, ctx, previous);
  return refund;
}

export function listRefunds(s: StripeStore, params: ParamObject): ListEnvelope<Stripe.Refund> {
  return listByChargeOrIntent(params, { all: s.refundOrder, byCharge: s.refundsByCharge, byIntent: s.refundsByPi, byId: s.refunds, url: '/v1/refunds', kind: 'refund' });
}

export const refundRoutes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/charges/${ID}/refunds$`),
    handler: ({ store, params, match }) => {
      store.charge(match[1]);
      return { ...listRefunds(store, { ...params, charge: match[1] }), url: `/v1/charges/${match[1]}/refunds` };
    },
  },
  { method: 'POST', pattern: /^\/v1\/refunds$/, handler: ({ store, params, ctx }) => createRefund(store, params, ctx) },
  { method: 'GET', pattern: /^\/v1\/refunds$/, handler: ({ store, params }) => listRefunds(store, params) },
  { method: 'GET', pattern: new RegExp(`^/v1/refunds/${ID}$`), handler: ({ store, params, match }) => retrieveRefund(store, match[1], params) },
  { method: 'POST', pattern: new RegExp(`^/v1/refunds/${ID}$`), handler: ({ store, params, match, ctx }) => updateRefund(store, match[1], params, ctx) },
];

const settleDelayOut = (ms: number) => (Number.isFinite(ms) ? ms : 'manual');

export const refundControlRoutes = (store: StripeStore): ControlRoute[] => [
  { method: 'GET', path: '/_emulator/refunds/settle_delay', handle: () => ({ ms: settleDelayOut(store.getRefundSettleDelay()) }) },
  {
    method: 'POST',
    path: '/_emulator/refunds/settle_delay',
    handle: async (r) => {
      const ms = (await r.body()).ms;
      if (ms !== 'manual' && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) throw new ControlError("ms must be a non-negative number of milliseconds or 'manual'");
      store.setRefundSettleDelay(ms === 'manual' ? Infinity : ms);
      return { ms: settleDelayOut(store.getRefundSettleDelay()) };
    },
  },
  {
    method: 'POST',
    path: /^\/_emulator\/refunds\/([A-Za-z0-9_]+)\/settle$/,
    handle: async (r) => {
      const body = await r.body();
      if (body.status !== 'succeeded' && body.status !== 'failed') throw new ControlError("status must be 'succeeded' or 'failed'");
      if (body.failure_reason !== undefined && typeof body.failure_reason !== 'string') throw new ControlError('failure_reason must be a string');
      return settleRefund(store, r.match[1], body.status, body.failure_reason);
    },
  },
];
