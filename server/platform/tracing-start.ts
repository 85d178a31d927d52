// Imported FIRST by the web and worker entries (server/bin/web.ts, jobs/worker.ts): starts tracing
// before Express, the Stripe SDK and the rest are evaluated, so the instrumentations can patch them.
// Synchronously, on purpose: a top-level `await import()` here would let the entry's later imports
// (Express) evaluate before the SDK starts — ESM only makes dependents wait for it, not siblings.
// DOTSHOP_TRACING=off starts nothing (and server/bin/otel-hooks.mjs then installs no loader hook):
// the SDK's modules are loaded but nothing is patched or recorded.
import { loadConfig } from './config';
import { startTracing } from './tracing-sdk';

let config: ReturnType<typeof loadConfig> | null = null;
try {
  config = loadConfig();
} catch {
  // bootProcess reports the bad variable and exits; nothing to trace.
}
if (config && config.DOTSHOP_TRACING === 'on') {
  startTracing({ service: process.env.DOTSHOP_SERVICE ?? 'web', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
}
