// Webhook delivery as Shopify does it over HTTPS subscriptions: each event is POSTed as compact JSON
// with
//   X-Shopify-Topic, X-Shopify-Hmac-Sha256 (base64 HMAC-SHA256 of the raw body, keyed by the app's
//   API secret), X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id (one per event
//   and subscription, the same on every retry), X-Shopify-Event-Id (one per event), and
//   X-Shopify-Triggered-At (when the event happened — unchanged on retries).
// Non-2xx answers, connection errors and timeouts (Shopify allows 5 s) are retried on a schedule
// (Shopify: 8 retries over 4 hours; here compressed and configurable), with the original payload.
// Each subscription sends one request at a time, in the order deliveries come due (Shopify promises
// no order; the reorder fault and retries produce out-of-order arrivals on purpose).
// Faults for tests: duplicate, reorder, delay; pause/resume (the emulator's "down" holds deliveries).
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { uuid } from './ids';
import { type StoreEvent, WEBHOOK_TOPICS } from './store';

export interface WebhookSubscription {
  id: string;
  url: string;
  /** Topics delivered (`*` = every topic the emulator emits). */
  topics: string[];
  /** Configured at start (survives `reset`), or added through the control API. */
  fromStart: boolean;
}

export interface WebhookFaults {
  /** Deliver every webhook this many times (same webhook id and event id). */
  duplicate?: number;
  /** Hold webhooks until this many are buffered (or `reorderWindowMs` passes), then deliver them shuffled. */
  reorder?: number;
  reorderWindowMs?: number;
  /** Delay each delivery by this many ms. */
  delayMs?: number;
}

export interface DeliveryAttempt {
  webhook_id: string;
  event_id: string;
  topic: string;
  subscription_id: string;
  url: string;
  /** 1-based attempt number for this copy. */
  attempt: number;
  /** Which copy (1-based) when the duplicate fault is on. */
  copy: number;
  status: number | null;
  error: string | null;
  ok: boolean;
  triggered_at: string;
  at: string;
  duration_ms: number;
}

export interface RecordedEvent extends StoreEvent {
  /** The exact body delivered (and signed). */
  body: string;
}

export interface DispatcherOptions {
  shopDomain: string;
  apiVersion: string;
  /** Signs X-Shopify-Hmac-Sha256 (the app's API secret / client secret). */
  secret: () => string;
  /** Delays (ms) before each retry; its length bounds the number of retries. */
  retrySchedule: number[];
  timeoutMs: number;
  log: (line: string) => void;
}

interface Job {
  event: RecordedEvent;
  subscription: WebhookSubscription;
  webhookId: string;
  copy: number;
  attempt: number;
}

/** X-Shopify-Hmac-Sha256 for a raw body: base64 HMAC-SHA256 keyed by the API secret. */
export function signBody(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('base64');
}

export function topicMatches(topics: string[], topic: string): boolean {
  return topics.some((t) => t === '*' || t === topic);
}

export class WebhookDispatcher {
  readonly subscriptions: WebhookSubscription[] = [];
  readonly deliveries: DeliveryAttempt[] = [];
  readonly events: RecordedEvent[] = [];
  private faults: WebhookFaults = {};
  private paused = false;
  private pausedQueue: Job[] = [];
  private reorderBuffer: Job[] = [];
  private reorderTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private outstanding = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private generation = 0;
  private nextSub = 1;
  private readonly sendQueues = new Map<string, Job[]>();
  private readonly sending = new Set<string>();

  constructor(private readonly opts: DispatcherOptions) {}

  addSubscription(input: { url: string; topics?: string[] }, fromStart = false): WebhookSubscription {
    const url = new URL(input.url).toString();
    const topics = input.topics?.length ? input.topics : ['*'];
    for (const t of topics) {
      if (t !== '*' && !(WEBHOOK_TOPICS as readonly string[]).includes(t)) throw new Error(`unknown webhook topic ${t} (the emulator sends ${WEBHOOK_TOPICS.join(', ')})`);
    }
    const sub: WebhookSubscription = { id: `gid://shopify/WebhookSubscription/${900000 + this.nextSub++}`, url, topics, fromStart };
    this.subscriptions.push(sub);
    return sub;
  }

  removeSubscription(id: string): boolean {
    const i = this.subscriptions.findIndex((s) => s.id === id);
    if (i === -1) return false;
    this.subscriptions.splice(i, 1);
    return true;
  }

  removeAllSubscriptions(includeFromStart = true): void {
    for (let i = this.subscriptions.length - 1; i >= 0; i--) {
      if (includeFromStart || !this.subscriptions[i].fromStart) this.subscriptions.splice(i, 1);
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

  isPaused(): boolean {
    return this.paused;
  }

  /** Hold every delivery, including scheduled retries, until resume(). */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const queued = this.pausedQueue;
    this.pausedQueue = [];
    for (const job of queued) this.route(job);
  }

  reset(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    this.reorderTimer = null;
    for (const c of this.controllers) c.abort();
    this.controllers.clear();
    this.pausedQueue = [];
    this.reorderBuffer = [];
    for (const q of this.sendQueues.values()) q.length = 0;
    this.deliveries.length = 0;
    this.events.length = 0;
    this.faults = {};
    this.paused = false;
    this.outstanding = 0;
    this.generation++;
    this.notifyIdle();
  }

  stats() {
    return {
      subscriptions: this.subscriptions.length,
      events: this.events.length,
      outstanding: this.outstanding,
      paused: this.paused,
      held_while_paused: this.pausedQueue.length,
      held_for_reorder: this.reorderBuffer.length,
      attempts: this.deliveries.length,
      delivered: this.deliveries.filter((d) => d.ok).length,
      failed_attempts: this.deliveries.filter((d) => !d.ok).length,
    };
  }

  /** Record an event and queue it for every subscription to its topic. */
  enqueue(event: StoreEvent): number {
    const recorded: RecordedEvent = { ...event, body: JSON.stringify(event.payload) };
    this.events.push(recorded);
    if (this.events.length > 5000) this.events.shift();
    return this.dispatch(recorded);
  }

  /** Deliver a recorded event again (a new webhook id, the same event id — like a redelivery). */
  resend(eventId: string): number {
    const event = this.events.find((e) => e.eventId === eventId);
    if (!event) throw new Error(`No such event: ${eventId}`);
    return this.dispatch(event);
  }

  private dispatch(event: RecordedEvent): number {
    const targets = this.subscriptions.filter((s) => topicMatches(s.topics, event.topic));
    const copies = Math.max(1, Math.floor(this.faults.duplicate ?? 1));
    for (const subscription of targets) {
      const webhookId = uuid();
      for (let copy = 1; copy <= copies; copy++) this.accept({ event, subscription, webhookId, copy, attempt: 1 });
    }
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
    if (batch > 1 && job.attempt === 1) {
      this.reorderBuffer.push(job);
      if (this.reorderBuffer.length >= batch) this.flushReorder();
      else if (!this.reorderTimer) this.reorderTimer = setTimeout(() => this.flushReorder(), this.faults.reorderWindowMs ?? 1000);
      return;
    }
    this.schedule(job, this.faults.delayMs ?? 0);
  }

  private flushReorder(): void {
    if (this.reorderTimer) clearTimeout(this.reorderTimer);
    this.reorderTimer = null;
    const jobs = this.reorderBuffer;
    this.reorderBuffer = [];
    if (jobs.length === 0) return;
    // Stagger slightly so the receiver sees them in the shuffled order.
    shuffleDifferently(jobs).forEach((job, i) => this.schedule(job, (this.faults.delayMs ?? 0) + i * 10));
  }

  private schedule(job: Job, delayMs: number): void {
    if (this.closed) return;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        this.send(job);
      },
      Math.max(0, delayMs),
    );
    this.timers.add(t);
  }

  /**
   * Each subscription sends one request at a time, in the order deliveries come due, so webhooks
   * arrive in event order unless a fault (reorder, retries) says otherwise.
   */
  private send(job: Job): void {
    const id = job.subscription.id;
    let queue = this.sendQueues.get(id);
    if (!queue) {
      queue = [];
      this.sendQueues.set(id, queue);
    }
    queue.push(job);
    void this.pump(id, queue);
  }

  private async pump(id: string, queue: Job[]): Promise<void> {
    if (this.sending.has(id)) return;
    this.sending.add(id);
    try {
      for (let job = queue.shift(); job; job = queue.shift()) {
        if (this.closed) return;
        if (this.paused) {
          this.pausedQueue.push(job);
          continue;
        }
        await this.deliver(job);
      }
    } finally {
      this.sending.delete(id);
    }
  }

  private async deliver(job: Job): Promise<void> {
    if (this.closed) return;
    const generation = this.generation;
    const { event, subscription } = job;
    const started = Date.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    const triggeredAt = new Date(event.triggeredAt).toISOString();
    try {
      status = await postJson(
        subscription.url,
        event.body,
        {
          'X-Shopify-Topic': event.topic,
          'X-Shopify-Hmac-Sha256': signBody(event.body, this.opts.secret()),
          'X-Shopify-Shop-Domain': this.opts.shopDomain,
          'X-Shopify-API-Version': this.opts.apiVersion,
          'X-Shopify-Webhook-Id': job.webhookId,
          'X-Shopify-Event-Id': event.eventId,
          'X-Shopify-Triggered-At': triggeredAt,
        },
        controller.signal,
      );
    } catch (e) {
      error = controller.signal.aborted ? `timed out after ${this.opts.timeoutMs} ms` : errorMessage(e);
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    if (this.closed || generation !== this.generation) return;
    const ok = status !== null && status >= 200 && status < 300;
    const record: DeliveryAttempt = {
      webhook_id: job.webhookId,
      event_id: event.eventId,
      topic: event.topic,
      subscription_id: subscription.id,
      url: subscription.url,
      attempt: job.attempt,
      copy: job.copy,
      status,
      error,
      ok,
      triggered_at: triggeredAt,
      at: new Date(started).toISOString(),
      duration_ms: Date.now() - started,
    };
    this.deliveries.push(record);
    this.opts.log(JSON.stringify({ kind: 'webhook', ...record }));
    if (ok) return this.finish();
    const retryIn = this.opts.retrySchedule[job.attempt - 1];
    if (retryIn === undefined) return this.finish();
    this.schedule({ ...job, attempt: job.attempt + 1 }, retryIn);
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

  /** Resolves when every accepted delivery has finished (delivered, or given up after the last retry). Held deliveries count as outstanding. */
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

/** POST with node:http(s) (fetch refuses some local "bad ports"); resolves with the status once the body is read. */
function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
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
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'User-Agent': 'Shopify-Captain-Hook',
          Accept: '*/*',
          ...headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
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
