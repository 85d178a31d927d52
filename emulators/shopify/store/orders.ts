// Orders and fulfilments: orderCreate (prices, totals, an optional inventory claim) and
// fulfillmentCreate (releasing claimed units), with the orders/create, fulfillments/create and
// orders/fulfilled webhooks; and the control API's order views and fulfil action.
import { type CurrencyCode } from '../../../db/seed/catalog';
import { type ControlRoute, ControlError, ControlInputError, Flash, optString } from '../../kit/control';
import { gqlDateTime, legacyId } from '../ids';
import { fulfillmentPayload, orderPayload } from '../payloads';
import { type ShopifyStore } from './core';
import { levelChanged } from './inventory';
import {
  type FinancialStatus,
  type FulfillmentOrderLineRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type InventoryBehaviour,
  type LineItemRecord,
  type OrderRecord,
  SHOP_CURRENCY,
  StoreError,
  type UserError,
  type VariantRecord,
} from './records';

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

export function createOrder(
  s: ShopifyStore,
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
      variant = s.variants.get(li.variantId) ?? null;
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
        const variant = s.variantForItem(itemId) as VariantRecord;
        const level = s.levels.get(itemId);
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

  const at = s.now();
  const number = s.nextOrderNumber();
  const id = s.nextId('Order', 6_100_000_000_000);
  const lineItems: LineItemRecord[] = planned.map((p) => ({
    __typename: 'LineItem',
    id: s.nextId('LineItem', 14_100_000_000_000),
    orderId: id,
    variantId: p.variant?.id ?? null,
    productId: p.variant?.productId ?? null,
    sku: p.input.sku ?? p.variant?.sku ?? null,
    title: p.input.title ?? (p.variant ? (s.products.get(p.variant.productId)?.title ?? '') : ''),
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
    name: order.name ?? `#${number}`,
    number,
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
    id: s.nextId('FulfillmentOrder', 7_100_000_000_000),
    orderId: id,
    status: 'OPEN',
    locationId: s.location.id,
    lineItems: lineItems
      .filter((li) => li.requiresShipping)
      .map((li) => ({ id: s.nextId('FulfillmentOrderLineItem', 15_100_000_000_000), lineItemId: li.id, totalQuantity: li.quantity, remainingQuantity: li.quantity })),
    createdAt: at,
    updatedAt: at,
  };
  if (fo.lineItems.length) {
    s.fulfillmentOrders.set(fo.id, fo);
    record.fulfillmentOrderIds.push(fo.id);
  }
  s.orders.set(id, record);
  s.createdWallClock.set(record, Date.now());
  s.emit('orders/create', orderPayload(s, record), at);
  for (const [itemId, qty] of claim) {
    const level = s.levels.get(itemId);
    if (!level) continue;
    level.available -= qty;
    level.committed += qty;
    levelChanged(s, level, at);
  }
  return { order: record, userErrors: [] };
}

/**
 * Fulfil line items of fulfillment orders (fulfillmentCreate), or everything that remains on an
 * order (control API). Claimed units leave `committed` (and so on_hand).
 */
export function createFulfillment(s: ShopifyStore, input: {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] | null }[];
  trackingInfo?: { company?: string | null; number?: string | null; numbers?: string[] | null; url?: string | null; urls?: string[] | null } | null;
}): { fulfillment: FulfillmentRecord | null; userErrors: UserError[] } {
  const userErrors: UserError[] = [];
  if (input.lineItemsByFulfillmentOrder.length === 0) return { fulfillment: null, userErrors: [{ field: ['fulfillment', 'lineItemsByFulfillmentOrder'], message: 'At least one fulfillment order is required.', code: null }] };
  const planned: { fo: FulfillmentOrderRecord; line: FulfillmentOrderLineRecord; quantity: number }[] = [];
  let orderId: string | null = null;
  input.lineItemsByFulfillmentOrder.forEach((group, gi) => {
    const fo = s.fulfillmentOrders.get(group.fulfillmentOrderId);
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
  const order = s.orders.get(orderId as unknown as string) as OrderRecord;
  const at = s.now();
  const t = input.trackingInfo;
  const numbers = t?.numbers?.length ? t.numbers : t?.number ? [t.number] : [];
  const urls = t?.urls?.length ? t.urls : t?.url ? [t.url] : [];
  const fulfillment: FulfillmentRecord = {
    __typename: 'Fulfillment',
    id: s.nextId('Fulfillment', 5_300_000_000_000),
    orderId: order.id,
    name: `${order.name}.${order.fulfillmentIds.length + 1}`,
    status: 'SUCCESS',
    locationId: s.location.id,
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
    fulfillment.lineItems.push({ id: s.nextId('FulfillmentLineItem', 16_100_000_000_000), lineItemId: li.id, quantity });
    if (li.claimed && li.variantId) {
      const v = s.variants.get(li.variantId);
      if (v) released.set(v.inventoryItemId, (released.get(v.inventoryItemId) ?? 0) + quantity);
    }
  }
  for (const [itemId, qty] of released) {
    const level = s.levels.get(itemId);
    if (level) {
      level.committed = Math.max(0, level.committed - qty);
      level.updatedAt = at;
    }
  }
  s.fulfillments.set(fulfillment.id, fulfillment);
  order.fulfillmentIds.push(fulfillment.id);
  order.updatedAt = at;
  const fullyFulfilled = s.fulfillmentStatus(order) === 'FULFILLED';
  if (fullyFulfilled) order.closedAt = at;
  s.emit('fulfillments/create', fulfillmentPayload(s, fulfillment), at);
  if (fullyFulfilled) s.emit('orders/fulfilled', orderPayload(s, order), at);
  return { fulfillment, userErrors: [] };
}

// ---------------------------------------------------------------------------------------------
// Control API: orders as the emulator shows them, and fulfilling one "in Shopify"

export interface OrderSummary {
  id: string;
  name: string;
  source_identifier: string | null;
  tags: string[];
  financial_status: string;
  fulfillment_status: string;
  line_items: { sku: string | null; quantity: number; fulfilled: number }[];
  fulfillment_order_ids: string[];
  fulfillment_ids: string[];
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
}

export function orderSummary(s: ShopifyStore, o: OrderRecord): OrderSummary {
  return {
    id: o.id,
    name: o.name,
    source_identifier: o.sourceIdentifier,
    tags: o.tags,
    financial_status: o.financialStatus,
    fulfillment_status: s.fulfillmentStatus(o),
    line_items: o.lineItems.map((l) => ({ sku: l.sku, quantity: l.quantity, fulfilled: l.fulfilledQuantity })),
    fulfillment_order_ids: o.fulfillmentOrderIds,
    fulfillment_ids: o.fulfillmentIds,
    cancelled_at: o.cancelledAt === null ? null : gqlDateTime(o.cancelledAt, s.opts.precision),
    created_at: gqlDateTime(o.createdAt, s.opts.precision),
    updated_at: gqlDateTime(o.updatedAt, s.opts.precision),
  };
}

export const orderSummaries = (s: ShopifyStore) => [...s.orders.values()].map((o) => orderSummary(s, o));

export function findOrderSummary(s: ShopifyStore, ref: string): OrderSummary | null {
  const o = s.findOrder(ref);
  return o ? orderSummary(s, o) : null;
}

/** Fulfil everything that remains on an order; sends fulfillments/create and orders/fulfilled. */
export function fulfillOrder(s: ShopifyStore, ref: string, tracking: { number?: string; company?: string; url?: string } = {}): { fulfillment_id: string; order: OrderSummary } {
  const order = s.findOrder(ref);
  if (!order) throw new StoreError(`No order ${ref}`);
  const open = order.fulfillmentOrderIds.filter((id) => s.fulfillmentOrders.get(id)?.status !== 'CLOSED');
  if (open.length === 0) throw new ControlInputError(`Order ${order.name} has nothing left to fulfil`);
  const r = createFulfillment(s, {
    lineItemsByFulfillmentOrder: open.map((fulfillmentOrderId) => ({ fulfillmentOrderId })),
    trackingInfo: tracking.number || tracking.company || tracking.url ? { number: tracking.number ?? null, company: tracking.company ?? null, url: tracking.url ?? null } : null,
  });
  if (!r.fulfillment) throw new ControlInputError(r.userErrors.map((e) => e.message).join('; '));
  return { fulfillment_id: r.fulfillment.id, order: orderSummary(s, order) };
}

export function orderControlRoutes(s: ShopifyStore): ControlRoute[] {
  return [
    { method: 'GET', path: '/_emulator/orders', handle: () => ({ orders: orderSummaries(s) }) },
    {
      method: 'GET',
      path: /^\/_emulator\/orders\/(.+)$/,
      handle: ({ match }) => {
        const o = findOrderSummary(s, decodeURIComponent(match[1]));
        if (!o) throw new ControlError(`No order ${decodeURIComponent(match[1])}`, 404);
        return o;
      },
    },
    {
      method: 'POST',
      path: /^\/_emulator\/orders\/(.+)\/fulfill$/,
      handle: async ({ match, body }) => {
        const b = await body();
        const r = fulfillOrder(s, decodeURIComponent(match[1]), { number: optString(b.tracking_number), company: optString(b.tracking_company), url: optString(b.tracking_url) });
        return new Flash(r, `${r.order.name} fulfilled; fulfillments/create and orders/fulfilled sent.`);
      },
    },
  ];
}

export type OrderCancelUserError = { field: string[] | null; message: string; code: 'INVALID' | 'NOT_FOUND' | 'NO_REFUND_PERMISSION' | null };
const CANCEL_REASONS = ['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'OTHER', 'STAFF'];

/**
 * orderCancel (Admin GraphQL 2024-10+): cancels an open order. Shopify runs it as a job; here it is
 * done at once and the job answered `done: true`. `restock` returns the unfulfilled claimed units
 * to `available` (inventory_levels/update). A fulfilled line cannot be cancelled (cancel the
 * fulfilment first); a cancelled order cannot be cancelled again. Emits `orders/cancelled`.
 */
export function cancelOrder(
  s: ShopifyStore,
  input: { orderId: string; reason: string; restock: boolean; staffNote?: string | null },
): { job: { __typename: 'Job'; id: string; done: boolean } | null; orderCancelUserErrors: OrderCancelUserError[] } {
  const order = s.orders.get(input.orderId);
  if (!order) return { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Order does not exist', code: 'NOT_FOUND' }] };
  if (!CANCEL_REASONS.includes(input.reason)) return { job: null, orderCancelUserErrors: [{ field: ['reason'], message: 'Reason is invalid', code: 'INVALID' }] };
  if (order.cancelledAt !== null) return { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Order has already been cancelled', code: 'INVALID' }] };
  if (order.lineItems.some((l) => l.fulfilledQuantity > 0)) {
    return { job: null, orderCancelUserErrors: [{ field: ['orderId'], message: 'Cannot cancel an order with fulfilled line items', code: 'INVALID' }] };
  }
  const at = s.now();
  order.cancelledAt = at;
  order.cancelReason = input.reason.toLowerCase();
  order.closedAt = at;
  order.updatedAt = at;
  for (const id of order.fulfillmentOrderIds) {
    const fo = s.fulfillmentOrders.get(id);
    if (fo) {
      fo.status = 'CANCELLED';
      fo.updatedAt = at;
    }
  }
  if (input.restock) {
    const back = new Map<string, number>();
    for (const li of order.lineItems) {
      if (!li.claimed || !li.variantId) continue;
      const v = s.variants.get(li.variantId);
      if (v) back.set(v.inventoryItemId, (back.get(v.inventoryItemId) ?? 0) + li.quantity - li.fulfilledQuantity);
    }
    for (const [itemId, qty] of back) {
      const level = s.levels.get(itemId);
      if (!level || qty <= 0) continue;
      level.available += qty;
      level.committed = Math.max(0, level.committed - qty);
      levelChanged(s, level, at);
    }
  }
  s.emit('orders/cancelled', orderPayload(s, order), at);
  return { job: { __typename: 'Job', id: s.nextId('Job', 9_100_000_000_000), done: true }, orderCancelUserErrors: [] };
}
