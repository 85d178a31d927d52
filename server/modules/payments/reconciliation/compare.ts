// The comparison rules (docs/decisions/010-reconciliation.md lists them): each Stripe object that
// belongs to DotShop against its order, ledger transactions, refund or dispute row.
import type { Difference, DifferenceDetail, DifferenceKind, ObjectType } from './window';
import type { DisputeRow, LedgerSide, ledgerIndex, OrderMoney, OrderRow, RefundRow } from './ledger-side';
import type { SDispute, SPaymentIntent, SRefund, StripeWindow } from './stripe-window';

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
  // Stripe's fee on each of the dispute's balance transactions, against the ledger's fee postings.
  const bookedFees = ledger.disputeFees(dp.id);
  const stripeFee = [...dp.fees.values()].reduce((n, f) => n + f, 0);
  const ledgerFee = [...bookedFees.values()].reduce((n, f) => n + f, 0);
  const feesDiffer = [...dp.fees].some(([txn, fee]) => bookedFees.get(txn) !== fee) || [...bookedFees.keys()].some((txn) => !dp.fees.has(txn));
  if (feesDiffer) {
    const feeDetail = { ...dotshop, fees: ledgerFee };
    if (ledgerFee === 0 && stripeFee !== 0)
      return [{ kind: 'missing_in_ledger', ...base, detail: { message: `Stripe charged ${stripeFee} in dispute fees; the ledger has none.`, expected: `dispute fees ${stripeFee}`, actual: 'none', stripe: { ...stripe, fees: stripeFee }, dotshop: feeDetail } }];
    return [{ kind: 'amount_mismatch', ...base, detail: { message: `Dispute fees of ${stripeFee} at Stripe, ${ledgerFee} on the ledger.`, expected: `dispute fees ${stripeFee}`, actual: `dispute fees ${ledgerFee}`, stripe: { ...stripe, fees: stripeFee }, dotshop: feeDetail } }];
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

/** Compares every Stripe object of the window that belongs to DotShop with the ledger side. */
export function compareWindow(s: StripeWindow, side: LedgerSide): { differences: Difference[]; checked: number } {
  const { ordersById, ordersByPi, ledger, refundsById, refundsByStripeId, disputesById } = side;
  const differences: Difference[] = [];
  let checked = 0;
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
  return { differences, checked };
}
