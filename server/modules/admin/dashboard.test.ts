import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, inventory, products, variants } from '../../../db/schema';
import { createTestDatabase, type TestDatabase } from '../../../db/testing/database';
import { getDashboardCounts, listStockAlerts } from './dashboard';
import { listProductsWithStock } from './products';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('admindash');
  const [c] = await t.primary.insert(categories).values({ handle: 'jewelry', title: 'Jewelry' }).returning();
  const [ring, scarf, draft] = await t.primary
    .insert(products)
    .values([
      { handle: 'ring', title: 'Gold Ring', categoryId: c.id },
      { handle: 'scarf', title: 'Silk Scarf 100%', categoryId: c.id },
      { handle: 'draft', title: 'Draft Brooch', categoryId: c.id, status: 'draft' },
    ])
    .returning();
  const vs = await t.primary
    .insert(variants)
    .values([
      { productId: ring.id, sku: 'RING-6', title: 'Size 6', position: 0 },
      { productId: ring.id, sku: 'RING-7', title: 'Size 7', position: 1 },
      { productId: scarf.id, sku: 'SCARF-INK', title: 'Ink', position: 0 },
      { productId: scarf.id, sku: 'SCARF-SAND', title: 'Sand', position: 1 },
      { productId: draft.id, sku: 'BROOCH', title: 'Default', position: 0 },
    ])
    .returning();
  // RING-6 sellable 3 (low), RING-7 sellable 0 (sold out), SCARF-INK 20, SCARF-SAND 5 (low), BROOCH has no row (sold out)
  await t.primary.insert(inventory).values([
    { variantId: vs[0].id, available: 5, reserved: 2 },
    { variantId: vs[1].id, available: 1, reserved: 1 },
    { variantId: vs[2].id, available: 20, reserved: 0 },
    { variantId: vs[3].id, available: 5, reserved: 0 },
  ]);
});
afterAll(async () => t?.drop());

describe('dashboard counts', () => {
  it('counts products, variants, low stock (sellable 1–5) and sold out (sellable ≤ 0, or no stock row)', async () => {
    expect(await getDashboardCounts(t.primary)).toEqual({ products: 3, activeProducts: 2, variants: 5, lowStockVariants: 2, soldOutVariants: 2 });
    const alerts = await listStockAlerts(t.primary);
    expect(alerts.map((a) => [a.sku, a.sellable])).toEqual([
      ['BROOCH', 0],
      ['RING-7', 0],
      ['RING-6', 3],
      ['SCARF-SAND', 5],
    ]);
  });
});

describe('product list with stock', () => {
  it('lists products with available/reserved/sellable per variant, paged', async () => {
    const page1 = await listProductsWithStock(t.primary, { pageSize: 2 });
    expect(page1).toMatchObject({ total: 3, pageCount: 2, page: 1 });
    expect(page1.products.map((p) => p.title)).toEqual(['Draft Brooch', 'Gold Ring']);
    expect(page1.products[1].variants.map((v) => [v.sku, v.available, v.reserved, v.sellable])).toEqual([
      ['RING-6', 5, 2, 3],
      ['RING-7', 1, 1, 0],
    ]);
    const page2 = await listProductsWithStock(t.primary, { pageSize: 2, page: 2 });
    expect(page2.products.map((p) => p.title)).toEqual(['Silk Scarf 100%']);
    expect(await listProductsWithStock(t.primary, { pageSize: 2, page: 9 })).toMatchObject({ products: [], total: 3 });
  });

  it('searches by title or SKU, treating % and _ literally', async () => {
    expect((await listProductsWithStock(t.primary, { q: 'silk' })).products.map((p) => p.title)).toEqual(['Silk Scarf 100%']);
    expect((await listProductsWithStock(t.primary, { q: 'ring-7' })).products.map((p) => p.title)).toEqual(['Gold Ring']);
    expect((await listProductsWithStock(t.primary, { q: '100%' })).products.map((p) => p.title)).toEqual(['Silk Scarf 100%']);
    expect((await listProductsWithStock(t.primary, { q: '%' })).products.map((p) => p.title)).toEqual(['Silk Scarf 100%']);
    expect((await listProductsWithStock(t.primary, { q: 'nothing like it' })).total).toBe(0);
  });
});
