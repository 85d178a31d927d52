// BalanceTransactions: how each money movement hits the account balance, in the shape of Stripe's
// fixture (`balance_transaction`). Signs follow Stripe: money in is positive (a captured charge, a
// dispute reinstated, a failed refund returned), money out is negative (a refund, a chargeback
// withdrawal); `fee` is always what Stripe takes (positive) and `net = amount - fee`.
// The emulator charges no processing fee on payments; a dispute costs the configurable dispute fee.
// Funds are available at once (`available_on = created`, `status: 'available'`); no payouts.
import type Stripe from 'stripe';
import { newId, nowSeconds } from './errors';

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
