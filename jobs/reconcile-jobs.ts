// payments.reconcile: hourly (the last 48 h up to two minutes ago, so consecutive runs overlap and
// an in-flight payment is not a difference) and on demand from the admin's "Run now" (the window
// is in the job). The queue is `singleton`: one run at a time, others wait their turn.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import type { Logger } from '../server/platform/logger';
import { reconcilePayments, scheduledWindow, type ReconcileJobData } from '../server/modules/payments';
import type { Stripe } from '../server/integrations/stripe/client';
import { queues } from '../server/platform/queues';

export const RECONCILE_CRON = '23 * * * *';

export async function registerReconcileJobs(boss: PgBoss, deps: { db: Databases; logger: Logger; stripe: Stripe }) {
  await boss.schedule(queues.reconcilePayments, RECONCILE_CRON, { trigger: 'schedule' } satisfies ReconcileJobData);
  await boss.work<ReconcileJobData>(queues.reconcilePayments, async ([job]) => {
    await runReconcileJob({ db: deps.db.primary, stripe: deps.stripe, logger: deps.logger }, job.data);
  });
}

/** One job: the window it carries (admin), or the scheduled window computed now. */
export async function runReconcileJob(deps: { db: Databases['primary']; stripe: Stripe; logger: Logger }, data: ReconcileJobData) {
  const window = data.windowStart && data.windowEnd ? { windowStart: new Date(data.windowStart), windowEnd: new Date(data.windowEnd) } : scheduledWindow();
  const r = await reconcilePayments({ db: deps.db, stripe: deps.stripe }, { ...window, trigger: data.trigger === 'admin' ? 'admin' : 'schedule' });
  const summary = { runId: r.runId, trigger: data.trigger, requestedBy: data.requestedBy, checked: r.checked, differences: r.differences.length, durationMs: r.durationMs, stripeListCalls: r.stripeListCalls };
  if (r.differences.length) deps.logger.warn(summary, 'reconciliation found differences between Stripe and the ledger');
  else deps.logger.info(summary, 'reconciliation clean');
  return r;
}
