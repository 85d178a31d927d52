// Raw SSR benchmark (no cache in front): product and category pages.
// Prints peak req/s at 32 connections, p50/p95/p99 at 8 connections, errors, and web RSS.
// Usage: npm run bench:storefront   (BENCH_URL=http://host:port to target a running shop)
import autocannon from 'autocannon';
import postgres from 'postgres';
import { mb, startBenchStack, webRssBytes, type BenchStack } from './stack';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

type Result = autocannon.Result;
function run(url: string, connections: number, duration = DURATION): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration, pipelining: 1 }, (err, res) => (err ? reject(err) : resolve(res)));
  });
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
    stack = await startBenchStack();
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
    }
    const rssBefore = await webRssBytes(baseUrl);
    const rows = [];
    for (const t of targets) {
      await run(t.url, 8, 3); // warm-up (JIT, connection pools)
      rows.push(row(`${t.name} (peak)`, await run(t.url, 32)));
      rows.push(row(`${t.name} (latency)`, await run(t.url, 8)));
    }
    const rssAfter = await webRssBytes(baseUrl);
    console.log(`\nRaw SSR, no cache; ${DURATION}s per run; machine: 2 cores; web + Postgres + load generator on one host.`);
    console.table(rows);
    console.log(`web RSS: ${mb(rssBefore)} before, ${mb(rssAfter)} after`);
  } finally {
    await stack?.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
