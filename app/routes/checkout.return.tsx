// Where the 3-D Secure page sends the shopper back: ask Stripe what happened to the order's
// PaymentIntent (never trust the query string), record it, and continue the same order.
import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { resumeAfterAuthentication } from '~/services/checkout.server';
import { orderAccessToken } from '~/services/orders.server';

export const headers = () => ({ 'Cache-Control': 'no-store' });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const orderId = new URL(request.url).searchParams.get('order') ?? '';
  if (!/^[0-9a-f-]{36}$/.test(orderId)) throw new Response('Not found', { status: 404 });
  const resumed = await resumeAfterAuthentication({ db: context.db.primary, stripe: context.stripe, outbox: context.outbox }, orderId);
  if (!resumed) throw new Response('Not found', { status: 404 });
  const { order, outcome } = resumed;
  const orderPage = `/orders/${order.number}?token=${orderAccessToken(order.number, context.config.SESSION_SECRET)}&placed=1`;
  if (outcome?.kind === 'declined') return redirect(`/checkout?payment=failed&message=${encodeURIComponent(outcome.message)}`);
  if (outcome?.kind === 'requires_action') return redirect(outcome.redirectUrl);
  if (!outcome && (order.status === 'payment_failed' || order.status === 'cancelled')) return redirect('/checkout?payment=failed');
  return redirect(orderPage);
}
