// Reading runs (admin page, dashboard flag, gauge) and asking for one ("Run now": enqueued on
// payments.reconcile with its audit row in the same transaction).
import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client';
import { orders } from '../../../../db/commerce-schema';
import { reconciliationRuns } from '../../../../db/payments-schema';
import { countJobs } from '../../../platform/job-state';
import { setReconciliationDifferencesSource } from '../../../platform/metrics';
import type { Outbox } from '../../../platform/outbox';
import { queues } from '../../../platform/queues';
import { type AuditActor, writeAudit } from '../../admin';
import { DIFFERENCE_KINDS, type DifferenceDetail, type DifferenceKind, type ObjectType, type ReconciliationTrigger } from './window';

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
