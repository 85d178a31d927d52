// /admin/jobs (issue 13 §7): every queue's counts and throughput, the failed (dead-lettered) jobs of
// every queue with their last error, and an owner's Retry / Discard — generalising the Shopify
// page's retry. The action is queued (the worker runs pg-boss's retry or delete) and audit-logged in
// the same transaction, after locking the failed job so two clicks cannot both act.
import type { Db } from '../../../db/client';
import { failedJobs, lockFailedJob, queueStateCounts, type QueueStateCounts } from '../../platform/job-state';
import type { Outbox } from '../../platform/outbox';
import { DEAD_LETTER_QUEUES, queues, type QueueName } from '../../platform/queues';
import { type AuditActor, writeAudit } from './audit';

/** Queues whose jobs do work (the dead-letter queues only hold copies). */
export const WORK_QUEUES = (Object.values(queues) as QueueName[]).filter((q) => !(DEAD_LETTER_QUEUES as readonly string[]).includes(q));

export type JobQueueRow = QueueStateCounts & { deadLettered: number };

export async function listJobQueues(db: Db): Promise<JobQueueRow[]> {
  const rows = await queueStateCounts(db);
  return rows.filter((r) => !(DEAD_LETTER_QUEUES as readonly string[]).includes(r.queue)).map((r) => ({ ...r, deadLettered: r.failed }));
}

export type FailedJobRow = { jobId: string; queue: string; orderId: string | null; retries: number; failedAt: Date | null; error: string | null };

export async function listFailedJobs(db: Db, limit = 100): Promise<FailedJobRow[]> {
  const jobs = await failedJobs(db, WORK_QUEUES, limit);
  return jobs.map((j) => ({
    jobId: j.id,
    queue: j.name,
    orderId: j.orderId,
    retries: j.retryCount,
    failedAt: j.completedOn,
    error: (j.output as { message?: string } | null)?.message ?? null,
  }));
}

export type FailedJobAction = 'retry' | 'discard';

/** Queues the retry or discard of a failed job (run by the worker) and audit-logs it, in one transaction. */
export async function requestFailedJobAction(
  deps: { db: Db; outbox: Outbox },
  jobId: string,
  action: FailedJobAction,
  actor: AuditActor,
): Promise<{ ok: true; queue: string } | { ok: false; message: string }> {
  return deps.db.transaction(async (tx) => {
    const job = await lockFailedJob(tx, jobId, WORK_QUEUES);
    if (!job) return { ok: false as const, message: 'That job is no longer failed (already retried or discarded, or gone).' };
    await deps.outbox.send(tx, queues.settleFailedJob, { action, queue: job.name, jobId });
    await writeAudit(tx as Db, { ...actor, action: `jobs.${action}_requested`, entityType: job.orderId ? 'order' : 'job', entityId: job.orderId ?? jobId, after: { queue: job.name, jobId } });
    return { ok: true as const, queue: job.name };
  });
}
