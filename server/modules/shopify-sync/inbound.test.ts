// Shopify inbound against real Postgres, real pg-boss, the Shopify emulator and the real SDK:
// HMAC before storage, dedup, reordered deliveries converge (stale ignored), unknown inventory
// items wait for the reconcile, fulfilment captures, exact purge keys, lag samples.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { orders } from '../../../db/commerce-schema';
import { seedCatalog } from '../../../db/seed/catalog-seed';
import { startShopifyEmulator, type ShopifyEmulator } from '../../../emulators/shopify/server';
import { createLocalPurgeAdapter } from '../../platform/purge';
import { resolvePending } from './backfill';
import { applyShopifyEvent, receiveShopifyWebhook, type ApplyDeps, type ApplyOutcome } from './inbound';
import { createShopifyClient, type ShopifyClient } from '../../integrations/shopify/client';
import { authorizedOrder, startPaymentsWorld, type PaymentsWorld } from '../../testing/payments-fixture';

type Delivery = { rawBody: string; headers: Record<string, string> };

let w: PaymentsWorld;
let emu: ShopifyEmulator;
let shopify: ShopifyClient;
let receiver: Server;
let mode: 'forward' | 'capture' = 'forward';
const captured: Delivery[] = [];
const purger = createLocalPurgeAdapter();
let deps: ApplyDeps;

const toRequest = (d: Delivery) => new Request('http://127.0.0.1/webhooks/shopify', { method: 'POST', headers: d.headers, body: d.rawBody });
const deliver = async (d: Delivery) => receiveShopifyWebhook(deps, toRequest(d), d.rawBody);

beforeAll(async () => {
  w = await startPaymentsWorld('shopifyin');
  await seedCatalog(w.t.primary);
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const d: Delivery = { rawBody: Buffer.concat(chunks).toString('utf8'), headers: Object.fromEntries(Object.entries(req.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string> };
        if (mode === 'capture') {
          captured.push(d);
          res.writeHead(200).end('ok');
          return;
        }
        const r = await deliver(d);
        res.writeHead(r.status).end(JSON.stringify(r.body));
      })();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/shopify`;
  emu = await startShopifyEmulator({ port: 0, apiSecret: 'shpss_inbound_test', webhookUrl: url, webhookRetrySchedule: [50, 100], timestampPrecision: 'ms' });
  shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
  deps = { db: w.t.primary, outbox: w.deps.outbox, shopify, purger };
});
afterAll(async () => {
  await emu?.close();
  await new Promise((r) => receiver?.close(r));
  await w?.close();
});
beforeEach(() => {
  mode = 'forward';
  captured.splice(0);
  purger.clear();
});

const q = async <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => w.t.primary.execute<T>(query);
const count = async (table: string, where = sql`true`) => (await q<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(table)} where ${where}`))[0].n;
const applyJobs = () => count('pgboss.job', sql`name = 'shopify.apply-webhook'`);

/** Applies every unprocessed Shopify inbox event (what the worker does), oldest first. */
async function drain(): Promise<ApplyOutcome[]> {
  const rows = await q<{ event_id: string }>(sql`select event_id from webhook_inbox where provider = 'shopify' and processed_at is null order by received_at, event_id`);
  const out: ApplyOutcome[] = [];
  for (const r of rows) out.push(await applyShopifyEvent(deps, r.event_id));
  return out;
}
const price = async (sku: string, currency = 'USD') =>
  (await q<{ amount: number }>(sql`select vp.amount from variant_prices vp join variants v on v.id = vp.variant_id where v.sku = ${sku} and vp.currency = ${currency}`))[0]?.amount;
const SKU = 'FA-LINEN-SHIRT-XS-ECRU';

describe('receiving', () => {
  it('forged or missing HMAC → 401 and nothing stored; malformed JSON → 400; unknown topic recorded once and ignored', async () => {
    mode = 'capture';
    emu.setPrice(SKU, '131.00');
    await emu.waitForWebhooks(5000);
    const real = captured[0];
    const before = [await count('webhook_inbox'), await applyJobs()];
    const forged = { ...real, headers: { ...real.headers, 'x-shopify-hmac-sha256': Buffer.from('nope').toString('base64') } };
    expect((await deliver(forged)).status).toBe(401);
    expect((await deliver({ ...real, rawBody: real.rawBody.replace('131.00', '1.00') })).status).toBe(401);
    const { 'x-shopify-hmac-sha256': _drop, ...unsigned } = real.headers;
    expect((await deliver({ ...real, headers: unsigned })).status).toBe(401);
    expect([await count('webhook_inbox'), await applyJobs()]).toEqual(before);

    const { createHmac } = await import('node:crypto');
    const sign = (body: string) => createHmac('sha256', emu.apiSecret).update(body).digest('base64');
    const bad = '{"id": 1,';
    expect((await deliver({ rawBody: bad, headers: { ...real.headers, 'x-shopify-hmac-sha256': sign(bad) } })).status).toBe(400);
    expect([await count('webhook_inbox'), await applyJobs()]).toEqual(before);

    const odd = JSON.stringify({ id: 99 });
    const oddHeaders = { ...real.headers, 'x-shopify-topic': 'customers/create', 'x-shopify-event-id': 'evt-odd-1', 'x-shopify-hmac-sha256': sign(odd) };
    const answers = [await deliver({ rawBody: odd, headers: oddHeaders }), await deliver({ rawBody: odd, headers: oddHeaders })];
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(await count('webhook_inbox', sql`event_id = 'evt-odd-1' and processed_at is not null`)).toBe(1);
    expect(await applyJobs()).toBe(before[1]);

    // The genuine one is stored once with its job, however often it arrives.
    const r = await Promise.all([deliver(real), deliver(real), deliver(real)]);
    expect(r.map((x) => x.status)).toEqual([200, 200, 200]);
    expect(await applyJobs()).toBe(before[1] + 1);
    expect(await drain()).toEqual(['applied']);
    expect(await price(SKU)).toBe(13100);
  });
});

describe('applying', () => {
  it('duplicated and reordered price updates converge: the older webhook delivered last is ignored', async () => {
    mode = 'capture';
    emu.setPrice(SKU, '140.00');
    await new Promise((r) => setTimeout(r, 5));
    emu.setPrice(SKU, '150.00');
    emu.setPrice(SKU, '151.00', 'EUR');
    await emu.waitForWebhooks(5000);
    expect(captured).toHaveLength(3);
    const [older, newer, eur] = captured;
    for (const d of [newer, eur, newer]) await deliver(d);
    expect(await drain()).toEqual(['applied', 'applied']);
    expect(await price(SKU)).toBe(15000);
    expect(await price(SKU, 'EUR')).toBe(15100);
    await deliver(older);
    await deliver(older);
    expect(await drain()).toEqual(['stale']);
    expect(await price(SKU)).toBe(15000);
    // Purges: a price change touches exactly the product's key (every listing carries it).
    expect(purger.purges().map((p) => p.keys)).toEqual([['product:linen-camp-shirt'], ['product:linen-camp-shirt']].map((k) => k.map((x) => x.replace('linen-camp-shirt', handleOf(SKU)))));
    const lag = await q<{ n: number }>(sql`select count(*)::int as n from sync_lag_samples where direction = 'inbound' and applied_at is not null and started_at <= applied_at`);
    expect(lag[0].n).toBeGreaterThanOrEqual(4);
  });

  it('an inventory update for an item DotShop has not seen waits in pending, then the reconcile resolves it', async () => {
    mode = 'capture';
    const created = emu.createProduct({ title: 'Silk Scarf Test', productType: 'Accessories', variants: [{ sku: 'SYNC-SCARF-1', price: '90.00', priceEur: '95.00', available: 3 }] });
    await emu.waitForWebhooks(5000);
    captured.splice(0);
    emu.setAvailable('SYNC-SCARF-1', 7);
    await emu.waitForWebhooks(5000);
    expect(captured.map((d) => d.headers['x-shopify-topic'])).toEqual(['inventory_levels/update']);
    await deliver(captured[0]);
    expect(await drain()).toEqual(['pending']);
    expect(await count('pending_inventory_updates')).toBe(1);

    const r = await resolvePending({ db: w.t.primary, shopify });
    expect(r.resolved).toBe(1);
    expect(await count('pending_inventory_updates')).toBe(0);
    const [inv] = await q<{ available: number }>(sql`select i.available from inventory i join variants v on v.id = i.variant_id where v.sku = 'SYNC-SCARF-1'`);
    expect(inv.available).toBe(7);
    expect(await price('SYNC-SCARF-1', 'EUR')).toBe(9500);
    expect(r.keys).toContain(`product:${created.handle}`);
  });

  it('products/create, inventory and delete purge exactly the keys they affect', async () => {
    const created = emu.createProduct({ title: 'Purge Probe', variants: [{ sku: 'SYNC-PURGE-1', price: '20.00', available: 2 }] });
    await emu.waitForWebhooks(5000);
    expect(await drain()).toEqual(['applied']);
    const [row] = await q<{ category: string }>(sql`select c.handle as category from products p join categories c on c.id = p.category_id where p.handle = ${created.handle}`);
    expect(purger.purges().map((p) => p.keys)).toEqual([[`category:${row.category}`, 'home', `product:${created.handle}`, 'search']]);
    purger.clear();
    emu.setAvailable('SYNC-PURGE-1', 5);
    await emu.waitForWebhooks(5000);
    expect(await drain()).toEqual(['applied']);
    expect(purger.purges().map((p) => p.keys)).toEqual([[`product:${created.handle}`]]);
    const [lag] = await q<{ purged: boolean }>(sql`select purged_at >= applied_at as purged from sync_lag_samples where topic = 'inventory_levels/update' order by id desc limit 1`);
    expect(lag.purged).toBe(true);
    purger.clear();
    emu.deleteProduct(created.handle);
    await emu.waitForWebhooks(5000);
    expect(await drain()).toEqual(['applied']);
    expect(purger.purges().map((p) => p.keys)).toEqual([[`category:${row.category}`, 'home', `product:${created.handle}`, 'search']]);
    const [p] = await q<{ status: string }>(sql`select status from products where handle = ${created.handle}`);
    expect(p.status).toBe('archived');
  });

  it('fulfillments/create marks the DotShop order fulfilled and queues the capture', async () => {
    const { orderId } = await authorizedOrder(w);
    const res = await shopify.graphql<{ orderCreate: { order: { id: string } | null; userErrors: unknown[] } }>(
      `mutation($order: OrderCreateOrderInput!) { orderCreate(order: $order) { order { id } userErrors { field message } } }`,
      {
        order: {
          currency: 'USD',
          tags: [`dotshop-order-${orderId}`],
          sourceIdentifier: orderId,
          sourceName: 'dotshop',
          customAttributes: [{ key: 'dotshop_order_id', value: orderId }],
          lineItems: [{ title: 'Test line', quantity: 2, priceSet: { shopMoney: { amount: '100.00', currencyCode: 'USD' } } }],
        },
      },
    );
    expect(res.data.orderCreate.userErrors).toEqual([]);
    await emu.waitForWebhooks(5000);
    await drain();
    emu.fulfill(orderId);
    await emu.waitForWebhooks(5000);
    const outcomes = await drain();
    expect(outcomes).toContain('applied');
    const [o] = await w.t.primary.select({ status: orders.status }).from(orders).where(eq(orders.id, orderId));
    expect(o.status).toBe('fulfilled');
    expect(await count('pgboss.job', sql`name = 'payments.capture-order' and data->>'orderId' = ${orderId}`)).toBe(1);
  });
});

function handleOf(sku: string) {
  return sku === SKU ? seededHandle : '';
}
let seededHandle = '';
beforeAll(async () => {
  const [r] = await q<{ handle: string }>(sql`select p.handle from products p join variants v on v.product_id = p.id where v.sku = ${SKU}`);
  seededHandle = r.handle;
});
