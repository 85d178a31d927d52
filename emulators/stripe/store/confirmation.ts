// What confirming a PaymentIntent does with its test card: authorize (capture now or later),
// decline with the card's error, or start a 3D Secure challenge that the emulator's issuer page
// (or `completeThreeDSecure`) answers.
import type Stripe from 'stripe';
import { ApiError, newId, randomToken } from '../errors';
import { type TestCardOutcome } from '../../../server/integrations/stripe/test-cards';
import { newCharge } from './charges';
import { clone, type PaymentIntentRecord, type PaymentMethodRecord, type RequestContext, type StripeStore } from './core';

/** The PaymentIntent for the 3DS page (no API key: the page is the issuer's). */
export function paymentIntentForChallenge(s: StripeStore, id: string): { pi: Stripe.PaymentIntent; attempt: string | null; returnUrl: string | null } | undefined {
  const rec = s.paymentIntents.get(id);
  return rec && { pi: rec.obj, attempt: rec.threeDsAttempt, returnUrl: rec.returnUrl };
}

export function runConfirm(s: StripeStore, rec: PaymentIntentRecord, pm: PaymentMethodRecord, ctx: RequestContext, o: { offSession: boolean; errorOnRequiresAction: boolean }): void {
  const pi = rec.obj;
  pi.payment_method = pm.obj.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  rec.threeDsAttempt = null;
  const outcome = pm.card.outcome;
  if (outcome.kind === 'succeed') {
    authorize(s, rec, pm, ctx, false);
    return;
  }
  if (outcome.kind === 'decline') {
    decline(s, rec, pm, outcome, ctx);
    return;
  }
  if (o.offSession || o.errorOnRequiresAction) {
    decline(s, rec, pm, { kind: 'decline', code: 'authentication_required', declineCode: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' }, ctx);
    return;
  }
  // 3D Secure challenge.
  const attempt = randomToken(16);
  rec.threeDsAttempt = attempt;
  const url = `${s.opts.publicUrl()}/_emulator/3ds/${pi.id}?attempt=${attempt}`;
  pi.status = 'requires_action';
  pi.next_action = rec.returnUrl
    ? { type: 'redirect_to_url', redirect_to_url: { url, return_url: rec.returnUrl } }
    : ({ type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: url, source: newId('src') } } as unknown as Stripe.PaymentIntent.NextAction);
  s.emit('payment_intent.requires_action', pi, ctx);
}

export function authorize(s: StripeStore, rec: PaymentIntentRecord, pm: PaymentMethodRecord, ctx: RequestContext, threeDs: boolean): void {
  const pi = rec.obj;
  const manual = pi.capture_method === 'manual';
  const charge = newCharge(s, rec, pm, 'succeeded', { capture: !manual, threeDs });
  pi.next_action = null;
  pi.last_payment_error = null;
  rec.threeDsAttempt = null;
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    s.emit('charge.succeeded', charge.obj, ctx);
    s.emit('payment_intent.amount_capturable_updated', pi, ctx);
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    s.emit('charge.succeeded', charge.obj, ctx);
    s.emit('payment_intent.succeeded', pi, ctx);
  }
}

export function decline(s: StripeStore, rec: PaymentIntentRecord, pm: PaymentMethodRecord, outcome: Extract<TestCardOutcome, { kind: 'decline' }>, ctx: RequestContext): never {
  const pi = rec.obj;
  const failure = { code: outcome.code, declineCode: outcome.declineCode, message: outcome.message };
  const charge = newCharge(s, rec, pm, 'failed', { capture: false, threeDs: false, failure });
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
  s.emit('charge.failed', charge.obj, ctx);
  s.emit('payment_intent.payment_failed', pi, ctx);
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
export function completeThreeDSecure(s: StripeStore, id: string, attempt: string | null, approve: boolean): Stripe.PaymentIntent | undefined {
  const rec = s.paymentIntents.get(id);
  if (!rec) return undefined;
  const pi = rec.obj;
  if (pi.status !== 'requires_action' || !rec.threeDsAttempt || (attempt !== null && attempt !== rec.threeDsAttempt)) return pi;
  const ctx: RequestContext = { requestId: null, idempotencyKey: null, apiVersion: rec.apiVersion };
  const pmId = pi.payment_method;
  const pm = typeof pmId === 'string' ? s.paymentMethods.get(pmId) : undefined;
  if (!pm) return pi;
  if (approve) {
    authorize(s, rec, pm, ctx, true);
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
    s.emit('payment_intent.payment_failed', pi, ctx);
  }
  return pi;
}
