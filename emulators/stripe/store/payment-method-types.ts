// Which payment method types a PaymentIntent request may choose, by API version:
// `payment_method_types` (removed in 2026-09-30.endive), `allowed_payment_method_types` (since
// 2026-07-29.dahlia) and `excluded_payment_method_types`. The emulator only has cards.
import type Stripe from 'stripe';
import { ApiError, invalidParam, unknownParam } from '../errors';
import { type ParamObject } from '../form';
import { optStringArray } from '../params';

/** API versions are dated (`2026-09-30.endive`); compare by date. */
export function apiVersionAtLeast(version: string, date: string): boolean {
  return version.slice(0, 10) >= date;
}

/** `payment_method_types` stopped being writable on 2026-09-30.endive (400 payment_method_types_no_longer_supported). */
const PM_TYPES_REMOVED = '2026-09-30';
/** `allowed_payment_method_types` exists since 2026-07-29.dahlia. */
const ALLOWED_PM_TYPES_ADDED = '2026-07-29';

export interface TypeSelection {
  /** Set when the request chose payment method types (legacy or allowed list); undefined = unchanged. */
  paymentMethodTypes?: string[];
  allowed?: string[];
  excluded?: string[];
}

/** Read payment_method_types / allowed_payment_method_types / excluded_payment_method_types as the request's API version allows. */
export function readTypeSelection(params: ParamObject, apiVersion: string, hasAutomaticPaymentMethods: boolean): TypeSelection {
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

export function applyTypes(pi: Stripe.PaymentIntent, types: TypeSelection): void {
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
