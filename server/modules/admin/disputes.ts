// Disputes for the admin: newest evidence deadline first, with the order they belong to.
import { asc, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';
import { disputes } from '../../../db/payments-schema';

export async function listDisputes(db: Db, opts: { open?: boolean } = {}) {
  const open = sql`${disputes.status} in ('needs_response', 'under_review', 'warning_needs_response', 'warning_under_review')`;
  return db
    .select({
      id: disputes.id,
      amount: disputes.amount,
      currency: disputes.currency,
      status: disputes.status,
      reason: disputes.reason,
      evidenceDueBy: disputes.evidenceDueBy,
      openedAt: disputes.stripeCreatedAt,
      orderNumber: orders.number,
    })
    .from(disputes)
    .leftJoin(orders, eq(orders.id, disputes.orderId))
    .where(opts.open ? open : undefined)
    .orderBy(desc(open), asc(disputes.evidenceDueBy), desc(disputes.stripeCreatedAt))
    .limit(200);
}
