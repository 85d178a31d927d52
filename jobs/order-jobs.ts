// Workers for the checkout outbox: the confirmation email, the Shopify order push (jobs/
// shopify-push-jobs.ts: FIFO per SKU, idempotent, dead-lettered; ADR 012), and the recovery of
// orders left pending_payment.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import { confirmPayment, fanOutAuthorizedOrders, recoverPendingOrder, purgeExpiredIdempotencyKeys, sweepPendingOrders } from '../server/modules/checkout';
import { loadConfig } from '../server/platform/config';
import { sendOrderConfirmation } from '../server/modules/orders';
import type { Logger } from '../server/platform/logger';
import type { Outbox } from '../server/platform/outbox';
import type { PurgeAdapter } from '../server/platform/purge';
import { createShopifyClient, type ShopifyClient } from '../server/integrations/shopify/client';
import type { Stripe } from '../server/integrations/stripe/client';
import { queues } from '../server/platform/queues';
import { registerShopifyPushJobs } from './shopify-push-jobs';
import { workEach } from './work';

type Deps = {
  db: Databases;
  logger: Logger;
  stripe: Stripe;
  outbox: Outbox;
  publicUrl: string;
  /** The Shopify Admin client for order pushes; built from the config (SHOPIFY_*) when absent. */
  shopify?: Pick<ShopifyClient, 'graphql'>;
  /** Storefront purges: a sale that leaves a product low or sold out purges its pages. */
  purger?: PurgeAdapter;
};

export async function registerOrderJobs(boss: PgBoss, deps: Deps) {
  const { db, logger } = deps;
  const warn = (what: string) => (err: unknown, job: { id: string; data: object }) => logger.warn({ err, jobId: job.id, ...job.data }, `${what} failed; will retry`);
  await workEach<{ orderId: string }>(boss, queues.sendOrderConfirmation, { concurrency: 4 }, async (job) => {
    const result = await sendOrderConfirmation(db.primary, job.data.orderId, deps.publicUrl, loadConfig().SESSION_SECRET);
    logger.info({ orderId: job.data.orderId, result }, 'order confirmation email');
  }, warn('confirmation email'));
  await registerShopifyPushJobs(boss, { db, logger, shopify: deps.shopify ?? createShopifyClient(loadConfig()) });
  await workEach<{ orderId: string }>(boss, queues.recoverPendingOrder, { concurrency: 4 }, async (job) => {
    const status = await recoverPendingOrder({ db: db.primary, stripe: deps.stripe, outbox: deps.outbox, logger }, job.data.orderId, { abandonIncomplete: true });
    logger.info({ orderId: job.data.orderId, status }, 'pending order recovered');
  }, warn('pending-order recovery'));
  await workEach<{ orderId: string; paymentMethod: string; publicUrl?: string }>(boss, queues.confirmPayment, { concurrency: 4 }, async (job) => {
    const status = await confirmPayment(
      { db: db.primary, stripe: deps.stripe, outbox: deps.outbox, logger, publicUrl: job.data.publicUrl ?? deps.publicUrl, paymentTimeoutSeconds: loadConfig().CHECKOUT_PAYMENT_TIMEOUT_SECONDS },
      job.data.orderId,
      job.data.paymentMethod,
    );
    logger.info({ orderId: job.data.orderId, status }, 'payment confirmed after a Stripe outage');
  }, warn('payment confirmation'));
  await registerOrderAuthorizedFanOut(boss, { db, outbox: deps.outbox, purger: deps.purger });
  // Orders left pending: re-checked with Stripe after 2 minutes (crash recovery), given up after
  // the payment timeout (abandoned payments) — every minute, oldest first.
  await boss.schedule(queues.sweepStalePendingOrders, '* * * * *');
  await boss.work(queues.sweepStalePendingOrders, async () => {
    const paymentTimeoutSeconds = loadConfig().CHECKOUT_PAYMENT_TIMEOUT_SECONDS;
    await sweepPendingOrders({ db: db.primary, stripe: deps.stripe, outbox: deps.outbox, logger, paymentTimeoutSeconds }, 200);
  });
  await boss.schedule(queues.purgeIdempotencyKeys, '23 * * * *');
  await boss.work(queues.purgeIdempotencyKeys, async () => {
    const purged = await purgeExpiredIdempotencyKeys(db.primary);
    logger.info({ purged }, 'purged expired idempotency keys');
  });
}

/**
 * One row per authorized order, fanned out many orders at a time (one insert per queue per batch);
 * each order's jobs carry its checkout's `traceparent`, so one checkout stays one trace.
 */
export async function registerOrderAuthorizedFanOut(boss: PgBoss, deps: { db: Databases; outbox: Outbox; purger?: PurgeAdapter }, opts: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  await boss.work<{ orderId: string; traceparent?: string }>(queues.orderAuthorized, { batchSize: 100, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 }, async (jobs) => {
    const traceparents = new Map(jobs.map((j) => [j.data.orderId, j.data.traceparent]));
    await fanOutAuthorizedOrders({ db: deps.db.primary, outbox: deps.outbox, purger: deps.purger }, jobs.map((j) => j.data.orderId), (id) => traceparents.get(id));
  });
}
