// The REST API's zod schemas: what each endpoint accepts (parsed by the handlers) and what it
// answers (the handlers' return types, checked in tests). The OpenAPI document in ./openapi.ts is
// generated from these same objects, so the contract and the validation cannot drift apart.
// Request schemas strip unknown keys, so a client-posted price or total is never even seen.
import { z } from 'zod';
import { MAX_LINE_QUANTITY } from '../../modules/cart';
import { email, euAddress, paymentMethodId, shippingMethod, usAddress } from '../../modules/checkout';
import { orderStatuses } from '../../modules/orders';

/* ------------------------------------------------------------------------------------------ */
/* Shared pieces                                                                               */

export const regionSchema = z.enum(['us', 'eu'], { error: 'Region must be "us" or "eu".' }).meta({ description: 'Shopping region: `us` prices in USD, `eu` in EUR (VAT included).' });
const currencySchema = z.enum(['USD', 'EUR']).meta({ description: 'ISO 4217 currency of every amount in the object.' });
const minorUnits = z.number().int().meta({ description: 'Integer amount in minor units (cents) of `currency`.' });

export const MAX_PAGE = 10_000;
const pageMessage = `Page must be a whole number from 1 to ${MAX_PAGE}.`;

/** Path parameters (each validated on its own; a malformed id is simply not found). */
export const productHandleSchema = z.string().trim().min(1).max(200).meta({ description: 'Product handle, e.g. `linen-shirt`.' });
export const cartIdSchema = z.guid().meta({ description: 'Cart id returned by `POST /api/v1/carts`.' });
export const orderNumberSchema = z.string().trim().min(1).max(32).meta({ description: 'Order number, e.g. `DS-1001` (case-insensitive).' });

export const IDEMPOTENCY_KEY_MAX = 255;
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(IDEMPOTENCY_KEY_MAX)
  .meta({ description: `A client-chosen unique key (1–${IDEMPOTENCY_KEY_MAX} characters, e.g. a UUID). Retrying with the same key and body replays the first answer (with \`Idempotent-Replayed: true\`) instead of doing the work twice; the same key with a different body is refused with 422. Keys expire after 24 hours.` });

/* ------------------------------------------------------------------------------------------ */
/* Requests                                                                                    */

export const regionQuerySchema = z.object({ region: regionSchema.default('us') });
/** A cart keeps the region it was created in; `?region=` prices it in another one for this answer only. */
export const cartRegionQuerySchema = z.object({ region: regionSchema.optional().meta({ description: 'Price the cart in this region for this answer; default: the region the cart was created in.' }) });

export const productListQuerySchema = z.object({
  category: z.string().trim().min(1).max(120).optional().meta({ description: 'Only products in this category (handle, e.g. `fashion`). Unknown → 404 unless `q` is also given.' }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Full-text search with prefix matching (`lin` finds linen).' }),
  page: z.coerce.number({ error: pageMessage }).int(pageMessage).min(1, pageMessage).max(MAX_PAGE, pageMessage).default(1).meta({ description: '1-based page number; a page past the end is empty.' }),
  region: regionSchema.default('us'),
});

export const orderLookupQuerySchema = z.object({
  email: email.meta({ description: 'The email the order was placed with (case-insensitive).' }),
});

export const createCartRequestSchema = z.object({ region: regionSchema.default('us') });

const quantityMessage = `Quantity must be a whole number from 1 to ${MAX_LINE_QUANTITY}.`;
export const addCartLineRequestSchema = z.object({
  sku: z.string({ error: 'Enter a SKU.' }).trim().min(1, 'Enter a SKU.').max(64, 'SKU is too long.'),
  quantity: z.number({ error: quantityMessage }).int(quantityMessage).min(1, quantityMessage).max(MAX_LINE_QUANTITY, quantityMessage),
});

const checkoutFields = {
  email,
  shippingMethod: shippingMethod.default('standard'),
  paymentMethod: paymentMethodId.meta({ description: 'A Stripe PaymentMethod id, e.g. `pm_card_visa` in test mode.' }),
};

/** The checkout body, validated per region: a US address needs a state and ZIP; an EU one a country we ship to. */
export const checkoutRequestSchema = z.discriminatedUnion(
  'region',
  [
    z.object({ region: z.literal('us'), ...checkoutFields, shippingAddress: usAddress.extend({ country: z.literal('US', { error: 'We ship to US addresses in the US region.' }).default('US') }) }),
    z.object({ region: z.literal('eu'), ...checkoutFields, shippingAddress: euAddress }),
  ],
  { error: 'Region must be "us" or "eu".' },
);
export type CheckoutRequest = z.output<typeof checkoutRequestSchema>;

/* ------------------------------------------------------------------------------------------ */
/* Responses (strict: a test parsing a real answer fails on any undocumented field)            */

const fieldErrorsSchema = z.record(z.string(), z.array(z.string())).meta({ description: 'Messages per field, keyed by the dotted path of the field, e.g. `shippingAddress.postalCode`.' });

export const errorBodySchema = z.strictObject({
  error: z.strictObject({
    code: z.string().meta({ description: 'Stable machine-readable code, e.g. `invalid_request`, `not_found`, `out_of_stock`.' }),
    message: z.string().meta({ description: 'A human-readable explanation, safe to show.' }),
    fieldErrors: fieldErrorsSchema.optional(),
    requestId: z.string().optional().meta({ description: 'Present on 500s: quote it when reporting the problem.' }),
    detail: z.string().optional().meta({ description: 'A finer-grained reason (e.g. the decline code).' }),
    skus: z.array(z.string()).optional().meta({ description: 'The SKUs that sold out (checkout 409 `out_of_stock`).' }),
  }),
});
export type ErrorBody = z.output<typeof errorBodySchema>;

const stockSchema = z.strictObject({
  state: z.enum(['in_stock', 'low_stock', 'sold_out']),
  remaining: z.number().int().optional().meta({ description: 'Units left, given only when stock is low.' }),
});

const imageSchema = z.strictObject({ url: z.string(), alt: z.string(), width: z.number().int(), height: z.number().int() });

export const productSummarySchema = z.strictObject({
  handle: z.string(),
  title: z.string(),
  vendor: z.string(),
  category: z.string().meta({ description: 'Category handle.' }),
  currency: currencySchema,
  price: minorUnits.meta({ description: 'Lowest variant price, minor units.' }),
  compareAtPrice: minorUnits.nullable().meta({ description: 'Compare-at price of the lowest-priced variant when it is a real markdown.' }),
  priceVaries: z.boolean(),
  availableForSale: z.boolean(),
  stock: stockSchema,
  image: imageSchema.nullable(),
});

export const productListResponseSchema = z.strictObject({
  products: z.array(productSummarySchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
  total: z.number().int(),
  currency: currencySchema,
});
export type ProductListResponse = z.output<typeof productListResponseSchema>;

export const productDetailResponseSchema = z.strictObject({
  handle: z.string(),
  title: z.string(),
  description: z.string(),
  vendor: z.string(),
  productType: z.string(),
  category: z.strictObject({ handle: z.string(), title: z.string() }),
  currency: currencySchema,
  optionNames: z.array(z.string()),
  images: z.array(imageSchema),
  variants: z.array(
    z.strictObject({
      sku: z.string(),
      title: z.string(),
      options: z.record(z.string(), z.string()).meta({ description: 'Option name → value, e.g. `{ "Size": "M" }`.' }),
      price: minorUnits,
      compareAtPrice: minorUnits.nullable(),
      availableForSale: z.boolean(),
      stock: stockSchema,
    }),
  ),
});
export type ProductDetailResponse = z.output<typeof productDetailResponseSchema>;

export const cartCreatedResponseSchema = z.strictObject({ id: z.guid(), region: regionSchema });

export const cartResponseSchema = z.strictObject({
  id: z.guid(),
  region: regionSchema,
  currency: currencySchema,
  lines: z.array(
    z.strictObject({
      sku: z.string(),
      productHandle: z.string(),
      productTitle: z.string(),
      variantTitle: z.string(),
      imageUrl: z.string().nullable(),
      quantity: z.number().int(),
      unitPrice: minorUnits,
      lineTotal: minorUnits,
      problem: z.enum(['sold_out', 'reduced']).nullable().meta({ description: 'Set when fewer units can be sold now than are in the cart; checkout would answer 409.' }),
    }),
  ),
  itemCount: z.number().int(),
  subtotal: minorUnits,
  checkedOut: z.boolean(),
});
export type CartResponse = z.output<typeof cartResponseSchema>;

const orderRefSchema = z.strictObject({
  number: z.string(),
  status: z.enum(orderStatuses),
  total: minorUnits,
  currency: currencySchema,
});

export const checkoutAuthorizedResponseSchema = z.strictObject({ order: orderRefSchema });
export const checkoutRequiresActionResponseSchema = z.strictObject({
  order: orderRefSchema,
  next_action: z.strictObject({
    type: z.literal('redirect_to_url'),
    redirect_url: z.string().meta({ description: 'Send the shopper here to authenticate the payment (3-D Secure); they come back to the shop and the same order continues.' }),
  }),
});
/** 402 (declined) and 503 (payment service unavailable): the order exists, the error says why it is not paid. */
export const checkoutFailedResponseSchema = z.strictObject({ order: orderRefSchema, error: errorBodySchema.shape.error });
export type CheckoutApiBody = { order?: z.output<typeof orderRefSchema>; next_action?: z.output<typeof checkoutRequiresActionResponseSchema>['next_action']; error?: ErrorBody['error'] };

export const orderResponseSchema = z.strictObject({
  number: z.string(),
  status: z.enum(orderStatuses),
  currency: currencySchema,
  createdAt: z.iso.datetime(),
  shippingMethod: z.string(),
  lines: z.array(
    z.strictObject({ sku: z.string(), title: z.string(), variantTitle: z.string(), quantity: z.number().int(), unitPrice: minorUnits, lineTotal: minorUnits }),
  ),
  totals: z.strictObject({
    subtotal: minorUnits,
    shipping: minorUnits,
    tax: minorUnits,
    taxIncluded: z.boolean().meta({ description: 'True when `tax` is VAT already included in the prices (EU); false when it was added (US).' }),
    total: minorUnits,
  }),
  timeline: z.array(z.strictObject({ at: z.iso.datetime(), status: z.enum(orderStatuses), note: z.string() })),
});
export type OrderResponse = z.output<typeof orderResponseSchema>;
