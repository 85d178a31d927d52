// `npm run bench:regions` (issue 12): the two-region stack (`start:regions`, WAN_RTT_MS default 80)
// measured from a client next to each region, once per write path (ADR 024):
//   forward  eu-west sends each write (non-GET request) to us-east's web tier: one WAN round trip
//   direct   eu-west runs the write's transactions against the primary across the WAN
// Per region and path: a single shopper's checkout (3-request flow and the checkout POST alone)
// p50/p95/p99, the bag read right after a write (read-your-writes), product page p50/p95; then an
// open load of BENCH_RATE checkouts/s from EACH region at once (latency from the scheduled start:
// no coordinated omission), with eu-west's replica lag sampled throughout and the read-your-writes
// waits from eu-west's /metrics. Figures, not a test: nothing here asserts a time. Run it alone.
//   BENCH_PATHS=forward,direct  BENCH_CHECKOUTS=40  BENCH_PAGES=200  BENCH_RATE=20  BENCH_OPEN_SECONDS=15
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import postgres from 'postgres';

const US = Number(process.env.BENCH_PORT ?? 3320);
const EU = US + 1;
const PG = 54320 + (US % 10) * 3;
const DB = 'dotshop_bench_regions';
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 40);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 15);
const RTT = Number(process.env.WAN_RTT_MS ?? 80);
const PATHS = (process.env.BENCH_PATHS ?? 'forward,direct').split(',') as ('forward' | 'direct')[];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : NaN;
};
const summary = (xs: number[]) => ({ n: xs.length, p50_ms: pct(xs, 50), p95_ms: pct(xs, 95), p99_ms: pct(xs, 99) });
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** One HTTP request on a kept-alive socket (fetch's pool is too small for an open load). */
function request(port: number, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { ...(data ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(data)) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, cookies: ([] as string[]).concat(res.headers['set-cookie'] ?? []) }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

const address = (market: 'us' | 'eu') =>
  market === 'us' ? { name: 'Bench', line1: '1 Main St', city: 'Austin', postalCode: '78701', region: 'TX', country: 'US' } : { name: 'Bench', line1: '1 Hauptstr.', city: 'Berlin', postalCode: '10115', region: '', country: 'DE' };
const checkoutBody = (market: 'us' | 'eu') => ({ email: 'bench@example.com', region: market, shippingAddress: address(market), shippingMethod: 'standard', paymentMethod: 'pm_card_visa' });

async function skusFor(port: number, market: 'us' | 'eu'): Promise<{ handles: string[]; skus: string[] }> {
  const handles: string[] = [];
  for (let page = 1, pages = 1; page <= pages; page++) {
    const list = JSON.parse((await request(port, 'GET', `/api/v1/products?region=${market}&page=${page}`)).body) as { products: { handle: string }[]; pageCount: number };
    handles.push(...list.products.map((p) => p.handle));
    pages = list.pageCount;
  }
  const skus: string[] = [];
  for (const h of handles) {
    const d = JSON.parse((await request(port, 'GET', `/api/v1/products/${h}?region=${market}`)).body) as { variants: { sku: string; availableForSale?: boolean }[] };
    skus.push(...d.variants.filter((v) => v.availableForSale !== false).map((v) => v.sku));
  }
  return { handles, skus };
}

async function oneShopper(port: number, market: 'us' | 'eu', skus: string[], handles: string[]) {
  const flow: number[] = [];
  const post: number[] = [];
  const ryw: number[] = [];
  let failed = 0;
  for (let i = 0; i < CHECKOUTS; i++) {
    const jar = new Map<string, string>();
    const call = async (method: string, path: string, body?: unknown) => {
      const r = await request(port, method, path, body, { 'Idempotency-Key': randomUUID(), Cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') });
      for (const c of r.cookies) {
        const [pair] = c.split(';');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
      return { status: r.status, body: (r.body ? JSON.parse(r.body) : {}) as { id?: string } };
    };
    const t0 = performance.now();
    const cart = await call('POST', '/api/v1/carts', { region: market });
    const line = await call('POST', `/api/v1/carts/${cart.body.id}/lines`, { sku: skus[(i * 7) % skus.length], quantity: 1 });
    const t1 = performance.now();
    await call('GET', `/api/v1/carts/${cart.body.id}?region=${market}`);
    ryw.push(performance.now() - t1);
    const t2 = performance.now();
    const co = await call('POST', `/api/v1/carts/${cart.body.id}/checkout`, checkoutBody(market));
    post.push(performance.now() - t2);
    if (cart.status !== 201 || line.status !== 201 || co.status !== 201) failed++;
    flow.push(performance.now() - t0);
  }
  const pages: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const t0 = performance.now();
    await request(port, 'GET', `/products/${handles[i % handles.length]}`);
    pages.push(performance.now() - t0);
  }
  return { flow, post, ryw, pages, failed };
}

/**
 * Carts holding one line each, inserted on the primary (the open load times the checkout POST
 * alone), spread evenly over every variant the market sells so the seeded stock (8–60 a SKU, set in
 * Shopify, which the sync keeps) covers the run.
 */
async function insertCarts(sql: postgres.Sql, market: 'us' | 'eu', count: number): Promise<string[]> {
  const currency = market === 'us' ? 'USD' : 'EUR';
  const rows = await sql<{ id: string }[]>`
    with v as (
      select i.variant_id, row_number() over (order by i.variant_id) - 1 as k, count(*) over () as n
      from inventory i join variant_prices p on p.variant_id = i.variant_id and p.currency = ${currency}
      where i.available - i.reserved >= 4
    ),
    c as (insert into carts (region) select ${market} from generate_series(1, ${count}::int) returning id),
    numbered as (select id, row_number() over () - 1 as k from c),
    l as (insert into cart_lines (cart_id, variant_id, quantity) select numbered.id, v.variant_id, 1 from numbered join v on v.k = numbered.k % v.n)
    select id from c`;
  return rows.map((r) => r.id);
}

async function openLoad(port: number, market: 'us' | 'eu', carts: string[]) {
  const lat: number[] = [];
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    carts.map(async (id, i) => {
      const due = t0 + (i * 1000) / RATE;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const r = await request(port, 'POST', `/api/v1/carts/${id}/checkout`, checkoutBody(market), { 'Idempotency-Key': randomUUID() }).catch(() => ({ status: 0 }));
      lat.push(performance.now() - due);
      if (r.status !== 201) failed++;
    }),
  );
  return { lat, failed };
}

/** p50 / p95 of a Prometheus histogram from its buckets (upper bounds). */
function histogramQuantiles(metrics: string, name: string): { n: number; p50_le_ms: number; p95_le_ms: number } {
  const buckets = [...metrics.matchAll(new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\} (\\d+)`, 'gm'))].map((m) => ({ le: m[1] === '+Inf' ? Infinity : Number(m[1]), count: Number(m[2]) }));
  const total = buckets.at(-1)?.count ?? 0;
  const q = (p: number) => (buckets.find((b) => b.count >= p * total)?.le ?? NaN) * 1000;
  return { n: total, p50_le_ms: q(0.5), p95_le_ms: q(0.95) };
}

async function runPath(writePath: 'forward' | 'direct') {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(US), STRIPE_EMULATOR_PORT: String(US + 9012), SHOPIFY_EMULATOR_PORT: String(US + 9021), EMBEDDED_PG_PORT: String(PG), EMBEDDED_PG_DIR: `.data/postgres-bench-regions`, LOCAL_DB_NAME: DB, LOCAL_DB_RESET: '1', STRIPE_EMULATOR_STATE_FILE: '.data/stripe-bench-regions.json', WAN_RTT_MS: String(RTT), WRITE_PATH: writePath, NODE_ENV: 'production', LOG_LEVEL: 'warn', EMULATOR_LOG: 'errors', ADMIN_SIGNIN_RATE_LIMIT: '1000' };
  delete env.DATABASE_URL;
  const stack = spawn(process.execPath, ['--import', 'tsx', 'server/bin/regions-stack.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  stack.stdout.on('data', (c) => (out += c));
  for (const end = Date.now() + 180_000; !out.includes('running in two regions'); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end || stack.exitCode !== null) throw new Error(`start:regions did not come up:\n${out}`);
  }
  const sql = postgres(`postgres://postgres:dotshop-local@127.0.0.1:${PG}/${DB}`, { max: 2, onnotice: () => {} });
  try {
    const rows: Record<string, unknown> = {};
    for (const [name, port, market] of [
      ['us-east', US, 'us'],
      ['eu-west', EU, 'eu'],
    ] as const) {
      const { skus, handles } = await skusFor(port, market);
      const r = await oneShopper(port, market, skus, handles);
      rows[`${writePath} ${name} 1 shopper: checkout flow (3 requests)`] = summary(r.flow);
      rows[`${writePath} ${name} 1 shopper: checkout POST`] = summary(r.post);
      rows[`${writePath} ${name} bag read right after a write`] = summary(r.ryw);
      rows[`${writePath} ${name} product page`] = summary(r.pages);
      rows[`${writePath} ${name} 1 shopper: failed checkouts`] = { n: r.failed };
    }
    const n = RATE * OPEN_SECONDS;
    const [usCarts, euCarts] = [await insertCarts(sql, 'us', n), await insertCarts(sql, 'eu', n)];
    const lag: number[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const ready = JSON.parse((await request(EU, 'GET', '/readyz')).body) as { replica?: { lagSeconds: number | null } };
        if (ready.replica?.lagSeconds != null) lag.push(ready.replica.lagSeconds * 1000);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const [us, eu] = await Promise.all([openLoad(US, 'us', usCarts), openLoad(EU, 'eu', euCarts)]);
    sampling = false;
    await sampler;
    rows[`${writePath} us-east open ${RATE}/s: checkout POST`] = { ...summary(us.lat), failed: us.failed };
    rows[`${writePath} eu-west open ${RATE}/s: checkout POST`] = { ...summary(eu.lat), failed: eu.failed };
    rows[`${writePath} eu-west replica lag during the open load`] = summary(lag);
    rows[`${writePath} eu-west read-your-writes wait (histogram bucket bounds)`] = histogramQuantiles((await request(EU, 'GET', '/metrics')).body, 'dotshop_read_your_writes_wait_seconds');
    return rows;
  } finally {
    await sql.end({ timeout: 2 });
    stack.kill('SIGINT');
    await new Promise((r) => stack.once('exit', r));
  }
}

async function main() {
  console.log(`Two regions, WAN round trip ${RTT} ms; per region ${CHECKOUTS} sequential checkouts and ${PAGES} product pages, then ${RATE} checkouts/s from each region for ${OPEN_SECONDS} s. Write paths: ${PATHS.join(', ')}.`);
  const rows: Record<string, unknown> = {};
  for (const p of PATHS) Object.assign(rows, await runPath(p));
  console.table(rows);
  agent.destroy();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
