import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArtPath } from '../../db/seed/product-art';
import { categories, images, inventory, products, variantPrices, variants } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { CATALOG_UPDATED_AT, catalogCategories, catalogProducts } from '../../db/seed/catalog';
import { seedCatalog } from '../../db/seed/catalog-seed';
import { seedDatabase } from './seed';

const allVariants = catalogProducts.flatMap((p) => p.variants);

describe('seed catalog data', () => {
  it('has at least 60 products across fashion, beauty and jewelry, a few featured in each', () => {
    expect(catalogProducts.length).toBeGreaterThanOrEqual(60);
    expect(catalogCategories.map((c) => c.handle).sort()).toEqual(['beauty', 'fashion', 'jewelry']);
    for (const c of catalogCategories) {
      const inCategory = catalogProducts.filter((p) => p.category === c.handle);
      expect(inCategory.length, c.handle).toBeGreaterThanOrEqual(15);
      const featured = inCategory.filter((p) => p.featured).length;
      expect(featured, c.handle).toBeGreaterThanOrEqual(2);
      expect(featured, c.handle).toBeLessThanOrEqual(6);
      expect(c.tagline.length).toBeGreaterThan(0);
      expect(c.description.length).toBeGreaterThan(40);
    }
  });

  it('has unique handles, SKUs and Shopify ids', () => {
    const unique = (xs: string[]) => new Set(xs).size === xs.length;
    expect(unique(catalogProducts.map((p) => p.handle))).toBe(true);
    expect(unique(allVariants.map((v) => v.sku))).toBe(true);
    const gids = [
      ...catalogCategories.map((c) => c.shopifyId),
      ...catalogProducts.map((p) => p.shopifyId),
      ...allVariants.flatMap((v) => [v.shopifyId, v.inventoryItemId]),
      ...catalogProducts.flatMap((p) => p.images.map((i) => i.shopifyId)),
    ];
    expect(unique(gids)).toBe(true);
    for (const gid of gids) expect(gid).toMatch(/^gid:\/\/shopify\/(Collection|Product|ProductVariant|InventoryItem|ProductImage)\/\d{12,14}$/);
    for (const v of allVariants) expect(v.sku).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
  });

  it('prices every variant in USD and EUR as positive integer minor units, compare-at above price', () => {
    for (const v of allVariants) {
      for (const currency of ['USD', 'EUR'] as const) {
        expect(Number.isInteger(v.price[currency]) && v.price[currency] > 0, `${v.sku} ${currency}`).toBe(true);
        if (v.compareAtPrice) expect(v.compareAtPrice[currency], v.sku).toBeGreaterThan(v.price[currency]);
      }
    }
    expect(allVariants.some((v) => v.compareAtPrice)).toBe(true);
  });

  it('has variants consistent with the product options, in option order', () => {
    for (const p of catalogProducts) {
      const combos = p.options.reduce((n, o) => n * o.values.length, 1);
      expect(p.variants.length, p.handle).toBe(combos);
      for (const v of p.variants) {
        expect(v.selectedOptions.map((o) => o.name)).toEqual(p.options.map((o) => o.name));
        expect(v.title).toBe(v.selectedOptions.length ? v.selectedOptions.map((o) => o.value).join(' / ') : 'Default Title');
      }
      expect(p.description).not.toMatch(/<|lorem/i);
      expect(p.description.split(/(?<=[.!?])\s+/).length, p.handle).toBeGreaterThanOrEqual(2);
      expect(p.images).toHaveLength(2);
      for (const img of p.images) {
        expect(parseArtPath(img.src), img.src).toEqual(img.art);
        expect(img.alt).toContain(p.title);
      }
    }
    // no description is a template repeated across products
    expect(new Set(catalogProducts.map((p) => p.description)).size).toBe(catalogProducts.length);
  });

  it('includes low-stock and sold-out variants in every category and a product sold out everywhere', () => {
    for (const c of catalogCategories) {
      const vs = catalogProducts.filter((p) => p.category === c.handle).flatMap((p) => p.variants);
      expect(vs.some((v) => v.inventoryQuantity >= 1 && v.inventoryQuantity <= 4), c.handle).toBe(true);
      expect(vs.some((v) => v.inventoryQuantity === 0), c.handle).toBe(true);
    }
    expect(catalogProducts.some((p) => p.variants.every((v) => v.inventoryQuantity === 0))).toBe(true);
    const partlySoldOut = catalogProducts.filter(
      (p) => p.variants.some((v) => v.inventoryQuantity === 0) && p.variants.some((v) => v.inventoryQuantity > 0),
    );
    expect(partlySoldOut.length).toBeGreaterThanOrEqual(3);
    for (const v of allVariants) expect(Number.isInteger(v.inventoryQuantity) && v.inventoryQuantity >= 0 && v.inventoryQuantity <= 60).toBe(true);
  });
});

describe('seedCatalog on Postgres', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('catalogseed');
  });
  afterAll(async () => t?.drop());

  const counts = async () => {
    const [row] = await t.primary.execute<{ c: number; p: number; v: number; vp: number; i: number; inv: number }>(sql`
      select (select count(*) from categories)::int as c, (select count(*) from products)::int as p,
             (select count(*) from variants)::int as v, (select count(*) from variant_prices)::int as vp,
             (select count(*) from images)::int as i, (select count(*) from inventory)::int as inv`);
    return row;
  };

  it('writes every category, product, variant, price, image and stock row', async () => {
    const inserted = await seedCatalog(t.primary);
    const expected = {
      categories: 3,
      products: catalogProducts.length,
      variants: allVariants.length,
      prices: allVariants.length * 2,
      images: catalogProducts.length * 2,
      inventory: allVariants.length,
    };
    expect(inserted).toEqual(expected);
    expect(await counts()).toEqual({ c: 3, p: expected.products, v: expected.variants, vp: expected.prices, i: expected.images, inv: expected.inventory });

    const [shirt] = await t.primary.select().from(products).where(eq(products.handle, 'linen-camp-shirt'));
    expect(shirt.shopifyId).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(shirt.shopifyUpdatedAt?.toISOString()).toBe(CATALOG_UPDATED_AT.toISOString());
    const [fashion] = await t.primary.select().from(categories).where(eq(categories.handle, 'fashion'));
    expect(shirt.categoryId).toBe(fashion.id);

    const [v] = await t.primary.select().from(variants).where(eq(variants.sku, 'FA-LINEN-SHIRT-M-INK'));
    expect(v.options).toEqual({ Size: 'M', Colour: 'Ink' });
    const prices = await t.primary.select().from(variantPrices).where(eq(variantPrices.variantId, v.id));
    expect(Object.fromEntries(prices.map((r) => [r.currency, r.amount]))).toEqual({ USD: 12800, EUR: 13500 });

    const stock = await t.primary.execute<{ sku: string; available: number; sellable: number; recent: boolean }>(
      sql`select v.sku, i.available, i.sellable, i.available_at > now() - interval '1 minute' as recent
          from inventory i join variants v on v.id = i.variant_id`,
    );
    const bySku = new Map(stock.map((r) => [r.sku, r]));
    for (const cv of allVariants) {
      expect(bySku.get(cv.sku)?.available, cv.sku).toBe(cv.inventoryQuantity);
      expect(bySku.get(cv.sku)?.recent).toBe(true);
    }
    const imgs = await t.primary.select().from(images).where(eq(images.productId, shirt.id));
    expect(imgs.map((i) => i.url).sort()).toEqual(catalogProducts[0].images.map((i) => i.src).sort());
  });

  it('is idempotent and never overwrites live stock or reservations', async () => {
    const before = await counts();
    const [v] = await t.primary.select().from(variants).where(eq(variants.sku, 'FA-LINEN-SHIRT-M-INK'));
    await t.primary.update(inventory).set({ available: 7, reserved: 3 }).where(eq(inventory.variantId, v.id));
    await t.primary.update(products).set({ title: 'Edited in Shopify' }).where(eq(products.handle, 'linen-camp-shirt'));

    const again = await seedCatalog(t.primary);
    expect(again).toEqual({ categories: 0, products: 0, variants: 0, prices: 0, images: 0, inventory: 0 });
    expect(await counts()).toEqual(before);
    const [stock] = await t.primary.select().from(inventory).where(eq(inventory.variantId, v.id));
    expect({ available: stock.available, reserved: stock.reserved, sellable: stock.sellable }).toEqual({ available: 7, reserved: 3, sellable: 4 });
    const [shirt] = await t.primary.select().from(products).where(eq(products.handle, 'linen-camp-shirt'));
    expect(shirt.title).toBe('Edited in Shopify');
  });

  it('fills in rows that are missing without touching the rest', async () => {
    const [v] = await t.primary.select().from(variants).where(eq(variants.sku, 'BE-SATIN-LIP-FIG'));
    await t.primary.delete(inventory).where(eq(inventory.variantId, v.id));
    await t.primary.delete(variantPrices).where(eq(variantPrices.variantId, v.id));
    const filled = await seedCatalog(t.primary);
    expect(filled).toEqual({ categories: 0, products: 0, variants: 0, prices: 2, images: 0, inventory: 1 });
  });

  it('seedDatabase reports the number of products and creates the first owner once', async () => {
    const logs: string[] = [];
    const opts = { adminEmail: 'owner@example.com', adminPassword: 'owner-password-123', resetAdminPassword: true, log: (m: string) => logs.push(m) };
    const out = await seedDatabase(t.primary, opts);
    expect(out).toEqual({ products: catalogProducts.length, ownerCreated: true });
    expect(logs.join('\n')).toMatch(/already seeded/);
    expect(await seedDatabase(t.primary, opts)).toEqual({ products: catalogProducts.length, ownerCreated: false });
  });
});
