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
import { eq, sql } from 'drizzle-orm';
import { reconciliationDifferences, reconciliationRuns } from '../../../../db/payments-schema';
import { reconciliationDifferencesGauge } from '../../../platform/metrics';
import { compareWindow } from './compare';
import { loadLedgerSide } from './ledger-side';
import { lookUpUnlisted } from './lookups';
import { listStripeWindow } from './stripe-window';
import { MAX_WINDOW_DAYS, type ReconciliationDeps, type ReconciliationOptions, type ReconciliationResult, ReconciliationWindowError } from './window';

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
  const side = await loadLedgerSide(db, s, windowStart, windowEnd);
  phases.ledger = lap();
  const looked = await lookUpUnlisted(stripe, s, side, opts.maxLookups ?? 200);
  phases.lookups = lap();
  const compared = compareWindow(s, side);
  phases.compare = lap();
  const differences = [...looked.differences, ...compared.differences];
  const checked = looked.checked + compared.checked;
  const stripeLookups = looked.stripeLookups;

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
