// Every queue, its policy and its retry behaviour, in one place. Workers live one per module in
// jobs/; senders import the queue name from here so a typo cannot create a queue nobody works.
import type { PgBoss, Queue } from 'pg-boss';

export const queues = {
  purgeExpiredAdminSessions: 'maintenance.purge-expired-admin-sessions',
  purgeIdempotencyKeys: 'maintenance.purge-idempotency-keys',
  sendOrderConfirmation: 'orders.send-confirmation-email',
  pushOrderToShopify: 'shopify.push-order',
  recoverPendingOrder: 'checkout.recover-pending-order',
  // One row per authorized order, fanned out by its worker to the email, the push and the safety capture.
  orderAuthorized: 'checkout.order-authorized',
  confirmPayment: 'checkout.confirm-payment',
  sweepStalePendingOrders: 'checkout.sweep-stale-pending-orders',
  captureOrder: 'payments.capture-order',
  safetyCapture: 'payments.safety-capture',
  voidOrder: 'payments.void-order',
  sendRefund: 'payments.send-refund',
  processStripeEvent: 'stripe.process-event',
  // Shopify inbound: apply a verified webhook from the inbox; hourly catalog + stock reconcile.
  applyShopifyWebhook: 'shopify.apply-webhook',
  reconcileShopifyCatalog: 'shopify.reconcile-catalog',
  // Every 15 minutes (and on an owner's request): DotShop's stock vs Shopify's, whole catalog (ADR 028).
  inventoryDriftPass: 'shopify.inventory-drift-pass',
  reconcilePayments: 'payments.reconcile',
  // Shopify outbound (ADR 012). `shopify.push-order` above stays the outbox queue checkout sends to;
  // its worker forwards each order into the FIFO-per-SKU queue below (pg-boss cannot change an
  // existing queue's policy, and key_strict_fifo needs a singletonKey on every send).
  shopifyDeadLetter: 'shopify.dead-letter',
  pushOrderToShopifyBySku: 'shopify.push-order.by-sku',
  releaseCommittedReservations: 'shopify.release-committed-reservations',
  retryShopifyDeadLetter: 'shopify.retry-dead-letter',
  // An order cancelled here after it may have reached Shopify: cancel it there (ADR 021).
  cancelShopifyOrder: 'shopify.cancel-order',
  // An owner's Retry / Discard of a failed (dead-lettered) job of any queue, from /admin/jobs.
  settleFailedJob: 'jobs.settle-failed',
} as const;

/** The queues that hold dead-letter copies (not work of their own). */
export const DEAD_LETTER_QUEUES = ['dead-letter', queues.shopifyDeadLetter] as const;

export type QueueName = (typeof queues)[keyof typeof queues];

const retrying = { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 600 } satisfies Omit<Queue, 'name'>;

const definitions: Record<QueueName, Omit<Queue, 'name'>> = {
  [queues.purgeExpiredAdminSessions]: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
  [queues.purgeIdempotencyKeys]: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
  [queues.sendOrderConfirmation]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.pushOrderToShopify]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.recoverPendingOrder]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.orderAuthorized]: { ...retrying, retryDelay: 2, deadLetter: 'dead-letter' },
  // Stripe did not answer a checkout in time: 3 s, then 2 s doubling to 60 s, ~15 min in all (the
  // abandoned-payment recovery decides after that).
  [queues.confirmPayment]: { retryLimit: 20, retryDelay: 2, retryBackoff: true, retryDelayMax: 60, deadLetter: 'dead-letter' },
  [queues.sweepStalePendingOrders]: { policy: 'singleton', retryLimit: 1 },
  [queues.captureOrder]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.safetyCapture]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.voidOrder]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.sendRefund]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.processStripeEvent]: { ...retrying, deadLetter: 'dead-letter' },
  // notify: the inbound lag is a product metric (aim p50 ≤ 100 ms), so its worker is woken by
  // LISTEN/NOTIFY at the webhook's commit. Not on the checkout's outbox queues: a NOTIFY in a
  // transaction takes a database-wide lock at commit, which would serialize checkouts.
  [queues.applyShopifyWebhook]: { ...retrying, retryDelay: 2, deadLetter: 'dead-letter', notify: true },
  [queues.reconcileShopifyCatalog]: { policy: 'singleton', retryLimit: 2, retryDelay: 60 },
  [queues.reconcilePayments]: { policy: 'singleton', retryLimit: 2, retryDelay: 60 },
  // One pass at a time; Shopify failing is recorded on the pass, not thrown, so only a database
  // failure retries (and, exhausted, dead-letters).
  [queues.inventoryDriftPass]: { policy: 'singleton', retryLimit: 2, retryDelay: 60, deadLetter: 'dead-letter' },
  [queues.shopifyDeadLetter]: { retentionSeconds: 60 * 60 * 24 * 14 },
  // One key per SKU: a failing head holds back only its own SKU's later orders. Backoff 2 s → 5 min,
  // ~70 min in all before the dead-letter queue, so a Shopify outage of an hour drains by itself.
  [queues.pushOrderToShopifyBySku]: {
    policy: 'key_strict_fifo',
    retryLimit: 20,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 300,
    deadLetter: queues.shopifyDeadLetter,
    retentionSeconds: 60 * 60 * 24 * 14,
  },
  // A database blip (a restart) is retried; Shopify being down does not fail the pass at all.
  [queues.releaseCommittedReservations]: { policy: 'singleton', retryLimit: 5, retryDelay: 5, retryBackoff: true, retryDelayMax: 60 },
  [queues.retryShopifyDeadLetter]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.cancelShopifyOrder]: { ...retrying, retryLimit: 20, retryDelayMax: 300, deadLetter: queues.shopifyDeadLetter },
  [queues.settleFailedJob]: { retryLimit: 3, retryDelay: 5 },
};

/**
 * A job's worker proves it is alive every 5 s (pg-boss heartbeats, at half this interval); the
 * supervisor retries a job whose worker went silent (kill -9, a crash, a lost host) about 10 s
 * later, instead of leaving it `active` until the default 15-minute expiry (found by the fault
 * suite: confirmation emails and Shopify pushes held back that long after a worker crash).
 */
export const HEARTBEAT_SECONDS = 10;

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue('dead-letter', { retentionSeconds: 60 * 60 * 24 * 14 });
  for (const [name, options] of Object.entries(definitions)) {
    await boss.createQueue(name, { heartbeatSeconds: HEARTBEAT_SECONDS, ...options });
    // createQueue leaves an existing queue as it was; carry these settings to queues made earlier.
    await boss.updateQueue(name, { notify: options.notify ?? false, heartbeatSeconds: HEARTBEAT_SECONDS });
  }
}
