// Flags an order for a person: something happened to it that the shop must not decide alone
// (Stripe cancelled a live authorization, Shopify shipped an order cancelled here). The flag is an
// audit row on the order (the admin order page lists them), a counter on /metrics for the alert,
// and a warn line where a logger is at hand. It never changes the order's status.
//
// The counter is read from the audit log at scrape time (ADR 028): flags are raised by the worker
// (Stripe events, Shopify webhooks and cancels are applied there) but only the web process serves
// /metrics, so a process-local counter incremented in the worker never reached Prometheus.
import { sql } from 'drizzle-orm';
import client from 'prom-client';
import type { Db, Tx } from '../../../db/client';
import { writeAudit } from '../admin';
import { registry } from '../../platform/metrics';
import type { Logger } from '../../platform/logger';

export const ORDER_FLAG_REASONS = ['authorization_cancelled_at_stripe', 'fulfilled_after_cancel', 'cancel_on_shopify_failed'] as const;
export type OrderFlagReason = (typeof ORDER_FLAG_REASONS)[number];

let flagSource: Db | null = null;
export const orderFlagsCounter = new client.Counter({
  name: 'dotshop_order_flags_total',
  help: 'Orders flagged for a person since the shop began (order.flagged audit rows), by reason (alert on any increase)',
  labelNames: ['reason'] as const,
  registers: [registry],
  async collect() {
    if (!flagSource) return;
    const rows = await flagSource
      .execute<{ reason: string; n: number }>(sql`select coalesce(after->>'reason', 'unknown') as reason, count(*)::int as n from audit_log where action = 'order.flagged' group by 1`)
      .catch(() => null);
    if (!rows) return;
    this.reset();
    // Every reason from 0: increase() cannot see a series that first appears at 1.
    for (const reason of ORDER_FLAG_REASONS) this.inc({ reason }, 0);
    for (const r of rows) this.inc({ reason: r.reason }, Number(r.n));
  },
});

/** Scrape-time source of dotshop_order_flags_total (the web process; null stops it). */
export function watchOrderFlags(db: Db | null) {
  flagSource = db;
}

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
  logger?.warn({ orderId: input.orderId, reason: input.reason, ...(input.detail ?? {}) }, input.message);
}
