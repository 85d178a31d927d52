// The OpenAPI 3.1 document for /api/v1, generated — never hand-written — from the zod schemas
// the handlers validate with (./schemas.ts) using zod 4's built-in `z.toJSONSchema` (JSON Schema
// 2020-12, which OpenAPI 3.1 uses as is). Request bodies and parameters are converted in `input`
// mode (what a client may send: defaulted fields optional, unknown keys allowed and stripped),
// responses in `output` mode (what the server answers). This file only says which schema goes
// where: the operation table below is the one list of endpoints, and a test checks it against
// the route files in app/routes.
import { z } from 'zod';
import { addCartLineRequestSchema, cartCreatedResponseSchema, cartIdSchema, cartResponseSchema, checkoutAuthorizedResponseSchema, checkoutFailedResponseSchema, checkoutRequestSchema, checkoutRequiresActionResponseSchema, createCartRequestSchema, errorBodySchema, idempotencyKeySchema, orderLookupQuerySchema, orderNumberSchema, orderResponseSchema, productDetailResponseSchema, productHandleSchema, productListQuerySchema, productListResponseSchema, cartRegionQuerySchema, regionQuerySchema } from './schemas';

type JsonSchema = Record<string, unknown>;
type Io = 'input' | 'output';

/** Every component schema, the zod schema it is generated from, and which side of the wire it describes. */
export const componentSchemas = {
  Error: { schema: errorBodySchema, io: 'output' },
  ProductList: { schema: productListResponseSchema, io: 'output' },
  ProductDetail: { schema: productDetailResponseSchema, io: 'output' },
  CreateCartRequest: { schema: createCartRequestSchema, io: 'input' },
  CartCreated: { schema: cartCreatedResponseSchema, io: 'output' },
  Cart: { schema: cartResponseSchema, io: 'output' },
  AddCartLineRequest: { schema: addCartLineRequestSchema, io: 'input' },
  CheckoutRequest: { schema: checkoutRequestSchema, io: 'input' },
  CheckoutAuthorized: { schema: checkoutAuthorizedResponseSchema, io: 'output' },
  CheckoutRequiresAction: { schema: checkoutRequiresActionResponseSchema, io: 'output' },
  CheckoutFailed: { schema: checkoutFailedResponseSchema, io: 'output' },
  Order: { schema: orderResponseSchema, io: 'output' },
} as const satisfies Record<string, { schema: z.ZodType; io: Io }>;
type ComponentName = keyof typeof componentSchemas;

/** `z.toJSONSchema` without the `$schema` keyword (the document's dialect already says 2020-12). */
export function toComponentSchema(schema: z.ZodType, io: Io): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

type ResponseSpec = { description: string; body?: ComponentName; idempotent?: boolean; headers?: Record<string, { description: string; schema: JsonSchema }> };

export type ApiOperation = {
  method: 'get' | 'post';
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: 'Catalog' | 'Carts' | 'Checkout' | 'Orders' | 'Meta';
  pathParams?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  idempotencyKey?: 'required' | 'optional';
  requestBody?: { component: ComponentName; required: boolean };
  responses: Record<number, ResponseSpec>;
};

const err = (description: string): ResponseSpec => ({ description, body: 'Error' });
const internal = err('`internal`: an unexpected error. The body names the `requestId`; no stack trace is ever returned.');
const tooLarge = err('`payload_too_large`: the JSON body is larger than 64 KB.');

/** The one list of API endpoints. */
export const apiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/api/v1/products',
    operationId: 'listProducts',
    summary: 'List products',
    description: 'Active products priced in the region’s currency, 12 per page: all of them, one category (`category`), or search results (`q`, optionally within `category`). Cacheable (public, s-maxage).',
    tag: 'Catalog',
    query: productListQuerySchema,
    responses: {
      200: { description: 'A page of products.', body: 'ProductList' },
      400: err('`invalid_request`: a query parameter is invalid (e.g. `page=0`); `fieldErrors` says which.'),
      404: err('`not_found`: the `category` does not exist (without `q`).'),
      500: internal,
    },
  },
  {
    method: 'get',
    path: '/api/v1/products/{handle}',
    operationId: 'getProduct',
    summary: 'Get a product with its variants and images',
    tag: 'Catalog',
    pathParams: { handle: productHandleSchema },
    query: regionQuerySchema,
    responses: {
      200: { description: 'The product, its variants (SKU, options, price, compare-at, stock) and images.', body: 'ProductDetail' },
      400: err('`invalid_request`: `region` is not `us` or `eu`.'),
      404: err('`not_found`: no active product with this handle is priced in the region.'),
      500: internal,
    },
  },
  {
    method: 'post',
    path: '/api/v1/carts',
    operationId: 'createCart',
    summary: 'Create a cart',
    tag: 'Carts',
    requestBody: { component: 'CreateCartRequest', required: false },
    responses: {
      201: {
        description: 'The new cart’s id.',
        body: 'CartCreated',
        headers: { Location: { description: 'The cart’s URL.', schema: toComponentSchema(z.string(), 'output') } },
      },
      400: err('`invalid_request` / `invalid_json`: the body is not valid.'),
      413: tooLarge,
      500: internal,
    },
  },
  {
    method: 'get',
    path: '/api/v1/carts/{id}',
    operationId: 'getCart',
    summary: 'Get a cart',
    description: 'Lines priced in the currency of `region`, with subtotal and item count.',
    tag: 'Carts',
    pathParams: { id: cartIdSchema },
    query: cartRegionQuerySchema,
    responses: {
      200: { description: 'The cart.', body: 'Cart' },
      400: err('`invalid_request`: `region` is not `us` or `eu`.'),
      404: err('`cart_not_found`: no cart with this id (including ids that are not UUIDs).'),
      500: internal,
    },
  },
  {
    method: 'post',
    path: '/api/v1/carts/{id}/lines',
    operationId: 'addCartLine',
    summary: 'Add units of a SKU to a cart',
    description: 'With an `Idempotency-Key`, a retried add is applied once and the first answer is replayed.',
    tag: 'Carts',
    pathParams: { id: cartIdSchema },
    query: cartRegionQuerySchema,
    idempotencyKey: 'optional',
    requestBody: { component: 'AddCartLineRequest', required: true },
    responses: {
      201: { description: 'The line was added; the whole cart.', body: 'Cart', idempotent: true },
      400: err('`invalid_request` (with `fieldErrors`, e.g. `quantity` not a whole number from 1 to 99), `invalid_json`, `invalid_quantity` (the line would exceed 99), `idempotency_key_required` (header sent empty), `idempotency_key_too_long`.'),
      404: { ...err('`cart_not_found`, or `unknown_sku`: no product with this SKU is for sale.'), idempotent: true },
      409: { ...err('`out_of_stock` (sold out), `insufficient_stock` (fewer units left than asked), `cart_closed` (already checked out), `idempotency_key_in_use` (the first request with this key is still running).'), idempotent: true },
      413: tooLarge,
      422: err('`idempotency_key_reused`: this key was used for a different request.'),
      500: internal,
    },
  },
  {
    method: 'post',
    path: '/api/v1/carts/{id}/checkout',
    operationId: 'checkoutCart',
    summary: 'Place the order for a cart and authorize payment',
    description:
      'Totals are computed on the server from the cart; any price or total in the body is ignored. The card is authorized (manual capture) and charged when the order ships. The same `Idempotency-Key` with the same body replays the first answer (never a second order or charge); sent concurrently, duplicates wait for the first and replay it.',
    tag: 'Checkout',
    pathParams: { id: cartIdSchema },
    idempotencyKey: 'required',
    requestBody: { component: 'CheckoutRequest', required: true },
    responses: {
      201: { description: 'Order placed and payment authorized.', body: 'CheckoutAuthorized', idempotent: true },
      202: { description: 'The bank asks the shopper to authenticate (3-D Secure): send them to `next_action.redirect_url`; the same order continues when they return.', body: 'CheckoutRequiresAction', idempotent: true },
      400: err('`invalid_request` with `fieldErrors` (per-region address rules: a US address needs a state and ZIP, an EU one a country we ship to), `invalid_json`, `idempotency_key_required`, `idempotency_key_too_long`. Nothing is written.'),
      402: { description: '`card_declined`: the payment was declined; the stock is released and the cart reopened. `error.detail` carries the decline code.', body: 'CheckoutFailed', idempotent: true },
      404: { ...err('`cart_not_found`.'), idempotent: true },
      409: { ...err('`out_of_stock` (some items sold out; `skus` lists them and the cart was adjusted), `cart_closed` (already checked out), `idempotency_key_in_use` (the first request with this key is still running).'), idempotent: true },
      413: tooLarge,
      422: { ...err('`idempotency_key_reused` (this key was used for a different request) or `empty_cart`.'), idempotent: true },
      500: internal,
      503: { description: '`payment_unavailable`: the payment service did not answer. The order is pending and nothing was charged; it is settled automatically.', body: 'CheckoutFailed', idempotent: true },
    },
  },
  {
    method: 'get',
    path: '/api/v1/orders/{number}',
    operationId: 'getOrder',
    summary: 'Look up an order by number and email',
    tag: 'Orders',
    pathParams: { number: orderNumberSchema },
    query: orderLookupQuerySchema,
    responses: {
      200: { description: 'The order: status, lines, totals and status timeline.', body: 'Order' },
      400: err('`invalid_request`: `email` is missing or not an email address.'),
      404: err('`not_found`: no order has this number and email (the same answer for either being wrong).'),
      500: internal,
    },
  },
  {
    method: 'get',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI document',
    tag: 'Meta',
    responses: { 200: { description: 'The OpenAPI 3.1 document.' } },
  },
];

function parametersOf(op: ApiOperation): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(op.pathParams ?? {})) {
    const json = toComponentSchema(schema, 'input');
    params.push({ name, in: 'path', required: true, ...(json.description ? { description: json.description } : {}), schema: json });
  }
  if (op.query) {
    const json = toComponentSchema(op.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(json.properties ?? {})) {
      params.push({ name, in: 'query', required: json.required?.includes(name) ?? false, ...(schema.description ? { description: schema.description } : {}), schema });
    }
  }
  if (op.idempotencyKey) params.push({ $ref: `#/components/parameters/${op.idempotencyKey === 'required' ? 'IdempotencyKey' : 'IdempotencyKeyOptional'}` });
  return params;
}

function operationObject(op: ApiOperation): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(op.responses)) {
    const headers: Record<string, unknown> = { ...(spec.headers ?? {}) };
    if (spec.idempotent && op.idempotencyKey) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
    responses[status] = {
      description: spec.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      content: { 'application/json': { schema: spec.body ? { $ref: `#/components/schemas/${spec.body}` } : { type: 'object' } } },
    };
  }
  const parameters = parametersOf(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    ...(parameters.length ? { parameters } : {}),
    ...(op.requestBody
      ? { requestBody: { required: op.requestBody.required, content: { 'application/json': { schema: { $ref: `#/components/schemas/${op.requestBody.component}` } } } } }
      : {}),
    responses,
  };
}

function idempotencyKeyParameter(required: boolean): JsonSchema {
  const schema = toComponentSchema(idempotencyKeySchema, 'input');
  return { name: 'Idempotency-Key', in: 'header', required, description: schema.description, schema };
}

export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of apiOperations) (paths[op.path] ??= {})[op.method] = operationObject(op);
  const schemas = Object.fromEntries(Object.entries(componentSchemas).map(([name, c]) => [name, toComponentSchema(c.schema, c.io)]));
  return {
    openapi: '3.1.0',
    info: {
      title: 'DotShop API',
      version: '1.0.0',
      description:
        'The DotShop storefront as JSON. Amounts are integers in minor units of the stated currency. Every error is `{ "error": { "code", "message", "fieldErrors"? } }`. Carts, checkout and orders are `Cache-Control: no-store`.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    tags: [
      { name: 'Catalog', description: 'Products, prices and stock.' },
      { name: 'Carts', description: 'Carts addressed by id.' },
      { name: 'Checkout', description: 'Placing orders and authorizing payment.' },
      { name: 'Orders', description: 'Order lookup.' },
      { name: 'Meta', description: 'This document.' },
    ],
    paths,
    components: {
      schemas,
      parameters: { IdempotencyKey: idempotencyKeyParameter(true), IdempotencyKeyOptional: idempotencyKeyParameter(false) },
      headers: {
        IdempotentReplayed: {
          description: 'Present (`true`) when this answer is a replay of an earlier request with the same Idempotency-Key.',
          schema: toComponentSchema(z.literal('true'), 'output'),
        },
      },
    },
  };
}

let cached: JsonSchema | undefined;
/** Built once per process: it depends only on code. */
export function openApiDocument(): JsonSchema {
  return (cached ??= buildOpenApiDocument());
}
