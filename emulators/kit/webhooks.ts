// Webhook delivery as both emulators do it: every event is POSTed to each matching target, retried on
// non-2xx answers, connection errors and timeouts on a (compressed) schedule, with the test faults
// duplicate, reorder, delay and pause/resume. Each emulator supplies its targets, its signed request
// (body and headers) and the shape of its delivery log.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { randomUUID } from 'node:crypto';

export interface WebhookFaults {
  /** Deliver every event this many times (≥ 1). */
  duplicate?: number;
  /** Hold deliveries until this many are buffered (or `reorderWindowMs` passes), then deliver them shuffled. */
  reorder?: number;
  reorderWindowMs?: number;
  /** Delay each delivery by this many ms. */
  delayMs?: number;
}

/** An endpoint or subscription. */
export interface WebhookTarget {
  id: string;
  url: string;
  /** Configured at start (survives `reset`), or added through the control API. */
  fromStart: boolean;
}

export interface DeliveryJob<E, T> {
  event: E;
  target: T;
  /** One id per event and target, the same on every copy and retry. */
  deliveryId: string;
  /** Which copy (1-based) when the duplicate fault is on. */
  copy: number;
  /** 1-based attempt number for this copy. */
  attempt: number;
}

export interface DeliveryOutcome {
  status: number | null;
  error: string | null;
  ok: boolean;
  at: string;
  duration_ms: number;
}

/** The fields every emulator's delivery log has. */
export interface DeliveryAttemptBase extends DeliveryOutcome {
  /** 1-based attempt number for this copy. */
  attempt: number;
  /** Which copy (1-based) when the duplicate fault is on. */
  copy: number;
}

export interface DeliverySpec<E, T, D> {
  /** Delays (ms) before each retry; its length bounds the number of retries. */
  retrySchedule: number[];
  timeoutMs: number;
  log: (line: string) => void;
  /**
   * Shopify sends one request at a time per target, in the order deliveries come due, and holds
   * due deliveries (retries too) while paused. Otherwise each delivery starts when it is due — at
   * once when nothing delays it — and only new deliveries wait out a pause (Stripe).
   */
  serialPerTarget?: boolean;
  /** The signed request for one attempt (Content-Length is added). */
  request(job: DeliveryJob<E, T>): { body: string; headers: Record<string, string> };
  /** The delivery log's record of one attempt. */
  record(job: DeliveryJob<E, T>, outcome: DeliveryOutcome): D;
  /** Called when one target has acknowledged the event. */
  onDelivered?(event: E): void;
}

export class WebhookDispatcher<E, T extends WebhookTarget, D extends { ok: boolean }> {
  readonly targets: T[] = [];
  readonly deliveries: D[] = [];
  private faults: WebhookFaults = {};
  private paused = false;
  private pausedQueue: DeliveryJob<E, T>[] = [];
  private reorderBuffer: DeliveryJob<E, T>[] = [];
  private reorderTimer: NodeJS.Timeout | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  /** Deliveries accepted and not yet finished (delivered, or given up after the last retry). */
  private outstanding = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Bumped by reset(): deliveries started before it are forgotten when they finish. */
  private generation = 0;
  private readonly sendQueues = new Map<string, DeliveryJob<E, T>[]>();
  private readonly sending = new Set<string>();

  constructor(private readonly spec: DeliverySpec<E, T, D>) {}

  protected addTarget(target: T): T {
    this.targets.push(target);
    return target;
  }

  removeTarget(id: string): boolean {
    const i = this.targets.findIndex((t) => t.id === id);
    if (i === -1) return false;
    this.targets.splice(i, 1);
    return true;
  }

  removeAllTargets(includeFromStart = true): void {
    for (let i = this.targets.length - 1; i >= 0; i--) {
      if (includeFromStart || !this.targets[i].fromStart) this.targets.splice(i, 1);
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

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const queued = this.pausedQueue;
    this.pausedQueue = [];
    for (const job of queued) this.route(job);
  }

  /** Clear deliveries, queues and faults (targets are kept; see removeAllTargets). */
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
    this.faults = {};
    this.paused = false;
    this.outstanding = 0;
    this.generation++;
    this.notifyIdle();
  }

  /** Counters for the state endpoint, under the names each emulator documents. */
  protected tally<K extends string, H extends string, X extends object>(names: { targets: K; held: H }, extra: X) {
    return {
      ...({ [names.targets]: this.targets.length } as Record<K, number>),
      ...extra,
      outstanding: this.outstanding,
      paused: this.paused,
      ...({ [names.held]: this.pausedQueue.length } as Record<H, number>),
      held_for_reorder: this.reorderBuffer.length,
      attempts: this.deliveries.length,
      delivered: this.deliveries.filter((d) => d.ok).length,
      failed_attempts: this.deliveries.filter((d) => !d.ok).length,
    };
  }

  /** Queue an event for each target (`copies` times); returns how many targets will receive it. */
  protected dispatch(event: E, targets: T[], copies = Math.max(1, Math.floor(this.faults.duplicate ?? 1))): number {
    for (const target of targets) {
      const deliveryId = randomUUID();
      for (let copy = 1; copy <= copies; copy++) this.accept({ event, target, deliveryId, copy, attempt: 1 });
    }
    return targets.length;
  }

  private accept(job: DeliveryJob<E, T>): void {
    if (this.closed) return;
    this.outstanding++;
    this.route(job);
  }

  private route(job: DeliveryJob<E, T>): void {
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

  private schedule(job: DeliveryJob<E, T>, delayMs: number): void {
    if (this.closed) return;
    const serial = this.spec.serialPerTarget === true;
    if (!serial && delayMs <= 0) {
      void this.deliver(job);
      return;
    }
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        if (serial) this.send(job);
        else void this.deliver(job);
      },
      Math.max(0, delayMs),
    );
    this.timers.add(t);
  }

  /** Serial delivery: each target works through its due deliveries one request at a time. */
  private send(job: DeliveryJob<E, T>): void {
    const id = job.target.id;
    let queue = this.sendQueues.get(id);
    if (!queue) {
      queue = [];
      this.sendQueues.set(id, queue);
    }
    queue.push(job);
    void this.pump(id, queue);
  }

  private async pump(id: string, queue: DeliveryJob<E, T>[]): Promise<void> {
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

  private async deliver(job: DeliveryJob<E, T>): Promise<void> {
    if (this.closed) return;
    const generation = this.generation;
    const started = Date.now();
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.spec.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const { body, headers } = this.spec.request(job);
      status = await postJson(job.target.url, body, headers, controller.signal);
    } catch (e) {
      error = controller.signal.aborted ? `timed out after ${this.spec.timeoutMs} ms` : errorMessage(e);
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
    if (this.closed || generation !== this.generation) return;
    const ok = status !== null && status >= 200 && status < 300;
    const record = this.spec.record(job, { status, error, ok, at: new Date(started).toISOString(), duration_ms: Date.now() - started });
    this.deliveries.push(record);
    this.spec.log(JSON.stringify({ kind: 'webhook', ...record }));
    if (ok) {
      this.spec.onDelivered?.(job.event);
      return this.finish();
    }
    const retryIn = this.spec.retrySchedule[job.attempt - 1];
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

  /**
   * Resolves when every accepted delivery has finished (succeeded or exhausted its retries).
   * Deliveries held by pause or by an unfilled reorder batch count as outstanding.
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
 * POST with node:http(s), not fetch: fetch refuses "bad ports" such as 6000 that a local receiver
 * may well use. Resolves with the status once the response body has been read.
 */
function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: 'POST', agent: false, signal, headers: { 'Content-Length': String(Buffer.byteLength(body)), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
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
