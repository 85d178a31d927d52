// Traces (OpenTelemetry, ADR 023): the span helpers the rest of the code calls, the traceparent
// carried in pg-boss job data, the trace ids on log lines, and the in-memory ring of recent traces
// that /admin/traces draws. Only the API here; the SDK is started by tracing-sdk.ts. With tracing
// off every helper costs one boolean test and calls straight through.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';

export { SpanKind, SpanStatusCode, type Span };

// The state lives on globalThis: the preload (server/bin/otel-hooks.mjs + tracing-start) and the
// bundled application (build/node/web.js inlines its own copy of this module) must share one ring.
type TracingState = { on: boolean; ring: TraceRing | null; stop: (() => Promise<void>) | null; service: string };
const KEY = Symbol.for('dotshop.tracing');
const g = globalThis as unknown as { [KEY]?: TracingState };
const state = (g[KEY] ??= { on: false, ring: null, stop: null, service: 'web' });

export const tracer = trace.getTracer('dotshop');

/** True when this process started the tracing SDK (DOTSHOP_TRACING=on). */
export function tracingOn(): boolean {
  return state.on;
}

/* ------------------------------------------------------------------------------------------ */
/* The ring of recent traces (the local "collector" behind /admin/traces)                       */

export type SpanRecord = {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  service: string;
  startMs: number;
  durationMs: number;
  status: 'ok' | 'error' | 'unset';
  attributes: Record<string, string | number | boolean>;
};
export type TraceSummary = { traceId: string; root: string; service: string; startedAt: number; durationMs: number; spans: number; error: boolean };

const hrMs = (t: [number, number]) => t[0] * 1e3 + t[1] / 1e6;

function toRecord(s: ReadableSpan): SpanRecord {
  const attributes: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(s.attributes)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') attributes[k] = v;
  return {
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? null,
    name: s.name,
    kind: s.kind,
    service: String(s.resource.attributes['service.name'] ?? state.service),
    startMs: hrMs(s.startTime),
    durationMs: hrMs(s.duration),
    status: s.status.code === SpanStatusCode.ERROR ? 'error' : s.status.code === SpanStatusCode.OK ? 'ok' : 'unset',
    attributes,
  };
}

/**
 * The last `maxTraces` traces this process saw, each capped at `maxSpans` spans (a runaway trace
 * cannot eat the heap). Oldest trace out first. A span processor, so the SDK feeds it as spans end.
 */
export class TraceRing implements SpanProcessor {
  private traces = new Map<string, SpanRecord[]>();
  constructor(
    readonly maxTraces = 100,
    readonly maxSpans = 500,
  ) {}
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    const id = span.spanContext().traceId;
    let spans = this.traces.get(id);
    if (!spans) {
      spans = [];
      this.traces.set(id, spans);
      if (this.traces.size > this.maxTraces) this.traces.delete(this.traces.keys().next().value!);
    } else {
      // Most recently touched last, so a trace still receiving spans (its job ran later) stays.
      this.traces.delete(id);
      this.traces.set(id, spans);
    }
    if (spans.length < this.maxSpans) spans.push(toRecord(span));
  }
  /** Spans another process of this shop exported here (the local worker; see ingestOtlpJson). */
  add(record: SpanRecord): void {
    let spans = this.traces.get(record.traceId);
    if (spans) this.traces.delete(record.traceId);
    else spans = [];
    this.traces.set(record.traceId, spans);
    if (this.traces.size > this.maxTraces) this.traces.delete(this.traces.keys().next().value!);
    if (spans.length < this.maxSpans) spans.push(record);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  get(traceId: string): SpanRecord[] | null {
    const spans = this.traces.get(traceId);
    return spans ? [...spans].sort((a, b) => a.startMs - b.startMs) : null;
  }
  list(): TraceSummary[] {
    return [...this.traces.entries()].reverse().map(([traceId, spans]) => summarize(traceId, spans));
  }
  clear() {
    this.traces.clear();
  }
}

export function summarize(traceId: string, spans: SpanRecord[]): TraceSummary {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId)) ?? spans[0];
  const start = Math.min(...spans.map((s) => s.startMs));
  const end = Math.max(...spans.map((s) => s.startMs + s.durationMs));
  return { traceId, root: root?.name ?? '?', service: root?.service ?? '?', startedAt: start, durationMs: end - start, spans: spans.length, error: spans.some((s) => s.status === 'error') };
}

/** This process's ring of recent traces (null when tracing is off). */
export function traceRing(): TraceRing | null {
  return state.ring;
}

type OtlpValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type OtlpJson = {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { spans?: { traceId: string; spanId: string; parentSpanId?: string; name: string; kind?: number; startTimeUnixNano: string | number; endTimeUnixNano: string | number; status?: { code?: number }; attributes?: { key: string; value: OtlpValue }[] }[] }[];
  }[];
};
const otlpValue = (v: OtlpValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue;

/**
 * Local mode: the worker exports its spans (OTLP/HTTP JSON) to the web process, which keeps them in
 * its ring, so /admin/traces shows a checkout end to end — the request and the jobs it caused —
 * without a collector. Returns the number of spans kept.
 */
export function ingestOtlpJson(body: unknown): number {
  const ring = state.ring;
  if (!ring || !body || typeof body !== 'object') return 0;
  let n = 0;
  for (const rs of (body as OtlpJson).resourceSpans ?? []) {
    const service = String(rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? 'unknown');
    for (const ss of rs.scopeSpans ?? []) {
      for (const sp of ss.spans ?? []) {
        if (!/^[0-9a-f]{32}$/.test(sp.traceId) || !/^[0-9a-f]{16}$/.test(sp.spanId)) continue;
        const start = Number(sp.startTimeUnixNano) / 1e6;
        const attributes: Record<string, string | number | boolean> = {};
        for (const a of sp.attributes ?? []) {
          const v = otlpValue(a.value);
          if (v !== undefined) attributes[a.key] = v;
        }
        ring.add({
          traceId: sp.traceId,
          spanId: sp.spanId,
          parentSpanId: sp.parentSpanId || null,
          name: String(sp.name).slice(0, 200),
          kind: Math.max(0, (sp.kind ?? 1) - 1), // OTLP kinds are the API's + 1
          service,
          startMs: start,
          durationMs: Number(sp.endTimeUnixNano) / 1e6 - start,
          status: sp.status?.code === 2 ? 'error' : sp.status?.code === 1 ? 'ok' : 'unset',
          attributes,
        });
        n++;
      }
    }
  }
  return n;
}

/** For tracing-sdk.ts: the process is now tracing into `ring`; `stop` shuts the SDK down. */
export function markTracingStarted(service: string, ring: TraceRing, stop: () => Promise<void>) {
  Object.assign(state, { on: true, ring, stop, service });
}

export async function stopTracing(): Promise<void> {
  const stop = state.stop;
  Object.assign(state, { on: false, stop: null });
  await stop?.().catch(() => {});
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers the code calls                                                                       */

/** Runs `fn` in a new active span; ends it when `fn` settles, recording a thrown error. Off: `fn()`. */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span | null) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL, parent?: Context): Promise<T> {
  if (!state.on) return fn(null);
  return tracer.startActiveSpan(name, { kind, attributes }, parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** The W3C `traceparent` of the active span, or undefined (tracing off or no span). */
export function currentTraceparent(): string | undefined {
  if (!state.on) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** Job data with the enqueuer's `traceparent` added (unchanged when there is none). */
export function withTraceparent<T>(data: T): T {
  const traceparent = currentTraceparent();
  if (!traceparent || !data || typeof data !== 'object' || Array.isArray(data)) return data;
  return { ...data, traceparent } as T;
}

/** The context a job's span continues: the enqueuer's, from `data.traceparent`, else a new trace. */
export function contextFromJob(data: unknown): Context {
  const traceparent = data && typeof data === 'object' ? (data as { traceparent?: unknown }).traceparent : undefined;
  if (typeof traceparent !== 'string') return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** Runs a job handler in a CONSUMER span that continues the enqueuing request's trace. */
export function withJobSpan<T>(queue: string, job: { id: string; data: unknown; retryCount?: number }, fn: () => Promise<T>): Promise<T> {
  if (!state.on) return fn();
  return withSpan(`job ${queue}`, { 'messaging.system': 'pg-boss', 'messaging.destination.name': queue, 'messaging.message.id': job.id, 'messaging.pgboss.retry_count': job.retryCount ?? 0 }, () => fn(), SpanKind.CONSUMER, contextFromJob(job.data));
}

/** `trace_id`/`span_id` of the active span for a log line (pino mixin); {} when off or outside a span. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  if (!state.on) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}

/**
 * Names the request's server span `METHOD <route id>` (and sets `http.route`): the HTTP
 * instrumentation renames its span from the request's RPC metadata when the response ends.
 */
export function nameRequestSpan(route: string): void {
  if (!state.on) return;
  const meta = getRPCMetadata(context.active());
  if (meta?.type === RPCType.HTTP) meta.route = route;
}
