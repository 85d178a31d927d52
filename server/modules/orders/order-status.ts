// The order status machine: the one list of legal transitions. The database enforces the same
// list with a trigger (db/migrations/0002_order_rules.sql); a test keeps the two in step.
export const orderStatuses = ['pending_payment', 'authorized', 'payment_failed', 'cancelled', 'fulfilled', 'captured', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const legalTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['authorized', 'payment_failed', 'cancelled'],
  authorized: ['fulfilled', 'captured', 'cancelled'],
  fulfilled: ['captured'],
  captured: ['refunded'],
  payment_failed: [],
  cancelled: [],
  refunded: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`illegal order status transition ${from} → ${to}`);
  }
}

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return legalTransitions[from].includes(to);
}

export function assertTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

/** Shopper-facing words for each status. */
export const statusLabels: Record<OrderStatus, string> = {
  pending_payment: 'Awaiting payment',
  authorized: 'Confirmed',
  payment_failed: 'Payment failed',
  cancelled: 'Cancelled',
  fulfilled: 'Shipped',
  captured: 'Paid',
  refunded: 'Refunded',
};
