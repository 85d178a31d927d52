// The executable schema: SCHEMA_SDL (schema-sdl.ts) plus resolvers over the in-memory store.
// Resolvers are synchronous; records carry `__typename` so interfaces (Node, Media) resolve.
import {
  buildSchema,
  getDirectiveValues,
  GraphQLError,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLScalarType,
  type GraphQLSchema,
} from 'graphql';
import { type Connection, type ConnectionArgs, paginate } from './connection';
import { decimal, gid, gqlDateTime, legacyId, money, parseMoney, stableNumber, type TimestampPrecision } from './ids';
import { applySearch, type SearchFields, SearchSyntaxError, type SearchWarning } from './search';
import { SCHEMA_SDL } from './schema-sdl';
import { updateProduct, updateVariants } from './store/catalog';
import { type ShopifyStore } from './store/core';
import { adjustQuantities, quantityByName } from './store/inventory';
import { cancelOrder, createFulfillment, createOrder, type OrderCreateInput } from './store/orders';
import {
  type AdjustmentGroupRecord,
  type CollectionRecord,
  EUR_COUNTRIES,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type ImageRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderRecord,
  type ProductRecord,
  SHOP_CURRENCY,
  type UserError,
  type VariantRecord,
  versionAtLeast,
} from './store/records';

export interface IdempotencyEntry {
  fingerprint: string;
  result: unknown;
  at: number;
}

export interface ExecContext {
  store: ShopifyStore;
  /** The API version in the request path. */
  version: string;
  shopDomain: string;
  /** Results of mutations called with @idempotent(key:), by `<mutation>:<key>`. */
  idempotency: Map<string, IdempotencyEntry>;
  /** Collected for `extensions.search` (unknown search fields are ignored with a warning). */
  searchReports: { path: (string | number)[]; query: string; warnings: SearchWarning[] }[];
}

type Args = Record<string, unknown>;
type Resolver<S = never> = (source: S, args: Args & ConnectionArgs, ctx: ExecContext, info: GraphQLResolveInfo) => unknown;

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Search specs (the `query:` argument), per resource

const ms = (v: number | null) => v ?? undefined;

function productSearch(store: ShopifyStore): SearchFields<ProductRecord> {
  return {
    fields: {
      id: (p) => Number(legacyId(p.id)),
      handle: (p) => p.handle,
      title: (p) => p.title,
      status: (p) => p.status.toLowerCase(),
      vendor: (p) => p.vendor,
      product_type: (p) => p.productType,
      tag: (p) => p.tags,
      sku: (p) => store.productVariants(p).map((v) => v.sku),
      barcode: (p) => store.productVariants(p).map((v) => v.barcode ?? '').filter(Boolean),
      collection_id: (p) => p.collectionIds.map(legacyId),
      inventory_total: (p) => store.productVariants(p).reduce((a, v) => a + (store.levelForItem(v.inventoryItemId)?.available ?? 0), 0),
      gift_card: () => 'false',
      created_at: (p) => p.createdAt,
      updated_at: (p) => p.updatedAt,
      published_at: (p) => ms(p.publishedAt),
    },
    negated: { tag_not: 'tag' },
    dateFields: ['created_at', 'updated_at', 'published_at'],
    defaultText: (p) => [p.title, p.handle, p.vendor, p.productType, ...p.tags, ...store.productVariants(p).map((v) => v.sku)],
  };
}

function variantSearch(store: ShopifyStore): SearchFields<VariantRecord> {
  const product = (v: VariantRecord) => store.products.get(v.productId) as ProductRecord;
  return {
    fields: {
      id: (v) => Number(legacyId(v.id)),
      sku: (v) => v.sku,
      barcode: (v) => v.barcode,
      title: (v) => v.title,
      product_id: (v) => Number(legacyId(v.productId)),
      product_status: (v) => product(v).status.toLowerCase(),
      product_type: (v) => product(v).productType,
      vendor: (v) => product(v).vendor,
      tag: (v) => product(v).tags,
      inventory_quantity: (v) => store.levelForItem(v.inventoryItemId)?.available ?? 0,
      created_at: (v) => v.createdAt,
      updated_at: (v) => v.updatedAt,
    },
    negated: { tag_not: 'tag' },
    dateFields: ['created_at', 'updated_at'],
    defaultText: (v) => [v.sku, v.title, product(v).title],
  };
}

const inventoryItemSearch: SearchFields<InventoryItemRecord> = {
  fields: {
    id: (i) => Number(legacyId(i.id)),
    sku: (i) => i.sku,
    created_at: (i) => i.createdAt,
    updated_at: (i) => i.updatedAt,
  },
  dateFields: ['created_at', 'updated_at'],
  defaultText: (i) => [i.sku],
};

const inventoryLevelSearch: SearchFields<InventoryLevelRecord> = {
  fields: {
    inventory_item_id: (l) => Number(legacyId(l.inventoryItemId)),
    created_at: (l) => l.createdAt,
    updated_at: (l) => l.updatedAt,
  },
  dateFields: ['created_at', 'updated_at'],
  defaultText: () => [],
};

const collectionSearch: SearchFields<CollectionRecord> = {
  fields: {
    id: (c) => Number(legacyId(c.id)),
    handle: (c) => c.handle,
    title: (c) => c.title,
    collection_type: () => 'custom',
    updated_at: (c) => c.updatedAt,
  },
  dateFields: ['updated_at'],
  defaultText: (c) => [c.title, c.handle],
};

const locationSearch: SearchFields<LocationRecord> = {
  fields: { id: (l) => Number(legacyId(l.id)), name: (l) => l.name },
  defaultText: (l) => [l.name],
};

function orderSearch(store: ShopifyStore): SearchFields<OrderRecord> {
  const fulfillment = (o: OrderRecord) => {
    const s = store.fulfillmentStatus(o);
    return s === 'FULFILLED' ? ['shipped', 'fulfilled'] : s === 'PARTIALLY_FULFILLED' ? ['partial', 'unshipped', 'unfulfilled'] : ['unshipped', 'unfulfilled'];
  };
  return {
    fields: {
      id: (o) => Number(legacyId(o.id)),
      name: (o) => [o.name, o.name.replace(/^#/, '')],
      tag: (o) => o.tags,
      email: (o) => o.email,
      financial_status: (o) => o.financialStatus.toLowerCase(),
      fulfillment_status: fulfillment,
      status: (o) => (o.cancelledAt ? 'cancelled' : o.closedAt ? 'closed' : 'open'),
      sku: (o) => o.lineItems.map((l) => l.sku ?? '').filter(Boolean),
      source_name: (o) => o.sourceName,
      test: (o) => String(o.test),
      created_at: (o) => o.createdAt,
      updated_at: (o) => o.updatedAt,
      processed_at: (o) => o.processedAt,
    },
    negated: { tag_not: 'tag' },
    dateFields: ['created_at', 'updated_at', 'processed_at'],
    defaultText: (o) => [o.name, o.email ?? '', ...o.tags],
  };
}

function search<T extends object>(items: T[], query: unknown, spec: SearchFields<T>, ctx: ExecContext, info: GraphQLResolveInfo): T[] {
  if (typeof query !== 'string' || !query.trim()) return items;
  // Shopify's search index lags writes: objects newer than the lag are not found yet.
  const indexed = items.filter((i) => ctx.store.searchable(i));
  try {
    const { items: found, warnings } = applySearch(indexed, query, spec);
    if (warnings.length) ctx.searchReports.push({ path: pathOf(info), query, warnings });
    return found;
  } catch (e) {
    if (e instanceof SearchSyntaxError) throw new GraphQLError(`Invalid search query: ${e.message}`, { extensions: { code: 'BAD_REQUEST' } });
    throw e;
  }
}

function pathOf(info: GraphQLResolveInfo): (string | number)[] {
  const out: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) out.unshift(p.key);
  return out;
}

function count(n: number, limit?: unknown): { count: number; precision: 'EXACT' | 'AT_LEAST' } {
  const cap = typeof limit === 'number' ? limit : null;
  return cap !== null && n > cap ? { count: cap, precision: 'AT_LEAST' } : { count: n, precision: 'EXACT' };
}

function truncate(text: string, at: unknown): string {
  if (typeof at !== 'number' || text.length <= at) return text;
  return `${text.slice(0, Math.max(0, at - 1)).trimEnd()}…`;
}

const moneyV2 = (minor: number, currencyCode: string) => ({ amount: decimal(minor), currencyCode });
const moneyBag = (shop: number, shopCurrency: string, presentment: number, presentmentCurrency: string) => ({
  shopMoney: moneyV2(shop, shopCurrency),
  presentmentMoney: moneyV2(presentment, presentmentCurrency),
});

// ---------------------------------------------------------------------------------------------
// Views for objects the store does not keep as records

function imageView(store: ShopifyStore, img: ImageRecord) {
  return { __typename: 'Image', id: img.id, altText: img.alt, url: store.imageUrl(img.src), width: img.width, height: img.height, position: img.position };
}

function mediaView(store: ShopifyStore, img: ImageRecord) {
  const image = imageView(store, img);
  return {
    __typename: 'MediaImage',
    id: img.mediaId,
    alt: img.alt,
    mediaContentType: 'IMAGE',
    status: 'READY',
    preview: { image, status: 'READY' },
    image,
    mimeType: img.src.endsWith('.svg') ? 'image/svg+xml' : 'image/jpeg',
    createdAt: img.createdAt,
    updatedAt: img.updatedAt,
    position: img.position,
  };
}

function fulfillmentOrderLineView(store: ShopifyStore, fo: FulfillmentOrderRecord, l: FulfillmentOrderRecord['lineItems'][number]) {
  const order = store.orders.get(fo.orderId) as OrderRecord;
  const li = order.lineItems.find((x) => x.id === l.lineItemId) as LineItemRecord;
  return { __typename: 'FulfillmentOrderLineItem', id: l.id, totalQuantity: l.totalQuantity, remainingQuantity: l.remainingQuantity, sku: li.sku, lineItem: li, variant: li.variantId ? (store.variants.get(li.variantId) ?? null) : null };
}

// ---------------------------------------------------------------------------------------------
// Sort keys

type SortKeyFn<T> = (item: T) => { id: string; value: string | number };

function productSortKey(store: ShopifyStore, sortKey: unknown): SortKeyFn<ProductRecord> {
  switch (sortKey) {
    case 'TITLE':
      return (p) => ({ id: p.id, value: p.title.toLowerCase() });
    case 'UPDATED_AT':
      return (p) => ({ id: p.id, value: p.updatedAt });
    case 'CREATED_AT':
      return (p) => ({ id: p.id, value: p.createdAt });
    case 'PUBLISHED_AT':
      return (p) => ({ id: p.id, value: p.publishedAt ?? 0 });
    case 'PRODUCT_TYPE':
      return (p) => ({ id: p.id, value: p.productType.toLowerCase() });
    case 'VENDOR':
      return (p) => ({ id: p.id, value: p.vendor.toLowerCase() });
    case 'INVENTORY_TOTAL':
      return (p) => ({ id: p.id, value: store.productVariants(p).reduce((a, v) => a + (store.levelForItem(v.inventoryItemId)?.available ?? 0), 0) });
    default:
      return (p) => ({ id: p.id, value: 0 });
  }
}

function variantSortKey(store: ShopifyStore, sortKey: unknown): SortKeyFn<VariantRecord> {
  switch (sortKey) {
    case 'SKU':
      return (v) => ({ id: v.id, value: v.sku });
    case 'TITLE':
    case 'NAME':
      return (v) => ({ id: v.id, value: v.title.toLowerCase() });
    case 'FULL_TITLE':
      return (v) => ({ id: v.id, value: `${store.products.get(v.productId)?.title ?? ''} ${v.title}`.toLowerCase() });
    case 'POSITION':
      return (v) => ({ id: v.id, value: v.position });
    case 'INVENTORY_QUANTITY':
    case 'INVENTORY_LEVELS_AVAILABLE':
      return (v) => ({ id: v.id, value: store.levelForItem(v.inventoryItemId)?.available ?? 0 });
    default:
      return (v) => ({ id: v.id, value: 0 });
  }
}

function orderSortKey(store: ShopifyStore, sortKey: unknown): SortKeyFn<OrderRecord> {
  switch (sortKey) {
    case 'PROCESSED_AT':
      return (o) => ({ id: o.id, value: o.processedAt });
    case 'CREATED_AT':
      return (o) => ({ id: o.id, value: o.createdAt });
    case 'UPDATED_AT':
      return (o) => ({ id: o.id, value: o.updatedAt });
    case 'ORDER_NUMBER':
      return (o) => ({ id: o.id, value: o.number });
    case 'TOTAL_PRICE':
      return (o) => ({ id: o.id, value: store.orderTotals(o).total });
    default:
      return (o) => ({ id: o.id, value: 0 });
  }
}

const byId = <T extends { id: string }>(x: T) => ({ id: x.id, value: 0 });

// ---------------------------------------------------------------------------------------------
// Idempotent mutations (@idempotent(key:))

function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`)
    .join(',')}}`;
}

function idempotencyKey(info: GraphQLResolveInfo): string | null {
  const directive = info.schema.getDirective('idempotent');
  const node = info.fieldNodes[0];
  if (!directive || !node) return null;
  const values = getDirectiveValues(directive, node, info.variableValues);
  return values && typeof values.key === 'string' ? values.key : null;
}

interface MutationSpec {
  /** API versions at or after this one refuse the mutation without @idempotent (runtime error). */
  requiredFrom?: string;
  /** The payload for a key reused with different arguments. */
  mismatch: (message: string) => unknown;
}

function idempotent(name: string, spec: MutationSpec, run: (args: Args, ctx: ExecContext) => unknown): Resolver<unknown> {
  return (_source, args, ctx, info) => {
    const key = idempotencyKey(info);
    if (key === null) {
      if (spec.requiredFrom && versionAtLeast(ctx.version, spec.requiredFrom)) {
        throw new GraphQLError(`The @idempotent directive is required for ${name} as of API version ${spec.requiredFrom}: add @idempotent(key: "<uuid>") to the mutation field.`, {
          extensions: { code: 'BAD_REQUEST' },
        });
      }
      return run(args, ctx);
    }
    if (!key.trim() || key.length > 255) throw new GraphQLError('The idempotency key must be a non-empty string of at most 255 characters.', { extensions: { code: 'BAD_REQUEST' } });
    const cacheKey = `${name}:${key}`;
    const fingerprint = stableStringify(args);
    const now = Date.now();
    for (const [k, e] of ctx.idempotency) if (now - e.at > IDEMPOTENCY_TTL_MS) ctx.idempotency.delete(k);
    const prior = ctx.idempotency.get(cacheKey);
    if (prior) {
      if (prior.fingerprint !== fingerprint) return spec.mismatch('The same idempotency key cannot be used with different operation parameters.');
      return prior.result;
    }
    const result = run(args, ctx);
    ctx.idempotency.set(cacheKey, { fingerprint, result, at: now });
    return result;
  };
}

// ---------------------------------------------------------------------------------------------
// Resolvers

type ResolverMap = Record<string, Record<string, Resolver<never>>>;

function resolvers(): ResolverMap {
  const conn = <T>(items: T[], args: ConnectionArgs, key: SortKeyFn<T>): Connection<T> => paginate(items, args, key);

  const Query: Record<string, Resolver<unknown>> = {
    shop: (_s, _a, ctx) => ({
      __typename: 'Shop',
      id: gid('Shop', stableNumber(`shop:${ctx.shopDomain}`, 6, 10)),
      name: 'DotShop (emulated)',
      email: 'shop@dotshop.test',
      myshopifyDomain: ctx.shopDomain,
      primaryDomain: { host: ctx.shopDomain, url: `https://${ctx.shopDomain}` },
      currencyCode: SHOP_CURRENCY,
      enabledPresentmentCurrencies: ['USD', 'EUR'],
      ianaTimezone: 'Etc/UTC',
      timezoneAbbreviation: 'UTC',
    }),
    node: (_s, a, ctx) => ctx.store.node(String(a.id)),
    nodes: (_s, a, ctx) => (a.ids as string[]).map((id) => ctx.store.node(id)),
    product: (_s, a, ctx) => ctx.store.products.get(String(a.id)) ?? null,
    productByHandle: (_s, a, ctx) => ctx.store.productByHandle(String(a.handle)) ?? null,
    productByIdentifier: (_s, a, ctx) => {
      const ident = a.identifier as { id?: string | null; handle?: string | null };
      if ((ident.id ? 1 : 0) + (ident.handle ? 1 : 0) !== 1) throw new GraphQLError('Exactly one of id or handle must be provided.', { extensions: { code: 'BAD_REQUEST' } });
      return (ident.id ? ctx.store.products.get(ident.id) : ctx.store.productByHandle(ident.handle as string)) ?? null;
    },
    products: (_s, a, ctx, info) => conn(search([...ctx.store.products.values()], a.query, productSearch(ctx.store), ctx, info), a, productSortKey(ctx.store, a.sortKey)),
    productsCount: (_s, a, ctx, info) => count(search([...ctx.store.products.values()], a.query, productSearch(ctx.store), ctx, info).length, a.limit),
    productVariant: (_s, a, ctx) => ctx.store.variants.get(String(a.id)) ?? null,
    productVariants: (_s, a, ctx, info) => conn(search([...ctx.store.variants.values()], a.query, variantSearch(ctx.store), ctx, info), a, variantSortKey(ctx.store, a.sortKey)),
    productVariantsCount: (_s, a, ctx, info) => count(search([...ctx.store.variants.values()], a.query, variantSearch(ctx.store), ctx, info).length, a.limit),
    collection: (_s, a, ctx) => ctx.store.collections.get(String(a.id)) ?? null,
    collectionByHandle: (_s, a, ctx) => [...ctx.store.collections.values()].find((c) => c.handle === a.handle) ?? null,
    collections: (_s, a, ctx, info) => conn(search([...ctx.store.collections.values()], a.query, collectionSearch, ctx, info), a, byId),
    inventoryItem: (_s, a, ctx) => ctx.store.inventoryItems.get(String(a.id)) ?? null,
    inventoryItems: (_s, a, ctx, info) => conn(search([...ctx.store.inventoryItems.values()], a.query, inventoryItemSearch, ctx, info), a, byId),
    inventoryLevel: (_s, a, ctx) => ctx.store.levelById(String(a.id)) ?? null,
    location: (_s, a, ctx) => (a.id ? (ctx.store.locations.get(String(a.id)) ?? null) : ctx.store.location),
    locations: (_s, a, ctx, info) => conn(search([...ctx.store.locations.values()], a.query, locationSearch, ctx, info), a, byId),
    order: (_s, a, ctx) => ctx.store.orders.get(String(a.id)) ?? null,
    orders: (_s, a, ctx, info) => conn(search([...ctx.store.orders.values()], a.query, orderSearch(ctx.store), ctx, info), a, orderSortKey(ctx.store, a.sortKey)),
    ordersCount: (_s, a, ctx, info) => count(search([...ctx.store.orders.values()], a.query, orderSearch(ctx.store), ctx, info).length, a.limit),
    fulfillment: (_s, a, ctx) => ctx.store.fulfillments.get(String(a.id)) ?? null,
    fulfillmentOrder: (_s, a, ctx) => ctx.store.fulfillmentOrders.get(String(a.id)) ?? null,
  };

  const Product: Record<string, Resolver<ProductRecord>> = {
    legacyResourceId: (p) => legacyId(p.id),
    description: (p, a) => truncate(p.description, a.truncateAt),
    templateSuffix: () => null,
    isGiftCard: () => false,
    onlineStoreUrl: () => null,
    seo: () => ({ title: null, description: null }),
    options: (p, a) => p.options.slice(0, typeof a.first === 'number' ? a.first : undefined).map((o) => ({ __typename: 'ProductOption', ...o })),
    variants: (p, a, ctx) => conn(ctx.store.productVariants(p), a, variantSortKey(ctx.store, a.sortKey)),
    variantsCount: (p) => count(p.variantIds.length),
    images: (p, a, ctx) => conn(p.images.map((img) => imageView(ctx.store, img)), a, (i) => ({ id: i.id, value: i.position })),
    media: (p, a, ctx) => conn(p.images.map((img) => mediaView(ctx.store, img)), a, (m) => ({ id: m.id, value: m.position })),
    mediaCount: (p) => count(p.images.length),
    featuredMedia: (p, _a, ctx) => (p.images[0] ? mediaView(ctx.store, p.images[0]) : null),
    featuredImage: (p, _a, ctx) => (p.images[0] ? imageView(ctx.store, p.images[0]) : null),
    collections: (p, a, ctx) => conn(p.collectionIds.map((id) => ctx.store.collections.get(id)).filter((c): c is CollectionRecord => !!c), a, byId),
    totalInventory: (p, _a, ctx) => ctx.store.productVariants(p).reduce((acc, v) => acc + (ctx.store.levelForItem(v.inventoryItemId)?.available ?? 0), 0),
    tracksInventory: () => true,
    hasOnlyDefaultVariant: (p, _a, ctx) => {
      const vs = ctx.store.productVariants(p);
      return vs.length === 1 && vs[0].title === 'Default Title';
    },
    hasOutOfStockVariants: (p, _a, ctx) => ctx.store.productVariants(p).some((v) => (ctx.store.levelForItem(v.inventoryItemId)?.available ?? 0) <= 0),
    priceRangeV2: (p, _a, ctx) => {
      const prices = ctx.store.productVariants(p).map((v) => v.price.USD);
      return { minVariantPrice: moneyV2(Math.min(...prices), SHOP_CURRENCY), maxVariantPrice: moneyV2(Math.max(...prices), SHOP_CURRENCY) };
    },
  };

  const ProductOption: Record<string, Resolver<ProductRecord['options'][number]>> = {
    optionValues: (o) => o.values.map((name) => ({ id: gid('ProductOptionValue', stableNumber(`${o.id}#${name}`, 3, 13)), name, hasVariants: true })),
  };

  const ProductVariant: Record<string, Resolver<VariantRecord>> = {
    legacyResourceId: (v) => legacyId(v.id),
    displayName: (v, _a, ctx) => `${ctx.store.products.get(v.productId)?.title ?? ''} - ${v.title}`,
    price: (v) => money(v.price.USD),
    compareAtPrice: (v) => (v.compareAtPrice ? money(v.compareAtPrice.USD) : null),
    inventoryItem: (v, _a, ctx) => ctx.store.inventoryItems.get(v.inventoryItemId),
    inventoryQuantity: (v, _a, ctx) => ctx.store.levelForItem(v.inventoryItemId)?.available ?? 0,
    availableForSale: (v, _a, ctx) => {
      const product = ctx.store.products.get(v.productId);
      return product?.status === 'ACTIVE' && (v.inventoryPolicy === 'CONTINUE' || (ctx.store.levelForItem(v.inventoryItemId)?.available ?? 0) > 0);
    },
    sellableOnlineQuantity: (v, _a, ctx) => Math.max(0, ctx.store.levelForItem(v.inventoryItemId)?.available ?? 0),
    product: (v, _a, ctx) => ctx.store.products.get(v.productId),
    contextualPricing: (v, a) => {
      const country = (a.context as { country?: string | null } | null)?.country ?? null;
      const currency = country && EUR_COUNTRIES.has(country) ? 'EUR' : SHOP_CURRENCY;
      return { price: moneyV2(v.price[currency], currency), compareAtPrice: v.compareAtPrice ? moneyV2(v.compareAtPrice[currency], currency) : null };
    },
    media: (_v, a) => conn([] as { id: string }[], a, byId),
  };

  const Image: Record<string, Resolver<{ url: string }>> = {
    url: (i) => i.url,
    src: (i) => i.url,
    originalSrc: (i) => i.url,
  };

  const Collection: Record<string, Resolver<CollectionRecord>> = {
    legacyResourceId: (c) => legacyId(c.id),
    description: (c, a) => truncate(c.description, a.truncateAt),
    descriptionHtml: (c) => `<p>${c.description}</p>`,
    products: (c, a, ctx) => conn(c.productIds.map((id) => ctx.store.products.get(id)).filter((p): p is ProductRecord => !!p), a, productSortKey(ctx.store, a.sortKey)),
    productsCount: (c) => count(c.productIds.length),
  };

  const InventoryItem: Record<string, Resolver<InventoryItemRecord>> = {
    legacyResourceId: (i) => legacyId(i.id),
    variant: (i, _a, ctx) => ctx.store.variants.get(i.variantId),
    inventoryLevel: (i, a, ctx) => {
      const level = ctx.store.levelForItem(i.id);
      return level && level.locationId === a.locationId ? level : null;
    },
    inventoryLevels: (i, a, ctx, info) => {
      const level = ctx.store.levelForItem(i.id);
      return conn(search(level ? [level] : [], a.query, inventoryLevelSearch, ctx, info), a, byId);
    },
    locationsCount: () => count(1),
  };

  const InventoryLevel: Record<string, Resolver<InventoryLevelRecord>> = {
    item: (l, _a, ctx) => ctx.store.inventoryItems.get(l.inventoryItemId),
    location: (l, _a, ctx) => ctx.store.locations.get(l.locationId),
    quantities: (l, a, _ctx) =>
      (a.names as string[]).map((name) => {
        const quantity = quantityByName(l, name);
        if (quantity === null) throw new GraphQLError(`The quantity name '${name}' is not valid.`, { extensions: { code: 'BAD_REQUEST' } });
        return {
          __typename: 'InventoryQuantity',
          id: `gid://shopify/InventoryQuantity/${legacyId(l.locationId)}?inventory_item_id=${legacyId(l.inventoryItemId)}&name=${name}`,
          name,
          quantity,
          updatedAt: l.updatedAt,
        };
      }),
    isActive: () => true,
    canDeactivate: (l) => l.committed === 0,
  };

  const Location: Record<string, Resolver<LocationRecord>> = {
    legacyResourceId: (l) => legacyId(l.id),
    fulfillsOnlineOrders: () => true,
    address: (l) => ({ ...l.address, formatted: [l.address.address1, `${l.address.city} ${l.address.zip}`, l.address.countryCode === 'US' ? 'United States' : l.address.countryCode] }),
    inventoryLevel: (l, a, ctx) => {
      const level = ctx.store.levelForItem(String(a.inventoryItemId));
      return level && level.locationId === l.id ? level : null;
    },
    inventoryLevels: (l, a, ctx, info) =>
      conn(
        search(
          [...ctx.store.levels.values()].filter((x) => x.locationId === l.id),
          a.query,
          inventoryLevelSearch,
          ctx,
          info,
        ),
        a,
        (x) => ({ id: legacyId(x.inventoryItemId), value: 0 }),
      ),
  };

  const InventoryAdjustmentGroup: Record<string, Resolver<AdjustmentGroupRecord>> = {
    changes: (g, a, ctx) => {
      const items = a.inventoryItemIds as string[] | null | undefined;
      const locations = a.locationIds as string[] | null | undefined;
      const names = a.quantityNames as string[] | null | undefined;
      return g.changes
        .filter((c) => (!items || items.includes(c.inventoryItemId)) && (!locations || locations.includes(c.locationId)) && (!names || names.includes(c.name)))
        .map((c) => ({
          name: c.name,
          delta: c.delta,
          quantityAfterChange: c.quantityAfterChange,
          item: ctx.store.inventoryItems.get(c.inventoryItemId) ?? null,
          location: ctx.store.locations.get(c.locationId) ?? null,
          ledgerDocumentUri: c.ledgerDocumentUri,
        }));
    },
  };

  const orderMoney = (o: OrderRecord, shop: number, presentment: number) => moneyBag(shop, o.currencyCode, presentment, o.presentmentCurrencyCode);
  const Order: Record<string, Resolver<OrderRecord>> = {
    legacyResourceId: (o) => legacyId(o.id),
    displayFinancialStatus: (o) => o.financialStatus,
    displayFulfillmentStatus: (o, _a, ctx) => ctx.store.fulfillmentStatus(o),
    fullyPaid: (o) => o.financialStatus === 'PAID',
    closed: (o) => o.closedAt !== null,
    cancelReason: (o) => (o.cancelReason ? o.cancelReason.toUpperCase() : null),
    lineItems: (o, a) => conn(o.lineItems, a, byId),
    fulfillments: (o, a, ctx) => o.fulfillmentIds.map((id) => ctx.store.fulfillments.get(id)).slice(0, typeof a.first === 'number' ? a.first : undefined),
    fulfillmentOrders: (o, a, ctx) => conn(o.fulfillmentOrderIds.map((id) => ctx.store.fulfillmentOrders.get(id)).filter((f): f is FulfillmentOrderRecord => !!f), a, byId),
    subtotalPriceSet: (o, _a, ctx) => {
      const t = ctx.store.orderTotals(o);
      return orderMoney(o, t.subtotal, t.presentmentSubtotal);
    },
    totalPriceSet: (o, _a, ctx) => {
      const t = ctx.store.orderTotals(o);
      return orderMoney(o, t.total, t.presentmentTotal);
    },
    currentTotalPriceSet: (o, _a, ctx) => {
      const t = ctx.store.orderTotals(o);
      return orderMoney(o, t.total, t.presentmentTotal);
    },
    totalTaxSet: (o) => orderMoney(o, o.taxTotal, o.presentmentTaxTotal),
    totalShippingPriceSet: (o) => orderMoney(o, o.shippingTotal, o.presentmentShippingTotal),
  };

  const lineMoney = (ctx: ExecContext, li: LineItemRecord, qty: number) => {
    const o = ctx.store.orders.get(li.orderId) as OrderRecord;
    return orderMoney(o, li.unitPrice * qty, li.presentmentUnitPrice * qty);
  };
  const LineItem: Record<string, Resolver<LineItemRecord>> = {
    name: (li) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
    vendor: (li, _a, ctx) => (li.productId ? (ctx.store.products.get(li.productId)?.vendor ?? null) : null),
    currentQuantity: (li) => li.quantity,
    unfulfilledQuantity: (li) => Math.max(0, li.quantity - li.fulfilledQuantity),
    variant: (li, _a, ctx) => (li.variantId ? (ctx.store.variants.get(li.variantId) ?? null) : null),
    product: (li, _a, ctx) => (li.productId ? (ctx.store.products.get(li.productId) ?? null) : null),
    originalUnitPriceSet: (li, _a, ctx) => lineMoney(ctx, li, 1),
    discountedUnitPriceSet: (li, _a, ctx) => lineMoney(ctx, li, 1),
    originalTotalSet: (li, _a, ctx) => lineMoney(ctx, li, li.quantity),
  };

  const Fulfillment: Record<string, Resolver<FulfillmentRecord>> = {
    legacyResourceId: (f) => legacyId(f.id),
    order: (f, _a, ctx) => ctx.store.orders.get(f.orderId),
    location: (f, _a, ctx) => ctx.store.locations.get(f.locationId) ?? null,
    totalQuantity: (f) => f.lineItems.reduce((a, l) => a + l.quantity, 0),
    trackingInfo: (f, a) => f.trackingInfo.slice(0, typeof a.first === 'number' ? a.first : undefined),
    fulfillmentLineItems: (f, a, ctx) => {
      const order = ctx.store.orders.get(f.orderId) as OrderRecord;
      return conn(
        f.lineItems.map((fl) => ({ __typename: 'FulfillmentLineItem', id: fl.id, quantity: fl.quantity, lineItem: order.lineItems.find((l) => l.id === fl.lineItemId) })),
        a,
        byId,
      );
    },
  };

  const FulfillmentOrder: Record<string, Resolver<FulfillmentOrderRecord>> = {
    order: (fo, _a, ctx) => ctx.store.orders.get(fo.orderId),
    assignedLocation: (fo, _a, ctx) => {
      const location = ctx.store.locations.get(fo.locationId) ?? null;
      return { name: location?.name ?? null, location };
    },
    lineItems: (fo, a, ctx) => conn(fo.lineItems.map((l) => fulfillmentOrderLineView(ctx.store, fo, l)), a, byId),
  };

  const userErrorsAs = (errors: UserError[], withCode: boolean) => errors.map((e) => (withCode ? e : { field: e.field, message: e.message }));

  const Mutation: Record<string, Resolver<unknown>> = {
    orderCreate: idempotent('orderCreate', { mismatch: (message) => ({ order: null, userErrors: [{ field: null, message, code: 'INVALID' }] }) }, (a, ctx) => {
      const r = createOrder(ctx.store, a.order as OrderCreateInput, a.options as { inventoryBehaviour?: 'BYPASS' } | null, parseMoney);
      return { order: r.order, userErrors: r.userErrors };
    }),
    inventoryAdjustQuantities: idempotent(
      'inventoryAdjustQuantities',
      { requiredFrom: '2026-04', mismatch: (message) => ({ inventoryAdjustmentGroup: null, userErrors: [{ field: null, message, code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH' }] }) },
      (a, ctx) => {
        const r = adjustQuantities(ctx.store, a.input as Parameters<typeof adjustQuantities>[1], versionAtLeast(ctx.version, '2026-04'));
        return { inventoryAdjustmentGroup: r.group, userErrors: r.userErrors };
      },
    ),
    productUpdate: idempotent('productUpdate', { mismatch: (message) => ({ product: null, userErrors: [{ field: null, message }] }) }, (a, ctx) => {
      const input = a.product as (Parameters<typeof updateProduct>[1] & { id?: string | null }) | null;
      if (!input?.id) return { product: null, userErrors: [{ field: ['id'], message: 'Product id is required to update a product' }] };
      const r = updateProduct(ctx.store, input);
      return { product: r.product, userErrors: userErrorsAs(r.userErrors, false) };
    }),
    productVariantsBulkUpdate: idempotent('productVariantsBulkUpdate', { mismatch: (message) => ({ product: null, productVariants: null, userErrors: [{ field: null, message, code: 'INVALID_INPUT' }] }) }, (a, ctx) => {
      const r = updateVariants(ctx.store, String(a.productId), a.variants as Parameters<typeof updateVariants>[2], a.allowPartialUpdates === true, parseMoney);
      return { product: r.product, productVariants: r.userErrors.length && a.allowPartialUpdates !== true ? null : r.variants, userErrors: r.userErrors };
    }),
    orderCancel: idempotent('orderCancel', { mismatch: (message) => ({ job: null, orderCancelUserErrors: [{ field: null, message, code: 'INVALID' }], userErrors: [{ field: null, message }] }) }, (a, ctx) => {
      const r = cancelOrder(ctx.store, { orderId: String(a.orderId), reason: String(a.reason), restock: a.restock === true, staffNote: (a.staffNote as string | null) ?? null });
      return { job: r.job, orderCancelUserErrors: r.orderCancelUserErrors, userErrors: r.orderCancelUserErrors.map((e) => ({ field: e.field, message: e.message })) };
    }),
    fulfillmentCreate: idempotent('fulfillmentCreate', { mismatch: (message) => ({ fulfillment: null, userErrors: [{ field: null, message }] }) }, (a, ctx) => {
      const r = createFulfillment(ctx.store, a.fulfillment as Parameters<typeof createFulfillment>[1]);
      return { fulfillment: r.fulfillment, userErrors: userErrorsAs(r.userErrors, false) };
    }),
  };

  return {
    Query,
    Mutation,
    Product,
    ProductOption,
    ProductVariant,
    Image,
    Collection,
    InventoryItem,
    InventoryLevel,
    Location,
    InventoryAdjustmentGroup,
    Order,
    LineItem,
    Fulfillment,
    FulfillmentOrder,
  } as unknown as ResolverMap;
}

/** Build the executable schema; DateTime fields serialize the store's millisecond timestamps. */
export function buildShopifySchema(precision: TimestampPrecision): GraphQLSchema {
  const schema = buildSchema(SCHEMA_SDL);
  for (const [typeName, fields] of Object.entries(resolvers())) {
    const type = schema.getType(typeName) as GraphQLObjectType | undefined;
    if (!type) throw new Error(`schema has no type ${typeName}`);
    const defs = type.getFields();
    for (const [fieldName, fn] of Object.entries(fields)) {
      const def = defs[fieldName];
      if (!def) throw new Error(`schema has no field ${typeName}.${fieldName}`);
      def.resolve = fn as GraphQLFieldResolver<unknown, ExecContext>;
    }
  }
  const dateTime = schema.getType('DateTime') as GraphQLScalarType;
  Object.assign(dateTime, {
    serialize: (v: unknown) => (typeof v === 'number' ? gqlDateTime(v, precision) : v instanceof Date ? gqlDateTime(v.getTime(), precision) : v),
  });
  return schema;
}
