// A tiny catalog for domain tests that need real products and stock but not the whole seed.
import { categories, inventory, products, variantPrices, variants } from '../../db/schema';
import type { Db } from '../../db/client';

export async function insertTestVariant(db: Db, opts: { sku: string; available: number; usd?: number; eur?: number; handle?: string }) {
  const handle = opts.handle ?? `p-${opts.sku.toLowerCase()}`;
  const [c] = await db.insert(categories).values({ handle: `c-${handle}`, title: 'Test' }).returning({ id: categories.id });
  const [p] = await db.insert(products).values({ handle, title: `Product ${opts.sku}`, categoryId: c.id }).returning({ id: products.id });
  const [v] = await db.insert(variants).values({ productId: p.id, sku: opts.sku, title: 'One size' }).returning({ id: variants.id });
  await db.insert(variantPrices).values([
    { variantId: v.id, currency: 'USD', amount: opts.usd ?? 5000 },
    { variantId: v.id, currency: 'EUR', amount: opts.eur ?? 5500 },
  ]);
  await db.insert(inventory).values({ variantId: v.id, available: opts.available });
  return { productId: p.id, variantId: v.id, sku: opts.sku };
}
