// POST /api/v1/carts, GET /api/v1/carts/{id}, POST /api/v1/carts/{id}/lines: the cart for API
// clients, identified by its id instead of the storefront's cookie. Carts are read from the
// primary: a client that just added a line must see it. Adding a line honours an optional
// Idempotency-Key, so a retried add is applied once.
import { addToCart, CartError, createCart, getCart, type CartView } from '../../modules/cart';
import type { AppContext } from '../../platform/context';
import { withIdempotency, type IdempotentResult, type StoredResponse } from '../../modules/checkout';
import { ApiError, apiJson, assertMethod, handleApiRequest, parseQuery, parseWith, readJsonBody, type ApiErrorBody, type RouteParams } from './errors';
import { readIdempotencyKey, replayHeaders } from './idempotency-header';
import { addCartLineRequestSchema, cartIdSchema, createCartRequestSchema, cartRegionQuerySchema, type CartResponse } from './schemas';
import { httpStatusOf } from '../http-status';

function cartNotFound(): ApiError {
  return new ApiError(404, 'cart_not_found', 'Cart not found.');
}

/** A malformed id is not a 400: no such cart exists, and Postgres never sees the bad uuid. */
export function parseCartId(params: RouteParams): string {
  const id = cartIdSchema.safeParse(params.id);
  if (!id.success) throw cartNotFound();
  return id.data.toLowerCase();
}

export function cartBody(cart: CartView): CartResponse {
  return {
    id: cart.id,
    region: cart.region,
    currency: cart.currency as CartResponse['currency'],
    lines: cart.lines.map((l) => ({
      sku: l.sku,
      productHandle: l.productHandle,
      productTitle: l.productTitle,
      variantTitle: l.variantTitle,
      imageUrl: l.imageUrl,
      quantity: l.quantity,
      unitPrice: l.unitAmount,
      lineTotal: l.lineTotal,
      problem: l.problem,
    })),
    itemCount: cart.itemCount,
    subtotal: cart.subtotal,
    checkedOut: cart.checkedOut,
  };
}

function cartErrorBody(err: CartError): ApiErrorBody {
  return { error: { code: err.code, message: err.message, ...(err.field ? { fieldErrors: { [err.field]: [err.message] } } : {}) } };
}

export function createCartEndpoint(request: Request, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'POST');
    const { region } = parseWith(createCartRequestSchema, await readJsonBody(request, { optional: true }), 'body');
    const id = await createCart(context.db.primary, region);
    return apiJson({ id, region }, { status: 201, headers: { Location: `/api/v1/carts/${id}` } });
  });
}

export function getCartEndpoint(request: Request, params: RouteParams, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'GET', 'HEAD');
    const cartId = parseCartId(params);
    const { region } = parseQuery(request, cartRegionQuerySchema);
    // The region's reader (replica, or the primary until it has this client's last write; an API
    // client that keeps cookies gets read-your-writes like a browser).
    const cart = await getCart(context.db.replica, cartId, region);
    if (!cart) throw cartNotFound();
    return apiJson(cartBody(cart));
  });
}

export function addCartLineEndpoint(request: Request, params: RouteParams, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'POST');
    const cartId = parseCartId(params);
    const { region } = parseQuery(request, cartRegionQuerySchema);
    const key = readIdempotencyKey(request, { required: false });
    const line = parseWith(addCartLineRequestSchema, await readJsonBody(request), 'body');
    const db = context.db.primary;
    // Expected refusals (unknown SKU, sold out) are answers, stored like successes: a retry with
    // the same key gets the same answer, as with Stripe's idempotency.
    const add = async (): Promise<StoredResponse> => {
      try {
        await addToCart(db, cartId, line.sku, line.quantity);
      } catch (err) {
        if (err instanceof CartError) return { status: httpStatusOf(err), body: cartErrorBody(err) };
        throw err;
      }
      const cart = await getCart(db, cartId, region);
      if (!cart) return { status: 404, body: { error: { code: 'cart_not_found', message: 'Cart not found.' } } };
      return { status: 201, body: cartBody(cart) };
    };
    const result: IdempotentResult = key
      ? await withIdempotency(db, { scope: `api:cart-lines:${cartId}`, key, request: { ...line, region } }, add)
      : { ...(await add()), replayed: false };
    return apiJson(result.body, { status: result.status, headers: replayHeaders(result.replayed) });
  });
}
