// One way to work an outbox queue at the rate work arrives. pg-boss's default `work(queue, fn)`
// fetches one job per 2 s poll (0.5 jobs/s per queue per process): any steady order rate above
// that grows the email / Stripe-event backlogs without bound (bench/README.md, finding 3).
// Here each poll fetches a batch, fetches again at once while batches come back full, runs up to
// `concurrency` jobs of the batch at a time, and settles each job on its own (one failure retries
// that job alone, with the queue's backoff).
import type { Job, JobResult, PgBoss } from 'pg-boss';
import { withJobSpan } from '../server/platform/tracing';

export type WorkEachOptions = {
  /** Jobs fetched per poll (default 20). */
  batchSize?: number;
  /** Jobs of a batch handled at once in this process (default 4; 1 = in order). */
  concurrency?: number;
  /** Poll interval when idle, seconds (≥ 0.5; default 1). */
  pollingIntervalSeconds?: number;
  /**
   * Backstop poll for a `notify` queue while the boss's LISTEN connection is up (jobs wake the
   * worker at commit; pg-boss's default is 30 s). Without LISTEN, `pollingIntervalSeconds` applies.
   */
  notifyPollingIntervalSeconds?: number;
};

function failure(err: unknown) {
  return { message: err instanceof Error ? err.message : String(err), name: err instanceof Error ? err.name : 'Error' };
}

/** Runs `fn` for up to `limit` items at once; resolves with one result per item, in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return results;
}

export async function workEach<T extends object>(
  boss: PgBoss,
  queue: string,
  options: WorkEachOptions,
  handler: (job: Job<T>) => Promise<void>,
  onError?: (err: unknown, job: Job<T>) => void,
) {
  const batchSize = options.batchSize ?? 20;
  return boss.work<T>(
    queue,
    {
      batchSize,
      perJobResults: true,
      burstWhenBatchFull: batchSize > 1,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
      ...(options.notifyPollingIntervalSeconds ? { notifyPollingIntervalSeconds: options.notifyPollingIntervalSeconds } : {}),
    },
    async (jobs) =>
      mapLimit(jobs, options.concurrency ?? 4, async (job): Promise<JobResult> => {
        try {
          // A span per job, continuing the enqueuer's trace from job.data.traceparent (ADR 023).
          await withJobSpan(queue, job, () => handler(job));
          return { id: job.id, status: 'completed' };
        } catch (err) {
          onError?.(err, job);
          return { id: job.id, status: 'failed', output: failure(err) };
        }
      }),
  );
}
