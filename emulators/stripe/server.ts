// A local Stripe API server the real `stripe` SDK talks to:
//   new Stripe('sk_test_…', { host: '127.0.0.1', port, protocol: 'http' })
// This file wires the parts together and owns the emulator's handle: the `/v1` pipeline (api.ts),
// the in-memory account (store/), signed webhooks (webhooks.ts), faults (faults.ts) and the
// control API under /_emulator. See README.md in this folder for the endpoint list.
import type Stripe from 'stripe';
import { basicControlRoutes, type ControlRoute, ControlError, ControlInputError, handleControl, RawReply } from '../kit/control';
import { faultControlRoutes } from '../kit/faults';
import { faultAndWebhookMethods, type FaultAndWebhookMethods } from '../kit/handle';
import { errorText, listen, requestListener, send } from '../kit/http';
import { webhookControlRoutes } from '../kit/webhook-control';
import { apiHandler, json, type RequestLog } from './api';
import { ApiError, randomToken, unrecognizedUrl } from './errors';
import { type FaultRule, type FaultRuleInput, Faults } from './faults';
import { FormParseError, parseForm } from './form';
import { IdempotencyStore } from './idempotency';
import { StateFileWriter } from './state-file';
import { balanceRoutes } from './store/balance';
import { chargeRoutes } from './store/charges';
import { completeThreeDSecure } from './store/confirmation';
import { type EventRecord, StripeStore } from './store/core';
import { createDispute, disputeControlRoutes, type DisputeInput, disputeRoutes, resolveDispute } from './store/disputes';
import { eventRoutes } from './store/events';
import { expireAuthorization, paymentIntentControlRoutes, paymentIntentRoutes } from './store/payment-intents';
import { paymentMethodRoutes } from './store/payment-methods';
import { refundControlRoutes, refundRoutes, settleRefund } from './store/refunds';
import { threeDSecureControlRoutes } from './three-ds-page';
import { type DeliveryAttempt, endpointControlRoutes, StripeWebhooks, type WebhookEndpoint, type WebhookFaults } from './webhooks';

export { testCardNumbers, testCards, paymentMethodForCardNumber } from '../../server/integrations/stripe/test-cards';
export { signPayload } from './webhooks';
export type { EventRecord } from './store/core';
export type { DisputeInput } from './store/disputes';
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
  /** Keep the account in this JSON file: loaded at start, written after changes and at close. */
  stateFile?: string;
}

export interface StripeEmulatorState {
  counts: ReturnType<StripeStore['counts']> & { idempotency_keys: number };
  webhooks: ReturnType<StripeWebhooks['stats']> & { faults: WebhookFaults & { paused: boolean } };
  faults: FaultRule[];
}

/** Also: setFaults, clearFaults, setWebhookFaults, clearWebhookFaults, pauseWebhooks, resumeWebhooks, waitForWebhooks, webhookDeliveries. */
export interface StripeEmulator extends FaultAndWebhookMethods<FaultRuleInput, FaultRule, DeliveryAttempt> {
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

/** Every `/v1` endpoint, resource by resource; earlier patterns win (`/search` before `/:id`). */
const API_ROUTES = [...paymentIntentRoutes, ...chargeRoutes, ...refundRoutes, ...disputeRoutes, ...balanceRoutes, ...paymentMethodRoutes, ...eventRoutes];

export async function startStripeEmulator(opts: StripeEmulatorOptions = {}): Promise<StripeEmulator> {
  const log = opts.log ?? (() => {});
  let publicUrl = opts.publicUrl?.replace(/\/$/, '') ?? '';
  const faults = new Faults();
  const idempotency = new IdempotencyStore(opts.idempotencyTtlMs);
  const requestLogs = new Map<string, RequestLog>();
  /** Bumped by reset(): API requests that were already in flight are not executed against the new state. */
  let generation = 0;
  const dispatcher = new StripeWebhooks({ retrySchedule: opts.webhookRetrySchedule ?? [500, 1000, 2000, 4000, 8000], timeoutMs: opts.webhookTimeoutMs ?? 10_000, log });
  const store = new StripeStore({
    publicUrl: () => publicUrl,
    searchLagMs: opts.searchLagMs,
    onEvent: (event) => dispatcher.enqueue(event),
    refundSettleDelayMs: opts.refundSettleDelayMs,
    disputeFee: opts.disputeFee,
  });
  const stateFile = opts.stateFile ? new StateFileWriter(opts.stateFile, store, idempotency) : null;
  if (stateFile?.load()) log(JSON.stringify({ kind: 'state_restored', file: opts.stateFile, counts: store.counts() }));
  const webhookEndpoint = opts.webhookUrl ? dispatcher.addEndpoint({ url: opts.webhookUrl, secret: opts.webhookSecret }, true) : null;
  const handleApi = apiHandler({ store, routes: API_ROUTES, faults, idempotency, apiVersion: opts.apiVersion, apiKeys: opts.apiKeys, publicUrl: () => publicUrl, generation: () => generation, log });

  function rememberRequest(entry: RequestLog): void {
    requestLogs.set(entry.id, entry);
    if (requestLogs.size > 1000) {
      const oldest = requestLogs.keys().next().value;
      if (oldest !== undefined) requestLogs.delete(oldest);
    }
  }

  const about = () => ({ name: 'stripe-emulator', docs: 'emulators/stripe/README.md' });
  const controlRoutes: ControlRoute[] = [
    ...basicControlRoutes({ state: () => handle.state(), reset: () => handle.reset() }),
    ...faultControlRoutes(faults),
    ...endpointControlRoutes(dispatcher, (id) => store.getEvent(id)),
    ...webhookControlRoutes({ dispatcher, pause: () => dispatcher.pause(), resume: () => dispatcher.resume() }),
    ...paymentIntentControlRoutes(store),
    ...disputeControlRoutes(store),
    ...refundControlRoutes(store),
    {
      method: 'GET',
      path: /^\/_emulator\/logs\/([A-Za-z0-9_]+)$/,
      handle: ({ match }) => {
        const entry = requestLogs.get(match[1]);
        if (!entry) throw new ControlError(`No such request: ${match[1]}`, 404);
        return entry;
      },
    },
    ...threeDSecureControlRoutes(store),
    { method: '*', path: '/_emulator', handle: about },
    { method: '*', path: '/_emulator/', handle: about },
  ];
  const controlErrors = (e: unknown) => {
    if (e instanceof FormParseError) return new ControlInputError(e.message);
    // Stripe-shaped failures of control actions (unknown object 404, wrong state 400) keep Stripe's envelope.
    if (e instanceof ApiError) return new RawReply(e.status, json(e.body()), {}, 'application/json');
    return undefined;
  };

  const running = await listen(
    requestListener((req, res, url, started) => {
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
      const reply = (status: number, body: string, headers: Record<string, string> = {}, contentType?: string) => {
        logEntry.status = status;
        send(res, status, body, headers, contentType);
      };
      return {
        handle: async () => {
          if (isApi) return handleApi(req, res, url, requestId, logEntry);
          if (url.pathname.startsWith('/_emulator')) return handleControl(req, url, url.pathname, controlRoutes, { json, reply, parseForm, onError: controlErrors });
          reply(404, json(unrecognizedUrl(req.method ?? 'GET', url.pathname).body()), { 'Request-Id': requestId });
        },
        crashed: (e) => {
          log(JSON.stringify({ kind: 'internal_error', request_id: requestId, error: errorText(e) }));
          reply(500, json(new ApiError({ status: 500, type: 'api_error', message: 'An unexpected error occurred in the Stripe emulator.' }).body()), { 'Request-Id': requestId });
        },
        finished: () => {
          if (req.method !== 'GET') stateFile?.schedule();
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
        },
      };
    }),
    opts.port,
    opts.host,
  );
  if (!publicUrl) publicUrl = running.url;

  const handle: StripeEmulator = {
    url: running.url,
    port: running.port,
    webhookEndpoint,
    async close() {
      stateFile?.saveNow();
      store.dispose();
      dispatcher.close();
      await running.close();
    },
    reset() {
      generation++;
      store.reset();
      idempotency.clear();
      faults.clear();
      requestLogs.clear();
      dispatcher.reset();
      dispatcher.removeAllTargets(false);
      stateFile?.saveNow();
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
    removeWebhookEndpoints: () => dispatcher.removeAllTargets(),
    ...faultAndWebhookMethods(faults, dispatcher, dispatcher),
    resendEvent(eventId) {
      const event = store.getEvent(eventId);
      if (!event) throw new Error(`No such event: ${eventId}`);
      return dispatcher.resend(event);
    },
    completeThreeDSecure: (id, outcome) => completeThreeDSecure(store, id, null, outcome === 'approve'),
    expireAuthorization: (id) => expireAuthorization(store, id),
    createDispute: (input) => structuredClone(createDispute(store, input)),
    resolveDispute: (id, outcome) => structuredClone(resolveDispute(store, id, outcome)),
    settleRefund: (id, status, failureReason) => structuredClone(settleRefund(store, id, status, failureReason)),
    setRefundSettleDelay: (ms) => store.setRefundSettleDelay(ms),
  };
  return handle;
}
