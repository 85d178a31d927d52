// A local Stripe API server the real `stripe` SDK talks to:
//   new Stripe('sk_test_…', { host: '127.0.0.1', port, protocol: 'http' })
// node:http, in-memory state, Stripe's wire format (form-encoded requests, JSON responses, the
// error envelope, Request-Id, Idempotency-Key), signed webhooks, and fault injection.
// See README.md in this folder for the endpoint list and the control API.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import type Stripe from 'stripe';
import { ApiError, invalidParam, randomToken, unrecognizedUrl } from './errors';
import { ControlInputError, type FaultRule, type FaultRuleInput, Faults } from './faults';
import { canonicalParams, FormParseError, type ParamObject, parseForm } from './form';
import { IdempotencyStore } from './idempotency';
import { DEFAULT_API_VERSION, type DisputeInput, type EventRecord, type RequestContext, StripeStore } from './store';
import { renderChallengePage, renderResultPage } from './three-ds-page';
import { type DeliveryAttempt, type WebhookEndpoint, type WebhookFaults, WebhookDispatcher } from './webhooks';

export { testCardNumbers, testCards, paymentMethodForCardNumber } from '../../server/integrations/stripe/test-cards';
export { signPayload } from './webhooks';
export type { DisputeInput, EventRecord } from './store';
export type { DeliveryAttempt, WebhookEndpoint, WebhookFaults } from './webhooks';
export type { FaultRule, FaultRuleInput } from './faults';

export interface StripeEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Base URL browsers use to reach the emulator (3DS page links); default http://host:port. */
  publicUrl?: string;
  /** A webhook endpoint configured at start (kept across `reset`). */
  webhookUrl?: string;
  /** Its signing secret (`whsec_…`); generated when omitted. */
  webhookSecret?: string;
  /** Delays in ms before each webhook retry; the length bounds the retries. Default 500, 1000, 2000, 4000, 8000. */
  webhookRetrySchedule?: number[];
  /** Per-attempt webhook timeout (default 10 000 ms). */
  webhookTimeoutMs?: number;
  /** The account's default API version, used for requests without a Stripe-Version header (default: the installed SDK's pinned version). */
  apiVersion?: string;
  /** Accept only these API keys (default: any `sk_test_…` / `rk_test_…`). */
  apiKeys?: string[];
  /** Search only sees objects created at least this long ago (Stripe's search is eventually consistent). Default 0. */
  searchLagMs?: number;
  /** Idempotency keys are forgotten after this long (default 24 h). */
  idempotencyTtlMs?: number;
  /** One JSON line per request / webhook attempt. Default: silent. */
  log?: (line: string) => void;
  /**
   * 0 (default): refunds are `succeeded` at once. > 0: refunds start `pending` and succeed this many
   * ms later (`refund.updated`, `charge.refund.updated`). Infinity: they stay `pending` until
   * `settleRefund` / `POST /_emulator/refunds/:id/settle`.
   */
  refundSettleDelayMs?: number;
  /** Stripe's dispute fee, withdrawn with a disputed amount (smallest currency unit; default 1500). */
  disputeFee?: number;
}

export interface StripeEmulatorState {
  counts: ReturnType<StripeStore['counts']> & { idempotency_keys: number };
  webhooks: ReturnType<WebhookDispatcher['stats']> & { faults: WebhookFaults & { paused: boolean } };
  faults: FaultRule[];
}

export interface StripeEmulator {
  /** `http://host:port` */
  url: string;
  port: number;
  /** The endpoint configured at start from webhookUrl/webhookSecret, if any. */
  webhookEndpoint: WebhookEndpoint | null;
  close(): Promise<void>;
  /** Clear PaymentIntents, charges, refunds, events, idempotency keys, faults and webhook queues. */
  reset(): void;
  state(): StripeEmulatorState;
  /** Every Event recorded so far, oldest first. */
  events(): EventRecord[];
  addWebhookEndpoint(input: { url: string; secret?: string; enabled_events?: string[] }): WebhookEndpoint;
  removeWebhookEndpoints(): void;
  setFaults(rule: FaultRuleInput): FaultRule;
  clearFaults(): void;
  setWebhookFaults(f: WebhookFaults): WebhookFaults;
  clearWebhookFaults(): void;
  pauseWebhooks(): void;
  resumeWebhooks(): void;
  /** Resolves when all webhook deliveries have succeeded or exhausted their retries. */
  waitForWebhooks(timeoutMs?: number): Promise<void>;
  webhookDeliveries(): DeliveryAttempt[];
  /** Deliver an event again (to all matching endpoints). */
  resendEvent(eventId: string): number;
  /** Answer a pending 3DS challenge as the issuer would (same effect as the test page's buttons). */
  completeThreeDSecure(paymentIntentId: string, outcome: 'approve' | 'fail'): Stripe.PaymentIntent | undefined;
  /** Let the 7-day authorization of an uncaptured PaymentIntent run out. */
  expireAuthorization(paymentIntentId: string): Stripe.PaymentIntent;
  /**
   * The cardholder's bank disputes a captured charge: a `needs_response` Dispute with the withdrawal
   * in `balance_transactions`; `charge.dispute.created`, `charge.dispute.funds_withdrawn`.
   */
  createDispute(input: DisputeInput): Stripe.Dispute;
  /** The bank decides an open dispute: `charge.dispute.closed` (+ `charge.dispute.funds_reinstated` when won). */
  resolveDispute(disputeId: string, outcome: 'won' | 'lost'): Stripe.Dispute;
  /**
   * A pending refund `succeeded`, or a pending/succeeded refund `failed` (`failureReason` default
   * `unknown`): `refund.updated`, `charge.refund.updated` (+ `refund.failed`).
   */
  settleRefund(refundId: string, status: 'succeeded' | 'failed', failureReason?: string): Stripe.Refund;
  /** Change `refundSettleDelayMs` for refunds created from now on. */
  setRefundSettleDelay(ms: number): void;
}

interface RequestLog {
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

type Handler = (args: { params: ParamObject; match: RegExpExecArray; ctx: RequestContext }) => unknown;
interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handler: Handler;
}

const MAX_BODY = 1024 * 1024;
const ID = '([A-Za-z0-9_]+)';

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const settleDelayOut = (ms: number) => (Number.isFinite(ms) ? ms : 'manual');

/** `POST /_emulator/disputes` body (JSON numbers or numeric strings, as form bodies give). */
function disputeInput(body: Record<string, unknown>): DisputeInput {
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

export async function startStripeEmulator(opts: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.log ?? (() => {});
  let publicUrl = opts.publicUrl?.replace(/\/$/, '') ?? '';
  const faults = new Faults();
  const idempotency = new IdempotencyStore(opts.idempotencyTtlMs);
  const requestLogs = new Map<string, RequestLog>();
  /** Bumped by reset(): API requests that were already in flight are not executed against the new state. */
  let generation = 0;
  const dispatcher = new WebhookDispatcher({
    retrySchedule: opts.webhookRetrySchedule ?? [500, 1000, 2000, 4000, 8000],
    timeoutMs: opts.webhookTimeoutMs ?? 10_000,
    log,
    onDelivered: (event) => {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    },
  });
  const store = new StripeStore({
    publicUrl: () => publicUrl,
    searchLagMs: opts.searchLagMs,
    onEvent: (event) => dispatcher.enqueue(event),
    refundSettleDelayMs: opts.refundSettleDelayMs,
    disputeFee: opts.disputeFee,
  });
  const webhookEndpoint = opts.webhookUrl ? dispatcher.addEndpoint({ url: opts.webhookUrl, secret: opts.webhookSecret }, true) : null;

  const routes: Route[] = [
    { method: 'POST', pattern: /^\/v1\/payment_intents$/, handler: ({ params, ctx }) => store.createPaymentIntent(params, ctx) },
    { method: 'GET', pattern: /^\/v1\/payment_intents$/, handler: ({ params }) => store.listPaymentIntents(params) },
    { method: 'GET', pattern: /^\/v1\/payment_intents\/search$/, handler: ({ params }) => store.searchPaymentIntents(params) },
    { method: 'GET', pattern: new RegExp(`^/v1/payment_intents/${ID}$`), handler: ({ params, match }) => store.retrievePaymentIntent(match[1], params) },
    { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}$`), handler: ({ params, match, ctx }) => store.updatePaymentIntent(match[1], params, ctx) },
    { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}/confirm$`), handler: ({ params, match, ctx }) => store.confirmPaymentIntent(match[1], params, ctx) },
    { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}/capture$`), handler: ({ params, match, ctx }) => store.capturePaymentIntent(match[1], params, ctx) },
    { method: 'POST', pattern: new RegExp(`^/v1/payment_intents/${ID}/cancel$`), handler: ({ params, match, ctx }) => store.cancelPaymentIntent(match[1], params, ctx) },
    { method: 'GET', pattern: /^\/v1\/charges$/, handler: ({ params }) => store.listCharges(params) },
    { method: 'GET', pattern: /^\/v1\/charges\/search$/, handler: ({ params }) => store.searchCharges(params) },
    { method: 'GET', pattern: new RegExp(`^/v1/charges/${ID}$`), handler: ({ params, match }) => store.retrieveCharge(match[1], params) },
    {
      method: 'GET',
      pattern: new RegExp(`^/v1/charges/${ID}/refunds$`),
      handler: ({ params, match }) => {
        store.retrieveCharge(match[1], {});
        return { ...store.listRefunds({ ...params, charge: match[1] }), url: `/v1/charges/${match[1]}/refunds` };
      },
    },
    { method: 'POST', pattern: /^\/v1\/refunds$/, handler: ({ params, ctx }) => store.createRefund(params, ctx) },
    { method: 'GET', pattern: /^\/v1\/refunds$/, handler: ({ params }) => store.listRefunds(params) },
    { method: 'GET', pattern: new RegExp(`^/v1/refunds/${ID}$`), handler: ({ params, match }) => store.retrieveRefund(match[1], params) },
    { method: 'POST', pattern: new RegExp(`^/v1/refunds/${ID}$`), handler: ({ params, match, ctx }) => store.updateRefund(match[1], params, ctx) },
    { method: 'GET', pattern: /^\/v1\/disputes$/, handler: ({ params }) => store.listDisputes(params) },
    { method: 'GET', pattern: new RegExp(`^/v1/disputes/${ID}$`), handler: ({ params, match }) => store.retrieveDispute(match[1], params) },
    { method: 'POST', pattern: new RegExp(`^/v1/disputes/${ID}$`), handler: ({ params, match, ctx }) => store.updateDispute(match[1], params, ctx) },
    { method: 'POST', pattern: new RegExp(`^/v1/disputes/${ID}/close$`), handler: ({ params, match, ctx }) => store.closeDispute(match[1], params, ctx) },
    { method: 'GET', pattern: /^\/v1\/balance_transactions$/, handler: ({ params }) => store.listBalanceTransactions(params) },
    { method: 'GET', pattern: new RegExp(`^/v1/balance_transactions/${ID}$`), handler: ({ params, match }) => store.retrieveBalanceTransaction(match[1], params) },
    { method: 'GET', pattern: new RegExp(`^/v1/payment_methods/${ID}$`), handler: ({ match }) => store.retrievePaymentMethod(match[1]) },
    { method: 'GET', pattern: /^\/v1\/events$/, handler: ({ params }) => store.listEvents(params) },
    { method: 'GET', pattern: new RegExp(`^/v1/events/${ID}$`), handler: ({ params, match }) => store.retrieveEvent(match[1], params) },
  ];

  function rememberRequest(entry: RequestLog): void {
    requestLogs.set(entry.id, entry);
    if (requestLogs.size > 1000) {
      const oldest = requestLogs.keys().next().value;
      if (oldest !== undefined) requestLogs.delete(oldest);
    }
  }

  function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, contentType = 'application/json'): void {
    if (res.headersSent || res.destroyed) return;
    res.writeHead(status, {
      'Content-Type': contentType,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-cache, no-store',
      ...headers,
    });
    res.end(body);
  }

  const json = (v: unknown) => JSON.stringify(v, null, 2);

  function authenticate(req: IncomingMessage): string {
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
    if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key) || (opts.apiKeys && !opts.apiKeys.includes(key))) {
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

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string, logEntry: RequestLog): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const baseHeaders: Record<string, string> = { 'Request-Id': requestId };
    const idemKey = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : null;
    const apiVersion = typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : (opts.apiVersion ?? DEFAULT_API_VERSION);
    baseHeaders['Stripe-Version'] = apiVersion;
    if (idemKey && method === 'POST') baseHeaders['Idempotency-Key'] = idemKey;
    logEntry.idempotency_key = idemKey;
    const logUrl = `${publicUrl}/_emulator/logs/${requestId}`;

    const respondError = (err: ApiError) => {
      logEntry.status = err.status;
      send(res, err.status, json(err.body(logUrl)), { ...baseHeaders, ...err.headers });
    };

    const startedIn = generation;
    let body: string;
    try {
      body = await readBody(req);
    } catch (e) {
      if (e instanceof BodyTooLarge) return respondError(invalidParam('Request body too large.'));
      throw e;
    }

    const fault = faults.take(method, path);
    if (fault.action && fault.action.phase === 'before') {
      logEntry.fault = `${fault.action.kind}:${fault.action.ruleId}`;
      if (fault.latencyMs) await sleep(fault.latencyMs);
      if (fault.action.kind === 'drop') {
        logEntry.status = 0;
        req.socket.destroy();
        return;
      }
      const f = injectedFailure(fault.action.status, fault.action.shouldRetry);
      logEntry.status = f.status;
      send(res, f.status, f.body, { ...baseHeaders, ...f.headers });
      return;
    }

    let apiKey: string;
    let params: ParamObject;
    try {
      apiKey = authenticate(req);
      const route = routes.find((r) => r.pattern.test(path));
      if (!route) throw unrecognizedUrl(method, path);
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

    const route = routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return respondError(unrecognizedUrl(method, path));
    const match = route.pattern.exec(path) as RegExpExecArray;

    // Idempotency (POST only; Stripe ignores keys on GET and DELETE).
    const useIdem = method === 'POST' && idemKey !== null;
    if (useIdem) {
      if (idemKey.length > 255) return respondError(invalidParam('Idempotency-Key must be 255 characters or fewer.'));
      const begun = idempotency.begin(apiKey, idemKey, method, path, canonicalParams(params));
      if (begun.kind === 'replay') {
        logEntry.replayed = true;
        logEntry.status = begun.saved.status;
        const headers = { ...baseHeaders, 'Idempotent-Replayed': 'true', 'Original-Request': begun.saved.requestId };
        if (fault.action?.phase === 'after') return applyAfterFault(fault.action, headers);
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
    if (startedIn !== generation) {
      return respondError(new ApiError({ status: 503, type: 'api_error', message: 'The Stripe emulator was reset while this request was in flight; it was not executed.', saved: false }));
    }

    let status = 200;
    let responseBody: string;
    let extraHeaders: Record<string, string> = {};
    let saved = true;
    try {
      const ctx: RequestContext = { requestId, idempotencyKey: idemKey, apiVersion };
      const result = route.handler({ params, match, ctx });
      responseBody = json(store.expand(result, params.expand));
    } catch (e) {
      let err: ApiError;
      if (e instanceof ApiError) err = e;
      else {
        log(JSON.stringify({ kind: 'internal_error', request_id: requestId, error: e instanceof Error ? e.stack : String(e) }));
        err = new ApiError({ status: 500, type: 'api_error', message: 'An unexpected error occurred in the Stripe emulator.' });
      }
      status = err.status;
      saved = err.saved;
      extraHeaders = err.headers;
      responseBody = json(err.body(logUrl));
    }
    if (useIdem) {
      if (saved) idempotency.complete(apiKey, idemKey, { status, body: responseBody, requestId });
      else idempotency.abandon(apiKey, idemKey);
    }
    logEntry.status = status;
    logEntry.response = status >= 400 ? JSON.parse(responseBody) : undefined;
    const headers = { ...baseHeaders, ...extraHeaders };
    if (fault.action?.phase === 'after') return applyAfterFault(fault.action, headers);
    send(res, status, responseBody, headers);

    function applyAfterFault(action: NonNullable<typeof fault.action>, headers: Record<string, string>): void {
      logEntry.fault = `${action.kind}(after):${action.ruleId}`;
      if (action.kind === 'drop') {
        logEntry.status = 0;
        req.socket.destroy();
        return;
      }
      const f = injectedFailure(action.status, action.shouldRetry);
      logEntry.status = f.status;
      send(res, f.status, f.body, { ...headers, ...f.headers });
    }
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readBody(req);
    if (!raw.trim()) return {};
    const ct = String(req.headers['content-type'] ?? '');
    if (ct.includes('application/x-www-form-urlencoded')) return parseForm(raw);
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new ControlInputError('request body must be JSON (or form-encoded)');
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ControlInputError('expected a JSON object');
    return v as Record<string, unknown>;
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, url: URL, logEntry: RequestLog): Promise<void> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const ok = (v: unknown, status = 200) => {
      logEntry.status = status;
      send(res, status, json(v));
    };
    const bad = (message: string, status = 400) => {
      logEntry.status = status;
      send(res, status, json({ error: { message } }));
    };
    let m: RegExpExecArray | null;
    try {
      if (path === '/_emulator/health' && method === 'GET') return ok({ ok: true });
      if (path === '/_emulator/state' && method === 'GET') return ok(handle.state());
      if (path === '/_emulator/reset' && method === 'POST') {
        handle.reset();
        return ok({ ok: true });
      }
      if (path === '/_emulator/faults') {
        if (method === 'GET') return ok({ faults: faults.list() });
        if (method === 'DELETE') {
          faults.clear();
          return ok({ faults: [] });
        }
        if (method === 'POST') return ok({ fault: faults.add((await readJson(req)) as FaultRuleInput), faults: faults.list() });
      }
      if (path === '/_emulator/webhook-endpoints') {
        if (method === 'GET') return ok({ endpoints: dispatcher.endpoints });
        if (method === 'DELETE') {
          dispatcher.removeAllEndpoints();
          return ok({ endpoints: [] });
        }
        if (method === 'POST') {
          const body = await readJson(req);
          if (typeof body.url !== 'string') return bad('url is required');
          const enabled = Array.isArray(body.enabled_events) ? body.enabled_events.map(String) : undefined;
          return ok(dispatcher.addEndpoint({ url: body.url, secret: typeof body.secret === 'string' ? body.secret : undefined, enabled_events: enabled }));
        }
      }
      if ((m = /^\/_emulator\/webhook-endpoints\/([A-Za-z0-9_]+)$/.exec(path)) && method === 'DELETE') {
        return dispatcher.removeEndpoint(m[1]) ? ok({ id: m[1], deleted: true }) : bad(`No such webhook endpoint: ${m[1]}`, 404);
      }
      if (path === '/_emulator/webhooks/faults') {
        if (method === 'GET') return ok(dispatcher.getFaults());
        if (method === 'DELETE') {
          dispatcher.clearFaults();
          return ok(dispatcher.getFaults());
        }
        if (method === 'POST') {
          const body = await readJson(req);
          const f: WebhookFaults = {};
          for (const k of ['duplicate', 'reorder', 'reorderWindowMs', 'delayMs'] as const) {
            if (body[k] !== undefined) {
              const n = Number(body[k]);
              if (!Number.isFinite(n) || n < 0) return bad(`${k} must be a non-negative number`);
              f[k] = n;
            }
          }
          dispatcher.setFaults(f);
          if (body.paused === true) dispatcher.pause();
          if (body.paused === false) dispatcher.resume();
          return ok(dispatcher.getFaults());
        }
      }
      if (path === '/_emulator/webhooks/pause' && method === 'POST') {
        dispatcher.pause();
        return ok(dispatcher.getFaults());
      }
      if (path === '/_emulator/webhooks/resume' && method === 'POST') {
        dispatcher.resume();
        return ok(dispatcher.getFaults());
      }
      if (path === '/_emulator/webhooks/deliveries' && method === 'GET') return ok({ deliveries: dispatcher.deliveries });
      if (path === '/_emulator/webhooks/wait' && method === 'POST') {
        const timeout = Number(url.searchParams.get('timeout_ms') ?? 10_000);
        try {
          await dispatcher.waitForIdle(timeout);
          return ok({ idle: true });
        } catch (e) {
          return bad(e instanceof Error ? e.message : String(e), 504);
        }
      }
      if ((m = /^\/_emulator\/events\/([A-Za-z0-9_]+)\/resend$/.exec(path)) && method === 'POST') {
        const event = store.getEvent(m[1]);
        if (!event) return bad(`No such event: ${m[1]}`, 404);
        return ok({ id: event.id, endpoints: dispatcher.resend(event) });
      }
      if ((m = /^\/_emulator\/payment_intents\/([A-Za-z0-9_]+)\/expire_authorization$/.exec(path)) && method === 'POST') {
        return ok(store.expireAuthorization(m[1]));
      }
      if (path === '/_emulator/disputes' && method === 'POST') return ok(store.createDispute(disputeInput(await readJson(req))));
      if ((m = /^\/_emulator\/disputes\/([A-Za-z0-9_]+)\/resolve$/.exec(path)) && method === 'POST') {
        const outcome = (await readJson(req)).outcome;
        if (outcome !== 'won' && outcome !== 'lost') return bad("outcome must be 'won' or 'lost'");
        return ok(store.resolveDispute(m[1], outcome));
      }
      if (path === '/_emulator/refunds/settle_delay') {
        if (method === 'GET') return ok({ ms: settleDelayOut(store.getRefundSettleDelay()) });
        if (method === 'POST') {
          const ms = (await readJson(req)).ms;
          if (ms !== 'manual' && (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)) return bad("ms must be a non-negative number of milliseconds or 'manual'");
          store.setRefundSettleDelay(ms === 'manual' ? Infinity : ms);
          return ok({ ms: settleDelayOut(store.getRefundSettleDelay()) });
        }
      }
      if ((m = /^\/_emulator\/refunds\/([A-Za-z0-9_]+)\/settle$/.exec(path)) && method === 'POST') {
        const body = await readJson(req);
        if (body.status !== 'succeeded' && body.status !== 'failed') return bad("status must be 'succeeded' or 'failed'");
        if (body.failure_reason !== undefined && typeof body.failure_reason !== 'string') return bad('failure_reason must be a string');
        return ok(store.settleRefund(m[1], body.status, body.failure_reason));
      }
      if ((m = /^\/_emulator\/logs\/([A-Za-z0-9_]+)$/.exec(path)) && method === 'GET') {
        const entry = requestLogs.get(m[1]);
        return entry ? ok(entry) : bad(`No such request: ${m[1]}`, 404);
      }
      if ((m = /^\/_emulator\/3ds\/([A-Za-z0-9_]+)$/.exec(path))) {
        const found = store.paymentIntentForChallenge(m[1]);
        if (!found) return bad(`No such payment_intent: ${m[1]}`, 404);
        if (method === 'GET') {
          const attempt = url.searchParams.get('attempt');
          const pmId = found.pi.payment_method;
          const last4 = typeof pmId === 'string' ? (store.lookup(pmId) as Stripe.PaymentMethod | undefined)?.card?.last4 ?? null : null;
          const current = attempt && attempt === found.attempt ? found.attempt : null;
          logEntry.status = 200;
          return send(res, 200, renderChallengePage(found.pi, current, last4), {}, 'text/html; charset=utf-8');
        }
        if (method === 'POST') {
          const form = parseForm(await readBody(req));
          const action = form.action;
          if (action !== 'approve' && action !== 'fail') return bad("action must be 'approve' or 'fail'");
          const attempt = typeof form.attempt === 'string' ? form.attempt : null;
          const pi = store.completeThreeDSecure(m[1], attempt, action === 'approve') as Stripe.PaymentIntent;
          return redirectAfterChallenge(res, pi, found.returnUrl, logEntry);
        }
      }
      if (path === '/_emulator' || path === '/_emulator/') return ok({ name: 'stripe-emulator', docs: 'emulators/stripe/README.md' });
      return bad(`Unknown control endpoint: ${method} ${path}`, 404);
    } catch (e) {
      if (e instanceof ControlInputError || e instanceof FormParseError) return bad(e.message);
      // Stripe-shaped failures of control actions (unknown object 404, wrong state 400) keep Stripe's envelope.
      if (e instanceof ApiError) {
        logEntry.status = e.status;
        return send(res, e.status, json(e.body()));
      }
      throw e;
    }
  }

  function redirectAfterChallenge(res: ServerResponse, pi: Stripe.PaymentIntent, returnUrl: string | null, logEntry: RequestLog): void {
    const succeeded = pi.status === 'succeeded' || pi.status === 'requires_capture' || pi.status === 'processing';
    if (!returnUrl) {
      logEntry.status = 200;
      return send(res, 200, renderResultPage(pi, succeeded), {}, 'text/html; charset=utf-8');
    }
    const target = new URL(returnUrl);
    target.searchParams.set('payment_intent', pi.id);
    target.searchParams.set('payment_intent_client_secret', pi.client_secret ?? '');
    target.searchParams.set('redirect_status', succeeded ? 'succeeded' : 'failed');
    logEntry.status = 303;
    send(res, 303, '', { Location: target.toString() }, 'text/plain');
  }

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const isApi = url.pathname.startsWith('/v1/') || url.pathname === '/v1';
    const requestId = `req_${randomToken(14)}`;
    const logEntry: RequestLog = {
      id: requestId,
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      at: new Date(started).toISOString(),
      duration_ms: 0,
      idempotency_key: null,
      replayed: false,
      fault: null,
    };
    const finish = () => {
      logEntry.duration_ms = Date.now() - started;
      if (isApi) rememberRequest(logEntry);
      log(
        JSON.stringify({
          kind: 'request',
          ts: logEntry.at,
          request_id: isApi ? requestId : undefined,
          method: logEntry.method,
          path: logEntry.path,
          status: logEntry.status,
          ms: logEntry.duration_ms,
          idempotency_key: logEntry.idempotency_key ?? undefined,
          replayed: logEntry.replayed || undefined,
          fault: logEntry.fault ?? undefined,
          error: logEntry.status >= 400 ? (logEntry.response as { error?: { code?: string; message?: string } } | undefined)?.error?.code : undefined,
        }),
      );
    };
    const work = isApi ? handleApi(req, res, url, requestId, logEntry) : url.pathname.startsWith('/_emulator') ? handleControl(req, res, url, logEntry) : Promise.resolve(notFound());
    function notFound() {
      logEntry.status = 404;
      send(res, 404, json(unrecognizedUrl(req.method ?? 'GET', url.pathname).body()), { 'Request-Id': requestId });
    }
    work
      .catch((e: unknown) => {
        log(JSON.stringify({ kind: 'internal_error', request_id: requestId, error: e instanceof Error ? e.stack : String(e) }));
        logEntry.status = 500;
        send(res, 500, json(new ApiError({ status: 500, type: 'api_error', message: 'An unexpected error occurred in the Stripe emulator.' }).body()), { 'Request-Id': requestId });
      })
      .finally(finish);
  });
  server.keepAliveTimeout = 5_000;

  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!publicUrl) publicUrl = url;

  const handle: StripeEmulator = {
    url,
    port,
    webhookEndpoint,
    async close() {
      store.dispose();
      dispatcher.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      });
    },
    reset() {
      generation++;
      store.reset();
      idempotency.clear();
      faults.clear();
      requestLogs.clear();
      dispatcher.reset();
      dispatcher.removeAllEndpoints(false);
    },
    state() {
      return {
        counts: { ...store.counts(), idempotency_keys: idempotency.size() },
        webhooks: { ...dispatcher.stats(), faults: dispatcher.getFaults() },
        faults: faults.list(),
      };
    },
    events: () => store.allEvents(),
    addWebhookEndpoint: (input) => dispatcher.addEndpoint(input),
    removeWebhookEndpoints: () => dispatcher.removeAllEndpoints(),
    setFaults: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    setWebhookFaults: (f) => dispatcher.setFaults(f),
    clearWebhookFaults: () => dispatcher.clearFaults(),
    pauseWebhooks: () => dispatcher.pause(),
    resumeWebhooks: () => dispatcher.resume(),
    waitForWebhooks: (timeoutMs) => dispatcher.waitForIdle(timeoutMs),
    webhookDeliveries: () => dispatcher.deliveries.slice(),
    resendEvent(eventId) {
      const event = store.getEvent(eventId);
      if (!event) throw new Error(`No such event: ${eventId}`);
      return dispatcher.resend(event);
    },
    completeThreeDSecure: (id, outcome) => store.completeThreeDSecure(id, null, outcome === 'approve'),
    expireAuthorization: (id) => store.expireAuthorization(id),
    createDispute: (input) => structuredClone(store.createDispute(input)),
    resolveDispute: (id, outcome) => structuredClone(store.resolveDispute(id, outcome)),
    settleRefund: (id, status, failureReason) => structuredClone(store.settleRefund(id, status, failureReason)),
    setRefundSettleDelay: (ms) => store.setRefundSettleDelay(ms),
  };
  return handle;
}
