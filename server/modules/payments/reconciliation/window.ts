// Reconciliation's vocabulary: what a difference is, the options and result of a run, and the
// window rules (the hourly run's 48 hours, the 31-day limit). docs/decisions/010-reconciliation.md.
import type Stripe from 'stripe';
import type { Db } from '../../../../db/client';

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
