// Catalog + stock import from the Admin GraphQL API, page by page (10 products with their first 10
// variants: ~800 requested points, under the 1000-point limit; a product with more variants gets
// the rest in follow-up queries), waiting out THROTTLED,
// with its cursor in sync_cursors so an interrupted run resumes where it stopped. The same pass is
// the hourly reconcile: it repairs stock drift per SKU (DotShop's `available` vs Shopify's) and
// resolves pending_inventory_updates.
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { pendingInventoryUpdates, syncCursors } from '../../../db/sync-schema';
import { surrogateKey } from '../../platform/cache-headers';
import type { PurgeAdapter } from '../../platform/purge';
import { applyProductSnapshot, completeVariants, productFields, resolvePendingInventory, syncProductFromShopify, type ProductSnapshot } from './inbound';
import type { ShopifyClient, ShopifyCost } from '../../integrations/shopify/client';

export const BACKFILL_PAGE_SIZE = 10;

const PAGE_QUERY = `query DotShopCatalogPage($first: Int!, $after: String) {
  products(first: $first, after: $after, sortKey: ID) { pageInfo { hasNextPage endCursor } nodes { ${productFields(10)} } }
}`;

export type CatalogSyncDeps = { db: Db; shopify: ShopifyClient; purger?: PurgeAdapter };
export type CatalogSyncProgress = { page: number; processed: number; total: number | null; throttledWaits: number; lastCost: ShopifyCost | null };
export type CatalogSyncOptions = {
  /** sync_cursors.name: 'backfill' or 'reconcile'. */
  cursorName?: string;
  pageSize?: number;
  /** Stop after this many pages (the cursor stays: the next run resumes). */
  maxPages?: number;
  /** Start over even when an unfinished cursor exists. */
  restart?: boolean;
  onProgress?: (p: CatalogSyncProgress) => void;
  onThrottled?: (cost: ShopifyCost, waitMs: number) => void;
};
export type CatalogSyncResult = {
  pages: number;
  products: number;
  applied: number;
  stale: number;
  stockRepaired: { sku: string; dotshop: number; shopify: number }[];
  pendingResolved: number;
  resumedFrom: string | null;
  finished: boolean;
  throttledWaits: number;
  purgedKeys: string[];
};

export async function syncCatalog(deps: CatalogSyncDeps, opts: CatalogSyncOptions = {}): Promise<CatalogSyncResult> {
  const name = opts.cursorName ?? 'backfill';
  const first = opts.pageSize ?? BACKFILL_PAGE_SIZE;
  const [saved] = await deps.db.select().from(syncCursors).where(eq(syncCursors.name, name));
  const resume = !opts.restart && saved && !saved.finishedAt && saved.cursor ? saved.cursor : null;
  let processed = resume ? saved!.processed : 0;
  if (!resume) {
    await deps.db
      .insert(syncCursors)
      .values({ name, cursor: null, processed: 0, finishedAt: null })
      .onConflictDoUpdate({ target: syncCursors.name, set: { cursor: null, processed: 0, finishedAt: null, updatedAt: sql`now()` } });
  }
  let total: number | null = null;
  let throttledWaits = 0;
  const onThrottled = (c: ShopifyCost, ms: number) => {
    throttledWaits++;
    opts.onThrottled?.(c, ms);
  };
  try {
    const { data } = await deps.shopify.graphql<{ productsCount: { count: number } }>('{ productsCount { count } }', {}, { onThrottled });
    total = data.productsCount.count;
  } catch {
    total = null;
  }
  const result: CatalogSyncResult = { pages: 0, products: 0, applied: 0, stale: 0, stockRepaired: [], pendingResolved: 0, resumedFrom: resume, finished: false, throttledWaits: 0, purgedKeys: [] };
  const keys = new Set<string>();
  let after = resume;
  for (;;) {
    if (opts.maxPages !== undefined && result.pages >= opts.maxPages) break;
    type Page = { products: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ProductSnapshot[] } };
    const { data, cost } = await deps.shopify.graphql<Page>(PAGE_QUERY, { first, after }, { onThrottled });
    const page = data.products;
    const snapshots: ProductSnapshot[] = [];
    for (const p of page.nodes) snapshots.push(p.variants.pageInfo.hasNextPage ? await completeVariants(deps.shopify, p) : p);
    await deps.db.transaction(async (tx) => {
      for (const s of snapshots) {
        const r = await applyProductSnapshot(tx, s);
        if (r.outcome === 'stale') result.stale++;
        else result.applied++;
        r.keys.forEach((k) => keys.add(k));
        // Stock drift: Shopify's count wins when its inventory item is at or after ours.
        for (const v of s.variants.nodes) {
          if (!v.inventoryItem || v.inventoryQuantity === null) continue;
          const at = new Date(v.inventoryItem.updatedAt);
          const rows = await tx.execute<{ sku: string; before: number }>(sql`
            update inventory i set available = ${v.inventoryQuantity}, available_at = greatest(i.available_at, ${at.toISOString()}::timestamptz), available_triggered_at = null, updated_at = now()
            from variants v, (select variant_id, available as before from inventory) old
            where v.id = i.variant_id and old.variant_id = i.variant_id and v.shopify_id = ${v.id}
              and i.available <> ${v.inventoryQuantity} and i.available_at <= ${at.toISOString()}::timestamptz
            returning v.sku, old.before`);
          for (const r of rows) {
            result.stockRepaired.push({ sku: r.sku, dotshop: r.before, shopify: v.inventoryQuantity });
            keys.add(surrogateKey.product(s.handle));
          }
        }
      }
      processed += page.nodes.length;
      await tx
        .update(syncCursors)
        .set({ cursor: page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null, processed, updatedAt: sql`now()`, finishedAt: page.pageInfo.hasNextPage ? null : sql`now()` })
        .where(eq(syncCursors.name, name));
    });
    result.pages++;
    result.products += page.nodes.length;
    opts.onProgress?.({ page: result.pages, processed, total, throttledWaits, lastCost: cost });
    after = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) {
      result.finished = true;
      break;
    }
  }
  if (result.finished) {
    const r = await resolvePending(deps);
    result.pendingResolved = r.resolved;
    r.keys.forEach((k) => keys.add(k));
  }
  result.throttledWaits = throttledWaits;
  result.purgedKeys = [...keys].sort();
  if (deps.purger && result.purgedKeys.length) await deps.purger.purge(result.purgedKeys);
  return result;
}

const ITEM_QUERY = `query DotShopInventoryItem($id: ID!) { inventoryItem(id: $id) { id variant { id product { id } } } }`;

/**
 * Pending inventory levels: applied when their item is now known; otherwise the item's product is
 * read from Shopify and imported, then applied. Items Shopify does not know stay pending.
 */
export async function resolvePending(deps: Pick<CatalogSyncDeps, 'db' | 'shopify'>): Promise<{ resolved: number; keys: string[] }> {
  const keys: string[] = [];
  let resolved = 0;
  const first = await deps.db.transaction((tx) => resolvePendingInventory(tx));
  resolved += first.resolved;
  keys.push(...first.keys);
  const left = await deps.db.select({ item: pendingInventoryUpdates.inventoryItemId }).from(pendingInventoryUpdates);
  for (const { item } of left) {
    const { data } = await deps.shopify.graphql<{ inventoryItem: { variant: { product: { id: string } } | null } | null }>(ITEM_QUERY, { id: item });
    const productId = data.inventoryItem?.variant?.product.id;
    if (!productId) continue;
    const r = await syncProductFromShopify(deps, productId);
    keys.push(...r.keys);
    // Importing the product applies its pending levels; anything left is applied here.
    const again = await deps.db.transaction((tx) => resolvePendingInventory(tx, [item]));
    keys.push(...again.keys);
  }
  const [{ n }] = await deps.db.execute<{ n: number }>(sql`select count(*)::int as n from pending_inventory_updates`);
  resolved += left.length - n;
  return { resolved, keys };
}

/** A text progress bar for stderr. */
export function progressLine(p: CatalogSyncProgress, width = 30): string {
  const frac = p.total ? Math.min(1, p.processed / p.total) : 0;
  const filled = Math.round(frac * width);
  const cost = p.lastCost ? `  bucket ${Math.round(p.lastCost.throttleStatus.currentlyAvailable)}/${p.lastCost.throttleStatus.maximumAvailable}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.processed}/${p.total ?? '?'} products  page ${p.page}${p.throttledWaits ? `  throttled ×${p.throttledWaits}` : ''}${cost}`;
}
