// The ledger side of a window: five set-based queries keyed by the external refs the Stripe lists
// name plus the ledger movements posted in the window — never one query per payment.
import { sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { type StripeWindow, UUID } from './stripe-window';

// ---------------------------------------------------------------------------------------------
// The ledger side: five set-based queries.

export type OrderRow = { id: string; number: string; status: string; currency: string; total: number; payment_intent_id: string | null };
export type TxRow = { order_id: string | null; kind: string; external_ref: string; amount: number };
export type RefundRow = { id: string; order_id: string; amount: number; currency: string; status: string; stripe_refund_id: string | null };
export type DisputeRow = { id: string; order_id: string | null; amount: number; status: string };
export type Candidate = { kind: string; external_ref: string; order_id: string | null };

/** One bound parameter holding a Postgres array literal (ids of any count, one parameter). */
export function pgArray(values: Iterable<string>): string {
  const items = [...new Set(values)].map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return `{${items.join(',')}}`;
}

export type OrderMoney = { authorized: number; captured: number; released: number };

export function ledgerIndex(txs: TxRow[]) {
  const byRef = new Map<string, TxRow>();
  const money = new Map<string, OrderMoney>();
  /** Dispute fee postings by dispute id, then balance transaction id (ref `dp_…:txn_…`). */
  const disputeFees = new Map<string, Map<string, number>>();
  for (const t of txs) {
    byRef.set(`${t.kind}:${t.external_ref}`, t);
    if (t.kind === 'dispute_fee') {
      const [dp, txn] = t.external_ref.split(':');
      let fees = disputeFees.get(dp);
      if (!fees) disputeFees.set(dp, (fees = new Map()));
      fees.set(txn ?? '', t.amount);
    }
    if (!t.order_id) continue;
    let m = money.get(t.order_id);
    if (!m) money.set(t.order_id, (m = { authorized: 0, captured: 0, released: 0 }));
    if (t.kind === 'authorization') m.authorized += t.amount;
    else if (t.kind === 'capture') m.captured += t.amount;
    else if (t.kind === 'authorization_release') m.released += t.amount;
  }
  return {
    tx: (kind: string, ref: string | null | undefined) => (ref ? byRef.get(`${kind}:${ref}`) : undefined),
    money: (orderId: string) => money.get(orderId) ?? { authorized: 0, captured: 0, released: 0 },
    disputeFees: (disputeId: string) => disputeFees.get(disputeId) ?? new Map<string, number>(),
  };
}

export type LedgerSide = Awaited<ReturnType<typeof loadLedgerSide>>;

/** Everything the comparison needs from Postgres for the window and the objects Stripe listed. */
export async function loadLedgerSide(db: Db, s: StripeWindow, windowStart: Date, windowEnd: Date) {
  const ws = windowStart.toISOString();
  const we = windowEnd.toISOString();

  // 1. Ledger movements posted in the window (the ledger's side of "the same window").
  const candidates = await db.execute<Candidate>(sql`
    select kind::text as kind, external_ref, order_id::text as order_id from ledger_transactions
    where created_at >= ${ws}::timestamptz and created_at <= ${we}::timestamptz
      and kind in ('authorization', 'capture', 'refund', 'dispute_withdrawal')`);

  // 2. The orders behind every PaymentIntent Stripe named and every movement in the window.
  const piIds = new Set<string>(s.paymentIntents.keys());
  for (const r of s.refunds.values()) if (r.paymentIntent) piIds.add(r.paymentIntent);
  for (const dp of s.disputes.values()) {
    const pi = dp.paymentIntent ?? (dp.charge ? s.chargeToPi.get(dp.charge) : undefined);
    if (pi) piIds.add(pi);
  }
  const orderIds = new Set<string>();
  for (const pi of s.paymentIntents.values()) if (pi.orderId) orderIds.add(pi.orderId);
  for (const r of s.refunds.values()) if (r.orderId) orderIds.add(r.orderId);
  for (const c of candidates) if (c.order_id) orderIds.add(c.order_id);
  const orderRows = await db.execute<OrderRow>(sql`
    select id::text as id, number, status::text as status, currency, total, payment_intent_id from orders
    where payment_intent_id = any(${pgArray(piIds)}::text[]) or id = any(${pgArray(orderIds)}::uuid[])`);
  const ordersById = new Map(orderRows.map((o) => [o.id, o]));
  const ordersByPi = new Map(orderRows.filter((o) => o.payment_intent_id).map((o) => [o.payment_intent_id!, o]));
  const allOrderIds = pgArray(ordersById.keys());

  // 3–5. Their ledger transactions (with amounts), refunds and disputes.
  const refundIds = new Set<string>();
  const stripeRefundIds = new Set<string>(s.refunds.keys());
  for (const r of s.refunds.values()) if (r.dotshopRefundId) refundIds.add(r.dotshopRefundId);
  for (const c of candidates) if (c.kind === 'refund') (UUID.test(c.external_ref) ? refundIds : stripeRefundIds).add(c.external_ref);
  const disputeIds = new Set<string>(s.disputes.keys());
  for (const c of candidates) if (c.kind === 'dispute_withdrawal') disputeIds.add(c.external_ref);
  const [txRows, refundRows, disputeRows] = await Promise.all([
    // A transaction's amount is its largest entry: every posting debits one account by the amount.
    db.execute<TxRow>(sql`
      -- (a dispute fee's amount is its dispute_fees entry, which is negative when Stripe returned the fee)
      select t.order_id::text as order_id, t.kind::text as kind, t.external_ref,
        coalesce(sum(e.amount) filter (where e.account = 'dispute_fees'), max(e.amount))::bigint as amount
      from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
      where t.order_id = any(${allOrderIds}::uuid[])
      group by t.id`),
    db.execute<RefundRow>(sql`
      select id::text as id, order_id::text as order_id, amount, currency, status::text as status, stripe_refund_id from refunds
      where order_id = any(${allOrderIds}::uuid[]) or id = any(${pgArray(refundIds)}::uuid[]) or stripe_refund_id = any(${pgArray(stripeRefundIds)}::text[])`),
    db.execute<DisputeRow>(sql`
      select id, order_id::text as order_id, amount, status from disputes
      where id = any(${pgArray(disputeIds)}::text[]) or order_id = any(${allOrderIds}::uuid[])`),
  ]);
  for (const t of txRows) t.amount = Number(t.amount);
  const ledger = ledgerIndex(txRows);
  const refundsById = new Map(refundRows.map((r) => [r.id, r]));
  const refundsByStripeId = new Map(refundRows.filter((r) => r.stripe_refund_id).map((r) => [r.stripe_refund_id!, r]));
  const disputesById = new Map(disputeRows.map((d) => [d.id, d]));
  const stripeRefundOf = new Map<string, string>(); // our refund id → re_… as Stripe lists it
  for (const r of s.refunds.values()) if (r.dotshopRefundId) stripeRefundOf.set(r.dotshopRefundId, r.id);
  return { candidates, ordersById, ordersByPi, ledger, refundsById, refundsByStripeId, disputesById, stripeRefundOf };
}
