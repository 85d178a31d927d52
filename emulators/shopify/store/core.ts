// The shop's state: every collection, loaded from the seed catalog (db/seed/catalog.ts) on reset so
// ids, handles, SKUs, prices, stock and images match what the seed wrote; the clock, ids, the event
// hook, and the lookups every resource module (catalog.ts, inventory.ts, orders.ts) shares.
//
// Stock model (one location): `available` and `committed` per inventory level; on_hand =
// available + committed. An order that claims inventory moves units from available to committed;
// fulfilling it removes them from committed (and so from on_hand).
import { CATALOG_UPDATED_AT, catalogCategories, catalogProducts, type CatalogProduct } from '../../../db/seed/catalog';
import { gid, legacyId, parseGid, stableNumber, truncateTime } from '../ids';
import {
  type AdjustmentGroupRecord,
  type CollectionRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LocationRecord,
  type OrderRecord,
  type Prices,
  type ProductRecord,
  type StoreOptions,
  type VariantRecord,
  type WebhookTopic,
} from './records';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

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

  /** The next order number (#1001, #1002, …). */
  nextOrderNumber(): number {
    return ++this.orderNumber;
  }

  nextId(type: string, base: number): string {
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

  addVariant(
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
  emit(topic: WebhookTopic, payload: Record<string, unknown>, at: number): void {
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
  readonly createdWallClock = new WeakMap<object, number>();

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
