// POST /api/v1/carts/{id}/checkout: the same idempotent place-order as the checkout form
// (`checkoutIdempotently`), reached with a required Idempotency-Key and a JSON body validated per
// region. Nothing is written until the body is valid; the answer is the domain's stored
// status/body, replayed as-is for a retry, minus internal ids.
import { type CheckoutResponseBody, checkoutIdempotently } from '../../modules/checkout';
import type { AppContext } from '../../platform/context';
import { apiJson, assertMethod, handleApiRequest, parseWith, readJsonBody, type RouteParams } from './errors';
import { parseCartId } from './carts';
import { readIdempotencyKey, replayHeaders } from './idempotency-header';
import { checkoutRequestSchema, type CheckoutApiBody } from './schemas';

/** The stored checkout answer as API clients see it: the order's internal uuid stays inside. */
export function publicCheckoutBody(body: CheckoutResponseBody): CheckoutApiBody {
  const out: CheckoutApiBody = {};
  if (body.order) {
    const { number, status, total, currency } = body.order;
    out.order = { number, status, total, currency: currency as NonNullable<CheckoutApiBody['order']>['currency'] };
  }
  if (body.next_action) out.next_action = { type: body.next_action.type, redirect_url: body.next_action.redirect_url };
  if (body.error) {
    const { code, message, detail, skus } = body.error;
    out.error = { code, message, ...(detail !== undefined ? { detail } : {}), ...(skus !== undefined ? { skus } : {}) };
  }
  return out;
}

export function checkoutEndpoint(request: Request, params: RouteParams, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'POST');
    const cartId = parseCartId(params);
    const key = readIdempotencyKey(request, { required: true })!;
    const input = parseWith(checkoutRequestSchema, await readJsonBody(request), 'body');
    const result = await checkoutIdempotently(
      {
        db: context.db.primary,
        stripe: context.stripe,
        outbox: context.outbox,
        logger: context.logger,
        publicUrl: context.config.PUBLIC_URL,
        paymentTimeoutSeconds: context.config.CHECKOUT_PAYMENT_TIMEOUT_SECONDS,
      },
      key,
      // Only the parsed fields go on: whatever else the client sent (prices, totals) is gone.
      { cartId, region: input.region, email: input.email, shippingAddress: input.shippingAddress, shippingMethod: input.shippingMethod, paymentMethod: input.paymentMethod },
    );
    return apiJson(publicCheckoutBody(result.body), { status: result.status, headers: replayHeaders(result.replayed) });
  });
}
