// Issue 11 §2.6: the order lookup takes number + email in a POST body (never the URL, so never the
// logs), answers 400 / 404 / a redirect with the signed token, and is throttled per address.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lookupRoute from './routes/orders.lookup';
import { insertTestVariant } from '../server/testing/catalog-fixture';
import { addToCart, createCart } from '../server/modules/cart';
import { checkoutIdempotently } from '../server/modules/checkout';
import { orderLookupRateLimit } from '../server/platform/rate-limit';
import { startApiTestStack, type ApiTestStack } from '../server/web/api/test-context';

let stack: ApiTestStack;
beforeAll(async () => {
  stack = await startApiTestStack('order-lookup');
});
afterAll(async () => {
  await stack?.close();
});

const post = (fields: Record<string, string>) =>
  lookupRoute.action({ request: new Request('http://shop.test/orders/lookup', { method: 'POST', body: new URLSearchParams(fields) }), params: {}, context: stack.context } as never).catch((r: unknown) => r) as Promise<Response | { init: { status: number } | null; data: { message: string | null; fieldErrors: Record<string, string[]> } }>;

describe('order lookup', () => {
  it('finds the order from a POSTed number + email, with one message for every miss', async () => {
    const { context } = stack;
    const v = await insertTestVariant(context.db.primary, { sku: 'LOOKUP-1', available: 5 });
    const cartId = await createCart(context.db.primary, 'us');
    await addToCart(context.db.primary, cartId, v.sku, 1);
    const placed = await checkoutIdempotently(
      { db: context.db.primary, stripe: context.stripe, outbox: context.outbox, publicUrl: 'http://shop.test', paymentTimeoutSeconds: 900 },
      'lookup-key-1',
      { cartId, region: 'us', email: 'Look@Example.com', shippingAddress: { name: 'A B', line1: '1 Main St', city: 'Austin', postalCode: '78701', region: 'TX', country: 'US' }, shippingMethod: 'standard', paymentMethod: 'pm_card_visa' },
    );
    const number = placed.body.order!.number;
    const found = (await post({ number, email: 'look@example.com' })) as Response;
    expect(found.status).toBe(302);
    expect(found.headers.get('Location')).toMatch(new RegExp(`^/orders/${number}\\?token=[A-Za-z0-9_-]+$`));
    const wrong = (await post({ number, email: 'other@example.com' })) as { init: { status: number }; data: { message: string } };
    expect(wrong.init.status).toBe(404);
    expect(wrong.data.message).toBe('We could not find an order with that number and email.');
    const invalid = (await post({ number: '', email: 'nope' })) as { init: { status: number }; data: { fieldErrors: Record<string, string[]> } };
    expect(invalid.init.status).toBe(400);
    expect(Object.keys(invalid.data.fieldErrors).sort()).toEqual(['email', 'number']);
  });

  it('never reads the email from the URL: an old link lands on the form without it', async () => {
    const r = (await lookupRoute.loader({ request: new Request('http://shop.test/orders/lookup?number=DS-1&email=a%40b.c'), params: {}, context: stack.context } as never).catch((x: unknown) => x)) as Response;
    expect(r.status).toBe(302);
    expect(r.headers.get('Location')).toBe('/orders/lookup?number=DS-1');
  });

  it('is throttled per address (429 with a page after the limit)', async () => {
    const app = express();
    app.post('/orders/lookup', orderLookupRateLimit(3), (_req, res) => {
      res.send('looked up');
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders/lookup`;
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(url, { method: 'POST' })).status);
    server.close();
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
