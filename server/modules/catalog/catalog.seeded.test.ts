// The catalog queries against the real seed catalog: every page answers, in both currencies,
// with the advertised number of statements, and the seed's stock states reach the shopper.
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/postgres-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema, type Db } from '../../../db/client';
import { seedCatalog } from '../../../db/seed/catalog-seed';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { getCategoryListing } from './category';
import { getHomePage, listNavCategories } from './home';
import { getProductDetail } from './product';
import { searchProducts } from './search';
import { getProductLeadImage, listSitemapEntries } from './crawlers';
import { PAGE_SIZE } from './types';

let t: TestDatabase;
let counted: Db;
let statements = 0;

beforeAll(async () => {
  t = await createTestDatabase('catalogseed');
  await seedCatalog(t.primary);
  // The same connection pool behind a proxy that counts every statement sent (drizzle's own and
  // the prepared ones the catalog sends straight through postgres.js).
  const client = new Proxy(t.primarySql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe') {
        return (...args: Parameters<typeof target.unsafe>) => {
          statements++;
          return target.unsafe(...args);
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
  counted = drizzle(client, { schema });
});
afterAll(async () => t?.drop());

async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }> {
  statements = 0;
  const result = await fn();
  return { result, statements };
}

describe('seeded catalog', () => {
  it('lists the three categories', async () => {
    expect((await listNavCategories(t.replica)).map((c) => c.handle)).toEqual(['fashion', 'beauty', 'jewelry']);
  });

  it('home: featured products for every category in both currencies, in 2 statements', async () => {
    for (const currency of ['USD', 'EUR']) {
      const { result, statements } = await countStatements(() => getHomePage(counted, { currency }));
      expect(statements).toBe(2);
      expect(result.categories).toHaveLength(3);
      for (const c of result.categories) expect(c.products.length).toBe(4);
      expect(result.hero?.image?.url).toMatch(/^\/media\/art\//);
    }
  });

  it('category pages: totals agree with the database and every product appears once across pages', async () => {
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from products where status = 'active'`);
    expect(n).toBeGreaterThanOrEqual(60);
    let seen = 0;
    for (const handle of ['fashion', 'beauty', 'jewelry']) {
      const first = await countStatements(() => getCategoryListing(counted, { handle, currency: 'EUR' }));
      expect(first.statements).toBe(3); // category, page, facets — in parallel
      const listing = first.result!;
      const handles = new Set<string>();
      for (let page = 1; page <= listing.pageCount; page++) {
        const p = await getCategoryListing(t.replica, { handle, currency: 'EUR', page, sort: 'name' });
        expect(p!.products.length).toBeLessThanOrEqual(PAGE_SIZE);
        for (const card of p!.products) handles.add(card.handle);
      }
      expect(handles.size).toBe(listing.total);
      seen += listing.total;
      expect(listing.facets.options.length).toBeGreaterThan(0);
      expect(listing.facets.price!.min).toBeLessThan(listing.facets.price!.max);
    }
    expect(seen).toBe(n);
  });

  it('an option filter returns exactly the products with a variant carrying that value', async () => {
    const listing = await getCategoryListing(t.replica, { handle: 'jewelry', currency: 'USD' });
    const metal = listing!.facets.options.find((o) => o.name === 'Metal')!;
    const value = metal.values[0];
    const filtered = await getCategoryListing(t.replica, { handle: 'jewelry', currency: 'USD', filters: { Metal: [value.value] }, page: 1 });
    expect(filtered!.total).toBe(value.count);
    const [{ n }] = await t.primary.execute<{ n: number }>(sql`
      select count(distinct p.id)::int as n from products p join categories c on c.id = p.category_id and c.handle = 'jewelry'
        join variants v on v.product_id = p.id where p.status = 'active' and v.options @> ${JSON.stringify({ Metal: value.value })}::jsonb`);
    expect(filtered!.total).toBe(n);
  });

  it('price sort is monotonic and a price range holds', async () => {
    const asc = await getCategoryListing(t.replica, { handle: 'beauty', currency: 'USD', sort: 'price-asc' });
    const prices = asc!.products.map((p) => p.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    const ranged = await getCategoryListing(t.replica, { handle: 'beauty', currency: 'USD', priceMin: 3000, priceMax: 6000 });
    expect(ranged!.total).toBeGreaterThan(0);
    expect(ranged!.total).toBeLessThan(asc!.total);
  });

  it('product pages answer in one statement, with low-stock and sold-out variants derived from sellable', async () => {
    const rows = await t.primary.execute<{ handle: string; sku: string; sellable: number }>(sql`
      select p.handle, v.sku, i.sellable from products p join variants v on v.product_id = p.id join inventory i on i.variant_id = v.id
       where p.status = 'active' order by i.sellable, v.id`);
    const soldOut = rows.find((r) => r.sellable <= 0)!;
    const low = rows.find((r) => r.sellable > 0 && r.sellable <= 5)!;
    expect(soldOut).toBeTruthy();
    expect(low).toBeTruthy();

    const s = await countStatements(() => getProductDetail(counted, { handle: soldOut.handle, currency: 'USD', variantSku: soldOut.sku }));
    expect(s.statements).toBe(1);
    expect(s.result!.selectedVariant).toMatchObject({ sku: soldOut.sku, stock: { kind: 'sold_out' } });
    const l = await getProductDetail(t.replica, { handle: low.handle, currency: 'EUR', variantSku: low.sku });
    expect(l!.selectedVariant).toMatchObject({ sku: low.sku, stock: { kind: 'low_stock', remaining: low.sellable } });
    expect(l!.currency).toBe('EUR');
    expect(l!.images.length).toBeGreaterThan(0);
  });

  it('search finds linen by the whole word and by a prefix, in one statement', async () => {
    const whole = await countStatements(() => searchProducts(counted, { q: 'linen', currency: 'USD' }));
    expect(whole.statements).toBe(1);
    expect(whole.result.total).toBeGreaterThan(0);
    expect(whole.result.products[0].title.toLowerCase()).toContain('linen'); // title matches rank first
    const prefix = await searchProducts(t.replica, { q: 'lin', currency: 'USD' });
    expect(prefix.products.map((p) => p.handle)).toEqual(expect.arrayContaining(whole.result.products.map((p) => p.handle)));
  });

  it('sitemap: every active product with its Shopify updated_at and the currencies it sells in, every category, in 2 statements', async () => {
    await t.primary.execute(sql`update products set shopify_updated_at = '2026-03-04T05:06:07Z' where handle = (select handle from products where status = 'active' order by id limit 1)`);
    const { result, statements } = await countStatements(() => listSitemapEntries(counted));
    expect(statements).toBe(2);
    const [{ count }] = await t.primary.execute<{ count: number }>(sql`select count(*)::int as count from products where status = 'active'`);
    expect(result.products).toHaveLength(count);
    expect(result.products[0].lastmod).toBe('2026-03-04T05:06:07.000Z');
    for (const p of result.products) expect(p.currencies.length, p.handle).toBeGreaterThan(0);
    expect(result.categories.map((c) => c.handle)).toEqual(['fashion', 'beauty', 'jewelry']);
    for (const c of result.categories) expect(c.lastmod, c.handle).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const lead = await getProductLeadImage(t.replica, result.products[0].handle);
    expect(lead?.url).toMatch(/^\/media\/art\//);
    expect(await getProductLeadImage(t.replica, 'no-such-product')).toBeNull();
  });
});
