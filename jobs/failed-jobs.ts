// The worker side of /admin/jobs' Retry / Discard (queued by requestFailedJobAction, audit-logged
// there): pg-boss's retry or delete of the failed job, and the removal of its dead-letter copies.
import type { PgBoss } from 'pg-boss';
import type { Databases } from '../db/client';
import type { Logger } from '../server/platform/logger';
import { deadLetterCopies } from '../server/platform/job-state';
import { DEAD_LETTER_QUEUES, queues } from '../server/platform/queues';

export async function registerFailedJobActions(boss: PgBoss, deps: { db: Databases; logger: Logger }) {
  await boss.work<{ action: 'retry' | 'discard'; queue: string; jobId: string }>(queues.settleFailedJob, { pollingIntervalSeconds: 1 }, async ([job]) => {
    const { action, queue, jobId } = job.data;
    if (action === 'retry') await boss.retry(queue, jobId);
    else await boss.deleteJob(queue, jobId);
    for (const dl of DEAD_LETTER_QUEUES) {
      const copies = await deadLetterCopies(deps.db.primary, dl, jobId);
      if (copies.length) await boss.deleteJob(dl, copies);
    }
    deps.logger.info({ action, queue, jobId }, `failed job ${action === 'retry' ? 'retried' : 'discarded'} by an admin`);
  });
}
