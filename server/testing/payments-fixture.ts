// Shared set-up for payment tests: a real test database, pg-boss, the Stripe emulator and the
// real SDK, plus a helper that places an authorized order through the real checkout.
import type { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server';
import { createBoss } from '../platform/boss';
import { createQueues } from '../platform/queues';
import { addToCart, createCart } from '../modules/cart';
import { checkoutIdempotently, type CheckoutDeps, type CheckoutInput, fanOutAuthorizedOrders } from '../modules/checkout';
import { createLogger } from '../platform/logger';
import { createOutbox } from '../platform/outbox';
import { createStripeClient } from '../integrations/stripe/client';
import { insertTestVariant } from './catalog-fixture';

export type PaymentsWorld = { t: TestDatabase; emulator: StripeEmulator; boss: PgBoss; deps: CheckoutDeps; close: () => Promise<void> };

export async function startPaymentsWorld(label: string): Promise<PaymentsWorld> {
  const t = await createTestDatabase(label);
  const emulator = await startStripeEmulator({ port: 0 });
  const boss = createBoss(t.url, createLogger('silent'), { max: 3 });
  await boss.start();
  await createQueues(boss);
  const deps: CheckoutDeps = {
    db: t.primary,
    stripe: createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_payments', STRIPE_API_BASE: emulator.url }, { maxNetworkRetries: 0 }),
    outbox: createOutbox(boss),
    publicUrl: 'http://shop.test',
    paymentTimeoutSeconds: 900,
  };
  return {
    t,
    emulator,
    boss,
    deps,
    close: async () => {
      await boss.stop({ graceful: false, close: true });
      await emulator.close();
      await t.drop();
    },
  };
}

/** A US checkout of `cartId` shipped to Oregon (no sales tax), as a shopper's form would send it. */
export const oregonCheckout = (cartId: string, paymentMethod = 'pm_card_visa'): CheckoutInput => ({
  cartId,
  region: 'us',
  email: 'finance@example.com',
  shippingAddress: { name: 'F', line1: '1 St', city: 'Portland', postalCode: '97201', region: 'OR', country: 'US' },
  shippingMethod: 'standard',
  paymentMethod,
});

/** Checks out a bag of `lines` (existing SKUs) through the real checkout; throws unless authorized. */
export async function authorizedOrderOf(w: PaymentsWorld, lines: { sku: string; qty: number }[], key?: string) {
  const cartId = await createCart(w.t.primary, 'us');
  for (const l of lines) await addToCart(w.t.primary, cartId, l.sku, l.qty);
  const res = await checkoutIdempotently(w.deps, key ?? `pay-${cartId}`, oregonCheckout(cartId));
  if (res.status !== 201 || !res.body.order) throw new Error(`checkout failed: ${JSON.stringify(res.body)}`);
  // What the order-authorized worker does a moment later: queue the email, the push, the safety capture.
  await fanOutAuthorizedOrders(w.deps, [res.body.order.id]);
  return res.body.order;
}

let n = 0;
/** Places and authorizes an order of `qty` × a fresh SKU priced `unit` (USD, shipped to Oregon: no sales tax). */
export async function authorizedOrder(w: PaymentsWorld, opts: { unit?: number; qty?: number } = {}) {
  const sku = `PAY-${process.pid}-${++n}`;
  const v = await insertTestVariant(w.t.primary, { sku, available: 50, usd: opts.unit ?? 10000 });
  const order = await authorizedOrderOf(w, [{ sku, qty: opts.qty ?? 2 }], `pay-${sku}`);
  return { orderId: order.id, number: order.number, total: order.total, variantId: v.variantId };
}
