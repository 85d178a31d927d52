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

/** pg-boss fetch options shared by workEach and workBatch: per-job results, refetch while full. */
function fetchOptions(batchSize: number, options: Omit<WorkEachOptions, 'concurrency'>) {
  return {
    batchSize,
    perJobResults: true as const,
    burstWhenBatchFull: batchSize > 1,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1,
    ...(options.notifyPollingIntervalSeconds ? { notifyPollingIntervalSeconds: options.notifyPollingIntervalSeconds } : {}),
  };
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
    fetchOptions(batchSize, options),
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

/**
 * Like workEach, but the handler takes the whole fetched batch at once (e.g. one statement for many
 * stock levels) and says per job whether it failed: a failed job retries alone, with the queue's
 * backoff, and the others complete.
 */
export async function workBatch<T extends object>(
  boss: PgBoss,
  queue: string,
  options: Omit<WorkEachOptions, 'concurrency'>,
  handler: (jobs: Job<T>[]) => Promise<Map<string, Error | null>>,
  onError?: (err: unknown, job: Job<T>) => void,
) {
  const batchSize = options.batchSize ?? 100;
  return boss.work<T>(
    queue,
    fetchOptions(batchSize, options),
    async (jobs): Promise<JobResult[]> => {
      let errors: Map<string, Error | null>;
      try {
        // One span for the batch, continuing the first job's trace (ADR 023).
        errors = await withJobSpan(queue, jobs[0], () => handler(jobs));
      } catch (err) {
        errors = new Map(jobs.map((j) => [j.id, err instanceof Error ? err : new Error(String(err))]));
      }
      return jobs.map((job) => {
        const err = errors.get(job.id);
        if (!err) return { id: job.id, status: 'completed' };
        onError?.(err, job);
        return { id: job.id, status: 'failed', output: failure(err) };
      });
    },
  );
}
