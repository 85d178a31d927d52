// Workers for money after authorization: capture on fulfilment, the day-6 safety capture, voids
// and refunds. Each calls Stripe with an idempotency key derived from the order or refund, so a
// job that runs twice (crash, redelivery) moves money once.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import type { Logger } from '../server/platform/logger';
import type { Outbox } from '../server/platform/outbox';
import { captureOrder, sendRefundToStripe, voidOrderAuthorization, processStripeEvent } from '../server/modules/payments';
import type { Stripe } from '../server/integrations/stripe/client';
import { queues } from '../server/platform/queues';
import { workEach } from './work';

type Deps = { db: Databases; logger: Logger; stripe: Stripe; outbox: Outbox };

export async function registerPaymentJobs(boss: PgBoss, deps: Deps) {
  const warn = (err: unknown, job: { id: string; data: object }) => deps.logger.warn({ err, jobId: job.id, ...job.data }, 'payment job failed; will retry');
  const p = { db: deps.db.primary, stripe: deps.stripe, outbox: deps.outbox };
  await workEach<{ orderId: string }>(boss, queues.captureOrder, { concurrency: 4 }, async (job) => {
    const status = await captureOrder(p, job.data.orderId);
    deps.logger.info({ orderId: job.data.orderId, status }, 'capture');
  }, warn);
  await workEach<{ orderId: string }>(boss, queues.safetyCapture, { concurrency: 4 }, async (job) => {
    const status = await captureOrder(p, job.data.orderId, { safety: true });
    deps.logger.info({ orderId: job.data.orderId, status }, 'safety capture');
  }, warn);
  await workEach<{ orderId: string; paymentIntentId?: string }>(boss, queues.voidOrder, { concurrency: 4 }, async (job) => {
    await voidOrderAuthorization(p, job.data.orderId, job.data.paymentIntentId);
    deps.logger.info({ orderId: job.data.orderId }, 'authorization voided');
  }, warn);
  await workEach<{ eventId: string }>(boss, queues.processStripeEvent, { concurrency: 4 }, async (job) => {
    const result = await processStripeEvent(p, job.data.eventId);
    deps.logger.info({ eventId: job.data.eventId, result }, 'stripe event');
  }, warn);
  await workEach<{ refundId: string }>(boss, queues.sendRefund, { concurrency: 4 }, async (job) => {
    const status = await sendRefundToStripe(p, job.data.refundId);
    deps.logger.info({ refundId: job.data.refundId, status }, 'refund sent to Stripe');
  }, warn);
}
