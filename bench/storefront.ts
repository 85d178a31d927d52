// Storefront benchmark: product and category pages, raw SSR (every request rendered) and ISR hits
// (answered from the web process's page cache, ADR 027), in the same process, interleaved.
// Raw requests carry a cookie the cache does not know, so they bypass it exactly as a session
// would. Prints peak req/s at 32 connections, p50/p95/p99 at 8 connections, errors, and web RSS.
// Usage: BENCH_PORT=3331 npm run bench:storefront   (BENCH_URL=http://host:port to target a running shop;
// BENCH_MODES=raw,isr picks the kinds of run)
import autocannon from 'autocannon';
import postgres from 'postgres';
import { mb, startBenchStack, webRssBytes, type BenchStack } from './stack';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

type Result = autocannon.Result;
const MODES = (process.env.BENCH_MODES ?? 'raw,isr').split(',');
/** A cookie the origin cache does not know: the request is rendered, as a session-bearing one is. */
const RAW_HEADERS = { cookie: 'dotshop_bench=raw-ssr' };
function run(url: string, connections: number, duration = DURATION, headers: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1, headers }, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

async function originCacheCounts(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^dotshop_origin_cache_requests_total\{result="(\w+)"\} (\d+)/gm)) out[m[1]] = Number(m[2]);
  return out;
}

function row(name: string, r: Result) {
  const l = r.latency;
  return {
    page: name,
    connections: r.connections,
    'req/s': Math.round(r.requests.average),
    p50_ms: l.p50,
    p95_ms: (l as unknown as Record<string, number>).p95 ?? l.p97_5,
    p99_ms: l.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

async function main() {
  let stack: BenchStack | undefined;
  let baseUrl = process.env.BENCH_URL;
  let dbUrl: string | undefined;
  if (!baseUrl) {
    console.log('Starting the shop (production build, fresh seeded database) …');
    stack = await startBenchStack({ port: Number(process.env.BENCH_PORT ?? 3200) });
    baseUrl = stack.baseUrl;
    dbUrl = stack.databaseUrl;
  }
  try {
    let product = process.env.BENCH_PRODUCT;
    if (!product && dbUrl) {
      const sql = postgres(dbUrl, { max: 1 });
      const [p] = await sql`select handle from products where status = 'active' order by featured desc, id limit 1`;
      await sql.end();
      product = p?.handle;
    }
    const targets = [
      { name: 'product page', url: `${baseUrl}/products/${product}` },
      { name: 'category page', url: `${baseUrl}/collections/fashion` },
    ];
    for (const t of targets) {
      const res = await fetch(t.url);
      if (res.status !== 200) throw new Error(`${t.url} answered ${res.status}; is the catalog seeded?`);
      const again = await fetch(t.url);
      console.log(`${t.name}: X-Origin-Cache ${again.headers.get('x-origin-cache') ?? '(none: the shop has no origin cache)'} on a second request`);
    }
    const rssBefore = await webRssBytes(baseUrl);
    const rows = [];
    const countsBefore = await originCacheCounts(baseUrl);
    for (const t of targets) {
      // Raw and ISR alternate per page so both see the same machine (it is shared and noisy).
      for (const mode of MODES) {
        const headers = mode === 'raw' ? RAW_HEADERS : {};
        await run(t.url, 8, 3, headers); // warm-up (JIT, connection pools)
        rows.push(row(`${t.name} ${mode} (peak)`, await run(t.url, 32, DURATION, headers)));
        rows.push(row(`${t.name} ${mode} (latency)`, await run(t.url, 8, DURATION, headers)));
      }
    }
    const rssAfter = await webRssBytes(baseUrl);
    const countsAfter = await originCacheCounts(baseUrl);
    console.log(`\nraw = every request rendered (a cookie the cache does not know); isr = answered from the origin page cache.`);
    console.log(`${DURATION}s per run; machine: 2 cores, shared; web + Postgres + load generator on one host.`);
    console.table(rows);
    console.log(`origin cache during the runs: ${JSON.stringify(Object.fromEntries(Object.entries(countsAfter).map(([k, v]) => [k, v - (countsBefore[k] ?? 0)])))}`);
    console.log(`web RSS: ${mb(rssBefore)} before, ${mb(rssAfter)} after`);
  } finally {
    await stack?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
