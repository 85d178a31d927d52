// Workers for the outbound Shopify sync (ADR 012):
//   shopify.push-order                    the outbox job checkout sends; forwards the order into ↓
//   shopify.push-order.by-sku             key_strict_fifo, singletonKey = the order's smallest SKU;
//                                         pushes the order after its unacknowledged per-SKU past
//   shopify.release-committed-reservations every minute: confirm counts Shopify's second-precision
//                                         webhooks cannot prove, then commit reservations Shopify's count includes
//   shopify.retry-dead-letter             an admin's Retry: pg-boss retry of a dead-lettered push
import { sql } from 'drizzle-orm';
import { fromDrizzle, type PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import type { Logger } from '../server/platform/logger';
import { cancelOrderOnShopify, pushKeyForOrder, pushOrderInSkuOrder, runStockLifecycle, watchOversellRisk } from '../server/modules/shopify-sync';
import type { ShopifyClient } from '../server/integrations/shopify/client';
import { queues } from '../server/platform/queues';
import { workEach } from './work';
import { deadLetterCopies } from '../server/platform/job-state';

export type ShopifyPushJobDeps = {
  db: Databases;
  logger: Logger;
  shopify: Pick<ShopifyClient, 'graphql'>;
  /** Parallel pushes (different SKUs) per process (the FIFO queue's batch size). */
  concurrency?: number;
  /** Poll interval of the push queues (seconds, ≥ 0.5). */
  pollingIntervalSeconds?: number;
  /** Set false in tests/benches that drive the release pass themselves. */
  schedule?: boolean;
};

/** Queue the order on the FIFO-per-SKU queue (inside `tx` when given). Idempotent enough: a second job is a no-op push. */
export async function enqueueSkuOrderedPush(boss: PgBoss, db: Databases, orderId: string) {
  await db.primary.transaction(async (tx) => {
    await tx.execute(sql`
      insert into shopify_order_pushes (order_id, status, attempts) values (${orderId}::uuid, 'awaiting_shopify', 0)
      on conflict (order_id) do nothing`);
    const key = (await pushKeyForOrder(tx, orderId)) ?? `order:${orderId}`;
    await boss.send(queues.pushOrderToShopifyBySku, { orderId }, { singletonKey: key, db: fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql) });
  });
}

export async function registerShopifyPushJobs(boss: PgBoss, deps: ShopifyPushJobDeps) {
  const { db, logger } = deps;
  const polling = { pollingIntervalSeconds: deps.pollingIntervalSeconds ?? 1 };
  watchOversellRisk(db.primary);

  // Batches with per-job settlement, fetching again at once while batches come back full: a
  // backlog (Shopify was down) drains at Shopify's pace, not one job per poll.
  await workEach<{ orderId: string }>(boss, queues.pushOrderToShopify, { ...polling, batchSize: 50, concurrency: 1 }, async (job) => {
    await enqueueSkuOrderedPush(boss, db, job.data.orderId);
  });

  // key_strict_fifo hands out at most the head of each SKU key; the heads run in parallel.
  const concurrency = deps.concurrency ?? 8;
  await workEach<{ orderId: string }>(
    boss,
    queues.pushOrderToShopifyBySku,
    { ...polling, batchSize: concurrency, concurrency },
    async (job) => {
      const outcomes = await pushOrderInSkuOrder({ db: db.primary, shopify: deps.shopify }, job.data.orderId);
      for (const o of outcomes) if (o.result !== 'already_acknowledged') logger.info({ orderId: o.orderId, shopifyOrderId: o.shopifyOrderId, result: o.result }, 'order pushed to Shopify');
      // A stock pass a few seconds after the ack (one per 5 s slot), so the confirmation read
      // releases the reservation in seconds rather than at the next minute.
      if (outcomes.some((o) => o.result !== 'already_acknowledged')) {
        await boss.send(queues.releaseCommittedReservations, {}, { startAfter: 3, singletonKey: 'after-ack', singletonSeconds: 5 }).catch(() => null);
      }
    },
    (err, job) => logger.warn({ err, orderId: job.data.orderId }, 'Shopify push failed; will retry'),
  );

  await workEach<{ orderId: string }>(boss, queues.cancelShopifyOrder, { ...polling, concurrency: 2 }, async (job) => {
    const outcome = await cancelOrderOnShopify({ db: db.primary, shopify: deps.shopify, logger }, job.data.orderId);
    logger.info({ orderId: job.data.orderId, outcome }, 'order cancelled here: Shopify side');
  });

  await boss.work<{ queue: string; jobId: string }>(queues.retryShopifyDeadLetter, polling, async ([job]) => {
    const { queue, jobId } = job.data;
    if (queue !== queues.pushOrderToShopifyBySku && queue !== queues.pushOrderToShopify) throw new Error(`not a Shopify push queue: ${queue}`);
    const res = await boss.retry(queue, jobId);
    // The copy in the dead-letter queue has done its job once the original runs again.
    const copies = await deadLetterCopies(db.primary, queues.shopifyDeadLetter, jobId);
    if (copies.length) await boss.deleteJob(queues.shopifyDeadLetter, copies);
    logger.info({ queue, jobId, res }, 'dead-lettered Shopify push retried');
  });

  await boss.work(queues.releaseCommittedReservations, async () => {
    const { confirmed, confirmError, released, risks } = await runStockLifecycle(db.primary, deps.shopify);
    if (confirmError) logger.warn({ err: confirmError }, 'stock lifecycle pass: Shopify unavailable for the confirmation read; the next pass confirms');
    if (confirmed || released.length || risks.length) logger.info({ confirmed, released: released.length, oversellRisks: risks.length }, 'stock lifecycle pass');
  });
  if (deps.schedule !== false) await boss.schedule(queues.releaseCommittedReservations, '* * * * *');
}
