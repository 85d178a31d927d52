// POST /webhooks/shopify: verify the HMAC on the raw body, record once (inbox + apply job in one
// transaction), acknowledge. The work happens in the shopify.apply-webhook job.
import type { ActionFunctionArgs } from '@remix-run/node';
import { BodyTooLargeError, MAX_WEBHOOK_BODY_BYTES, readBodyText, webhookBodyTooLarge } from '~/services/web.server';
import { receiveShopifyWebhook } from '~/services/shopify-sync.server';

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
  const res = await receiveShopifyWebhook({ db: context.db.primary, outbox: context.outbox, shopify: context.shopify, logger: context.logger }, request, raw);
  if (res.status !== 200) context.logger.warn({ status: res.status, topic: request.headers.get('x-shopify-topic') }, 'rejected a Shopify webhook');
  return Response.json(res.body, { status: res.status, headers: { 'Cache-Control': 'no-store' } });
}
