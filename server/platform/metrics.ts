// RED metrics (rate, errors, duration) per route through prom-client, exposed at /metrics.
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const httpDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request duration by route, method and status class',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2],
  registers: [registry],
});

export const httpErrors = new client.Counter({
  name: 'http_request_errors_total',
  help: 'HTTP responses with status >= 500 by route',
  labelNames: ['method', 'route'] as const,
  registers: [registry],
});

// Payments reconciliation (server/modules/payments/reconciliation): differences found by the latest run,
// set after each run. A process that did not run it (the web process) can read it from the
// database at scrape time instead (`reportReconciliationGaugeFrom`). Alert when > 0.
let reconciliationSource: (() => Promise<number | null>) | null = null;
export const reconciliationDifferencesGauge = new client.Gauge({
  name: 'dotshop_reconciliation_differences',
  help: 'Differences between Stripe and the ledger found by the latest reconciliation run (0 = clean)',
  registers: [registry],
  async collect() {
    if (!reconciliationSource) return;
    const latest = await reconciliationSource().catch(() => null);
    if (latest !== null) this.set(latest);
  },
});
export function setReconciliationDifferencesSource(source: (() => Promise<number | null>) | null) {
  reconciliationSource = source;
}
