// Flags an order for a person: something happened to it that the shop must not decide alone
// (Stripe cancelled a live authorization, Shopify shipped an order cancelled here). The flag is an
// audit row on the order (the admin order page lists them), a counter on /metrics for the alert,
// and a warn line where a logger is at hand. It never changes the order's status.
import client from 'prom-client';
import type { Tx } from '../../../db/client';
import { writeAudit } from '../admin';
import { registry } from '../../platform/metrics';
import type { Logger } from '../../platform/logger';

export type OrderFlagReason = 'authorization_cancelled_at_stripe' | 'fulfilled_after_cancel' | 'cancel_on_shopify_failed';

const orderFlags = new client.Counter({
  name: 'dotshop_order_flags_total',
  help: 'Orders flagged for a person (e.g. shipped by Shopify after being cancelled here), by reason',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export async function flagOrder(
  tx: Tx,
  input: { orderId: string; reason: OrderFlagReason; message: string; detail?: Record<string, unknown>; actorLabel: string; actorId?: string | null },
  logger?: Pick<Logger, 'warn'>,
): Promise<void> {
  await writeAudit(tx, {
    actorType: 'system',
    actorId: input.actorId ?? null,
    actorLabel: input.actorLabel,
    action: 'order.flagged',
    entityType: 'order',
    entityId: input.orderId,
    after: { reason: input.reason, message: input.message, ...(input.detail ?? {}) },
  });
  orderFlags.inc({ reason: input.reason });
  logger?.warn({ orderId: input.orderId, reason: input.reason, ...(input.detail ?? {}) }, input.message);
}
