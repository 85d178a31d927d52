// RED metrics (rate, errors, duration) per route through prom-client, exposed at /metrics.
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db } from '../../db/client';
import { queueStateCounts, type QueueStateCounts } from './job-state';
import { DEAD_LETTER_QUEUES } from './queues';

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

// ---------------------------------------------------------------------------------------------
// Issue 13: what the alert rules (infra/observability/alerts.yml) and dashboards need. Counters
// are counted where the work happens in the web process; everything the worker does is read from
// the database at scrape time (only the web process serves /metrics), like the gauges above.

export const checkoutOutcomes = new client.Counter({
  name: 'dotshop_checkout_outcomes_total',
  help: 'Checkout answers by outcome (authorized, requires_action = 3-D Secure, declined, payment_unavailable, out_of_stock, rejected, replayed = idempotent replay) and region',
  labelNames: ['region', 'outcome'] as const,
  registers: [registry],
});

/** Read-your-writes waits (a replica region waiting for its replica to reach the primary's LSN). Observed by the regions code (issue 16); exported from day one so rules and dashboards can name it. */
export const readYourWritesWait = new client.Histogram({
  name: 'dotshop_read_your_writes_wait_seconds',
  help: 'Time a request waited for the regional replica to replay its own write (read-your-writes)',
  labelNames: ['region'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** Writes a region sent to the primary region's web tier (issue 12, ADR 024), by outcome. */
export const forwardedWrites = new client.Histogram({
  name: 'dotshop_forwarded_write_seconds',
  help: "Time a write forwarded to the primary region's web tier took, from this region (round trip included)",
  labelNames: ['region', 'primary_region', 'outcome'] as const,
  buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

type Sources = { primary: Db; replica: Db; replicaIsPrimary: boolean; region: string };
let sources: Sources | null = null;
/** Scrape-time reads for the gauges below (the web process passes its handles; null stops them). */
export function watchPlatformMetrics(s: Sources | null) {
  sources = s;
}

const QUEUE_STATES = ['created', 'retry', 'active', 'failed'] as const;
export const jobsGauge = new client.Gauge({
  name: 'dotshop_jobs',
  help: 'pg-boss jobs per queue and state (created = queued, retry = waiting to retry, active, failed = retries exhausted)',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    if (!sources) return;
    const rows = await readQueueCounts(sources.primary).catch(() => null);
    if (!rows) return;
    this.reset();
    for (const r of rows) for (const state of QUEUE_STATES) this.set({ queue: r.queue, state }, r[state]);
  },
});
export const deadLetteredGauge = new client.Gauge({
  name: 'dotshop_jobs_dead_lettered',
  help: 'Jobs per queue whose retries are exhausted (dead-lettered) and not yet retried or discarded (alert when > 0)',
  labelNames: ['queue'] as const,
  registers: [registry],
  async collect() {
    if (!sources) return;
    const rows = await readQueueCounts(sources.primary).catch(() => null);
    if (!rows) return;
    this.reset();
    for (const r of rows) if (!(DEAD_LETTER_QUEUES as readonly string[]).includes(r.queue)) this.set({ queue: r.queue }, r.failed);
  },
});
export const webhookInboxGauge = new client.Gauge({
  name: 'dotshop_webhook_inbox_unprocessed',
  help: 'Verified webhooks (Stripe, Shopify) received but not yet applied, by provider',
  labelNames: ['provider'] as const,
  registers: [registry],
  async collect() {
    if (!sources) return;
    const rows = await sources.primary
      .execute<{ provider: string; n: number }>(sql`select p.provider, (select count(*) from webhook_inbox w where w.provider = p.provider and w.processed_at is null)::int as n from (values ('stripe'), ('shopify')) as p(provider)`)
      .catch(() => null);
    if (rows) for (const r of rows) this.set({ provider: r.provider }, Number(r.n));
  },
});
export const postgresConnectionsGauge = new client.Gauge({
  name: 'dotshop_postgres_connections',
  help: 'Connections open on the primary (all clients, pg_stat_activity backends)',
  registers: [registry],
  async collect() {
    if (!sources) return;
    const [r] = (await sources.primary.execute<{ n: number; max: number }>(sql`select count(*)::int as n, current_setting('max_connections')::int as max from pg_stat_activity where backend_type = 'client backend'`).catch(() => [])) as { n: number; max: number }[];
    if (r) {
      this.set(Number(r.n));
      postgresMaxConnectionsGauge.set(Number(r.max));
    }
  },
});
export const postgresMaxConnectionsGauge = new client.Gauge({
  name: 'dotshop_postgres_max_connections',
  help: "The primary's max_connections",
  registers: [registry],
});
export const primaryReachableGauge = new client.Gauge({
  name: 'dotshop_primary_reachable',
  help: '1 when this region reaches the primary database (select 1), else 0',
  labelNames: ['region'] as const,
  registers: [registry],
  async collect() {
    if (!sources) return;
    const ok = await sources.primary.execute(sql`select 1`).then(
      () => 1,
      () => 0,
    );
    this.set({ region: sources.region }, ok);
  },
});
/**
 * Replica lag per region: 0 when the replica has replayed all it received (or this region reads
 * the primary), else the age of the last replayed transaction. Issue 16 owns the regions; this is
 * the series its alerts and the Regions dashboard name.
 */
export const replicaLagGauge = new client.Gauge({
  name: 'dotshop_replica_lag_seconds',
  help: "Seconds the region's read replica is behind the primary (0 = caught up or no separate replica)",
  labelNames: ['region'] as const,
  registers: [registry],
  async collect() {
    if (!sources) return;
    if (sources.replicaIsPrimary) {
      this.set({ region: sources.region }, 0);
      return;
    }
    const [r] = (await sources.replica
      .execute<{ lag: number | null }>(
        sql`select case when not pg_is_in_recovery() or pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                   else extract(epoch from now() - pg_last_xact_replay_timestamp()) end as lag`,
      )
      .catch(() => [])) as { lag: number | null }[];
    if (r) this.set({ region: sources.region }, Math.max(0, Number(r.lag ?? 0)));
  },
});

// One read per scrape shared by the two job gauges (prom-client collects them one after the other).
let queueRead: { at: number; rows: Promise<QueueStateCounts[]> } | null = null;
function readQueueCounts(db: Db): Promise<QueueStateCounts[]> {
  if (queueRead && Date.now() - queueRead.at < 1000) return queueRead.rows;
  queueRead = { at: Date.now(), rows: queueStateCounts(db) };
  return queueRead.rows;
}

// ---------------------------------------------------------------------------------------------
// The origin page cache (ISR at the origin, ADR 027): per-request results, purges, evictions,
// background re-renders, and its size at scrape time.

export const originCacheRequests = new client.Counter({
  name: 'dotshop_origin_cache_requests_total',
  help: 'Requests seen by the origin page cache by result: hit, stale (served while one re-render runs), miss (rendered and stored), coalesced (waited for another request rendering the same page), bypass (not a cacheable anonymous catalog GET)',
  labelNames: ['result'] as const,
  registers: [registry],
});

export const originCachePurges = new client.Counter({
  name: 'dotshop_origin_cache_purged_keys_total',
  help: 'Surrogate keys received by this web process to purge (LISTEN/NOTIFY from the primary)',
  registers: [registry],
});

export const originCachePurgedPages = new client.Counter({
  name: 'dotshop_origin_cache_purged_pages_total',
  help: 'Pages dropped from the origin page cache by purges',
  registers: [registry],
});

export const originCacheEvictions = new client.Counter({
  name: 'dotshop_origin_cache_evictions_total',
  help: 'Pages evicted from the origin page cache to stay under its byte bound (LRU)',
  registers: [registry],
});

export const originCacheRevalidations = new client.Counter({
  name: 'dotshop_origin_cache_revalidations_total',
  help: 'Background re-renders of stale pages by outcome (stored, dropped = no longer storable, failed)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

let originCacheSource: (() => { entries: number; bytes: number; maxBytes: number }) | null = null;
export function setOriginCacheSource(source: typeof originCacheSource) {
  originCacheSource = source;
}
export const originCacheBytes = new client.Gauge({
  name: 'dotshop_origin_cache_bytes',
  help: 'Bytes held by the origin page cache, and its bound (kind=max)',
  labelNames: ['kind'] as const,
  registers: [registry],
  collect() {
    const s = originCacheSource?.();
    if (!s) return;
    this.set({ kind: 'used' }, s.bytes);
    this.set({ kind: 'max' }, s.maxBytes);
  },
});
export const originCacheEntries = new client.Gauge({
  name: 'dotshop_origin_cache_entries',
  help: 'Pages held by the origin page cache',
  registers: [registry],
  collect() {
    const s = originCacheSource?.();
    if (s) this.set(s.entries);
  },
});
