// The shop's records as the store keeps them (camelCase, minor units, epoch ms), the webhook topics,
// and the small constants the resources share. Types and pure values only: every module of the
// store, the schema and the payloads depend on this file, and it depends on none of them.
import { type CurrencyCode } from '../../../db/seed/catalog';
import { type TimestampPrecision } from '../ids';

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
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED';
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
  /** OrderCancelReason, lower-cased as the REST/webhook payload shows it. */
  cancelReason?: string | null;
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
  'orders/cancelled',
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

export class StoreError extends Error {}
