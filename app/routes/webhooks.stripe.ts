// POST /webhooks/stripe: verify, record once, acknowledge. The work happens in a job.
import type { ActionFunctionArgs } from '@remix-run/node';
import { BodyTooLargeError, MAX_WEBHOOK_BODY_BYTES, readBodyText, webhookBodyTooLarge } from '~/services/web.server';
import { receiveStripeWebhook } from '~/services/payments.server';

export async function loader() {
  return Response.json({ error: { code: 'method_not_allowed', message: 'POST only.' } }, { status: 405, headers: { Allow: 'POST' } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== 'POST') return loader();
  let raw: string;
  try {
    raw = await readBodyText(request, MAX_WEBHOOK_BODY_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return webhookBodyTooLarge(err);
    throw err;
  }
  const res = await receiveStripeWebhook(
    { db: context.db.primary, stripe: context.stripe, outbox: context.outbox, webhookSecret: context.config.STRIPE_WEBHOOK_SECRET },
    raw,
    request.headers.get('stripe-signature'),
  );
  if (res.status !== 200) context.logger.warn({ status: res.status }, 'rejected a Stripe webhook');
  return Response.json(res.body, { status: res.status, headers: { 'Cache-Control': 'no-store' } });
}
