// The Admin GraphQL subset the emulator serves, in SDL. Type, field, argument and enum names are
// Shopify's (2026-xx); a query that selects anything outside this subset fails validation with
// GraphQL's standard error, so a gap is loud rather than silently null.

const connection = (node: string, edge = `${node}Edge`) => `
type ${node}Connection {
  edges: [${edge}!]!
  nodes: [${node}!]!
  pageInfo: PageInfo!
}
type ${edge} {
  cursor: String!
  node: ${node}!
}
`;

const page = 'first: Int, after: String, last: Int, before: String, reverse: Boolean = false';

const COUNTRY_CODES =
  'AC AD AE AF AG AI AL AM AN AO AR AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MK ML MM MN MO MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PS PT PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VN VU WF WS XK YE YT ZA ZM ZW ZZ';

const CURRENCY_CODES =
  'AED AUD BGN BRL CAD CHF CLP CNY COP CZK DKK EUR GBP HKD HUF IDR ILS INR ISK JPY KRW MXN MYR NOK NZD PHP PLN RON SAR SEK SGD THB TRY TWD USD ZAR';

export const SCHEMA_SDL = /* GraphQL */ `
"""ISO 8601 date and time in UTC, e.g. 2026-01-05T09:00:00Z."""
scalar DateTime
"""A decimal money amount as a string, e.g. "128.00"."""
scalar Money
scalar Decimal
scalar URL
scalar HTML
scalar UnsignedInt64
scalar JSON

"""Makes a mutation idempotent: a retry with the same key and arguments returns the first result."""
directive @idempotent(key: String!) on FIELD

interface Node {
  id: ID!
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

enum CountryCode { ${COUNTRY_CODES} }
enum CurrencyCode { ${CURRENCY_CODES} }
enum CountPrecision { AT_LEAST EXACT }
type Count {
  count: Int!
  precision: CountPrecision!
}

type MoneyV2 {
  amount: Decimal!
  currencyCode: CurrencyCode!
}
type MoneyBag {
  shopMoney: MoneyV2!
  presentmentMoney: MoneyV2!
}
input MoneyInput {
  amount: Decimal!
  currencyCode: CurrencyCode!
}
input MoneyBagInput {
  shopMoney: MoneyInput!
  presentmentMoney: MoneyInput
}

type Domain {
  host: String!
  url: URL!
}
type Shop implements Node {
  id: ID!
  name: String!
  email: String!
  myshopifyDomain: String!
  primaryDomain: Domain!
  currencyCode: CurrencyCode!
  enabledPresentmentCurrencies: [CurrencyCode!]!
  ianaTimezone: String!
  timezoneAbbreviation: String!
}

type UserError {
  field: [String!]
  message: String!
}

# ------------------------------------------------------------------------------------------------
# Catalog

enum ProductStatus { ACTIVE ARCHIVED DRAFT UNLISTED }
enum ProductSortKeys { CREATED_AT ID INVENTORY_TOTAL PRODUCT_TYPE PUBLISHED_AT RELEVANCE TITLE UPDATED_AT VENDOR }
enum ProductVariantSortKeys { FULL_TITLE ID INVENTORY_LEVELS_AVAILABLE INVENTORY_MANAGEMENT INVENTORY_POLICY INVENTORY_QUANTITY NAME POPULAR POSITION RELEVANCE SKU TITLE }
enum ProductVariantInventoryPolicy { CONTINUE DENY }
enum MediaContentType { EXTERNAL_VIDEO IMAGE MODEL_3D VIDEO }
enum MediaStatus { FAILED PROCESSING READY UPLOADED }
enum MediaPreviewImageStatus { FAILED PROCESSING READY UPLOADED }
enum CropRegion { BOTTOM CENTER LEFT REGION RIGHT TOP }
enum ImageContentType { JPG PNG WEBP }

type SEO {
  title: String
  description: String
}

type Product implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  handle: String!
  description(truncateAt: Int): String!
  descriptionHtml: HTML!
  productType: String!
  vendor: String!
  tags: [String!]!
  status: ProductStatus!
  createdAt: DateTime!
  updatedAt: DateTime!
  publishedAt: DateTime
  templateSuffix: String
  isGiftCard: Boolean!
  onlineStoreUrl: URL
  seo: SEO!
  options(first: Int): [ProductOption!]!
  variants(${page}, sortKey: ProductVariantSortKeys = POSITION): ProductVariantConnection!
  variantsCount: Count
  images(${page}): ImageConnection! @deprecated(reason: "Use \`media\` instead.")
  media(${page}, query: String): MediaConnection!
  mediaCount: Count
  featuredMedia: Media
  featuredImage: Image @deprecated(reason: "Use \`featuredMedia\` instead.")
  collections(${page}, query: String): CollectionConnection!
  totalInventory: Int!
  tracksInventory: Boolean!
  hasOnlyDefaultVariant: Boolean!
  hasOutOfStockVariants: Boolean!
  priceRangeV2: ProductPriceRangeV2!
}

type ProductPriceRangeV2 {
  minVariantPrice: MoneyV2!
  maxVariantPrice: MoneyV2!
}

type ProductOptionValue {
  id: ID!
  name: String!
  hasVariants: Boolean!
}
type ProductOption implements Node {
  id: ID!
  name: String!
  position: Int!
  values: [String!]!
  optionValues: [ProductOptionValue!]!
}

type SelectedOption {
  name: String!
  value: String!
}

input ContextualPricingContext {
  country: CountryCode
  companyLocationId: ID
  locationId: ID
}
type ProductVariantContextualPricing {
  price: MoneyV2!
  compareAtPrice: MoneyV2
}

type ProductVariant implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  title: String!
  displayName: String!
  sku: String
  barcode: String
  position: Int!
  price: Money!
  compareAtPrice: Money
  taxable: Boolean!
  selectedOptions: [SelectedOption!]!
  inventoryItem: InventoryItem!
  inventoryQuantity: Int
  inventoryPolicy: ProductVariantInventoryPolicy!
  availableForSale: Boolean!
  sellableOnlineQuantity: Int!
  product: Product!
  contextualPricing(context: ContextualPricingContext!): ProductVariantContextualPricing!
  media(${page}): MediaConnection!
  createdAt: DateTime!
  updatedAt: DateTime!
}

input ImageTransformInput {
  crop: CropRegion
  maxWidth: Int
  maxHeight: Int
  scale: Int = 1
  preferredContentType: ImageContentType
}
type Image {
  id: ID
  altText: String
  url(transform: ImageTransformInput): URL!
  src: URL! @deprecated(reason: "Use \`url\` instead.")
  originalSrc: URL! @deprecated(reason: "Use \`url\` instead.")
  width: Int
  height: Int
}

type MediaPreviewImage {
  image: Image
  status: MediaPreviewImageStatus!
}
interface Media {
  id: ID!
  alt: String
  mediaContentType: MediaContentType!
  status: MediaStatus!
  preview: MediaPreviewImage
}
type MediaImage implements Media & Node {
  id: ID!
  alt: String
  mediaContentType: MediaContentType!
  status: MediaStatus!
  preview: MediaPreviewImage
  image: Image
  mimeType: String
  createdAt: DateTime!
  updatedAt: DateTime!
}

type Collection implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  handle: String!
  title: String!
  description(truncateAt: Int): String!
  descriptionHtml: HTML!
  updatedAt: DateTime!
  products(${page}, sortKey: ProductSortKeys = ID): ProductConnection!
  productsCount: Count
}

${connection('Product')}
${connection('ProductVariant')}
${connection('Image')}
${connection('Media')}
${connection('Collection')}

# ------------------------------------------------------------------------------------------------
# Inventory

type InventoryQuantity implements Node {
  id: ID!
  name: String!
  quantity: Int!
  updatedAt: DateTime
}

type InventoryItem implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  sku: String
  tracked: Boolean!
  requiresShipping: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  variant: ProductVariant!
  inventoryLevel(locationId: ID!): InventoryLevel
  inventoryLevels(${page}, query: String, includeInactive: Boolean = false): InventoryLevelConnection!
  locationsCount: Count
}

type InventoryLevel implements Node {
  id: ID!
  item: InventoryItem!
  location: Location!
  quantities(names: [String!]!): [InventoryQuantity!]!
  isActive: Boolean!
  canDeactivate: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
}

type LocationAddress {
  address1: String
  city: String
  countryCode: String
  zip: String
  formatted: [String!]!
}

type Location implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  isActive: Boolean!
  fulfillsOnlineOrders: Boolean!
  address: LocationAddress!
  inventoryLevel(inventoryItemId: ID!): InventoryLevel
  inventoryLevels(${page}, query: String): InventoryLevelConnection!
  createdAt: DateTime!
  updatedAt: DateTime!
}

type InventoryChange {
  name: String!
  delta: Int!
  quantityAfterChange: Int
  item: InventoryItem
  location: Location
  ledgerDocumentUri: URL
}

type InventoryAdjustmentGroup implements Node {
  id: ID!
  createdAt: DateTime!
  reason: String!
  referenceDocumentUri: String
  changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
}

${connection('InventoryItem')}
${connection('InventoryLevel')}
${connection('Location')}

# ------------------------------------------------------------------------------------------------
# Orders and fulfilment

enum OrderSortKeys { CREATED_AT CUSTOMER_NAME FINANCIAL_STATUS FULFILLMENT_STATUS ID ORDER_NUMBER PO_NUMBER PROCESSED_AT RELEVANCE TOTAL_ITEMS_QUANTITY TOTAL_PRICE UPDATED_AT }
enum OrderDisplayFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderDisplayFulfillmentStatus { FULFILLED IN_PROGRESS ON_HOLD OPEN PARTIALLY_FULFILLED PENDING_FULFILLMENT REQUEST_DECLINED RESTOCKED SCHEDULED UNFULFILLED }
enum FulfillmentStatus { CANCELLED ERROR FAILURE OPEN PENDING SUCCESS }
enum FulfillmentOrderStatus { CANCELLED CLOSED INCOMPLETE IN_PROGRESS ON_HOLD OPEN SCHEDULED }

type Attribute {
  key: String!
  value: String
}

type LineItem implements Node {
  id: ID!
  name: String!
  title: String!
  variantTitle: String
  sku: String
  vendor: String
  quantity: Int!
  currentQuantity: Int!
  unfulfilledQuantity: Int!
  requiresShipping: Boolean!
  taxable: Boolean!
  variant: ProductVariant
  product: Product
  originalUnitPriceSet: MoneyBag!
  originalTotalSet: MoneyBag!
  discountedUnitPriceSet: MoneyBag!
}

type FulfillmentTrackingInfo {
  company: String
  number: String
  url: URL
}

type FulfillmentLineItem implements Node {
  id: ID!
  quantity: Int
  lineItem: LineItem!
}

type Fulfillment implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  status: FulfillmentStatus!
  createdAt: DateTime!
  updatedAt: DateTime!
  order: Order!
  location: Location
  totalQuantity: Int!
  trackingInfo(first: Int): [FulfillmentTrackingInfo!]!
  fulfillmentLineItems(${page}): FulfillmentLineItemConnection!
}

type FulfillmentOrderAssignedLocation {
  name: String
  location: Location
}

type FulfillmentOrderLineItem implements Node {
  id: ID!
  totalQuantity: Int!
  remainingQuantity: Int!
  sku: String
  lineItem: LineItem!
  variant: ProductVariant
}

type FulfillmentOrder implements Node {
  id: ID!
  status: FulfillmentOrderStatus!
  createdAt: DateTime!
  updatedAt: DateTime!
  order: Order!
  assignedLocation: FulfillmentOrderAssignedLocation!
  lineItems(${page}): FulfillmentOrderLineItemConnection!
}

type Order implements Node {
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  email: String
  phone: String
  note: String
  tags: [String!]!
  sourceIdentifier: String
  sourceName: String
  customAttributes: [Attribute!]!
  currencyCode: CurrencyCode!
  presentmentCurrencyCode: CurrencyCode!
  displayFinancialStatus: OrderDisplayFinancialStatus
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  fullyPaid: Boolean!
  test: Boolean!
  taxesIncluded: Boolean!
  closed: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  processedAt: DateTime!
  closedAt: DateTime
  cancelledAt: DateTime
  cancelReason: OrderCancelReason
  lineItems(${page}): LineItemConnection!
  fulfillments(first: Int): [Fulfillment!]!
  fulfillmentOrders(${page}, query: String): FulfillmentOrderConnection!
  subtotalPriceSet: MoneyBag
  totalPriceSet: MoneyBag!
  currentTotalPriceSet: MoneyBag!
  totalTaxSet: MoneyBag
  totalShippingPriceSet: MoneyBag!
}

${connection('Order')}
${connection('LineItem')}
${connection('FulfillmentOrder')}
${connection('FulfillmentOrderLineItem')}
${connection('FulfillmentLineItem')}

# ------------------------------------------------------------------------------------------------
# Roots

input ProductIdentifierInput {
  id: ID
  handle: String
}

type Query {
  shop: Shop!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  product(id: ID!): Product
  productByHandle(handle: String!): Product @deprecated(reason: "Use \`productByIdentifier\` instead.")
  productByIdentifier(identifier: ProductIdentifierInput!): Product
  products(${page}, sortKey: ProductSortKeys = ID, query: String): ProductConnection!
  productsCount(query: String, limit: Int = 10000): Count
  productVariant(id: ID!): ProductVariant
  productVariants(${page}, sortKey: ProductVariantSortKeys = ID, query: String): ProductVariantConnection!
  productVariantsCount(query: String, limit: Int = 10000): Count
  collection(id: ID!): Collection
  collectionByHandle(handle: String!): Collection
  collections(${page}, query: String): CollectionConnection!
  inventoryItem(id: ID!): InventoryItem
  inventoryItems(${page}, query: String): InventoryItemConnection!
  inventoryLevel(id: ID!): InventoryLevel
  location(id: ID): Location
  locations(${page}, query: String, includeInactive: Boolean = false): LocationConnection!
  order(id: ID!): Order
  orders(${page}, sortKey: OrderSortKeys = PROCESSED_AT, query: String): OrderConnection!
  ordersCount(query: String, limit: Int = 10000): Count
  fulfillment(id: ID!): Fulfillment
  fulfillmentOrder(id: ID!): FulfillmentOrder
}

# orderCreate
enum OrderCreateFinancialStatus { AUTHORIZED EXPIRED PAID PARTIALLY_PAID PARTIALLY_REFUNDED PENDING REFUNDED VOIDED }
enum OrderCreateFulfillmentStatus { FULFILLED PARTIAL RESTOCKED }
enum OrderCreateInputsInventoryBehavior { BYPASS DECREMENT_IGNORING_POLICY DECREMENT_OBEYING_POLICY }
enum OrderTransactionKind { AUTHORIZATION CAPTURE CHANGE EMV_AUTHORIZATION REFUND SALE SUGGESTED_REFUND VOID }
enum OrderTransactionStatus { AWAITING_RESPONSE ERROR FAILURE PENDING SUCCESS UNKNOWN }
enum OrderCreateUserErrorCode { FULFILLMENT_SERVICE_INVALID INVALID INVENTORY_CLAIM_FAILED PROCESSED_AT_INVALID REDUNDANT_CUSTOMER_FIELDS SHOP_DORMANT TAX_LINE_RATE_MISSING }

input OrderCreateCustomAttributeInput {
  key: String!
  value: String!
}
input OrderCreateLineItemPropertyInput {
  name: String!
  value: String!
}
input OrderCreateTaxLineInput {
  title: String!
  rate: Decimal
  priceSet: MoneyBagInput
  channelLiable: Boolean = false
}
input OrderCreateLineItemInput {
  variantId: ID
  quantity: Int!
  title: String
  variantTitle: String
  sku: String
  vendor: String
  priceSet: MoneyBagInput
  requiresShipping: Boolean
  taxable: Boolean
  giftCard: Boolean = false
  fulfillmentService: String
  properties: [OrderCreateLineItemPropertyInput!]
  taxLines: [OrderCreateTaxLineInput!]
}
input OrderCreateShippingLineInput {
  title: String!
  code: String
  source: String
  priceSet: MoneyBagInput!
  taxLines: [OrderCreateTaxLineInput!]
}
input OrderCreateOrderTransactionInput {
  kind: OrderTransactionKind = SALE
  status: OrderTransactionStatus = SUCCESS
  gateway: String = "manual"
  amountSet: MoneyBagInput!
  authorizationCode: String
  processedAt: DateTime
  test: Boolean = false
}
input MailingAddressInput {
  address1: String
  address2: String
  city: String
  company: String
  countryCode: CountryCode
  firstName: String
  lastName: String
  phone: String
  provinceCode: String
  zip: String
}
input OrderCreateAssociateCustomerAttributesInput {
  id: ID
  email: String
}
input CustomerInput {
  email: String
  firstName: String
  lastName: String
  phone: String
}
input OrderCreateCustomerInput {
  toAssociate: OrderCreateAssociateCustomerAttributesInput
  toUpsert: CustomerInput
}
input MetafieldInput {
  id: ID
  namespace: String
  key: String
  type: String
  value: String
}
input OrderCreateOrderInput {
  lineItems: [OrderCreateLineItemInput!]
  currency: CurrencyCode
  presentmentCurrency: CurrencyCode
  email: String
  phone: String
  note: String
  name: String
  poNumber: String
  tags: [String!]
  sourceIdentifier: String
  sourceName: String
  sourceUrl: URL
  referringSite: URL
  customAttributes: [OrderCreateCustomAttributeInput!]
  financialStatus: OrderCreateFinancialStatus
  fulfillmentStatus: OrderCreateFulfillmentStatus
  test: Boolean = false
  taxesIncluded: Boolean = false
  processedAt: DateTime
  closedAt: DateTime
  buyerAcceptsMarketing: Boolean
  transactions: [OrderCreateOrderTransactionInput!]
  shippingLines: [OrderCreateShippingLineInput!]
  taxLines: [OrderCreateTaxLineInput!]
  shippingAddress: MailingAddressInput
  billingAddress: MailingAddressInput
  customer: OrderCreateCustomerInput
  metafields: [MetafieldInput!]
  userId: ID
  companyLocationId: ID
}
input OrderCreateOptionsInput {
  inventoryBehaviour: OrderCreateInputsInventoryBehavior = BYPASS
  sendReceipt: Boolean = false
  sendFulfillmentReceipt: Boolean = false
}
type OrderCreateUserError {
  field: [String!]
  message: String!
  code: OrderCreateUserErrorCode
}
type OrderCreatePayload {
  order: Order
  userErrors: [OrderCreateUserError!]!
}

# orderCancel
enum OrderCancelReason { CUSTOMER DECLINED FRAUD INVENTORY OTHER STAFF }
enum OrderCancelUserErrorCode { INVALID NOT_FOUND NO_REFUND_PERMISSION }
type OrderCancelUserError {
  field: [String!]
  message: String!
  code: OrderCancelUserErrorCode
}
type Job {
  id: ID!
  done: Boolean!
}
type OrderCancelPayload {
  job: Job
  orderCancelUserErrors: [OrderCancelUserError!]!
  userErrors: [UserError!]!
}

# inventoryAdjustQuantities
enum InventoryAdjustQuantitiesUserErrorCode { ADJUST_QUANTITIES_FAILED CHANGE_FROM_QUANTITY_STALE IDEMPOTENCY_CONCURRENT_REQUEST IDEMPOTENCY_KEY_PARAMETER_MISMATCH INTERNAL_LEDGER_DOCUMENT INVALID_AVAILABLE_DOCUMENT INVALID_INVENTORY_ITEM INVALID_LEDGER_DOCUMENT INVALID_LOCATION INVALID_QUANTITY_DOCUMENT INVALID_QUANTITY_NAME INVALID_QUANTITY_TOO_HIGH INVALID_QUANTITY_TOO_LOW INVALID_REASON INVALID_REFERENCE_DOCUMENT ITEM_NOT_STOCKED_AT_LOCATION MAX_ONE_LEDGER_DOCUMENT NON_MUTABLE_INVENTORY_ITEM SERVICE_UNAVAILABLE }
input InventoryChangeInput {
  delta: Int!
  inventoryItemId: ID!
  locationId: ID!
  ledgerDocumentUri: String
  changeFromQuantity: Int
}
input InventoryAdjustQuantitiesInput {
  reason: String!
  name: String!
  referenceDocumentUri: String
  changes: [InventoryChangeInput!]!
}
type InventoryAdjustQuantitiesUserError {
  field: [String!]
  message: String!
  code: InventoryAdjustQuantitiesUserErrorCode
}
type InventoryAdjustQuantitiesPayload {
  inventoryAdjustmentGroup: InventoryAdjustmentGroup
  userErrors: [InventoryAdjustQuantitiesUserError!]!
}

# productUpdate / productVariantsBulkUpdate
input SEOInput {
  title: String
  description: String
}
input CreateMediaInput {
  originalSource: String!
  alt: String
  mediaContentType: MediaContentType!
}
input ProductUpdateInput {
  id: ID
  title: String
  handle: String
  descriptionHtml: String
  productType: String
  vendor: String
  tags: [String!]
  status: ProductStatus
  seo: SEOInput
  templateSuffix: String
}
type ProductUpdatePayload {
  product: Product
  userErrors: [UserError!]!
}
enum ProductVariantsBulkUpdateUserErrorCode { BLANK CANNOT_SET_NAME_FOR_LINKED_OPTION_VALUE CANNOT_SPECIFY_BOTH GREATER_THAN_OR_EQUAL_TO INVALID_INPUT INVALID_VALUE INVENTORY_QUANTITIES_LIMIT_EXCEEDED MUST_BE_FOR_THIS_PRODUCT MUST_SPECIFY_ONE_OF_PAIR NEED_TO_ADD_OPTION_VALUES NEGATIVE_PRICE_VALUE NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE NOT_DEFINED_FOR_SHOP OPTION_DOES_NOT_EXIST OPTION_VALUE_DOES_NOT_EXIST OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS PRODUCT_DOES_NOT_EXIST PRODUCT_SUSPENDED PRODUCT_VARIANT_DOES_NOT_EXIST PRODUCT_VARIANT_ID_MISSING SUBSCRIPTION_VIOLATION TOO_LONG TOO_SHORT UNSUPPORTED_COMBINED_LISTING_PARENT_OPERATION VARIANT_ALREADY_EXISTS }
input ProductVariantsBulkInput {
  id: ID
  price: Money
  compareAtPrice: Money
  barcode: String
  inventoryPolicy: ProductVariantInventoryPolicy
  taxable: Boolean
}
type ProductVariantsBulkUpdateUserError {
  field: [String!]
  message: String!
  code: ProductVariantsBulkUpdateUserErrorCode
}
type ProductVariantsBulkUpdatePayload {
  product: Product
  productVariants: [ProductVariant!]
  userErrors: [ProductVariantsBulkUpdateUserError!]!
}

# fulfillmentCreate
input FulfillmentOrderLineItemInput {
  id: ID!
  quantity: Int!
}
input FulfillmentOrderLineItemsInput {
  fulfillmentOrderId: ID!
  fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
}
input FulfillmentTrackingInput {
  company: String
  number: String
  numbers: [String!]
  url: URL
  urls: [URL!]
}
input FulfillmentInput {
  lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
  trackingInfo: FulfillmentTrackingInput
  notifyCustomer: Boolean = false
}
type FulfillmentCreatePayload {
  fulfillment: Fulfillment
  userErrors: [UserError!]!
}

type Mutation {
  orderCreate(order: OrderCreateOrderInput!, options: OrderCreateOptionsInput): OrderCreatePayload
  inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
  productUpdate(product: ProductUpdateInput, media: [CreateMediaInput!]): ProductUpdatePayload
  productVariantsBulkUpdate(productId: ID!, variants: [ProductVariantsBulkInput!]!, allowPartialUpdates: Boolean = false, media: [CreateMediaInput!]): ProductVariantsBulkUpdatePayload
  fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
  orderCancel(orderId: ID!, reason: OrderCancelReason!, refund: Boolean, restock: Boolean!, notifyCustomer: Boolean = false, staffNote: String): OrderCancelPayload
}
`;
