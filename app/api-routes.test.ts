// The REST API end to end below HTTP: each test calls a real route module's loader/action with a
// real Request and a context built from real Postgres, real pg-boss and the real Stripe SDK
// against the Stripe emulator. Every success body is parsed with the strict response schema the
// OpenAPI document is generated from, so an undocumented or missing field fails here.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as cartsRoute from './routes/api.v1.carts';
import * as cartRoute from './routes/api.v1.carts.$id';
import * as checkoutRoute from './routes/api.v1.carts.$id.checkout';
import * as linesRoute from './routes/api.v1.carts.$id.lines';
import * as openapiRoute from './routes/api.v1.openapi[.]json';
import * as orderRoute from './routes/api.v1.orders.$number';
import * as productRoute from './routes/api.v1.products.$handle';
import * as productsRoute from './routes/api.v1.products';
import * as unknownRoute from './routes/api.v1.$';
import { createDatabases } from '../db/client';
import { orders } from '../db/commerce-schema';
import { inventory } from '../db/schema';
import { insertTestVariant } from '../server/testing/catalog-fixture';
import { openApiDocument } from '../server/web/api/openapi';
import { cartCreatedResponseSchema, cartResponseSchema, checkoutAuthorizedResponseSchema, checkoutFailedResponseSchema, checkoutRequiresActionResponseSchema, errorBodySchema, orderResponseSchema, productDetailResponseSchema, productListResponseSchema } from '../server/web/api/schemas';
import { callRoute, startApiTestStack, type ApiTestStack, type RouteModule } from '../server/web/api/test-context';

let stack: ApiTestStack;
beforeAll(async () => {
  stack = await startApiTestStack('api');
});
afterAll(async () => {
  await stack?.close();
});

const call = (route: RouteModule, method: string, url: string, opts?: Parameters<typeof callRoute>[4]) => callRoute(route, stack.context, method, url, opts);
const conforms = <S extends z.ZodType>(schema: S, body: unknown): z.output<S> => schema.parse(body);
/** An error answer: the one envelope, never cacheable, and never a stack trace. */
function expectError(res: { status: number; headers: Headers; body: unknown }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(conforms(errorBodySchema, res.body).error.code).toBe(code);
  expect(res.headers.get('Cache-Control')).toBe('no-store');
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
}

const usAddress = { name: 'Ada Lovelace', line1: '1 Main St', city: 'Springfield', postalCode: '62701', region: 'IL', country: 'US' };
const checkoutBody = (paymentMethod = 'pm_card_visa') => ({ email: 'Ada@Example.com', region: 'us', shippingAddress: usAddress, paymentMethod });

async function newCart(region?: 'us' | 'eu'): Promise<string> {
  const res = await call(cartsRoute, 'POST', '/api/v1/carts', region ? { body: { region } } : {});
  expect(res.status).toBe(201);
  return conforms(cartCreatedResponseSchema, res.body).id;
}
async function cartWith(sku: string, quantity = 1): Promise<string> {
  const id = await newCart();
  const res = await call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id }, body: { sku, quantity } });
  expect(res.status).toBe(201);
  return id;
}
const checkout = (cartId: string, body: unknown, key: string | null = `key-${cartId}`) =>
  call(checkoutRoute, 'POST', `/api/v1/carts/${cartId}/checkout`, { params: { id: cartId }, body, headers: key === null ? {} : { 'Idempotency-Key': key } });
const stockOf = async (variantId: number) => (await stack.t.primary.select().from(inventory).where(eq(inventory.variantId, variantId)))[0];
const ordersForCart = async (cartId: string) => (await stack.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from orders where cart_id = ${cartId}::uuid`))[0].n;
const keysForCart = async (cartId: string) => (await stack.t.primary.execute<{ n: number }>(sql`select count(*)::int as n from idempotency_keys where scope = ${`checkout:${cartId}`}`))[0].n;
async function paymentIntentsFor(orderNumber: string) {
  const [o] = await stack.t.primary.select().from(orders).where(eq(orders.number, orderNumber));
  return (await stack.context.stripe.paymentIntents.search({ query: `metadata['order_id']:'${o.id}'` })).data;
}

describe('GET /api/v1/products', () => {
  beforeAll(async () => {
    await insertTestVariant(stack.t.primary, { sku: 'LIST-LINEN-1', available: 20, usd: 12000, eur: 11000, handle: 'linen-shirt' });
    await insertTestVariant(stack.t.primary, { sku: 'LIST-SERUM-1', available: 2, usd: 4500, eur: 4900, handle: 'glow-serum' });
    await insertTestVariant(stack.t.primary, { sku: 'LIST-RING-1', available: 0, usd: 30000, eur: 28000, handle: 'gold-ring' });
  });

  it('lists products with prices in minor units and the region currency, cacheable by a CDN', async () => {
    const res = await call(productsRoute, 'GET', '/api/v1/products');
    expect(res.status).toBe(200);
    const body = conforms(productListResponseSchema, res.body);
    expect(body).toMatchObject({ page: 1, pageSize: 12, total: 3, currency: 'USD' });
    const linen = body.products.find((p) => p.handle === 'linen-shirt');
    expect(linen).toMatchObject({ price: 12000, currency: 'USD', availableForSale: true, stock: { state: 'in_stock' } });
    expect(body.products.find((p) => p.handle === 'glow-serum')?.stock).toEqual({ state: 'low_stock', remaining: 2 });
    expect(body.products.find((p) => p.handle === 'gold-ring')).toMatchObject({ availableForSale: false, stock: { state: 'sold_out' } });
    expect(res.headers.get('Cache-Control')).toMatch(/public.*s-maxage=\d+.*stale-while-revalidate/);
    expect(res.headers.get('Surrogate-Key')).toContain('product:linen-shirt');
    expect(res.headers.get('Vary')).toBeNull();
  });

  it('prices in EUR for ?region=eu, filters by category, and searches with q', async () => {
    const eu = conforms(productListResponseSchema, (await call(productsRoute, 'GET', '/api/v1/products?region=eu')).body);
    expect(eu.currency).toBe('EUR');
    expect(eu.products.find((p) => p.handle === 'linen-shirt')?.price).toBe(11000);
    const byCategory = conforms(productListResponseSchema, (await call(productsRoute, 'GET', '/api/v1/products?category=c-glow-serum')).body);
    expect(byCategory.products.map((p) => p.handle)).toEqual(['glow-serum']);
    const search = conforms(productListResponseSchema, (await call(productsRoute, 'GET', '/api/v1/products?q=list-lin')).body);
    expect(search.products.map((p) => p.handle)).toEqual(['linen-shirt']);
    const searchInCategory = conforms(productListResponseSchema, (await call(productsRoute, 'GET', '/api/v1/products?q=list&category=c-gold-ring')).body);
    expect(searchInCategory.products.map((p) => p.handle)).toEqual(['gold-ring']);
    // Empty parameters are absent parameters.
    expect((await call(productsRoute, 'GET', '/api/v1/products?category=&q=&page=')).status).toBe(200);
  });

  it('answers a page past the end with an empty page, so a client paging until empty stops', async () => {
    const res = await call(productsRoute, 'GET', '/api/v1/products?page=40');
    expect(res.status).toBe(200);
    expect(conforms(productListResponseSchema, res.body)).toMatchObject({ products: [], page: 40, total: 3 });
    const cat = conforms(productListResponseSchema, (await call(productsRoute, 'GET', '/api/v1/products?category=c-linen-shirt&page=2')).body);
    expect(cat).toMatchObject({ products: [], page: 2, total: 1 });
  });

  it.each(['page=0', 'page=-1', 'page=abc', 'page=1.5', 'page=10001', 'region=mars'])('rejects %s with 400 and field errors, never 500', async (qs) => {
    const res = await call(productsRoute, 'GET', `/api/v1/products?${qs}`);
    expectError(res, 400, 'invalid_request');
    expect(Object.keys(res.body.error.fieldErrors)).toEqual([qs.split('=')[0]]);
  });

  it('answers an unknown category with 404 not_found', async () => {
    expectError(await call(productsRoute, 'GET', '/api/v1/products?category=nope'), 404, 'not_found');
  });

  it('refuses other methods with 405 and an Allow header', async () => {
    const res = await call(productsRoute, 'POST', '/api/v1/products', { body: {} });
    expectError(res, 405, 'method_not_allowed');
    expect(res.headers.get('Allow')).toBe('GET');
  });
});

describe('GET /api/v1/products/{handle}', () => {
  it('returns the product with variants (sku, options, price, compare-at, stock) and images', async () => {
    await insertTestVariant(stack.t.primary, { sku: 'DETAIL-1', available: 4, usd: 9900, handle: 'silk-scarf' });
    const res = await call(productRoute, 'GET', '/api/v1/products/silk-scarf', { params: { handle: 'silk-scarf' } });
    expect(res.status).toBe(200);
    const body = conforms(productDetailResponseSchema, res.body);
    expect(body).toMatchObject({ handle: 'silk-scarf', currency: 'USD', images: [] });
    expect(body.variants).toEqual([
      { sku: 'DETAIL-1', title: 'One size', options: {}, price: 9900, compareAtPrice: null, availableForSale: true, stock: { state: 'low_stock', remaining: 4 } },
    ]);
    expect(res.headers.get('Surrogate-Key')).toBe('product:silk-scarf');
  });

  it('answers an unknown handle with 404 not_found in the envelope, not cached', async () => {
    expectError(await call(productRoute, 'GET', '/api/v1/products/no-such-thing', { params: { handle: 'no-such-thing' } }), 404, 'not_found');
  });
});

describe('carts', () => {
  it('POST /api/v1/carts creates a cart (201) in the requested region', async () => {
    const us = await call(cartsRoute, 'POST', '/api/v1/carts');
    expect(us.status).toBe(201);
    expect(conforms(cartCreatedResponseSchema, us.body).region).toBe('us');
    expect(us.headers.get('Location')).toBe(`/api/v1/carts/${us.body.id}`);
    const eu = await call(cartsRoute, 'POST', '/api/v1/carts', { body: { region: 'eu' } });
    expect(eu.body.region).toBe('eu');
    expectError(await call(cartsRoute, 'POST', '/api/v1/carts', { body: { region: 'mars' } }), 400, 'invalid_request');
    expectError(await call(cartsRoute, 'POST', '/api/v1/carts', { rawBody: '{not json' }), 400, 'invalid_json');
    expectError(await call(cartsRoute, 'GET', '/api/v1/carts'), 405, 'method_not_allowed');
  });

  it('GET /api/v1/carts/{id} returns the cart; unknown and malformed ids are 404', async () => {
    const id = await newCart();
    const res = await call(cartRoute, 'GET', `/api/v1/carts/${id}`, { params: { id } });
    expect(res.status).toBe(200);
    expect(conforms(cartResponseSchema, res.body)).toMatchObject({ id, currency: 'USD', lines: [], itemCount: 0, subtotal: 0, checkedOut: false });
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expectError(await call(cartRoute, 'GET', '/api/v1/carts/00000000-0000-4000-8000-000000000000', { params: { id: '00000000-0000-4000-8000-000000000000' } }), 404, 'cart_not_found');
    expectError(await call(cartRoute, 'GET', '/api/v1/carts/not-a-uuid', { params: { id: 'not-a-uuid' } }), 404, 'cart_not_found');
  });

  it('POST /lines adds units (201 with the cart), priced in the region from ?region=', async () => {
    await insertTestVariant(stack.t.primary, { sku: 'CART-ADD-1', available: 10, usd: 2500, eur: 2700 });
    const id = await newCart();
    const res = await call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id }, body: { sku: 'CART-ADD-1', quantity: 2, price: 1 } });
    expect(res.status).toBe(201);
    const cart = conforms(cartResponseSchema, res.body);
    expect(cart).toMatchObject({ itemCount: 2, subtotal: 5000, currency: 'USD' });
    expect(cart.lines[0]).toMatchObject({ sku: 'CART-ADD-1', quantity: 2, unitPrice: 2500, lineTotal: 5000, problem: null });
    const eu = await call(cartRoute, 'GET', `/api/v1/carts/${id}?region=eu`, { params: { id } });
    expect(eu.body).toMatchObject({ currency: 'EUR', subtotal: 5400 });
  });

  it('a cart keeps the region it was created in: an EU cart answers in EUR without ?region= (issue 11 §2.6)', async () => {
    await insertTestVariant(stack.t.primary, { sku: 'CART-EU-1', available: 10, usd: 2500, eur: 2700 });
    const id = await newCart('eu');
    const added = conforms(cartResponseSchema, (await call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id }, body: { sku: 'CART-EU-1', quantity: 1 } })).body);
    expect(added).toMatchObject({ region: 'eu', currency: 'EUR', subtotal: 2700 });
    const read = await call(cartRoute, 'GET', `/api/v1/carts/${id}`, { params: { id } });
    expect(read.body).toMatchObject({ region: 'eu', currency: 'EUR', subtotal: 2700 });
  });

  it.each([0, -1, 100, 1.5, '2', null])('POST /lines rejects quantity %s with 400 and a quantity field error', async (quantity) => {
    const id = await newCart();
    const res = await call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id }, body: { sku: 'CART-ADD-1', quantity } });
    expectError(res, 400, 'invalid_request');
    expect(res.body.error.fieldErrors.quantity).toHaveLength(1);
  });

  it('POST /lines: unknown SKU 404, sold out 409, not enough 409, unknown cart 404', async () => {
    await insertTestVariant(stack.t.primary, { sku: 'CART-GONE-1', available: 0 });
    await insertTestVariant(stack.t.primary, { sku: 'CART-FEW-1', available: 3 });
    const id = await newCart();
    const add = (sku: string, quantity: number, cartId = id) => call(linesRoute, 'POST', `/api/v1/carts/${cartId}/lines`, { params: { id: cartId }, body: { sku, quantity } });
    expectError(await add('NO-SUCH-SKU', 1), 404, 'unknown_sku');
    expectError(await add('CART-GONE-1', 1), 409, 'out_of_stock');
    const few = await add('CART-FEW-1', 4);
    expectError(few, 409, 'insufficient_stock');
    expect(few.body.error.fieldErrors).toEqual({ quantity: ['Only 3 left.'] });
    expectError(await add('CART-FEW-1', 1, '00000000-0000-4000-8000-000000000000'), 404, 'cart_not_found');
    expectError(await call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id } }), 400, 'invalid_request');
  });

  it('POST /lines with an Idempotency-Key applies a retried add once and says it replayed', async () => {
    await insertTestVariant(stack.t.primary, { sku: 'CART-IDEM-1', available: 10 });
    const id = await newCart();
    const add = (body: unknown) => call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id }, body, headers: { 'Idempotency-Key': 'add-once' } });
    const results = await Promise.all([add({ sku: 'CART-IDEM-1', quantity: 1 }), add({ sku: 'CART-IDEM-1', quantity: 1 }), add({ sku: 'CART-IDEM-1', quantity: 1 })]);
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(results.filter((r) => r.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(2);
    const cart = await call(cartRoute, 'GET', `/api/v1/carts/${id}`, { params: { id } });
    expect(cart.body.itemCount).toBe(1);
    expectError(await add({ sku: 'CART-IDEM-1', quantity: 2 }), 422, 'idempotency_key_reused');
    const empty = await call(linesRoute, 'POST', `/api/v1/carts/${id}/lines`, { params: { id }, body: { sku: 'CART-IDEM-1', quantity: 1 }, headers: { 'Idempotency-Key': '' } });
    expectError(empty, 400, 'idempotency_key_required');
  });
});

describe('POST /api/v1/carts/{id}/checkout', () => {
  it('places the order (201), authorizes with manual capture, and ignores posted prices', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-HAPPY-1', available: 5, usd: 10000 });
    const id = await cartWith(v.sku, 2);
    const res = await checkout(id, { ...checkoutBody(), total: 1, subtotal: 1, shippingAmount: 0, price: 1 });
    expect(res.status).toBe(201);
    const { order } = conforms(checkoutAuthorizedResponseSchema, res.body);
    // 2 × $100 + free standard shipping + IL tax 6.25 %: the server's numbers, not the client's.
    expect(order).toMatchObject({ status: 'authorized', total: 21250, currency: 'USD' });
    expect(order.number).toMatch(/^DS-/);
    expect(res.headers.get('Idempotent-Replayed')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const pis = await paymentIntentsFor(order.number);
    expect(pis).toHaveLength(1);
    expect(pis[0]).toMatchObject({ capture_method: 'manual', status: 'requires_capture', amount: 21250, currency: 'usd' });
    expect((await stockOf(v.variantId)).reserved).toBe(2);
  });

  it('requires an Idempotency-Key: missing or empty → 400, longer than 255 → 400, nothing written', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-KEY-1', available: 5 });
    const id = await cartWith(v.sku);
    expectError(await checkout(id, checkoutBody(), null), 400, 'idempotency_key_required');
    expectError(await checkout(id, checkoutBody(), ''), 400, 'idempotency_key_required');
    expectError(await checkout(id, checkoutBody(), 'k'.repeat(256)), 400, 'idempotency_key_too_long');
    expect(await ordersForCart(id)).toBe(0);
    expect(await keysForCart(id)).toBe(0);
    expect((await checkout(id, checkoutBody(), 'k'.repeat(255))).status).toBe(201);
  });

  it('the same key sent 5× in parallel gives one order and one PaymentIntent; the rest are replays', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-5X-1', available: 10 });
    const id = await cartWith(v.sku);
    const results = await Promise.all(Array.from({ length: 5 }, () => checkout(id, checkoutBody(), 'five-times')));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.order.number)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('Idempotent-Replayed') === 'true')).toHaveLength(4);
    expect(await ordersForCart(id)).toBe(1);
    expect(await paymentIntentsFor(results[0].body.order.number)).toHaveLength(1);
    expect((await stockOf(v.variantId)).reserved).toBe(1);
  });

  it('the same key with a different body is refused with 422', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-422-1', available: 10 });
    const id = await cartWith(v.sku);
    expect((await checkout(id, checkoutBody(), 'reused')).status).toBe(201);
    expectError(await checkout(id, { ...checkoutBody(), email: 'someone.else@example.com' }, 'reused'), 422, 'idempotency_key_reused');
    // A posted price does not make a different request: it is stripped before fingerprinting.
    const replay = await checkout(id, { ...checkoutBody(), total: 5 }, 'reused');
    expect(replay.status).toBe(201);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
  });

  it('a declined card → 402 card_declined, and the stock is released', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-DECLINE-1', available: 3 });
    const id = await cartWith(v.sku, 2);
    const res = await checkout(id, checkoutBody('pm_card_chargeDeclined'));
    expect(res.status).toBe(402);
    const body = conforms(checkoutFailedResponseSchema, res.body);
    expect(body.error.code).toBe('card_declined');
    expect(body.order.status).toBe('payment_failed');
    expect((await stockOf(v.variantId)).reserved).toBe(0);
  });

  it('3-D Secure → 202 with a redirect URL', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-3DS-1', available: 3 });
    const id = await cartWith(v.sku);
    const res = await checkout(id, checkoutBody('pm_card_threeDSecure2Required'));
    expect(res.status).toBe(202);
    const body = conforms(checkoutRequiresActionResponseSchema, res.body);
    expect(body.next_action.redirect_url).toMatch(/^https?:\/\//);
    expect(body.order.status).toBe('pending_payment');
  });

  it('sold out while in the cart → 409 out_of_stock with the SKUs', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-GONE-1', available: 2 });
    const id = await cartWith(v.sku, 2);
    await stack.t.primarySql`update inventory set available = 1 where variant_id = ${v.variantId}`;
    const res = await checkout(id, checkoutBody());
    expectError(res, 409, 'out_of_stock');
    expect(res.body.error.skus).toEqual(['CO-GONE-1']);
    expect(await ordersForCart(id)).toBe(0);
  });

  it('validates the address per region: 400 with dotted field errors, and nothing is written', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'CO-ADDR-1', available: 5 });
    const id = await cartWith(v.sku);
    const us = await checkout(id, { ...checkoutBody(), shippingAddress: { ...usAddress, region: '', postalCode: 'ABC' } });
    expectError(us, 400, 'invalid_request');
    expect(Object.keys(us.body.error.fieldErrors).sort()).toEqual(['shippingAddress.postalCode', 'shippingAddress.region']);
    const eu = await checkout(id, { ...checkoutBody(), region: 'eu', shippingAddress: { name: 'Marie', line1: '1 Rue', city: 'Paris', postalCode: '75001', country: 'US' } });
    expectError(eu, 400, 'invalid_request');
    expect(Object.keys(eu.body.error.fieldErrors)).toEqual(['shippingAddress.country']);
    const noRegion = await checkout(id, { ...checkoutBody(), region: 'mars' });
    expect(Object.keys(noRegion.body.error.fieldErrors)).toEqual(['region']);
    const bad = await checkout(id, { ...checkoutBody(), email: 'nope', paymentMethod: 'card_4242', shippingMethod: 'drone' });
    expect(Object.keys(bad.body.error.fieldErrors).sort()).toEqual(['email', 'paymentMethod', 'shippingMethod']);
    expectError(await checkout(id, undefined), 400, 'invalid_request');
    expect(await ordersForCart(id)).toBe(0);
    expect(await keysForCart(id)).toBe(0);
  });

  it('an unknown cart is 404 cart_not_found', async () => {
    expectError(await checkout('00000000-0000-4000-8000-000000000000', checkoutBody()), 404, 'cart_not_found');
    expectError(await checkout('nope', checkoutBody()), 404, 'cart_not_found');
  });
});

describe('GET /api/v1/orders/{number}', () => {
  it('returns the order for the right email (any case); wrong email and unknown number get the same 404', async () => {
    const v = await insertTestVariant(stack.t.primary, { sku: 'ORDER-1', available: 5, usd: 3000 });
    const id = await cartWith(v.sku, 3);
    const placed = await checkout(id, checkoutBody());
    const number: string = placed.body.order.number;
    const get = (n: string, email?: string) => call(orderRoute, 'GET', `/api/v1/orders/${n}${email === undefined ? '' : `?email=${encodeURIComponent(email)}`}`, { params: { number: n } });

    const res = await get(number.toLowerCase(), 'ADA@example.COM');
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const order = conforms(orderResponseSchema, res.body);
    expect(order).toMatchObject({ number, status: 'authorized', currency: 'USD', shippingMethod: 'standard' });
    expect(order.lines).toEqual([{ sku: 'ORDER-1', title: 'Product ORDER-1', variantTitle: 'One size', quantity: 3, unitPrice: 3000, lineTotal: 9000 }]);
    expect(order.totals).toEqual({ subtotal: 9000, shipping: 800, tax: 563, taxIncluded: false, total: 10363 });
    expect(order.timeline.map((e) => e.status)).toEqual(['pending_payment', 'authorized']);

    const wrongEmail = await get(number, 'eve@example.com');
    const unknown = await get('DS-999999', 'ada@example.com');
    expectError(wrongEmail, 404, 'not_found');
    expect(unknown.body).toEqual(wrongEmail.body);
    expectError(await get(number), 400, 'invalid_request');
  });
});

describe('the API as a whole', () => {
  it('serves the OpenAPI document', async () => {
    const res = await call(openapiRoute, 'GET', '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(openApiDocument());
  });

  it('answers unknown /api/v1 paths with a JSON 404', async () => {
    expectError(await call(unknownRoute, 'GET', '/api/v1/nothing/here', { params: { '*': 'nothing/here' } }), 404, 'not_found');
  });

  it('turns an unexpected failure into a 500 with the request id and no stack trace', async () => {
    // A real database without the shop's tables: the statement fails, the endpoint must not leak it.
    const other = new URL(stack.t.url);
    other.pathname = '/postgres';
    const down = createDatabases({ url: other.toString(), max: 1 });
    try {
      const res = await callRoute(productsRoute, { ...stack.context, db: down }, 'GET', '/api/v1/products');
      expectError(res, 500, 'internal');
      expect(res.body.error.requestId).toBe('req-api-test');
      expect(JSON.stringify(res.body)).not.toMatch(/relation|does not exist|products_/);
      // A database that cannot be reached at all is a calm 503 (issue 12), equally without details.
      const gone = createDatabases({ url: 'postgres://nobody:nothing@127.0.0.1:1/none', max: 1 });
      const unreachable = await callRoute(productsRoute, { ...stack.context, db: gone }, 'GET', '/api/v1/products');
      await gone.close();
      expectError(unreachable, 503, 'primary_unavailable');
      expect(JSON.stringify(unreachable.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      await down.close();
    }
  });
});
