// The emulator's shop: catalog, stock, orders and fulfilments in memory, loaded from the seed catalog
// (db/seed/catalog.ts) so ids, handles, SKUs, prices, stock and images match what the seed wrote.
// Every state change records a webhook event (topic + REST-style payload) through `onEvent`.
//
// Stock model (one location): `available` and `committed` per inventory level; on_hand =
// available + committed. An order that claims inventory moves units from available to committed;
// fulfilling it removes them from committed (and so from on_hand).
import { CATALOG_UPDATED_AT, catalogCategories, catalogProducts, type CatalogProduct, type CurrencyCode } from '../../db/seed/catalog';
import { gid, legacyId, parseGid, stableNumber, truncateTime, type TimestampPrecision } from './ids';
import { fulfillmentPayload, orderPayload, productPayload, inventoryLevelPayload } from './payloads';

export const SHOP_CURRENCY: CurrencyCode = 'USD';
/** The emulated markets: euro countries price in EUR, everything else in the shop currency. */
export const EUR_COUNTRIES = new Set(['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK']);

export type Prices = Record<CurrencyCode, number>;

export interface CollectionRecord {
  __typename: 'Collection';
  id: string;
  handle: string;
  title: string;
  description: string;
  productIds: string[];
  updatedAt: number;
}

export interface ImageRecord {
  /** ProductImage gid (the REST image id). */
  id: string;
  /** MediaImage gid. */
  mediaId: string;
  /** Path as the seed stores it (`/media/art/…`). */
  src: string;
  alt: string;
  width: number;
  height: number;
  position: number;
  createdAt: number;
  updatedAt: number;
}

export interface ProductOptionRecord {
  id: string;
  name: string;
  position: number;
  values: string[];
}

export type ProductStatus = 'ACTIVE' | 'DRAFT' | 'ARCHIVED' | 'UNLISTED';

export interface ProductRecord {
  __typename: 'Product';
  id: string;
  handle: string;
  title: string;
  description: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: ProductStatus;
  options: ProductOptionRecord[];
  variantIds: string[];
  images: ImageRecord[];
  collectionIds: string[];
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
}

export interface VariantRecord {
  __typename: 'ProductVariant';
  id: string;
  productId: string;
  sku: string;
  title: string;
  position: number;
  selectedOptions: { name: string; value: string }[];
  /** Minor units per currency: USD is the shop price, EUR the euro market's fixed price. */
  price: Prices;
  compareAtPrice: Prices | null;
  inventoryItemId: string;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  taxable: boolean;
  barcode: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface InventoryItemRecord {
  __typename: 'InventoryItem';
  id: string;
  variantId: string;
  sku: string;
  tracked: boolean;
  requiresShipping: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface InventoryLevelRecord {
  __typename: 'InventoryLevel';
  id: string;
  inventoryItemId: string;
  locationId: string;
  available: number;
  committed: number;
  createdAt: number;
  updatedAt: number;
}

export interface LocationRecord {
  __typename: 'Location';
  id: string;
  name: string;
  isActive: boolean;
  address: { address1: string; city: string; countryCode: string; zip: string };
  createdAt: number;
  updatedAt: number;
}

export interface LineItemRecord {
  __typename: 'LineItem';
  id: string;
  orderId: string;
  variantId: string | null;
  productId: string | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  fulfilledQuantity: number;
  /** Unit price in the order's shop currency / presentment currency (minor units). */
  unitPrice: number;
  presentmentUnitPrice: number;
  requiresShipping: boolean;
  taxable: boolean;
  /** Whether orderCreate claimed inventory for this line (moved available → committed). */
  claimed: boolean;
}

export interface FulfillmentOrderLineRecord {
  id: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrderRecord {
  __typename: 'FulfillmentOrder';
  id: string;
  orderId: string;
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED';
  locationId: string;
  lineItems: FulfillmentOrderLineRecord[];
  createdAt: number;
  updatedAt: number;
}

export interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentRecord {
  __typename: 'Fulfillment';
  id: string;
  orderId: string;
  name: string;
  status: 'SUCCESS';
  locationId: string;
  trackingInfo: TrackingInfo[];
  lineItems: { id: string; lineItemId: string; quantity: number }[];
  createdAt: number;
  updatedAt: number;
}

export type FinancialStatus = 'AUTHORIZED' | 'EXPIRED' | 'PAID' | 'PARTIALLY_PAID' | 'PARTIALLY_REFUNDED' | 'PENDING' | 'REFUNDED' | 'VOIDED';

export interface OrderRecord {
  __typename: 'Order';
  id: string;
  name: string;
  number: number;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  sourceIdentifier: string | null;
  sourceName: string | null;
  customAttributes: { key: string; value: string }[];
  currencyCode: CurrencyCode;
  presentmentCurrencyCode: CurrencyCode;
  financialStatus: FinancialStatus;
  test: boolean;
  taxesIncluded: boolean;
  lineItems: LineItemRecord[];
  shippingTotal: number;
  presentmentShippingTotal: number;
  taxTotal: number;
  presentmentTaxTotal: number;
  fulfillmentOrderIds: string[];
  fulfillmentIds: string[];
  inventoryBehaviour: InventoryBehaviour;
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  closedAt: number | null;
  cancelledAt: number | null;
}

export type InventoryBehaviour = 'BYPASS' | 'DECREMENT_IGNORING_POLICY' | 'DECREMENT_OBEYING_POLICY';

export interface AdjustmentGroupRecord {
  __typename: 'InventoryAdjustmentGroup';
  id: string;
  reason: string;
  referenceDocumentUri: string | null;
  createdAt: number;
  changes: { name: string; delta: number; quantityAfterChange: number; inventoryItemId: string; locationId: string; ledgerDocumentUri: string | null }[];
}

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface StoreEvent {
  topic: WebhookTopic;
  /** The REST-style payload, as Shopify would serialize it at the time of the event. */
  payload: Record<string, unknown>;
  /** When the event happened (X-Shopify-Triggered-At). */
  triggeredAt: number;
  /** X-Shopify-Event-Id. */
  eventId: string;
}

export const WEBHOOK_TOPICS = [
  'products/create',
  'products/update',
  'products/delete',
  'inventory_levels/update',
  'orders/create',
  'fulfillments/create',
  'orders/fulfilled',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

export interface StoreOptions {
  precision: TimestampPrecision;
  /** Prefix for image URLs (`''` keeps the seed's `/media/art/…` paths). */
  mediaBaseUrl: string;
  /** New objects are invisible to `query:` searches for this long (Shopify's search index lags). */
  searchLagMs: number;
  onEvent: (event: Omit<StoreEvent, 'eventId'>) => void;
}

/** Reasons inventoryAdjustQuantities accepts (Shopify's list). */
export const ADJUSTMENT_REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);

/** A semantic version check on `YYYY-MM` API versions; `unstable` is newest. */
export function versionAtLeast(version: string, min: string): boolean {
  if (version === 'unstable') return true;
  return version >= min;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export class StoreError extends Error {}

export class ShopifyStore {
  collections = new Map<string, CollectionRecord>();
  products = new Map<string, ProductRecord>();
  variants = new Map<string, VariantRecord>();
  inventoryItems = new Map<string, InventoryItemRecord>();
  /** Keyed by inventory item id (one location). */
  levels = new Map<string, InventoryLevelRecord>();
  locations = new Map<string, LocationRecord>();
  orders = new Map<string, OrderRecord>();
  fulfillmentOrders = new Map<string, FulfillmentOrderRecord>();
  fulfillments = new Map<string, FulfillmentRecord>();
  adjustmentGroups = new Map<string, AdjustmentGroupRecord>();
  readonly location: LocationRecord;
  private seq = 0;
  private orderNumber = 1000;
  private lastTime = 0;

  constructor(readonly opts: StoreOptions) {
    this.location = {
      __typename: 'Location',
      id: gid('Location', stableNumber('dotshop-warehouse', 7, 10)),
      name: 'DotShop Warehouse',
      isActive: true,
      address: { address1: '1 Fulfilment Way', city: 'Newark', countryCode: 'US', zip: '07102' },
      createdAt: CATALOG_UPDATED_AT.getTime(),
      updatedAt: CATALOG_UPDATED_AT.getTime(),
    };
    this.reset();
  }

  /** Now, at the store's precision, never earlier than the seed or a previous timestamp. */
  now(): number {
    const t = Math.max(truncateTime(Date.now(), this.opts.precision), this.lastTime, CATALOG_UPDATED_AT.getTime());
    this.lastTime = t;
    return t;
  }

  private nextId(type: string, base: number): string {
    this.seq++;
    return gid(type, String(base + this.seq));
  }

  reset(): void {
    this.collections.clear();
    this.products.clear();
    this.variants.clear();
    this.inventoryItems.clear();
    this.levels.clear();
    this.orders.clear();
    this.fulfillmentOrders.clear();
    this.fulfillments.clear();
    this.adjustmentGroups.clear();
    this.locations.clear();
    this.locations.set(this.location.id, this.location);
    this.seq = 0;
    this.orderNumber = 1000;
    const seedTime = CATALOG_UPDATED_AT.getTime();
    for (const c of catalogCategories) {
      this.collections.set(c.shopifyId, { __typename: 'Collection', id: c.shopifyId, handle: c.handle, title: c.title, description: c.description, productIds: [], updatedAt: seedTime });
    }
    for (const p of catalogProducts) this.loadProduct(p, seedTime);
  }

  private loadProduct(p: CatalogProduct, at: number): void {
    const collection = [...this.collections.values()].find((c) => c.handle === p.category);
    const hasOptions = p.options.length > 0;
    const product: ProductRecord = {
      __typename: 'Product',
      id: p.shopifyId,
      handle: p.handle,
      title: p.title,
      description: p.description,
      descriptionHtml: `<p>${escapeHtml(p.description)}</p>`,
      vendor: p.vendor,
      productType: p.productType,
      tags: [...p.tags],
      status: 'ACTIVE',
      // Shopify gives an option-less product one option "Title" with the value "Default Title".
      options: (hasOptions ? p.options : [{ name: 'Title', values: ['Default Title'] }]).map((o, i) => ({
        id: gid('ProductOption', stableNumber(`${p.handle}#option#${o.name}`, 1, 13)),
        name: o.name,
        position: i + 1,
        values: [...o.values],
      })),
      variantIds: [],
      images: p.images.map((img) => ({
        id: img.shopifyId,
        mediaId: gid('MediaImage', stableNumber(`media:${img.shopifyId}`, 2, 13)),
        src: img.src,
        alt: img.alt,
        width: img.width,
        height: img.height,
        position: img.position,
        createdAt: at,
        updatedAt: at,
      })),
      collectionIds: collection ? [collection.id] : [],
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    };
    collection?.productIds.push(product.id);
    this.products.set(product.id, product);
    for (const v of p.variants) {
      this.addVariant(product, {
        id: v.shopifyId,
        inventoryItemId: v.inventoryItemId,
        sku: v.sku,
        title: v.title,
        position: v.position,
        selectedOptions: hasOptions ? v.selectedOptions.map((o) => ({ ...o })) : [{ name: 'Title', value: 'Default Title' }],
        price: { ...v.price },
        compareAtPrice: v.compareAtPrice ? { ...v.compareAtPrice } : null,
        available: v.inventoryQuantity,
        at,
      });
    }
  }

  private addVariant(
    product: ProductRecord,
    v: { id: string; inventoryItemId: string; sku: string; title: string; position: number; selectedOptions: { name: string; value: string }[]; price: Prices; compareAtPrice: Prices | null; available: number; at: number },
  ): VariantRecord {
    const variant: VariantRecord = {
      __typename: 'ProductVariant',
      id: v.id,
      productId: product.id,
      sku: v.sku,
      title: v.title,
      position: v.position,
      selectedOptions: v.selectedOptions,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      inventoryItemId: v.inventoryItemId,
      inventoryPolicy: 'DENY',
      taxable: true,
      barcode: null,
      createdAt: v.at,
      updatedAt: v.at,
    };
    this.variants.set(variant.id, variant);
    product.variantIds.push(variant.id);
    this.inventoryItems.set(v.inventoryItemId, {
      __typename: 'InventoryItem',
      id: v.inventoryItemId,
      variantId: variant.id,
      sku: v.sku,
      tracked: true,
      requiresShipping: true,
      createdAt: v.at,
      updatedAt: v.at,
    });
    this.levels.set(v.inventoryItemId, {
      __typename: 'InventoryLevel',
      id: `gid://shopify/InventoryLevel/${legacyId(this.location.id)}?inventory_item_id=${legacyId(v.inventoryItemId)}`,
      inventoryItemId: v.inventoryItemId,
      locationId: this.location.id,
      available: v.available,
      committed: 0,
      createdAt: v.at,
      updatedAt: v.at,
    });
    return variant;
  }

  // X-Shopify-Triggered-At is the moment of the event with sub-second digits (Shopify sends
  // nanoseconds, e.g. 2023-03-29T18:00:27.877041743Z), unlike the resources' second-precision
  // updated_at; never earlier than the resource's own timestamp.
  private emit(topic: WebhookTopic, payload: Record<string, unknown>, at: number): void {
    this.opts.onEvent({ topic, payload, triggeredAt: Math.max(at, Date.now()) });
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups

  imageUrl(src: string): string {
    return `${this.opts.mediaBaseUrl.replace(/\/$/, '')}${src}`;
  }

  productVariants(product: ProductRecord): VariantRecord[] {
    return product.variantIds.map((id) => this.variants.get(id)).filter((v): v is VariantRecord => !!v);
  }

  variantBySku(sku: string): VariantRecord | undefined {
    for (const v of this.variants.values()) if (v.sku === sku) return v;
    return undefined;
  }

  productByHandle(handle: string): ProductRecord | undefined {
    for (const p of this.products.values()) if (p.handle === handle) return p;
    return undefined;
  }

  levelForItem(inventoryItemId: string): InventoryLevelRecord | undefined {
    return this.levels.get(inventoryItemId);
  }

  levelById(id: string): InventoryLevelRecord | undefined {
    const m = /^gid:\/\/shopify\/InventoryLevel\/(\d+)\?inventory_item_id=(\d+)$/.exec(id);
    if (!m) return undefined;
    const level = this.levels.get(gid('InventoryItem', m[2]));
    return level && legacyId(level.locationId) === m[1] ? level : undefined;
  }

  variantForItem(inventoryItemId: string): VariantRecord | undefined {
    const item = this.inventoryItems.get(inventoryItemId);
    return item ? this.variants.get(item.variantId) : undefined;
  }

  /** Find an order by gid, numeric id, name (`#1001`) or DotShop order id (sourceIdentifier or `dotshop-order-<id>` tag). */
  findOrder(ref: string): OrderRecord | undefined {
    const direct = this.orders.get(ref) ?? this.orders.get(gid('Order', ref));
    if (direct) return direct;
    for (const o of this.orders.values()) {
      if (o.name === ref || `#${o.number}` === ref || o.sourceIdentifier === ref || o.tags.includes(ref) || o.tags.includes(`dotshop-order-${ref}`)) return o;
    }
    return undefined;
  }

  /** Whether a new object is already visible to `query:` searches (Shopify's index lags behind writes). */
  searchable(item: object): boolean {
    const at = this.createdWallClock.get(item);
    return at === undefined || this.opts.searchLagMs <= 0 || Date.now() - at >= this.opts.searchLagMs;
  }

  /** Wall-clock creation time (ms) of objects created at runtime, for the search lag. */
  private createdWallClock = new WeakMap<object, number>();

  /** on_hand = available + committed. */
  quantity(level: InventoryLevelRecord, name: string): number | null {
    switch (name) {
      case 'available':
        return level.available;
      case 'committed':
        return level.committed;
      case 'on_hand':
        return level.available + level.committed;
      case 'reserved':
      case 'damaged':
      case 'safety_stock':
      case 'quality_control':
      case 'incoming':
        return 0;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Products and prices

  private touchProduct(product: ProductRecord, at: number): void {
    product.updatedAt = at;
    this.emit('products/update', productPayload(this, product), at);
  }

  updateProduct(input: { id: string; title?: string | null; descriptionHtml?: string | null; handle?: string | null; productType?: string | null; vendor?: string | null; tags?: string[] | null; status?: ProductStatus | null }): {
    product: ProductRecord | null;
    userErrors: UserError[];
  } {
    const product = this.products.get(input.id);
    if (!product) return { product: null, userErrors: [{ field: ['id'], message: 'Product does not exist', code: null }] };
    if (input.title !== undefined && input.title !== null && !input.title.trim()) return { product, userErrors: [{ field: ['title'], message: "Title can't be blank", code: null }] };
    if (input.handle) {
      const clash = this.productByHandle(input.handle);
      if (clash && clash.id !== product.id) return { product, userErrors: [{ field: ['handle'], message: `Handle '${input.handle}' already in use. Please provide a new handle.`, code: null }] };
    }
    if (input.title) product.title = input.title;
    if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) {
      product.descriptionHtml = input.descriptionHtml;
      product.description = stripHtml(input.descriptionHtml);
    }
    if (input.handle) product.handle = input.handle;
    if (input.productType !== undefined && input.productType !== null) product.productType = input.productType;
    if (input.vendor !== undefined && input.vendor !== null) product.vendor = input.vendor;
    if (input.tags) product.tags = [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];
    if (input.status) product.status = input.status;
    this.touchProduct(product, this.now());
    return { product, userErrors: [] };
  }

  /** productVariantsBulkUpdate: price / compareAtPrice (shop currency), barcode, inventoryPolicy, taxable. */
  updateVariants(
    productId: string,
    inputs: { id?: string | null; price?: string | null; compareAtPrice?: string | null; barcode?: string | null; inventoryPolicy?: 'DENY' | 'CONTINUE' | null; taxable?: boolean | null; priceMinor?: number; compareAtMinor?: number | null }[],
    allowPartialUpdates: boolean,
    parseMoney: (v: unknown) => number | null,
  ): { product: ProductRecord | null; variants: VariantRecord[]; userErrors: UserError[] } {
    const product = this.products.get(productId);
    if (!product) return { product: null, variants: [], userErrors: [{ field: ['productId'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] };
    const userErrors: UserError[] = [];
    const planned: { variant: VariantRecord; price?: number; compareAt?: number | null; input: (typeof inputs)[number] }[] = [];
    inputs.forEach((input, i) => {
      if (!input.id) {
        userErrors.push({ field: ['variants', String(i), 'id'], message: 'Product variant is missing ID attribute', code: 'PRODUCT_VARIANT_ID_MISSING' });
        return;
      }
      const variant = this.variants.get(input.id);
      if (!variant) {
        userErrors.push({ field: ['variants', String(i), 'id'], message: 'Product variant does not exist', code: 'PRODUCT_VARIANT_DOES_NOT_EXIST' });
        return;
      }
      if (variant.productId !== product.id) {
        userErrors.push({ field: ['variants', String(i), 'id'], message: 'Product variant does not belong to the product', code: 'MUST_BE_FOR_THIS_PRODUCT' });
        return;
      }
      const p = input.priceMinor ?? (input.price === undefined || input.price === null ? undefined : parseMoney(input.price));
      if (p === null || (p !== undefined && p < 0)) {
        userErrors.push({ field: ['variants', String(i), 'price'], message: 'Price must be greater than or equal to 0', code: 'GREATER_THAN_OR_EQUAL_TO' });
        return;
      }
      let c: number | null | undefined = input.compareAtMinor;
      if (c === undefined && input.compareAtPrice !== undefined) c = input.compareAtPrice === null ? null : parseMoney(input.compareAtPrice);
      if (c !== undefined && c !== null && c < 0) {
        userErrors.push({ field: ['variants', String(i), 'compareAtPrice'], message: 'Compare at price must be greater than or equal to 0', code: 'GREATER_THAN_OR_EQUAL_TO' });
        return;
      }
      planned.push({ variant, price: p, compareAt: c, input });
    });
    if (userErrors.length && !allowPartialUpdates) return { product, variants: [], userErrors };
    if (planned.length === 0) return { product, variants: [], userErrors };
    const at = this.now();
    for (const { variant, price, compareAt, input } of planned) {
      if (price !== undefined) variant.price = { ...variant.price, USD: price };
      if (compareAt !== undefined) variant.compareAtPrice = compareAt === null ? null : { ...(variant.compareAtPrice ?? variant.price), USD: compareAt };
      if (input.barcode !== undefined) variant.barcode = input.barcode;
      if (input.inventoryPolicy) variant.inventoryPolicy = input.inventoryPolicy;
      if (input.taxable !== undefined && input.taxable !== null) variant.taxable = input.taxable;
      variant.updatedAt = at;
    }
    this.touchProduct(product, at);
    return { product, variants: planned.map((p) => p.variant), userErrors };
  }

  /** A market (non-shop-currency) price, as a price list would set it. */
  setMarketPrice(sku: string, currency: CurrencyCode, minor: number): VariantRecord {
    const variant = this.variantBySku(sku);
    if (!variant) throw new StoreError(`No variant with SKU ${sku}`);
    const at = this.now();
    variant.price = { ...variant.price, [currency]: minor };
    variant.updatedAt = at;
    const product = this.products.get(variant.productId) as ProductRecord;
    this.touchProduct(product, at);
    return variant;
  }

  createProduct(input: {
    title: string;
    handle?: string;
    productType?: string;
    vendor?: string;
    tags?: string[];
    descriptionHtml?: string;
    variants?: { sku: string; title?: string; price: number; priceEur?: number; available?: number }[];
  }): ProductRecord {
    const handle = (input.handle ?? input.title)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
    if (!handle) throw new StoreError('title or handle is required');
    if (this.productByHandle(handle)) throw new StoreError(`Handle '${handle}' already in use`);
    const variantsIn = input.variants?.length ? input.variants : [{ sku: handle.toUpperCase(), price: 0 }];
    for (const v of variantsIn) if (this.variantBySku(v.sku)) throw new StoreError(`SKU ${v.sku} already exists`);
    const at = this.now();
    const id = gid('Product', stableNumber(`created:${handle}:${at}`, 9, 12));
    const named = variantsIn.length > 1 || variantsIn.some((v) => v.title);
    const product: ProductRecord = {
      __typename: 'Product',
      id,
      handle,
      title: input.title,
      descriptionHtml: input.descriptionHtml ?? '',
      description: stripHtml(input.descriptionHtml ?? ''),
      vendor: input.vendor ?? 'DotShop',
      productType: input.productType ?? '',
      tags: input.tags ?? [],
      status: 'ACTIVE',
      options: [{ id: gid('ProductOption', stableNumber(`${id}#option`, 1, 13)), name: 'Title', position: 1, values: variantsIn.map((v, i) => (named ? (v.title ?? `Variant ${i + 1}`) : 'Default Title')) }],
      variantIds: [],
      images: [],
      collectionIds: [],
      createdAt: at,
      updatedAt: at,
      publishedAt: at,
    };
    this.products.set(id, product);
    this.createdWallClock.set(product, Date.now());
    variantsIn.forEach((v, i) => {
      const title = named ? (v.title ?? `Variant ${i + 1}`) : 'Default Title';
      this.addVariant(product, {
        id: gid('ProductVariant', stableNumber(`created-variant:${v.sku}:${at}`, 4, 13)),
        inventoryItemId: gid('InventoryItem', stableNumber(`created-item:${v.sku}:${at}`, 5, 13)),
        sku: v.sku,
        title,
        position: i + 1,
        selectedOptions: [{ name: 'Title', value: title }],
        price: { USD: v.price, EUR: v.priceEur ?? v.price },
        compareAtPrice: null,
        available: v.available ?? 0,
        at,
      });
    });
    for (const v of this.productVariants(product)) {
      this.createdWallClock.set(v, Date.now());
      const item = this.inventoryItems.get(v.inventoryItemId);
      if (item) this.createdWallClock.set(item, Date.now());
    }
    this.emit('products/create', productPayload(this, product), at);
    return product;
  }

  deleteProduct(idOrHandle: string): ProductRecord {
    const product = this.products.get(idOrHandle) ?? this.productByHandle(idOrHandle);
    if (!product) throw new StoreError(`No product ${idOrHandle}`);
    for (const v of this.productVariants(product)) {
      this.variants.delete(v.id);
      this.inventoryItems.delete(v.inventoryItemId);
      this.levels.delete(v.inventoryItemId);
    }
    for (const c of this.collections.values()) c.productIds = c.productIds.filter((p) => p !== product.id);
    this.products.delete(product.id);
    this.emit('products/delete', { id: Number(legacyId(product.id)) }, this.now());
    return product;
  }

  // ---------------------------------------------------------------------------------------------
  // Inventory

  private levelChanged(level: InventoryLevelRecord, at: number): void {
    level.updatedAt = at;
    const item = this.inventoryItems.get(level.inventoryItemId);
    if (item) item.updatedAt = at;
    this.emit('inventory_levels/update', inventoryLevelPayload(this, level), at);
  }

  /**
   * inventoryAdjustQuantities. `requireChangeFrom` (API 2026-04+) makes `changeFromQuantity` mandatory
   * on each change (null opts out of the compare-and-swap check).
   */
  adjustQuantities(
    input: {
      name: string;
      reason: string;
      referenceDocumentUri?: string | null;
      changes: { delta: number; inventoryItemId: string; locationId: string; ledgerDocumentUri?: string | null; changeFromQuantity?: number | null }[];
    },
    requireChangeFrom: boolean,
  ): { group: AdjustmentGroupRecord | null; userErrors: UserError[] } {
    const userErrors: UserError[] = [];
    if (input.name !== 'available' && input.name !== 'on_hand') {
      userErrors.push({ field: ['input', 'name'], message: `The quantity name must be 'available' or 'on_hand' in the Shopify emulator.`, code: 'INVALID_QUANTITY_NAME' });
    }
    if (!ADJUSTMENT_REASONS.has(input.reason)) userErrors.push({ field: ['input', 'reason'], message: 'The specified reason is invalid.', code: 'INVALID_REASON' });
    if (input.changes.length === 0) userErrors.push({ field: ['input', 'changes'], message: 'At least one change is required.', code: null });
    const planned: { level: InventoryLevelRecord; delta: number; ledgerDocumentUri: string | null }[] = [];
    const projected = new Map<string, number>();
    input.changes.forEach((c, i) => {
      const field = (f: string) => ['input', 'changes', String(i), f];
      if (requireChangeFrom && !('changeFromQuantity' in c)) {
        userErrors.push({ field: field('changeFromQuantity'), message: 'changeFromQuantity is required as of API version 2026-04: pass the quantity you expect, or null to skip the compare-and-swap check.', code: null });
        return;
      }
      const item = this.inventoryItems.get(c.inventoryItemId);
      if (!item) {
        userErrors.push({ field: field('inventoryItemId'), message: 'The specified inventory item could not be found.', code: 'INVALID_INVENTORY_ITEM' });
        return;
      }
      if (!this.locations.has(c.locationId)) {
        userErrors.push({ field: field('locationId'), message: 'The specified location could not be found.', code: 'INVALID_LOCATION' });
        return;
      }
      const level = this.levels.get(item.id);
      if (!level || level.locationId !== c.locationId) {
        userErrors.push({ field: field('locationId'), message: 'The specified inventory item is not stocked at the location.', code: 'ITEM_NOT_STOCKED_AT_LOCATION' });
        return;
      }
      const current = projected.get(level.inventoryItemId) ?? (input.name === 'on_hand' ? level.available + level.committed : level.available);
      if (c.changeFromQuantity !== undefined && c.changeFromQuantity !== null && c.changeFromQuantity !== current) {
        userErrors.push({ field: field('changeFromQuantity'), message: 'The changeFromQuantity argument no longer matches the persisted quantity.', code: 'CHANGE_FROM_QUANTITY_STALE' });
        return;
      }
      const after = current + c.delta;
      if (after > 2_000_000_000) {
        userErrors.push({ field: field('delta'), message: "The quantity can't be higher than 2,000,000,000.", code: 'INVALID_QUANTITY_TOO_HIGH' });
        return;
      }
      if (after < -2_000_000_000) {
        userErrors.push({ field: field('delta'), message: "The quantity can't be lower than -2,000,000,000.", code: 'INVALID_QUANTITY_TOO_LOW' });
        return;
      }
      projected.set(level.inventoryItemId, after);
      planned.push({ level, delta: c.delta, ledgerDocumentUri: c.ledgerDocumentUri ?? null });
    });
    if (userErrors.length) return { group: null, userErrors };
    const at = this.now();
    const group: AdjustmentGroupRecord = {
      __typename: 'InventoryAdjustmentGroup',
      id: this.nextId('InventoryAdjustmentGroup', 90_000_000_000),
      reason: input.reason,
      referenceDocumentUri: input.referenceDocumentUri ?? null,
      createdAt: at,
      changes: [],
    };
    const touched = new Set<InventoryLevelRecord>();
    for (const { level, delta, ledgerDocumentUri } of planned) {
      // Adjusting on_hand moves the available quantity (committed units stay committed).
      level.available += delta;
      touched.add(level);
      group.changes.push({
        name: input.name,
        delta,
        quantityAfterChange: input.name === 'on_hand' ? level.available + level.committed : level.available,
        inventoryItemId: level.inventoryItemId,
        locationId: level.locationId,
        ledgerDocumentUri,
      });
    }
    this.adjustmentGroups.set(group.id, group);
    for (const level of touched) this.levelChanged(level, at);
    return { group, userErrors: [] };
  }

  // ---------------------------------------------------------------------------------------------
  // Orders

  createOrder(
    order: OrderCreateInput,
    options: { inventoryBehaviour?: InventoryBehaviour | null } | null | undefined,
    parseMoney: (v: unknown) => number | null,
  ): { order: OrderRecord | null; userErrors: UserError[] } {
    const userErrors: UserError[] = [];
    const behaviour: InventoryBehaviour = options?.inventoryBehaviour ?? 'BYPASS';
    const currency = (order.currency ?? SHOP_CURRENCY) as CurrencyCode;
    const presentment = (order.presentmentCurrency ?? currency) as CurrencyCode;
    const lines = order.lineItems ?? [];
    if (lines.length === 0) userErrors.push({ field: ['order', 'lineItems'], message: 'Line items must have at least one line item', code: 'INVALID' });
    const planned: { input: OrderLineInput; variant: VariantRecord | null; unit: number; presentmentUnit: number }[] = [];
    const priceIn = (variant: VariantRecord, cur: string): number => (cur === 'EUR' || cur === 'USD' ? variant.price[cur] : variant.price.USD);
    lines.forEach((li, i) => {
      const field = (f: string) => ['order', 'lineItems', String(i), f];
      if (!Number.isInteger(li.quantity) || li.quantity < 1) {
        userErrors.push({ field: field('quantity'), message: 'Quantity must be greater than or equal to 1', code: 'INVALID' });
        return;
      }
      let variant: VariantRecord | null = null;
      if (li.variantId) {
        variant = this.variants.get(li.variantId) ?? null;
        if (!variant) {
          userErrors.push({ field: field('variantId'), message: `Product variant with id ${legacyId(li.variantId)} does not exist`, code: 'INVALID' });
          return;
        }
      } else if (!li.title) {
        userErrors.push({ field: field('title'), message: 'Title is required for a line item without a variant', code: 'INVALID' });
        return;
      }
      const shopAmount = li.priceSet?.shopMoney?.amount;
      const presentmentAmount = li.priceSet?.presentmentMoney?.amount;
      let unit = shopAmount !== undefined && shopAmount !== null ? parseMoney(shopAmount) : variant ? priceIn(variant, currency) : null;
      if (unit === null) {
        userErrors.push({ field: field('priceSet'), message: 'A price is required for a line item without a variant', code: 'INVALID' });
        return;
      }
      let presentmentUnit = presentmentAmount !== undefined && presentmentAmount !== null ? parseMoney(presentmentAmount) : presentment === currency ? unit : variant ? priceIn(variant, presentment) : unit;
      if (presentmentUnit === null) presentmentUnit = unit;
      unit = Math.max(0, unit);
      planned.push({ input: li, variant, unit, presentmentUnit });
    });
    // Inventory claim (orderCreate's default is BYPASS: nothing is claimed).
    const claim = new Map<string, number>();
    if (behaviour !== 'BYPASS') {
      for (const p of planned) if (p.variant) claim.set(p.variant.inventoryItemId, (claim.get(p.variant.inventoryItemId) ?? 0) + p.input.quantity);
      if (behaviour === 'DECREMENT_OBEYING_POLICY') {
        for (const [itemId, qty] of claim) {
          const variant = this.variantForItem(itemId) as VariantRecord;
          const level = this.levels.get(itemId);
          if (variant.inventoryPolicy === 'DENY' && (!level || level.available < qty)) {
            userErrors.push({
              field: ['order', 'lineItems'],
              message: `Unable to reserve inventory for ${variant.sku}: ${level?.available ?? 0} available, ${qty} requested.`,
              code: 'INVENTORY_CLAIM_FAILED',
            });
          }
        }
      }
    }
    if (userErrors.length) return { order: null, userErrors };

    const at = this.now();
    this.orderNumber++;
    const id = this.nextId('Order', 6_100_000_000_000);
    const lineItems: LineItemRecord[] = planned.map((p) => ({
      __typename: 'LineItem',
      id: this.nextId('LineItem', 14_100_000_000_000),
      orderId: id,
      variantId: p.variant?.id ?? null,
      productId: p.variant?.productId ?? null,
      sku: p.input.sku ?? p.variant?.sku ?? null,
      title: p.input.title ?? (p.variant ? (this.products.get(p.variant.productId)?.title ?? '') : ''),
      variantTitle: p.variant && p.variant.title !== 'Default Title' ? p.variant.title : null,
      quantity: p.input.quantity,
      fulfilledQuantity: 0,
      unitPrice: p.unit,
      presentmentUnitPrice: p.presentmentUnit,
      requiresShipping: p.input.requiresShipping ?? true,
      taxable: p.input.taxable ?? true,
      claimed: behaviour !== 'BYPASS' && !!p.variant,
    }));
    const sumMoney = (items: { priceSet?: MoneyBagInput | null }[] | null | undefined, which: 'shopMoney' | 'presentmentMoney') =>
      (items ?? []).reduce((acc, s) => acc + (parseMoney(s.priceSet?.[which]?.amount ?? s.priceSet?.shopMoney?.amount) ?? 0), 0);
    const lineTax = (which: 'shopMoney' | 'presentmentMoney') => lines.reduce((acc, li) => acc + sumMoney(li.taxLines, which), 0);
    const transactions = order.transactions ?? [];
    const financialStatus: FinancialStatus =
      order.financialStatus ??
      (transactions.some((t) => t.kind === 'SALE' && (t.status ?? 'SUCCESS') === 'SUCCESS') || transactions.some((t) => t.kind === 'CAPTURE' && (t.status ?? 'SUCCESS') === 'SUCCESS')
        ? 'PAID'
        : transactions.some((t) => t.kind === 'AUTHORIZATION' && (t.status ?? 'SUCCESS') === 'SUCCESS')
          ? 'AUTHORIZED'
          : 'PENDING');
    const record: OrderRecord = {
      __typename: 'Order',
      id,
      name: order.name ?? `#${this.orderNumber}`,
      number: this.orderNumber,
      email: order.email ?? order.customer?.toUpsert?.email ?? null,
      phone: order.phone ?? null,
      note: order.note ?? null,
      tags: [...new Set((order.tags ?? []).map((t) => t.trim()).filter(Boolean))],
      sourceIdentifier: order.sourceIdentifier ?? null,
      sourceName: order.sourceName ?? null,
      customAttributes: (order.customAttributes ?? []).map((a) => ({ key: a.key, value: a.value })),
      currencyCode: currency,
      presentmentCurrencyCode: presentment,
      financialStatus,
      test: order.test ?? false,
      taxesIncluded: order.taxesIncluded ?? false,
      lineItems,
      shippingTotal: sumMoney(order.shippingLines, 'shopMoney'),
      presentmentShippingTotal: sumMoney(order.shippingLines, 'presentmentMoney'),
      taxTotal: sumMoney(order.taxLines, 'shopMoney') + lineTax('shopMoney'),
      presentmentTaxTotal: sumMoney(order.taxLines, 'presentmentMoney') + lineTax('presentmentMoney'),
      fulfillmentOrderIds: [],
      fulfillmentIds: [],
      inventoryBehaviour: behaviour,
      createdAt: at,
      updatedAt: at,
      processedAt: order.processedAt ? Date.parse(order.processedAt) : at,
      closedAt: null,
      cancelledAt: null,
    };
    const fo: FulfillmentOrderRecord = {
      __typename: 'FulfillmentOrder',
      id: this.nextId('FulfillmentOrder', 7_100_000_000_000),
      orderId: id,
      status: 'OPEN',
      locationId: this.location.id,
      lineItems: lineItems
        .filter((li) => li.requiresShipping)
        .map((li) => ({ id: this.nextId('FulfillmentOrderLineItem', 15_100_000_000_000), lineItemId: li.id, totalQuantity: li.quantity, remainingQuantity: li.quantity })),
      createdAt: at,
      updatedAt: at,
    };
    if (fo.lineItems.length) {
      this.fulfillmentOrders.set(fo.id, fo);
      record.fulfillmentOrderIds.push(fo.id);
    }
    this.orders.set(id, record);
    this.createdWallClock.set(record, Date.now());
    this.emit('orders/create', orderPayload(this, record), at);
    for (const [itemId, qty] of claim) {
      const level = this.levels.get(itemId);
      if (!level) continue;
      level.available -= qty;
      level.committed += qty;
      this.levelChanged(level, at);
    }
    return { order: record, userErrors: [] };
  }

  /**
   * Fulfil line items of fulfillment orders (fulfillmentCreate), or everything that remains on an
   * order (control API). Claimed units leave `committed` (and so on_hand).
   */
  createFulfillment(input: {
    lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
    trackingInfo?: { company?: string | null; number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null } | null;
  }): { fulfillment: FulfillmentRecord | null; userErrors: UserError[] } {
    const userErrors: UserError[] = [];
    if (input.lineItemsByFulfillmentOrder.length === 0) return { fulfillment: null, userErrors: [{ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'At least one fulfillment order is required.', code: null }] };
    const planned: { fo: FulfillmentOrderRecord; line: FulfillmentOrderLineRecord; quantity: number }[] = [];
    let orderId: string | null = null;
    input.lineItemsByFulfillmentOrder.forEach((group, gi) => {
      const fo = this.fulfillmentOrders.get(group.fulfillmentOrderId);
      if (!fo) {
        userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(gi), 'fulfillmentOrderId'], message: 'Fulfillment order does not exist.', code: null });
        return;
      }
      if (orderId && fo.orderId !== orderId) {
        userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'All fulfillment orders must belong to the same order.', code: null });
        return;
      }
      orderId = fo.orderId;
      if (fo.status === 'CLOSED') {
        userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(gi)], message: 'Fulfillment order is closed and cannot be fulfilled.', code: null });
        return;
      }
      const wanted = group.fulfillmentOrderLineItems?.length ? group.fulfillmentOrderLineItems : fo.lineItems.filter((l) => l.remainingQuantity > 0).map((l) => ({ id: l.id, quantity: l.remainingQuantity }));
      for (const w of wanted) {
        const line = fo.lineItems.find((l) => l.id === w.id);
        if (!line) {
          userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(gi), 'fulfillmentOrderLineItems'], message: `Fulfillment order line item ${w.id} does not exist.`, code: null });
          continue;
        }
        if (w.quantity < 1 || w.quantity > line.remainingQuantity) {
          userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(gi), 'fulfillmentOrderLineItems'], message: `Invalid quantity ${w.quantity}: ${line.remainingQuantity} remaining.`, code: null });
          continue;
        }
        planned.push({ fo, line, quantity: w.quantity });
      }
    });
    if (!userErrors.length && planned.length === 0) userErrors.push({ field: ['fulfillment'], message: 'Nothing left to fulfil.', code: null });
    if (userErrors.length) return { fulfillment: null, userErrors };
    const order = this.orders.get(orderId as unknown as string) as OrderRecord;
    const at = this.now();
    const t = input.trackingInfo;
    const numbers = t?.numbers?.length ? t.numbers : t?.number ? [t.number] : [];
    const urls = t?.urls?.length ? t.urls : t?.url ? [t.url] : [];
    const fulfillment: FulfillmentRecord = {
      __typename: 'Fulfillment',
      id: this.nextId('Fulfillment', 5_300_000_000_000),
      orderId: order.id,
      name: `${order.name}.${order.fulfillmentIds.length + 1}`,
      status: 'SUCCESS',
      locationId: this.location.id,
      trackingInfo: (numbers.length ? numbers : t?.company ? [null] : []).map((n, i) => ({ company: t?.company ?? null, number: n, url: urls[i] ?? null })),
      lineItems: [],
      createdAt: at,
      updatedAt: at,
    };
    const released = new Map<string, number>();
    for (const { fo, line, quantity } of planned) {
      line.remainingQuantity -= quantity;
      fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
      fo.updatedAt = at;
      const li = order.lineItems.find((l) => l.id === line.lineItemId) as LineItemRecord;
      li.fulfilledQuantity += quantity;
      fulfillment.lineItems.push({ id: this.nextId('FulfillmentLineItem', 16_100_000_000_000), lineItemId: li.id, quantity });
      if (li.claimed && li.variantId) {
        const v = this.variants.get(li.variantId);
        if (v) released.set(v.inventoryItemId, (released.get(v.inventoryItemId) ?? 0) + quantity);
      }
    }
    for (const [itemId, qty] of released) {
      const level = this.levels.get(itemId);
      if (level) {
        level.committed = Math.max(0, level.committed - qty);
        level.updatedAt = at;
      }
    }
    this.fulfillments.set(fulfillment.id, fulfillment);
    order.fulfillmentIds.push(fulfillment.id);
    order.updatedAt = at;
    const fullyFulfilled = this.fulfillmentStatus(order) === 'FULFILLED';
    if (fullyFulfilled) order.closedAt = at;
    this.emit('fulfillments/create', fulfillmentPayload(this, fulfillment), at);
    if (fullyFulfilled) this.emit('orders/fulfilled', orderPayload(this, order), at);
    return { fulfillment, userErrors: [] };
  }

  fulfillmentStatus(order: OrderRecord): 'UNFULFILLED' | 'PARTIALLY_FULFILLED' | 'FULFILLED' {
    const shippable = order.lineItems.filter((l) => l.requiresShipping);
    if (shippable.length && shippable.every((l) => l.fulfilledQuantity >= l.quantity)) return 'FULFILLED';
    return shippable.some((l) => l.fulfilledQuantity > 0) ? 'PARTIALLY_FULFILLED' : 'UNFULFILLED';
  }

  orderTotals(order: OrderRecord): { subtotal: number; presentmentSubtotal: number; total: number; presentmentTotal: number } {
    const subtotal = order.lineItems.reduce((a, l) => a + l.unitPrice * l.quantity, 0);
    const presentmentSubtotal = order.lineItems.reduce((a, l) => a + l.presentmentUnitPrice * l.quantity, 0);
    const total = subtotal + order.shippingTotal + (order.taxesIncluded ? 0 : order.taxTotal);
    const presentmentTotal = presentmentSubtotal + order.presentmentShippingTotal + (order.taxesIncluded ? 0 : order.presentmentTaxTotal);
    return { subtotal, presentmentSubtotal, total, presentmentTotal };
  }

  counts() {
    let available = 0;
    let committed = 0;
    for (const l of this.levels.values()) {
      available += l.available;
      committed += l.committed;
    }
    return {
      products: this.products.size,
      variants: this.variants.size,
      inventory_items: this.inventoryItems.size,
      units_available: available,
      units_committed: committed,
      orders: this.orders.size,
      fulfillments: this.fulfillments.size,
    };
  }

  /** Resolve any gid to its record (for `node` / `nodes`). */
  node(id: string): { __typename: string } | null {
    const g = parseGid(id);
    if (!g) return null;
    switch (g.type) {
      case 'Product':
        return this.products.get(id) ?? null;
      case 'ProductVariant':
        return this.variants.get(id) ?? null;
      case 'InventoryItem':
        return this.inventoryItems.get(id) ?? null;
      case 'InventoryLevel':
        return this.levelById(id) ?? null;
      case 'Location':
        return this.locations.get(id) ?? null;
      case 'Order':
        return this.orders.get(id) ?? null;
      case 'Collection':
        return this.collections.get(id) ?? null;
      case 'Fulfillment':
        return this.fulfillments.get(id) ?? null;
      case 'FulfillmentOrder':
        return this.fulfillmentOrders.get(id) ?? null;
      case 'InventoryAdjustmentGroup':
        return this.adjustmentGroups.get(id) ?? null;
      default:
        return null;
    }
  }
}

export interface MoneyInput {
  amount: string | number;
  currencyCode: string;
}
export interface MoneyBagInput {
  shopMoney?: MoneyInput | null;
  presentmentMoney?: MoneyInput | null;
}
export interface OrderLineInput {
  variantId?: string | null;
  quantity: number;
  title?: string | null;
  sku?: string | null;
  priceSet?: MoneyBagInput | null;
  requiresShipping?: boolean | null;
  taxable?: boolean | null;
  taxLines?: { title?: string | null; rate?: number | null; priceSet?: MoneyBagInput | null }[] | null;
}
export interface OrderCreateInput {
  lineItems?: OrderLineInput[] | null;
  currency?: string | null;
  presentmentCurrency?: string | null;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  name?: string | null;
  tags?: string[] | null;
  sourceIdentifier?: string | null;
  sourceName?: string | null;
  customAttributes?: { key: string; value: string }[] | null;
  financialStatus?: FinancialStatus | null;
  test?: boolean | null;
  taxesIncluded?: boolean | null;
  processedAt?: string | null;
  transactions?: { kind: string; status?: string | null; gateway?: string | null; amountSet?: MoneyBagInput | null }[] | null;
  shippingLines?: { title: string; code?: string | null; priceSet?: MoneyBagInput | null }[] | null;
  taxLines?: { title?: string | null; rate?: number | null; priceSet?: MoneyBagInput | null }[] | null;
  customer?: { toUpsert?: { email?: string | null } | null } | null;
}
