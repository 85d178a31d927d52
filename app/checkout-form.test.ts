// The HTML checkout form's action when Stripe does not answer in time (issue 11 §2.3): the shopper
// is sent to the order page with the order number and a "confirming your payment" notice — never
// to an empty bag — and the page shows the order confirmed once the background job has run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as checkoutRoute from './routes/checkout';
import * as orderRoute from './routes/orders.$number';
import { sql } from 'drizzle-orm';
import { addToCart, createCart } from '../server/modules/cart';
import { confirmPayment } from '../server/modules/checkout';
import { insertTestVariant } from '../server/testing/catalog-fixture';
import { cartCookie } from '../server/web/cart-cookie';
import { createStripeClient } from '../server/integrations/stripe/client';
import { startApiTestStack, type ApiTestStack } from '../server/web/api/test-context';

let stack: ApiTestStack;
beforeAll(async () => {
  stack = await startApiTestStack('checkout-form');
  // The web's Stripe client: one try, a short timeout (STRIPE_TIMEOUT_MS in production is 4 s).
  stack.context.stripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: stack.emulator.url }, { maxNetworkRetries: 0, timeoutMs: 300 });
});
afterAll(async () => {
  await stack?.close();
});

describe('checkout form while Stripe hangs', () => {
  it('redirects to the placed order with its number, then shows it confirmed once the payment is', async () => {
    const { context, emulator } = stack;
    const v = await insertTestVariant(context.db.primary, { sku: 'FORM-SLOW-1', available: 4 });
    const cartId = await createCart(context.db.primary, 'us');
    await addToCart(context.db.primary, cartId, v.sku, 1);
    const cookie = (await cartCookie(context.config).serialize(cartId)).split(';')[0];
    const form = new URLSearchParams({
      intent: 'place-order',
      idempotencyKey: 'form-slow-stripe-1',
      email: 'slow@example.com',
      name: 'Ada Lovelace',
      line1: '1 Main St',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      country: 'US',
      shippingMethod: 'standard',
      cardNumber: '4242 4242 4242 4242',
    });
    emulator.setFaults({ scope: '/v1/payment_intents', method: 'POST', latencyMs: 1000, count: 1 });
    const request = new Request('http://shop.test/checkout', { method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form });
    const res = (await checkoutRoute.action({ request, params: {}, context } as never).catch((r: unknown) => r)) as Response;
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('Location')!, 'http://shop.test');
    expect(location.pathname).toMatch(/^\/orders\/[A-Z0-9-]+$/);
    expect(location.searchParams.get('placed')).toBe('1');
    const number = location.pathname.split('/').pop()!;

    const page = async () => {
      const r = (await orderRoute.loader({ request: new Request(location), params: { number }, context } as never)) as unknown as { data: { order: { status: string; number: string } } };
      return r.data.order;
    };
    expect(await page()).toMatchObject({ number, status: 'pending_payment' });
    expect(orderRoute.meta({ data: { order: { status: 'pending_payment', number } } } as never)).toContainEqual({ httpEquiv: 'refresh', content: '5' });

    // The background job (what the worker runs) confirms it once Stripe answers.
    await new Promise((r) => setTimeout(r, 1500));
    const [row] = await context.db.primary.execute<{ id: string }>(sql`select id from orders where number = ${number}`);
    // What the web queued for the worker: the payment method and the return URL of the first try.
    const [{ data: job }] = await context.db.primary.execute<{ data: { paymentMethod: string; publicUrl: string } }>(sql`select data from pgboss.job where name = 'checkout.confirm-payment' and data->>'orderId' = ${row.id}`);
    const workerStripe = createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_API_BASE: emulator.url });
    await confirmPayment({ db: context.db.primary, stripe: workerStripe, outbox: context.outbox, publicUrl: job.publicUrl, paymentTimeoutSeconds: 900 }, row.id, job.paymentMethod);
    expect(await page()).toMatchObject({ number, status: 'authorized' });
  });
});
