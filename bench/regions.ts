// `npm run bench:regions` (issue 12): the two-region stack (`start:regions`, WAN_RTT_MS default 80)
// measured from a client next to each region. Prints, per region: checkout (create cart + line +
// checkout, and the checkout POST alone) p50/p95/p99 for a single shopper, product page p50/p95,
// the read-your-writes bag read right after a write, and eu-west's replica lag under the load.
// Figures, not a test: nothing here asserts a time. Run it alone on the machine.
//   BENCH_CHECKOUTS=40   checkouts per region      BENCH_PAGES=200   product page requests per region
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

const US = Number(process.env.BENCH_PORT ?? 3320);
const EU = US + 1;
const PG = 54320 + (US % 10) * 2;
const CHECKOUTS = Number(process.env.BENCH_CHECKOUTS ?? 40);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const RTT = Number(process.env.WAN_RTT_MS ?? 80);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : NaN;
};
const summary = (xs: number[]) => ({ n: xs.length, p50_ms: pct(xs, 50), p95_ms: pct(xs, 95), p99_ms: pct(xs, 99) });

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
}

async function region(port: number, market: 'us' | 'eu') {
  const base = `http://127.0.0.1:${port}`;
  const list = (await (await fetch(`${base}/api/v1/products?region=${market}`)).json()) as { products: { handle: string }[] };
  const handles = list.products.map((p) => p.handle);
  const skus: string[] = [];
  for (const h of handles.slice(0, 10)) {
    const d = (await (await fetch(`${base}/api/v1/products/${h}?region=${market}`)).json()) as { variants: { sku: string; availableForSale?: boolean }[] };
    skus.push(...d.variants.map((v) => v.sku));
  }
  const flow: number[] = [];
  const post: number[] = [];
  const ryw: number[] = [];
  let failed = 0;
  const address = market === 'us' ? { name: 'Bench', line1: '1 Main St', city: 'Austin', postalCode: '78701', region: 'TX', country: 'US' } : { name: 'Bench', line1: '1 Hauptstr.', city: 'Berlin', postalCode: '10115', region: '', country: 'DE' };
  for (let i = 0; i < CHECKOUTS; i++) {
    const jar: string[] = [];
    const req = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${base}${path}`, { method, headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), Cookie: jar.join('; ') }, body: body ? JSON.stringify(body) : undefined });
      for (const c of r.headers.getSetCookie()) jar.push(c.split(';')[0]);
      return { status: r.status, body: (await r.json()) as { id?: string } };
    };
    const t0 = performance.now();
    const cart = await req('POST', '/api/v1/carts', { region: market });
    const line = await req('POST', `/api/v1/carts/${cart.body.id}/lines`, { sku: skus[i % skus.length], quantity: 1 });
    const [, readMs] = await timed(() => req('GET', `/api/v1/carts/${cart.body.id}?region=${market}`));
    ryw.push(readMs);
    const [co, postMs] = await timed(() => req('POST', `/api/v1/carts/${cart.body.id}/checkout`, { email: 'bench@example.com', region: market, shippingAddress: address, shippingMethod: 'standard', paymentMethod: 'pm_card_visa' }));
    if (cart.status !== 201 || line.status !== 201 || co.status !== 201) failed++;
    post.push(postMs);
    flow.push(performance.now() - t0);
  }
  const pages: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const [, ms] = await timed(async () => (await fetch(`${base}/products/${handles[i % handles.length]}`)).text());
    pages.push(ms);
  }
  return { flow, post, ryw, pages, failed };
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(US), STRIPE_EMULATOR_PORT: String(US + 9012), SHOPIFY_EMULATOR_PORT: String(US + 9021), EMBEDDED_PG_PORT: String(PG), EMBEDDED_PG_DIR: `.data/postgres-bench-regions`, LOCAL_DB_NAME: 'dotshop_bench_regions', LOCAL_DB_RESET: '1', STRIPE_EMULATOR_STATE_FILE: '.data/stripe-bench-regions.json', WAN_RTT_MS: String(RTT), NODE_ENV: 'production', LOG_LEVEL: 'warn', EMULATOR_LOG: 'errors' };
  delete env.DATABASE_URL;
  const stack = spawn(process.execPath, ['--import', 'tsx', 'server/bin/regions-stack.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  stack.stdout.on('data', (c) => (out += c));
  for (const end = Date.now() + 180_000; !out.includes('running in two regions'); await new Promise((r) => setTimeout(r, 200))) {
    if (Date.now() > end || stack.exitCode !== null) throw new Error(`start:regions did not come up:\n${out}`);
  }
  try {
    console.log(`Two regions up (WAN round trip ${RTT} ms). ${CHECKOUTS} checkouts and ${PAGES} product pages per region, one client at a time.`);
    const us = await region(US, 'us');
    const eu = await region(EU, 'eu');
    const ready = (await (await fetch(`http://127.0.0.1:${EU}/readyz`)).json()) as { replica: unknown };
    const rows: Record<string, unknown> = {};
    for (const [name, r] of [
      ['us-east', us],
      ['eu-west', eu],
    ] as const) {
      rows[`${name} checkout flow (3 requests)`] = summary(r.flow);
      rows[`${name} checkout POST`] = summary(r.post);
      rows[`${name} bag read right after a write`] = summary(r.ryw);
      rows[`${name} product page`] = summary(r.pages);
      rows[`${name} failed checkouts`] = { n: r.failed };
    }
    console.table(rows);
    console.log('eu-west replica after the run:', JSON.stringify(ready));
  } finally {
    stack.kill('SIGINT');
    await new Promise((r) => stack.once('exit', r));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
