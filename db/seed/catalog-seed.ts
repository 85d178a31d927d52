// Writes the seed catalog (catalog.ts) into the projection tables: categories, products, variants,
// prices, images and inventory. Insert-if-missing only, keyed by handle / SKU / Shopify id: a
// re-run adds what is new and never touches existing rows, so live stock and reservations survive.
import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { categories, images, inventory, products, variantPrices, variants } from '../schema';
import { CATALOG_CURRENCIES, CATALOG_UPDATED_AT, catalogCategories, catalogProducts } from './catalog';

/** Rows inserted by this run (zero everywhere on an already-seeded database). */
export type SeedCatalogResult = {
  categories: number;
  products: number;
  variants: number;
  prices: number;
  images: number;
  inventory: number;
};

export async function seedCatalog(db: Db, log?: (msg: string) => void): Promise<SeedCatalogResult> {
  const started = performance.now();
  const result = await db.transaction(async (tx) => {
    // One set-based insert per table; ids of parents are read back by their natural keys because
    // `returning` only yields the rows this run inserted.
    const insertedCategories = await tx
      .insert(categories)
      .values(
        catalogCategories.map((c) => ({
          handle: c.handle,
          title: c.title,
          tagline: c.tagline,
          description: c.description,
          position: c.position,
          shopifyId: c.shopifyId,
          shopifyUpdatedAt: CATALOG_UPDATED_AT,
        })),
      )
      .onConflictDoNothing()
      .returning({ id: categories.id });
    const categoryIds = new Map(
      (
        await tx
          .select({ id: categories.id, handle: categories.handle })
          .from(categories)
          .where(
            inArray(
              categories.handle,
              catalogCategories.map((c) => c.handle),
            ),
          )
      ).map((r) => [r.handle, r.id]),
    );

    const productRows = catalogProducts.flatMap((p) => {
      const categoryId = categoryIds.get(p.category);
      if (categoryId === undefined) return [];
      return [
        {
          handle: p.handle,
          title: p.title,
          description: p.description,
          vendor: p.vendor,
          productType: p.productType,
          categoryId,
          tags: p.tags,
          status: p.status,
          featured: p.featured,
          shopifyId: p.shopifyId,
          shopifyUpdatedAt: CATALOG_UPDATED_AT,
        },
      ];
    });
    const insertedProducts = await tx.insert(products).values(productRows).onConflictDoNothing().returning({ id: products.id });
    const productIds = new Map(
      (
        await tx
          .select({ id: products.id, handle: products.handle })
          .from(products)
          .where(
            inArray(
              products.handle,
              catalogProducts.map((p) => p.handle),
            ),
          )
      ).map((r) => [r.handle, r.id]),
    );

    const variantRows = catalogProducts.flatMap((p) => {
      const productId = productIds.get(p.handle);
      if (productId === undefined) return [];
      return p.variants.map((v) => ({
        productId,
        sku: v.sku,
        title: v.title,
        options: Object.fromEntries(v.selectedOptions.map((o) => [o.name, o.value])),
        position: v.position,
        shopifyId: v.shopifyId,
        shopifyInventoryItemId: v.inventoryItemId,
        shopifyUpdatedAt: CATALOG_UPDATED_AT,
      }));
    });
    const insertedVariants = variantRows.length
      ? await tx.insert(variants).values(variantRows).onConflictDoNothing().returning({ id: variants.id })
      : [];
    const catalogVariants = catalogProducts.flatMap((p) => p.variants);
    const variantIds = new Map(
      (
        await tx
          .select({ id: variants.id, sku: variants.sku })
          .from(variants)
          .where(
            inArray(
              variants.sku,
              catalogVariants.map((v) => v.sku),
            ),
          )
      ).map((r) => [r.sku, r.id]),
    );
    const seeded = catalogVariants.flatMap((v) => {
      const variantId = variantIds.get(v.sku);
      return variantId === undefined ? [] : [{ variantId, v }];
    });

    const priceRows = seeded.flatMap(({ variantId, v }) =>
      CATALOG_CURRENCIES.map((currency) => ({
        variantId,
        currency,
        amount: v.price[currency],
        compareAtAmount: v.compareAtPrice?.[currency] ?? null,
      })),
    );
    const insertedPrices = priceRows.length
      ? await tx.insert(variantPrices).values(priceRows).onConflictDoNothing().returning({ id: variantPrices.variantId })
      : [];

    const imageRows = catalogProducts.flatMap((p) => {
      const productId = productIds.get(p.handle);
      if (productId === undefined) return [];
      return p.images.map((img) => ({
        productId,
        url: img.src,
        alt: img.alt,
        width: img.width,
        height: img.height,
        position: img.position,
        shopifyId: img.shopifyId,
      }));
    });
    const insertedImages = imageRows.length
      ? await tx.insert(images).values(imageRows).onConflictDoNothing().returning({ id: images.id })
      : [];

    // Stock is Shopify's count as of now; an existing row is live state and is left alone.
    const inventoryRows = seeded.map(({ variantId, v }) => ({
      variantId,
      available: v.inventoryQuantity,
      availableAt: sql`now()`,
      reserved: 0,
    }));
    const insertedInventory = inventoryRows.length
      ? await tx.insert(inventory).values(inventoryRows).onConflictDoNothing().returning({ id: inventory.variantId })
      : [];

    return {
      categories: insertedCategories.length,
      products: insertedProducts.length,
      variants: insertedVariants.length,
      prices: insertedPrices.length,
      images: insertedImages.length,
      inventory: insertedInventory.length,
    };
  });
  const ms = Math.round(performance.now() - started);
  log?.(
    result.products || result.variants || result.inventory
      ? `Catalog seeded: ${result.products} products, ${result.variants} variants, ${result.images} images added (${ms} ms).`
      : `Catalog already seeded: nothing to add (${ms} ms).`,
  );
  return result;
}
