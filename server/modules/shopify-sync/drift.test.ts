// The inventory drift pass (issue 13 §6, ADR 028) against real Postgres, the Shopify emulator and the
// real @shopify/shopify-api SDK: a pass over several pages finds exactly the SKUs made to drift on
// either side, records itself, keeps a SKU's first-seen time across consecutive passes and clears
// it when fixed; the gauges follow; the pass paces itself on Shopify's throttle report and leaves
// part of the bucket to others; Shopify down is a failed pass, not a failed job; the owner's "Run
// drift pass now" needs a session, CSRF and the owner role, is audited and is run by the worker.
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogProducts } from '../../../db/seed/catalog';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { startShopifyEmulator, type ShopifyEmulator } from '../../../emulators/shopify/server';
import { registerShopifyInboundJobs } from '../../../jobs/shopify-inbound-jobs';
import { createShopifyClient, type ShopifyClient } from '../../integrations/shopify/client';
import { createBoss } from '../../platform/boss';
import { createLogger } from '../../platform/logger';
import { registry } from '../../platform/metrics';
import { createOutbox } from '../../platform/outbox';
import { createLocalPurgeAdapter } from '../../platform/purge';
import { createQueues, queues } from '../../platform/queues';
import { resourceRoutesBuild, startWebApp } from '../../testing/web-app';
import { syncCatalog } from './backfill';
import { bucketShareWaitMs, DRIFT_PASS_CRON, runDriftPass, watchInventoryDrift } from './drift';

let t: TestDatabase;
let emu: ShopifyEmulator;
let shopify: ShopifyClient;
const variantCount = catalogProducts.reduce((s, p) => s + p.variants.length, 0);

beforeAll(async () => {
  t = await createTestDatabase('inventorydrift');
  emu = await startShopifyEmulator({ port: 0, bucket: { maximumAvailable: 1000, restoreRate: 1000 } });
  shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
  // The projection as a running shop has it: imported from Shopify.
  const r = await syncCatalog({ db: t.primary, shopify }, { cursorName: 'backfill' });
  expect(r.finished).toBe(true);
  watchInventoryDrift(t.primary);
}, 60_000);
afterAll(async () => {
  watchInventoryDrift(null);
  await emu?.close();
  await t?.drop();
});

const gauges = async () => {
  const text = await registry.metrics();
  const read = (name: string) => {
    const m = text.match(new RegExp(`^${name} (\\S+)$`, 'm'));
    return m ? Number(m[1]) : null;
  };
  return {
    drifting: read('dotshop_inventory_drift_skus'),
    persistent: read('dotshop_inventory_drift_persistent_skus'),
    compared: read('dotshop_inventory_drift_compared_skus'),
    age: read('dotshop_inventory_drift_last_pass_age_seconds'),
  };
};
const driftRows = () =>
  t.primary.execute<{ sku: string; dotshop_available: number | null; shopify_available: number | null; first_seen_at: string; passes: number; first_pass_id: number }>(
    sql`select sku, dotshop_available, shopify_available, first_seen_at::text, passes, first_pass_id::int as first_pass_id from inventory_drift_skus order by sku`,
  );
const passRow = async (id: number) =>
  (
    await t.primary.execute<{ status: string; trigger: string; started_at: string; finished_at: string | null; skus_compared: number; drifting: number; pages: number; error: string | null }>(
      sql`select status, trigger, started_at::text, finished_at::text, skus_compared, drifting, pages, error from inventory_drift_passes where id = ${id}`,
    )
  )[0];
const setOurs = (sku: string, available: number) => t.primary.execute(sql`update inventory set available = ${available} where variant_id = (select id from variants where sku = ${sku})`);

// Three SKUs on different pages (Shopify lists variants by id: the first product's come first).
const skuA = catalogProducts[0].variants[0].sku;
const skuB = catalogProducts[30].variants[0].sku;
const skuC = catalogProducts.at(-1)!.variants.at(-1)!.sku;

describe('inventory drift pass', () => {
  it('pages through the whole catalog, finds exactly the drifting SKUs, keeps first-seen across passes and clears when fixed', async () => {
    const clean = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(clean).toMatchObject({ status: 'finished', skusCompared: variantCount, drifting: [], error: null });
    expect(clean.pages).toBeGreaterThan(1);
    expect(await passRow(clean.passId)).toMatchObject({ status: 'finished', trigger: 'test', skus_compared: variantCount, drifting: 0, pages: clean.pages, error: null });
    expect(await gauges()).toMatchObject({ drifting: 0, persistent: 0, compared: variantCount });

    // Shopify sold 2 of A elsewhere and the webhook never came; DotShop holds 3 too many of B; C is
    // restocked on Shopify and DotShop has not heard.
    const a = emu.adjustAvailable(skuA, -2).available;
    const bShopify = emu.stock(skuB).available;
    await setOurs(skuB, bShopify + 3);
    const c = emu.setAvailable(skuC, emu.stock(skuC).available + 40).available;

    const second = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(second.drifting.map((d) => d.sku).sort()).toEqual([skuA, skuB, skuC].sort());
    const started2 = (await passRow(second.passId)).started_at;
    expect(await driftRows()).toEqual(
      [
        { sku: skuA, dotshop_available: a + 2, shopify_available: a, first_seen_at: started2, passes: 1, first_pass_id: second.passId },
        { sku: skuB, dotshop_available: bShopify + 3, shopify_available: bShopify, first_seen_at: started2, passes: 1, first_pass_id: second.passId },
        { sku: skuC, dotshop_available: c - 40, shopify_available: c, first_seen_at: started2, passes: 1, first_pass_id: second.passId },
      ].sort((x, y) => x.sku.localeCompare(y.sku)),
    );
    expect(await passRow(second.passId)).toMatchObject({ status: 'finished', skus_compared: variantCount, drifting: 3 });
    // One pass: drift seen, not yet outlived a cycle.
    expect(await gauges()).toMatchObject({ drifting: 3, persistent: 0, compared: variantCount });

    // Nothing fixed: the next pass sees the same SKUs again, first seen still at the second pass.
    const third = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(third.drifting).toHaveLength(3);
    expect((await driftRows()).map((r) => [r.sku, r.passes, r.first_seen_at])).toEqual(
      [skuA, skuB, skuC].sort().map((s) => [s, 2, started2]),
    );
    expect(await gauges()).toMatchObject({ drifting: 3, persistent: 3 });

    // A and B converge (the level arrives; Shopify's count is corrected); C does not.
    await setOurs(skuA, a);
    emu.setAvailable(skuB, bShopify + 3);
    const fourth = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(fourth.drifting.map((d) => d.sku)).toEqual([skuC]);
    expect((await driftRows()).map((r) => [r.sku, r.passes])).toEqual([[skuC, 3]]);
    expect(await gauges()).toMatchObject({ drifting: 1, persistent: 1 });

    await setOurs(skuC, c);
    const fifth = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(fifth.drifting).toEqual([]);
    expect(await driftRows()).toEqual([]);
    const g = await gauges();
    expect(g).toMatchObject({ drifting: 0, persistent: 0, compared: variantCount });
    expect(g.age).toBeGreaterThanOrEqual(0);
    expect(g.age).toBeLessThan(60);
  }, 60_000);

  it('reports a variant on one side only: deleted on Shopify, or never imported here', async () => {
    const gone = catalogProducts[5];
    emu.deleteProduct(gone.handle);
    const made = emu.createProduct({ title: 'Only on Shopify', variants: [{ sku: 'DRIFT-NEW-1', price: '10.00', available: 4 }] });
    const r = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    const bySku = new Map(r.drifting.map((d) => [d.sku, d]));
    for (const v of gone.variants) expect(bySku.get(v.sku)).toMatchObject({ shopifyAvailable: null, dotshopAvailable: expect.any(Number) });
    expect(bySku.get('DRIFT-NEW-1')).toMatchObject({ shopifyVariantId: made.variants[0].variant_id, dotshopAvailable: null, shopifyAvailable: 4 });
    expect(r.drifting).toHaveLength(gone.variants.length + 1);
    emu.reset();
    // The reset put the seed's counts back on Shopify: DotShop hears them (as webhooks would tell it).
    for (const s of [skuA, skuB, skuC]) await setOurs(s, emu.stock(s).available);
    const again = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(again.drifting).toEqual([]);
  }, 60_000);

  it('waits for Shopify’s bucket before a page when it is low, leaving a reserve, and is never THROTTLED', async () => {
    // Calculated cost of a 100-variant page: 102. A 300-point bucket restoring 150/s, drained: the
    // pass must wait before every page so that half the bucket stays for pushes and re-reads.
    emu.setBucket({ maximumAvailable: 300, restoreRate: 150 });
    emu.drainBucket();
    await new Promise((r) => setTimeout(r, 50));
    let throttled = 0;
    const counting: Pick<ShopifyClient, 'graphql'> = {
      graphql: (q, v, o) =>
        shopify.graphql(q, v, {
          ...o,
          onThrottled: (c, ms) => {
            throttled++;
            o?.onThrottled?.(c, ms);
          },
        }),
    };
    const waits: number[] = [];
    const bucketAfterPage: number[] = [];
    const started = Date.now();
    const r = await runDriftPass(
      { db: t.primary, shopify: counting },
      { trigger: 'test', onBucketWait: (ms) => waits.push(ms), onPage: () => void bucketAfterPage.push(emu.bucketStatus().currentlyAvailable) },
    );
    const took = Date.now() - started;
    expect(r).toMatchObject({ status: 'finished', skusCompared: variantCount, drifting: [] });
    expect(throttled).toBe(0);
    expect(waits.length).toBe(r.pages);
    expect(waits[0]).toBeGreaterThan(1000); // (252 − ~7) / 150 s
    expect(took).toBeGreaterThanOrEqual(waits.reduce((s, w) => s + w, 0));
    // After each page at least the reserve minus what one page costs is left (150 − 102 + refunds).
    for (const left of bucketAfterPage) expect(left).toBeGreaterThanOrEqual(150 - 102);
    expect((await passRow(r.passId)).pages).toBe(r.pages);
    emu.setBucket({ maximumAvailable: 1000, restoreRate: 1000 });
  }, 60_000);

  it('a pass overtaken by a later one is recorded but leaves the later (fresher) list alone', async () => {
    await setOurs(skuB, emu.stock(skuB).available + 5);
    let reached!: () => void;
    let release!: () => void;
    const atLastPage = new Promise<void>((r) => (reached = r));
    const held = new Promise<void>((r) => (release = r));
    const slow = runDriftPass({ db: t.primary, shopify }, { trigger: 'test', onPage: async (p) => void (p === 3 && (reached(), await held)) });
    await atLastPage;
    // Fixed meanwhile; an owner's pass starts later and finishes first.
    await setOurs(skuB, emu.stock(skuB).available);
    const fresh = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(fresh.drifting).toEqual([]);
    release();
    const late = await slow;
    expect(late.drifting.map((d) => d.sku)).toEqual([skuB]);
    expect(await passRow(late.passId)).toMatchObject({ status: 'finished', drifting: 1 });
    expect(await driftRows()).toEqual([]);
    expect(await gauges()).toMatchObject({ drifting: 0, persistent: 0 });
  }, 60_000);

  it('computes the wait from the last throttle report and the time since', () => {
    const cost = { requestedQueryCost: 102, actualQueryCost: 102, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 400, restoreRate: 50 } };
    expect(bucketShareWaitMs(cost, 102, 0.5)).toBe(Math.ceil(((602 - 400) / 50) * 1000));
    expect(bucketShareWaitMs(cost, 102, 0.5, 2000)).toBe(Math.ceil(((602 - 500) / 50) * 1000));
    expect(bucketShareWaitMs(cost, 102, 0)).toBe(0);
    // A bucket smaller than request + reserve: wait until it is full, not forever.
    expect(bucketShareWaitMs({ ...cost, throttleStatus: { maximumAvailable: 150, currentlyAvailable: 0, restoreRate: 50 } }, 102, 0.5)).toBe(3000);
  });

  it('records a failed pass when Shopify is down, and keeps the last finished list', async () => {
    await setOurs(skuA, emu.stock(skuA).available + 1);
    const before = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
    expect(before.drifting.map((d) => d.sku)).toEqual([skuA]);
    emu.setDown(true);
    try {
      const r = await runDriftPass({ db: t.primary, shopify }, { trigger: 'test' });
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/^Shopify: /);
      expect(await passRow(r.passId)).toMatchObject({ status: 'failed', drifting: 0 });
    } finally {
      emu.setDown(false);
    }
    expect((await driftRows()).map((d) => d.sku)).toEqual([skuA]);
    expect(await gauges()).toMatchObject({ drifting: 1 });
    await setOurs(skuA, emu.stock(skuA).available);
  }, 60_000);
});

describe('the scheduled job and "Run drift pass now"', () => {
  let boss: PgBoss;
  beforeAll(async () => {
    boss = createBoss(t.url, createLogger('silent'), { max: 3 });
    await boss.start();
    await createQueues(boss);
  }, 60_000);
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
  });

  it('is scheduled every 15 minutes; the owner’s request needs a session, CSRF and the owner role, is audited, and the worker runs it', async () => {
    const logger = createLogger('silent');
    const outbox = createOutbox(boss);
    await registerShopifyInboundJobs(boss, { db: t, logger, outbox, shopify, purger: createLocalPurgeAdapter() });
    const schedules = await boss.getSchedules();
    expect(schedules.find((s) => s.name === queues.inventoryDriftPass)).toMatchObject({ cron: DRIFT_PASS_CRON });

    const { postForm, signedInAdmin, testContext, thrownResponse } = await import('../../testing/admin');
    const { syncPageAction } = await import('../../web/admin/sync-actions');
    const ctx = { ...testContext(t), outbox };
    const owner = await signedInAdmin(ctx, t, 'owner');
    const support = await signedInAdmin(ctx, t, 'support');
    const jobs = async () => (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queues.inventoryDriftPass} and data->>'trigger' = 'admin'`))[0].n;

    // No session; a session without the CSRF token: refused before anything is written (the Express
    // guard's same-origin rule is tested with the HTTP entry).
    expect((await thrownResponse(() => syncPageAction(postForm('/admin/sync', { intent: 'drift-pass' }), ctx))).status).toBeGreaterThanOrEqual(300);
    expect((await thrownResponse(() => syncPageAction(postForm('/admin/sync', { intent: 'drift-pass' }, { cookie: owner.cookieHeader }), ctx))).status).toBe(403);
    // Staff may see the list, not run a pass.
    expect(await syncPageAction(postForm('/admin/sync', { intent: 'drift-pass', csrf: support.csrfToken }, { cookie: support.cookieHeader }), ctx)).toMatchObject({ ok: false, status: 403 });
    expect(await jobs()).toBe(0);

    const before = (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from inventory_drift_passes where trigger = 'admin'`))[0].n;
    expect(await syncPageAction(postForm('/admin/sync', { intent: 'drift-pass', csrf: owner.csrfToken }, { cookie: owner.cookieHeader }), ctx)).toMatchObject({ ok: true, intent: 'drift-pass' });
    expect(await jobs()).toBe(1);
    const audit = await t.primary.execute<{ action: string; actor_label: string }>(sql`select action, actor_label from audit_log where action like 'shopify.drift_pass%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['shopify.drift_pass_denied', 'shopify.drift_pass_requested']);
    expect(audit[1].actor_label).toBe(owner.user.email);

    // Over HTTP, through the web process's Express entry and the real route module: no session →
    // sign-in; no CSRF token → 403; a cross-site form (another Origin) → 403 before Remix runs.
    const route = await import('../../../app/routes/admin.sync');
    const web = await startWebApp({ db: t, outbox, build: resourceRoutesBuild({ 'routes/admin.sync': { path: 'admin/sync', module: { action: route.action } } }) });
    try {
      const post = (fields: Record<string, string>, headers: Record<string, string>) =>
        fetch(`${web.url}/admin/sync`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: web.url, ...headers }, body: new URLSearchParams(fields) });
      const anonymous = await post({ intent: 'drift-pass' }, {});
      expect(anonymous.status).toBe(302);
      expect(anonymous.headers.get('location')).toMatch(/^\/admin\/login/);
      expect((await post({ intent: 'drift-pass' }, { Cookie: owner.cookieHeader })).status).toBe(403);
      expect((await post({ intent: 'drift-pass', csrf: owner.csrfToken }, { Cookie: owner.cookieHeader, Origin: 'https://evil.example' })).status).toBe(403);
      expect(await jobs()).toBe(1);
      const ok = await post({ intent: 'drift-pass', csrf: owner.csrfToken }, { Cookie: owner.cookieHeader });
      expect(ok.status).toBe(200);
      expect(await jobs()).toBe(2);
    } finally {
      web.close();
    }

    // The worker picks it up and records an admin-triggered pass.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [r] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from inventory_drift_passes where trigger = 'admin' and status = 'finished'`);
      if (r.n > before) break;
      if (Date.now() > deadline) throw new Error('the admin-requested drift pass did not finish');
      await new Promise((r) => setTimeout(r, 200));
    }
    await boss.offWork(queues.inventoryDriftPass);
    await boss.offWork(queues.applyShopifyWebhook);
    await boss.offWork(queues.reconcileShopifyCatalog);
  }, 60_000);
});
