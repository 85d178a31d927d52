// PaymentIntents: create, update, confirm, capture, cancel, an authorization that runs out, list and
// search, with Stripe's state checks and messages; and their `/v1/payment_intents` routes. What a
// confirmation does with the card (authorize, decline, 3D Secure) is confirmation.ts.
import type Stripe from 'stripe';
import { type ControlRoute } from '../../kit/control';
import { ApiError, invalidParam, invalidRequest, newId, nowSeconds, randomToken } from '../errors';
import { type Param, type ParamObject } from '../form';
import { type ListEnvelope, listPage } from '../lists';
import { allowOnly, applyMetadata, optBool, optCurrency, optEnum, optInt, optNullableString, optObject, optString, reqInt } from '../params';
import { type FieldKind, type SearchEnvelope } from '../search';
import { formatAmount, MIN_AMOUNTS } from './amounts';
import { chargeBalanceTransaction } from './balance';
import { runConfirm } from './confirmation';
import { type ApiRoute, clone, ID, LIST_PARAMS, listOf, type PaymentIntentRecord, type RequestContext, searchRecords, type StripeStore } from './core';
import { applyTypes, readTypeSelection } from './payment-method-types';
import { resolvePaymentMethod } from './payment-methods';

const PI_CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const PI_CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const PI_UPDATABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;

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

const PI_SEARCH_FIELDS: Record<string, FieldKind> = { amount: 'number', created: 'number', currency: 'string', customer: 'string', status: 'string' };

export function retrievePaymentIntent(s: StripeStore, id: string, params: ParamObject): Stripe.PaymentIntent {
  allowOnly(params, ['expand', 'client_secret']);
  return s.pi(id).obj;
}

export function stateError(rec: PaymentIntentRecord, message: string, param?: string): ApiError {
  return invalidRequest(message, { code: 'payment_intent_unexpected_state', param, extra: { payment_intent: clone(rec.obj) } });
}

export function createPaymentIntent(s: StripeStore, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
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
  const pm = pmId ? resolvePaymentMethod(s, pmId) : undefined;

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
    seq: s.nextSeq(),
    createdMs: Date.now(),
    returnUrl: returnUrl ?? null,
    threeDsAttempt: null,
    apiVersion: ctx.apiVersion,
  };
  s.paymentIntents.set(id, rec);
  s.piOrder.add(rec);
  s.emit('payment_intent.created', pi, ctx);
  if (confirm && pm) runConfirm(s, rec, pm, ctx, { offSession, errorOnRequiresAction });
  return pi;
}

export function updatePaymentIntent(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
  allowOnly(params, PI_UPDATE_PARAMS);
  const rec = s.pi(id);
  const pi = rec.obj;
  const amount = optInt(params, 'amount', { min: 1 });
  const currency = optCurrency(params);
  const captureMethod = optEnum(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const);
  const pmId = optString(params, 'payment_method');
  const types = readTypeSelection(params, ctx.apiVersion, false);
  const guarded: [string, unknown][] = [['amount', amount], ['currency', currency], ['capture_method', captureMethod], ['payment_method', pmId], ['payment_method_types', types.paymentMethodTypes ?? types.excluded]];
  for (const [field, value] of guarded) {
    if (value !== undefined && !PI_UPDATABLE.includes(pi.status)) {
      throw stateError(rec, `This PaymentIntent's ${field} could not be updated because it has a status of ${pi.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${PI_UPDATABLE.join(', ')}.`, field);
    }
  }
  const pm = pmId ? resolvePaymentMethod(s, pmId) : undefined;
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
  applyTypes(pi, types);
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

export function confirmPaymentIntent(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
  allowOnly(params, PI_CONFIRM_PARAMS);
  const rec = s.pi(id);
  const pi = rec.obj;
  if (!PI_CONFIRMABLE.includes(pi.status)) {
    throw stateError(rec, `You cannot confirm this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${PI_CONFIRMABLE.join(', ')}.`);
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
    throw stateError(
      rec,
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      'payment_method',
    );
  }
  const effectiveReturnUrl = returnUrl ?? rec.returnUrl;
  const apm = types.paymentMethodTypes ? null : pi.automatic_payment_methods;
  if (apm?.enabled && apm.allow_redirects !== 'never' && !effectiveReturnUrl && !offSession) throw returnUrlRequired();
  const pm = resolvePaymentMethod(s, pmId);
  applyTypes(pi, types);
  if (returnUrl !== undefined) rec.returnUrl = returnUrl;
  if (captureMethod) pi.capture_method = captureMethod;
  if (receiptEmail !== undefined) pi.receipt_email = receiptEmail;
  runConfirm(s, rec, pm, ctx, { offSession, errorOnRequiresAction });
  return pi;
}

export function capturePaymentIntent(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
  allowOnly(params, PI_CAPTURE_PARAMS);
  const rec = s.pi(id);
  const pi = rec.obj;
  const amountToCapture = optInt(params, 'amount_to_capture', { min: 1 });
  const metadata = applyMetadata(pi.metadata, params.metadata);
  if (pi.status !== 'requires_capture') {
    throw stateError(rec, `This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`);
  }
  const amount = amountToCapture ?? pi.amount_capturable;
  if (amount > pi.amount_capturable) {
    throw invalidRequest(`The amount_to_capture (${amount}) must be less than or equal to the PaymentIntent's amount_capturable (${pi.amount_capturable}).`, {
      code: 'amount_too_large',
      param: 'amount_to_capture',
      extra: { payment_intent: clone(pi) },
    });
  }
  const chargeRec = s.charges.get(pi.latest_charge as string);
  if (!chargeRec) throw new ApiError({ status: 500, type: 'api_error', message: 'Emulator invariant: requires_capture PaymentIntent without a charge' });
  const charge = chargeRec.obj;
  const previous = { amount_captured: charge.amount_captured, amount_refunded: charge.amount_refunded, captured: charge.captured, balance_transaction: charge.balance_transaction };
  charge.captured = true;
  charge.amount_captured = amount;
  // Stripe releases the uncaptured remainder of a partial capture as a refund of the charge.
  charge.amount_refunded = charge.amount - amount;
  charge.balance_transaction = chargeBalanceTransaction(s, charge);
  pi.metadata = metadata;
  pi.amount_received = amount;
  pi.amount_capturable = 0;
  pi.status = 'succeeded';
  s.emit('charge.captured', charge, ctx, previous);
  s.emit('payment_intent.succeeded', pi, ctx);
  return pi;
}

export function cancelPaymentIntent(s: StripeStore, id: string, params: ParamObject, ctx: RequestContext): Stripe.PaymentIntent {
  allowOnly(params, PI_CANCEL_PARAMS);
  const rec = s.pi(id);
  const reason = optEnum(params, 'cancellation_reason', CANCELLATION_REASONS);
  return cancel(s, rec, reason ?? null, ctx, false);
}

export function cancel(s: StripeStore, rec: PaymentIntentRecord, reason: Stripe.PaymentIntent.CancellationReason | null, ctx: RequestContext, expired: boolean): Stripe.PaymentIntent {
  const pi = rec.obj;
  if (!PI_CANCELABLE.includes(pi.status)) {
    throw stateError(rec, `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${PI_CANCELABLE.join(', ')}.`);
  }
  const wasAuthorized = pi.status === 'requires_capture';
  pi.status = 'canceled';
  pi.canceled_at = nowSeconds();
  pi.cancellation_reason = reason;
  pi.next_action = null;
  rec.threeDsAttempt = null;
  if (wasAuthorized) {
    pi.amount_capturable = 0;
    const chargeRec = s.charges.get(pi.latest_charge as string);
    if (chargeRec) {
      // The authorization is released: the uncaptured charge shows as fully refunded.
      const charge = chargeRec.obj;
      const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
      charge.amount_refunded = charge.amount;
      charge.refunded = true;
      s.emit(expired ? 'charge.expired' : 'charge.refunded', charge, ctx, previous);
    }
  }
  s.emit('payment_intent.canceled', pi, ctx);
  return pi;
}

/** Emulate the 7-day authorization window running out on an uncaptured PaymentIntent. */
export function expireAuthorization(s: StripeStore, id: string): Stripe.PaymentIntent {
  const rec = s.pi(id);
  if (rec.obj.status !== 'requires_capture') {
    throw stateError(rec, `Only a PaymentIntent with status requires_capture has an authorization to expire (status is ${rec.obj.status}).`);
  }
  return cancel(s, rec, 'automatic', { requestId: null, idempotencyKey: null, apiVersion: rec.apiVersion }, true);
}

export function listPaymentIntents(s: StripeStore, params: ParamObject): ListEnvelope<Stripe.PaymentIntent> {
  allowOnly(params, [...LIST_PARAMS, 'customer']);
  const customer = optString(params, 'customer');
  return listPage(params, {
    ...listOf(s.piOrder.items, s.paymentIntents, '/v1/payment_intents', 'payment_intent'),
    keep: customer === undefined ? undefined : (r) => r.obj.customer === customer,
  });
}

export function searchPaymentIntents(s: StripeStore, params: ParamObject): SearchEnvelope<Stripe.PaymentIntent> {
  return searchRecords(s, params, s.paymentIntents.values(), 'payment_intents', PI_SEARCH_FIELDS);
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

export const paymentIntentRoutes: ApiRoute[] = [
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, handler: ({ store, params, ctx }) => createPaymentIntent(store, params, ctx) },
  { method: 'GET', pattern: /^\/v1\/payment_intents$/, handler: ({ store, params }) => listPaymentIntents(store, params) },
  { method: 'GET', pattern: /^\/v1\/payment_intents\/search$/, handler: ({ store, params }) => searchPaymentIntents(store, params) },
  { method: 'GET', pattern: new RegExp(`^/v1/payment_intents/${ID}$`), handler: ({ store, params, match }) => retrievePaymentIntent(store, match[1], params) },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}$`), handler: ({ store, params, match, ctx }) => updatePaymentIntent(store, match[1], params, ctx) },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}/confirm$`), handler: ({ store, params, match, ctx }) => confirmPaymentIntent(store, match[1], params, ctx) },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}/capture$`), handler: ({ store, params, match, ctx }) => capturePaymentIntent(store, match[1], params, ctx) },
  { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}/cancel$`), handler: ({ store, params, match, ctx }) => cancelPaymentIntent(store, match[1], params, ctx) },
];

export const paymentIntentControlRoutes = (store: StripeStore): ControlRoute[] => [
  { method: 'POST', path: /^\/_emulator\/payment_intents\/([A-Za-z0-9_]+)\/expire_authorization$/, handle: ({ match }) => expireAuthorization(store, match[1]) },
];
