// The `/v1/…` request pipeline: API-key auth, injected faults, Stripe's Idempotency-Key semantics,
// form-encoded parameters, the resource modules' routes (store/*.ts), `expand[]`, and Stripe's
// error envelope with Request-Id and a link to the request's log.
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { dropIfAsked, type FaultAction } from '../kit/faults';
import { BodyTooLarge, readBody, send, sleep } from '../kit/http';
import { ApiError, invalidParam, unrecognizedUrl } from './errors';
import { type Faults, type FaultRule } from './faults';
import { canonicalParams, FormParseError, type ParamObject, parseForm } from './form';
import { type IdempotencyStore } from './idempotency';
import { type ApiRoute, DEFAULT_API_VERSION, type RequestContext, type StripeStore } from './store/core';
import { expand } from './store/expand';

/** What the emulator remembers of a request (`GET /_emulator/logs/:id`) and logs about it. */
export interface RequestLog {
  id: string;
  method: string;
  path: string;
  status: number;
  at: string;
  duration_ms: number;
  idempotency_key: string | null;
  replayed: boolean;
  fault: string | null;
  response?: unknown;
}

export interface ApiOptions {
  store: StripeStore;
  routes: ApiRoute[];
  faults: Faults;
  idempotency: IdempotencyStore;
  /** The account's default API version. */
  apiVersion?: string;
  /** Accept only these API keys (default: any test key). */
  apiKeys?: string[];
  publicUrl(): string;
  /** Bumped by reset(): a request that was in flight is not executed against the new state. */
  generation(): number;
  log(line: string): void;
}

/** Stripe pretty-prints its JSON. */
export const json = (v: unknown) => JSON.stringify(v, null, 2);

function maskKey(key: string): string {
  const m = /^([a-z]+_(?:test|live)_)/.exec(key);
  const prefix = m ? m[1] : '';
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function authError(message: string): ApiError {
  return new ApiError({ status: 401, type: 'invalid_request_error', message, saved: false });
}

function idempotencyError(status: number, message: string, code?: string): ApiError {
  return new ApiError({ status, type: 'idempotency_error', message, code, saved: false });
}

function authenticate(req: IncomingMessage, apiKeys: string[] | undefined): string {
  const header = req.headers.authorization;
  if (!header) {
    throw authError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://docs.stripe.com/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  let key = '';
  const [scheme, value = ''] = header.split(/\s+/, 2);
  if (/^bearer$/i.test(scheme)) key = value.trim();
  else if (/^basic$/i.test(scheme)) key = Buffer.from(value, 'base64').toString('utf8').split(':')[0];
  else throw authError('Invalid Authorization header: use Bearer auth with your secret key.');
  if (!key) throw authError('You did not provide an API key.');
  if (/^pk_/.test(key)) throw authError('This API call cannot be made with a publishable API key. Please use a secret API key.');
  if (/^(sk|rk)_live_/.test(key)) throw authError(`Invalid API Key provided: ${maskKey(key)} (the Stripe emulator only accepts test mode keys).`);
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key) || (apiKeys && !apiKeys.includes(key))) {
    throw authError(`Invalid API Key provided: ${maskKey(key)}`);
  }
  return key;
}

function injectedFailure(status: number, shouldRetry: boolean | null): { status: number; body: string; headers: Record<string, string> } {
  const err =
    status === 429
      ? new ApiError({ status, type: 'invalid_request_error', code: 'rate_limit', message: 'Request rate limit exceeded (injected by the Stripe emulator). Retry with backoff.' })
      : status >= 500
        ? new ApiError({ status, type: 'api_error', message: `An unknown error occurred (HTTP ${status} injected by the Stripe emulator).` })
        : new ApiError({ status, type: 'invalid_request_error', message: `HTTP ${status} injected by the Stripe emulator.` });
  const headers: Record<string, string> = shouldRetry === null ? {} : { 'Stripe-Should-Retry': String(shouldRetry) };
  return { status, body: json(err.body()), headers };
}

export function apiHandler(o: ApiOptions) {
  return async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, logEntry: RequestLog): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const baseHeaders: Record<string, string> = { 'Request-Id': requestId };
    const idemKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const apiVersion = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : (o.apiVersion ?? DEFAULT_API_VERSION);
    baseHeaders['Stripe-Version'] = apiVersion;
    if (idemKey && method === 'POST') baseHeaders['Idempotency-Key'] = idemKey;
    logEntry.idempotency_key = idemKey;
    const logUrl = `${o.publicUrl()}/_emulator/logs/${requestId}`;

    const respondError = (err: ApiError) => {
      logEntry.status = err.status;
      send(res, err.status, json(err.body(logUrl)), { ...baseHeaders, ...err.headers });
    };
    // An injected failure in place of the answer (`before`: nothing ran; `after`: it ran).
    const applyFault = (action: FaultAction<FaultRule>, headers: Record<string, string>): void => {
      if (dropIfAsked(action, logEntry, req.socket) || action.kind !== 'fail') return;
      const f = injectedFailure(action.status, action.rule.shouldRetry);
      logEntry.status = f.status;
      send(res, f.status, f.body, { ...headers, ...f.headers });
    };

    const startedIn = o.generation();
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return respondError(invalidParam('Request body too large.'));
      throw e;
    }

    const fault = o.faults.take({ method, path });
    if (fault.action && fault.action.phase === 'before') {
      if (fault.latencyMs) await sleep(fault.latencyMs);
      return applyFault(fault.action, baseHeaders);
    }

    let apiKey: string;
    let params: ParamObject;
    try {
      apiKey = authenticate(req, o.apiKeys);
      if (!o.routes.some((r) => r.pattern.test(path))) throw unrecognizedUrl(method, path);
      try {
        params = parseForm(method === 'GET' || method === 'DELETE' ? url.search.slice(1) : body);
      } catch (e) {
        if (e instanceof FormParseError) throw invalidParam(e.message);
        throw e;
      }
    } catch (e) {
      if (e instanceof ApiError) return respondError(e);
      throw e;
    }

    const route = o.routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return respondError(unrecognizedUrl(method, path));
    const match = route.pattern.exec(path) as RegExpExecArray;

    // Idempotency (POST only; Stripe ignores keys on GET and DELETE).
    const useIdem = method === 'POST' && idemKey !== null;
    if (useIdem) {
      if (idemKey.length > 255) return respondError(invalidParam('Idempotency-Key must be 255 characters or fewer.'));
      const begun = o.idempotency.begin(apiKey, idemKey, method, path, canonicalParams(params));
      if (begun.kind === 'replay') {
        logEntry.replayed = true;
        logEntry.status = begun.saved.status;
        const headers = { ...baseHeaders, 'Idempotent-Replayed': 'true', 'Original-Request': begun.saved.requestId };
        if (fault.action?.phase === 'after') return applyFault(fault.action, headers);
        send(res, begun.saved.status, begun.saved.body, headers);
        return;
      }
      if (begun.kind === 'in_flight') {
        return respondError(
          idempotencyError(
            409,
            `There is currently another in-progress request using this Stripe API key with the same idempotency key ('${idemKey}'). This probably means that you submitted the same request twice in quick succession. Try again in a few seconds.`,
            'idempotency_key_in_use',
          ),
        );
      }
      if (begun.kind === 'endpoint_mismatch') {
        return respondError(
          idempotencyError(400, `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${begun.method} ${begun.path}' vs '${method} ${path}'). Try using a key other than '${idemKey}' if you meant to execute a different request.`),
        );
      }
      if (begun.kind === 'params_mismatch') {
        return respondError(
          idempotencyError(400, `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`),
        );
      }
    }

    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (startedIn !== o.generation()) {
      return respondError(new ApiError({ status: 503, type: 'api_error', message: 'The Stripe emulator was reset while this request was in flight; it was not executed.', saved: false }));
    }

    let status = 200;
    let responseBody: string;
    let extraHeaders: Record<string, string> = {};
    let saved = true;
    try {
      const ctx: RequestContext = { requestId, idempotencyKey: idemKey, apiVersion };
      const result = route.handler({ store: o.store, params, match, ctx });
      responseBody = json(expand(o.store, result, params.expand));
    } catch (e) {
      let err: ApiError;
      if (e instanceof ApiError) err = e;
      else {
        o.log(JSON.stringify({ kind: 'internal_error', request_id: requestId, error: e instanceof Error ? e.stack : String(e) }));
        err = new ApiError({ status: 500, type: 'api_error', message: 'An unexpected error occurred in the Stripe emulator.' });
      }
      status = err.status;
      saved = err.saved;
      extraHeaders = err.headers;
      responseBody = json(err.body(logUrl));
    }
    if (useIdem) {
      if (saved) o.idempotency.complete(apiKey, idemKey, { status, body: responseBody, requestId });
      else o.idempotency.abandon(apiKey, idemKey);
    }
    logEntry.status = status;
    logEntry.response = status >= 400 ? JSON.parse(responseBody) : undefined;
    const headers = { ...baseHeaders, ...extraHeaders };
    if (fault.action?.phase === 'after') return applyFault(fault.action, headers);
    send(res, status, responseBody, headers);
  };
}
