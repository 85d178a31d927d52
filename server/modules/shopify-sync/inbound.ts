// Shopify → DotShop. Webhooks are verified (HMAC, real SDK) before anything is stored, recorded
// once in the inbox together with their apply job (outbox), and answered at once. The job applies
// them to the catalog projection:
// - products/create|update: a payload older than the projection is ignored; otherwise the product
//   is re-read from the Admin API (prices per market, collections, inventory items) and that
//   snapshot is applied, so equal-second timestamps and reordered deliveries converge.
// - products/delete: archived.
// - inventory_levels/update: applied when its updated_at is at or after inventory.available_at;
//   for an inventory item DotShop has not seen, kept in pending_inventory_updates.
// - fulfillments/create: the DotShop order (tag / custom attribute) is marked fulfilled → capture.
// Each event records its lag (triggered-at → applied → purged) in sync_lag_samples.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { webhookInbox } from '../../../db/payments-schema';
import { categories, images, products, variantPrices, variants } from '../../../db/schema';
import { pendingInventoryUpdates, syncLagSamples } from '../../../db/sync-schema';
import { queues } from '../../platform/queues';
import { surrogateKey } from '../../platform/cache-headers';
import type { Logger } from '../../platform/logger';
import type { Outbox } from '../../platform/outbox';
import { markOrderFulfilled, PaymentActionError } from '../payments';
import { flagOrder } from '../orders';
import type { PurgeAdapter } from '../../platform/purge';
import type { ShopifyClient } from '../../integrations/shopify/client';
import { releaseCommittedReservations } from './stock-lifecycle';

export const SHOPIFY_TOPICS = ['products/create', 'products/update', 'products/delete', 'inventory_levels/update', 'fulfillments/create', 'orders/fulfilled'] as const;

export type ShopifyInboxPayload = {
  topic: string;
  eventId: string;
  webhookId: string | null;
  triggeredAt: string | null;
  shopDomain: string | null;
  apiVersion: string | null;
  body: Record<string, unknown>;
};

export type ReceiveDeps = { db: Db; outbox: Outbox; shopify: Pick<ShopifyClient, 'validateWebhook'>; logger?: Pick<Logger, 'info' | 'warn'> };

/** POST /webhooks/shopify. Nothing is stored unless the HMAC is valid. */
export async function receiveShopifyWebhook(deps: ReceiveDeps, request: Request, rawBody: string): Promise<{ status: number; body: object }> {
  const check = await deps.shopify.validateWebhook(request, rawBody).catch(() => ({ valid: false as const, reason: 'error' }));
  if (!check.valid) return { status: 401, body: { error: { code: 'invalid_hmac', message: 'Webhook HMAC verification failed.' } } };
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    return { status: 400, body: { error: { code: 'malformed_json', message: 'The body is not a JSON object.' } } };
  }
  const h = request.headers;
  const eventId = h.get('x-shopify-event-id') || h.get('x-shopify-webhook-id');
  const topic = (h.get('x-shopify-topic') ?? '').toLowerCase();
  if (!eventId || !topic) return { status: 400, body: { error: { code: 'missing_headers', message: 'X-Shopify-Topic and X-Shopify-Event-Id (or X-Shopify-Webhook-Id) are required.' } } };
  const known = (SHOPIFY_TOPICS as readonly string[]).includes(topic);
  const payload: ShopifyInboxPayload = {
    topic,
    eventId,
    webhookId: h.get('x-shopify-webhook-id'),
    triggeredAt: h.get('x-shopify-triggered-at'),
    shopDomain: h.get('x-shopify-shop-domain'),
    apiVersion: h.get('x-shopify-api-version'),
    body,
  };
  const inserted = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .insert(webhookInbox)
      .values({ provider: 'shopify', eventId, type: topic.slice(0, 128), payload, processedAt: known ? null : sql`now()` })
      .onConflictDoNothing()
      .returning({ eventId: webhookInbox.eventId });
    if (rows.length && known) await deps.outbox.send(tx, queues.applyShopifyWebhook, { eventId });
    return rows.length > 0;
  });
  if (!known && inserted) deps.logger?.warn({ topic, eventId }, 'ignored a Shopify webhook with an unhandled topic');
  return { status: 200, body: { received: true, duplicate: !inserted, ...(known ? {} : { ignored: true }) } };
}

// ---------------------------------------------------------------------------------------------
// Applying

export type ApplyDeps = { db: Db; outbox: Outbox; shopify: ShopifyClient; purger: PurgeAdapter; logger?: Pick<Logger, 'info' | 'warn'> };
export type ApplyOutcome = 'applied' | 'stale' | 'pending' | 'ignored' | 'unknown' | 'already' | 'flagged';

/** A Shopify global id from a webhook's numeric id (or the gid itself). */
export const shopifyGid = (kind: string, id: unknown) => (typeof id === 'string' && id.startsWith('gid://') ? id : `gid://shopify/${kind}/${String(id)}`);
const gid = shopifyGid;
const toMinor = (amount: string | number | null | undefined) => (amount === null || amount === undefined || amount === '' ? null : Math.round(Number(amount) * 100));

/** Applies one inbox event. Safe to run twice and in any order relative to other events. */
export async function applyShopifyEvent(deps: ApplyDeps, eventId: string): Promise<ApplyOutcome> {
  const [row] = await deps.db.select().from(webhookInbox).where(and(eq(webhookInbox.provider, 'shopify'), eq(webhookInbox.eventId, eventId)));
  if (!row) return 'unknown';
  if (row.processedAt) return 'already';
  const p = row.payload as ShopifyInboxPayload;
  const body = p.body;
  let outcome: ApplyOutcome = 'ignored';
  let keys: string[] = [];
  switch (p.topic) {
    case 'products/create':
    case 'products/update': {
      const id = gid('Product', body.admin_graphql_api_id ?? body.id);
      const updatedAt = typeof body.updated_at === 'string' ? new Date(body.updated_at) : null;
      const [current] = await deps.db.select({ at: products.shopifyUpdatedAt }).from(products).where(eq(products.shopifyId, id));
      if (current?.at && updatedAt && updatedAt < current.at) outcome = 'stale';
      else {
        const r = await syncProductFromShopify(deps, id);
        outcome = r.outcome;
        keys = r.keys;
      }
      break;
    }
    case 'products/delete': {
      const r = await archiveProduct(deps.db, gid('Product', body.admin_graphql_api_id ?? body.id));
      outcome = r ? 'applied' : 'ignored';
      keys = r?.keys ?? [];
      break;
    }
    case 'inventory_levels/update': {
      const r = await deps.db.transaction(async (tx) => {
        const applied = await applyInventoryLevel(tx, {
          inventoryItemId: gid('InventoryItem', body.inventory_item_id),
          locationId: String(body.location_id ?? ''),
          available: Number(body.available),
          updatedAt: new Date(String(body.updated_at)),
          triggeredAt: p.triggeredAt && !Number.isNaN(Date.parse(p.triggeredAt)) ? new Date(p.triggeredAt) : null,
        });
        // A level seen at/after a push's acknowledgement includes that order: release its hold now.
        if (applied.outcome === 'applied') await releaseCommittedReservations(tx, [applied.variantId]);
        return applied;
      });
      outcome = r.outcome;
      keys = r.keys;
      break;
    }
    case 'fulfillments/create':
    case 'orders/fulfilled': {
      outcome = await fulfilDotShopOrder(deps, p);
      break;
    }
    default:
      outcome = 'ignored';
  }
  const appliedAt = new Date();
  if (keys.length) await deps.purger.purge(keys);
  const purgedAt = keys.length ? new Date() : null;
  await deps.db.transaction(async (tx) => {
    const startedAt = p.triggeredAt && !Number.isNaN(Date.parse(p.triggeredAt)) ? new Date(p.triggeredAt) : row.receivedAt;
    await tx.delete(syncLagSamples).where(and(eq(syncLagSamples.direction, 'inbound'), eq(syncLagSamples.ref, eventId)));
    await tx.insert(syncLagSamples).values({ direction: 'inbound', topic: p.topic.slice(0, 64), ref: eventId, startedAt, appliedAt, purgedAt });
    await tx.update(webhookInbox).set({ processedAt: sql`now()` }).where(and(eq(webhookInbox.provider, 'shopify'), eq(webhookInbox.eventId, eventId)));
  });
  deps.logger?.info({ eventId, topic: p.topic, outcome, purged: keys }, 'applied a Shopify webhook');
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// Inventory

/**
 * A stock level from Shopify. `updatedAt` has Shopify's second resolution; `triggeredAt` is the
 * webhook's X-Shopify-Triggered-At (milliseconds), null when the level comes from a snapshot.
 */
export type InventoryLevel = { inventoryItemId: string; locationId: string; available: number; updatedAt: Date; triggeredAt?: Date | null };

/**
 * Which of two levels with the SAME second-resolution updated_at is newer (issue 11 §3.4, ADR 021):
 * the one Shopify triggered later, to the millisecond; when either lacks a triggered-at (a
 * snapshot) or both carry the same one, the LOWER count — the stale higher count is the one that
 * oversells, and the next level or the reconcile corrects an undercount. A redelivery (same
 * triggered-at, same count) applies again, idempotently.
 */
const newerOnTie = (stored: { at: ReturnType<typeof sql>; available: ReturnType<typeof sql> }, incoming: { at: string | null; available: number }) => sql`
  case when ${stored.at} is not null and ${incoming.at}::timestamptz is not null
       then ${incoming.at}::timestamptz > ${stored.at} or (${incoming.at}::timestamptz = ${stored.at} and ${incoming.available} <= ${stored.available})
       else ${incoming.available} <= ${stored.available} end`;

/** Sets Shopify's available count when the level is newer than the one held; unknown items wait in pending. */
export async function applyInventoryLevel(
  tx: Tx,
  level: InventoryLevel,
): Promise<{ outcome: 'applied'; keys: string[]; variantId: number } | { outcome: 'stale' | 'pending'; keys: string[] }> {
  if (!Number.isFinite(level.available) || Number.isNaN(level.updatedAt.getTime())) throw new Error(`malformed inventory level for ${level.inventoryItemId}`);
  const updatedAt = level.updatedAt.toISOString();
  const triggeredAt = level.triggeredAt && !Number.isNaN(level.triggeredAt.getTime()) ? level.triggeredAt.toISOString() : null;
  const [v] = await tx
    .select({ variantId: variants.id, handle: products.handle })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .where(eq(variants.shopifyInventoryItemId, level.inventoryItemId));
  if (!v) {
    await tx.execute(sql`
      insert into pending_inventory_updates (inventory_item_id, location_id, available, shopify_updated_at, triggered_at)
      values (${level.inventoryItemId}, ${level.locationId}, ${level.available}, ${updatedAt}::timestamptz, ${triggeredAt}::timestamptz)
      on conflict (inventory_item_id, location_id) do update set available = excluded.available, shopify_updated_at = excluded.shopify_updated_at,
        triggered_at = excluded.triggered_at, received_at = now()
      where pending_inventory_updates.shopify_updated_at < excluded.shopify_updated_at
         or (pending_inventory_updates.shopify_updated_at = excluded.shopify_updated_at
             and ${newerOnTie({ at: sql`pending_inventory_updates.triggered_at`, available: sql`pending_inventory_updates.available` }, { at: triggeredAt, available: level.available })})`);
    return { outcome: 'pending', keys: [] };
  }
  const rows = await tx.execute<{ variant_id: number; changed: boolean }>(sql`
    insert into inventory (variant_id, available, available_at, available_triggered_at)
    values (${v.variantId}, ${level.available}, ${updatedAt}::timestamptz, ${triggeredAt}::timestamptz)
    on conflict (variant_id) do update set available = excluded.available, available_at = excluded.available_at,
      available_triggered_at = excluded.available_triggered_at, updated_at = now()
      where inventory.available_at < excluded.available_at
         or (inventory.available_at = excluded.available_at
             and ${newerOnTie({ at: sql`inventory.available_triggered_at`, available: sql`inventory.available` }, { at: triggeredAt, available: level.available })})
    returning variant_id, true as changed`);
  if (!rows.length) return { outcome: 'stale', keys: [] };
  return { outcome: 'applied', keys: [surrogateKey.product(v.handle)], variantId: v.variantId };
}

/** Applies pending levels whose inventory item is now known; returns the purge keys. */
export async function resolvePendingInventory(tx: Tx, inventoryItemIds?: string[]): Promise<{ resolved: number; keys: string[] }> {
  const pending = await tx
    .select()
    .from(pendingInventoryUpdates)
    .innerJoin(variants, eq(variants.shopifyInventoryItemId, pendingInventoryUpdates.inventoryItemId))
    .where(inventoryItemIds ? inArray(pendingInventoryUpdates.inventoryItemId, inventoryItemIds.length ? inventoryItemIds : ['']) : undefined);
  const keys: string[] = [];
  for (const { pending_inventory_updates: p } of pending) {
    const r = await applyInventoryLevel(tx, { inventoryItemId: p.inventoryItemId, locationId: p.locationId, available: p.available, updatedAt: p.shopifyUpdatedAt, triggeredAt: p.triggeredAt });
    keys.push(...r.keys);
    await tx.delete(pendingInventoryUpdates).where(and(eq(pendingInventoryUpdates.inventoryItemId, p.inventoryItemId), eq(pendingInventoryUpdates.locationId, p.locationId)));
  }
  return { resolved: pending.length, keys };
}

// ---------------------------------------------------------------------------------------------
// Products

/** Product fields; `variantsFirst` sizes the nested connection (nested connections multiply cost). */
export const productFields = (variantsFirst = 20) => `
  id handle title description productType vendor tags status updatedAt
  options(first: 3) { name position values }
  collections(first: 3) { nodes { id handle title updatedAt } }
  media(first: 4) { nodes { ... on MediaImage { id alt image { url width height } } } }
  variants(first: ${variantsFirst}) {
    pageInfo { hasNextPage }
    nodes {
      id sku title position price compareAtPrice updatedAt inventoryQuantity
      selectedOptions { name value }
      inventoryItem { id updatedAt }
      contextualPricing(context: { country: DE }) { price { amount currencyCode } compareAtPrice { amount currencyCode } }
    }
  }`;

export type ProductSnapshot = {
  id: string;
  handle: string;
  title: string;
  description: string;
  productType: string;
  vendor: string;
  tags: string[];
  status: 'ACTIVE' | 'DRAFT' | 'ARCHIVED';
  updatedAt: string;
  options: { name: string; position: number; values: string[] }[];
  collections: { nodes: { id: string; handle: string; title: string; updatedAt: string }[] };
  media: { nodes: ({ id: string; alt: string | null; image: { url: string; width: number | null; height: number | null } | null } | Record<string, never>)[] };
  variants: {
    pageInfo: { hasNextPage: boolean };
    nodes: {
      id: string;
      sku: string | null;
      title: string;
      position: number;
      price: string;
      compareAtPrice: string | null;
      updatedAt: string;
      inventoryQuantity: number | null;
      selectedOptions: { name: string; value: string }[];
      inventoryItem: { id: string; updatedAt: string } | null;
      contextualPricing: { price: { amount: string; currencyCode: string }; compareAtPrice: { amount: string; currencyCode: string } | null } | null;
    }[];
  };
};

const PRODUCT_QUERY = `query DotShopProduct($id: ID!) { product(id: $id) { ${productFields(20)} } }`;
const MORE_VARIANTS_QUERY = `query DotShopProductVariants($id: ID!, $after: String) { product(id: $id) { variants(first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { id sku title position price compareAtPrice updatedAt inventoryQuantity selectedOptions { name value } inventoryItem { id updatedAt } contextualPricing(context: { country: DE }) { price { amount currencyCode } compareAtPrice { amount currencyCode } } } } } }`;

/** A product with every variant (more pages fetched when a product has over 20). */
export async function fetchProduct(shopify: ShopifyClient, id: string): Promise<ProductSnapshot | null> {
  const { data } = await shopify.graphql<{ product: ProductSnapshot | null }>(PRODUCT_QUERY, { id });
  if (!data.product) return null;
  return completeVariants(shopify, data.product);
}

export async function completeVariants(shopify: ShopifyClient, product: ProductSnapshot): Promise<ProductSnapshot> {
  let hasNext = product.variants.pageInfo.hasNextPage;
  let after: string | null = null;
  const nodes = [...product.variants.nodes];
  while (hasNext) {
    type Page = { product: { variants: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ProductSnapshot['variants']['nodes'] } } | null };
    const res: { data: Page } = await shopify.graphql<Page>(MORE_VARIANTS_QUERY, { id: product.id, after: after ?? null });
    const page = res.data.product?.variants;
    if (!page) break;
    if (after === null) nodes.splice(0); // the first page again, with a cursor
    nodes.push(...page.nodes);
    hasNext = page.pageInfo.hasNextPage;
    after = page.pageInfo.endCursor;
  }
  return { ...product, variants: { pageInfo: { hasNextPage: false }, nodes } };
}

/** Re-reads a product from Shopify and applies it (archives it when Shopify no longer has it). */
export async function syncProductFromShopify(deps: Pick<ApplyDeps, 'db' | 'shopify'>, id: string): Promise<{ outcome: 'applied' | 'stale'; keys: string[] }> {
  const snapshot = await fetchProduct(deps.shopify, id);
  if (!snapshot) {
    const r = await archiveProduct(deps.db, id);
    return { outcome: 'applied', keys: r?.keys ?? [] };
  }
  return deps.db.transaction((tx) => applyProductSnapshot(tx, snapshot));
}

export async function archiveProduct(db: Db, shopifyId: string): Promise<{ keys: string[] } | null> {
  return db.transaction(async (tx) => {
    const [p] = await tx.execute<{ handle: string; category: string; status: string }>(sql`
      select p.handle, c.handle as category, p.status from products p join categories c on c.id = p.category_id where p.shopify_id = ${shopifyId} for update of p`);
    if (!p) return null;
    if (p.status !== 'archived') await tx.update(products).set({ status: 'archived', updatedAt: sql`now()` }).where(eq(products.shopifyId, shopifyId));
    // Its variants are gone from Shopify with it: never buyable again, even if the product is restored here by hand.
    await tx.execute(sql`update variants set removed_at = now() where removed_at is null and product_id = (select id from products where shopify_id = ${shopifyId})`);
    return { keys: [surrogateKey.product(p.handle), surrogateKey.category(p.category), surrogateKey.home(), surrogateKey.search()] };
  });
}

const STATUS = { ACTIVE: 'active', DRAFT: 'draft', ARCHIVED: 'archived' } as const;

/**
 * Writes a product snapshot into the projection when it is at or after the one held. Returns the
 * surrogate keys of the pages it changed: the product's own key (every page that lists it carries
 * it), plus category/home/search when membership of those lists can have changed.
 */
export async function applyProductSnapshot(tx: Tx, s: ProductSnapshot): Promise<{ outcome: 'applied' | 'stale'; keys: string[] }> {
  const updatedAt = new Date(s.updatedAt);
  const [existing] = await tx.execute<{ id: number; handle: string; title: string; description: string; status: string; category_id: number; category: string; product_type: string; vendor: string; tags: string[]; shopify_updated_at: Date | string | null }>(sql`
    select p.id, p.handle, p.title, p.description, p.status, p.category_id, c.handle as category, p.product_type, p.vendor, p.tags, p.shopify_updated_at
    from products p join categories c on c.id = p.category_id where p.shopify_id = ${s.id} for update of p`);
  if (existing?.shopify_updated_at && new Date(existing.shopify_updated_at) > updatedAt) return { outcome: 'stale', keys: [] };

  const categoryId = await pickCategory(tx, s, existing?.category_id);
  const status = STATUS[s.status] ?? 'draft';
  const values = { handle: s.handle, title: s.title, description: s.description, vendor: s.vendor || 'DotShop', productType: s.productType, tags: s.tags, status, categoryId, shopifyUpdatedAt: updatedAt };
  let productId: number;
  if (existing) {
    await tx.update(products).set({ ...values, updatedAt: sql`now()` }).where(eq(products.id, existing.id));
    productId = existing.id;
  } else {
    const [byHandle] = await tx.select({ id: products.id }).from(products).where(eq(products.handle, s.handle)).for('update');
    if (byHandle) {
      await tx.update(products).set({ ...values, shopifyId: s.id, updatedAt: sql`now()` }).where(eq(products.id, byHandle.id));
      productId = byHandle.id;
    } else {
      const [ins] = await tx.insert(products).values({ ...values, shopifyId: s.id }).returning({ id: products.id });
      productId = ins.id;
    }
  }

  const optionLess = s.options.length === 1 && s.options[0].name === 'Title' && s.options[0].values.length === 1 && s.options[0].values[0] === 'Default Title';
  const newItems: string[] = [];
  for (const v of s.variants.nodes) {
    const sku = v.sku || v.id;
    const options = optionLess ? {} : Object.fromEntries(v.selectedOptions.map((o) => [o.name, o.value]));
    const fields = { productId, sku, title: v.title, options, position: v.position, shopifyId: v.id, shopifyInventoryItemId: v.inventoryItem?.id ?? null, shopifyUpdatedAt: new Date(v.updatedAt), removedAt: null };
    const [found] = await tx
      .select({ id: variants.id })
      .from(variants)
      .where(sql`${variants.shopifyId} = ${v.id} or ${variants.sku} = ${sku}`)
      .limit(1);
    let variantId: number;
    if (found) {
      await tx.update(variants).set(fields).where(eq(variants.id, found.id));
      variantId = found.id;
    } else {
      const [ins] = await tx.insert(variants).values(fields).returning({ id: variants.id });
      variantId = ins.id;
    }
    const prices = [{ currency: 'USD', amount: toMinor(v.price), compareAtAmount: toMinor(v.compareAtPrice) }];
    if (v.contextualPricing?.price.currencyCode === 'EUR')
      prices.push({ currency: 'EUR', amount: toMinor(v.contextualPricing.price.amount), compareAtAmount: toMinor(v.contextualPricing.compareAtPrice?.amount) });
    for (const pr of prices) {
      if (!pr.amount || pr.amount <= 0) continue;
      await tx
        .insert(variantPrices)
        .values({ variantId, currency: pr.currency, amount: pr.amount, compareAtAmount: pr.compareAtAmount })
        .onConflictDoUpdate({ target: [variantPrices.variantId, variantPrices.currency], set: { amount: pr.amount, compareAtAmount: pr.compareAtAmount } });
    }
    // Stock: a new variant starts from the snapshot's count (as of its inventory item's updatedAt);
    // an existing one is left to inventory_levels/update and the reconcile job.
    if (v.inventoryItem) {
      const at = new Date(v.inventoryItem.updatedAt);
      await tx.execute(sql`insert into inventory (variant_id, available, available_at) values (${variantId}, ${v.inventoryQuantity ?? 0}, ${at.toISOString()}::timestamptz) on conflict (variant_id) do nothing`);
      newItems.push(v.inventoryItem.id);
    }
  }
  // Variants Shopify no longer lists for this product were deleted there: they stay for the orders
  // that name them and can no longer be bought (issue 11 §2.8).
  const listed = s.variants.nodes.map((v) => v.id);
  const removed = await tx.execute<{ id: number }>(sql`
    update variants set removed_at = now()
    where product_id = ${productId} and removed_at is null and shopify_id is not null and not (shopify_id = any(${`{${listed.map((id) => `"${id}"`).join(',')}}`}::text[]))
    returning id`);
  // Images follow Shopify on every update, not only on create (issue 11 §2.8): the snapshot's
  // media in its order, the rest removed.
  const imgs = s.media.nodes.flatMap((m, i) => ('image' in m && m.image ? [{ productId, url: m.image.url, alt: m.alt ?? '', width: m.image.width ?? 1200, height: m.image.height ?? 1500, position: i, shopifyId: m.id }] : []));
  const imagesBefore = await tx.execute<{ shopify_id: string | null; url: string; alt: string; position: number }>(sql`select shopify_id, url, alt, position from images where product_id = ${productId} order by position, id`);
  for (const img of imgs) {
    await tx
      .insert(images)
      .values(img)
      .onConflictDoUpdate({ target: images.shopifyId, set: { productId: img.productId, url: img.url, alt: img.alt, width: img.width, height: img.height, position: img.position } });
  }
  await tx.execute(sql`
    delete from images where product_id = ${productId}
      and (shopify_id is null or not (shopify_id = any(${`{${imgs.map((i) => `"${i.shopifyId}"`).join(',')}}`}::text[])))`);
  const imagesChanged =
    imagesBefore.length !== imgs.length || imagesBefore.some((b, i) => b.shopify_id !== imgs[i].shopifyId || b.url !== imgs[i].url || b.alt !== imgs[i].alt || b.position !== imgs[i].position);
  const pending = await resolvePendingInventory(tx, newItems);

  const [cat] = await tx.select({ handle: categories.handle }).from(categories).where(eq(categories.id, categoryId));
  const keys = new Set<string>([surrogateKey.product(s.handle), ...pending.keys]);
  const listingChanged =
    !existing ||
    removed.length > 0 ||
    imagesChanged ||
    existing.handle !== s.handle ||
    existing.status !== status ||
    existing.category_id !== categoryId ||
    existing.title !== s.title ||
    existing.description !== s.description ||
    existing.product_type !== s.productType ||
    existing.vendor !== (s.vendor || 'DotShop');
  if (existing && existing.handle !== s.handle) keys.add(surrogateKey.product(existing.handle));
  if (listingChanged) {
    // Membership or text of listings may have changed: the lists themselves, not only its cards.
    keys.add(surrogateKey.category(cat.handle));
    if (existing && existing.category !== cat.handle) keys.add(surrogateKey.category(existing.category));
    keys.add(surrogateKey.search());
    if (!existing || existing.status !== status || existing.category_id !== categoryId) keys.add(surrogateKey.home());
  }
  return { outcome: 'applied', keys: [...keys].sort() };
}

async function pickCategory(tx: Tx, s: ProductSnapshot, current: number | undefined): Promise<number> {
  const all = await tx.select({ id: categories.id, handle: categories.handle, title: categories.title }).from(categories).orderBy(categories.position, categories.id);
  const byHandle = new Map(all.map((c) => [c.handle.toLowerCase(), c.id]));
  for (const c of s.collections.nodes) if (byHandle.has(c.handle.toLowerCase())) return byHandle.get(c.handle.toLowerCase())!;
  if (current !== undefined) return current;
  // A collection DotShop has no category for yet (e.g. a backfill into an empty database).
  const col = s.collections.nodes[0];
  if (col) {
    const [c] = await tx
      .insert(categories)
      .values({ handle: col.handle, title: col.title, shopifyId: col.id, shopifyUpdatedAt: new Date(col.updatedAt), position: all.length })
      .onConflictDoUpdate({ target: categories.handle, set: { shopifyId: col.id } })
      .returning({ id: categories.id });
    return c.id;
  }
  const type = s.productType.toLowerCase();
  const match = all.find((c) => c.handle.toLowerCase() === type || c.title.toLowerCase() === type) ?? all.find((c) => s.tags.some((t) => t.toLowerCase() === c.handle.toLowerCase()));
  if (match) return match.id;
  if (all[0]) return all[0].id;
  const [c] = await tx.insert(categories).values({ handle: 'uncategorised', title: 'Uncategorised' }).onConflictDoNothing().returning({ id: categories.id });
  return c.id;
}

// ---------------------------------------------------------------------------------------------
// Fulfilment

const ORDER_REF_QUERY = `query DotShopOrderRef($id: ID!) { order(id: $id) { id name tags sourceIdentifier sourceName customAttributes { key value } } }`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The DotShop order id of a Shopify order (custom attribute, tag, or source identifier). */
export function dotshopOrderId(order: { tags?: string[] | string | null; sourceIdentifier?: string | null; sourceName?: string | null; customAttributes?: { key: string; value: string | null }[] | null }): string | null {
  const attr = order.customAttributes?.find((a) => a.key === 'dotshop_order_id')?.value;
  if (attr && UUID.test(attr)) return attr;
  const tags = Array.isArray(order.tags) ? order.tags : (order.tags ?? '').split(',').map((t) => t.trim());
  const tag = tags.find((t) => t.startsWith('dotshop-order-'))?.slice('dotshop-order-'.length);
  if (tag && UUID.test(tag)) return tag;
  if (order.sourceName === 'dotshop' && order.sourceIdentifier && UUID.test(order.sourceIdentifier)) return order.sourceIdentifier;
  return null;
}

async function fulfilDotShopOrder(deps: ApplyDeps, p: ShopifyInboxPayload): Promise<ApplyOutcome> {
  const body = p.body;
  let orderId: string | null;
  if (p.topic === 'orders/fulfilled') {
    const attrs = Array.isArray(body.note_attributes) ? (body.note_attributes as { name: string; value: string }[]).map((a) => ({ key: a.name, value: a.value })) : [];
    orderId = dotshopOrderId({ tags: body.tags as string, sourceIdentifier: body.source_identifier as string, sourceName: body.source_name as string, customAttributes: attrs });
  } else {
    if (body.status && body.status !== 'success') return 'ignored';
    type R = { order: { tags: string[]; sourceIdentifier: string | null; sourceName: string | null; customAttributes: { key: string; value: string | null }[] } | null };
    const { data } = await deps.shopify.graphql<R>(ORDER_REF_QUERY, { id: gid('Order', body.order_id) });
    orderId = data.order ? dotshopOrderId(data.order) : null;
  }
  if (!orderId) {
    deps.logger?.warn({ eventId: p.eventId, topic: p.topic, shopifyOrder: body.order_id ?? body.id }, 'fulfilment for a Shopify order that is not a DotShop order: ignored');
    return 'ignored';
  }
  try {
    const r = await markOrderFulfilled(deps, orderId, { actorType: 'webhook', actorLabel: 'shopify', actorId: p.eventId });
    return r === 'fulfilled' ? 'applied' : 'already';
  } catch (err) {
    if (err instanceof PaymentActionError && err.code === 'not_fulfillable') {
      // Shopify shipped an order that is cancelled (or failed) here: goods are leaving with no
      // money to capture. Never dropped: the order is flagged for a person (issue 11 §3.3).
      await deps.db.transaction((tx) =>
        flagOrder(
          tx,
          {
            orderId: orderId!,
            reason: 'fulfilled_after_cancel',
            message: `Shopify reports this order fulfilled, but here it cannot be (${err.message}): stop the shipment or take payment again.`,
            detail: { eventId: p.eventId, topic: p.topic, shopifyOrder: String(body.order_id ?? body.id ?? '') },
            actorLabel: 'shopify',
            actorId: p.eventId,
          },
          deps.logger,
        ),
      );
      return 'flagged';
    }
    if (err instanceof PaymentActionError) {
      deps.logger?.warn({ eventId: p.eventId, orderId, code: err.message }, 'fulfilment not applied to the DotShop order');
      return 'ignored';
    }
    throw err;
  }
}
