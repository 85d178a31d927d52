// Shared set-up for payment tests: a real test database, pg-boss, the Stripe emulator and the
// real SDK, plus a helper that places an authorized order through the real checkout.
import type { PgBoss } from 'pg-boss';
import { createTestDatabase, type TestDatabase } from '../../db/testing/database';
import { startStripeEmulator, type StripeEmulator } from '../../emulators/stripe/server';
import { createBoss } from '../platform/boss';
import { createQueues } from '../platform/queues';
import { addToCart, createCart } from '../modules/cart';
import { checkoutIdempotently, type CheckoutDeps } from '../modules/checkout';
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

let n = 0;
/** Places and authorizes an order of `qty` × a fresh SKU priced `unit` (USD, shipped to Oregon: no sales tax). */
export async function authorizedOrder(w: PaymentsWorld, opts: { unit?: number; qty?: number } = {}) {
  const sku = `PAY-${process.pid}-${++n}`;
  const v = await insertTestVariant(w.t.primary, { sku, available: 50, usd: opts.unit ?? 10000 });
  const cartId = await createCart(w.t.primary, 'us');
  await addToCart(w.t.primary, cartId, sku, opts.qty ?? 2);
  const res = await checkoutIdempotently(w.deps, `pay-${sku}`, {
    cartId,
    region: 'us',
    email: 'finance@example.com',
    shippingAddress: { name: 'F', line1: '1 St', city: 'Portland', postalCode: '97201', region: 'OR', country: 'US' },
    shippingMethod: 'standard',
    paymentMethod: 'pm_card_visa',
  });
  if (res.status !== 201 || !res.body.order) throw new Error(`checkout failed: ${JSON.stringify(res.body)}`);
  return { orderId: res.body.order.id, number: res.body.order.number, total: res.body.order.total, variantId: v.variantId };
}
