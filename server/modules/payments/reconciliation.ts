// Reconciliation: what Stripe says happened to the money, compared with the ledger, for a window
// of time; every difference reported by kind and recorded (docs/decisions/010-reconciliation.md).
//
// Stripe side: the paginated list APIs over `created[gte]/[lte]` of the window (PaymentIntents,
// charges, refunds, disputes, and the payment_intent.succeeded/canceled events, which carry the
// captures and cancellations in the window of PaymentIntents created before it), limit 100,
// SDK auto-pagination. Ledger side: a handful of set-based queries keyed by the external refs
// those lists name plus the ledger movements posted in the window — never one query per payment.
// A ledger movement in the window whose Stripe object no list returned (a boundary case, or a real
// difference) is looked up individually; there are few of those.
import { desc, eq, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { Db, Tx } from '../../../db/client';
import { orders } from '../../../db/commerce-schema';
import { reconciliationDifferences, reconciliationRuns } from '../../../db/payments-schema';
import { countJobs } from '../../platform/job-state';
import { queues } from '../../platform/queues';
import { writeAudit, type AuditActor } from '../admin';


import { reconciliationDifferencesGauge, setReconciliationDifferencesSource } from '../../platform/metrics';
import type { Outbox } from '../../platform/outbox';

export type DifferenceKind = 'missing_in_ledger' | 'missing_in_stripe' | 'amount_mismatch' | 'status_mismatch';
export const DIFFERENCE_KINDS: readonly DifferenceKind[] = ['missing_in_ledger', 'missing_in_stripe', 'amount_mismatch', 'status_mismatch'];
export type ObjectType = 'payment_intent' | 'authorization' | 'capture' | 'refund' | 'dispute';
export type ReconciliationTrigger = 'schedule' | 'admin';

/** `expected` is what Stripe (the processor, where the money really moved) says; `actual` is DotShop's ledger/order. */
export type DifferenceDetail = { message: string; expected: string; actual: string; stripe?: Record<string, unknown>; dotshop?: Record<string, unknown> };

export type Difference = { kind: DifferenceKind; objectType: ObjectType; objectId: string; orderId: string | null; detail: DifferenceDetail };

export type ReconciliationDeps = { db: Db; stripe: Stripe };
export type ReconciliationOptions = {
  windowStart: Date;
  windowEnd: Date;
  trigger: ReconciliationTrigger;
  /** Ledger movements whose Stripe object no list returned are looked up one by one, at most this many (default 200). */
  maxLookups?: number;
};
export type ReconciliationResult = {
  runId: number;
  windowStart: Date;
  windowEnd: Date;
  /** DotShop objects compared: PaymentIntents, refunds and disputes (Stripe side and ledger side, each once). */
  checked: number;
  differences: Difference[];
  durationMs: number;
  /** List requests made (every page of every list). */
  stripeListCalls: number;
  /** Individual lookups of ledger movements no list returned. */
  stripeLookups: number;
  /** Where the time went (ms): Stripe lists, ledger queries, lookups, comparison, recording. */
  phases: { stripe: number; ledger: number; lookups: number; compare: number; record: number };
};

export class ReconciliationWindowError extends Error {}

/** Windows longer than this are refused (Stripe keeps events 30 days; a month of lists is plenty). */
export const MAX_WINDOW_DAYS = 31;
/** The hourly run looks back this far (overlapping runs: a late webhook or job has 47 more chances). */
export const SCHEDULED_WINDOW_HOURS = 48;
/** …and stops this far before now, so an in-flight checkout, capture or refund is not a difference. */
export const SCHEDULED_SETTLE_SECONDS = 120;

/** The hourly run's window: 48 hours ending two minutes ago. */
export function scheduledWindow(now = new Date()): { windowStart: Date; windowEnd: Date } {
  const windowEnd = new Date(now.getTime() - SCHEDULED_SETTLE_SECONDS * 1000);
  return { windowStart: new Date(windowEnd.getTime() - SCHEDULED_WINDOW_HOURS * 3600_000), windowEnd };
}

// ---------------------------------------------------------------------------------------------
// The Stripe side, reduced to the fields the comparison reads (10 000 full objects are ~50 MB).

type SPaymentIntent = {
  id: string;
  status: Stripe.PaymentIntent.Status;
  amount: number;
  amountCapturable: number;
  amountReceived: number;
  currency: string;
  cancellationReason: string | null;
  orderId: string | null;
  looksOurs: boolean;
  source: 'list' | 'event' | 'lookup';
};
type SRefund = { id: string; paymentIntent: string | null; amount: number; currency: string; status: string; dotshopRefundId: string | null; orderId: string | null };
type SDispute = { id: string; paymentIntent: string | null; charge: string | null; amount: number; currency: string; status: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuidOrNull = (v: string | undefined | null) => (v && UUID.test(v) ? v.toLowerCase() : null);
const idOf = (v: string | { id: string } | null | undefined) => (typeof v === 'string' ? v : (v?.id ?? null));

function slimPaymentIntent(pi: Stripe.PaymentIntent, source: SPaymentIntent['source']): SPaymentIntent {
  const md = pi.metadata ?? {};
  return {
    id: pi.id,
    status: pi.status,
    amount: pi.amount,
    amountCapturable: pi.amount_capturable,
    amountReceived: pi.amount_received,
    currency: pi.currency.toUpperCase(),
    cancellationReason: pi.cancellation_reason ?? null,
    orderId: uuidOrNull(md.order_id),
    // Ours by construction (server/checkout.server.ts): metadata order_id/order_number, "DotShop order DS-…".
    looksOurs: !!md.order_id || /^DS-\d+$/.test(md.order_number ?? '') || /^DotShop order /.test(pi.description ?? ''),
    source,
  };
}
const slimRefund = (r: Stripe.Refund): SRefund => ({
  id: r.id,
  paymentIntent: idOf(r.payment_intent),
  amount: r.amount,
  currency: r.currency.toUpperCase(),
  status: r.status ?? 'pending',
  dotshopRefundId: uuidOrNull(r.metadata?.dotshop_refund_id),
  orderId: uuidOrNull(r.metadata?.order_id),
});
const slimDispute = (d: Stripe.Dispute): SDispute => ({ id: d.id, paymentIntent: idOf(d.payment_intent), charge: idOf(d.charge), amount: d.amount, currency: d.currency.toUpperCase(), status: d.status });

const LIST_PATH = /^\/v1\/(payment_intents|charges|refunds|disputes|events)(\?|$)/;

async function listStripeWindow(stripe: Stripe, windowStart: Date, windowEnd: Date) {
  const created = { gte: Math.floor(windowStart.getTime() / 1000), lte: Math.floor(windowEnd.getTime() / 1000) };
  const page = { created, limit: 100 } as const;
  const paymentIntents = new Map<string, SPaymentIntent>();
  const chargeToPi = new Map<string, string>();
  /** PaymentIntents whose charge was authorized (so a canceled one had a hold to release). */
  const authorizedPis = new Set<string>();
  const refunds = new Map<string, SRefund>();
  const disputes = new Map<string, SDispute>();
  const changed: SPaymentIntent[] = [];
  let calls = 0;
  // Counted from the SDK's own request events: each page of an auto-paginated list is a request.
  const onRequest = (e: { method: string; path: string }) => {
    if (e.method === 'GET' && LIST_PATH.test(e.path)) calls++;
  };
  stripe.on('request', onRequest);
  try {
    await Promise.all([
      (async () => {
        for await (const pi of stripe.paymentIntents.list(page)) paymentIntents.set(pi.id, slimPaymentIntent(pi, 'list'));
      })(),
      (async () => {
        for await (const ch of stripe.charges.list(page)) {
          const pi = idOf(ch.payment_intent);
          if (!pi) continue;
          chargeToPi.set(ch.id, pi);
          if (ch.status === 'succeeded') authorizedPis.add(pi);
        }
      })(),
      (async () => {
        for await (const r of stripe.refunds.list(page)) refunds.set(r.id, slimRefund(r));
      })(),
      (async () => {
        for await (const d of stripe.disputes.list(page)) disputes.set(d.id, slimDispute(d));
      })(),
      (async () => {
        // Captures and cancellations in the window of PaymentIntents created before it. Both are
        // final states, so the event's snapshot is the PaymentIntent as it is now. Newest first.
        for await (const ev of stripe.events.list({ ...page, types: ['payment_intent.succeeded', 'payment_intent.canceled'] })) {
          changed.push(slimPaymentIntent(ev.data.object as Stripe.PaymentIntent, 'event'));
        }
      })(),
    ]);
  } finally {
    stripe.off('request', onRequest);
  }
  for (const pi of changed) if (!paymentIntents.has(pi.id)) paymentIntents.set(pi.id, pi);
  return { paymentIntents, chargeToPi, authorizedPis, refunds, disputes, listCalls: calls };
}

// ---------------------------------------------------------------------------------------------
// The ledger side: five set-based queries.

type OrderRow = { id: string; number: string; status: string; currency: string; total: number; payment_intent_id: string | null };
type TxRow = { order_id: string | null; kind: string; external_ref: string; amount: number };
type RefundRow = { id: string; order_id: string; amount: number; currency: string; status: string; stripe_refund_id: string | null };
type DisputeRow = { id: string; order_id: string | null; amount: number; status: string };
type Candidate = { kind: string; external_ref: string; order_id: string | null };

/** One bound parameter holding a Postgres array literal (ids of any count, one parameter). */
function pgArray(values: Iterable<string>): string {
  const items = [...new Set(values)].map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`);
  return `{${items.join(',')}}`;
}

type OrderMoney = { authorized: number; captured: number; released: number };

function ledgerIndex(txs: TxRow[]) {
  const byRef = new Map<string, TxRow>();
  const money = new Map<string, OrderMoney>();
  for (const t of txs) {
    byRef.set(`${t.kind}:${t.external_ref}`, t);
    if (!t.order_id) continue;
    let m = money.get(t.order_id);
    if (!m) money.set(t.order_id, (m = { authorized: 0, captured: 0, released: 0 }));
    if (t.kind === 'authorization') m.authorized += t.amount;
    else if (t.kind === 'capture') m.captured += t.amount;
    else if (t.kind === 'authorization_release') m.released += t.amount;
  }
  return { tx: (kind: string, ref: string | null | undefined) => (ref ? byRef.get(`${kind}:${ref}`) : undefined), money: (orderId: string) => money.get(orderId) ?? { authorized: 0, captured: 0, released: 0 } };
}

// ---------------------------------------------------------------------------------------------
// The comparison rules (docs/decisions/010-reconciliation.md lists them).

const PRE_AUTHORIZATION: readonly string[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing'];
const EXPECTED_ORDER_STATUS: Record<string, readonly string[]> = {
  requires_capture: ['authorized', 'fulfilled'],
  succeeded: ['captured', 'refunded'],
  canceled: ['cancelled', 'payment_failed'],
  requires_payment_method: ['pending_payment', 'payment_failed', 'cancelled'],
  requires_confirmation: ['pending_payment', 'payment_failed', 'cancelled'],
  requires_action: ['pending_payment', 'payment_failed', 'cancelled'],
  processing: ['pending_payment'],
};

function comparePaymentIntent(pi: SPaymentIntent, order: OrderRow, m: OrderMoney, wasAuthorized: boolean | undefined): Difference[] {
  const out: Difference[] = [];
  const d = (kind: DifferenceKind, objectType: ObjectType, detail: Omit<DifferenceDetail, 'stripe' | 'dotshop'>) =>
    out.push({
      kind,
      objectType,
      objectId: pi.id,
      orderId: order.id,
      detail: {
        ...detail,
        stripe: { status: pi.status, amount: pi.amount, amount_capturable: pi.amountCapturable, amount_received: pi.amountReceived, cancellation_reason: pi.cancellationReason },
        dotshop: { orderStatus: order.status, ...m, held: m.authorized - m.captured - m.released },
      },
    });
  const authorizedAtStripe = pi.status === 'requires_capture' || pi.status === 'succeeded' || (pi.status === 'canceled' && wasAuthorized === true);

  // The authorization.
  if (m.authorized === 0 && authorizedAtStripe) {
    d('missing_in_ledger', 'authorization', { message: `Stripe authorized ${pi.amount}; the ledger has no authorization.`, expected: `authorization ${pi.amount}`, actual: 'none' });
  } else if (m.authorized > 0 && (PRE_AUTHORIZATION.includes(pi.status) || (pi.status === 'canceled' && wasAuthorized === false))) {
    d('missing_in_stripe', 'authorization', { message: `The ledger records an authorization of ${m.authorized}; at Stripe the PaymentIntent was never authorized (${pi.status}).`, expected: `no authorization (${pi.status})`, actual: `authorization ${m.authorized}` });
  } else if (m.authorized > 0 && m.authorized !== pi.amount) {
    d('amount_mismatch', 'authorization', { message: `Authorized ${pi.amount} at Stripe, ${m.authorized} on the ledger.`, expected: `authorized ${pi.amount}`, actual: `authorized ${m.authorized}` });
  }

  // The capture.
  let captureDiffers = false;
  if (pi.status === 'succeeded') {
    if (m.captured === 0) {
      captureDiffers = true;
      d('missing_in_ledger', 'capture', { message: `Stripe captured ${pi.amountReceived}; the ledger has no capture.`, expected: `captured ${pi.amountReceived}`, actual: 'none' });
    } else if (m.captured !== pi.amountReceived) {
      captureDiffers = true;
      d('amount_mismatch', 'capture', { message: `Captured ${pi.amountReceived} at Stripe, ${m.captured} on the ledger.`, expected: `captured ${pi.amountReceived}`, actual: `captured ${m.captured}` });
    }
  } else if (m.captured > 0) {
    captureDiffers = true;
    d('missing_in_stripe', 'capture', { message: `The ledger records a capture of ${m.captured}; at Stripe nothing was captured (${pi.status}).`, expected: `no capture (${pi.status})`, actual: `captured ${m.captured}` });
  }

  // What is still held on the card (only when the movements above agree: one cause, one difference).
  if (!captureDiffers && out.length === 0) {
    const stripeHeld = pi.status === 'requires_capture' ? pi.amountCapturable : 0;
    const ledgerHeld = m.authorized - m.captured - m.released;
    if (stripeHeld !== ledgerHeld) {
      if (stripeHeld === 0 && ledgerHeld > 0) {
        const why = pi.status === 'canceled' ? `canceled${pi.cancellationReason ? ` (${pi.cancellationReason})` : ''}` : pi.status;
        d('status_mismatch', 'payment_intent', {
          message: `The PaymentIntent is ${why} at Stripe, so nothing is held; the order is ${order.status} and the ledger still holds ${ledgerHeld}.`,
          expected: `${pi.status}, nothing held`,
          actual: `order ${order.status}, ${ledgerHeld} held`,
        });
      } else if (stripeHeld > 0 && ledgerHeld === 0) {
        d('status_mismatch', 'payment_intent', {
          message: `Stripe still holds ${stripeHeld} (${pi.status}); the order is ${order.status} and the ledger has released or captured everything.`,
          expected: `${pi.status}, ${stripeHeld} held`,
          actual: `order ${order.status}, nothing held`,
        });
      } else {
        d('amount_mismatch', 'authorization', { message: `Stripe holds ${stripeHeld}, the ledger ${ledgerHeld}.`, expected: `${stripeHeld} held`, actual: `${ledgerHeld} held` });
      }
    }
  }

  // The order's status, when the money agrees.
  if (out.length === 0) {
    const expected = EXPECTED_ORDER_STATUS[pi.status];
    if (expected && !expected.includes(order.status)) {
      d('status_mismatch', 'payment_intent', { message: `The order is ${order.status} but the PaymentIntent is ${pi.status}.`, expected: `order ${expected.join(' or ')}`, actual: `order ${order.status}` });
    }
  }
  return out;
}

function compareRefund(r: SRefund, row: RefundRow | undefined, orderId: string | null, ledger: ReturnType<typeof ledgerIndex>): Difference[] {
  const stripeStatus = r.status === 'succeeded' ? 'succeeded' : r.status === 'failed' || r.status === 'canceled' ? 'failed' : 'pending';
  const base = { objectType: 'refund' as const, objectId: r.id, orderId: row?.order_id ?? orderId };
  const stripe = { status: r.status, amount: r.amount, payment_intent: r.paymentIntent };
  const posting = row ? (ledger.tx('refund', row.id) ?? ledger.tx('refund', r.id)) : ledger.tx('refund', r.id);
  if (!row || !posting) {
    if (stripeStatus === 'failed') return []; // no money moved
    return [
      {
        kind: 'missing_in_ledger',
        ...base,
        detail: { message: `Stripe refunded ${r.amount} (${r.status}); the ledger has no such refund${row ? '' : ' and DotShop never requested it'}.`, expected: `refund ${r.amount}`, actual: 'none', stripe, dotshop: row ? { refundId: row.id, status: row.status } : {} },
      },
    ];
  }
  const reversal = ledger.tx('refund_reversal', row.id) ?? ledger.tx('refund_reversal', r.id);
  const dotshop = { refundId: row.id, status: row.status, amount: row.amount, ledgerAmount: posting.amount, reversed: !!reversal };
  if (posting.amount !== r.amount || row.amount !== r.amount) {
    return [{ kind: 'amount_mismatch', ...base, detail: { message: `Refund of ${r.amount} at Stripe, ${posting.amount} on the ledger.`, expected: `refund ${r.amount}`, actual: `refund ${posting.amount}`, stripe, dotshop } }];
  }
  if (row.status !== stripeStatus || (stripeStatus === 'failed') !== !!reversal) {
    return [
      {
        kind: 'status_mismatch',
        ...base,
        detail: { message: `The refund is ${r.status} at Stripe; DotShop has it ${row.status}${reversal ? ' (reversed on the ledger)' : ''}.`, expected: r.status, actual: `${row.status}${reversal ? ', reversed' : ''}`, stripe, dotshop },
      },
    ];
  }
  return [];
}

function compareDispute(dp: SDispute, row: DisputeRow | undefined, orderId: string | null, ledger: ReturnType<typeof ledgerIndex>): Difference[] {
  const base = { objectType: 'dispute' as const, objectId: dp.id, orderId: row?.order_id ?? orderId };
  const withdrawal = ledger.tx('dispute_withdrawal', dp.id);
  const reinstatement = ledger.tx('dispute_reinstatement', dp.id);
  const stripe = { status: dp.status, amount: dp.amount };
  const dotshop = { status: row?.status ?? null, withdrawn: withdrawal?.amount ?? 0, reinstated: reinstatement?.amount ?? 0 };
  const inquiry = dp.status.startsWith('warning_');
  if (!inquiry && !withdrawal) return [{ kind: 'missing_in_ledger', ...base, detail: { message: `Stripe withdrew ${dp.amount} for a dispute; the ledger has no withdrawal.`, expected: `withdrawal ${dp.amount}`, actual: 'none', stripe, dotshop } }];
  if (withdrawal && withdrawal.amount !== dp.amount) {
    return [{ kind: 'amount_mismatch', ...base, detail: { message: `Dispute of ${dp.amount} at Stripe, ${withdrawal.amount} withdrawn on the ledger.`, expected: `withdrawal ${dp.amount}`, actual: `withdrawal ${withdrawal.amount}`, stripe, dotshop } }];
  }
  if ((dp.status === 'won') !== !!reinstatement || (inquiry && withdrawal) || (row && row.status !== dp.status)) {
    return [
      {
        kind: 'status_mismatch',
        ...base,
        detail: { message: `The dispute is ${dp.status} at Stripe; DotShop has it ${row?.status ?? 'unrecorded'}${reinstatement ? ' with the funds reinstated' : ''}.`, expected: dp.status, actual: `${row?.status ?? 'unrecorded'}${reinstatement ? ', reinstated' : ''}`, stripe, dotshop },
      },
    ];
  }
  return [];
}

const isMissing = (err: unknown) => {
  const e = err as { statusCode?: number; code?: string; type?: string };
  return e?.statusCode === 404 || e?.code === 'resource_missing';
};

async function inBatches<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

// ---------------------------------------------------------------------------------------------

/**
 * Compares Stripe with the ledger for the window, records the run and every difference in
 * reconciliation_runs / reconciliation_differences (clean runs too), sets the
 * `dotshop_reconciliation_differences` gauge and returns what it found.
 */
export async function reconcilePayments(deps: ReconciliationDeps, opts: ReconciliationOptions): Promise<ReconciliationResult> {
  const { windowStart, windowEnd, trigger } = opts;
  if (!(windowStart instanceof Date) || !(windowEnd instanceof Date) || Number.isNaN(windowStart.getTime()) || Number.isNaN(windowEnd.getTime())) throw new ReconciliationWindowError('The window needs a start and an end.');
  if (windowEnd <= windowStart) throw new ReconciliationWindowError('The window must end after it starts.');
  if (windowEnd.getTime() - windowStart.getTime() > MAX_WINDOW_DAYS * 86400_000) throw new ReconciliationWindowError(`The window may span at most ${MAX_WINDOW_DAYS} days.`);
  const { db, stripe } = deps;
  const started = performance.now();
  const [run] = await db.insert(reconciliationRuns).values({ windowStart, windowEnd, trigger }).returning({ id: reconciliationRuns.id });

  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = Math.round(now - mark);
    mark = now;
    return ms;
  };
  const s = await listStripeWindow(stripe, windowStart, windowEnd);
  const phases = { stripe: lap(), ledger: 0, lookups: 0, compare: 0, record: 0 };
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
      select t.order_id::text as order_id, t.kind::text as kind, t.external_ref, max(e.amount)::bigint as amount
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
  phases.ledger = lap();

  // The ledger's movements in the window that no list returned: look each one up.
  const differences: Difference[] = [];
  let checked = 0;
  type Lookup = { key: string; orderId: string | null; run: () => Promise<void> };
  const lookups = new Map<string, Lookup>();
  const missing = (objectType: ObjectType, objectId: string, orderId: string | null, what: string) => {
    checked++;
    differences.push({ kind: 'missing_in_stripe', objectType, objectId, orderId, detail: { message: `The ledger records ${what}; Stripe has no such ${objectType === 'payment_intent' ? 'PaymentIntent' : objectType}.`, expected: 'none', actual: what } });
  };
  for (const c of candidates) {
    if (c.kind === 'authorization' || c.kind === 'capture') {
      const piId = c.external_ref;
      if (s.paymentIntents.has(piId) || lookups.has(piId)) continue;
      lookups.set(piId, {
        key: piId,
        orderId: c.order_id,
        run: async () => {
          try {
            s.paymentIntents.set(piId, slimPaymentIntent(await stripe.paymentIntents.retrieve(piId), 'lookup'));
          } catch (err) {
            if (!isMissing(err)) throw err;
            const m = c.order_id ? ledger.money(c.order_id) : null;
            missing('payment_intent', piId, c.order_id, m ? `an authorization of ${m.authorized}${m.captured ? ` and a capture of ${m.captured}` : ''}` : 'a payment');
          }
        },
      });
    } else if (c.kind === 'refund') {
      const row = UUID.test(c.external_ref) ? refundsById.get(c.external_ref) : refundsByStripeId.get(c.external_ref);
      const stripeId = row?.stripe_refund_id ?? (row ? stripeRefundOf.get(row.id) : undefined) ?? (c.external_ref.startsWith('re_') ? c.external_ref : undefined);
      if ((stripeId && s.refunds.has(stripeId)) || lookups.has(c.external_ref)) continue;
      const tx = ledger.tx('refund', c.external_ref);
      const what = `a refund of ${tx?.amount ?? row?.amount ?? '?'}${row && !row.stripe_refund_id ? ' that was never confirmed by Stripe' : ''}`;
      const order = row ? ordersById.get(row.order_id) : c.order_id ? ordersById.get(c.order_id) : undefined;
      lookups.set(c.external_ref, {
        key: c.external_ref,
        orderId: c.order_id,
        run: async () => {
          if (stripeId) {
            try {
              const r = slimRefund(await stripe.refunds.retrieve(stripeId));
              s.refunds.set(r.id, r);
            } catch (err) {
              if (!isMissing(err)) throw err;
              missing('refund', stripeId, c.order_id, what);
            }
            return;
          }
          // Never confirmed: Stripe knows our refunds by metadata.dotshop_refund_id.
          const pi = order?.payment_intent_id;
          if (pi) {
            for await (const sr of stripe.refunds.list({ payment_intent: pi, limit: 100 })) {
              if (sr.metadata?.dotshop_refund_id === c.external_ref) {
                const r = slimRefund(sr);
                s.refunds.set(r.id, r);
                return;
              }
            }
          }
          missing('refund', c.external_ref, c.order_id, what);
        },
      });
    } else if (c.kind === 'dispute_withdrawal') {
      const dpId = c.external_ref;
      if (s.disputes.has(dpId) || lookups.has(dpId)) continue;
      lookups.set(dpId, {
        key: dpId,
        orderId: c.order_id,
        run: async () => {
          try {
            const dp = slimDispute(await stripe.disputes.retrieve(dpId));
            s.disputes.set(dp.id, dp);
          } catch (err) {
            if (!isMissing(err)) throw err;
            missing('dispute', dpId, c.order_id, `a dispute withdrawal of ${ledger.tx('dispute_withdrawal', dpId)?.amount ?? '?'}`);
          }
        },
      });
    }
  }
  const maxLookups = opts.maxLookups ?? 200;
  const queued = [...lookups.values()];
  for (const l of queued.slice(maxLookups)) {
    checked++;
    differences.push({
      kind: 'missing_in_stripe',
      objectType: l.key.startsWith('pi_') ? 'payment_intent' : l.key.startsWith('dp_') ? 'dispute' : 'refund',
      objectId: l.key,
      orderId: l.orderId,
      detail: { message: `No Stripe list for the window returned this ledger movement, and the run's lookup limit (${maxLookups}) was reached before it could be looked up.`, expected: 'unknown (not looked up)', actual: 'on the ledger' },
    });
  }
  await inBatches(queued.slice(0, maxLookups), 8, (l) => l.run());
  const stripeLookups = Math.min(queued.length, maxLookups);
  phases.lookups = lap();

  // Compare every Stripe object that belongs to DotShop.
  for (const pi of s.paymentIntents.values()) {
    const order = (pi.orderId ? ordersById.get(pi.orderId) : undefined) ?? ordersByPi.get(pi.id);
    if (!order) {
      if (!pi.looksOurs) continue; // another integration's payment on the same account
      checked++;
      if (pi.status === 'requires_capture' || pi.status === 'succeeded') {
        const amount = pi.status === 'succeeded' ? pi.amountReceived : pi.amountCapturable;
        differences.push({
          kind: 'missing_in_ledger',
          objectType: 'payment_intent',
          objectId: pi.id,
          orderId: null,
          detail: { message: `A DotShop PaymentIntent (${pi.status}, ${amount}) with no DotShop order${pi.orderId ? ` (metadata order_id ${pi.orderId} is unknown)` : ''}.`, expected: `${pi.status} ${amount}`, actual: 'no order, nothing on the ledger', stripe: { status: pi.status, amount: pi.amount, order_id: pi.orderId } },
        });
      }
      continue;
    }
    checked++;
    // A succeeded charge in the window proves a canceled PaymentIntent was authorized first; its absence proves nothing.
    differences.push(...comparePaymentIntent(pi, order, ledger.money(order.id), s.authorizedPis.has(pi.id) ? true : undefined));
  }
  for (const r of s.refunds.values()) {
    const row = (r.dotshopRefundId ? refundsById.get(r.dotshopRefundId) : undefined) ?? refundsByStripeId.get(r.id);
    const order = (r.orderId ? ordersById.get(r.orderId) : undefined) ?? (r.paymentIntent ? ordersByPi.get(r.paymentIntent) : undefined);
    if (!row && !order && !r.dotshopRefundId) continue; // not a DotShop payment
    checked++;
    differences.push(...compareRefund(r, row, order?.id ?? null, ledger));
  }
  for (const dp of s.disputes.values()) {
    const pi = dp.paymentIntent ?? (dp.charge ? s.chargeToPi.get(dp.charge) : undefined);
    const order = pi ? ordersByPi.get(pi) : undefined;
    const row = disputesById.get(dp.id);
    if (!row && !order) continue;
    checked++;
    differences.push(...compareDispute(dp, row, order?.id ?? row?.order_id ?? null, ledger));
  }

  phases.compare = lap();

  // Record the run and its differences together; then the gauge.
  const durationMs = Math.round(performance.now() - started);
  await db.transaction(async (tx) => {
    for (let i = 0; i < differences.length; i += 1000) {
      await tx.insert(reconciliationDifferences).values(differences.slice(i, i + 1000).map((x) => ({ runId: run.id, kind: x.kind, objectType: x.objectType, objectId: x.objectId, orderId: x.orderId, detail: x.detail })));
    }
    await tx.update(reconciliationRuns).set({ finishedAt: sql`now()`, checked, differences: differences.length, durationMs }).where(eq(reconciliationRuns.id, run.id));
  });
  reconciliationDifferencesGauge.set(differences.length);
  phases.record = lap();
  return { runId: run.id, windowStart, windowEnd, checked, differences, durationMs, stripeListCalls: s.listCalls, stripeLookups, phases };
}

// ---------------------------------------------------------------------------------------------
// Reading runs (admin page, dashboard flag, gauge).

export type RunSummary = typeof reconciliationRuns.$inferSelect;

export async function listReconciliationRuns(db: Db, limit = 30): Promise<RunSummary[]> {
  return db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt), desc(reconciliationRuns.id)).limit(limit);
}

/** The latest run that finished (an unfinished one is still running, or failed and will be retried). */
export async function latestReconciliationRun(db: Db): Promise<RunSummary | null> {
  const [row] = await db.select().from(reconciliationRuns).where(sql`${reconciliationRuns.finishedAt} is not null`).orderBy(desc(reconciliationRuns.finishedAt), desc(reconciliationRuns.id)).limit(1);
  return row ?? null;
}

export type RunDifference = { id: number; kind: DifferenceKind; objectType: ObjectType; objectId: string; orderId: string | null; orderNumber: string | null; detail: DifferenceDetail };

/** One run with its differences grouped by kind (the first `perKind` of each kind, and how many there are). */
export async function getReconciliationRun(db: Db, runId: number, perKind = 200) {
  const [run] = await db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, runId));
  if (!run) return null;
  const rows = await db.execute<{ id: number; kind: DifferenceKind; object_type: ObjectType; object_id: string; order_id: string | null; order_number: string | null; detail: DifferenceDetail; total: number }>(sql`
    select id, kind, object_type, object_id, order_id::text as order_id, order_number, detail, total from (
      select d.id, d.kind, d.object_type, d.object_id, d.order_id, o.number as order_number, d.detail,
             row_number() over (partition by d.kind order by d.id) as n, count(*) over (partition by d.kind)::int as total
      from reconciliation_differences d left join ${orders} o on o.id = d.order_id
      where d.run_id = ${runId}
    ) x where n <= ${perKind} order by kind, id`);
  const groups = DIFFERENCE_KINDS.map((kind) => {
    const items = rows.filter((r) => r.kind === kind);
    return {
      kind,
      total: items[0]?.total ?? 0,
      items: items.map((r): RunDifference => ({ id: Number(r.id), kind: r.kind, objectType: r.object_type, objectId: r.object_id, orderId: r.order_id, orderNumber: r.order_number, detail: r.detail })),
    };
  }).filter((g) => g.total > 0);
  return { run, groups };
}

/** Runs asked for but not finished yet (queued, running or waiting to retry). */
export async function pendingReconciliationJobs(db: Db): Promise<number> {
  return countJobs(db, queues.reconcilePayments, ['created', 'retry', 'active']);
}

/** Keeps the gauge right in a process that did not run the reconciliation (the web process's /metrics). */
export function reportReconciliationGaugeFrom(db: Db) {
  setReconciliationDifferencesSource(async () => (await latestReconciliationRun(db))?.differences ?? null);
}

// ---------------------------------------------------------------------------------------------
// "Run now" from the admin (owner + finance): enqueued on payments.reconcile, audit-logged.

export type ReconcileJobData = { trigger: ReconciliationTrigger; windowStart?: string; windowEnd?: string; requestedBy?: string };

export const RUN_WINDOW_DAYS = [1, 2, 7, 14, 30] as const;
export const DEFAULT_RUN_WINDOW_DAYS = 7;

/** Enqueues a reconciliation of the last `days` days (ending now) and writes the audit row in the same transaction. */
export async function requestReconciliationRun(deps: { db: Db; outbox: Outbox }, days: number, actor: AuditActor, now = new Date()) {
  const windowEnd = now;
  const windowStart = new Date(now.getTime() - days * 86400_000);
  const data: ReconcileJobData = { trigger: 'admin', windowStart: windowStart.toISOString(), windowEnd: windowEnd.toISOString(), requestedBy: actor.actorLabel ?? undefined };
  return deps.db.transaction(async (tx: Tx) => {
    const jobId = await deps.outbox.send(tx, queues.reconcilePayments, data);
    await writeAudit(tx as Db, { ...actor, action: 'reconciliation.run_requested', entityType: 'reconciliation', entityId: jobId, after: { windowStart: data.windowStart, windowEnd: data.windowEnd, days } });
    return { jobId, windowStart, windowEnd };
  });
}

