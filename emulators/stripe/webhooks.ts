// Webhook delivery as Stripe does it: each Event is POSTed as JSON to every matching endpoint with
// a `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by the secret>` header
// (what `stripe.webhooks.constructEvent` verifies), retried on non-2xx or connection failure on a
// compressed backoff schedule. Faults for tests: duplicate, reorder, delay, pause/resume.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomToken } from './errors';
import { type EventRecord } from './store';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  enabled_events: string[];
  /** Configured at start (survives `reset`), or added through the control API. */
  fromStart: boolean;
}

export interface WebhookFaults {
  /** Deliver every event this many times (≥ 1). */
  duplicate?: number;
  /** Hold events until this many are buffered (or `reorderWindowMs` passes), then deliver them shuffled. */
  reorder?: number;
  reorderWindowMs?: number;
  /** Delay each delivery by this many ms. */
  delayMs?: number;
}

export interface DeliveryAttempt {
  event_id: string;
  event_type: string;
  endpoint_id: string;
  url: string;
  /** 1-based attempt number for this copy of the event. */
  attempt: number;
  /** Which copy (1-based) when the duplicate fault is on. */
  copy: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  at: string;
  duration_ms: number;
}

export interface DispatcherOptions {
  /** Delays (ms) before each retry; its length bounds the number of retries. */
  retrySchedule: number[];
  timeoutMs: number;
  log: (line: string) => void;
  /** Called when an event has been delivered successfully to one endpoint. */
  onDelivered?: (event: EventRecord) => void;
}

interface Job {
  event: EventRecord;
  endpoint: WebhookEndpoint;
  copy: number;
}

/** Stripe's signature header for a payload, as `stripe.webhooks.constructEvent` expects it. */
export function signPayload(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const sig = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${sig}`;
}

export function matchesEnabledEvents(enabled: string[], type: string): boolean {
  return enabled.some((e) => e === '*' || e === type || (e.endsWith('.*') && type.startsWith(e.slice(0, -1))));
}

export class WebhookDispatcher {
  readonly endpoints: WebhookEndpoint[] = [];
  readonly deliveries: DeliveryAttempt[] = [];
  private faults: WebhookFaults = {};
  private paused = false;
  private pausedQueue: Job[] = [];
  private reorderBuffer: Job[] = [];
  private reorderTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  /** Jobs accepted and not yet finished (delivered, or given up after the last retry). */
  private outstanding = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Bumped by reset(): deliveries started before it are forgotten when they finish. */
  private generation = 0;

  constructor(private readonly opts: DispatcherOptions) {}

  addEndpoint(input: { url: string; secret?: string; enabled_events?: string[] }, fromStart = false): WebhookEndpoint {
    const url = new URL(input.url).toString();
    const endpoint: WebhookEndpoint = {
      id: `we_${randomToken(24)}`,
      url,
      secret: input.secret ?? `whsec_${randomToken(32)}`,
      enabled_events: input.enabled_events?.length ? input.enabled_events : ['*'],
      fromStart,
    };
    this.endpoints.push(endpoint);
    return endpoint;
  }

  removeEndpoint(id: string): boolean {
    const i = this.endpoints.findIndex((e) => e.id === id);
    if (i === -1) return false;
    this.endpoints.splice(i, 1);
    return true;
  }

  removeAllEndpoints(includeFromStart = true): void {
    for (let i = this.endpoints.length - 1; i >= 0; i--) {
      if (includeFromStart || !this.endpoints[i].fromStart) this.endpoints.splice(i, 1);
    }
  }

  setFaults(f: WebhookFaults): WebhookFaults {
    this.faults = { ...this.faults, ...f };
    return this.faults;
  }

  clearFaults(): void {
    this.faults = {};
    this.flushReorder();
  }

  getFaults(): WebhookFaults & { paused: boolean } {
    return { ...this.faults, paused: this.paused };
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const queued = this.pausedQueue;
    this.pausedQueue = [];
    for (const job of queued) this.route(job);
  }

  /** Clear deliveries, queues and faults (endpoints are kept; see removeAllEndpoints). */
  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    this.reorderTimer = null;
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    this.pausedQueue = [];
    this.reorderBuffer = [];
    this.deliveries.length = 0;
    this.faults = {};
    this.paused = false;
    this.outstanding = 0;
    this.generation++;
    this.notifyIdle();
  }

  stats() {
    return {
      endpoints: this.endpoints.length,
      outstanding: this.outstanding,
      paused: this.paused,
      queued_while_paused: this.pausedQueue.length,
      held_for_reorder: this.reorderBuffer.length,
      attempts: this.deliveries.length,
      delivered: this.deliveries.filter((d) => d.ok).length,
      failed_attempts: this.deliveries.filter((d) => !d.ok).length,
    };
  }

  /** Queue an event for every matching endpoint; returns how many endpoints will receive it. */
  enqueue(event: EventRecord): number {
    const targets = this.endpoints.filter((e) => matchesEnabledEvents(e.enabled_events, event.type));
    const copies = Math.max(1, Math.floor(this.faults.duplicate ?? 1));
    for (const endpoint of targets) {
      for (let copy = 1; copy <= copies; copy++) this.accept({ event, endpoint, copy });
    }
    return targets.length;
  }

  /** Deliver an existing event again (like `stripe events resend`). */
  resend(event: EventRecord, endpointId?: string): number {
    const targets = this.endpoints.filter((e) => (endpointId ? e.id === endpointId : matchesEnabledEvents(e.enabled_events, event.type)));
    for (const endpoint of targets) this.accept({ event, endpoint, copy: 1 });
    return targets.length;
  }

  private accept(job: Job): void {
    if (this.closed) return;
    this.outstanding++;
    this.route(job);
  }

  private route(job: Job): void {
    if (this.paused) {
      this.pausedQueue.push(job);
      return;
    }
    const batch = Math.floor(this.faults.reorder ?? 0);
    if (batch > 1) {
      this.reorderBuffer.push(job);
      if (this.reorderBuffer.length >= batch) this.flushReorder();
      else if (!this.reorderTimer) {
        this.reorderTimer = setTimeout(() => this.flushReorder(), this.faults.reorderWindowMs ?? 1000);
      }
      return;
    }
    this.schedule(job, this.faults.delayMs ?? 0, 1);
  }

  private flushReorder(): void {
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    this.reorderTimer = null;
    const jobs = this.reorderBuffer;
    this.reorderBuffer = [];
    if (jobs.length === 0) return;
    const shuffled = shuffleDifferently(jobs);
    // Stagger slightly so the receiver sees them in the shuffled order.
    shuffled.forEach((job, i) => this.schedule(job, (this.faults.delayMs ?? 0) + i * 10, 1));
  }

  private schedule(job: Job, delayMs: number, attempt: number): void {
    if (this.closed) return;
    if (delayMs <= 0) {
      void this.deliver(job, attempt);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.deliver(job, attempt);
    }, delayMs);
    this.timers.add(t);
  }

  private async deliver(job: Job, attempt: number): Promise<void> {
    if (this.closed) return;
    const generation = this.generation;
    const { event, endpoint } = job;
    const payload = JSON.stringify(event, null, 2);
    const started = Date.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await postJson(endpoint.url, payload, signPayload(payload, endpoint.secret), controller.signal);
    } catch (e) {
      error = controller.signal.aborted ? `timed out after ${this.opts.timeoutMs} ms` : errorMessage(e);
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    if (this.closed || generation !== this.generation) return;
    const ok = status !== null && status >= 200 && status < 300;
    const record: DeliveryAttempt = {
      event_id: event.id,
      event_type: event.type,
      endpoint_id: endpoint.id,
      url: endpoint.url,
      attempt,
      copy: job.copy,
      status,
      error,
      ok,
      at: new Date(started).toISOString(),
      duration_ms: Date.now() - started,
    };
    this.deliveries.push(record);
    this.opts.log(JSON.stringify({ kind: 'webhook', ...record }));
    if (ok) {
      this.opts.onDelivered?.(event);
      this.finish();
      return;
    }
    const retryIn = this.opts.retrySchedule[attempt - 1];
    if (retryIn === undefined) {
      this.finish();
      return;
    }
    this.schedule(job, retryIn, attempt + 1);
  }

  private finish(): void {
    this.outstanding = Math.max(0, this.outstanding - 1);
    if (this.outstanding === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /**
   * Resolves when every accepted delivery has finished (succeeded or exhausted its retries).
   * Events held by pause or by an unfilled reorder batch count as outstanding.
   */
  waitForIdle(timeoutMs = 10_000): Promise<void> {
    if (this.outstanding === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== done);
        reject(new Error(`webhook deliveries still outstanding after ${timeoutMs} ms (${this.outstanding} left)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(t);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  close(): void {
    this.reset();
    this.closed = true;
  }
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    return code ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

/**
 * POST the payload with node:http(s) (not fetch: fetch refuses "bad ports" such as 6000 that a
 * local receiver may well use). Resolves with the status once the response body has been read.
 */
function postJson(url: string, payload: string, signature: string, signal: AbortSignal): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        signal,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Content-Length': String(Buffer.byteLength(payload)),
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signature,
          'Cache-Control': 'no-cache',
          Accept: '*/*; q=0.5, application/json',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Fisher–Yates shuffle that never returns the original order (for 2+ items). */
function shuffleDifferently<T>(items: T[]): T[] {
  if (items.length < 2) return items.slice();
  for (;;) {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    if (out.some((x, i) => x !== items[i])) return out;
  }
}
