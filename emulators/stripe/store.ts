// In-memory Stripe account: PaymentIntents, Charges, Refunds, Disputes, BalanceTransactions,
// PaymentMethods and Events, with the PaymentIntent, Refund and Dispute lifecycles as Stripe
// documents them. Every state change records an Event.
// Object shapes follow Stripe's published fixtures (stripe/openapi fixtures3.json) and the SDK's
// own TypeScript types, filled with real values.
import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { ApiError, invalidParam, invalidRequest, newId, nowSeconds, randomToken, resourceMissing, unknownParam } from './errors';
import { buildBalanceTransaction, type BalanceTransactionInit } from './balance';
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
} from './disputes';
import { type Param, type ParamObject } from './form';
import { Grouped, listPage, type ListEnvelope, Ordered, type PageQuery } from './lists';
import {
  allowOnly,
  applyMetadata,
  optBool,
  optCurrency,
  optEnum,
  optInt,
  optNullableString,
  optObject,
  optString,
  optStringArray,
  reqInt,
  reqString,
} from './params';
import { compileSearch, type FieldKind } from './search';
import { type TestCard, type TestCardOutcome, testCardForPaymentMethod } from '../../server/integrations/stripe/test-cards';

export const DEFAULT_API_VERSION: string = Stripe.API_VERSION;

/** Who caused a state change: the API request (id + idempotency key) or nobody (emulator UI/control). */
export interface RequestContext {
  requestId: string | null;
  idempotencyKey: string | null;
  apiVersion: string;
}

export interface EventRecord {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

export type { ListEnvelope } from './lists';

export interface SearchEnvelope<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  total_count?: number;
}

interface PaymentIntentRecord {
  obj: Stripe.PaymentIntent;
  seq: number;
  createdMs: number;
  returnUrl: string | null;
  /** Current 3DS attempt token (in next_action's url); null when no challenge is pending. */
  threeDsAttempt: string | null;
  apiVersion: string;
}

interface PaymentMethodRecord {
  obj: Stripe.PaymentMethod;
  card: TestCard;
  seq: number;
}

interface Keyed<T> {
  obj: T;
  seq: number;
  createdMs: number;
}

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

export interface StoreOptions {
  /** Base URL the shopper's browser uses to reach the emulator (for the 3DS page). */
  publicUrl: () => string;
  /** Search results exclude objects created less than this many ms ago (Stripe's search lag). */
  searchLagMs?: number;
  /** Called for every recorded Event; returns how many webhook endpoints will receive it. */
  onEvent?: (event: EventRecord) => number;
  /**
   * 0 (default): refunds are `succeeded` at once. > 0: refunds start `pending` and succeed after this
   * many ms. Infinity: they stay `pending` until `settleRefund`.
   */
  refundSettleDelayMs?: number;
  /** Stripe's dispute fee, withdrawn with the disputed amount (minor units of the charge's currency). Default 1500. */
  disputeFee?: number;
}

const PI_CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const PI_CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const PI_UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;
const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;
export const REFUND_FAILURE_REASONS = ['charge_for_pending_refund_disputed', 'declined', 'expired_or_canceled_card', 'insufficient_funds', 'lost_or_stolen_card', 'merchant_request', 'unknown'] as const;
const MIN_AMOUNTS: Record<string, number> = { usd: 50, eur: 50, cad: 50, aud: 50, chf: 50, gbp: 30, jpy: 50 };
const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'isk', 'ugx', 'xaf', 'xof', 'bif', 'djf', 'gnf', 'kmf', 'mga', 'pyg', 'rwf', 'vuv', 'xpf']);

const PI_CREATE_PARAMS = [
  'amount', 'currency', 'allowed_payment_method_types', 'automatic_payment_methods', 'excluded_payment_method_types', 'capture_method', 'confirm', 'confirmation_method', 'customer',
  'description', 'error_on_requires_action', 'expand', 'metadata', 'off_session', 'payment_method',
  'payment_method_options', 'payment_method_types', 'receipt_email', 'return_url', 'setup_future_usage', 'shipping',
  'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group', 'use_stripe_sdk', 'mandate_data',
];
const PI_UPDATE_PARAMS = [
  'allowed_payment_method_types', 'excluded_payment_method_types', 'amount', 'currency', 'capture_method', 'customer', 'description', 'expand', 'metadata', 'payment_method',
  'payment_method_options', 'payment_method_types', 'receipt_email', 'setup_future_usage', 'shipping',
  'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group',
];
const PI_CONFIRM_PARAMS = [
  'allowed_payment_method_types', 'excluded_payment_method_types', 'capture_method', 'error_on_requires_action', 'expand', 'mandate_data', 'off_session', 'payment_method',
  'payment_method_options', 'payment_method_types', 'receipt_email', 'return_url', 'setup_future_usage', 'shipping',
  'use_stripe_sdk',
];
const PI_CAPTURE_PARAMS = ['amount_to_capture', 'expand', 'final_capture', 'metadata', 'statement_descriptor', 'statement_descriptor_suffix'];
const PI_CANCEL_PARAMS = ['cancellation_reason', 'expand'];
const REFUND_CREATE_PARAMS = ['amount', 'charge', 'currency', 'expand', 'instructions_email', 'metadata', 'payment_intent', 'reason', 'refund_application_fee', 'reverse_transfer'];
const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'created', 'expand'];

const PI_SEARCH_FIELDS: Record<string, FieldKind> = { amount: 'number', created: 'number', currency: 'string', customer: 'string', status: 'string' };
const CHARGE_SEARCH_FIELDS: Record<string, FieldKind> = {
  amount: 'number', created: 'number', currency: 'string', customer: 'string', disputed: 'boolean', refunded: 'boolean',
  status: 'string', payment_intent: 'string', 'payment_method_details.card.last4': 'string', 'payment_method_details.card.brand': 'string',
};

function formatAmount(amount: number, currency: string): string {
  if (ZERO_DECIMAL.has(currency)) return `${amount} ${currency.toUpperCase()}`;
  const symbol = currency === 'usd' ? '$' : currency === 'eur' ? '€' : currency === 'gbp' ? '£' : `${currency.toUpperCase()} `;
  return `${symbol}${(amount / 100).toFixed(2)}`;
}

/** API versions are dated (`2026-09-30.endive`); compare by date. */
export function apiVersionAtLeast(version: string, date: string): boolean {
  return version.slice(0, 10) >= date;
}

/** `payment_method_types` stopped being writable on 2026-09-30.endive (400 payment_method_types_no_longer_supported). */
const PM_TYPES_REMOVED = '2026-09-30';
/** `allowed_payment_method_types` exists since 2026-07-29.dahlia. */
const ALLOWED_PM_TYPES_ADDED = '2026-07-29';

interface TypeSelection {
  /** Set when the request chose payment method types (legacy or allowed list); undefined = unchanged. */
  paymentMethodTypes?: string[];
  allowed?: string[];
  excluded?: string[];
}

/** Read payment_method_types / allowed_payment_method_types / excluded_payment_method_types as the request's API version allows. */
function readTypeSelection(params: ParamObject, apiVersion: string, hasAutomaticPaymentMethods: boolean): TypeSelection {
  const legacy = optStringArray(params, 'payment_method_types');
  const allowed = optStringArray(params, 'allowed_payment_method_types');
  const excluded = optStringArray(params, 'excluded_payment_method_types');
  if (legacy && apiVersionAtLeast(apiVersion, PM_TYPES_REMOVED)) {
    throw new ApiError({
      status: 400,
      type: 'invalid_request_error',
      code: 'payment_method_types_no_longer_supported',
      param: 'payment_method_types',
      message: `payment_method_types is no longer supported on API version ${apiVersion}. Use allowed_payment_method_types to limit the payment methods, excluded_payment_method_types to exclude some, or dynamic payment methods (automatic_payment_methods).`,
      saved: false,
    });
  }
  if (allowed && !apiVersionAtLeast(apiVersion, ALLOWED_PM_TYPES_ADDED)) throw unknownParam('allowed_payment_method_types');
  if (allowed && (legacy || excluded || hasAutomaticPaymentMethods)) {
    throw invalidParam('allowed_payment_method_types cannot be combined with payment_method_types, excluded_payment_method_types or automatic_payment_methods.', 'allowed_payment_method_types', 'parameters_exclusive');
  }
  if (legacy && hasAutomaticPaymentMethods) {
    throw invalidParam('You may only specify one of these parameters: automatic_payment_methods, payment_method_types.', 'automatic_payment_methods', 'parameters_exclusive');
  }
  if (legacy) {
    for (const t of legacy) if (t !== 'card') throw invalidParam(`The payment method type "${t}" is not supported by the Stripe emulator (only card).`, 'payment_method_types');
    return { paymentMethodTypes: legacy.length ? legacy : ['card'] };
  }
  if (allowed) {
    // Stripe silently drops incompatible types; the emulator only has cards.
    if (!allowed.includes('card')) throw invalidParam('None of the allowed_payment_method_types are available: the Stripe emulator only supports card.', 'allowed_payment_method_types');
    return { paymentMethodTypes: ['card'], allowed };
  }
  if (excluded) {
    if (excluded.includes('card')) throw invalidParam('Excluding card leaves no payment method: the Stripe emulator only supports card.', 'excluded_payment_method_types');
    return { excluded };
  }
  return {};
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** JSON with sorted keys (to compare metadata hashes). */
function canonicalJson(v: Record<string, string>): string {
  return JSON.stringify(Object.keys(v).sort().map((k) => [k, v[k]]));
}

/** A list over records `{ obj, seq }` of one kind, found by id in `byId` (for cursors). */
function listOf<R extends { seq: number; obj: { created: number } }>(records: readonly R[], byId: ReadonlyMap<string, R>, url: string, kind: string): PageQuery<R, R['obj']> {
  return { records, obj: (r) => r.obj, created: (r) => r.obj.created, seqOf: (id) => byId.get(id)?.seq, url, kind };
}

function checkSettleDelay(ms: number): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0) throw new Error('refundSettleDelayMs must be a non-negative number of ms (Infinity: until settled by hand)');
  return ms;
}

const emptyAddress = () => ({ city: null, country: null, line1: null, line2: null, postal_code: null, state: null });

export class StripeStore {
  private seq = 0;
  // Each collection: a Map by id, its records in creation order (for lists), and groups for the
  // list filters Stripe offers (charges by payment_intent, refunds by charge, …).
  private readonly paymentIntents = new Map<string, PaymentIntentRecord>();
  private readonly piOrder = new Ordered<PaymentIntentRecord>();
  private readonly charges = new Map<string, Keyed<Stripe.Charge>>();
  private readonly chargeOrder = new Ordered<Keyed<Stripe.Charge>>();
  private readonly chargesByPi = new Grouped<Keyed<Stripe.Charge>>();
  private readonly refunds = new Map<string, Keyed<Stripe.Refund>>();
  private readonly refundOrder = new Ordered<Keyed<Stripe.Refund>>();
  private readonly refundsByCharge = new Grouped<Keyed<Stripe.Refund>>();
  private readonly refundsByPi = new Grouped<Keyed<Stripe.Refund>>();
  private readonly disputes = new Map<string, Keyed<Stripe.Dispute>>();
  private readonly disputeOrder = new Ordered<Keyed<Stripe.Dispute>>();
  private readonly disputesByCharge = new Grouped<Keyed<Stripe.Dispute>>();
  private readonly disputesByPi = new Grouped<Keyed<Stripe.Dispute>>();
  private readonly balanceTransactions = new Map<string, Keyed<Stripe.BalanceTransaction>>();
  private readonly txnOrder = new Ordered<Keyed<Stripe.BalanceTransaction>>();
  private readonly txnsBySource = new Grouped<Keyed<Stripe.BalanceTransaction>>();
  private readonly paymentMethods = new Map<string, PaymentMethodRecord>();
  private readonly events: EventRecord[] = [];
  private readonly eventsById = new Map<string, Keyed<EventRecord>>();
  private readonly eventOrder = new Ordered<Keyed<EventRecord>>();
  /** Pending refunds waiting to succeed on their own (refundSettleDelayMs). */
  private readonly refundTimers = new Map<string, NodeJS.Timeout>();
  private refundSettleDelayMs: number;
  private readonly disputeFee: number;

  constructor(private readonly opts: StoreOptions) {
    this.refundSettleDelayMs = checkSettleDelay(opts.refundSettleDelayMs ?? 0);
    this.disputeFee = opts.disputeFee ?? 1500;
    if (!Number.isSafeInteger(this.disputeFee) || this.disputeFee < 0) throw new Error('disputeFee must be a non-negative integer (minor currency units)');
  }

  reset(): void {
    this.dispose();
    for (const c of [this.paymentIntents, this.charges, this.refunds, this.disputes, this.balanceTransactions, this.paymentMethods, this.eventsById]) c.clear();
    for (const c of [this.piOrder, this.chargeOrder, this.chargesByPi, this.refundOrder, this.refundsByCharge, this.refundsByPi]) c.clear();
    for (const c of [this.disputeOrder, this.disputesByCharge, this.disputesByPi, this.txnOrder, this.txnsBySource, this.eventOrder]) c.clear();
    this.events.length = 0;
    this.refundSettleDelayMs = checkSettleDelay(this.opts.refundSettleDelayMs ?? 0);
  }

  /** Stop timers (pending refunds settling on their own). */
  dispose(): void {
    for (const t of this.refundTimers.values()) clearTimeout(t);
    this.refundTimers.clear();
  }

  /** Applies to refunds created from now on (see StoreOptions.refundSettleDelayMs). */
  setRefundSettleDelay(ms: number): void {
    this.refundSettleDelayMs = checkSettleDelay(ms);
  }

  getRefundSettleDelay(): number {
    return this.refundSettleDelayMs;
  }

  counts() {
    const tally = <T>(items: Iterable<{ obj: T }>, key: (o: T) => string) => {
      const out: Record<string, number> = {};
      for (const { obj } of items) out[key(obj)] = (out[key(obj)] ?? 0) + 1;
      return out;
    };
    const eventsByType: Record<string, number> = {};
    for (const e of this.events) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
    return {
      payment_intents: this.paymentIntents.size,
      payment_intents_by_status: tally(this.paymentIntents.values(), (pi) => pi.status),
      charges: this.charges.size,
      refunds: this.refunds.size,
      refunds_by_status: tally(this.refunds.values(), (r) => r.status ?? 'unknown'),
      disputes: this.disputes.size,
      disputes_by_status: tally(this.disputes.values(), (d) => d.status),
      balance_transactions: this.balanceTransactions.size,
      payment_methods: this.paymentMethods.size,
      events: this.events.length,
      events_by_type: eventsByType,
    };
  }

  allEvents(): EventRecord[] {
    return this.events;
  }

  getEvent(id: string): EventRecord | undefined {
    return this.eventsById.get(id)?.obj;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private emit(type: string, object: object, ctx: RequestContext, previous?: Record<string, unknown>): EventRecord {
    const event: EventRecord = {
      id: newId('evt'),
      object: 'event',
      api_version: ctx.apiVersion,
      created: nowSeconds(),
      data: previous ? { object: clone(object) as Record<string, unknown>, previous_attributes: previous } : { object: clone(object) as Record<string, unknown> },
      livemode: false,
      pending_webhooks: 0,
      request: { id: ctx.requestId, idempotency_key: ctx.idempotencyKey },
      type,
    };
    const rec = { obj: event, seq: ++this.seq, createdMs: Date.now() };
    this.events.push(event);
    this.eventsById.set(event.id, rec);
    this.eventOrder.add(rec);
    event.pending_webhooks = this.opts.onEvent?.(event) ?? 0;
    return event;
  }

  // ---------------------------------------------------------------------------------------------
  // PaymentMethods (test PaymentMethods only: `pm_card_visa` etc. mint a new `pm_…` per use)

  private resolvePaymentMethod(id: string, param = 'payment_method'): PaymentMethodRecord {
    const existing = this.paymentMethods.get(id);
    if (existing) return existing;
    const card = testCardForPaymentMethod(id);
    if (!card) throw resourceMissing('PaymentMethod', id, param, 400);
    const year = new Date().getUTCFullYear() + 3;
    const pm = {
      id: newId('pm'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'unchecked' },
        country: card.country,
        display_brand: card.brand === 'amex' ? 'american_express' : card.brand,
        exp_month: 12,
        exp_year: year,
        fingerprint: createHash('sha256').update(card.number).digest('base64url').slice(0, 16),
        funding: card.funding,
        generated_from: null,
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        regulated_status: 'unregulated',
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: nowSeconds(),
      customer: null,
      customer_account: null,
      livemode: false,
      metadata: {},
      type: 'card',
    } satisfies Stripe.PaymentMethod;
    const rec = { obj: pm, card, seq: ++this.seq };
    this.paymentMethods.set(pm.id, rec);
    return rec;
  }

  retrievePaymentMethod(id: string): Stripe.PaymentMethod {
    const rec = this.paymentMethods.get(id);
    if (rec) return rec.obj;
    if (testCardForPaymentMethod(id)) return this.resolvePaymentMethod(id).obj;
    throw resourceMissing('PaymentMethod', id, 'payment_method');
  }

  // ---------------------------------------------------------------------------------------------
  // PaymentIntents

  private pi(id: string): PaymentIntentRecord {
    const rec = this.paymentIntents.get(id);
    if (!rec) throw resourceMissing('payment_intent', id, 'intent');
    return rec;
  }

  retrievePaymentIntent(id: string, params: ParamObject): Stripe.PaymentIntent {
    allowOnly(params, ['expand', 'client_secret']);
    return this.pi(id).obj;
  }

  /** The PaymentIntent for the 3DS page (no API key: the page is the issuer's). */
  paymentIntentForChallenge(id: string): { pi: Stripe.PaymentIntent; attempt: string | null; returnUrl: string | null } | undefined {
    const rec = this.paymentIntents.get(id);
    return rec && { pi: rec.obj, attempt: rec.threeDsAttempt, returnUrl: rec.returnUrl };
  }

  private stateError(rec: PaymentIntentRecord, message: string, param?: string): ApiError {
    return invalidRequest(message, { code: 'payment_intent_unexpected_state', param, extra: { payment_intent: clone(rec.obj) } });
  }

  createPaymentIntent(params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, PI_CREATE_PARAMS);
    const amount = reqInt(params, 'amount', { min: 1 });
    const currency = optCurrency(params);
    if (!currency) throw invalidParam('Missing required param: currency.', 'currency', 'parameter_missing');
    const min = MIN_AMOUNTS[currency];
    if (min !== undefined && amount < min) {
      throw invalidParam(`Amount must be at least ${formatAmount(min, currency)} ${currency}`, 'amount', 'amount_too_small');
    }
    if (amount > 99999999) throw invalidParam(`Amount must be no more than ${formatAmount(99999999, currency)}`, 'amount', 'amount_too_large');
    const captureMethod = optEnum(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? 'automatic_async';
    const confirm = optBool(params, 'confirm') ?? false;
    const apm = optObject(params, 'automatic_payment_methods');
    const types = readTypeSelection(params, ctx.apiVersion, apm !== undefined);
    const allowRedirects = apm ? optEnum(apm, 'allow_redirects', ['always', 'never'] as const) ?? 'always' : 'always';
    // Dynamic payment methods are the default unless the request lists the types itself.
    const apmEnabled = apm ? optBool(apm, 'enabled') ?? false : !types.paymentMethodTypes;
    const returnUrl = optString(params, 'return_url');
    if (returnUrl !== undefined && !confirm) throw invalidParam('You can only pass in return_url if confirm is set to true.', 'return_url');
    if (returnUrl !== undefined) validateUrl(returnUrl, 'return_url');
    const pmId = optString(params, 'payment_method');
    const description = optNullableString(params, 'description') ?? null;
    const receiptEmail = optNullableString(params, 'receipt_email') ?? null;
    const customer = optNullableString(params, 'customer') ?? null;
    const metadata = applyMetadata({}, params.metadata);
    const offSession = parseOffSession(params.off_session);
    const errorOnRequiresAction = optBool(params, 'error_on_requires_action') ?? false;
    if (confirm && !pmId) {
      throw invalidParam("You cannot confirm this PaymentIntent because it's missing a payment method. Pass payment_method along with confirm=true.", 'payment_method', 'payment_intent_unexpected_state');
    }
    if (confirm && apmEnabled && allowRedirects !== 'never' && !returnUrl && !offSession) throw returnUrlRequired();
    const pm = pmId ? this.resolvePaymentMethod(pmId) : undefined;

    const id = newId('pi');
    const pi: Stripe.PaymentIntent = {
      id,
      object: 'payment_intent',
      allowed_payment_method_types: (types.allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[] | undefined) ?? null,
      amount,
      amount_capturable: 0,
      amount_details: { tip: {} },
      amount_received: 0,
      application: null,
      application_fee_amount: null,
      automatic_payment_methods: apmEnabled ? { allow_redirects: allowRedirects, enabled: true } : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${randomToken(25)}`,
      confirmation_method: 'automatic',
      created: nowSeconds(),
      currency,
      customer,
      customer_account: null,
      description,
      excluded_payment_method_types: (types.excluded as Stripe.PaymentIntent.ExcludedPaymentMethodType[] | undefined) ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      managed_payments: null,
      metadata,
      next_action: null,
      on_behalf_of: null,
      payment_method: pm ? pm.obj.id : null,
      payment_method_configuration_details: apmEnabled ? { id: 'pmc_emulator_default', parent: null } : null,
      payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
      payment_method_types: types.paymentMethodTypes ?? ['card'],
      payment_record: null,
      processing: null,
      receipt_email: receiptEmail,
      review: null,
      setup_future_usage: null,
      shipping: null,
      source: null,
      statement_descriptor: optNullableString(params, 'statement_descriptor') ?? null,
      statement_descriptor_suffix: optNullableString(params, 'statement_descriptor_suffix') ?? null,
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
      transfer_data: null,
      transfer_group: optNullableString(params, 'transfer_group') ?? null,
    };
    const rec: PaymentIntentRecord = {
      obj: pi,
      seq: ++this.seq,
      createdMs: Date.now(),
      returnUrl: returnUrl ?? null,
      threeDsAttempt: null,
      apiVersion: ctx.apiVersion,
    };
    this.paymentIntents.set(id, rec);
    this.piOrder.add(rec);
    this.emit('payment_intent.created', pi, ctx);
    if (confirm && pm) this.runConfirm(rec, pm, ctx, { offSession, errorOnRequiresAction });
    return pi;
  }

  updatePaymentIntent(id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, PI_UPDATE_PARAMS);
    const rec = this.pi(id);
    const pi = rec.obj;
    const amount = optInt(params, 'amount', { min: 1 });
    const currency = optCurrency(params);
    const captureMethod = optEnum(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const);
    const pmId = optString(params, 'payment_method');
    const types = readTypeSelection(params, ctx.apiVersion, false);
    const guarded: [string, unknown][] = [['amount', amount], ['currency', currency], ['capture_method', captureMethod], ['payment_method', pmId], ['payment_method_types', types.paymentMethodTypes ?? types.excluded]];
    for (const [field, value] of guarded) {
      if (value !== undefined && !PI_UPDATABLE.includes(pi.status)) {
        throw this.stateError(rec, `This PaymentIntent's ${field} could not be updated because it has a status of ${pi.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${PI_UPDATABLE.join(', ')}.`, field);
      }
    }
    const pm = pmId ? this.resolvePaymentMethod(pmId) : undefined;
    const metadata = applyMetadata(pi.metadata, params.metadata);
    const description = optNullableString(params, 'description');
    const receiptEmail = optNullableString(params, 'receipt_email');
    const customer = optNullableString(params, 'customer');
    const finalCurrency = currency ?? pi.currency;
    const finalAmount = amount ?? pi.amount;
    const min = MIN_AMOUNTS[finalCurrency];
    if (min !== undefined && finalAmount < min) throw invalidParam(`Amount must be at least ${formatAmount(min, finalCurrency)} ${finalCurrency}`, 'amount', 'amount_too_small');

    pi.metadata = metadata;
    if (description !== undefined) pi.description = description;
    if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
    if (customer !== undefined) pi.customer = customer;
    if (captureMethod) pi.capture_method = captureMethod;
    this.applyTypes(pi, types);
    const sd = optNullableString(params, 'statement_descriptor');
    if (sd !== undefined) pi.statement_descriptor = sd;
    const sds = optNullableString(params, 'statement_descriptor_suffix');
    if (sds !== undefined) pi.statement_descriptor_suffix = sds;
    const tg = optNullableString(params, 'transfer_group');
    if (tg !== undefined) pi.transfer_group = tg;
    const changedMoney = (amount !== undefined && amount !== pi.amount) || (currency !== undefined && currency !== pi.currency);
    if (amount !== undefined) pi.amount = amount;
    if (currency !== undefined) pi.currency = currency;
    if (pm) {
      pi.payment_method = pm.obj.id;
      pi.status = 'requires_confirmation';
      pi.next_action = null;
      rec.threeDsAttempt = null;
    } else if (changedMoney && pi.status === 'requires_action') {
      // A pending challenge was for the old amount: the shopper must confirm again.
      pi.status = 'requires_confirmation';
      pi.next_action = null;
      rec.threeDsAttempt = null;
    }
    return pi;
  }

  confirmPaymentIntent(id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, PI_CONFIRM_PARAMS);
    const rec = this.pi(id);
    const pi = rec.obj;
    if (!PI_CONFIRMABLE.includes(pi.status)) {
      throw this.stateError(rec, `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${PI_CONFIRMABLE.join(', ')}.`);
    }
    const pmId = optString(params, 'payment_method') ?? pi.payment_method;
    const returnUrl = optString(params, 'return_url');
    if (returnUrl !== undefined) validateUrl(returnUrl, 'return_url');
    const offSession = parseOffSession(params.off_session);
    const errorOnRequiresAction = optBool(params, 'error_on_requires_action') ?? false;
    const captureMethod = optEnum(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const);
    const receiptEmail = optNullableString(params, 'receipt_email');
    const types = readTypeSelection(params, ctx.apiVersion, false);
    if (typeof pmId !== 'string' || !pmId) {
      throw this.stateError(
        rec,
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        'payment_method',
      );
    }
    const effectiveReturnUrl = returnUrl ?? rec.returnUrl;
    const apm = types.paymentMethodTypes ? null : pi.automatic_payment_methods;
    if (apm?.enabled && apm.allow_redirects !== 'never' && !effectiveReturnUrl && !offSession) throw returnUrlRequired();
    const pm = this.resolvePaymentMethod(pmId);
    this.applyTypes(pi, types);
    if (returnUrl !== undefined) rec.returnUrl = returnUrl;
    if (captureMethod) pi.capture_method = captureMethod;
    if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
    this.runConfirm(rec, pm, ctx, { offSession, errorOnRequiresAction });
    return pi;
  }

  private applyTypes(pi: Stripe.PaymentIntent, types: TypeSelection): void {
    if (types.paymentMethodTypes) {
      pi.payment_method_types = types.paymentMethodTypes;
      pi.allowed_payment_method_types = (types.allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[] | undefined) ?? null;
      pi.excluded_payment_method_types = null;
      pi.automatic_payment_methods = null;
      pi.payment_method_configuration_details = null;
    } else if (types.excluded) {
      pi.excluded_payment_method_types = types.excluded as Stripe.PaymentIntent.ExcludedPaymentMethodType[];
    }
  }

  private runConfirm(rec: PaymentIntentRecord, pm: PaymentMethodRecord, ctx: RequestContext, o: { offSession: boolean; errorOnRequiresAction: boolean }): void {
    const pi = rec.obj;
    pi.payment_method = pm.obj.id;
    pi.last_payment_error = null;
    pi.next_action = null;
    rec.threeDsAttempt = null;
    const outcome = pm.card.outcome;
    if (outcome.kind === 'succeed') {
      this.authorize(rec, pm, ctx, false);
      return;
    }
    if (outcome.kind === 'decline') {
      this.decline(rec, pm, outcome, ctx);
      return;
    }
    if (o.offSession || o.errorOnRequiresAction) {
      this.decline(rec, pm, { kind: 'decline', code: 'authentication_required', declineCode: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' }, ctx);
      return;
    }
    // 3D Secure challenge.
    const attempt = randomToken(16);
    rec.threeDsAttempt = attempt;
    const url = `${this.opts.publicUrl()}/_emulator/3ds/${pi.id}?attempt=${attempt}`;
    pi.status = 'requires_action';
    pi.next_action = rec.returnUrl
      ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: rec.returnUrl } }
      : ({ type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: newId('src') } } as unknown as Stripe.PaymentIntent.NextAction);
    this.emit('payment_intent.requires_action', pi, ctx);
  }

  private newCharge(rec: PaymentIntentRecord, pm: PaymentMethodRecord, status: 'succeeded' | 'failed', extra: { capture: boolean; threeDs: boolean; failure?: { code: string; declineCode: string; message: string } }): Keyed<Stripe.Charge> {
    const pi = rec.obj;
    const id = newId('ch');
    const created = nowSeconds();
    const card = pm.card;
    const manual = pi.capture_method === 'manual';
    const succeeded = status === 'succeeded';
    const charge: Stripe.Charge = {
      id,
      object: 'charge',
      amount: pi.amount,
      amount_captured: succeeded && extra.capture ? pi.amount : 0,
      amount_refunded: 0,
      application: null,
      application_fee: null,
      application_fee_amount: null,
      balance_transaction: null,
      billing_details: { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
      calculated_statement_descriptor: 'DOTSHOP* EMULATOR',
      captured: succeeded && extra.capture,
      created,
      currency: pi.currency,
      customer: typeof pi.customer === 'string' ? pi.customer : null,
      description: pi.description,
      disputed: false,
      failure_balance_transaction: null,
      failure_code: extra.failure?.code ?? null,
      failure_message: extra.failure?.message ?? null,
      fraud_details: {},
      livemode: false,
      metadata: { ...pi.metadata },
      on_behalf_of: null,
      outcome: succeeded
        ? { advice_code: null, network_advice_code: null, network_decline_code: null, network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized' }
        : {
            advice_code: extra.failure?.declineCode === 'insufficient_funds' ? 'try_again_later' : 'do_not_try_again',
            network_advice_code: null,
            network_decline_code: null,
            network_status: 'declined_by_network',
            reason: extra.failure?.declineCode ?? null,
            risk_level: 'normal',
            risk_score: 20,
            seller_message: 'The bank did not return any further details with this decline.',
            type: 'issuer_declined',
          },
      paid: succeeded,
      payment_intent: pi.id,
      payment_method: pm.obj.id,
      payment_method_details: {
        card: {
          amount_authorized: succeeded ? pi.amount : null,
          authorization_code: succeeded ? String(100000 + Math.floor(Math.random() * 899999)) : null,
          brand: card.brand,
          ...(succeeded && manual ? { capture_before: created + 7 * 24 * 3600 } : {}),
          checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
          country: card.country,
          electronic_commerce_indicator: null,
          exp_month: pm.obj.card?.exp_month ?? 12,
          exp_year: pm.obj.card?.exp_year ?? 2030,
          extended_authorization: { status: 'disabled' },
          fingerprint: pm.obj.card?.fingerprint ?? null,
          funding: card.funding,
          incremental_authorization: { status: 'unavailable' },
          installments: null,
          last4: card.last4,
          mandate: null,
          multicapture: { status: 'unavailable' },
          network: card.brand,
          network_token: { used: false },
          network_transaction_id: succeeded ? randomToken(15) : null,
          overcapture: { maximum_amount_capturable: pi.amount, status: 'unavailable' },
          regulated_status: 'unregulated',
          three_d_secure: extra.threeDs
            ? { authentication_flow: 'challenge', electronic_commerce_indicator: '05', exemption_indicator: null, result: 'authenticated', result_reason: null, transaction_id: randomUUID(), version: '2.2.0' }
            : null,
          transaction_link_id: null,
          wallet: null,
        },
        type: 'card',
      },
      receipt_email: pi.receipt_email,
      receipt_number: null,
      receipt_url: null,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, url: `/v1/charges/${id}/refunds` },
      review: null,
      shipping: null,
      source: null,
      source_transfer: null,
      statement_descriptor: pi.statement_descriptor,
      statement_descriptor_suffix: pi.statement_descriptor_suffix,
      status,
      transfer_data: null,
      transfer_group: pi.transfer_group,
    };
    if (succeeded && extra.capture) charge.balance_transaction = this.chargeBalanceTransaction(charge);
    const keyed = { obj: charge, seq: ++this.seq, createdMs: Date.now() };
    this.charges.set(id, keyed);
    this.chargeOrder.add(keyed);
    this.chargesByPi.add(pi.id, keyed);
    pi.latest_charge = id;
    return keyed;
  }

  private authorize(rec: PaymentIntentRecord, pm: PaymentMethodRecord, ctx: RequestContext, threeDs: boolean): void {
    const pi = rec.obj;
    const manual = pi.capture_method === 'manual';
    const charge = this.newCharge(rec, pm, 'succeeded', { capture: !manual, threeDs });
    pi.next_action = null;
    pi.last_payment_error = null;
    rec.threeDsAttempt = null;
    if (manual) {
      pi.status = 'requires_capture';
      pi.amount_capturable = pi.amount;
      this.emit('charge.succeeded', charge.obj, ctx);
      this.emit('payment_intent.amount_capturable_updated', pi, ctx);
    } else {
      pi.status = 'succeeded';
      pi.amount_received = pi.amount;
      this.emit('charge.succeeded', charge.obj, ctx);
      this.emit('payment_intent.succeeded', pi, ctx);
    }
  }

  private decline(rec: PaymentIntentRecord, pm: PaymentMethodRecord, outcome: Extract<TestCardOutcome, { kind: 'decline' }>, ctx: RequestContext): never {
    const pi = rec.obj;
    const failure = { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message };
    const charge = this.newCharge(rec, pm, 'failed', { capture: false, threeDs: false, failure });
    const adviceCode = charge.obj.outcome?.advice_code ?? undefined;
    pi.status = 'requires_payment_method';
    pi.payment_method = null;
    pi.next_action = null;
    rec.threeDsAttempt = null;
    pi.last_payment_error = {
      ...(adviceCode ? { advice_code: adviceCode } : {}),
      charge: charge.obj.id,
      code: outcome.code,
      decline_code: outcome.declineCode,
      doc_url: `https://docs.stripe.com/error-codes/${outcome.code.replace(/_/g, '-')}`,
      message: outcome.message,
      payment_method: clone(pm.obj),
      type: 'card_error',
    };
    this.emit('charge.failed', charge.obj, ctx);
    this.emit('payment_intent.payment_failed', pi, ctx);
    throw new ApiError({
      status: 402,
      type: 'card_error',
      code: outcome.code,
      declineCode: outcome.declineCode,
      message: outcome.message,
      extra: {
        ...(adviceCode ? { advice_code: adviceCode } : {}),
        charge: charge.obj.id,
        payment_intent: clone(pi),
        payment_method: clone(pm.obj),
      },
    });
  }

  /**
   * The issuer's answer to a 3DS challenge (from the emulator's test page). Returns the
   * PaymentIntent's status afterwards; a stale or repeated answer changes nothing.
   */
  completeThreeDSecure(id: string, attempt: string | null, approve: boolean): Stripe.PaymentIntent | undefined {
    const rec = this.paymentIntents.get(id);
    if (!rec) return undefined;
    const pi = rec.obj;
    if (pi.status !== 'requires_action' || !rec.threeDsAttempt || (attempt !== null && attempt !== rec.threeDsAttempt)) return pi;
    const ctx: RequestContext = { requestId: null, idempotencyKey: null, apiVersion: rec.apiVersion };
    const pmId = pi.payment_method;
    const pm = typeof pmId === 'string' ? this.paymentMethods.get(pmId) : undefined;
    if (!pm) return pi;
    if (approve) {
      this.authorize(rec, pm, ctx, true);
    } else {
      pi.status = 'requires_payment_method';
      pi.payment_method = null;
      pi.next_action = null;
      rec.threeDsAttempt = null;
      pi.last_payment_error = {
        code: 'payment_intent_authentication_failure',
        doc_url: 'https://docs.stripe.com/error-codes/payment-intent-authentication-failure',
        message: 'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        payment_method: clone(pm.obj),
        type: 'invalid_request_error',
      };
      this.emit('payment_intent.payment_failed', pi, ctx);
    }
    return pi;
  }

  capturePaymentIntent(id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, PI_CAPTURE_PARAMS);
    const rec = this.pi(id);
    const pi = rec.obj;
    const amountToCapture = optInt(params, 'amount_to_capture', { min: 1 });
    const metadata = applyMetadata(pi.metadata, params.metadata);
    if (pi.status !== 'requires_capture') {
      throw this.stateError(rec, `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`);
    }
    const amount = amountToCapture ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) {
      throw invalidRequest(`The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${pi.amount_capturable}).`, {
        code: 'amount_too_large',
        param: 'amount_to_capture',
        extra: { payment_intent: clone(pi) },
      });
    }
    const chargeRec = this.charges.get(pi.latest_charge as string);
    if (!chargeRec) throw new ApiError({ status: 500, type: 'api_error', message: 'Emulator invariant: requires_capture PaymentIntent without a charge' });
    const charge = chargeRec.obj;
    const previous = { amount_captured: charge.amount_captured, amount_refunded: charge.amount_refunded, captured: charge.captured, balance_transaction: charge.balance_transaction };
    charge.captured = true;
    charge.amount_captured = amount;
    // Stripe releases the uncaptured remainder of a partial capture as a refund of the charge.
    charge.amount_refunded = charge.amount - amount;
    charge.balance_transaction = this.chargeBalanceTransaction(charge);
    pi.metadata = metadata;
    pi.amount_received = amount;
    pi.amount_capturable = 0;
    pi.status = 'succeeded';
    this.emit('charge.captured', charge, ctx, previous);
    this.emit('payment_intent.succeeded', pi, ctx);
    return pi;
  }

  cancelPaymentIntent(id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
    allowOnly(params, PI_CANCEL_PARAMS);
    const rec = this.pi(id);
    const reason = optEnum(params, 'cancellation_reason', CANCELLATION_REASONS);
    return this.cancel(rec, reason ?? null, ctx, false);
  }

  private cancel(rec: PaymentIntentRecord, reason: Stripe.PaymentIntent.CancellationReason | null, ctx: RequestContext, expired: boolean): Stripe.PaymentIntent {
    const pi = rec.obj;
    if (!PI_CANCELABLE.includes(pi.status)) {
      throw this.stateError(rec, `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${PI_CANCELABLE.join(', ')}.`);
    }
    const wasAuthorized = pi.status === 'requires_capture';
    pi.status = 'canceled';
    pi.canceled_at = nowSeconds();
    pi.cancellation_reason = reason;
    pi.next_action = null;
    rec.threeDsAttempt = null;
    if (wasAuthorized) {
      pi.amount_capturable = 0;
      const chargeRec = this.charges.get(pi.latest_charge as string);
      if (chargeRec) {
        // The authorization is released: the uncaptured charge shows as fully refunded.
        const charge = chargeRec.obj;
        const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
        charge.amount_refunded = charge.amount;
        charge.refunded = true;
        this.emit(expired ? 'charge.expired' : 'charge.refunded', charge, ctx, previous);
      }
    }
    this.emit('payment_intent.canceled', pi, ctx);
    return pi;
  }

  /** Emulate the 7-day authorization window running out on an uncaptured PaymentIntent. */
  expireAuthorization(id: string): Stripe.PaymentIntent {
    const rec = this.pi(id);
    if (rec.obj.status !== 'requires_capture') {
      throw this.stateError(rec, `Only a PaymentIntent with status requires_capture has an authorization to expire (status is ${rec.obj.status}).`);
    }
    return this.cancel(rec, 'automatic', { requestId: null, idempotencyKey: null, apiVersion: rec.apiVersion }, true);
  }

  listPaymentIntents(params: ParamObject): ListEnvelope<Stripe.PaymentIntent> {
    allowOnly(params, [...LIST_PARAMS, 'customer']);
    const customer = optString(params, 'customer');
    return listPage(params, {
      ...listOf(this.piOrder.items, this.paymentIntents, '/v1/payment_intents', 'payment_intent'),
      keep: customer === undefined ? undefined : (r) => r.obj.customer === customer,
    });
  }

  searchPaymentIntents(params: ParamObject): SearchEnvelope<Stripe.PaymentIntent> {
    allowOnly(params, ['query', 'limit', 'page', 'expand']);
    const pred = compileSearch(reqString(params, 'query'), 'payment_intents', PI_SEARCH_FIELDS);
    const visibleBefore = Date.now() - (this.opts.searchLagMs ?? 0);
    const items = [...this.paymentIntents.values()]
      .filter((r) => r.createdMs <= visibleBefore && pred(r.obj as unknown as Record<string, unknown>))
      .reverse() // Maps iterate in insertion (creation) order; results are newest first.
      .map((r) => r.obj);
    return searchPage(items, params, '/v1/payment_intents/search');
  }

  // ---------------------------------------------------------------------------------------------
  // Charges

  private charge(id: string, param = 'id'): Keyed<Stripe.Charge> {
    const rec = this.charges.get(id);
    if (!rec) throw resourceMissing('charge', id, param);
    return rec;
  }

  retrieveCharge(id: string, params: ParamObject): Stripe.Charge {
    allowOnly(params, ['expand']);
    return this.charge(id).obj;
  }

  listCharges(params: ParamObject): ListEnvelope<Stripe.Charge> {
    allowOnly(params, [...LIST_PARAMS, 'customer', 'payment_intent', 'transfer_group']);
    const piId = optString(params, 'payment_intent');
    const customer = optString(params, 'customer');
    const transferGroup = optString(params, 'transfer_group');
    return listPage(params, {
      ...listOf(piId === undefined ? this.chargeOrder.items : this.chargesByPi.get(piId), this.charges, '/v1/charges', 'charge'),
      keep: (r) => (customer === undefined || r.obj.customer === customer) && (transferGroup === undefined || r.obj.transfer_group === transferGroup),
    });
  }

  searchCharges(params: ParamObject): SearchEnvelope<Stripe.Charge> {
    allowOnly(params, ['query', 'limit', 'page', 'expand']);
    const pred = compileSearch(reqString(params, 'query'), 'charges', CHARGE_SEARCH_FIELDS);
    const visibleBefore = Date.now() - (this.opts.searchLagMs ?? 0);
    const items = [...this.charges.values()]
      .filter((r) => r.createdMs <= visibleBefore && pred(r.obj as unknown as Record<string, unknown>))
      .reverse()
      .map((r) => r.obj);
    return searchPage(items, params, '/v1/charges/search');
  }

  // ---------------------------------------------------------------------------------------------
  // Refunds

  createRefund(params: ParamObject, ctx: RequestContext): Stripe.Refund {
    allowOnly(params, REFUND_CREATE_PARAMS);
    const piId = optString(params, 'payment_intent');
    const chargeId = optString(params, 'charge');
    const amountParam = optInt(params, 'amount', { min: 1 });
    const reason = optEnum(params, 'reason', REFUND_REASONS);
    const metadata = applyMetadata({}, params.metadata);
    if (!piId && !chargeId) throw invalidParam('One of the following params should be provided for this request: payment_intent or charge.', 'charge', 'parameter_missing');
    let charge: Stripe.Charge;
    if (piId) {
      const rec = this.pi(piId);
      const pi = rec.obj;
      if (pi.status === 'requires_capture') {
        throw invalidRequest(`This PaymentIntent (${pi.id}) has not been captured yet. Cancel the PaymentIntent to release the authorization instead of refunding it.`, {
          code: 'charge_not_refundable',
          param: 'payment_intent',
        });
      }
      const latest = typeof pi.latest_charge === 'string' ? this.charges.get(pi.latest_charge) : undefined;
      if (!latest || latest.obj.status !== 'succeeded') {
        throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable', param: 'payment_intent' });
      }
      charge = latest.obj;
      if (chargeId && chargeId !== charge.id) throw invalidParam(`The charge ${chargeId} does not belong to PaymentIntent ${pi.id}.`, 'charge');
    } else {
      charge = this.charge(chargeId as string, 'charge').obj;
      if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded and cannot be refunded.`, { code: 'charge_not_refundable', param: 'charge' });
    }
    if (!charge.captured && !charge.refunded) {
      throw invalidRequest(`Charge ${charge.id} has not been captured yet. Cancel its PaymentIntent to release the authorization instead of refunding it.`, { code: 'charge_not_refundable', param: 'charge' });
    }
    const dispute = this.disputeOf(charge.id);
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
      status: this.refundSettleDelayMs > 0 ? 'pending' : 'succeeded',
      transfer_reversal: null,
    };
    // The balance is debited when the refund is created, pending or not.
    refund.balance_transaction = this.addBalanceTransaction({
      kind: 'refund',
      amount: -amount,
      currency: charge.currency,
      source: refund.id,
      description: `REFUND FOR CHARGE (${charge.description ?? charge.id})`,
    }).id;
    const rec = { obj: refund, seq: ++this.seq, createdMs: Date.now() };
    this.refunds.set(refund.id, rec);
    this.refundOrder.add(rec);
    this.refundsByCharge.add(charge.id, rec);
    this.refundsByPi.add(refund.payment_intent as string | null, rec);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded >= charge.amount;
    if (charge.refunds) charge.refunds.data.unshift(refund);
    this.emit('refund.created', refund, ctx);
    this.emit('charge.refunded', charge, ctx, previous);
    if (refund.status === 'pending') this.scheduleRefundSettlement(refund);
    return refund;
  }

  private scheduleRefundSettlement(refund: Stripe.Refund): void {
    const delay = this.refundSettleDelayMs;
    if (!Number.isFinite(delay)) return; // stays pending until settleRefund
    const timer = setTimeout(
      () => {
        this.refundTimers.delete(refund.id);
        if (this.refunds.get(refund.id)?.obj === refund && refund.status === 'pending') this.settleRefund(refund.id, 'succeeded');
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
    this.refundTimers.set(refund.id, timer);
  }

  private clearRefundTimer(id: string): void {
    const timer = this.refundTimers.get(id);
    if (timer) clearTimeout(timer);
    this.refundTimers.delete(id);
  }

  /**
   * The outcome of a refund at the card network (control API): a `pending` refund `succeeded`, or a
   * pending or succeeded refund `failed` — its amount returns to the balance (a `refund_failure`
   * balance transaction) and no longer counts in the charge's `amount_refunded`.
   * Emits `refund.updated` and `charge.refund.updated` (and `refund.failed`).
   */
  settleRefund(id: string, outcome: 'succeeded' | 'failed', failureReason = 'unknown'): Stripe.Refund {
    const rec = this.refund(id);
    const refund = rec.obj;
    const ctx = this.controlContext(refund.payment_intent);
    if (outcome === 'succeeded') {
      if (refund.status !== 'pending') throw invalidRequest(`Refund ${id} has status ${refund.status}; only a pending refund can succeed.`, { param: 'status' });
      this.clearRefundTimer(id);
      const previous = { status: refund.status };
      refund.status = 'succeeded';
      this.emit('refund.updated', refund, ctx, previous);
      this.emit('charge.refund.updated', refund, ctx, previous);
      return refund;
    }
    if (!(REFUND_FAILURE_REASONS as readonly string[]).includes(failureReason)) {
      throw invalidParam(`Invalid failure_reason: must be one of ${REFUND_FAILURE_REASONS.join(', ')}`, 'failure_reason', 'parameter_invalid_string_enum');
    }
    if (refund.status !== 'pending' && refund.status !== 'succeeded') {
      throw invalidRequest(`Refund ${id} has status ${refund.status}; only a pending or succeeded refund can fail.`, { param: 'status' });
    }
    this.failRefund(rec, failureReason, ctx);
    return refund;
  }

  private failRefund(rec: Keyed<Stripe.Refund>, failureReason: string, ctx: RequestContext): void {
    const refund = rec.obj;
    this.clearRefundTimer(refund.id);
    const previous = { status: refund.status, failure_balance_transaction: null, failure_reason: null };
    refund.status = 'failed';
    refund.failure_reason = failureReason;
    refund.failure_balance_transaction = this.addBalanceTransaction({
      kind: 'refund_failure',
      amount: refund.amount,
      currency: refund.currency,
      source: refund.id,
      description: `REFUND FAILURE FOR ${refund.id}`,
    }).id;
    const charge = this.charges.get(refund.charge as string)?.obj;
    if (charge) {
      charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
      charge.refunded = charge.amount_refunded >= charge.amount;
    }
    this.emit('refund.updated', refund, ctx, previous);
    this.emit('charge.refund.updated', refund, ctx, previous);
    this.emit('refund.failed', refund, ctx);
  }

  private refund(id: string): Keyed<Stripe.Refund> {
    const rec = this.refunds.get(id);
    if (!rec) throw resourceMissing('refund', id, 'refund');
    return rec;
  }

  retrieveRefund(id: string, params: ParamObject): Stripe.Refund {
    allowOnly(params, ['expand']);
    return this.refund(id).obj;
  }

  updateRefund(id: string, params: ParamObject, ctx: RequestContext): Stripe.Refund {
    allowOnly(params, ['expand', 'metadata']);
    const refund = this.refund(id).obj;
    const previous = { metadata: { ...refund.metadata } };
    refund.metadata = applyMetadata(refund.metadata ?? {}, params.metadata);
    this.emit('refund.updated', refund, ctx, previous);
    return refund;
  }

  listRefunds(params: ParamObject): ListEnvelope<Stripe.Refund> {
    allowOnly(params, [...LIST_PARAMS, 'charge', 'payment_intent']);
    const piId = optString(params, 'payment_intent');
    const chargeId = optString(params, 'charge');
    const records = chargeId !== undefined ? this.refundsByCharge.get(chargeId) : piId !== undefined ? this.refundsByPi.get(piId) : this.refundOrder.items;
    return listPage(params, {
      ...listOf(records, this.refunds, '/v1/refunds', 'refund'),
      keep: chargeId !== undefined && piId !== undefined ? (r) => r.obj.payment_intent === piId : undefined,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Disputes (created by the control API / `emulator.createDispute`: the cardholder's bank files them)

  private dispute(id: string): Keyed<Stripe.Dispute> {
    const rec = this.disputes.get(id);
    if (!rec) throw resourceMissing('dispute', id, 'dispute');
    return rec;
  }

  /** The charge's dispute, if any (a charge is disputed at most once). */
  private disputeOf(chargeId: string): Stripe.Dispute | undefined {
    const list = this.disputesByCharge.get(chargeId);
    return list[list.length - 1]?.obj;
  }

  /** Events caused by the emulator itself (control API, timers): no request, the PaymentIntent's API version. */
  private controlContext(pi: string | Stripe.PaymentIntent | null): RequestContext {
    const id = typeof pi === 'string' ? pi : pi?.id;
    return { requestId: null, idempotencyKey: null, apiVersion: (id && this.paymentIntents.get(id)?.apiVersion) || DEFAULT_API_VERSION };
  }

  /** The captured charge a dispute is filed against (404 unknown, 400 not captured / already disputed). */
  private disputableCharge(input: DisputeInput): Stripe.Charge {
    let charge: Stripe.Charge;
    if (input.payment_intent) {
      const pi = this.paymentIntents.get(input.payment_intent)?.obj;
      if (!pi) throw resourceMissing('payment_intent', input.payment_intent, 'payment_intent');
      if (pi.status === 'requires_capture') {
        throw invalidRequest(`This PaymentIntent (${pi.id}) has not been captured: an uncaptured authorization cannot be disputed.`, { param: 'payment_intent' });
      }
      const latest = typeof pi.latest_charge === 'string' ? this.charges.get(pi.latest_charge)?.obj : undefined;
      if (!latest || latest.status !== 'succeeded') throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to dispute.`, { param: 'payment_intent' });
      if (input.charge && input.charge !== latest.id) throw invalidParam(`The charge ${input.charge} does not belong to PaymentIntent ${pi.id}.`, 'charge');
      charge = latest;
    } else if (input.charge) {
      charge = this.charge(input.charge, 'charge').obj;
    } else {
      throw invalidParam('One of the following params should be provided for this request: payment_intent or charge.', 'charge', 'parameter_missing');
    }
    if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} has not succeeded: there is nothing to dispute.`, { param: 'charge' });
    if (!charge.captured) throw invalidRequest(`Charge ${charge.id} has not been captured: an uncaptured authorization cannot be disputed.`, { param: 'charge' });
    const existing = this.disputeOf(charge.id);
    if (existing) throw invalidRequest(`Charge ${charge.id} has already been disputed (${existing.id}).`, { param: 'charge' });
    return charge;
  }

  /**
   * The cardholder's bank files a chargeback: the disputed amount and the dispute fee leave the
   * balance at once (`funds_withdrawn`), pending refunds of the charge fail
   * (`charge_for_pending_refund_disputed`), and the merchant has until `evidence_details.due_by`
   * to respond.
   */
  createDispute(input: DisputeInput): Stripe.Dispute {
    const reason = input.reason ?? 'fraudulent';
    if (!(DISPUTE_REASONS as readonly string[]).includes(reason)) {
      throw invalidParam(`Invalid reason: must be one of ${DISPUTE_REASONS.join(', ')}`, 'reason', 'parameter_invalid_string_enum');
    }
    const days = input.evidence_due_in_days ?? DEFAULT_EVIDENCE_DUE_IN_DAYS;
    if (!Number.isSafeInteger(days) || days < 0 || days > 120) throw invalidParam('evidence_due_in_days must be an integer from 0 to 120.', 'evidence_due_in_days');
    if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount < 1)) {
      throw invalidParam('amount must be a positive integer (in the smallest currency unit).', 'amount', 'parameter_invalid_integer');
    }
    const charge = this.disputableCharge(input);
    const pendingRefunds = this.refundsByCharge.get(charge.id).filter((r) => r.obj.status === 'pending');
    const disputable = charge.amount - charge.amount_refunded + pendingRefunds.reduce((n, r) => n + r.obj.amount, 0);
    if (disputable <= 0) throw invalidRequest(`Charge ${charge.id} has been fully refunded: there is nothing left to dispute.`, { param: 'charge' });
    const amount = input.amount ?? disputable;
    if (amount > disputable) throw invalidParam(`amount (${amount}) is greater than what is left of charge ${charge.id} after refunds (${disputable}).`, 'amount');

    const ctx = this.controlContext(charge.payment_intent);
    for (const r of pendingRefunds) this.failRefund(r, 'charge_for_pending_refund_disputed', ctx);
    const dispute = buildDispute({ charge, amount, reason: reason as DisputeReason, dueInDays: days });
    dispute.balance_transactions.push(
      this.addBalanceTransaction({
        kind: 'dispute',
        amount: -amount,
        currency: charge.currency,
        source: dispute.id,
        description: `Chargeback withdrawal for ${charge.id}`,
        fee: { amount: this.disputeFee, description: 'Dispute fee' },
      }),
    );
    const rec = { obj: dispute, seq: ++this.seq, createdMs: Date.now() };
    this.disputes.set(dispute.id, rec);
    this.disputeOrder.add(rec);
    this.disputesByCharge.add(charge.id, rec);
    this.disputesByPi.add(dispute.payment_intent as string | null, rec);
    charge.disputed = true;
    this.emit('charge.dispute.created', dispute, ctx);
    this.emit('charge.dispute.funds_withdrawn', dispute, ctx);
    return dispute;
  }

  retrieveDispute(id: string, params: ParamObject): Stripe.Dispute {
    allowOnly(params, ['expand']);
    return this.dispute(id).obj;
  }

  /**
   * `POST /v1/disputes/:id`: stage or submit evidence, set metadata. As on Stripe, `submit`
   * defaults to true when evidence is sent (submitting moves `needs_response` → `under_review`);
   * a metadata-only update submits nothing. Evidence is frozen once submitted or closed.
   */
  updateDispute(id: string, params: ParamObject, ctx: RequestContext): Stripe.Dispute {
    allowOnly(params, ['evidence', 'expand', 'intended_submission_method', 'metadata', 'submit']);
    const dispute = this.dispute(id).obj;
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
    if (Object.keys(previous).length) this.emit('charge.dispute.updated', dispute, ctx, previous);
    return dispute;
  }

  /** `POST /v1/disputes/:id/close`: accept the dispute — `needs_response` → `lost` (irreversible). */
  closeDispute(id: string, params: ParamObject, ctx: RequestContext): Stripe.Dispute {
    allowOnly(params, ['expand']);
    const dispute = this.dispute(id).obj;
    if (!DISPUTE_RESPONDABLE.includes(dispute.status)) {
      throw invalidRequest(`Dispute ${id} has status ${dispute.status}; only a dispute with status needs_response can be closed.`);
    }
    const previous = { status: dispute.status };
    dispute.status = dispute.status === 'warning_needs_response' ? 'warning_closed' : 'lost';
    this.emit('charge.dispute.closed', dispute, ctx, previous);
    return dispute;
  }

  /**
   * The bank decides (control API). `won`: the disputed amount comes back (a `dispute_reversal`
   * balance transaction; the dispute fee is not returned), `charge.dispute.closed` then
   * `charge.dispute.funds_reinstated`. `lost`: `charge.dispute.closed`, the money stays gone.
   */
  resolveDispute(id: string, outcome: 'won' | 'lost'): Stripe.Dispute {
    const dispute = this.dispute(id).obj;
    if (!DISPUTE_OPEN.includes(dispute.status)) throw invalidRequest(`Dispute ${id} is already closed (status ${dispute.status}).`);
    const ctx = this.controlContext(dispute.payment_intent);
    const previous: Record<string, unknown> = { status: dispute.status };
    if (outcome === 'won') {
      const charge = dispute.charge as string;
      dispute.balance_transactions.push(
        this.addBalanceTransaction({ kind: 'dispute_reversal', amount: dispute.amount, currency: dispute.currency, source: dispute.id, description: `Chargeback reversal for ${charge}` }),
      );
      previous.is_charge_refundable = dispute.is_charge_refundable;
      dispute.is_charge_refundable = true;
      dispute.status = 'won';
    } else {
      dispute.status = 'lost';
    }
    this.emit('charge.dispute.closed', dispute, ctx, previous);
    if (outcome === 'won') this.emit('charge.dispute.funds_reinstated', dispute, ctx);
    return dispute;
  }

  listDisputes(params: ParamObject): ListEnvelope<Stripe.Dispute> {
    allowOnly(params, [...LIST_PARAMS, 'charge', 'payment_intent']);
    const chargeId = optString(params, 'charge');
    const piId = optString(params, 'payment_intent');
    const records = chargeId !== undefined ? this.disputesByCharge.get(chargeId) : piId !== undefined ? this.disputesByPi.get(piId) : this.disputeOrder.items;
    return listPage(params, {
      ...listOf(records, this.disputes, '/v1/disputes', 'dispute'),
      keep: chargeId !== undefined && piId !== undefined ? (r) => r.obj.payment_intent === piId : undefined,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Balance transactions

  private addBalanceTransaction(init: BalanceTransactionInit): Stripe.BalanceTransaction {
    const txn = buildBalanceTransaction(init);
    const rec = { obj: txn, seq: ++this.seq, createdMs: Date.now() };
    this.balanceTransactions.set(txn.id, rec);
    this.txnOrder.add(rec);
    this.txnsBySource.add(init.source, rec);
    return txn;
  }

  /** A charge's balance transaction, created when it is captured (for the captured amount). */
  private chargeBalanceTransaction(charge: Stripe.Charge): string {
    return this.addBalanceTransaction({ kind: 'charge', amount: charge.amount_captured, currency: charge.currency, source: charge.id, description: charge.description }).id;
  }

  retrieveBalanceTransaction(id: string, params: ParamObject): Stripe.BalanceTransaction {
    allowOnly(params, ['expand']);
    const rec = this.balanceTransactions.get(id);
    if (!rec) throw resourceMissing('balance transaction', id, 'id');
    return rec.obj;
  }

  listBalanceTransactions(params: ParamObject): ListEnvelope<Stripe.BalanceTransaction> {
    allowOnly(params, [...LIST_PARAMS, 'currency', 'payout', 'source', 'type']);
    const source = optString(params, 'source');
    const type = optString(params, 'type');
    const currency = optCurrency(params);
    const payout = optString(params, 'payout');
    return listPage(params, {
      ...listOf(source !== undefined ? this.txnsBySource.get(source) : this.txnOrder.items, this.balanceTransactions, '/v1/balance_transactions', 'balance transaction'),
      // No payouts in the emulator: nothing was paid out in any of them.
      keep: (r) => payout === undefined && (type === undefined || r.obj.type === type) && (currency === undefined || r.obj.currency === currency),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  retrieveEvent(id: string, params: ParamObject): EventRecord {
    allowOnly(params, ['expand']);
    const e = this.eventsById.get(id);
    if (!e) throw resourceMissing('event', id, 'id');
    return e.obj;
  }

  listEvents(params: ParamObject): ListEnvelope<EventRecord> {
    allowOnly(params, [...LIST_PARAMS, 'type', 'types', 'delivery_success']);
    const type = optString(params, 'type');
    const types = optStringArray(params, 'types');
    if (type && types) throw invalidParam('You may only specify one of these parameters: type, types.', 'types');
    const matchers = (types ?? (type ? [type] : [])).map((t) => {
      if (t.endsWith('.*')) {
        const prefix = t.slice(0, -1);
        return (x: string) => x.startsWith(prefix);
      }
      if (t === '*') return () => true;
      return (x: string) => x === t;
    });
    return listPage(params, {
      ...listOf(this.eventOrder.items, this.eventsById, '/v1/events', 'event'),
      keep: matchers.length === 0 ? undefined : (r) => matchers.some((m) => m(r.obj.type)),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Expansion (`expand[]=latest_charge`, `expand[]=data.payment_intent`, …)

  lookup(id: string): object | undefined {
    if (id.startsWith('pi_')) return this.paymentIntents.get(id)?.obj;
    if (id.startsWith('ch_')) return this.charges.get(id)?.obj;
    if (id.startsWith('re_')) return this.refunds.get(id)?.obj;
    if (id.startsWith('pm_')) return this.paymentMethods.get(id)?.obj;
    if (id.startsWith('dp_')) return this.disputes.get(id)?.obj;
    if (id.startsWith('txn_')) return this.balanceTransactions.get(id)?.obj;
    return undefined;
  }

  /** Returns a deep copy of `obj` with the `expand` paths replaced by the objects they name. */
  expand<T>(obj: T, expand: Param | undefined): T {
    const out = clone(obj);
    if (expand === undefined || expand === '') return out;
    const paths = typeof expand === 'string' ? [expand] : Array.isArray(expand) ? expand : null;
    if (!paths || !paths.every((p): p is string => typeof p === 'string')) throw invalidParam('Invalid expand: must be an array of strings', 'expand');
    for (const path of paths) {
      if (path === 'total_count') continue;
      const parts = path.split('.');
      if (parts.length > 4) throw invalidParam(`You cannot expand more than 4 levels of a property (${path}).`, 'expand');
      this.expandPath(out, parts, path);
    }
    return out;
  }

  private expandPath(node: unknown, parts: string[], full: string): void {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) this.expandPath(item, parts, full);
      return;
    }
    const rec = node as Record<string, unknown>;
    const [head, ...rest] = parts;
    if (!(head in rec)) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
    let value = rec[head];
    if (typeof value === 'string') {
      const found = this.lookup(value);
      if (!found) throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
      value = clone(found);
      rec[head] = value;
    } else if (rest.length === 0 && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
      throw invalidParam(`This property cannot be expanded (${full}).`, 'expand');
    }
    if (rest.length) this.expandPath(value, rest, full);
  }
}

function validateUrl(url: string, param: string): void {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('bad protocol');
  } catch {
    throw invalidParam(`Invalid URL: ${url}. It must be an absolute http(s) URL.`, param, 'url_invalid');
  }
}

function returnUrlRequired(): ApiError {
  return invalidParam(
    'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
    'return_url',
  );
}

function parseOffSession(v: Param | undefined): boolean {
  if (v === undefined || v === 'false') return false;
  if (v === 'true' || v === 'one_off' || v === 'recurring') return true;
  throw invalidParam(`Invalid off_session: ${String(v)}`, 'off_session');
}

function searchPage<T>(items: T[], params: ParamObject, url: string): SearchEnvelope<T> {
  const limit = optInt(params, 'limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('Invalid limit: must be between 1 and 100', 'limit', 'parameter_invalid_integer');
  const page = optString(params, 'page');
  let offset = 0;
  if (page) {
    const m = /^page_(\d+)$/.exec(Buffer.from(page, 'base64url').toString());
    if (!m) throw invalidParam(`Invalid page: ${page}`, 'page');
    offset = Number(m[1]);
  }
  const data = items.slice(offset, offset + limit);
  const hasMore = items.length > offset + limit;
  const expand = optStringArray(params, 'expand') ?? [];
  return {
    object: 'search_result',
    data,
    has_more: hasMore,
    next_page: hasMore ? Buffer.from(`page_${offset + limit}`).toString('base64url') : null,
    url,
    ...(expand.includes('total_count') ? { total_count: items.length } : {}),
  };
}
