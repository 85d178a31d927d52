// Products and prices: update a product, bulk-update variants, set a market price, create and delete
// products (each sends its products/* webhook); and the control API's price and product actions
// with the variant snapshots they answer with.
import { type CurrencyCode } from '../../../db/seed/catalog';
import { type ControlRoute, ControlInputError, Flash, intField, optString } from '../../kit/control';
import { gid, gqlDateTime, legacyId, money, parseMoney, stableNumber } from '../ids';
import { productPayload } from '../payloads';
import { type ShopifyStore } from './core';
import { type ProductRecord, type ProductStatus, StoreError, type UserError, type VariantRecord } from './records';

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

function touchProduct(s: ShopifyStore, product: ProductRecord, at: number): void {
  product.updatedAt = at;
  s.emit('products/update', productPayload(s, product), at);
}

export function updateProduct(s: ShopifyStore, input: { id: string; title?: string | null; descriptionHtml?: string | null; handle?: string | null; productType?: string | null; vendor?: string | null; tags?: string[] | null; status?: ProductStatus | null }): {
  product: ProductRecord | null;
  userErrors: UserError[];
} {
  const product = s.products.get(input.id);
  if (!product) return { product: null, userErrors: [{ field: ['id'], message: 'Product does not exist', code: null }] };
  if (input.title !== undefined && input.title !== null && !input.title.trim()) return { product, userErrors: [{ field: ['title'], message: "Title can't be blank", code: null }] };
  if (input.handle) {
    const clash = s.productByHandle(input.handle);
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
  touchProduct(s, product, s.now());
  return { product, userErrors: [] };
}

/** productVariantsBulkUpdate: price / compareAtPrice (shop currency), barcode, inventoryPolicy, taxable. */
export function updateVariants(
  s: ShopifyStore,
  productId: string,
  inputs: { id?: string | null; price?: string | null; compareAtPrice?: string | null; barcode?: string | null; inventoryPolicy?: 'DENY' | 'CONTINUE' | null; taxable?: boolean | null; priceMinor?: number; compareAtMinor?: number | null }[],
  allowPartialUpdates: boolean,
  parseMoney: (v: unknown) => number | null,
): { product: ProductRecord | null; variants: VariantRecord[]; userErrors: UserError[] } {
  const product = s.products.get(productId);
  if (!product) return { product: null, variants: [], userErrors: [{ field: ['productId'], message: 'Product does not exist', code: 'PRODUCT_DOES_NOT_EXIST' }] };
  const userErrors: UserError[] = [];
  const planned: { variant: VariantRecord; price?: number; compareAt?: number | null; input: (typeof inputs)[number] }[] = [];
  inputs.forEach((input, i) => {
    if (!input.id) {
      userErrors.push({ field: ['variants', String(i), 'id'], message: 'Product variant is missing ID attribute', code: 'PRODUCT_VARIANT_ID_MISSING' });
      return;
    }
    const variant = s.variants.get(input.id);
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
  const at = s.now();
  for (const { variant, price, compareAt, input } of planned) {
    if (price !== undefined) variant.price = { ...variant.price, USD: price };
    if (compareAt !== undefined) variant.compareAtPrice = compareAt === null ? null : { ...(variant.compareAtPrice ?? variant.price), USD: compareAt };
    if (input.barcode !== undefined) variant.barcode = input.barcode;
    if (input.inventoryPolicy) variant.inventoryPolicy = input.inventoryPolicy;
    if (input.taxable !== undefined && input.taxable !== null) variant.taxable = input.taxable;
    variant.updatedAt = at;
  }
  touchProduct(s, product, at);
  return { product, variants: planned.map((p) => p.variant), userErrors };
}

/** A market (non-shop-currency) price, as a price list would set it. */
export function setMarketPrice(s: ShopifyStore, sku: string, currency: CurrencyCode, minor: number): VariantRecord {
  const variant = s.variantBySku(sku);
  if (!variant) throw new StoreError(`No variant with SKU ${sku}`);
  const at = s.now();
  variant.price = { ...variant.price, [currency]: minor };
  variant.updatedAt = at;
  const product = s.products.get(variant.productId) as ProductRecord;
  touchProduct(s, product, at);
  return variant;
}

export function createProduct(s: ShopifyStore, input: {
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
  if (s.productByHandle(handle)) throw new StoreError(`Handle '${handle}' already in use`);
  const variantsIn = input.variants?.length ? input.variants : [{ sku: handle.toUpperCase(), price: 0 }];
  for (const v of variantsIn) if (s.variantBySku(v.sku)) throw new StoreError(`SKU ${v.sku} already exists`);
  const at = s.now();
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
  s.products.set(id, product);
  s.createdWallClock.set(product, Date.now());
  variantsIn.forEach((v, i) => {
    const title = named ? (v.title ?? `Variant ${i + 1}`) : 'Default Title';
    s.addVariant(product, {
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
  for (const v of s.productVariants(product)) {
    s.createdWallClock.set(v, Date.now());
    const item = s.inventoryItems.get(v.inventoryItemId);
    if (item) s.createdWallClock.set(item, Date.now());
  }
  s.emit('products/create', productPayload(s, product), at);
  return product;
}

export function deleteProduct(s: ShopifyStore, idOrHandle: string): ProductRecord {
  const product = s.products.get(idOrHandle) ?? s.productByHandle(idOrHandle);
  if (!product) throw new StoreError(`No product ${idOrHandle}`);
  for (const v of s.productVariants(product)) {
    s.variants.delete(v.id);
    s.inventoryItems.delete(v.inventoryItemId);
    s.levels.delete(v.inventoryItemId);
  }
  for (const c of s.collections.values()) c.productIds = c.productIds.filter((p) => p !== product.id);
  s.products.delete(product.id);
  s.emit('products/delete', { id: Number(legacyId(product.id)) }, s.now());
  return product;
}

// ---------------------------------------------------------------------------------------------
// Control API: acting "in Shopify" (shared by the emulator's handle, the JSON endpoints and the
// HTML page's forms)

export interface VariantSnapshot {
  sku: string;
  variant_id: string;
  product_id: string;
  inventory_item_id: string;
  price: { USD: string; EUR: string };
  updated_at: string;
}

export interface NewProduct {
  title: string;
  handle?: string;
  productType?: string;
  vendor?: string;
  tags?: string[];
  variants?: { sku: string; title?: string; price: string | number; priceEur?: string | number; available?: number }[];
}

export function variantSnapshot(s: ShopifyStore, v: VariantRecord): VariantSnapshot {
  return {
    sku: v.sku,
    variant_id: v.id,
    product_id: v.productId,
    inventory_item_id: v.inventoryItemId,
    price: { USD: money(v.price.USD), EUR: money(v.price.EUR) },
    updated_at: gqlDateTime(v.updatedAt, s.opts.precision),
  };
}

export function requireVariant(s: ShopifyStore, sku: string): VariantRecord {
  const v = s.variantBySku(sku);
  if (!v) throw new StoreError(`No variant with SKU ${sku}`);
  return v;
}

/** A variant's price (decimal major units; USD = shop price, EUR = euro market price); sends products/update. */
export function setPrice(s: ShopifyStore, sku: string, amount: string | number, currency: string = 'USD'): VariantSnapshot {
  const minor = parseMoney(amount);
  if (minor === null || minor < 0) throw new ControlInputError('amount must be a non-negative decimal amount, e.g. "129.00"');
  const v = requireVariant(s, sku);
  if (currency === 'USD') {
    const r = updateVariants(s, v.productId, [{ id: v.id, priceMinor: minor }], false, parseMoney);
    if (r.userErrors.length) throw new ControlInputError(r.userErrors.map((e) => e.message).join('; '));
  } else if (currency === 'EUR') {
    setMarketPrice(s, sku, currency as CurrencyCode, minor);
  } else {
    throw new ControlInputError("currency must be 'USD' (the shop currency) or 'EUR' (the euro market)");
  }
  return variantSnapshot(s, requireVariant(s, sku));
}

export function addProduct(s: ShopifyStore, input: NewProduct): { product_id: string; handle: string; variants: VariantSnapshot[] } {
  const variants = (input.variants ?? []).map((v) => {
    const price = parseMoney(v.price);
    const priceEur = v.priceEur === undefined ? undefined : parseMoney(v.priceEur);
    if (price === null || priceEur === null) throw new ControlInputError(`invalid price for ${v.sku}`);
    if (!v.sku) throw new ControlInputError('every variant needs a sku');
    return { sku: v.sku, title: v.title, price, priceEur, available: v.available };
  });
  if (!input.title) throw new ControlInputError('title is required');
  const p = createProduct(s, { ...input, variants });
  return { product_id: p.id, handle: p.handle, variants: s.productVariants(p).map((v) => variantSnapshot(s, v)) };
}

export function removeProduct(s: ShopifyStore, handleOrId: string): { product_id: string } {
  return { product_id: deleteProduct(s, handleOrId).id };
}

export function catalogControlRoutes(s: ShopifyStore): ControlRoute[] {
  return [
    { method: 'DELETE', path: /^\/_emulator\/products\/([^/]+)$/, handle: ({ match }) => removeProduct(s, decodeURIComponent(match[1])) },
    {
      method: 'POST',
      path: /^\/_emulator\/variants\/([^/]+)\/price$/,
      handle: async ({ match, body }) => {
        const b = await body();
        const sku = decodeURIComponent(match[1]);
        const currency = optString(b.currency) ?? 'USD';
        if (b.amount === undefined || b.amount === '') throw new ControlInputError('amount is required');
        const snap = setPrice(s, sku, b.amount as string | number, currency);
        return new Flash(snap, `${sku}: ${currency} price set to ${currency === 'EUR' ? snap.price.EUR : snap.price.USD}; products/update sent.`);
      },
    },
    {
      method: 'POST',
      path: '/_emulator/products',
      handle: async ({ body }) => {
        const b = await body();
        const r = addProduct(s, {
          title: String(b.title ?? ''),
          handle: optString(b.handle),
          productType: optString(b.product_type),
          vendor: optString(b.vendor),
          tags: Array.isArray(b.tags) ? b.tags.map(String) : undefined,
          variants: Array.isArray(b.variants)
            ? (b.variants as Record<string, unknown>[]).map((v) => ({
                sku: String(v.sku ?? ''),
                title: optString(v.title),
                price: v.price as string | number,
                priceEur: v.price_eur as string | number | undefined,
                available: v.available === undefined ? undefined : intField(v.available, 'available'),
              }))
            : undefined,
        });
        return new Flash(r, `Created ${r.handle}; products/create sent.`);
      },
    },
    { method: 'POST', path: /^\/_emulator\/products\/([^/]+)\/delete$/, handle: ({ match }) => new Flash(removeProduct(s, decodeURIComponent(match[1])), 'Product deleted; products/delete sent.') },
  ];
}

/**
 * productVariantsBulkDelete, for one variant by SKU: the variant, its inventory item and level go;
 * the product is touched (products/update lists the remaining variants).
 */
export function deleteVariant(s: ShopifyStore, sku: string): ProductRecord {
  const v = requireVariant(s, sku);
  const product = s.products.get(v.productId);
  if (!product) throw new StoreError(`No product for SKU ${sku}`);
  if (product.variantIds.length === 1) throw new StoreError('A product must keep at least one variant (delete the product instead).');
  product.variantIds = product.variantIds.filter((id) => id !== v.id);
  s.variants.delete(v.id);
  s.inventoryItems.delete(v.inventoryItemId);
  s.levels.delete(v.inventoryItemId);
  touchProduct(s, product, s.now());
  return product;
}

/** The product's images replaced "in Shopify" (productCreateMedia / productDeleteMedia / reorder): sends products/update. */
export function setProductImages(s: ShopifyStore, handleOrId: string, images: { src: string; alt?: string; width?: number; height?: number }[]): ProductRecord {
  const product = s.products.get(handleOrId) ?? s.productByHandle(handleOrId);
  if (!product) throw new StoreError(`No product ${handleOrId}`);
  product.images = images.map((img, i) => ({
    id: s.nextId('ProductImage', 40_100_000_000_000),
    mediaId: s.nextId('MediaImage', 41_100_000_000_000),
    src: img.src,
    alt: img.alt ?? '',
    width: img.width ?? 1200,
    height: img.height ?? 1500,
    position: i + 1,
    createdAt: s.now(),
    updatedAt: s.now(),
  }));
  touchProduct(s, product, s.now());
  return product;
}
