// Issue 11 §2.4: the webhook routes refuse an oversized body while streaming it (413), before any
// signature check or database work — so the route needs nothing of its context to answer.
import type { ActionFunctionArgs } from '@remix-run/node';
import { describe, expect, it } from 'vitest';
import * as shopifyRoute from './routes/webhooks.shopify';
import * as stripeRoute from './routes/webhooks.stripe';

function endlessPost(path: string) {
  const stats = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(512 * 1024).fill(0x7b);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  const request = new Request(`http://shop.test${path}`, { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { request, stats };
}

describe('webhook routes', () => {
  it.each([
    ['/webhooks/stripe', stripeRoute.action],
    ['/webhooks/shopify', shopifyRoute.action],
  ])('%s answers 413 for an endless body after reading about its 1 MB limit', async (path, action) => {
    const { request, stats } = endlessPost(path);
    const res = (await action({ request, context: {}, params: {} } as unknown as ActionFunctionArgs)) as Response;
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(stats.cancelled).toBe(true);
    expect(stats.pulled).toBeLessThanOrEqual(4);
  });
});
