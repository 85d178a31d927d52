// The one path that changes an order's status (Vendure's order state machine): the legal
// transition, a conditional UPDATE from the status the caller saw, the timeline row and the audit
// row, all in the caller's transaction. Checkout, payments and webhooks all come through here.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';
import { type AuditActor, auditInsertFrom } from '../admin';
import { assertTransition, type OrderStatus } from './order-status';

/** Who moved the order, as the audit log records it. */
export type StatusActor = Pick<AuditActor, 'actorId' | 'requestId' | 'ip'> & { actorType: 'admin' | 'system' | 'webhook'; actorLabel: string };

/**
 * Moves an order from `from` to `to` (with `set`'s other columns) only if it is still `from`;
 * false when another writer got there first. The audit row names the payment details it set.
 */
export async function changeOrderStatus(
  tx: Tx,
  orderId: string,
  from: OrderStatus,
  to: OrderStatus,
  note: string,
  actor: StatusActor,
  set: Partial<typeof orders.$inferInsert> = {},
): Promise<boolean> {
  assertTransition(from, to);
  // One statement: the conditional UPDATE, and — only for a row it moved — the timeline row and the
  // audit row (data-modifying CTEs read `moved`; zero rows moved writes neither).
  const moved = tx.update(orders).set({ ...set, status: to }).where(and(eq(orders.id, orderId), eq(orders.status, from))).returning({ id: orders.id });
  const audit = auditInsertFrom(sql`moved`, {
    actorType: actor.actorType,
    actorId: actor.actorId ?? null,
    actorLabel: actor.actorLabel,
    action: `order.${to}`,
    entityType: 'order',
    entityId: orderId,
    before: { status: from },
    after: { status: to, ...(set.paymentIntentId ? { paymentIntentId: set.paymentIntentId } : {}), ...(set.paymentFailureCode ? { code: set.paymentFailureCode } : {}) },
    requestId: actor.requestId ?? null,
    ip: actor.ip ?? null,
  });
  const [row] = await tx.execute<{ n: number }>(sql`
    with moved as (${moved.getSQL()}),
    timeline as (
      insert into order_events (order_id, from_status, to_status, note) select id, ${from}::order_status, ${to}::order_status, ${note}::text from moved
    ),
    audited as (${audit})
    select count(*)::int as n from moved`);
  return row.n > 0;
}
