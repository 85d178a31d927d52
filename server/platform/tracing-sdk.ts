// Starts the OpenTelemetry SDK for this process (ADR 023): the HTTP, undici and Express
// instrumentations, W3C trace context, the in-memory ring of recent traces and, when an endpoint is
// configured, OTLP/HTTP export. Called by tracing-start.ts (entries) and by tests.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { markTracingStarted, stopTracing, traceRing, tracingOn, TraceRing } from './tracing';

export type TracingOptions = {
  service: string;
  /** OTLP/HTTP base (…:4318): spans go to `${endpoint}/v1/traces` as well as into the ring. */
  otlpEndpoint?: string | undefined;
  /** Extra processors (tests: an in-memory exporter). */
  spanProcessors?: SpanProcessor[];
  ringSize?: number;
};

/**
 * Starts the SDK with the HTTP (server + Node http clients: Stripe's SDK), undici (fetch: Shopify's
 * SDK) and Express instrumentations, W3C trace context (an upstream CDN/ALB's `traceparent` is
 * continued) and the ring. Idempotent. Express is only patched when the process was started with
 * `--import ./server/bin/otel-hooks.mjs` (ESM modules need the loader hook); the rest works either way.
 */
export function startTracing(opts: TracingOptions): { shutdown: () => Promise<void> } {
  if (tracingOn() && traceRing()) return { shutdown: () => stopTracing() };
  const ring = new TraceRing(opts.ringSize ?? 100);
  const processors: SpanProcessor[] = [ring, ...(opts.spanProcessors ?? [])];
  if (opts.otlpEndpoint) {
    processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${opts.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }), scheduledDelayMillis: 1000 }));
  }
  const sdk = new NodeSDK({
    serviceName: `dotshop-${opts.service}`,
    autoDetectResources: false,
    spanProcessors: processors,
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Health checks, scrapes, static files and the local worker's span uploads would crowd out
        // the traces worth reading.
        ignoreIncomingRequestHook: (req) => /^\/(healthz|readyz|metrics|favicon\.ico|build\/|_local\/otlp\/)/.test(req.url ?? ''),
        // The OTLP exporter's own POSTs must not trace themselves.
        ignoreOutgoingRequestHook: (req) => typeof req.path === 'string' && req.path.endsWith('/v1/traces'),
      }),
      new UndiciInstrumentation(),
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
    ],
  });
  sdk.start();
  markTracingStarted(opts.service, ring, () => sdk.shutdown());
  return { shutdown: () => stopTracing() };
}

