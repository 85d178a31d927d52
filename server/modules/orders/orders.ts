// Reading orders for the shopper's order page and the admin: the order, its lines and its
// status timeline, in few queries.
import { and, asc, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { orderEvents, orderLines, orders } from '../../../db/commerce-schema';
import { refunds } from '../../../db/payments-schema';
import { orderPaymentState } from '../payments';
import type { OrderStatus } from './order-status';

/** Which of these order ids exist (read on the primary to judge what a failover lost). */
export async function existingOrderIds(db: Db, ids: string[]): Promise<Set<string>> {
  const existing = new Set<string>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const r of await db.select({ id: orders.id }).from(orders).where(inArray(orders.id, unique.slice(i, i + 500)))) existing.add(r.id);
  }
  return existing;
}

export async function getOrderByNumber(db: Db, number: string) {
  const [order] = await db.select().from(orders).where(eq(orders.number, number));
  if (!order) return null;
  const [lines, events] = await Promise.all([
    db.select().from(orderLines).where(eq(orderLines.orderId, order.id)).orderBy(asc(orderLines.sku)),
    db.select().from(orderEvents).where(eq(orderEvents.orderId, order.id)).orderBy(asc(orderEvents.at), asc(orderEvents.id)),
  ]);
  return { order, lines, events };
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof getOrderByNumber>>>;

/** What the shopper's order page shows about money after the order: refunds, from the ledger. */
export async function getOrderRefunds(db: Db, orderId: string) {
  const [rows, state] = await Promise.all([
    db
      .select({ amount: refunds.amount, status: refunds.status, createdAt: refunds.createdAt })
      .from(refunds)
      .where(eq(refunds.orderId, orderId))
      .orderBy(asc(refunds.createdAt)),
    orderPaymentState(db, orderId),
  ]);
  return { refunds: rows.filter((r) => r.status !== 'failed'), refunded: state.refunded, captured: state.captured };
}

export async function listOrders(db: Db, opts: { status?: OrderStatus; q?: string; page: number; pageSize?: number }) {
  const pageSize = opts.pageSize ?? 25;
  const where: SQL[] = [];
  if (opts.status) where.push(eq(orders.status, opts.status));
  if (opts.q) {
    const q = opts.q.trim();
    where.push(or(ilike(orders.number, `%${q}%`), ilike(orders.email, `%${q}%`))!);
  }
  const cond = where.length ? and(...where) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ id: orders.id, number: orders.number, email: orders.email, status: orders.status, total: orders.total, currency: orders.currency, createdAt: orders.createdAt, region: orders.region })
      .from(orders)
      .where(cond)
      .orderBy(desc(orders.createdAt))
      .limit(pageSize)
      .offset((Math.max(1, opts.page) - 1) * pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(orders).where(cond),
  ]);
  return { rows, total, page: Math.max(1, opts.page), pageSize };
}
