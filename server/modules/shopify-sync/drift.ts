// Inventory drift (issue 13 §6, ADR 028): a scheduled pass over the whole catalog compares DotShop's
// `inventory.available` (Shopify's last known count) with Shopify's `inventoryQuantity` now, page by
// page through the Admin API, spending only its share of Shopify's cost bucket. Each pass is a row
// of inventory_drift_passes; the SKUs drifting in the last finished pass are inventory_drift_skus,
// whose first_seen_at survives consecutive passes (drift that outlived a sync cycle: the alert).
// Read-only on both sides: the hourly reconcile repairs, so the figure measures what the webhooks
// and the reconcile leave behind.
import { desc, eq, sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db, Tx } from '../../../db/client';
import { inventoryDriftPasses, inventoryDriftSkus } from '../../../db/sync-schema';
import type { ShopifyClient, ShopifyCost } from '../../integrations/shopify/client';
import { registry } from '../../platform/metrics';
import type { Outbox } from '../../platform/outbox';
import { queues } from '../../platform/queues';
import { type AuditActor, writeAudit } from '../admin';

/** Variants per Admin API page: requested cost 2 + 100 × 1 = 102 points. */
export const DRIFT_PAGE_SIZE = 100;
/** The share of Shopify's bucket the pass leaves to order pushes and webhook re-reads. */
export const DRIFT_BUCKET_RESERVE = 0.5;
/** The schedule (every 15 minutes); the alert's "outlived one sync cycle" is two passes in a row. */
export const DRIFT_PASS_CRON = '*/15 * * * *';
export const DRIFT_PASS_INTERVAL_SECONDS = 15 * 60;

const COUNT_QUERY = `query DotShopDriftCount { productVariantsCount { count } }`;
const PAGE_QUERY = `query DotShopDriftPage($first: Int!, $after: String) {
  productVariants(first: $first, after: $after, sortKey: ID) { pageInfo { hasNextPage endCursor } nodes { id sku inventoryQuantity } }
}`;

export type DriftTrigger = 'schedule' | 'admin' | 'test';
export type DriftPassOptions = {
  trigger?: DriftTrigger;
  pageSize?: number;
  /** Share of the bucket left to other callers (0–0.9). */
  reserve?: number;
  /** Called before each wait the pass takes for the bucket (its own pacing, not a THROTTLED answer). */
  onBucketWait?: (waitMs: number, cost: ShopifyCost) => void;
  /** Called after each page (tests use it to change stock mid-pass). */
  onPage?: (page: number) => void | Promise<void>;
};
export type DriftRow = { shopifyVariantId: string; sku: string; dotshopAvailable: number | null; shopifyAvailable: number | null };
export type DriftPassResult = {
  passId: number;
  status: 'finished' | 'failed';
  skusCompared: number;
  drifting: DriftRow[];
  pages: number;
  throttleWaits: number;
  throttleWaitedMs: number;
  /** The failure, when Shopify could not be read (the pass is recorded `failed`; nothing else changes). */
  error: string | null;
};

/** Shopify failed during the pass (down, 5xx, GraphQL error): recorded, not thrown — the job does not retry into a dead letter. */
class ShopifyReadFailed extends Error {}

/**
 * How long to wait before spending `requested` points so that the bucket keeps `reserve` of its
 * maximum for everyone else, from the last throttle report (`cost`, received `elapsedMs` ago).
 */
export function bucketShareWaitMs(cost: ShopifyCost, requested: number, reserve: number, elapsedMs = 0): number {
  const t = cost.throttleStatus;
  const rate = Math.max(t.restoreRate, 1);
  const now = Math.min(t.maximumAvailable, t.currentlyAvailable + (elapsedMs / 1000) * rate);
  // A bucket smaller than request + reserve can only ever be filled: wait for it to be full.
  const target = Math.min(t.maximumAvailable, requested + t.maximumAvailable * reserve);
  return now >= target ? 0 : Math.ceil(((target - now) / rate) * 1000);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const message = (err: unknown) => (err instanceof Error ? err.message.split('\n')[0] : String(err)).slice(0, 500);

/** One pass over every variant Shopify lists, and every live linked variant DotShop holds. */
export async function runDriftPass(deps: { db: Db; shopify: Pick<ShopifyClient, 'graphql'> }, opts: DriftPassOptions = {}): Promise<DriftPassResult> {
  const first = opts.pageSize ?? DRIFT_PAGE_SIZE;
  const reserve = Math.min(0.9, Math.max(0, opts.reserve ?? DRIFT_BUCKET_RESERVE));
  const [pass] = await deps.db.insert(inventoryDriftPasses).values({ trigger: opts.trigger ?? 'schedule' }).returning({ id: inventoryDriftPasses.id });
  const result: DriftPassResult = { passId: pass.id, status: 'finished', skusCompared: 0, drifting: [], pages: 0, throttleWaits: 0, throttleWaitedMs: 0, error: null };
  const onThrottled = (_c: ShopifyCost, ms: number) => {
    result.throttleWaits++;
    result.throttleWaitedMs += ms;
  };
  const ask = async <T>(query: string, variables: Record<string, unknown>) => {
    try {
      return await deps.shopify.graphql<T>(query, variables, { onThrottled });
    } catch (err) {
      throw new ShopifyReadFailed(message(err));
    }
  };
  try {
    // The count costs one point and tells the bucket's state before the first page.
    let last: { cost: ShopifyCost | null } = await ask<{ productVariantsCount: { count: number } }>(COUNT_QUERY, {});
    let lastAt = Date.now();
    let requested = first + 2;
    const seen = new Set<string>();
    let after: string | null = null;
    for (;;) {
      if (last.cost) {
        const wait = bucketShareWaitMs(last.cost, requested, reserve, Date.now() - lastAt);
        if (wait > 0) {
          opts.onBucketWait?.(wait, last.cost);
          result.throttleWaits++;
          result.throttleWaitedMs += wait;
          await sleep(wait);
        }
      }
      type Page = { productVariants: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string; sku: string | null; inventoryQuantity: number | null }[] } };
      const page: { data: Page; cost: ShopifyCost | null } = await ask<Page>(PAGE_QUERY, { first, after });
      last = page;
      lastAt = Date.now();
      if (page.cost) requested = page.cost.requestedQueryCost;
      const nodes = page.data.productVariants.nodes;
      const ids = nodes.map((n) => n.id);
      nodes.forEach((n) => seen.add(n.id));
      // Our levels read right after Shopify's answer: a webhook applied meanwhile makes ours newer, not older.
      const ours = ids.length
        ? await deps.db.execute<{ shopify_id: string; available: number | null; removed: boolean }>(sql`
            select v.shopify_id, i.available, v.removed_at is not null as removed
            from variants v left join inventory i on i.variant_id = v.id
            where v.shopify_id = any(${pgTextArray(ids)}::text[])`)
        : [];
      const bySid = new Map(ours.map((o) => [o.shopify_id, o]));
      for (const n of nodes) {
        const mine = bySid.get(n.id);
        const dotshop = mine && !mine.removed && mine.available !== null ? Number(mine.available) : null;
        const shopify = n.inventoryQuantity;
        if (dotshop === null || shopify === null || dotshop !== shopify) result.drifting.push({ shopifyVariantId: n.id, sku: n.sku ?? '', dotshopAvailable: dotshop, shopifyAvailable: shopify });
      }
      result.skusCompared += nodes.length;
      result.pages++;
      await deps.db.update(inventoryDriftPasses).set({ pages: result.pages, skusCompared: result.skusCompared }).where(eq(inventoryDriftPasses.id, pass.id));
      await opts.onPage?.(result.pages);
      after = page.data.productVariants.pageInfo.endCursor;
      if (!page.data.productVariants.pageInfo.hasNextPage) break;
    }
    // Live variants DotShop sells under a Shopify id that Shopify did not list (deleted there, webhook lost).
    const missing = await deps.db.execute<{ shopify_id: string; sku: string; available: number | null }>(sql`
      select v.shopify_id, v.sku, i.available from variants v left join inventory i on i.variant_id = v.id
      where v.shopify_id is not null and v.removed_at is null and not (v.shopify_id = any(${pgTextArray([...seen])}::text[]))`);
    for (const m of missing) result.drifting.push({ shopifyVariantId: m.shopify_id, sku: m.sku, dotshopAvailable: m.available === null ? null : Number(m.available), shopifyAvailable: null });
  } catch (err) {
    if (!(err instanceof ShopifyReadFailed)) {
      await markFailed(deps.db, result, message(err)).catch(() => {});
      throw err;
    }
    await markFailed(deps.db, result, `Shopify: ${err.message}`);
    return { ...result, status: 'failed', error: `Shopify: ${err.message}`, drifting: [] };
  }
  await recordFinishedPass(deps.db, result);
  return result;
}

async function markFailed(db: Db, r: DriftPassResult, error: string) {
  await db
    .update(inventoryDriftPasses)
    .set({ status: 'failed', finishedAt: sql`now()`, error, pages: r.pages, skusCompared: r.skusCompared, throttleWaits: r.throttleWaits, throttleWaitedMs: r.throttleWaitedMs })
    .where(eq(inventoryDriftPasses.id, r.passId));
}

/** The pass's drifting SKUs replace the list in one transaction; a SKU drifting again keeps its first-seen time. */
async function recordFinishedPass(db: Db, r: DriftPassResult) {
  await db.transaction(async (tx) => {
    // Two passes finishing at once (a scheduled one and an owner's) take turns here.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('dotshop.inventory_drift'))`);
    // A pass that started later already finished (an owner's pass overtook a slow scheduled one):
    // its view is fresher; this one is recorded but does not replace the list.
    const [newer] = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from inventory_drift_passes p, inventory_drift_passes me
      where me.id = ${r.passId} and p.status = 'finished' and p.started_at > me.started_at`);
    if (Number(newer.n) === 0) await replaceDriftList(tx, r);
    await tx
      .update(inventoryDriftPasses)
      .set({ status: 'finished', finishedAt: sql`now()`, pages: r.pages, skusCompared: r.skusCompared, drifting: r.drifting.length, throttleWaits: r.throttleWaits, throttleWaitedMs: r.throttleWaitedMs })
      .where(eq(inventoryDriftPasses.id, r.passId));
  });
}

async function replaceDriftList(tx: Tx, r: DriftPassResult) {
  for (const d of r.drifting) {
    await tx
      .insert(inventoryDriftSkus)
      // First seen = when this pass started (the database's clock, microseconds kept).
      .values({ ...d, firstSeenAt: sql`(select started_at from inventory_drift_passes where id = ${r.passId})`, firstPassId: r.passId, lastPassId: r.passId, passes: 1 })
      .onConflictDoUpdate({
        target: inventoryDriftSkus.shopifyVariantId,
        set: { sku: d.sku, dotshopAvailable: d.dotshopAvailable, shopifyAvailable: d.shopifyAvailable, lastPassId: r.passId, passes: sql`${inventoryDriftSkus.passes} + 1` },
      });
  }
  await tx.execute(sql`delete from inventory_drift_skus where last_pass_id <> ${r.passId}`);
}

function pgTextArray(values: Iterable<string>): string {
  return `{${[...new Set(values)].map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// Reading: the admin list and the gauges.

export type DriftPassRow = typeof inventoryDriftPasses.$inferSelect;
export type DriftSkuRow = typeof inventoryDriftSkus.$inferSelect;

/** The last passes (newest first), the last finished one (the latest to start: the freshest view) and its drifting SKUs (longest drifting first). */
export async function inventoryDriftReport(db: Db, passes = 5): Promise<{ passes: DriftPassRow[]; lastFinished: DriftPassRow | null; skus: DriftSkuRow[] }> {
  const [recent, [lastFinished], skus] = await Promise.all([
    db.select().from(inventoryDriftPasses).orderBy(desc(inventoryDriftPasses.id)).limit(passes),
    db.select().from(inventoryDriftPasses).where(eq(inventoryDriftPasses.status, 'finished')).orderBy(desc(inventoryDriftPasses.startedAt), desc(inventoryDriftPasses.id)).limit(1),
    db.select().from(inventoryDriftSkus).orderBy(inventoryDriftSkus.firstSeenAt, inventoryDriftSkus.sku).limit(500),
  ]);
  return { passes: recent, lastFinished: lastFinished ?? null, skus };
}

type DriftStats = { drifting: number; persistent: number; compared: number; ageSeconds: number | null; oldestSeconds: number };
async function driftStats(db: Db): Promise<DriftStats> {
  const [r] = await db.execute<{ drifting: number | null; compared: number | null; age: number | null; persistent: number; oldest: number | null }>(sql`
    select p.drifting, p.skus_compared as compared,
           -- No finished pass yet: the time since the first pass started, so passes that never finish still age.
           extract(epoch from now() - coalesce(p.finished_at, (select min(started_at) from inventory_drift_passes)))::float8 as age,
           (select count(*)::int from inventory_drift_skus where passes >= 2) as persistent,
           (select extract(epoch from now() - min(first_seen_at))::float8 from inventory_drift_skus) as oldest
    from (select 1) one
    left join lateral (select * from inventory_drift_passes where status = 'finished' order by started_at desc, id desc limit 1) p on true`);
  return {
    drifting: Number(r?.drifting ?? 0),
    persistent: Number(r?.persistent ?? 0),
    compared: Number(r?.compared ?? 0),
    ageSeconds: r?.age === null || r?.age === undefined ? null : Math.max(0, Number(r.age)),
    oldestSeconds: Math.max(0, Number(r?.oldest ?? 0)),
  };
}

// Gauges read from the database at scrape time (the worker runs the pass; the web serves /metrics).
// prom-client collects a scrape's gauges concurrently: the five share the read in flight.
let driftSource: Db | null = null;
let driftRead: Promise<DriftStats | null> | null = null;
function readDrift(): Promise<DriftStats | null> | null {
  if (!driftSource) return null;
  if (!driftRead) {
    driftRead = driftStats(driftSource)
      .catch(() => null)
      .finally(() => {
        driftRead = null;
      });
  }
  return driftRead;
}
function driftGauge(name: string, help: string, pick: (s: DriftStats) => number | null) {
  return new client.Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      const s = await readDrift();
      const v = s ? pick(s) : null;
      if (v !== null) this.set(v);
    },
  });
}
export const inventoryDriftGauge = driftGauge('dotshop_inventory_drift_skus', "SKUs whose DotShop available differs from Shopify's count in the last finished drift pass", (s) => s.drifting);
export const inventoryDriftPersistentGauge = driftGauge(
  'dotshop_inventory_drift_persistent_skus',
  'SKUs drifting in at least two drift passes in a row: drift that outlived a sync cycle (alert when > 0)',
  (s) => s.persistent,
);
export const inventoryDriftComparedGauge = driftGauge('dotshop_inventory_drift_compared_skus', 'SKUs compared with Shopify by the last finished drift pass', (s) => s.compared);
export const inventoryDriftPassAgeGauge = driftGauge(
  'dotshop_inventory_drift_last_pass_age_seconds',
  'Seconds since the last drift pass finished (before any has: since the first one started; 0 before any pass) — alert when passes stop finishing',
  (s) => s.ageSeconds,
);
export const inventoryDriftOldestGauge = driftGauge('dotshop_inventory_drift_oldest_seconds', 'Seconds the longest-drifting SKU has drifted (first seen in a pass; 0 = none)', (s) => s.oldestSeconds);

export function watchInventoryDrift(db: Db | null) {
  driftSource = db;
  driftRead = null;
}

// ---------------------------------------------------------------------------------------------
// "Run drift pass now" (owner): the job is sent in the transaction that writes its audit row.

export async function requestDriftPass(deps: { db: Db; outbox: Outbox }, actor: AuditActor): Promise<{ jobId: string | null }> {
  return deps.db.transaction(async (tx) => {
    const jobId = await deps.outbox.send(tx, queues.inventoryDriftPass, { trigger: 'admin', requestedBy: actor.actorLabel ?? undefined });
    await writeAudit(tx as Db, { ...actor, action: 'shopify.drift_pass_requested', entityType: 'inventory_drift', entityId: jobId, after: { queue: queues.inventoryDriftPass } });
    return { jobId };
  });
}
