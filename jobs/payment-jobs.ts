// Workers for money after authorization: capture on fulfilment, the day-6 safety capture, voids
// and refunds. Each calls Stripe with an idempotency key derived from the order or refund, so a
// job that runs twice (crash, redelivery) moves money once.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import type { Logger } from '../server/logger';
import type { Outbox } from '../server/outbox.server';
import { captureOrder, sendRefundToStripe, voidOrderAuthorization } from '../server/payments.server';
import type { Stripe } from '../server/stripe.server';
import { processStripeEvent } from '../server/stripe-webhooks.server';
import { queues } from './queues';

type Deps = { db: Databases; logger: Logger; stripe: Stripe; outbox: Outbox };

export async function registerPaymentJobs(boss: PgBoss, deps: Deps) {
  const p = { db: deps.db.primary, stripe: deps.stripe, outbox: deps.outbox };
  await boss.work<{ orderId: string }>(queues.captureOrder, async ([job]) => {
    const status = await captureOrder(p, job.data.orderId);
    deps.logger.info({ orderId: job.data.orderId, status }, 'capture');
  });
  await boss.work<{ orderId: string }>(queues.safetyCapture, async ([job]) => {
    const status = await captureOrder(p, job.data.orderId, { safety: true });
    deps.logger.info({ orderId: job.data.orderId, status }, 'safety capture');
  });
  await boss.work<{ orderId: string }>(queues.voidOrder, async ([job]) => {
    await voidOrderAuthorization(p, job.data.orderId);
    deps.logger.info({ orderId: job.data.orderId }, 'authorization voided');
  });
  await boss.work<{ eventId: string }>(queues.processStripeEvent, async ([job]) => {
    const result = await processStripeEvent(p, job.data.eventId);
    deps.logger.info({ eventId: job.data.eventId, result }, 'stripe event');
  });
  await boss.work<{ refundId: string }>(queues.sendRefund, async ([job]) => {
    const status = await sendRefundToStripe(p, job.data.refundId);
    deps.logger.info({ refundId: job.data.refundId, status }, 'refund sent to Stripe');
  });
}
