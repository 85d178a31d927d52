// The ledger: every money movement is one transaction of entries that sum to zero (debits
// positive, credits negative, integer minor units, one currency). Append-only; the database
// enforces balance, currency, immutability and the refund limit (0005_ledger_rules.sql). An
// order's payment state is derived from here, never stored twice.
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client';
import { ledgerEntries, ledgerTransactions } from '../../../db/payments-schema';

export type LedgerAccount = 'shopper_receivable' | 'stripe_authorized' | 'stripe_clearing' | 'revenue' | 'refunds' | 'disputes' | 'dispute_fees';
export type LedgerKind = 'authorization' | 'capture' | 'authorization_release' | 'refund' | 'refund_reversal' | 'dispute_withdrawal' | 'dispute_reinstatement' | 'dispute_fee';

export type Posting = {
  orderId: string | null;
  kind: LedgerKind;
  currency: string;
  /** The provider object that caused it (pi_…, ch_…, re_…, dp_…) — with `kind`, unique. */
  externalRef: string;
  memo?: string;
  entries: { account: LedgerAccount; amount: number }[];
};

export class UnbalancedPostingError extends Error {}

/** Posts a transaction once; a second post with the same (kind, externalRef) is a no-op. */
export async function post(tx: Tx, p: Posting): Promise<{ recorded: boolean; transactionId: number | null }> {
  const sum = p.entries.reduce((n, e) => n + e.amount, 0);
  if (sum !== 0 || p.entries.some((e) => !Number.isSafeInteger(e.amount) || e.amount === 0)) {
    throw new UnbalancedPostingError(`posting ${p.kind} ${p.externalRef} does not balance (${sum})`);
  }
  // One statement: the transaction row, and its entries only if the row was new (a repeat of the
  // same (kind, externalRef) inserts nothing). Balance is judged at COMMIT by the database.
  const [row] = await tx.execute<{ id: number }>(sql`
    with posted as (
      insert into ledger_transactions (order_id, kind, currency, external_ref, memo)
      values (${p.orderId}::uuid, ${p.kind}::ledger_kind, ${p.currency}, ${p.externalRef}, ${p.memo ?? ''})
      on conflict do nothing
      returning id
    ),
    entries as (
      insert into ledger_entries (transaction_id, order_id, account, amount, currency)
      select posted.id, ${p.orderId}::uuid, e.account, e.amount, ${p.currency}
      from posted cross join jsonb_to_recordset(${JSON.stringify(p.entries)}::jsonb) as e(account ledger_account, amount bigint)
    )
    select id from posted`);
  if (!row) return { recorded: false, transactionId: null };
  return { recorded: true, transactionId: Number(row.id) };
}

type OrderRef = { id: string; currency: string };

/** The card holds `amount` for us: the shopper's obligation is covered by an authorization. */
export const postAuthorization = (tx: Tx, order: OrderRef, paymentIntentId: string, amount: number) =>
  post(tx, {
    orderId: order.id,
    kind: 'authorization',
    currency: order.currency,
    externalRef: paymentIntentId,
    memo: 'Card authorized (manual capture)',
    entries: [
      { account: 'stripe_authorized', amount },
      { account: 'shopper_receivable', amount: -amount },
    ],
  });

/** Captured funds move from the hold to Stripe clearing and become revenue; the rest of the hold is released. */
export async function postCapture(tx: Tx, order: OrderRef, ref: string, captured: number, released: number) {
  const result = await post(tx, {
    orderId: order.id,
    kind: 'capture',
    currency: order.currency,
    externalRef: ref,
    memo: 'Payment captured',
    entries: [
      { account: 'stripe_clearing', amount: captured },
      { account: 'stripe_authorized', amount: -captured },
      { account: 'shopper_receivable', amount: captured },
      { account: 'revenue', amount: -captured },
    ],
  });
  if (released > 0) await postAuthorizationRelease(tx, order, `${ref}:remainder`, released);
  return result;
}

/** A hold that will not be captured (void, cancellation, expiry, partial-capture remainder). */
export const postAuthorizationRelease = (tx: Tx, order: OrderRef, ref: string, amount: number) =>
  post(tx, {
    orderId: order.id,
    kind: 'authorization_release',
    currency: order.currency,
    externalRef: ref,
    memo: 'Authorization released',
    entries: [
      { account: 'shopper_receivable', amount },
      { account: 'stripe_authorized', amount: -amount },
    ],
  });

export const postRefund = (tx: Tx, order: OrderRef, refundRef: string, amount: number, memo = 'Refund') =>
  post(tx, {
    orderId: order.id,
    kind: 'refund',
    currency: order.currency,
    externalRef: refundRef,
    memo,
    entries: [
      { account: 'refunds', amount },
      { account: 'stripe_clearing', amount: -amount },
    ],
  });

/** A refund that failed at Stripe: the money did not leave. */
export const postRefundReversal = (tx: Tx, order: OrderRef, refundRef: string, amount: number) =>
  post(tx, {
    orderId: order.id,
    kind: 'refund_reversal',
    currency: order.currency,
    externalRef: refundRef,
    memo: 'Refund failed at Stripe; reversed',
    entries: [
      { account: 'stripe_clearing', amount },
      { account: 'refunds', amount: -amount },
    ],
  });

export const postDisputeWithdrawal = (tx: Tx, order: OrderRef, disputeId: string, amount: number) =>
  post(tx, {
    orderId: order.id,
    kind: 'dispute_withdrawal',
    currency: order.currency,
    externalRef: disputeId,
    memo: 'Dispute opened: funds withdrawn',
    entries: [
      { account: 'disputes', amount },
      { account: 'stripe_clearing', amount: -amount },
    ],
  });

export const postDisputeReinstatement = (tx: Tx, order: OrderRef, disputeId: string, amount: number) =>
  post(tx, {
    orderId: order.id,
    kind: 'dispute_reinstatement',
    currency: order.currency,
    externalRef: disputeId,
    memo: 'Dispute won: funds reinstated',
    entries: [
      { account: 'stripe_clearing', amount },
      { account: 'disputes', amount: -amount },
    ],
  });

/** The external ref of a dispute fee posting: the dispute and the balance transaction that carried the fee. */
export const disputeFeeRef = (disputeId: string, balanceTransactionId: string) => `${disputeId}:${balanceTransactionId}`;

/**
 * Stripe's fee on a dispute's balance transaction (e.g. 1500 minor units when the chargeback is
 * withdrawn): an expense paid out of Stripe clearing, in the balance transaction's currency. A
 * negative fee (a fee Stripe gave back) posts the other way round. One posting per balance
 * transaction, so reconciliation can compare it with Stripe's.
 */
export const postDisputeFee = (tx: Tx, orderId: string, currency: string, disputeId: string, balanceTransactionId: string, fee: number) =>
  post(tx, {
    orderId,
    kind: 'dispute_fee',
    currency,
    externalRef: disputeFeeRef(disputeId, balanceTransactionId),
    memo: fee > 0 ? 'Dispute fee charged by Stripe' : 'Dispute fee returned by Stripe',
    entries: [
      { account: 'dispute_fees', amount: fee },
      { account: 'stripe_clearing', amount: -fee },
    ],
  });

export type PaymentState = {
  currency: string | null;
  authorized: number;
  captured: number;
  released: number;
  refunded: number;
  disputed: number;
  /** Stripe's dispute fees, net of any it returned. */
  disputeFees: number;
  /** Still held on the card, neither captured nor released. */
  openAuthorization: number;
  refundable: number;
};

/** An order's money, derived from its ledger entries in one query. */
export async function orderPaymentState(db: Db | Tx, orderId: string): Promise<PaymentState> {
  const [r] = await db
    .select({
      currency: sql<string | null>`max(${ledgerEntries.currency})`,
      authorized: sql<number>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'stripe_authorized' and ${ledgerTransactions.kind} = 'authorization'), 0)::bigint`,
      captured: sql<number>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'stripe_clearing' and ${ledgerTransactions.kind} = 'capture'), 0)::bigint`,
      released: sql<number>`coalesce(-sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'stripe_authorized' and ${ledgerTransactions.kind} = 'authorization_release'), 0)::bigint`,
      refunded: sql<number>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'refunds'), 0)::bigint`,
      disputed: sql<number>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'disputes'), 0)::bigint`,
      disputeFees: sql<number>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'dispute_fees'), 0)::bigint`,
      openAuthorization: sql<number>`coalesce(sum(${ledgerEntries.amount}) filter (where ${ledgerEntries.account} = 'stripe_authorized'), 0)::bigint`,
    })
    .from(ledgerEntries)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
    .where(and(eq(ledgerEntries.orderId, orderId)));
  const n = (v: unknown) => Number(v ?? 0);
  const state = {
    currency: r?.currency ?? null,
    authorized: n(r?.authorized),
    captured: n(r?.captured),
    released: n(r?.released),
    refunded: n(r?.refunded),
    disputed: n(r?.disputed),
    disputeFees: n(r?.disputeFees),
    openAuthorization: n(r?.openAuthorization),
  };
  return { ...state, refundable: Math.max(0, state.captured - state.refunded) };
}
