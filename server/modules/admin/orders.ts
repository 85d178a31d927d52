// The admin's view of an order: the order, its lines and status timeline (server/orders.server),
// the outbox jobs it caused (pg-boss rows, including dead-lettered ones) and its audit entries.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { asc, eq } from 'drizzle-orm';
import { disputes, refunds } from '../../../db/payments-schema';
import { orderPaymentState } from '../payments';
import { getOrderByNumber } from '../orders';
import { listAudit } from './audit';

export type OrderJob = { id: string; name: string; state: string; retryCount: number; createdOn: string; completedOn: string | null; startAfter: string };

export async function listOrderJobs(db: Db, orderId: string): Promise<OrderJob[]> {
  const rows = await db.execute<{ id: string; name: string; state: string; retry_count: number; created_on: Date; completed_on: Date | null; start_after: Date }>(sql`
    select id::text, name, state::text, retry_count, created_on, completed_on, start_after
    from pgboss.job where data->>'orderId' = ${orderId}
    order by created_on, name`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    state: r.state,
    retryCount: Number(r.retry_count),
    createdOn: new Date(r.created_on).toISOString(),
    completedOn: r.completed_on ? new Date(r.completed_on).toISOString() : null,
    startAfter: new Date(r.start_after).toISOString(),
  }));
}

export async function getAdminOrder(db: Db, number: string) {
  const detail = await getOrderByNumber(db, number);
  if (!detail) return null;
  const id = detail.order.id;
  const [jobs, audit, payment, refundRows, disputeRows] = await Promise.all([
    listOrderJobs(db, id),
    listAudit(db, { entityType: 'order', entityId: id, pageSize: 100 }),
    orderPaymentState(db, id),
    db.select().from(refunds).where(eq(refunds.orderId, id)).orderBy(asc(refunds.createdAt)),
    db.select().from(disputes).where(eq(disputes.orderId, id)).orderBy(asc(disputes.stripeCreatedAt)),
  ]);
  return { ...detail, jobs, audit: audit.rows, payment, refunds: refundRows, disputes: disputeRows };
}
