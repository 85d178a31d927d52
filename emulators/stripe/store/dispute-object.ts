// Dispute objects (chargebacks) in the shape of Stripe's fixture (`dispute`), and the evidence
// parameters of `POST /v1/disputes/:id`. The lifecycle (withdrawal, evidence, close, the bank's
// decision) is disputes.ts.
import type Stripe from 'stripe';
import { invalidParam, newId, nowSeconds, unknownParam } from '../errors';
import { type Param } from '../form';

/** Stripe's dispute reasons. */
export const DISPUTE_REASONS = [
  'bank_cannot_process', 'check_returned', 'credit_not_processed', 'customer_initiated', 'debit_not_authorized', 'duplicate', 'fraudulent', 'general',
  'incorrect_account_details', 'insufficient_funds', 'noncompliant', 'product_not_received', 'product_unacceptable', 'subscription_canceled', 'unrecognized',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** Statuses in which the merchant can still respond (update evidence, submit, close). */
export const DISPUTE_RESPONDABLE: readonly string[] = ['needs_response', 'warning_needs_response'];
/** Statuses the bank has not decided yet. */
export const DISPUTE_OPEN: readonly string[] = ['needs_response', 'under_review', 'warning_needs_response', 'warning_under_review'];

/** The text/file evidence fields (files are `file_…` ids; the emulator stores any string). */
export const EVIDENCE_FIELDS = [
  'access_activity_log', 'billing_address', 'cancellation_policy', 'cancellation_policy_disclosure', 'cancellation_rebuttal', 'customer_communication',
  'customer_email_address', 'customer_name', 'customer_purchase_ip', 'customer_signature', 'duplicate_charge_documentation', 'duplicate_charge_explanation',
  'duplicate_charge_id', 'product_description', 'receipt', 'refund_policy', 'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date',
  'service_documentation', 'shipping_address', 'shipping_carrier', 'shipping_date', 'shipping_documentation', 'shipping_tracking_number', 'uncategorized_file',
  'uncategorized_text',
] as const;
type EvidenceField = (typeof EVIDENCE_FIELDS)[number];
/** Accepted and not modelled (enhanced evidence programs, appeals). */
const EVIDENCE_IGNORED = ['enhanced_evidence', 'appeal'];
const EVIDENCE_MAX_CHARS = 150_000;

/** Card network reason codes for the common reasons (Visa / Mastercard); others are null. */
const NETWORK_REASON_CODES: Record<string, Partial<Record<DisputeReason, string>>> = {
  visa: { fraudulent: '10.4', unrecognized: '10.4', duplicate: '12.6.1', product_not_received: '13.1', subscription_canceled: '13.2', product_unacceptable: '13.3', credit_not_processed: '13.6' },
  mastercard: { fraudulent: '4837', unrecognized: '4837', duplicate: '4834', product_not_received: '4855', subscription_canceled: '4841', product_unacceptable: '4853', credit_not_processed: '4853' },
};

export const DEFAULT_EVIDENCE_DUE_IN_DAYS = 7;

/** Stripe's deadlines fall at 23:59:59 UTC: the end of the day `days` days from now. */
export function evidenceDueBy(days: number, now = nowSeconds()): number {
  const day = 24 * 3600;
  return (Math.floor(now / day) + days + 1) * day - 1;
}

function emptyEvidence(): Stripe.Dispute.Evidence {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])) as unknown as Stripe.Dispute.Evidence;
  evidence.enhanced_evidence = {};
  return evidence;
}

export function buildDispute(init: { charge: Stripe.Charge; amount: number; reason: DisputeReason; dueInDays: number }): Stripe.Dispute {
  const { charge } = init;
  const card = charge.payment_method_details?.card;
  const brand = card?.brand ?? 'visa';
  const network = card?.network ?? brand;
  const code = NETWORK_REASON_CODES[network]?.[init.reason] ?? null;
  return {
    id: newId('dp'),
    object: 'dispute',
    amount: init.amount,
    balance_transactions: [],
    charge: charge.id,
    created: nowSeconds(),
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: { due_by: evidenceDueBy(init.dueInDays), enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0, submission_method: 'not_submitted' },
    intended_submission_method: null,
    // A chargeback (not an inquiry): the funds are already gone, the charge can't be refunded.
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    network_reason_code: code,
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : null,
    payment_method_details: { card: { brand, case_type: 'chargeback', network, network_reason_code: code }, type: 'card' },
    reason: init.reason,
    status: 'needs_response',
  };
}

/**
 * Read `evidence[…]` from `POST /v1/disputes/:id`: the fields to change (an empty string clears a
 * field, stored as null). Unknown fields are `parameter_unknown`, as Stripe answers.
 */
export function readEvidence(param: Param | undefined): Partial<Record<EvidenceField, string | null>> | undefined {
  if (param === undefined) return undefined;
  if (param === '') return {};
  if (typeof param !== 'object' || Array.isArray(param)) throw invalidParam('Invalid evidence: must be a hash', 'evidence', 'parameter_invalid_object');
  const out: Partial<Record<EvidenceField, string | null>> = {};
  for (const [key, value] of Object.entries(param)) {
    if (EVIDENCE_IGNORED.includes(key)) continue;
    if (!(EVIDENCE_FIELDS as readonly string[]).includes(key)) throw unknownParam(`evidence[${key}]`);
    if (typeof value !== 'string') throw invalidParam(`Invalid evidence[${key}]: must be a string`, `evidence[${key}]`);
    out[key as EvidenceField] = value === '' ? null : value;
  }
  return out;
}

/** Apply changed evidence fields; returns the previous values of the fields that changed. */
export function applyEvidence(evidence: Stripe.Dispute.Evidence, changes: Partial<Record<EvidenceField, string | null>>): Record<string, string | null> {
  const record = evidence as unknown as Record<EvidenceField, string | null>;
  const previous: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(changes) as [EvidenceField, string | null][]) {
    if (record[k] !== v) {
      previous[k] = record[k];
      record[k] = v;
    }
  }
  const total = EVIDENCE_FIELDS.reduce((n, f) => n + (record[f]?.length ?? 0), 0);
  if (total > EVIDENCE_MAX_CHARS) {
    Object.assign(record, previous);
    throw invalidParam(`The combined character count of all evidence fields is limited to ${EVIDENCE_MAX_CHARS} (got ${total}).`, 'evidence');
  }
  return previous;
}

export function hasEvidence(evidence: Stripe.Dispute.Evidence): boolean {
  const record = evidence as unknown as Record<EvidenceField, string | null>;
  return EVIDENCE_FIELDS.some((f) => record[f] !== null);
}
