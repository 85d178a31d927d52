// Disputes (chargebacks), which the cardholder's bank files through the control API: withdrawal
// with the dispute fee, evidence, close, the bank's decision; their `/v1/disputes` routes and
// `/_emulator/disputes` controls. The Dispute object itself is dispute-object.ts.
import type Stripe from 'stripe';
import { type ControlRoute, ControlError, ControlInputError } from '../../kit/control';
import { invalidParam, invalidRequest, nowSeconds, resourceMissing } from '../errors';
import { type ParamObject } from '../form';
import { type ListEnvelope } from '../lists';
import { allowOnly, applyMetadata, optBool, optEnum } from '../params';
import { addBalanceTransaction } from './balance';
import { type ApiRoute, ID, listByChargeOrIntent, type RequestContext, type StripeStore } from './core';
import {
  applyEvidence,
  buildDispute,
  DEFAULT_EVIDENCE_DUE_IN_DAYS,
  DISPUTE_OPEN,
  DISPUTE_REASONS,
  DISPUTE_RESPONDABLE,
  type DisputeReason,
  hasEvidence,
  readEvidence,
} from './dispute-object';
import { failRefund } from './refunds';

/** `createDispute` input (control API / `emulator.createDispute`). */
export interface DisputeInput {
  /** The disputed PaymentIntent (its latest charge) … */
  payment_intent?: string;
  /** … or the charge itself. */
  charge?: string;
  /** Default: what is left of the charge after refunds. */
  amount?: number;
  /** Default `fraudulent`. */
  reason?: string;
  /** `evidence_details.due_by` is the end (23:59:59 UTC) of the day this many days ahead. Default 7. */
  evidence_due_in_days?: number;
}

/** JSON with sorted keys (to compare metadata hashes). */
function canonicalJson(v: Record<string, string>): string {
  return JSON.stringify(Object.keys(v).sort().map((k) => [k, v[k]]));
}

/** The captured charge a dispute is filed against (404 unknown, 400 not captured / already disputed). */
export function disputableCharge(s: StripeStore, input: DisputeInput): Stripe.Charge {
  let charge: Stripe.Charge;
  if (input.payment_intent) {
    const pi = s.paymentIntents.get(input.payment_intent)?.obj;
    if (!pi) throw resourceMissing('payment_intent', input.payment_intent, 'payment_intent');
    if (pi.status === 'requires_capture') {
      throw invalidRequest(`This PaymentIntent (${pi.id}) has not been captured: an uncaptured authorization cannot be disputed.`, { param: 'payment_intent' });
    }
    const latest = typeof pi.latest_charge === 'string' ? s.charges.get(pi.latest_charge)?.obj : undefined;
    if (!latest || latest.status !== 'succeeded') throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to dispute.`, { param: 'payment_intent' });
    if (input.charge && input.charge !== latest.id) throw invalidParam(`The charge ${input.charge} does not belong to PaymentIntent ${pi.id}.`, 'charge');
    charge = latest;
  } else if (input.charge) {
    charge = s.charge(input.charge, 'charge').obj;
  } else {
    throw invalidParam('One of the following params should be provided for this request: payment_intent or charge.', 'charge', 'parameter_missing');
  }
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded: there is nothing to dispute.`, { param: 'charge' });
  if (!charge.captured) throw invalidRequest(`Charge ${charge.id} has not been captured: an uncaptured authorization cannot be disputed.`, { param: 'charge' });
  const existing = s.disputeOf(charge.id);
  if (existing) throw invalidRequest(`Charge ${charge.id} has already been disputed (${existing.id}).`, { param: 'charge' });
  return charge;
}

/**
 * The cardholder's bank files a chargeback: the disputed amount and the dispute fee leave the
 * balance at once (`funds_withdrawn`), pending refunds of the charge fail
 * (`charge_for_pending_refund_disputed`), and the merchant has until `evidence_details.due_by`
 * to respond.
 */
export function createDispute(s: StripeStore, input: DisputeInput): Stripe.Dispute {
  const reason = input.reason ?? 'fraudulent';
  if (!(DISPUTE_REASONS as readonly string[]).includes(reason)) {
    throw invalidParam(`Invalid reason: must be one of ${DISPUTE_REASONS.join(', ')}`, 'reason', 'parameter_invalid_string_enum');
  }
  const days = input.evidence_due_in_days ?? DEFAULT_EVIDENCE_DUE_IN_DAYS;
  if (!Number.isSafeInteger(days) || days < 0 || days > 120) throw invalidParam('evidence_due_in_days must be an integer from 0 to 120.', 'evidence_due_in_days');
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount < 1)) {
    throw invalidParam('amount must be a positive integer (in the smallest currency unit).', 'amount', 'parameter_invalid_integer');
  }
  const charge = disputableCharge(s, input);
  const pendingRefunds = s.refundsByCharge.get(charge.id).filter((r) => r.obj.status === 'pending');
  const disputable = charge.amount - charge.amount_refunded + pendingRefunds.reduce((n, r) => n + r.obj.amount, 0);
  if (disputable <= 0) throw invalidRequest(`Charge ${charge.id} has been fully refunded: there is nothing left to dispute.`, { param: 'charge' });
  const amount = input.amount ?? disputable;
  if (amount > disputable) throw invalidParam(`amount (${amount}) is greater than what is left of charge ${charge.id} after refunds (${disputable}).`, 'amount');

  const ctx = s.controlContext(charge.payment_intent);
  for (const r of pendingRefunds) failRefund(s, r, 'charge_for_pending_refund_disputed', ctx);
  const dispute = buildDispute({ charge, amount, reason: reason as DisputeReason, dueInDays: days });
  dispute.balance_transactions.push(
    addBalanceTransaction(s, {
      kind: 'dispute',
      amount: -amount,
      currency: charge.currency,
      source: dispute.id,
      description: `Chargeback withdrawal for ${charge.id}`,
      fee: { amount: s.disputeFee, description: 'Dispute fee' },
    }),
  );
  const rec = { obj: dispute, seq: s.nextSeq(), createdMs: Date.now() };
  s.disputes.set(dispute.id, rec);
  s.disputeOrder.add(rec);
  s.disputesByCharge.add(charge.id, rec);
  s.disputesByPi.add(dispute.payment_intent as string | null, rec);
  charge.disputed = true;
  s.emit('charge.dispute.created', dispute, ctx);
  s.emit('charge.dispute.funds_withdrawn', dispute, ctx);
  return dispute;
}

export function retrieveDispute(s: StripeStore, id: string, params: ParamObject): Stripe.Dispute {
  allowOnly(params, ['expand']);
  return s.dispute(id).obj;
}

/**
 * `POST /v1/disputes/:id`: stage or submit evidence, set metadata. As on Stripe, `submit`
 * defaults to true when evidence is sent (submitting moves `needs_response` → `under_review`);
 * a metadata-only update submits nothing. Evidence is frozen once submitted or closed.
 */
export function updateDispute(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.Dispute {
  allowOnly(params, ['evidence', 'expand', 'intended_submission_method', 'metadata', 'submit']);
  const dispute = s.dispute(id).obj;
  const evidence = readEvidence(params.evidence);
  const submit = optBool(params, 'submit') ?? evidence !== undefined;
  const method = optEnum(params, 'intended_submission_method', ['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes'] as const);
  const metadata = applyMetadata(dispute.metadata, params.metadata);
  if ((evidence !== undefined || submit) && !DISPUTE_RESPONDABLE.includes(dispute.status)) {
    throw invalidRequest(
      DISPUTE_OPEN.includes(dispute.status)
        ? `The evidence for dispute ${id} has already been submitted and can no longer be changed.`
        : `Dispute ${id} is closed (status ${dispute.status}); its evidence can no longer be changed.`,
      { param: evidence !== undefined ? 'evidence' : 'submit' },
    );
  }

  const previous: Record<string, unknown> = {};
  const details = dispute.evidence_details;
  const detailsBefore = { ...details };
  if (evidence) {
    const changed = applyEvidence(dispute.evidence, evidence);
    if (Object.keys(changed).length) previous.evidence = changed;
    details.has_evidence = hasEvidence(dispute.evidence);
  }
  if (submit) {
    details.submission_count += 1;
    details.submission_method = 'manual';
    details.past_due = details.due_by !== null && nowSeconds() > details.due_by;
    previous.status = dispute.status;
    dispute.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
  }
  const detailsChanged = Object.fromEntries(Object.entries(detailsBefore).filter(([k, v]) => details[k as keyof typeof details] !== v));
  if (Object.keys(detailsChanged).length) previous.evidence_details = detailsChanged;
  if (method !== undefined && method !== dispute.intended_submission_method) {
    previous.intended_submission_method = dispute.intended_submission_method;
    dispute.intended_submission_method = method;
  }
  if (canonicalJson(metadata) !== canonicalJson(dispute.metadata)) {
    previous.metadata = dispute.metadata;
    dispute.metadata = metadata;
  }
  if (Object.keys(previous).length) s.emit('charge.dispute.updated', dispute, ctx, previous);
  return dispute;
}

/** `POST /v1/disputes/:id/close`: accept the dispute — `needs_response` → `lost` (irreversible). */
export function closeDispute(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.Dispute {
  allowOnly(params, ['expand']);
  const dispute = s.dispute(id).obj;
  if (!DISPUTE_RESPONDABLE.includes(dispute.status)) {
    throw invalidRequest(`Dispute ${id} has status ${dispute.status}; only a dispute with status needs_response can be closed.`);
  }
  const previous = { status: dispute.status };
  dispute.status = dispute.status === 'warning_needs_response' ? 'warning_closed' : 'lost';
  s.emit('charge.dispute.closed', dispute, ctx, previous);
  return dispute;
}

/**
 * The bank decides (control API). `won`: the disputed amount comes back (a `dispute_reversal`
 * balance transaction; the dispute fee is not returned), `charge.dispute.closed` then
 * `charge.dispute.funds_reinstated`. `lost`: `charge.dispute.closed`, the money stays gone.
 */
export function resolveDispute(s: StripeStore, id: string, outcome: 'won' | 'lost'): Stripe.Dispute {
  const dispute = s.dispute(id).obj;
  if (!DISPUTE_OPEN.includes(dispute.status)) throw invalidRequest(`Dispute ${id} is already closed (status ${dispute.status}).`);
  const ctx = s.controlContext(dispute.payment_intent);
  const previous: Record<string, unknown> = { status: dispute.status };
  if (outcome === 'won') {
    const charge = dispute.charge as string;
    dispute.balance_transactions.push(
      addBalanceTransaction(s, { kind: 'dispute_reversal', amount: dispute.amount, currency: dispute.currency, source: dispute.id, description: `Chargeback reversal for ${charge}` }),
    );
    previous.is_charge_refundable = dispute.is_charge_refundable;
    dispute.is_charge_refundable = true;
    dispute.status = 'won';
  } else {
    dispute.status = 'lost';
  }
  s.emit('charge.dispute.closed', dispute, ctx, previous);
  if (outcome === 'won') s.emit('charge.dispute.funds_reinstated', dispute, ctx);
  return dispute;
}

export function listDisputes(s: StripeStore, params: ParamObject): ListEnvelope<Stripe.Dispute> {
  return listByChargeOrIntent(params, { all: s.disputeOrder, byCharge: s.disputesByCharge, byIntent: s.disputesByPi, byId: s.disputes, url: '/v1/disputes', kind: 'dispute' });
}

export const disputeRoutes: ApiRoute[] = [
  { method: 'GET', pattern: /^\/v1\/disputes$/, handler: ({ store, params }) => listDisputes(store, params) },
  { method: 'GET', pattern: new RegExp(`^/v1/disputes/${ID}$`), handler: ({ store, params, match }) => retrieveDispute(store, match[1], params) },
  { method: 'POST', pattern: new RegExp(`^/v1/disputes/${ID}$`), handler: ({ store, params, match, ctx }) => updateDispute(store, match[1], params, ctx) },
  { method: 'POST', pattern: new RegExp(`^/v1/disputes/${ID}/close$`), handler: ({ store, params, match, ctx }) => closeDispute(store, match[1], params, ctx) },
];

/** `POST /_emulator/disputes` body (JSON numbers or numeric strings, as form bodies give). */
export function disputeInput(body: Record<string, unknown>): DisputeInput {
  const str = (k: string) => {
    const v = body[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !v) throw new ControlInputError(`${k} must be a non-empty string`);
    return v;
  };
  const int = (k: string) => {
    const v = body[k];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new ControlInputError(`${k} must be an integer`);
    return n;
  };
  for (const k of Object.keys(body)) {
    if (!['payment_intent', 'charge', 'amount', 'reason', 'evidence_due_in_days'].includes(k)) throw new ControlInputError(`unknown field: ${k}`);
  }
  return { payment_intent: str('payment_intent'), charge: str('charge'), amount: int('amount'), reason: str('reason'), evidence_due_in_days: int('evidence_due_in_days') };
}

export const disputeControlRoutes = (store: StripeStore): ControlRoute[] => [
  { method: 'POST', path: '/_emulator/disputes', handle: async (r) => createDispute(store, disputeInput(await r.body())) },
  {
    method: 'POST',
    path: /^\/_emulator\/disputes\/([A-Za-z0-9_]+)\/resolve$/,
    handle: async (r) => {
      const outcome = (await r.body()).outcome;
      if (outcome !== 'won' && outcome !== 'lost') throw new ControlError("outcome must be 'won' or 'lost'");
      return resolveDispute(store, r.match[1], outcome);
    },
  },
];
