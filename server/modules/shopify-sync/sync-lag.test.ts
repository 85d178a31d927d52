// Lag percentiles from planted samples (real Postgres, percentile_cont), backlog sizes from real
// pg-boss queues and the webhook inbox, and the alert conditions.
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { createBoss } from '../../platform/boss';
import { createQueues, queues } from '../../platform/queues';
import { createLogger } from '../../platform/logger';
import { lagBuckets, lagPercentiles, lastWebhook, observeBacklog, resetBacklogObservations, syncBacklog, syncHealth } from './sync-lag';

let t: TestDatabase;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDatabase('synclag');
  boss = createBoss(t.url, createLogger('silent'), { max: 2 });
  await boss.start();
  await createQueues(boss);
});
afterAll(async () => {
  await boss?.stop({ graceful: false, close: true });
  await t?.drop();
});

/** percentile_cont: linear interpolation between closest ranks. */
function pct(values: number[], p: number) {
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * p;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}

async function plant(direction: 'inbound' | 'outbound', minutesAgo: number, lagMs: number, purgeMs?: number) {
  const start = sql`now() - make_interval(mins => ${minutesAgo})`;
  const end = sql`now() - make_interval(mins => ${minutesAgo}) + make_interval(secs => ${lagMs / 1000})`;
  const purged = purgeMs === undefined ? sql`null` : sql`now() - make_interval(mins => ${minutesAgo}) + make_interval(secs => ${purgeMs / 1000})`;
  if (direction === 'outbound') {
    await t.primary.execute(sql`insert into sync_lag_samples (direction, topic, ref, started_at, acknowledged_at) values ('outbound', 'orders/create', 'o', ${start}, ${end})`);
  } else {
    await t.primary.execute(
      sql`insert into sync_lag_samples (direction, topic, ref, started_at, applied_at, purged_at) values ('inbound', 'inventory_levels/update', 'e', ${start}, ${end}, ${purged})`,
    );
  }
}

describe('sync lag', () => {
  it('computes p50/p95 per direction over the last hour and day from planted samples', async () => {
    const outHour = [120, 250, 90, 400, 310, 80, 1500, 220, 170, 60];
    const outDayOnly = [9000, 12000];
    const inHour = [300, 700, 500, 900];
    for (const [i, ms] of outHour.entries()) await plant('outbound', 5 + i * 4, ms);
    for (const ms of outDayOnly) await plant('outbound', 180, ms);
    for (const [i, ms] of inHour.entries()) await plant('inbound', 10 + i, ms, ms + 200);

    const hour = await lagPercentiles(t.primary, 'hour');
    expect(hour.outbound.n).toBe(outHour.length);
    expect(hour.outbound.p50).toBeCloseTo(pct(outHour, 0.5), 0);
    expect(hour.outbound.p95).toBeCloseTo(pct(outHour, 0.95), 0);
    expect(hour.inboundApplied).toMatchObject({ n: 4 });
    expect(hour.inboundApplied.p50).toBeCloseTo(pct(inHour, 0.5), 0);
    expect(hour.inboundPurged.p95).toBeCloseTo(pct(inHour.map((v) => v + 200), 0.95), 0);

    const day = await lagPercentiles(t.primary, 'day');
    expect(day.outbound.n).toBe(outHour.length + outDayOnly.length);
    expect(day.outbound.p95).toBeCloseTo(pct([...outHour, ...outDayOnly], 0.95), 0);

    const buckets = await lagBuckets(t.primary);
    expect(buckets.filter((b) => b.direction === 'outbound').reduce((n, b) => n + b.n, 0)).toBe(outHour.length);
    // The 1 500 ms sample dominates its 5-minute bucket's p95 (interpolated with its neighbour).
    const worst = Math.max(...buckets.map((b) => b.p95));
    expect(worst).toBeGreaterThan(1000);
    expect(worst).toBeLessThanOrEqual(1500);
  });

  it('reports backlogs (pg-boss Shopify queues, unprocessed Shopify webhooks), the last webhook, and alerts past 5 s', async () => {
    await boss.send(queues.pushOrderToShopify, { orderId: '00000000-0000-0000-0000-000000000001' });
    await t.primary.execute(sql`insert into webhook_inbox (provider, event_id, type, payload, received_at) values
      ('shopify', 'evt-1', 'inventory_levels/update', '{}', now() - interval '2 minutes'),
      ('shopify', 'evt-2', 'products/update', '{}', now() - interval '1 minute'),
      ('stripe', 'evt_3', 'charge.succeeded', '{}', now())`);
    await t.primary.execute(sql`update webhook_inbox set processed_at = now() where event_id = 'evt-1'`);
    const backlog = await syncBacklog(t.primary);
    expect(backlog.queues.find((q) => q.queue === queues.pushOrderToShopify)).toMatchObject({ queued: 1 });
    expect(backlog.queues.map((q) => q.queue)).toContain(queues.pushOrderToShopifyBySku);
    expect(backlog.unprocessedWebhooks).toBe(1);
    expect(await lastWebhook(t.primary)).toMatchObject({ eventId: 'evt-2', type: 'products/update', processedAt: null });

    resetBacklogObservations();
    let health = await syncHealth(t.primary);
    expect(health.lagAlert).toBe(false);
    await plant('outbound', 1, 60_000); // one order took a minute to reach Shopify: p95 over the hour jumps past 5 s
    health = await syncHealth(t.primary);
    expect(health.lagAlert).toBe(true);
    expect(health.reasons.join(' ')).toMatch(/outbound p95 \d+ ms > 5000 ms/);
  });

  it('flags a backlog that keeps growing across observations', () => {
    resetBacklogObservations();
    const t0 = 1_000_000;
    expect(observeBacklog(5, t0)).toBe(false);
    expect(observeBacklog(9, t0 + 31_000)).toBe(false);
    expect(observeBacklog(14, t0 + 62_000)).toBe(true);
    expect(observeBacklog(3, t0 + 93_000)).toBe(false);
  });
});
