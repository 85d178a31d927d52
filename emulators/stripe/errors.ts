// Stripe's error envelope: `{ error: { type, code, decline_code, message, param, … } }` with the
// HTTP status the SDK maps to its error classes (400/404 invalid request or idempotency, 401
// authentication, 402 card, 409 conflict, 429 rate limit, 5xx api).
import { randomBytes } from 'node:crypto';

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface ApiErrorInit {
  status: number;
  type: StripeErrorType;
  message: string;
  code?: string;
  declineCode?: string;
  param?: string;
  /** Extra fields in the error object (payment_intent, payment_method, charge, advice_code…). */
  extra?: Record<string, unknown>;
  /**
   * False for errors raised before the endpoint began executing (bad parameters, malformed body):
   * Stripe does not save an idempotent result for those, so a retry with the same key runs again.
   */
  saved?: boolean;
  headers?: Record<string, string>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code?: string;
  readonly declineCode?: string;
  readonly param?: string;
  readonly extra: Record<string, unknown>;
  readonly saved: boolean;
  readonly headers: Record<string, string>;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.declineCode = init.declineCode;
    this.param = init.param;
    this.extra = init.extra ?? {};
    this.saved = init.saved ?? true;
    this.headers = init.headers ?? {};
  }

  body(requestLogUrl?: string): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {};
    if (this.code) error.code = this.code;
    if (this.declineCode) error.decline_code = this.declineCode;
    if (this.code) error.doc_url = `https://docs.stripe.com/error-codes/${this.code.replace(/_/g, '-')}`;
    error.message = this.message;
    if (this.param) error.param = this.param;
    Object.assign(error, this.extra);
    if (requestLogUrl) error.request_log_url = requestLogUrl;
    error.type = this.type;
    return { error };
  }
}

/** 400 invalid_request_error for bad parameters (not saved for idempotency). */
export function invalidParam(message: string, param?: string, code = 'parameter_invalid'): ApiError {
  return new ApiError({ status: 400, type: 'invalid_request_error', message, param, code, saved: false });
}

export function missingParam(param: string): ApiError {
  return new ApiError({
    status: 400,
    type: 'invalid_request_error',
    message: `Missing required param: ${param}.`,
    param,
    code: 'parameter_missing',
    saved: false,
  });
}

export function unknownParam(param: string): ApiError {
  return new ApiError({
    status: 400,
    type: 'invalid_request_error',
    message: `Received unknown parameter: ${param}`,
    param,
    code: 'parameter_unknown',
    saved: false,
  });
}

/** 400 invalid_request_error raised while executing (saved for idempotency). */
export function invalidRequest(message: string, opts: { code?: string; param?: string; extra?: Record<string, unknown> } = {}): ApiError {
  return new ApiError({ status: 400, type: 'invalid_request_error', message, ...opts });
}

export function resourceMissing(kind: string, id: string, param = 'id', status = 404): ApiError {
  return new ApiError({
    status,
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

export function unrecognizedUrl(method: string, path: string): ApiError {
  return new ApiError({
    status: 404,
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://docs.stripe.com or we can help at https://support.stripe.com/.`,
    saved: false,
  });
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 string of the given length. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % 62];
  return out;
}

/** A Stripe-style id such as `pi_3QxY…` (24 characters after the prefix). */
export function newId(prefix: string): string {
  return `${prefix}_3${randomToken(23)}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
