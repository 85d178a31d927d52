// The outbox on real pg-boss: a job sent in a rolled-back transaction never existed; a committed
// one survives the process that sent it (a new pg-boss instance picks it up) and its worker is
// safe to run twice.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emails, orders, shopifyOrderPushes } from '../db/commerce-schema';
import { createTestDatabase, type TestDatabase } from '../db/testing/database';
import { createLogger } from '../server/platform/logger';
import { createOutbox } from '../server/platform/outbox';
import { createStripeClient } from '../server/integrations/stripe/client';
import { createBoss } from '../server/platform/boss';
import { registerOrderJobs } from './order-jobs';
import { createQueues, queues } from '../server/platform/queues';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase('jobs');
});
afterAll(async () => t?.drop());

const logger = createLogger('silent');

async function insertOrder() {
  const [o] = await t.primary
    .insert(orders)
    .values({ email: 'jobs@example.com', region: 'us', currency: 'USD', subtotal: 1000, shippingAmount: 0, taxAmount: 0, total: 1000, shippingMethod: 'standard', shippingAddress: {}, status: 'authorized' })
    .returning({ id: orders.id, number: orders.number });
  return o;
}

const jobCount = async (orderId: string) =>
  (await t.primary.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where data->>'orderId' = ${orderId}`))[0].n;

describe('outbox jobs', () => {
  it('a job sent inside a rolled-back transaction never exists; a committed one survives a restart and runs once', async () => {
    const sender = createBoss(t.url, logger, { max: 2 });
    await sender.start();
    await createQueues(sender);
    const outbox = createOutbox(sender);
    const rolledBack = await insertOrder();
    await t.primary
      .transaction(async (tx) => {
        await outbox.send(tx, queues.sendOrderConfirmation, { orderId: rolledBack.id });
        tx.rollback();
      })
      .catch(() => {});
    expect(await jobCount(rolledBack.id)).toBe(0);

    const committed = await insertOrder();
    await t.primary.transaction(async (tx) => {
      await outbox.send(tx, queues.sendOrderConfirmation, { orderId: committed.id });
      await outbox.send(tx, queues.pushOrderToShopify, { orderId: committed.id });
    });
    // The sending process goes away before any worker ran.
    await sender.stop({ graceful: false, close: true });
    expect(await jobCount(committed.id)).toBe(2);

    const worker = createBoss(t.url, logger, { max: 3 });
    await worker.start();
    await registerOrderJobs(worker, {
      db: t,
      logger,
      stripe: createStripeClient({ STRIPE_SECRET_KEY: 'sk_test_unused', STRIPE_API_BASE: 'http://127.0.0.1:9' }),
      outbox: createOutbox(worker),
      publicUrl: 'http://shop.test',
      // Shopify is out of this test's scope (server/shopify-push.server.test.ts pushes for real).
      shopify: { graphql: async () => Promise.reject(new Error('Shopify is not reachable from this test')) },
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [mail] = await t.primary.select().from(emails).where(eq(emails.orderId, committed.id));
      const [push] = await t.primary.select().from(shopifyOrderPushes).where(eq(shopifyOrderPushes.orderId, committed.id));
      if (mail && push) {
        expect(mail.subject).toBe(`Your DotShop order ${committed.number}`);
        // The outbox job ran: the push is recorded (then retried against Shopify; see ADR 012).
        expect(['awaiting_shopify', 'failing']).toContain(push.status);
        break;
      }
      if (Date.now() > deadline) throw new Error('jobs did not run within 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    await worker.stop({ graceful: false, close: true });
  });

  it('the confirmation email is sent once however often its job runs', async () => {
    const { sendOrderConfirmation } = await import('../server/modules/orders/emails');
    const o = await insertOrder();
    const secret = 's'.repeat(40);
    expect(await sendOrderConfirmation(t.primary, o.id, 'http://shop.test', secret)).toBe('sent');
    expect(await sendOrderConfirmation(t.primary, o.id, 'http://shop.test', secret)).toBe('already_sent');
    const rows = await t.primary.select().from(emails).where(eq(emails.orderId, o.id));
    expect(rows).toHaveLength(1);
    // The link is the signed order page: the email address is not in any URL (issue 11 §2.6).
    const [{ orderAccessToken }, [order]] = await Promise.all([import('../server/modules/orders'), t.primary.select().from(orders).where(eq(orders.id, o.id))]);
    expect(rows[0].text).toContain(`http://shop.test/orders/${order.number}?token=${orderAccessToken(order.number, secret)}`);
    expect(rows[0].text).not.toContain(encodeURIComponent(order.email));
    expect(rows[0].text).not.toMatch(/[?&]email=/);
  });
});
