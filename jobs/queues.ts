// Every queue, its policy and its retry behaviour, in one place. Workers live one per module in
// jobs/; senders import the queue name from here so a typo cannot create a queue nobody works.
import type { PgBoss, Queue } from 'pg-boss';

export const queues = {
  purgeExpiredAdminSessions: 'maintenance.purge-expired-admin-sessions',
  purgeIdempotencyKeys: 'maintenance.purge-idempotency-keys',
  sendOrderConfirmation: 'orders.send-confirmation-email',
  pushOrderToShopify: 'shopify.push-order',
  recoverPendingOrder: 'checkout.recover-pending-order',
  sweepStalePendingOrders: 'checkout.sweep-stale-pending-orders',
  captureOrder: 'payments.capture-order',
  safetyCapture: 'payments.safety-capture',
  voidOrder: 'payments.void-order',
  sendRefund: 'payments.send-refund',
  processStripeEvent: 'stripe.process-event',
  reconcilePayments: 'payments.reconcile',
} as const;

export type QueueName = (typeof queues)[keyof typeof queues];

const retrying = { retryLimit: 10, retryDelay: 5, retryBackoff: true, retryDelayMax: 600 } satisfies Omit<Queue, 'name'>;

const definitions: Record<QueueName, Omit<Queue, 'name'>> = {
  [queues.purgeExpiredAdminSessions]: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
  [queues.purgeIdempotencyKeys]: { policy: 'singleton', retryLimit: 3, retryDelay: 30 },
  [queues.sendOrderConfirmation]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.pushOrderToShopify]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.recoverPendingOrder]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.sweepStalePendingOrders]: { policy: 'singleton', retryLimit: 1 },
  [queues.captureOrder]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.safetyCapture]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.voidOrder]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.sendRefund]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.processStripeEvent]: { ...retrying, deadLetter: 'dead-letter' },
  [queues.reconcilePayments]: { policy: 'singleton', retryLimit: 2, retryDelay: 60 },
};

export async function createQueues(boss: PgBoss): Promise<void> {
  await boss.createQueue('dead-letter', { retentionSeconds: 60 * 60 * 24 * 14 });
  for (const [name, options] of Object.entries(definitions)) {
    await boss.createQueue(name, options);
  }
}
