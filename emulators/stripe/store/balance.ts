// BalanceTransactions: how each money movement hits the account balance, in the shape of Stripe's
// fixture (`balance_transaction`). Signs follow Stripe: money in is positive (a captured charge, a
// dispute reinstated, a failed refund returned), money out is negative (a refund, a chargeback
// withdrawal); `fee` is always what Stripe takes (positive) and `net = amount - fee`.
// The emulator charges no processing fee on payments; a dispute costs the configurable dispute fee.
// Funds are available at once (`available_on = created`, `status: 'available'`); no payouts.
// Also the `/v1/balance_transactions` routes.
import type Stripe from 'stripe';
import { newId, nowSeconds, resourceMissing } from '../errors';
import { type ParamObject } from '../form';
import { type ListEnvelope, listPage } from '../lists';
import { allowOnly, optCurrency, optString } from '../params';
import { type ApiRoute, ID, LIST_PARAMS, listOf, type StripeStore } from './core';

export type BalanceTransactionKind =
  /** A captured charge (`charge`). */
  | 'charge'
  /** A refund leaving the balance (`refund`). */
  | 'refund'
  /** A failed refund coming back (`refund_failure`). */
  | 'refund_failure'
  /** Chargeback withdrawal plus dispute fee (`adjustment` / `dispute`). */
  | 'dispute'
  /** A won dispute's funds coming back (`adjustment` / `dispute_reversal`). */
  | 'dispute_reversal';

const TYPES: Record<BalanceTransactionKind, { type: Stripe.BalanceTransaction.Type; reporting_category: string }> = {
  charge: { type: 'charge', reporting_category: 'charge' },
  refund: { type: 'refund', reporting_category: 'refund' },
  refund_failure: { type: 'adjustment', reporting_category: 'refund_failure' },
  dispute: { type: 'adjustment', reporting_category: 'dispute' },
  dispute_reversal: { type: 'adjustment', reporting_category: 'dispute_reversal' },
};

export interface BalanceTransactionInit {
  kind: BalanceTransactionKind;
  /** Signed gross amount (negative when money leaves the balance). */
  amount: number;
  currency: string;
  /** The object that moved the money: `ch_…`, `re_…`, `dp_…`. */
  source: string;
  description: string | null;
  /** Stripe's fee (positive), with its description for `fee_details`. */
  fee?: { amount: number; description: string };
}

export function buildBalanceTransaction(init: BalanceTransactionInit): Stripe.BalanceTransaction {
  const created = nowSeconds();
  const fee = init.fee && init.fee.amount !== 0 ? init.fee : null;
  const { type, reporting_category } = TYPES[init.kind];
  return {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: init.amount,
    available_on: created,
    balance_type: 'payments',
    created,
    currency: init.currency,
    description: init.description,
    exchange_rate: null,
    fee: fee ? fee.amount : 0,
    fee_details: fee ? [{ amount: fee.amount, application: null, currency: init.currency, description: fee.description, type: 'stripe_fee' }] : [],
    net: init.amount - (fee ? fee.amount : 0),
    reporting_category,
    source: init.source,
    status: 'available',
    type,
  };
}

export function addBalanceTransaction(s: StripeStore, init: BalanceTransactionInit): Stripe.BalanceTransaction {
  const txn = buildBalanceTransaction(init);
  const rec = { obj: txn, seq: s.nextSeq(), createdMs: Date.now() };
  s.balanceTransactions.set(txn.id, rec);
  s.txnOrder.add(rec);
  s.txnsBySource.add(init.source, rec);
  return txn;
}

/** A charge's balance transaction, created when it is captured (for the captured amount). */
export function chargeBalanceTransaction(s: StripeStore, charge: Stripe.Charge): string {
  return addBalanceTransaction(s, { kind: 'charge', amount: charge.amount_captured, currency: charge.currency, source: charge.id, description: charge.description }).id;
}

export function retrieveBalanceTransaction(s: StripeStore, id: string, params: ParamObject): Stripe.BalanceTransaction {
  allowOnly(params, ['expand']);
  const rec = s.balanceTransactions.get(id);
  if (!rec) throw resourceMissing('balance transaction', id, 'id');
  return rec.obj;
}

export function listBalanceTransactions(s: StripeStore, params: ParamObject): ListEnvelope<Stripe.BalanceTransaction> {
  allowOnly(params, [...LIST_PARAMS, 'currency', 'payout', 'source', 'type']);
  const source = optString(params, 'source');
  const type = optString(params, 'type');
  const currency = optCurrency(params);
  const payout = optString(params, 'payout');
  return listPage(params, {
    ...listOf(source !== undefined ? s.txnsBySource.get(source) : s.txnOrder.items, s.balanceTransactions, '/v1/balance_transactions', 'balance transaction'),
    // No payouts in the emulator: nothing was paid out in any of them.
    keep: (r) => payout === undefined && (type === undefined || r.obj.type === type) && (currency === undefined || r.obj.currency === currency),
  });
}

export const balanceRoutes: ApiRoute[] = [
  { method: 'GET', pattern: /^\/v1\/balance_transactions$/, handler: ({ store, params }) => listBalanceTransactions(store, params) },
  { method: 'GET', pattern: new RegExp(`^/v1/balance_transactions/${ID}$`), handler: ({ store, params, match }) => retrieveBalanceTransaction(store, match[1], params) },
];
