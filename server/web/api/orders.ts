// GET /api/v1/orders/{number}?email=: an order for whoever knows both its number and the email it
// was placed with. A wrong email and an unknown number get the same 404, so the endpoint cannot
// be used to learn which order numbers exist. Read from the primary: right after checkout the
// replica may not have the order yet.
import type { AppContext } from '../../platform/context';
import { findOrderNumberByEmail, getOrderByNumber } from '../../modules/orders';
import { ApiError, apiJson, assertMethod, handleApiRequest, parseQuery, type RouteParams } from './errors';
import { orderLookupQuerySchema, orderNumberSchema, type OrderResponse } from './schemas';

export function getOrderEndpoint(request: Request, params: RouteParams, context: AppContext): Promise<Response> {
  return handleApiRequest(context, async () => {
    assertMethod(request, 'GET', 'HEAD');
    const { email } = parseQuery(request, orderLookupQuerySchema);
    const number = orderNumberSchema.safeParse(params.number);
    const found = number.success ? await findOrderNumberByEmail(context.db.primary, number.data, email) : null;
    const detail = found ? await getOrderByNumber(context.db.primary, found) : null;
    if (!detail) throw new ApiError(404, 'not_found', 'No order matches that number and email.');
    const { order, lines, events } = detail;
    const body: OrderResponse = {
      number: order.number,
      status: order.status,
      currency: order.currency as OrderResponse['currency'],
      createdAt: order.createdAt.toISOString(),
      shippingMethod: order.shippingMethod,
      lines: lines.map((l) => ({ sku: l.sku, title: l.title, variantTitle: l.variantTitle, quantity: l.quantity, unitPrice: l.unitAmount, lineTotal: l.lineTotal })),
      totals: { subtotal: order.subtotal, shipping: order.shippingAmount, tax: order.taxAmount, taxIncluded: order.taxIncluded === 1, total: order.total },
      timeline: events.map((e) => ({ at: e.at.toISOString(), status: e.toStatus, note: e.note })),
    };
    return apiJson(body);
  });
}
