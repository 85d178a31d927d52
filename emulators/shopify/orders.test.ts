import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiVersion, GraphqlQueryError, HttpInternalError } from '@shopify/shopify-api';
import { catalogProducts } from '../../db/seed/catalog';
import { decimal } from './ids';
import { createEmulatorShopify, type EmulatorShopify } from './sdk-test-client';
import { type ShopifyEmulator, startShopifyEmulator } from './server';
import { setUpShopifySuite } from './test-helpers';

const ORDER_CREATE = /* GraphQL */ `
  mutation OrderCreate($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
    orderCreate(order: $order, options: $options) {
      order {
        id
        name
        tags
        sourceIdentifier
        sourceName
        customAttributes { key value }
        displayFinancialStatus
        displayFulfillmentStatus
        presentmentCurrencyCode
        lineItems(first: 10) { nodes { id sku quantity variant { id } originalUnitPriceSet { presentmentMoney { amount currencyCode } } } }
        totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
      }
      userErrors { field message code }
    }
  }
`;

const FIND_ORDER = /* GraphQL */ `
  query FindOrder($query: String!) {
    orders(first: 1, query: $query) { nodes { id name sourceIdentifier tags displayFulfillmentStatus } }
  }
`;

interface OrderCreateResult {
  orderCreate: {
    order: {
      id: string;
      name: string;
      tags: string[];
      sourceIdentifier: string;
      sourceName: string;
      customAttributes: { key: string; value: string }[];
      displayFinancialStatus: string;
      displayFulfillmentStatus: string;
      presentmentCurrencyCode: string;
      lineItems: { nodes: { id: string; sku: string; quantity: number; variant: { id: string }; originalUnitPriceSet: { presentmentMoney: { amount: string; currencyCode: string } } }[] };
      totalPriceSet: { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string; currencyCode: string } };
    } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  };
}
interface FindOrderResult {
  orders: { nodes: { id: string; name: string; sourceIdentifier: string; tags: string[]; displayFulfillmentStatus: string }[] };
}

/** The DotShop convention: the order id as sourceIdentifier and as the tag `dotshop-order-<id>`. */
const dotshopOrder = (orderId: string, lines: { variantId: string; quantity: number }[], extra: Record<string, unknown> = {}) => ({
  order: {
    lineItems: lines,
    tags: [`dotshop-order-${orderId}`],
    sourceIdentifier: orderId,
    sourceName: 'dotshop',
    customAttributes: [{ key: 'dotshop_order_id', value: orderId }],
    email: 'shopper@example.com',
    financialStatus: 'AUTHORIZED',
    ...extra,
  },
  options: { inventoryBehaviour: 'DECREMENT_OBEYING_POLICY' },
});

const seedVariant = (sku: string) => catalogProducts.flatMap((p) => p.variants).find((v) => v.sku === sku)!;

describe('orders', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  setUpShopifySuite((s) => ({ emu, sdk } = s));

  async function findByDotshopId(orderId: string) {
    const res = await sdk.client.request<FindOrderResult>(FIND_ORDER, { variables: { query: `tag:'dotshop-order-${orderId}'` } });
    return res.data!.orders.nodes;
  }

  it('orderCreate (DECREMENT_OBEYING_POLICY) claims stock: available down, committed up, inventory_levels/update recorded', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-XS-INK');
    const before = emu.stock(v.sku);
    expect(before).toMatchObject({ available: v.inventoryQuantity, committed: 0 });
    const orderId = randomUUID();
    const res = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: dotshopOrder(orderId, [{ variantId: v.shopifyId, quantity: 2 }]) });
    const { order, userErrors } = res.data!.orderCreate;
    expect(userErrors).toEqual([]);
    expect(order).toMatchObject({
      name: '#1001',
      tags: [`dotshop-order-${orderId}`],
      sourceIdentifier: orderId,
      sourceName: 'dotshop',
      customAttributes: [{ key: 'dotshop_order_id', value: orderId }],
      displayFinancialStatus: 'AUTHORIZED',
      displayFulfillmentStatus: 'UNFULFILLED',
      lineItems: { nodes: [{ sku: v.sku, quantity: 2, variant: { id: v.shopifyId } }] },
      totalPriceSet: { shopMoney: { amount: decimal(v.price.USD * 2), currencyCode: 'USD' } },
    });
    expect(order!.id).toMatch(/^gid:\/\/shopify\/Order\/\d+$/);
    expect(emu.stock(v.sku)).toMatchObject({ available: before.available - 2, committed: 2, on_hand: before.available });
    const events = emu.webhookEvents();
    expect(events.map((e) => e.topic)).toEqual(['orders/create', 'inventory_levels/update']);
    expect(events[1].payload).toMatchObject({ available: before.available - 2, inventory_item_id: Number(v.inventoryItemId.split('/').pop()) });
  });

  it('the default inventoryBehaviour is BYPASS, as on Shopify: nothing is claimed', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-M-ECRU');
    const before = emu.stock(v.sku).available;
    const vars = dotshopOrder(randomUUID(), [{ variantId: v.shopifyId, quantity: 1 }]);
    const res = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: { order: vars.order } });
    expect(res.data!.orderCreate.userErrors).toEqual([]);
    expect(emu.stock(v.sku).available).toBe(before);
  });

  it('a push job checks by DotShop order id before creating: a duplicate lookup finds the existing order', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-S-INK');
    const orderId = randomUUID();
    const push = async () => {
      const existing = await findByDotshopId(orderId);
      if (existing.length) return { created: false, id: existing[0].id };
      const res = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: dotshopOrder(orderId, [{ variantId: v.shopifyId, quantity: 1 }]) });
      return { created: true, id: res.data!.orderCreate.order!.id };
    };
    const first = await push();
    const second = await push();
    expect(first.created).toBe(true);
    expect(second).toEqual({ created: false, id: first.id });
    expect(emu.orders()).toHaveLength(1);
    expect(emu.findOrder(orderId)?.id).toBe(first.id);
    // Other DotShop orders are not matched.
    expect(await findByDotshopId(randomUUID())).toEqual([]);
  });

  it('"Shopify did it, the app never heard": a 500 after orderCreate ran; the retry finds the order instead of creating another', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-L-INK');
    const orderId = randomUUID();
    emu.setFaults({ failNext: 1, status: 500, phase: 'after', operation: 'orderCreate' });
    const err = await sdk.client.request(ORDER_CREATE, { variables: dotshopOrder(orderId, [{ variantId: v.shopifyId, quantity: 1 }]) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpInternalError);
    expect(emu.orders()).toHaveLength(1);
    const found = await findByDotshopId(orderId);
    expect(found).toHaveLength(1);
    expect(found[0].sourceIdentifier).toBe(orderId);
  });

  it('Shopify search lags writes (searchLagMs): a lookup right after create can miss the order', async () => {
    const lagging = await startShopifyEmulator({ port: 0, searchLagMs: 300, shopDomain: 'dotshop-lag.myshopify.com' });
    try {
      const client = createEmulatorShopify(lagging).client;
      const orderId = randomUUID();
      await client.request(ORDER_CREATE, { variables: dotshopOrder(orderId, [{ variantId: seedVariant('FA-LINEN-SHIRT-M-INK').shopifyId, quantity: 1 }]) });
      const q = { variables: { query: `tag:'dotshop-order-${orderId}'` } };
      expect((await client.request<FindOrderResult>(FIND_ORDER, q)).data!.orders.nodes).toHaveLength(0);
      await new Promise((r) => setTimeout(r, 320));
      expect((await client.request<FindOrderResult>(FIND_ORDER, q)).data!.orders.nodes).toHaveLength(1);
    } finally {
      await lagging.close();
    }
  });

  it('userErrors: unknown variant, insufficient stock (INVENTORY_CLAIM_FAILED); nothing is created or claimed', async () => {
    const unknown = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: dotshopOrder(randomUUID(), [{ variantId: 'gid://shopify/ProductVariant/1', quantity: 1 }]) });
    expect(unknown.data!.orderCreate).toEqual({ order: null, userErrors: [{ field: ['order', 'lineItems', '0', 'variantId'], message: 'Product variant with id 1 does not exist', code: 'INVALID' }] });

    const soldOut = seedVariant('FA-LINEN-SHIRT-XS-ECRU'); // seeded at 0
    const two = seedVariant('FA-LINEN-SHIRT-XL-INK'); // seeded at 2
    const res = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, {
      variables: dotshopOrder(randomUUID(), [
        { variantId: two.shopifyId, quantity: 2 },
        { variantId: soldOut.shopifyId, quantity: 1 },
      ]),
    });
    expect(res.data!.orderCreate.order).toBeNull();
    expect(res.data!.orderCreate.userErrors).toEqual([expect.objectContaining({ code: 'INVENTORY_CLAIM_FAILED', message: expect.stringContaining(soldOut.sku) })]);
    expect(emu.stock(two.sku).available).toBe(2);
    expect(emu.orders()).toHaveLength(0);

    // DECREMENT_IGNORING_POLICY claims anyway (available goes negative).
    const ignoring = dotshopOrder(randomUUID(), [{ variantId: soldOut.shopifyId, quantity: 1 }]);
    const r2 = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: { ...ignoring, options: { inventoryBehaviour: 'DECREMENT_IGNORING_POLICY' } } });
    expect(r2.data!.orderCreate.userErrors).toEqual([]);
    expect(emu.stock(soldOut.sku)).toMatchObject({ available: -1, committed: 1 });
  });

  it('EUR presentment: prices from the euro market unless the app sends priceSet', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-M-INK');
    const res = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, {
      variables: dotshopOrder(randomUUID(), [{ variantId: v.shopifyId, quantity: 1 }], { presentmentCurrency: 'EUR' }),
    });
    expect(res.data!.orderCreate.order).toMatchObject({
      presentmentCurrencyCode: 'EUR',
      totalPriceSet: { shopMoney: { amount: decimal(v.price.USD), currencyCode: 'USD' }, presentmentMoney: { amount: decimal(v.price.EUR), currencyCode: 'EUR' } },
    });
  });

  it('@idempotent(key:) on orderCreate replays the first result; the same key with other arguments is refused', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-S-ECRU');
    const key = randomUUID();
    const m = ORDER_CREATE.replace('orderCreate(order: $order, options: $options)', 'orderCreate(order: $order, options: $options) @idempotent(key: $key)').replace(
      '$options: OrderCreateOptionsInput)',
      '$options: OrderCreateOptionsInput, $key: String!)',
    );
    const vars = { ...dotshopOrder(randomUUID(), [{ variantId: v.shopifyId, quantity: 1 }]), key };
    const a = await sdk.client.request<OrderCreateResult>(m, { variables: vars });
    const b = await sdk.client.request<OrderCreateResult>(m, { variables: vars });
    expect(b.data!.orderCreate.order!.id).toBe(a.data!.orderCreate.order!.id);
    expect(emu.orders()).toHaveLength(1);
    expect(emu.stock(v.sku).committed).toBe(1);
    const c = await sdk.client.request<OrderCreateResult>(m, { variables: { ...vars, order: { ...vars.order, note: 'different' } } });
    expect(c.data!.orderCreate).toEqual({ order: null, userErrors: [{ field: null, message: 'The same idempotency key cannot be used with different operation parameters.', code: 'INVALID' }] });
  });
});

const ADJUST = /* GraphQL */ `
  mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
    inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        id
        createdAt
        reason
        referenceDocumentUri
        changes(quantityNames: ["available"]) { name delta quantityAfterChange item { id sku } location { id name } }
      }
      userErrors { field message code }
    }
  }
`;
interface AdjustResult {
  inventoryAdjustQuantities: {
    inventoryAdjustmentGroup: { id: string; reason: string; referenceDocumentUri: string | null; changes: { name: string; delta: number; quantityAfterChange: number; item: { id: string; sku: string }; location: { id: string } }[] } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  };
}

describe('inventoryAdjustQuantities', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  // API 2026-04: @idempotent and changeFromQuantity are mandatory
  setUpShopifySuite((s) => ({ emu, sdk } = s));

  const change = (sku: string, delta: number, changeFromQuantity: number | null) => ({ delta, inventoryItemId: seedVariant(sku).inventoryItemId, locationId: emu.locationId, changeFromQuantity });

  it('adjusts available by a delta with a reason, compare-and-swap, and replays on a retried key', async () => {
    const v = catalogProducts.flatMap((p) => p.variants).find((x) => x.sku.startsWith('BE-'))!;
    const start = emu.stock(v.sku).available;
    const key = randomUUID();
    const input = { name: 'available', reason: 'correction', referenceDocumentUri: 'dotshop://reconciliation/42', changes: [change(v.sku, -3, start)] };
    const res = await sdk.client.request<AdjustResult>(ADJUST, { variables: { input, key } });
    expect(res.data!.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(res.data!.inventoryAdjustQuantities.inventoryAdjustmentGroup).toMatchObject({
      reason: 'correction',
      referenceDocumentUri: 'dotshop://reconciliation/42',
      changes: [{ name: 'available', delta: -3, quantityAfterChange: start - 3, item: { id: v.inventoryItemId, sku: v.sku }, location: { id: emu.locationId } }],
    });
    expect(emu.stock(v.sku).available).toBe(start - 3);
    expect(emu.webhookEvents().map((e) => [e.topic, e.payload.available])).toEqual([['inventory_levels/update', start - 3]]);

    // A retry of the same request with the same key is not applied twice.
    const again = await sdk.client.request<AdjustResult>(ADJUST, { variables: { input, key } });
    expect(again.data!.inventoryAdjustQuantities.inventoryAdjustmentGroup!.id).toBe(res.data!.inventoryAdjustQuantities.inventoryAdjustmentGroup!.id);
    expect(emu.stock(v.sku).available).toBe(start - 3);

    // The same key with other arguments is refused.
    const mismatch = await sdk.client.request<AdjustResult>(ADJUST, { variables: { input: { ...input, changes: [change(v.sku, -1, null)] }, key } });
    expect(mismatch.data!.inventoryAdjustQuantities.userErrors[0].code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');

    // A stale changeFromQuantity is refused; null opts out of the check.
    const stale = await sdk.client.request<AdjustResult>(ADJUST, { variables: { input: { ...input, changes: [change(v.sku, 5, start)] }, key: randomUUID() } });
    expect(stale.data!.inventoryAdjustQuantities).toMatchObject({ inventoryAdjustmentGroup: null, userErrors: [{ code: 'CHANGE_FROM_QUANTITY_STALE', field: ['input', 'changes', '0', 'changeFromQuantity'] }] });
    const optOut = await sdk.client.request<AdjustResult>(ADJUST, { variables: { input: { ...input, changes: [change(v.sku, 5, null)] }, key: randomUUID() } });
    expect(optOut.data!.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(emu.stock(v.sku).available).toBe(start + 2);
  });

  it('validates reason, name, item and location; nothing is applied when any change is invalid', async () => {
    const sku = 'FA-LINEN-SHIRT-M-ECRU';
    const start = emu.stock(sku).available;
    const res = await sdk.client.request<AdjustResult>(ADJUST, {
      variables: {
        key: randomUUID(),
        input: { name: 'available', reason: 'because', changes: [change(sku, 1, null), { delta: 1, inventoryItemId: 'gid://shopify/InventoryItem/1', locationId: emu.locationId, changeFromQuantity: null }] },
      },
    });
    expect(res.data!.inventoryAdjustQuantities.userErrors.map((e) => e.code)).toEqual(['INVALID_REASON', 'INVALID_INVENTORY_ITEM']);
    const badLocation = await sdk.client.request<AdjustResult>(ADJUST, {
      variables: { key: randomUUID(), input: { name: 'available', reason: 'correction', changes: [{ ...change(sku, 1, null), locationId: 'gid://shopify/Location/1' }] } },
    });
    expect(badLocation.data!.inventoryAdjustQuantities.userErrors.map((e) => e.code)).toEqual(['INVALID_LOCATION']);
    expect(emu.stock(sku).available).toBe(start);
  });

  it('API 2026-04 rules: the @idempotent directive and changeFromQuantity are required; 2026-01 accepts neither', async () => {
    const sku = 'FA-LINEN-SHIRT-M-ECRU';
    const noDirective = ADJUST.replace(' @idempotent(key: $key)', '').replace(', $key: String!', '');
    const err = await sdk.client.request(noDirective, { variables: { input: { name: 'available', reason: 'correction', changes: [change(sku, 1, null)] } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphqlQueryError);
    expect((err as GraphqlQueryError).message).toContain('The @idempotent directive is required for inventoryAdjustQuantities');

    const { changeFromQuantity: _omit, ...withoutCas } = change(sku, 1, null);
    const missing = await sdk.client.request<AdjustResult>(ADJUST, { variables: { key: randomUUID(), input: { name: 'available', reason: 'correction', changes: [withoutCas] } } });
    expect(missing.data!.inventoryAdjustQuantities.userErrors).toEqual([
      { field: ['input', 'changes', '0', 'changeFromQuantity'], message: expect.stringContaining('changeFromQuantity is required'), code: null },
    ]);

    const older = createEmulatorShopify(emu, { apiVersion: ApiVersion.January26 });
    const start = emu.stock(sku).available;
    const ok = await older.client.request<AdjustResult>(noDirective, { variables: { input: { name: 'available', reason: 'received', changes: [withoutCas] } } });
    expect(ok.data!.inventoryAdjustQuantities.userErrors).toEqual([]);
    expect(emu.stock(sku).available).toBe(start + 1);
  });
});

describe('productUpdate / productVariantsBulkUpdate / fulfillmentCreate', () => {
  let emu: ShopifyEmulator;
  let sdk: EmulatorShopify;
  setUpShopifySuite((s) => ({ emu, sdk } = s));

  it('productVariantsBulkUpdate changes prices, bumps updatedAt and records products/update', async () => {
    const p = catalogProducts[0];
    const res = await sdk.client.request<{
      productVariantsBulkUpdate: { product: { updatedAt: string }; productVariants: { id: string; price: string; compareAtPrice: string | null; updatedAt: string }[]; userErrors: unknown[] };
    }>(
      `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
        productVariantsBulkUpdate(productId: $productId, variants: $variants) {
          product { updatedAt }
          productVariants { id price compareAtPrice updatedAt }
          userErrors { field message code }
        }
      }`,
      { variables: { productId: p.shopifyId, variants: [{ id: p.variants[0].shopifyId, price: '140.00', compareAtPrice: '160.00' }] } },
    );
    const r = res.data!.productVariantsBulkUpdate;
    expect(r.userErrors).toEqual([]);
    expect(r.productVariants).toEqual([{ id: p.variants[0].shopifyId, price: '140.00', compareAtPrice: '160.00', updatedAt: expect.any(String) }]);
    expect(Date.parse(r.product.updatedAt)).toBeGreaterThan(Date.parse('2026-01-05T09:00:00Z'));
    const [event] = emu.webhookEvents();
    expect(event.topic).toBe('products/update');
    expect((event.payload.variants as { id: number; price: string; compare_at_price: string }[])[0]).toMatchObject({ price: '140.00', compare_at_price: '160.00' });

    const bad = await sdk.client.request<{ productVariantsBulkUpdate: { productVariants: unknown; userErrors: { code: string }[] } }>(
      `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id } userErrors { field message code } } }`,
      { variables: { productId: p.shopifyId, variants: [{ id: p.variants[1].shopifyId, price: '-1.00' }, { id: catalogProducts[1].variants[0].shopifyId, price: '1.00' }] } },
    );
    expect(bad.data!.productVariantsBulkUpdate.userErrors.map((e) => e.code)).toEqual(['GREATER_THAN_OR_EQUAL_TO', 'MUST_BE_FOR_THIS_PRODUCT']);
    expect(emu.stock(p.variants[1].sku)).toBeTruthy();
  });

  it('productUpdate changes product fields and records products/update', async () => {
    const p = catalogProducts[2];
    const res = await sdk.client.request<{ productUpdate: { product: { title: string; tags: string[]; description: string }; userErrors: unknown[] } }>(
      `mutation($product: ProductUpdateInput!) { productUpdate(product: $product) { product { title tags description } userErrors { field message } } }`,
      { variables: { product: { id: p.shopifyId, title: 'Renamed', tags: ['a', 'b'], descriptionHtml: '<p>New <b>copy</b></p>' } } },
    );
    expect(res.data!.productUpdate).toEqual({ product: { title: 'Renamed', tags: ['a', 'b'], description: 'New copy' }, userErrors: [] });
    expect(emu.webhookEvents()[0].payload).toMatchObject({ title: 'Renamed', tags: 'a, b', body_html: '<p>New <b>copy</b></p>' });
  });

  it('fulfillmentCreate fulfils fulfillment order lines: committed stock leaves, the order becomes (partially) fulfilled', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-M-INK');
    const start = emu.stock(v.sku);
    const created = await sdk.client.request<{ orderCreate: { order: { id: string; fulfillmentOrders: { nodes: { id: string; lineItems: { nodes: { id: string; remainingQuantity: number }[] } }[] } } } }>(
      `mutation($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) { orderCreate(order: $order, options: $options) { order { id fulfillmentOrders(first: 5) { nodes { id lineItems(first: 5) { nodes { id remainingQuantity } } } } } userErrors { message } } }`,
      { variables: dotshopOrder(randomUUID(), [{ variantId: v.shopifyId, quantity: 3 }]) },
    );
    const fo = created.data!.orderCreate.order.fulfillmentOrders.nodes[0];
    const FULFIL = `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id name status totalQuantity trackingInfo { company number url } order { displayFulfillmentStatus } } userErrors { field message } } }`;
    type FulfilResult = { fulfillmentCreate: { fulfillment: { name: string; status: string; totalQuantity: number; trackingInfo: unknown[]; order: { displayFulfillmentStatus: string } } | null; userErrors: unknown[] } };
    const partial = await sdk.client.request<FulfilResult>(FULFIL, {
      variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0].id, quantity: 1 }] }], trackingInfo: { company: 'UPS', number: '1Z999' } } },
    });
    expect(partial.data!.fulfillmentCreate.fulfillment).toMatchObject({ name: '#1001.1', status: 'SUCCESS', totalQuantity: 1, trackingInfo: [{ company: 'UPS', number: '1Z999', url: null }], order: { displayFulfillmentStatus: 'PARTIALLY_FULFILLED' } });
    expect(emu.stock(v.sku)).toMatchObject({ available: start.available - 3, committed: 2, on_hand: start.available - 1 });
    const rest = await sdk.client.request<FulfilResult>(FULFIL, { variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } } });
    expect(rest.data!.fulfillmentCreate.fulfillment).toMatchObject({ name: '#1001.2', totalQuantity: 2, order: { displayFulfillmentStatus: 'FULFILLED' } });
    expect(emu.stock(v.sku)).toMatchObject({ committed: 0, on_hand: start.available - 3 });
    const closed = await sdk.client.request<FulfilResult>(FULFIL, { variables: { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } } });
    expect(closed.data!.fulfillmentCreate).toEqual({ fulfillment: null, userErrors: [{ field: ['fulfillment', 'lineItemsByFulfillmentOrder', '0'], message: 'Fulfillment order is closed and cannot be fulfilled.' }] });
    expect(emu.webhookEvents().map((e) => e.topic)).toEqual(['orders/create', 'inventory_levels/update', 'fulfillments/create', 'fulfillments/create', 'orders/fulfilled']);
  });

  it('orderCancel (restock) cancels an open order, returns its claimed units and records orders/cancelled; a second cancel and a fulfilled order are refused', async () => {
    const v = seedVariant('FA-LINEN-SHIRT-L-INK');
    const start = emu.stock(v.sku);
    const created = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: dotshopOrder(randomUUID(), [{ variantId: v.shopifyId, quantity: 2 }]) });
    const id = created.data!.orderCreate.order!.id;
    expect(emu.stock(v.sku).available).toBe(start.available - 2);
    const CANCEL = `mutation($id: ID!) { orderCancel(orderId: $id, reason: STAFF, refund: false, restock: true, notifyCustomer: false) { job { id done } orderCancelUserErrors { field message code } } }`;
    type CancelResult = { orderCancel: { job: { id: string; done: boolean } | null; orderCancelUserErrors: { field: string[] | null; message: string; code: string | null }[] } };
    const res = await sdk.client.request<CancelResult>(CANCEL, { variables: { id } });
    expect(res.data!.orderCancel).toMatchObject({ job: { id: expect.stringMatching(/^gid:\/\/shopify\/Job\//), done: true }, orderCancelUserErrors: [] });
    expect(emu.stock(v.sku)).toMatchObject({ available: start.available, committed: 0 });
    const order = await sdk.client.request<{ order: { cancelledAt: string | null; cancelReason: string | null; closed: boolean } }>(`query($id: ID!) { order(id: $id) { cancelledAt cancelReason closed } }`, { variables: { id } });
    expect(order.data!.order).toMatchObject({ cancelledAt: expect.any(String), cancelReason: 'STAFF', closed: true });
    const again = await sdk.client.request<CancelResult>(CANCEL, { variables: { id } });
    expect(again.data!.orderCancel).toEqual({ job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' }] });
    expect(emu.webhookEvents().map((e) => e.topic)).toEqual(['orders/create', 'inventory_levels/update', 'inventory_levels/update', 'orders/cancelled']);

    const shipped = await sdk.client.request<OrderCreateResult>(ORDER_CREATE, { variables: dotshopOrder(randomUUID(), [{ variantId: v.shopifyId, quantity: 1 }]) });
    emu.fulfill(shipped.data!.orderCreate.order!.id);
    const refused = await sdk.client.request<CancelResult>(CANCEL, { variables: { id: shipped.data!.orderCreate.order!.id } });
    expect(refused.data!.orderCancel.orderCancelUserErrors).toEqual([{ field: ['orderId'], message: 'Cannot cancel an order with fulfilled line items', code: 'INVALID' }]);
  });
});
