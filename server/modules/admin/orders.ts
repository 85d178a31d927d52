// The admin's view of an order: the order, its lines and status timeline (server/orders.server),
// the outbox jobs it caused (pg-boss rows, including dead-lettered ones) and its audit entries.

import type { Db } from '../../../db/client';
import { asc, eq } from 'drizzle-orm';
import { disputes, refunds } from '../../../db/payments-schema';
import { orderPaymentState } from '../payments';
import { getOrderByNumber } from '../orders';
import { listAudit } from './audit';
import { jobsForOrder } from '../../platform/job-state';

export async function getAdminOrder(db: Db, number: string) {
  const detail = await getOrderByNumber(db, number);
  if (!detail) return null;
  const id = detail.order.id;
  const [jobs, audit, payment, refundRows, disputeRows] = await Promise.all([
    jobsForOrder(db, id),
    listAudit(db, { entityType: 'order', entityId: id, pageSize: 100 }),
    orderPaymentState(db, id),
    db.select().from(refunds).where(eq(refunds.orderId, id)).orderBy(asc(refunds.createdAt)),
    db.select().from(disputes).where(eq(disputes.orderId, id)).orderBy(asc(disputes.stripeCreatedAt)),
  ]);
  return { ...detail, jobs, audit: audit.rows, payment, refunds: refundRows, disputes: disputeRows };
}
