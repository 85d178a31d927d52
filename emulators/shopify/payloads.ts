// Webhook payloads in Shopify's REST shape (snake_case, numeric ids, decimal-string prices,
// comma-joined tags, `admin_graphql_api_id` alongside each id), as HTTPS webhook subscriptions
// receive them. Only the fields an app plausibly reads are included; all of them are real fields.
import { money, restDateTime, restId } from './ids';
import { type ShopifyStore } from './store/core';
import { type FulfillmentRecord, type InventoryLevelRecord, type LineItemRecord, type OrderRecord, type ProductRecord } from './store/records';

const ts = (store: ShopifyStore, ms: number | null) => (ms === null ? null : restDateTime(ms, store.opts.precision));

function moneySet(shop: number, shopCurrency: string, presentment: number, presentmentCurrency: string) {
  return {
    shop_money: { amount: money(shop), currency_code: shopCurrency },
    presentment_money: { amount: money(presentment), currency_code: presentmentCurrency },
  };
}

export function productPayload(store: ShopifyStore, p: ProductRecord): Record<string, unknown> {
  const productId = restId(p.id);
  const variants = store.productVariants(p);
  const images = p.images.map((img) => ({
    id: restId(img.id),
    alt: img.alt,
    position: img.position,
    product_id: productId,
    created_at: ts(store, img.createdAt),
    updated_at: ts(store, img.updatedAt),
    admin_graphql_api_id: img.id,
    width: img.width,
    height: img.height,
    src: store.imageUrl(img.src),
    variant_ids: [],
  }));
  return {
    admin_graphql_api_id: p.id,
    body_html: p.descriptionHtml,
    created_at: ts(store, p.createdAt),
    handle: p.handle,
    id: productId,
    product_type: p.productType,
    published_at: ts(store, p.publishedAt),
    template_suffix: null,
    title: p.title,
    updated_at: ts(store, p.updatedAt),
    vendor: p.vendor,
    status: p.status.toLowerCase(),
    published_scope: 'global',
    tags: p.tags.join(', '),
    variants: variants.map((v) => {
      const level = store.levelForItem(v.inventoryItemId);
      const options = v.selectedOptions.map((o) => o.value);
      return {
        admin_graphql_api_id: v.id,
        barcode: v.barcode,
        compare_at_price: v.compareAtPrice ? money(v.compareAtPrice.USD) : null,
        created_at: ts(store, v.createdAt),
        id: restId(v.id),
        inventory_policy: v.inventoryPolicy.toLowerCase(),
        position: v.position,
        price: money(v.price.USD),
        product_id: productId,
        sku: v.sku,
        taxable: v.taxable,
        title: v.title,
        updated_at: ts(store, v.updatedAt),
        option1: options[0] ?? null,
        option2: options[1] ?? null,
        option3: options[2] ?? null,
        image_id: null,
        inventory_item_id: restId(v.inventoryItemId),
        inventory_quantity: level?.available ?? 0,
        old_inventory_quantity: level?.available ?? 0,
      };
    }),
    options: p.options.map((o) => ({ name: o.name, id: restId(o.id), product_id: productId, position: o.position, values: o.values })),
    images,
    image: images[0] ?? null,
    media: p.images.map((img) => ({
      id: restId(img.mediaId),
      product_id: productId,
      position: img.position,
      created_at: ts(store, img.createdAt),
      updated_at: ts(store, img.updatedAt),
      alt: img.alt,
      status: 'READY',
      media_content_type: 'IMAGE',
      preview_image: { width: img.width, height: img.height, src: store.imageUrl(img.src), status: 'READY' },
      variant_ids: [],
      admin_graphql_api_id: img.mediaId,
    })),
    variant_gids: variants.map((v) => ({ admin_graphql_api_id: v.id, updated_at: ts(store, v.updatedAt) })),
    has_variants_that_requires_components: false,
    category: null,
  };
}

export function inventoryLevelPayload(store: ShopifyStore, level: InventoryLevelRecord): Record<string, unknown> {
  return {
    inventory_item_id: restId(level.inventoryItemId),
    location_id: restId(level.locationId),
    available: level.available,
    updated_at: ts(store, level.updatedAt),
    admin_graphql_api_id: level.id,
  };
}

function lineItemPayload(store: ShopifyStore, order: OrderRecord, li: LineItemRecord, quantity = li.quantity): Record<string, unknown> {
  const product = li.productId ? store.products.get(li.productId) : undefined;
  return {
    id: restId(li.id),
    admin_graphql_api_id: li.id,
    variant_id: li.variantId ? restId(li.variantId) : null,
    product_id: li.productId ? restId(li.productId) : null,
    title: li.title,
    name: li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title,
    variant_title: li.variantTitle,
    vendor: product?.vendor ?? null,
    sku: li.sku,
    quantity,
    current_quantity: li.quantity,
    fulfillable_quantity: Math.max(0, li.quantity - li.fulfilledQuantity),
    fulfillment_status: li.fulfilledQuantity >= li.quantity ? 'fulfilled' : li.fulfilledQuantity > 0 ? 'partial' : null,
    fulfillment_service: 'manual',
    variant_inventory_management: li.variantId ? 'shopify' : null,
    requires_shipping: li.requiresShipping,
    taxable: li.taxable,
    gift_card: false,
    product_exists: !!product,
    grams: 0,
    properties: [],
    price: money(li.unitPrice),
    price_set: moneySet(li.unitPrice, order.currencyCode, li.presentmentUnitPrice, order.presentmentCurrencyCode),
    total_discount: '0.00',
    total_discount_set: moneySet(0, order.currencyCode, 0, order.presentmentCurrencyCode),
    discount_allocations: [],
    duties: [],
    tax_lines: [],
  };
}

export function fulfillmentPayload(store: ShopifyStore, f: FulfillmentRecord): Record<string, unknown> {
  const order = store.orders.get(f.orderId) as OrderRecord;
  const first = f.trackingInfo[0];
  return {
    id: restId(f.id),
    admin_graphql_api_id: f.id,
    order_id: restId(order.id),
    status: 'success',
    created_at: ts(store, f.createdAt),
    updated_at: ts(store, f.updatedAt),
    service: 'manual',
    location_id: restId(f.locationId),
    shipment_status: null,
    origin_address: null,
    email: order.email,
    destination: null,
    name: f.name,
    tracking_company: first?.company ?? null,
    tracking_number: first?.number ?? null,
    tracking_numbers: f.trackingInfo.map((t) => t.number).filter((n): n is string => !!n),
    tracking_url: first?.url ?? null,
    tracking_urls: f.trackingInfo.map((t) => t.url).filter((u): u is string => !!u),
    receipt: {},
    line_items: f.lineItems.map((fl) => lineItemPayload(store, order, order.lineItems.find((l) => l.id === fl.lineItemId) as LineItemRecord, fl.quantity)),
  };
}

export function orderPayload(store: ShopifyStore, o: OrderRecord): Record<string, unknown> {
  const totals = store.orderTotals(o);
  const status = store.fulfillmentStatus(o);
  return {
    id: restId(o.id),
    admin_graphql_api_id: o.id,
    name: o.name,
    order_number: o.number,
    number: o.number - 1000,
    email: o.email,
    contact_email: o.email,
    phone: o.phone,
    created_at: ts(store, o.createdAt),
    updated_at: ts(store, o.updatedAt),
    processed_at: ts(store, o.processedAt),
    closed_at: ts(store, o.closedAt),
    cancelled_at: ts(store, o.cancelledAt),
    cancel_reason: o.cancelReason ?? null,
    currency: o.currencyCode,
    presentment_currency: o.presentmentCurrencyCode,
    financial_status: o.financialStatus.toLowerCase(),
    fulfillment_status: status === 'FULFILLED' ? 'fulfilled' : status === 'PARTIALLY_FULFILLED' ? 'partial' : null,
    tags: o.tags.join(', '),
    note: o.note,
    note_attributes: o.customAttributes.map((a) => ({ name: a.key, value: a.value })),
    source_identifier: o.sourceIdentifier,
    source_name: o.sourceName,
    test: o.test,
    taxes_included: o.taxesIncluded,
    subtotal_price: money(totals.subtotal),
    subtotal_price_set: moneySet(totals.subtotal, o.currencyCode, totals.presentmentSubtotal, o.presentmentCurrencyCode),
    total_tax: money(o.taxTotal),
    total_tax_set: moneySet(o.taxTotal, o.currencyCode, o.presentmentTaxTotal, o.presentmentCurrencyCode),
    total_price: money(totals.total),
    total_price_set: moneySet(totals.total, o.currencyCode, totals.presentmentTotal, o.presentmentCurrencyCode),
    current_total_price: money(totals.total),
    line_items: o.lineItems.map((li) => lineItemPayload(store, o, li)),
    fulfillments: o.fulfillmentIds.map((id) => {
      const f = store.fulfillments.get(id) as FulfillmentRecord;
      const { email: _email, ...rest } = fulfillmentPayload(store, f);
      return rest;
    }),
    shipping_lines: [],
    refunds: [],
  };
}
