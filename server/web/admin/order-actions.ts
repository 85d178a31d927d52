// Admin actions on one order: mark fulfilled (→ capture), cancel (→ void), refund. Each starts
// with session + CSRF, checks the role, validates with zod (400 + field errors, nothing written)
// and is audit-logged — a refund attempt by a role that may not refund is logged and refused.
import { data } from '@remix-run/node';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { orders } from '../../../db/commerce-schema';
import type { AppContext } from '../../platform/context';
import { cancelOrder, markOrderFulfilled, PaymentActionError, requestRefund } from '../../modules/payments';
import { adminActor, can, writeAudit } from '../../modules/admin';
import { NO_STORE, requireAdminAction } from './session';
import { httpStatusOf } from '../http-status';

const refundForm = z.object({
  intent: z.literal('refund'),
  amount: z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'Enter a whole number of cents, e.g. 2500 for 25.00.')
    .transform(Number)
    .pipe(z.number().int().positive('The amount must be above zero.').max(100_000_000)),
  reason: z.string().trim().max(500).default(''),
  requestKey: z.string().min(8).max(200),
});
const orderForm = z.discriminatedUnion('intent', [z.object({ intent: z.literal('fulfil') }), z.object({ intent: z.literal('cancel') }), refundForm]);

export type OrderActionResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors: Record<string, string[]> };

export async function handleOrderAction(request: Request, context: AppContext, orderNumber: string) {
  const { admin, form } = await requireAdminAction(request, context);
  const actor = adminActor(admin, context);
  const [order] = await context.db.primary.select({ id: orders.id }).from(orders).where(eq(orders.number, orderNumber));
  if (!order) throw new Response('Order not found', { status: 404, headers: NO_STORE });
  const parsed = orderForm.safeParse(Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string')));
  const reply = (status: number, body: OrderActionResult) => data(body, { status, headers: NO_STORE });
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[String(i.path[0] ?? 'form')] ??= []).push(i.message);
    return reply(400, { ok: false, message: 'Please check the highlighted field.', fieldErrors });
  }
  const input = parsed.data;
  if (!can(admin.user.role, `orders.${input.intent}`)) {
    await writeAudit(context.db.primary, { ...actor, action: `order.${input.intent}.denied`, entityType: 'order', entityId: order.id, after: { role: admin.user.role, ...(input.intent === 'refund' ? { amount: input.amount } : {}) } });
    throw new Response('You do not have permission to do this.', { status: 403, headers: NO_STORE });
  }
  const deps = { db: context.db.primary, outbox: context.outbox };
  const sysActor = { actorType: 'admin' as const, actorId: String(admin.user.id), actorLabel: admin.user.email, requestId: context.requestId, ip: context.clientIp };
  try {
    switch (input.intent) {
      case 'fulfil':
        await markOrderFulfilled(deps, order.id, sysActor);
        return reply(200, { ok: true, message: 'Marked fulfilled. The payment is being captured.' });
      case 'cancel':
        await cancelOrder(deps, order.id, sysActor);
        return reply(200, { ok: true, message: 'Order cancelled; stock released and the authorization is being voided.' });
      case 'refund': {
        const r = await requestRefund(deps, { orderId: order.id, amount: input.amount, reason: input.reason, requestKey: input.requestKey }, sysActor);
        return reply(200, { ok: true, message: r.created ? 'Refund requested; it is being sent to Stripe.' : 'That refund was already requested.' });
      }
      default:
        throw new Error('unknown intent');
    }
  } catch (err) {
    if (err instanceof PaymentActionError) return reply(httpStatusOf(err), { ok: false, message: err.message, fieldErrors: err.field ? { [err.field]: [err.message] } : {} });
    throw err;
  }
}
