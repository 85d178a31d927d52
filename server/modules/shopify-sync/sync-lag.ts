// Shopify sync lag, measured from stored samples (sync_lag_samples), never estimated:
//   inbound  = Shopify's triggered-at → projection applied (applied_at) → storefront purged (purged_at)
//   outbound = order committed (orders.authorized_at) → Shopify acknowledged (acknowledged_at)
// p50/p95 are percentile_cont in SQL over the last hour and day; backlogs are pg-boss queue sizes
// and unprocessed Shopify webhooks. Alert: any p95 over the last hour > 5 s, or a backlog that
// grew across the last three observations (kept in process memory, one per scrape/page view).
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db } from '../../../db/client';
import { registry } from '../../platform/metrics';
import { type Backlog, queueBacklogs } from '../../platform/job-state';

export const LAG_ALERT_MS = 5_000;
export type Window = 'hour' | 'day';
export type Percentiles = { p50: number | null; p95: number | null; n: number };
export type LagReport = { window: Window; inboundApplied: Percentiles; inboundPurged: Percentiles; outbound: Percentiles };

const interval = (w: Window) => sql.raw(w === 'hour' ? `interval '1 hour'` : `interval '1 day'`);
const ms = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

export async function lagPercentiles(db: Db, window: Window): Promise<LagReport> {
  const [r] = await db.execute<Record<string, number | string | null>>(sql`
    select
      percentile_cont(0.5) within group (order by extract(epoch from applied_at - started_at) * 1000) filter (where direction = 'inbound' and applied_at is not null) as in_applied_p50,
      percentile_cont(0.95) within group (order by extract(epoch from applied_at - started_at) * 1000) filter (where direction = 'inbound' and applied_at is not null) as in_applied_p95,
      count(*) filter (where direction = 'inbound' and applied_at is not null)::int as in_applied_n,
      percentile_cont(0.5) within group (order by extract(epoch from purged_at - started_at) * 1000) filter (where direction = 'inbound' and purged_at is not null) as in_purged_p50,
      percentile_cont(0.95) within group (order by extract(epoch from purged_at - started_at) * 1000) filter (where direction = 'inbound' and purged_at is not null) as in_purged_p95,
      count(*) filter (where direction = 'inbound' and purged_at is not null)::int as in_purged_n,
      percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - started_at) * 1000) filter (where direction = 'outbound' and acknowledged_at is not null) as out_p50,
      percentile_cont(0.95) within group (order by extract(epoch from acknowledged_at - started_at) * 1000) filter (where direction = 'outbound' and acknowledged_at is not null) as out_p95,
      count(*) filter (where direction = 'outbound' and acknowledged_at is not null)::int as out_n
    from sync_lag_samples
    where started_at >= now() - ${interval(window)}`);
  const p = (k: string): Percentiles => ({ p50: ms(r[`${k}_p50`]), p95: ms(r[`${k}_p95`]), n: Number(r[`${k}_n`] ?? 0) });
  return { window, inboundApplied: p('in_applied'), inboundPurged: p('in_purged'), outbound: p('out') };
}

export type LagBucket = { bucket: Date; direction: 'inbound' | 'outbound'; p95: number; n: number };

/** p95 per 5-minute bucket over the last hour (inbound = applied, outbound = acknowledged): the admin chart. */
export async function lagBuckets(db: Db): Promise<LagBucket[]> {
  const rows = await db.execute<{ bucket: Date | string; direction: 'inbound' | 'outbound'; p95: number; n: number }>(sql`
    select date_bin(interval '5 minutes', started_at, timestamptz '2000-01-01') as bucket, direction,
      percentile_cont(0.95) within group (order by extract(epoch from coalesce(acknowledged_at, applied_at) - started_at) * 1000) as p95,
      count(*)::int as n
    from sync_lag_samples
    where started_at >= now() - interval '1 hour' and coalesce(acknowledged_at, applied_at) is not null
    group by 1, 2 order by 1, 2`);
  return rows.map((r) => ({ bucket: new Date(r.bucket), direction: r.direction, p95: Number(r.p95), n: Number(r.n) }));
}

export type { Backlog } from '../../platform/job-state';

/** Sizes of the Shopify queues (pg-boss) plus the unprocessed Shopify webhooks in the inbox. */
export async function syncBacklog(db: Db): Promise<{ queues: Backlog[]; unprocessedWebhooks: number; oldestUnprocessedAt: Date | null }> {
  const queues = await queueBacklogs(db, 'shopify.');
  const [inbox] = await db.execute<{ n: number; oldest: Date | string | null }>(
    sql`select count(*)::int as n, min(received_at) as oldest from webhook_inbox where provider = 'shopify' and processed_at is null`,
  );
  return {
    queues,
    unprocessedWebhooks: Number(inbox?.n ?? 0),
    oldestUnprocessedAt: inbox?.oldest ? new Date(inbox.oldest) : null,
  };
}

export async function lastWebhook(db: Db): Promise<{ eventId: string; type: string; receivedAt: Date; processedAt: Date | null } | null> {
  const [r] = await db.execute<{ event_id: string; type: string; received_at: Date | string; processed_at: Date | string | null }>(
    sql`select event_id, type, received_at, processed_at from webhook_inbox where provider = 'shopify' order by received_at desc limit 1`,
  );
  return r ? { eventId: r.event_id, type: r.type, receivedAt: new Date(r.received_at), processedAt: r.processed_at ? new Date(r.processed_at) : null } : null;
}

// Backlog growth: the total backlog at each observation; "growing" = strictly increasing over the
// last three observations at least 30 s apart.
const observations: { at: number; total: number }[] = [];
export function observeBacklog(total: number, now = Date.now()): boolean {
  const last = observations[observations.length - 1];
  if (!last || now - last.at >= 30_000) observations.push({ at: now, total });
  else last.total = total;
  while (observations.length > 3) observations.shift();
  return observations.length === 3 && observations[0].total < observations[1].total && observations[1].total < observations[2].total;
}
export function resetBacklogObservations() {
  observations.length = 0;
}

export type SyncHealth = {
  hour: LagReport;
  day: LagReport;
  backlog: Awaited<ReturnType<typeof syncBacklog>>;
  backlogGrowing: boolean;
  lagAlert: boolean;
  alert: boolean;
  reasons: string[];
};

export async function syncHealth(db: Db): Promise<SyncHealth> {
  const [hour, day, backlog] = await Promise.all([lagPercentiles(db, 'hour'), lagPercentiles(db, 'day'), syncBacklog(db)]);
  const total = backlog.unprocessedWebhooks + backlog.queues.reduce((s, q) => s + q.queued, 0);
  const backlogGrowing = observeBacklog(total);
  const reasons: string[] = [];
  for (const [label, p] of [
    ['inbound applied', hour.inboundApplied],
    ['inbound purged', hour.inboundPurged],
    ['outbound', hour.outbound],
  ] as const) {
    if (p.p95 !== null && p.p95 > LAG_ALERT_MS) reasons.push(`${label} p95 ${Math.round(p.p95)} ms > ${LAG_ALERT_MS} ms`);
  }
  const lagAlert = reasons.length > 0;
  if (backlogGrowing) reasons.push(`backlog growing (${total} queued)`);
  syncLagAlertGauge.set(lagAlert || backlogGrowing ? 1 : 0);
  return { hour, day, backlog, backlogGrowing, lagAlert, alert: lagAlert || backlogGrowing, reasons };
}

// Gauges: read at scrape time from the database handle given to watchSyncLag (worker and web).
let lagSource: Db | null = null;
export const syncLagP95Gauge = new client.Gauge({
  name: 'dotshop_shopify_sync_lag_p95_ms',
  help: 'Shopify sync lag p95 over the last hour, by direction (inbound_applied, inbound_purged, outbound)',
  labelNames: ['direction'] as const,
  registers: [registry],
  async collect() {
    if (!lagSource) return;
    const h = await lagPercentiles(lagSource, 'hour').catch(() => null);
    if (!h) return;
    this.set({ direction: 'inbound_applied' }, h.inboundApplied.p95 ?? 0);
    this.set({ direction: 'inbound_purged' }, h.inboundPurged.p95 ?? 0);
    this.set({ direction: 'outbound' }, h.outbound.p95 ?? 0);
  },
});
export const syncLagAlertGauge = new client.Gauge({
  name: 'dotshop_shopify_sync_alert',
  help: '1 when a Shopify sync lag p95 (last hour) exceeds 5 s or the sync backlog keeps growing',
  registers: [registry],
  async collect() {
    if (!lagSource) return;
    await syncHealth(lagSource).catch(() => null);
  },
});
export function watchSyncLag(db: Db | null) {
  lagSource = db;
}
