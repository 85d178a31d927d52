// ISR at the origin (ADR 027) over real HTTP, real Postgres and the real Shopify sync path: a
// product page answered from memory (fresh CSP nonce per hit), a Shopify price change reaching it
// only after the sync committed and purged (NOTIFY), purges reaching a second web process's cache,
// one background re-render for a stale page however many requests, one render for concurrent
// misses, and requests carrying a session (admin, read-your-writes) never served from memory.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import type { LoaderFunctionArgs } from '@remix-run/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabases, type Databases } from '../../db/client';
import { seedCatalog } from '../../db/seed/catalog-seed';
import { startShopifyEmulator, type ShopifyEmulator } from '../../emulators/shopify/server';
import { createShopifyClient } from '../integrations/shopify/client';
import { applyShopifyEvent, receiveShopifyWebhook } from '../modules/shopify-sync';
import { catalogCacheHeaders, noStoreHeaders, surrogateKey } from '../platform/cache-headers';
import { OriginCache } from '../platform/origin-cache';
import { createLocalPurgeAdapter, createNotifyingPurgeAdapter, listenForPurges } from '../platform/purge';
import { lsnValue } from '../platform/read-your-writes';
import { registry, setOriginCacheSource } from '../platform/metrics';
import { resourceRoutesBuild, startWebApp } from '../testing/web-app';
import { startPaymentsWorld, type PaymentsWorld } from '../testing/payments-fixture';

const SKU = 'FA-LINEN-SHIRT-XS-ECRU';
let w: PaymentsWorld;
let emu: ShopifyEmulator;
let receiver: Server;
let handle = '';
let clock = Date.now();
let renders = 0;
let renderDelayMs = 0;
const stops: (() => unknown)[] = [];

// A catalog "page" as the real routes build it: read from the replica, catalog headers with the
// product's surrogate key, the CSP nonce on its inline script.
const productPage = {
  loader: async ({ params, context }: LoaderFunctionArgs) => {
    renders++;
    if (renderDelayMs) await new Promise((r) => setTimeout(r, renderDelayMs));
    const [row] = await context.db.replica.execute<{ amount: number }>(sql`
      select vp.amount from variant_prices vp join variants v on v.id = vp.variant_id join products p on p.id = v.product_id
      where p.handle = ${params.handle ?? ''} and vp.currency = 'USD' and v.sku = ${SKU}`);
    if (!row) return new Response('no such product', { status: 404, headers: noStoreHeaders() });
    const headers = catalogCacheHeaders([surrogateKey.product(params.handle!)]);
    headers.set('Content-Type', 'text/html; charset=utf-8');
    return new Response(`<!doctype html><p id="price">${row.amount}</p><script nonce="${context.cspNonce}">0</script>`, { headers });
  },
};
const build = resourceRoutesBuild({ product: { path: 'products/:handle', module: productPage } });

type Web = { url: string; cache: OriginCache; db: Databases };
async function startWeb(label: string): Promise<Web> {
  // Its own connections, as a second web process has: the purge reaches it through Postgres.
  const db = createDatabases({ url: w.t.url, max: 3, applicationName: `isr-test-${label}` });
  const cache = new OriginCache({ maxBytes: 1024 * 1024, freshSeconds: 300, staleSeconds: 3600, now: () => clock });
  const listener = await listenForPurges(db.primarySql, { onKeys: (keys, lsn) => cache.purge(keys, lsn), onResubscribed: () => cache.purgeAll() });
  const app = await startWebApp({ db, build, originCache: cache });
  stops.push(async () => {
    app.close();
    await listener.stop();
    await db.close();
  });
  return { url: app.url, cache, db };
}

const get = async (web: Web, path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(`${web.url}${path}`, { headers });
  const body = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
  return { status: res.status, cache: res.headers.get('x-origin-cache'), body, price: Number(/id="price">(\d+)/.exec(body)?.[1]), nonce, bodyNonce: /nonce="([^"]+)"/.exec(body)?.[1] };
};
const until = async (what: () => Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

let a: Web;
let b: Web;
const purger = createLocalPurgeAdapter();

beforeAll(async () => {
  w = await startPaymentsWorld('isr');
  await seedCatalog(w.t.primary);
  [{ handle }] = await w.t.primary.execute<{ handle: string }>(sql`select p.handle from products p join variants v on v.product_id = p.id where v.sku = ${SKU}`);
  // Shopify's webhooks land in the inbox through the real receiver (HMAC checked).
  const shopifyDeps = () => ({ db: w.t.primary, outbox: w.deps.outbox, shopify, purger: createNotifyingPurgeAdapter(w.t.primarySql, purger) });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      void receiveShopifyWebhook(shopifyDeps(), new Request('http://127.0.0.1/webhooks/shopify', { method: 'POST', headers, body: rawBody }), rawBody).then((r) => res.writeHead(r.status).end(JSON.stringify(r.body)));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  emu = await startShopifyEmulator({ port: 0, apiSecret: 'shpss_isr_test', webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/shopify`, timestampPrecision: 'ms' });
  const shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
  a = await startWeb('a');
  b = await startWeb('b');
  applyAll = async () => {
    const rows = await w.t.primary.execute<{ event_id: string }>(sql`select event_id from webhook_inbox where provider = 'shopify' and processed_at is null order by received_at, event_id`);
    for (const r of rows) await applyShopifyEvent(shopifyDeps(), r.event_id);
  };
});
let applyAll: () => Promise<void>;
afterAll(async () => {
  for (const stop of stops.reverse()) await stop();
  await emu?.close();
  await new Promise((r) => receiver?.close(r));
  await w?.close();
});

describe('origin page cache', () => {
  it('answers a catalog page from memory, each hit with its own CSP nonce written into the stored HTML', async () => {
    const before = renders;
    const first = await get(a, `/products/${handle}`);
    const second = await get(a, `/products/${handle}`);
    const third = await get(a, `/products/${handle}`);
    expect([first.status, first.cache, second.cache, third.cache]).toEqual([200, 'MISS', 'HIT', 'HIT']);
    expect(renders - before).toBe(1);
    expect(second.body.replace(second.nonce!, 'N')).toBe(first.body.replace(first.nonce!, 'N'));
    for (const r of [first, second, third]) expect(r.bodyNonce).toBe(r.nonce);
    expect(new Set([first.nonce, second.nonce, third.nonce]).size).toBe(3);
    setOriginCacheSource(() => a.cache.stats());
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/dotshop_origin_cache_requests_total\{result="hit"\} [1-9]/);
    expect(metrics).toMatch(/dotshop_origin_cache_entries [1-9]/);
  });

  it('a price changed in Shopify reaches the cached page after the sync commits and purges it, never before', async () => {
    await get(a, `/products/${handle}`);
    const old = await get(a, `/products/${handle}`);
    expect(old.cache).toBe('HIT');
    emu.setPrice(SKU, '177.00');
    await emu.waitForWebhooks(5000);
    // In the inbox, not applied: the page is still the committed one.
    expect(await get(a, `/products/${handle}`)).toMatchObject({ cache: 'HIT', price: old.price });

    // Hold the product row: the sync's transaction waits on it, uncommitted.
    const holder = createDatabases({ url: w.t.url, max: 1, applicationName: 'isr-test-holder' });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holding = holder.primary.transaction(async (tx) => {
      await tx.execute(sql`select id from products where handle = ${handle} for update`);
      locked();
      await held;
    });
    await isLocked;
    const applying = applyAll();
    await new Promise((r) => setTimeout(r, 300));
    expect(await get(a, `/products/${handle}`)).toMatchObject({ cache: 'HIT', price: old.price });
    const [{ amount: dbNow }] = await w.t.primary.execute<{ amount: number }>(sql`select vp.amount from variant_prices vp join variants v on v.id = vp.variant_id where v.sku = ${SKU} and vp.currency = 'USD'`);
    expect(dbNow).toBe(old.price);

    release();
    await holding;
    await applying;
    await holder.close();
    await until(async () => (await get(a, `/products/${handle}`)).price === 17700);
    expect(purger.purgedKeys()).toContain(`product:${handle}`);
  });

  it('a purge by surrogate key reaches a second web process (LISTEN/NOTIFY on the primary); other pages stay', async () => {
    const other = (await w.t.primary.execute<{ handle: string }>(sql`select handle from products where handle <> ${handle} order by id limit 1`))[0].handle;
    // `other` has no SKU row in the test loader: a 404, never stored. Use a query string for a second cached URL of the same page instead.
    for (const web of [a, b]) {
      await get(web, `/products/${handle}`);
      await get(web, `/products/${handle}?ref=x`);
      expect((await get(web, `/products/${handle}`)).cache).toBe('HIT');
    }
    expect((await get(a, `/products/${other}`)).status).toBe(404);
    expect(a.cache.stats().entries).toBeGreaterThanOrEqual(2);
    const [{ before }] = await w.t.primary.execute<{ before: string }>(sql`select pg_current_wal_lsn()::text as before`);
    await createNotifyingPurgeAdapter(w.t.primarySql, createLocalPurgeAdapter()).purge([`product:${handle}`]);
    await until(async () => a.cache.stats().entries === 0 && b.cache.stats().entries === 0);
    // The purge carries the primary's position after the change: fills read at or after it (a
    // regional replica that has not replayed it is waited for or skipped: region-reads.ts).
    for (const web of [a, b]) expect(lsnValue(web.cache.fillFloorLsn)! >= lsnValue(before)!).toBe(true);
    expect((await get(b, `/products/${handle}`)).cache).toBe('MISS');
    expect((await get(b, `/products/${handle}`)).cache).toBe('HIT');
    // A key no page carries drops nothing.
    await createNotifyingPurgeAdapter(w.t.primarySql, createLocalPurgeAdapter()).purge(['product:nothing-here']);
    await new Promise((r) => setTimeout(r, 200));
    expect((await get(b, `/products/${handle}`)).cache).toBe('HIT');
  });

  it('concurrent misses render once; a stale page is served while ONE background render replaces it', async () => {
    a.cache.purge([`product:${handle}`]);
    renderDelayMs = 150;
    let before = renders;
    const cold = await Promise.all(Array.from({ length: 12 }, () => get(a, `/products/${handle}`)));
    expect(renders - before).toBe(1);
    expect(cold.every((r) => r.status === 200 && r.price === 17700)).toBe(true);
    expect(cold.filter((r) => r.cache === 'MISS')).toHaveLength(1);

    await w.t.primary.execute(sql`update variant_prices set amount = 18800 where currency = 'USD' and variant_id = (select id from variants where sku = ${SKU})`);
    clock += 301_000; // past its fresh time, within the stale window
    before = renders;
    const stale = await Promise.all(Array.from({ length: 12 }, () => get(a, `/products/${handle}`)));
    expect(stale.every((r) => r.cache === 'STALE' && r.price === 17700)).toBe(true);
    await until(async () => (await get(a, `/products/${handle}`)).cache === 'HIT');
    expect(renders - before).toBe(1);
    expect((await get(a, `/products/${handle}`)).price).toBe(18800);
    renderDelayMs = 0;
  });

  it('requests carrying a session, a read-your-writes position or credentials are never served from memory', async () => {
    await get(a, `/products/${handle}`);
    expect((await get(a, `/products/${handle}`)).cache).toBe('HIT');
    // The bag and the market preference do not change a catalog page (the count is fetched from /cart/count).
    expect((await get(a, `/products/${handle}`, { cookie: 'dotshop_cart=abc; dotshop_region=eu' })).cache).toBe('HIT');
    const before = renders;
    for (const headers of <Record<string, string>[]>[{ cookie: 'dotshop_lsn=0%2F16B3748' }, { cookie: 'dotshop_cart=abc; dotshop_admin_session=s' }, { cookie: 'anything=else' }, { authorization: 'Bearer x' }]) {
      const r = await get(a, `/products/${handle}`, headers);
      expect(r.status).toBe(200);
      expect(r.cache).toBeNull();
      expect(r.bodyNonce).toBe(r.nonce);
    }
    expect(renders - before).toBe(4);
    // Not a catalog page, or not a GET: never looked up.
    expect((await fetch(`${a.url}/products/${handle}`, { method: 'HEAD' })).headers.get('x-origin-cache')).toBeNull();
  });
});
