// Backfill against the emulator with the real SDK into an empty database: small pages, THROTTLED
// waited out with a tiny bucket, an interrupted run resumes from its cursor, and the reconcile pass
// repairs stock drift per SKU.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogProducts } from '../../../db/seed/catalog';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { startShopifyEmulator, type ShopifyEmulator } from '../../../emulators/shopify/server';
import { createLocalPurgeAdapter } from '../../platform/purge';
import { syncCatalog, type CatalogSyncProgress } from './backfill';
import { createShopifyClient, type ShopifyClient } from '../../integrations/shopify/client';

let t: TestDatabase;
let emu: ShopifyEmulator;
let shopify: ShopifyClient;
beforeAll(async () => {
  t = await createTestDatabase('shopifybackfill');
  emu = await startShopifyEmulator({ port: 0 });
  shopify = createShopifyClient({ SHOPIFY_SHOP_DOMAIN: emu.shopDomain, SHOPIFY_ACCESS_TOKEN: emu.accessToken, SHOPIFY_API_KEY: 'k', SHOPIFY_API_SECRET: emu.apiSecret, SHOPIFY_API_BASE: emu.url });
});
afterAll(async () => {
  await emu?.close();
  await t?.drop();
});

const n = async (query: ReturnType<typeof sql>) => (await t.primary.execute<{ n: number }>(query))[0].n;

describe('shopify backfill', () => {
  it('imports page by page, waits out THROTTLED on a tiny bucket, and resumes an interrupted run from its cursor', async () => {
    // Find what one page asks for, then give the bucket barely more than that.
    const probe: CatalogSyncProgress[] = [];
    await syncCatalog({ db: t.primary, shopify }, { cursorName: 'probe', maxPages: 1, onProgress: (p) => probe.push(p) });
    const requested = probe[0].lastCost!.requestedQueryCost;
    expect(requested).toBeLessThan(1000);
    emu.setBucket({ maximumAvailable: requested + 5, restoreRate: Math.ceil(requested / 2) });
    emu.drainBucket();

    const first = await syncCatalog({ db: t.primary, shopify }, { restart: true, maxPages: 2 });
    expect(first).toMatchObject({ pages: 2, products: 20, finished: false, resumedFrom: null });
    const [cursor] = await t.primary.execute<{ cursor: string | null; processed: number; finished_at: Date | null }>(sql`select cursor, processed, finished_at from sync_cursors where name = 'backfill'`);
    expect(cursor).toMatchObject({ processed: 20, finished_at: null });
    expect(cursor.cursor).toBeTruthy();

    const progress: CatalogSyncProgress[] = [];
    const second = await syncCatalog({ db: t.primary, shopify }, { onProgress: (p) => progress.push(p) });
    expect(second.resumedFrom).toBe(cursor.cursor);
    expect(second.finished).toBe(true);
    expect(second.products).toBe(catalogProducts.length - 20);
    expect(progress.at(-1)).toMatchObject({ processed: catalogProducts.length, total: catalogProducts.length });
    expect(first.throttledWaits + second.throttledWaits).toBeGreaterThan(0);

    expect(await n(sql`select count(*)::int as n from products where shopify_id is not null`)).toBe(catalogProducts.length);
    expect(await n(sql`select count(*)::int as n from variants`)).toBe(catalogProducts.reduce((s, p) => s + p.variants.length, 0));
    expect(await n(sql`select count(*)::int as n from variant_prices where currency = 'EUR'`)).toBe(catalogProducts.reduce((s, p) => s + p.variants.length, 0));
    const v = catalogProducts[0].variants[0];
    const [row] = await t.primary.execute<{ usd: number; eur: number; available: number; item: string }>(sql`
      select (select amount from variant_prices where variant_id = v.id and currency = 'USD') as usd,
             (select amount from variant_prices where variant_id = v.id and currency = 'EUR') as eur,
             i.available, v.shopify_inventory_item_id as item
      from variants v join inventory i on i.variant_id = v.id where v.sku = ${v.sku}`);
    expect(row).toEqual({ usd: v.price.USD, eur: v.price.EUR, available: emu.stock(v.sku).available, item: v.inventoryItemId });
    expect(await n(sql`select count(distinct category_id)::int as n from products`)).toBe(3);
  });

  it('the reconcile pass repairs stock drift per SKU and purges the product', async () => {
    emu.setBucket({ maximumAvailable: 1000, restoreRate: 1000 });
    const sku = catalogProducts[1].variants[0].sku;
    await t.primary.execute(sql`update inventory set available = available + 9 where variant_id = (select id from variants where sku = ${sku})`);
    const purger = createLocalPurgeAdapter();
    const r = await syncCatalog({ db: t.primary, shopify, purger }, { cursorName: 'reconcile' });
    expect(r.stockRepaired).toEqual([{ sku, dotshop: emu.stock(sku).available + 9, shopify: emu.stock(sku).available }]);
    expect(purger.purgedKeys()).toContain(`product:${catalogProducts[1].handle}`);
    const again = await syncCatalog({ db: t.primary, shopify }, { cursorName: 'reconcile' });
    expect(again.stockRepaired).toEqual([]);
  });
});
