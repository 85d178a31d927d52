// Shopify → DotShop inbound lag under a burst: 1,000 stock changes made "in Shopify" (the
// emulator's control API) at once; each sends a signed inventory_levels/update webhook to the
// real shop, which verifies, records, applies and purges. Prints p50/p95/p99 of
// triggered-at → applied and → purged from sync_lag_samples, plus throughput and backlog.
// Usage: npm run bench:shopify-inbound
import postgres from 'postgres';
import { mb, startBenchStack, webRssBytes } from './stack';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

async function main() {
  const port = Number(process.env.BENCH_PORT ?? 3380);
  console.log('Starting the shop (production build, fresh database, Shopify emulator) …');
  const stack = await startBenchStack({ port });
  const shopifyEmulator = `http://127.0.0.1:${port + 9021}`;
  const sql = postgres(stack.databaseUrl, { max: 2 });
  try {
    const skus = (await sql<{ sku: string }[]>`select sku from variants order by id`).map((r) => r.sku);
    const [{ n: before }] = await sql<{ n: number }[]>`select count(*)::int as n from sync_lag_samples where topic = 'inventory_levels/update'`;
    const rssBefore = await webRssBytes(stack.baseUrl);
    const t0 = Date.now();
    let next = 0;
    let failed = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (;;) {
          const i = next++;
          if (i >= CHANGES) return;
          const sku = skus[i % skus.length];
          const res = await fetch(`${shopifyEmulator}/_emulator/inventory/${encodeURIComponent(sku)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ available: 100 + (i % 50) }),
          });
          if (!res.ok) failed++;
        }
      }),
    );
    const sentMs = Date.now() - t0;
    const deadline = Date.now() + 180_000;
    let applied = 0;
    for (;;) {
      const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from sync_lag_samples where topic = 'inventory_levels/update' and applied_at is not null`;
      applied = n - before;
      if (applied >= CHANGES - failed || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainMs = Date.now() - t0;
    const [lag] = await sql<Record<string, number>[]>`
      select
        percentile_cont(0.5) within group (order by extract(epoch from applied_at - started_at) * 1000) as applied_p50,
        percentile_cont(0.95) within group (order by extract(epoch from applied_at - started_at) * 1000) as applied_p95,
        percentile_cont(0.99) within group (order by extract(epoch from applied_at - started_at) * 1000) as applied_p99,
        percentile_cont(0.5) within group (order by extract(epoch from purged_at - started_at) * 1000) as purged_p50,
        percentile_cont(0.95) within group (order by extract(epoch from purged_at - started_at) * 1000) as purged_p95,
        percentile_cont(0.99) within group (order by extract(epoch from purged_at - started_at) * 1000) as purged_p99
      from sync_lag_samples where topic = 'inventory_levels/update' and applied_at is not null`;
    const [{ n: unprocessed }] = await sql<{ n: number }[]>`select count(*)::int as n from webhook_inbox where provider = 'shopify' and processed_at is null`;
    const r = (v: number) => Math.round(Number(v));
    console.log(`\nInbound lag, burst of ${CHANGES} inventory changes (${CONCURRENCY} at a time); shop + worker + Postgres + emulator on one 2-core host.`);
    console.table([
      {
        changes: CHANGES,
        'control calls failed': failed,
        applied,
        'sent in ms': sentMs,
        'all applied in ms': drainMs,
        'applied/s': Math.round((applied * 1000) / drainMs),
        'applied p50 ms': r(lag.applied_p50),
        'applied p95 ms': r(lag.applied_p95),
        'applied p99 ms': r(lag.applied_p99),
        'purged p50 ms': r(lag.purged_p50),
        'purged p95 ms': r(lag.purged_p95),
        'purged p99 ms': r(lag.purged_p99),
        'inbox unprocessed': unprocessed,
      },
    ]);
    console.log(`web RSS: ${mb(rssBefore)} before, ${mb(await webRssBytes(stack.baseUrl))} after`);
  } finally {
    await sql.end();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
