// Shopify outbound benchmark (figures, not a test: nothing here asserts a time). For each scenario
// (the emulator's leaky bucket OFF, then ON at Shopify's standard 1000 / 50 per s) a fresh database
// gets the seed catalog (variants linked to the emulator's gids) and N orders inserted set-based as
// authorized, with their order lines and held reservations — the state checkout leaves — and one
// outbox job each on shopify.push-order. The real workers (jobs/shopify-push-jobs.ts: outbox →
// key_strict_fifo by SKU → pushOrderInSkuOrder) push them through the real SDK to an in-process
// emulator. Prints push throughput, outbound lag p50/p95/p99 (authorized_at → acknowledged_at,
// percentile_cont over sync_lag_samples), Shopify orders created (must be N: no duplicates),
// per-SKU order violations (must be 0), the release pass once Shopify's levels are seen, and memory.
// Two shapes per scenario: a BURST (all N enqueued at once: the drain after an outage; lag is drain
// time) and STEADY arrivals below Shopify's rate (the everyday lag the 5 s alert is about).
//
//   npm run bench:shopify-outbound
//
// Environment (all optional):
//   BENCH_ORDERS=1000         orders in the burst
//   BENCH_STEADY_ORDERS=200   orders in the steady run, arriving at
//   BENCH_STEADY_RATE_ON=3    orders/s with the throttle on (Shopify's bucket sustains ~4.5/s)
//   BENCH_STEADY_RATE_OFF=25  orders/s with it off
//   BENCH_MODES=burst,steady  which shapes to run
//   BENCH_MULTI=0.25          share of orders with two SKUs
//   BENCH_SKUS=40             distinct SKUs the orders draw from (fewer = longer per-SKU chains)
//   BENCH_CONCURRENCY=8       push workers (different SKUs in parallel)
//   BENCH_SCENARIOS=off,on    throttle scenarios to run
//   DATABASE_URL              a Postgres server to use; unset = a private embedded cluster in
//                             .data/postgres-bench-shopify-out (port BENCH_PG_PORT, default 54399)
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { fromDrizzle } from 'pg-boss';
import { createDatabases } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { createDatabase, dropDatabase, ensurePostgres } from '../db/postgres';
import { seedCatalog } from '../db/seed/catalog-seed';
import { startShopifyEmulator } from '../emulators/shopify/server';
import { createBoss } from '../server/platform/boss';
import { createQueues, queues } from '../server/platform/queues';
import { registerShopifyPushJobs } from '../jobs/shopify-push-jobs';
import { createLogger } from '../server/platform/logger';
import { createShopifyClient } from '../server/integrations/shopify/client';
import { releaseCommittedReservations } from '../server/modules/shopify-sync';

const env = process.env;
const N_BURST = Number(env.BENCH_ORDERS ?? 1000);
const N_STEADY = Number(env.BENCH_STEADY_ORDERS ?? 200);
const RATE_ON = Number(env.BENCH_STEADY_RATE_ON ?? 3);
const RATE_OFF = Number(env.BENCH_STEADY_RATE_OFF ?? 25);
const MODES = (env.BENCH_MODES ?? 'burst,steady').split(',').map((s) => s.trim()) as ('burst' | 'steady')[];
const MULTI = Number(env.BENCH_MULTI ?? 0.25);
const SKUS = Number(env.BENCH_SKUS ?? 40);
const CONCURRENCY = Number(env.BENCH_CONCURRENCY ?? 8);
const SCENARIOS = (env.BENCH_SCENARIOS ?? 'off,on').split(',').map((s) => s.trim()) as ('off' | 'on')[];
const started = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${m}`);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function scenario(pg: Awaited<ReturnType<typeof ensurePostgres>>, throttle: 'on' | 'off', mode: 'burst' | 'steady') {
  const N = mode === 'burst' ? N_BURST : N_STEADY;
  const rate = throttle === 'on' ? RATE_ON : RATE_OFF;
  const name = `dotshop_bench_shopify_out_${throttle}_${mode}`;
  await dropDatabase(pg.serverUrl, name);
  await createDatabase(pg.serverUrl, name);
  const url = pg.urlFor(name);
  await migrateDatabase(url);
  const db = createDatabases({ url, max: 20, applicationName: 'bench-shopify-outbound' });
  const emu = await startShopifyEmulator({ port: 0 });
  if (throttle === 'off') emu.setBucket({ maximumAvailable: 1_000_000_000, restoreRate: 1_000_000_000 });
  const shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'bench', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
  let throttledWaits = 0;
  const counted = { graphql: (q: string, v?: Record<string, unknown>) => shopify.graphql(q, v, { maxThrottleWaits: 1000, onThrottled: () => throttledWaits++ }) } as typeof shopify;
  const boss = createBoss(url, createLogger('silent'), { max: 10 });
  await boss.start();
  await createQueues(boss);
  try {
    await seedCatalog(db.primary);
    // Plenty of stock on both sides, the SKUs the orders use chosen from the seed.
    const skus = await db.primary.execute<{ id: number; sku: string }>(sql`select id, sku from variants where shopify_id is not null order by sku limit ${SKUS}`);
    await db.primary.execute(sql`update inventory set available = 100000, available_at = now() - interval '1 hour'`);
    for (const s of skus) emu.setAvailable(s.sku, 100000);

    log(`[throttle ${throttle}] inserting ${N} authorized orders over ${skus.length} SKUs (${Math.round(MULTI * 100)}% with two SKUs), lines and held reservations (set-based) …`);
    const ids = skus.map((s) => s.id);
    await db.primary.execute(sql`
      insert into orders (email, region, currency, subtotal, shipping_amount, tax_amount, total, shipping_method, shipping_address, status, authorized_at)
      select 'bench@example.com', 'us', 'USD', 10000, 0, 0, 10000, 'standard',
        '{"name":"Bench Shopper","line1":"1 St","city":"Portland","postalCode":"97201","region":"OR","country":"US"}'::jsonb,
        ${mode === 'burst' ? 'authorized' : 'pending_payment'}::order_status,
        case when ${mode} = 'burst' then clock_timestamp() - make_interval(secs => (${N} - g) / 1000.0) end
      from generate_series(1, ${N}) g`);
    await db.primary.execute(sql`
      with o as (select id, row_number() over (order by authorized_at, id) as i from orders),
      picks as (
        select o.id, (${sql.raw(`'{${ids.join(',')}}'::int[]`)})[1 + ((o.i * 7919) % ${ids.length})] as variant_id from o
        union
        select o.id, (${sql.raw(`'{${ids.join(',')}}'::int[]`)})[1 + ((o.i * 104729 + 13) % ${ids.length})] from o where (o.i % 100) < ${Math.round(MULTI * 100)}
      )
      insert into order_lines (order_id, variant_id, sku, title, variant_title, quantity, unit_amount, line_total)
      select p.id, p.variant_id, v.sku, 'Bench item', v.title, 1, 5000, 5000 from picks p join variants v on v.id = p.variant_id`);
    await db.primary.execute(sql`insert into reservations (order_id, variant_id, quantity) select order_id, variant_id, quantity from order_lines`);
    await db.primary.execute(sql`update inventory i set reserved = r.q from (select variant_id, sum(quantity)::int q from reservations group by variant_id) r where r.variant_id = i.variant_id`);
    const [shape] = await db.primary.execute<{ lines: number; multi: number }>(
      sql`select count(*)::int as lines, (select count(*)::int from (select order_id from order_lines group by order_id having count(*) > 1) m) as multi from order_lines`,
    );
    const orderIds = (await db.primary.execute<{ id: string }>(sql`select id from orders order by authorized_at, number`)).map((r) => r.id);
    log(`[throttle ${throttle}] ${orderIds.length} orders, ${shape.lines} lines, ${shape.multi} multi-SKU; enqueueing the outbox jobs and starting ${CONCURRENCY} push workers …`);

    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    let peakRss = 0;
    if (mode === 'burst') {
      for (let i = 0; i < orderIds.length; i += 500) {
        await boss.insert(queues.pushOrderToShopify, orderIds.slice(i, i + 500).map((orderId) => ({ data: { orderId } })));
      }
      await registerShopifyPushJobs(boss, { db, logger: createLogger('silent'), shopify: counted, concurrency: CONCURRENCY, pollingIntervalSeconds: 0.5, schedule: false });
    } else {
      // Orders arrive at a fixed rate: each is authorized (authorized_at = now) and its outbox job sent, as checkout does.
      await registerShopifyPushJobs(boss, { db, logger: createLogger('silent'), shopify: counted, concurrency: CONCURRENCY, pollingIntervalSeconds: 0.5, schedule: false });
      for (const [i, orderId] of orderIds.entries()) {
        const due = t0 + (i * 1000) / rate;
        if (due > performance.now()) await new Promise((res) => setTimeout(res, due - performance.now()));
        await db.primary.transaction(async (tx) => {
          await tx.execute(sql`update orders set status = 'authorized', authorized_at = clock_timestamp() where id = ${orderId}::uuid`);
          await boss.send(queues.pushOrderToShopify, { orderId }, { db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) });
        });
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    }
    for (;;) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      const [r] = await db.primary.execute<{ n: number }>(sql`select count(*)::int as n from shopify_order_pushes where status = 'acknowledged'`);
      if (r.n >= N) break;
      await new Promise((res) => setTimeout(res, 250));
    }
    const seconds = (performance.now() - t0) / 1000;
    const [lag] = await db.primary.execute<{ p50: number; p95: number; p99: number; max: number; n: number }>(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - started_at) * 1000) as p50,
             percentile_cont(0.95) within group (order by extract(epoch from acknowledged_at - started_at) * 1000) as p95,
             percentile_cont(0.99) within group (order by extract(epoch from acknowledged_at - started_at) * 1000) as p99,
             max(extract(epoch from acknowledged_at - started_at) * 1000) as max, count(*)::int as n
      from sync_lag_samples where direction = 'outbound'`);
    // Per-SKU order: Shopify's creation order (emu.orders() is in creation order) vs DotShop's authorization order.
    const created = emu.orders().map((o) => o.source_identifier ?? '');
    const position = new Map(created.map((id, i) => [id, i]));
    const lines = await db.primary.execute<{ sku: string; order_id: string }>(sql`select l.sku, l.order_id from order_lines l join orders o on o.id = l.order_id order by l.sku, o.authorized_at, o.id`);
    let violations = 0;
    let prev: { sku: string; pos: number } | null = null;
    for (const l of lines) {
      const pos = position.get(l.order_id) ?? -1;
      if (prev && prev.sku === l.sku && pos < prev.pos) violations++;
      prev = { sku: l.sku, pos };
    }
    await boss.offWork(queues.pushOrderToShopify);
    await boss.offWork(queues.pushOrderToShopifyBySku);

    // Shopify's levels (which now include every order) are seen; one set-based release pass.
    await db.primary.execute(sql`update inventory set available_at = clock_timestamp(), available = 100000 - reserved where variant_id in (select distinct variant_id from reservations)`);
    const r0 = performance.now();
    const released = await releaseCommittedReservations(db.primary);
    const releaseMs = performance.now() - r0;
    const [after] = await db.primary.execute<{ reserved: number; negative: number }>(sql`select coalesce(sum(reserved), 0)::int as reserved, count(*) filter (where sellable < 0)::int as negative from inventory`);

    const f = (v: number) => `${Math.round(Number(v))} ms`;
    console.log('');
    console.log(
      `  throttle ${throttle.toUpperCase()} · ${mode === 'burst' ? `burst: all ${N} orders enqueued at once (a drain after an outage)` : `steady: ${N} orders arriving at ${rate}/s`}  (${throttle === 'on' ? 'bucket 1000, restore 50/s: Shopify standard' : 'bucket unlimited'})`,
    );
    console.log(`    pushes acknowledged      ${N} in ${seconds.toFixed(1)} s  →  ${(N / seconds).toFixed(1)} orders/s`);
    console.log(`    outbound lag             p50 ${f(lag.p50)}   p95 ${f(lag.p95)}   p99 ${f(lag.p99)}   max ${f(lag.max)}   (${lag.n} samples)`);
    console.log(`    Shopify orders created   ${created.length} (expected ${N})   THROTTLED waits: ${throttledWaits}`);
    console.log(`    per-SKU order violations ${violations}`);
    console.log(`    release pass             ${released.reduce((n, r) => n + r.quantity, 0)} units over ${released.length} variants in ${releaseMs.toFixed(0)} ms; reserved left ${after.reserved}; negative sellable ${after.negative}`);
    console.log(`    memory                   rss ${mb(rssBefore)} → peak ${mb(peakRss)}`);
    console.log('');
  } finally {
    await boss.stop({ graceful: false, close: true }).catch(() => {});
    await emu.close();
    await db.close();
    await dropDatabase(pg.serverUrl, name).catch(() => {});
  }
}

async function main() {
  console.log(`Shopify outbound push — burst ${N_BURST} / steady ${N_STEADY} orders, ${CONCURRENCY} workers · Node ${process.version} · ${os.cpus().length} CPUs · ${os.cpus()[0]?.model ?? ''}`);
  const pg = await ensurePostgres({ databaseUrl: env.DATABASE_URL, dataDir: '.data/postgres-bench-shopify-out', port: Number(env.BENCH_PG_PORT ?? 54399), log });
  try {
    for (const s of SCENARIOS) for (const m of MODES) await scenario(pg, s, m);
  } finally {
    await pg.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
